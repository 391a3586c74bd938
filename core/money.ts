// Money is integer fen. Yuan appear only when shown or printed.

/** Amount of a line: quantity (smallest units) × pack price / pack size, rounded half-up once. */
export function lineAmountFen(quantity: number, packPriceFen: number, packSize: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0)
    throw new RangeError(`quantity must be a non-negative integer, got ${quantity}`);
  if (!Number.isSafeInteger(packPriceFen) || packPriceFen < 0)
    throw new RangeError(`packPriceFen must be a non-negative integer, got ${packPriceFen}`);
  if (!Number.isSafeInteger(packSize) || packSize < 1)
    throw new RangeError(`packSize must be a positive integer, got ${packSize}`);
  const num = quantity * packPriceFen;
  if (!Number.isSafeInteger(num * 2)) throw new RangeError('line amount too large');
  return Math.floor((2 * num + packSize) / (2 * packSize));
}

/** "12.30" from 1230 fen (no currency sign). */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses "12.3" / "12.30" / "12" yuan into fen; null when it is not a whole number of fen. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(-?)(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}
