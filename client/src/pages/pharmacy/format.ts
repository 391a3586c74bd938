// Display helpers: quantities as packs + loose units, clock times (the center's,
// client/src/time.ts), the dosing line.
import { timeText } from '../../time.js';
import type { RxLine } from './types.js';

export { timeText };

/** "1盒6粒 (30粒)" when it spans packs, else "15粒". */
export function qtyText(q: number, unit: string, packUnit: string, packSize: number): string {
  if (packSize <= 1 || q < packSize) return `${q}${unit}`;
  const packs = Math.floor(q / packSize);
  const units = q % packSize;
  return `${packs}${packUnit}${units ? `${units}${unit}` : ''} (${q}${unit})`;
}

/** "0.5g tid po ×5天"-style: dose, frequency, route, days (missing parts left out). */
export function dosing(l: RxLine, daysLabel: (n: number) => string): string {
  return [
    l.dose ? `${l.dose}${l.doseUnit ?? ''}` : '',
    l.frequency ?? '',
    l.route ?? '',
    l.days ? daysLabel(l.days) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
