// Frequencies (用药频次) and routes (给药途径) a prescription line may use. Times per day
// are rationals (qw = 1/7) so quantity math stays exact.
export interface Frequency {
  code: string;
  zh: string;
  en: string;
  /** Administrations per day as num/den; null for st (once) and prn (as needed). */
  perDay: { num: number; den: number } | null;
}

export const FREQUENCIES: readonly Frequency[] = [
  { code: 'qd', zh: '每日一次', en: 'Once a day', perDay: { num: 1, den: 1 } },
  { code: 'bid', zh: '每日两次', en: 'Twice a day', perDay: { num: 2, den: 1 } },
  { code: 'tid', zh: '每日三次', en: 'Three times a day', perDay: { num: 3, den: 1 } },
  { code: 'qid', zh: '每日四次', en: 'Four times a day', perDay: { num: 4, den: 1 } },
  { code: 'q8h', zh: '每8小时一次', en: 'Every 8 hours', perDay: { num: 3, den: 1 } },
  { code: 'q12h', zh: '每12小时一次', en: 'Every 12 hours', perDay: { num: 2, den: 1 } },
  { code: 'qn', zh: '每晚一次', en: 'Every night', perDay: { num: 1, den: 1 } },
  { code: 'qw', zh: '每周一次', en: 'Once a week', perDay: { num: 1, den: 7 } },
  { code: 'st', zh: '立即(一次)', en: 'At once (one time)', perDay: null },
  { code: 'prn', zh: '必要时', en: 'As needed', perDay: null },
];

export interface Route {
  code: string;
  zh: string;
  en: string;
  injection: boolean;
}

export const ROUTES: readonly Route[] = [
  { code: 'po', zh: '口服', en: 'Oral', injection: false },
  { code: 'sl', zh: '舌下含服', en: 'Sublingual', injection: false },
  { code: 'iv', zh: '静脉注射', en: 'Intravenous', injection: true },
  { code: 'ivgtt', zh: '静脉滴注', en: 'IV drip', injection: true },
  { code: 'im', zh: '肌内注射', en: 'Intramuscular', injection: true },
  { code: 'ih', zh: '皮下注射', en: 'Subcutaneous', injection: true },
  { code: 'id', zh: '皮内注射', en: 'Intradermal', injection: true },
  { code: 'inh', zh: '吸入', en: 'Inhalation', injection: false },
  { code: 'topical', zh: '外用', en: 'Topical', injection: false },
  { code: 'oph', zh: '滴眼', en: 'Eye drops', injection: false },
  { code: 'nasal', zh: '滴鼻', en: 'Nasal', injection: false },
  { code: 'pr', zh: '直肠给药', en: 'Rectal', injection: false },
  { code: 'decoct', zh: '水煎服', en: 'Decocted, oral', injection: false },
];

export const FREQUENCY_CODES = FREQUENCIES.map((f) => f.code) as [string, ...string[]];
export const ROUTE_CODES = ROUTES.map((r) => r.code) as [string, ...string[]];

export const frequencyOf = (code: string) => FREQUENCIES.find((f) => f.code === code);
export const routeOf = (code: string) => ROUTES.find((r) => r.code === code);
