// Helpers shared by the layouts: reading the stored payloads defensively (they are JSON
// written by the modules; a missing field prints as blank rather than failing the job),
// money, times in the institution's time zone, vocabulary names.
import { wallParts } from '../../../core/calendar.js';
import { formatYuan } from '../../../core/money.js';
import { FREQUENCIES, ROUTES } from '../../../core/orders-vocabulary.js';
import type { Paper } from '../doc.js';

export interface LayoutContext {
  paper: Paper;
  /** The institution's name (settings) for headers when the payload has none. */
  institution: string;
  timeZone: string;
  /** Printed on a job's reprint after an interrupted attempt (see README "Printers"). */
  notice?: string;
}

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const yuan = (v: unknown): string => {
  const n = num(v);
  return n === null || !Number.isSafeInteger(n) ? '' : formatYuan(n);
};

export function dateTime(ms: unknown, timeZone: string): string {
  const n = num(ms);
  if (n === null) return '';
  // core/calendar keeps one formatter per zone (building one per print cost more than the layout).
  const p = wallParts(n, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export const frequencyName = (code: unknown) => FREQUENCIES.find((f) => f.code === code)?.zh ?? str(code);
export const routeName = (code: unknown) => ROUTES.find((r) => r.code === code)?.zh ?? str(code);

const METHODS: Record<string, string> = {
  cash: '现金',
  bank_card: '银行卡',
  wechat: '微信',
  alipay: '支付宝',
  insurance_fund: '医保统筹',
  insurance_account: '医保个人账户',
};
export const methodName = (m: unknown) => METHODS[str(m)] ?? str(m);

export const sexName = (s: unknown) => (s === 'M' ? '男' : s === 'F' ? '女' : str(s));

/** "0.5 g" style dose text. */
export function doseText(dose: unknown, unit: unknown): string {
  const d = str(dose);
  return d ? `${d}${str(unit)}` : '';
}
