// Display helpers for the cashier: yuan from fen, clock times (the center's, client/src/time.ts),
// quantities in packs.
import { formatYuan, parseYuan } from '../../../../core/money.js';
import { monthDayTimeText, timeText } from '../../time.js';

export { formatYuan, parseYuan, timeText };

/** "1盒6粒" when it spans packs, else "15粒". */
export function qtyText(q: number, unit: string, packUnit: string, packSize: number): string {
  if (packSize <= 1 || q < packSize) return `${q}${unit}`;
  const packs = Math.floor(q / packSize);
  const units = q % packSize;
  return `${packs}${packUnit}${units ? `${units}${unit}` : ''}`;
}

/** The same idempotency key while the request body stays the same (a retry), a new one when it changes. */
export function keyFor(
  state: { body: string; key: string } | null,
  body: unknown,
  fresh: () => string,
): { body: string; key: string } {
  const json = JSON.stringify(body);
  return state && state.body === json ? state : { body: json, key: fresh() };
}

/** "11-26 09:05": month-day and time at the center, for bills of other days. */
export const dateTimeText = (at: number): string => monthDayTimeText(at);
