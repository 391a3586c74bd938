// Quantity of a prescription line in the item's smallest unit, with exact rational math:
// decimal strings become integer numerator/denominator pairs (BigInt), nothing is a float.
//   per time (smallest units) = dose [in doseUnit] / dose per smallest unit
//   administrations          = per day × days (st = 1; qw over 10 days = 2)
//   quantity                 = ceil(per time × administrations)
// Herbal pieces: quantity = ceil(dose per 剂 × number of 剂).
import { frequencyOf } from '../../../core/orders-vocabulary.js';

export interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL = /^(\d{1,7})(?:\.(\d{1,4}))?$/;

/** "0.25" → 25/100; null when it is not a plain non-negative decimal. */
export function parseDecimal(text: string): Rational | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

const mul = (a: Rational, b: Rational): Rational => ({ num: a.num * b.num, den: a.den * b.den });
const div = (a: Rational, b: Rational): Rational => ({ num: a.num * b.den, den: a.den * b.num });
export const ceilOf = (r: Rational): bigint => (r.num + r.den - 1n) / r.den;

// Unit families with factors to a base unit (μg, ml, U). Units outside these compare by name.
const UNITS: Record<string, { family: string; factor: bigint }> = {
  kg: { family: 'mass', factor: 1_000_000_000n },
  g: { family: 'mass', factor: 1_000_000n },
  mg: { family: 'mass', factor: 1_000n },
  ug: { family: 'mass', factor: 1n },
  μg: { family: 'mass', factor: 1n },
  mcg: { family: 'mass', factor: 1n },
  l: { family: 'volume', factor: 1_000n },
  ml: { family: 'volume', factor: 1n },
  u: { family: 'units', factor: 1n },
  iu: { family: 'units', factor: 1n },
  万u: { family: 'units', factor: 10_000n },
  万iu: { family: 'units', factor: 10_000n },
};

const unitKey = (u: string) => u.trim().toLowerCase().replace('µ', 'μ');

/** "0.25g" / "500 mg" / "10ml" → amount and unit; null when not of that shape. */
export function parseAmount(text: string): { amount: Rational; unit: string } | null {
  const m = /^\s*(\d{1,7}(?:\.\d{1,4})?)\s*([^\d\s./][^\d\s/]*)\s*$/.exec(text);
  if (!m) return null;
  const amount = parseDecimal(m[1]!);
  return amount && amount.num > 0n ? { amount, unit: m[2]! } : null;
}

export interface QuantityItem {
  unit: string;
  dosePerUnit: string | null;
}

export type QuantityResult =
  | { ok: true; quantity: number; perTime: Rational }
  | {
      ok: false;
      field: 'dose' | 'doseUnit' | 'frequency' | 'days' | 'quantity';
      reason: 'dose_invalid' | 'dose_unit' | 'frequency_needed' | 'days_needed' | 'quantity_needed' | 'too_large';
    };

/** The dose of one administration in smallest units of the item. */
export function perTimeUnits(
  dose: string,
  doseUnit: string | null,
  item: QuantityItem,
): Rational | 'dose_invalid' | 'dose_unit' {
  const d = parseDecimal(dose);
  if (!d || d.num === 0n) return 'dose_invalid';
  if (!doseUnit || unitKey(doseUnit) === unitKey(item.unit)) return d;
  const dpu = item.dosePerUnit ? parseAmount(item.dosePerUnit) : null;
  if (!dpu) return 'dose_unit';
  if (unitKey(dpu.unit) === unitKey(doseUnit)) return div(d, dpu.amount);
  const a = UNITS[unitKey(doseUnit)];
  const b = UNITS[unitKey(dpu.unit)];
  if (!a || !b || a.family !== b.family) return 'dose_unit';
  return div(mul(d, { num: a.factor, den: 1n }), mul(dpu.amount, { num: b.factor, den: 1n }));
}

/** Number of administrations over `days` at `frequency` (never a fraction). */
export function administrations(
  frequency: string,
  days: number | null,
): bigint | 'frequency_needed' | 'days_needed' | 'quantity_needed' {
  const f = frequencyOf(frequency);
  if (!f) return 'frequency_needed';
  if (f.code === 'st') return 1n;
  if (f.code === 'prn') return 'quantity_needed';
  if (!days) return 'days_needed';
  return ceilOf({ num: BigInt(f.perDay!.num) * BigInt(days), den: BigInt(f.perDay!.den) });
}

const MAX_QTY = 1_000_000n;

function done(q: bigint, perTime: Rational): QuantityResult {
  if (q > MAX_QTY) return { ok: false, field: 'quantity', reason: 'too_large' };
  return { ok: true, quantity: Number(q), perTime };
}

/** A Western / patent drug line: dose, frequency, days → smallest units, rounded up. */
export function drugQuantity(
  line: { dose: string | null; doseUnit: string | null; frequency: string | null; days: number | null },
  item: QuantityItem,
): QuantityResult {
  if (!line.dose) return { ok: false, field: 'dose', reason: 'dose_invalid' };
  const per = perTimeUnits(line.dose, line.doseUnit, item);
  if (per === 'dose_invalid') return { ok: false, field: 'dose', reason: per };
  if (per === 'dose_unit') return { ok: false, field: 'doseUnit', reason: per };
  if (!line.frequency) return { ok: false, field: 'frequency', reason: 'frequency_needed' };
  const n = administrations(line.frequency, line.days);
  if (n === 'frequency_needed') return { ok: false, field: 'frequency', reason: n };
  if (n === 'days_needed') return { ok: false, field: 'days', reason: n };
  if (n === 'quantity_needed') return { ok: false, field: 'quantity', reason: n };
  return done(ceilOf(mul(per, { num: n, den: 1n })), per);
}

/** A herbal piece: dose per 剂 × number of 剂. */
export function herbalQuantity(
  line: { dose: string | null; doseUnit: string | null },
  doses: number,
  item: QuantityItem,
): QuantityResult {
  if (!line.dose) return { ok: false, field: 'dose', reason: 'dose_invalid' };
  const per = perTimeUnits(line.dose, line.doseUnit, item);
  if (per === 'dose_invalid') return { ok: false, field: 'dose', reason: per };
  if (per === 'dose_unit') return { ok: false, field: 'doseUnit', reason: per };
  return done(ceilOf(mul(per, { num: BigInt(doses), den: 1n })), per);
}
