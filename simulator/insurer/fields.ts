// Reading the HIS's input as a real platform does: a missing required (Y) field or a field of the
// wrong type is refused with infcode -1 and a message naming the field. Money is yuan on the wire
// (≤ 2 decimals) and integer fen inside; ratios ≤ 4 decimals are basis points (1/10000) inside.

/** A refusal: becomes infcode -1 with this err_msg, and nothing is changed. */
export class WireError extends Error {}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `key` (e.g. input.data), refused when missing or not an object. */
export function obj(parent: Obj, key: string, path = key): Obj {
  const v = parent[key];
  if (!isObj(v)) throw new WireError(`缺少节点 ${path} 或其不是对象`);
  return v;
}

export function arr(parent: Obj, key: string, path = key): Obj[] {
  const v = parent[key];
  if (!Array.isArray(v)) throw new WireError(`缺少节点 ${path} 或其不是数组`);
  v.forEach((x, i) => {
    if (!isObj(x)) throw new WireError(`${path}[${i}] 不是对象`);
  });
  return v as Obj[];
}

/** A required string (numbers are accepted as their decimal text, as platforms do). */
export function str(o: Obj, key: string, path: string, maxLen = 200): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw new WireError(`必填字段 ${path}.${key} 为空`);
  if (typeof v !== 'string' && typeof v !== 'number') throw new WireError(`字段 ${path}.${key} 应为字符串`);
  const s = String(v);
  if (s.length > maxLen) throw new WireError(`字段 ${path}.${key} 超过最大长度 ${maxLen}`);
  return s;
}

export function optStr(o: Obj, key: string, path: string, maxLen = 200): string | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  return str(o, key, path, maxLen);
}

/** A required code from a fixed set. */
export function code<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const s = str(o, key, path, 10);
  if (!(allowed as readonly string[]).includes(s)) {
    throw new WireError(`字段 ${path}.${key} 的值 "${s}" 不在代码表中 (${allowed.join('/')})`);
  }
  return s as T;
}

export function flag(o: Obj, key: string, path: string): '0' | '1' {
  return code(o, key, path, ['0', '1'] as const);
}

function num(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw new WireError(`必填字段 ${path}.${key} 为空`);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new WireError(`字段 ${path}.${key} 应为数值`);
  return n;
}

/** A number with at most `decimals` decimals, as an integer scaled by 10^decimals. */
export function scaled(o: Obj, key: string, path: string, decimals: number): number {
  const n = num(o, key, path);
  const f = 10 ** decimals;
  const s = Math.round(n * f);
  if (Math.abs(n * f - s) > 1e-6 * Math.max(1, Math.abs(s))) {
    throw new WireError(`字段 ${path}.${key} 的小数位数超过 ${decimals} 位`);
  }
  if (!Number.isSafeInteger(s)) throw new WireError(`字段 ${path}.${key} 超出范围`);
  return s;
}

/** Money in yuan (≤ 2 decimals) → fen. */
export function fen(o: Obj, key: string, path: string): number {
  return scaled(o, key, path, 2);
}

export function optFen(o: Obj, key: string, path: string): number | null {
  const v = o[key];
  return v === undefined || v === null || v === '' ? null : fen(o, key, path);
}

export function int(o: Obj, key: string, path: string): number {
  return scaled(o, key, path, 0);
}

/** 'yyyy-MM-dd HH:mm:ss' */
export function time(o: Obj, key: string, path: string): string {
  const s = str(o, key, path, 19);
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s)) {
    throw new WireError(`字段 ${path}.${key} 应为 yyyy-MM-dd HH:mm:ss 格式的时间`);
  }
  return s;
}

/** 'yyyy-MM-dd' */
export function date(o: Obj, key: string, path: string): string {
  const s = str(o, key, path, 10);
  if (!/^\d{4}-\d\d-\d\d$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) {
    throw new WireError(`字段 ${path}.${key} 应为 yyyy-MM-dd 格式的日期`);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Integer arithmetic

/** round(a / b), half away from zero, for integers (b > 0). */
export function divHalfUp(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const q = (2n * abs + b) / (2n * b);
  return neg ? -q : q;
}

/** fen × ratio (basis points), half-up. */
export function mulBp(fenAmount: number, bp: number): number {
  return Number(divHalfUp(BigInt(fenAmount) * BigInt(bp), 10_000n));
}

/** Fen → yuan number for the wire (2268, 12.3). */
export function yuan(fenAmount: number): number {
  return Math.round(fenAmount) / 100;
}

/** Basis points → ratio number for the wire (0.9). */
export function ratio(bp: number): number {
  return bp / 10_000;
}

// ---------------------------------------------------------------------------------------------
// Times: the platform keeps China time (UTC+8, no daylight saving).

function china(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString();
}

/** 'yyyy-MM-dd HH:mm:ss' */
export function wireTime(d: Date): string {
  const s = china(d);
  return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}

/** 'yyyyMMddHHmmssSSS' */
export function stamp17(d: Date): string {
  return china(d)
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);
}
