// Display and input helpers of the store station: yuan, quantities in packs + units, times
// (the center's, client/src/time.ts).
import { formatYuan, lineAmountFen, parseYuan } from '../../../../core/money.js';
import { centerToday, dateTimeText } from '../../time.js';

export { dateTimeText, formatYuan, lineAmountFen, parseYuan };

/** "2盒4粒" when it spans packs (with the total in units), else "4粒". */
export function qtyText(q: number, unit: string, packUnit: string, packSize: number): string {
  const sign = q < 0 ? '-' : '';
  const a = Math.abs(q);
  if (packSize <= 1 || a < packSize) return `${sign}${a}${unit}`;
  const packs = Math.floor(a / packSize);
  const units = a % packSize;
  return `${sign}${packs}${packUnit}${units ? `${units}${unit}` : ''} (${sign}${a}${unit})`;
}

/** Today at the center ("2026-12-07"), not in the browser's zone. */
export function todayText(): string {
  return centerToday();
}

/** A whole non-negative number typed in a field, or null. */
export function parseCount(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,9}$/.test(s)) return null;
  return Number(s);
}

/** True when the text is a price with more than two decimals (fractions of a fen). */
export function hasFractionOfFen(text: string): boolean {
  return /^\s*\d+\.\d{3,}\s*$/.test(text);
}
