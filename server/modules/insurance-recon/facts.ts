// The counting rule of reconciliation and reports, as pure functions over "facts": a settlement
// made in the period counts +1 with its amounts on its own day; its reversal (2208) counts −1
// with the amounts negated on the reversal's day. A settlement and its reversal both inside the
// period net to zero, as the insurer counts them (CONTEXT.md "How we count").
import type { FundKind, FundTypeRow, InsutypeRow, Totals } from './schema.js';

/** One local settlement, as the repo reads it from insurance_settlements (+ its funds). */
export interface SettlementFact {
  id: number;
  billId: number | null;
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  insutype: string;
  clrType: string;
  clrOptins: string;
  /** The business day of the settlement (YYYY-MM-DD). */
  setlDay: string;
  /** The reversal (2208): its setl_id and business day, or null while the settlement stands. */
  cancelSetlId: string | null;
  cancelDay: string | null;
  medfeeSumamtFen: number;
  fundPaySumamtFen: number;
  acctPayFen: number;
  psnCashPayFen: number;
  /** 2207's fund fields, fen. */
  hifpPayFen: number;
  hifmiPayFen: number;
  hifobPayFen: number;
  mafPayFen: number;
  /** setldetail: fund_pay_type → fund_payamt, fen. */
  funds: Array<{ type: string; amountFen: number }>;
}

/** A settlement or a reversal inside the period, signed: the unit every total is a sum of. */
export interface SignedEntry {
  fact: SettlementFact;
  /** +1 for the settlement, −1 for its reversal. */
  sign: 1 | -1;
  /** The setl_id the insurer knows this entry by (the reversal's own setl_id for a reversal). */
  setlId: string;
  day: string;
}

export function entriesIn(facts: SettlementFact[], from: string, to: string): SignedEntry[] {
  const out: SignedEntry[] = [];
  for (const f of facts) {
    if (f.setlDay >= from && f.setlDay <= to) out.push({ fact: f, sign: 1, setlId: f.setlId, day: f.setlDay });
    if (f.cancelDay !== null && f.cancelDay >= from && f.cancelDay <= to)
      out.push({ fact: f, sign: -1, setlId: f.cancelSetlId ?? `${f.setlId}-R`, day: f.cancelDay });
  }
  return out;
}

export const emptyTotals = (): Totals => ({
  medfeeSumamtFen: 0,
  fundPaySumamtFen: 0,
  acctPayFen: 0,
  psnCashPayFen: 0,
  count: 0,
  settled: 0,
  reversed: 0,
});

export function addEntry(t: Totals, e: SignedEntry): void {
  t.medfeeSumamtFen += e.sign * e.fact.medfeeSumamtFen;
  t.fundPaySumamtFen += e.sign * e.fact.fundPaySumamtFen;
  t.acctPayFen += e.sign * e.fact.acctPayFen;
  t.psnCashPayFen += e.sign * e.fact.psnCashPayFen;
  t.count += e.sign;
  if (e.sign === 1) t.settled += 1;
  else t.reversed += 1;
}

export interface GroupKey {
  insutype: string;
  clrType: string;
  clrOptins: string;
}

export const groupKey = (g: GroupKey) => `${g.insutype}|${g.clrType}|${g.clrOptins}`;

/** The period's entries grouped by (insutype, clr_type, clr_optins), sorted by key. */
export function groupTotals(
  entries: SignedEntry[],
  /** Groups to list even without an entry of the HIS (e.g. of a 单边账 not applied here): zero totals. */
  alsoGroups: GroupKey[] = [],
): Array<GroupKey & { totals: Totals; entries: SignedEntry[] }> {
  const groups = new Map<string, GroupKey & { totals: Totals; entries: SignedEntry[] }>();
  for (const k of alsoGroups)
    groups.set(groupKey(k), {
      insutype: k.insutype,
      clrType: k.clrType,
      clrOptins: k.clrOptins,
      totals: emptyTotals(),
      entries: [],
    });
  for (const e of entries) {
    const key = groupKey(e.fact);
    let g = groups.get(key);
    if (!g) {
      g = {
        insutype: e.fact.insutype,
        clrType: e.fact.clrType,
        clrOptins: e.fact.clrOptins,
        totals: emptyTotals(),
        entries: [],
      };
      groups.set(key, g);
    }
    addEntry(g.totals, e);
    g.entries.push(e);
  }
  return [...groups.values()].sort((a, b) => (groupKey(a) < groupKey(b) ? -1 : 1));
}

/** Which kind of the report a fund_pay_type code (INSURANCE.md §4) belongs to. */
export function fundKindOf(type: string): FundKind {
  if (type === '310100' || type === '390100' || type === '510100') return 'pool';
  if (type === '390200' || type === '330100') return 'serious';
  if (type === '610100') return 'assistance';
  return 'otherFund';
}

const FUND_NAMES: Record<string, [string, string]> = {
  '310100': ['职工基本医疗保险统筹基金', 'Employees basic insurance pool'],
  '310200': ['职工基本医疗保险个人账户', 'Employees personal account'],
  '320100': ['公务员医疗补助', 'Civil servants subsidy'],
  '330100': ['职工大额医疗费用补助', 'Employees large-amount subsidy'],
  '390100': ['城乡居民基本医疗保险基金', 'Residents basic insurance fund'],
  '390200': ['城乡居民大病保险', 'Residents serious illness insurance'],
  '510100': ['生育保险基金', 'Maternity insurance fund'],
  '610100': ['医疗救助基金', 'Medical assistance fund'],
  '999997': ['其他基金', 'Other funds'],
  account: ['个人账户', 'Personal account'],
  cash: ['现金', 'Cash'],
};

export const fundName = (code: string, lang: 'zh' | 'en'): string => {
  const n = FUND_NAMES[code];
  return n ? (lang === 'en' ? n[1] : n[0]) : code;
};

const INSUTYPE_NAMES: Record<string, [string, string]> = {
  '310': ['职工基本医疗保险', 'Employees basic medical insurance'],
  '320': ['公务员医疗补助', 'Civil servants medical subsidy'],
  '330': ['大额医疗费用补助', 'Large-amount medical subsidy'],
  '340': ['离休人员医疗保障', 'Retired cadres'],
  '370': ['企业补充医疗保险', 'Enterprise supplementary insurance'],
  '380': ['新型农村合作医疗', 'New rural cooperative medical scheme'],
  '390': ['城乡居民基本医疗保险', 'Urban and rural residents basic medical insurance'],
  '392': ['城乡居民大病医疗保险', 'Residents serious illness insurance'],
  '510': ['生育保险', 'Maternity insurance'],
};

export const insutypeName = (code: string, lang: 'zh' | 'en'): string => {
  const n = INSUTYPE_NAMES[code];
  return n ? (lang === 'en' ? n[1] : n[0]) : code;
};

export const clrTypeName = (code: string, lang: 'zh' | 'en'): string => {
  const n: Record<string, [string, string]> = { '11': ['门诊', 'Outpatient'], '21': ['住院', 'Inpatient'] };
  const x = n[code];
  return x ? (lang === 'en' ? x[1] : x[0]) : code;
};

const zeroFunds = (): InsutypeRow['funds'] => ({
  pool: 0,
  serious: 0,
  assistance: 0,
  otherFund: 0,
  account: 0,
  cash: 0,
});

/** The fund parts of one settlement by kind: setldetail where given, else 2207's fund fields. */
function fundsOf(f: SettlementFact): InsutypeRow['funds'] {
  const x = zeroFunds();
  if (f.funds.length) for (const d of f.funds) x[fundKindOf(d.type)] += d.amountFen;
  else {
    x.pool = f.hifpPayFen;
    x.serious = f.hifmiPayFen + f.hifobPayFen;
    x.assistance = f.mafPayFen;
    x.otherFund = f.fundPaySumamtFen - f.hifpPayFen - f.hifmiPayFen - f.hifobPayFen - f.mafPayFen;
  }
  x.account = f.acctPayFen;
  x.cash = f.psnCashPayFen;
  return x;
}

type ReportRow = Omit<InsutypeRow, 'insutype' | 'insutypeName'>;

const emptyRow = (): ReportRow => ({
  settled: 0,
  reversed: 0,
  count: 0,
  medfeeSumamtFen: 0,
  fundPaySumamtFen: 0,
  funds: zeroFunds(),
});

function addToRow(r: ReportRow, e: SignedEntry): void {
  r.count += e.sign;
  if (e.sign === 1) r.settled += 1;
  else r.reversed += 1;
  r.medfeeSumamtFen += e.sign * e.fact.medfeeSumamtFen;
  r.fundPaySumamtFen += e.sign * e.fact.fundPaySumamtFen;
  const funds = fundsOf(e.fact);
  for (const k of Object.keys(funds) as FundKind[]) r.funds[k] += e.sign * funds[k];
}

/** The settlement report: per insutype, per fund type, and the totals. */
export function settlementReport(
  entries: SignedEntry[],
  lang: 'zh' | 'en',
): { byInsutype: InsutypeRow[]; byFund: FundTypeRow[]; totals: ReportRow } {
  const byInsutype = new Map<string, InsutypeRow>();
  const totals = emptyRow();
  const byFund = new Map<string, FundTypeRow>();
  const fund = (code: string, kind: FundKind, sign: 1 | -1, amountFen: number) => {
    if (amountFen === 0) return;
    let r = byFund.get(code);
    if (!r) {
      r = { code, name: fundName(code, lang), kind, count: 0, amountFen: 0 };
      byFund.set(code, r);
    }
    r.count += sign;
    r.amountFen += sign * amountFen;
  };
  for (const e of entries) {
    let row = byInsutype.get(e.fact.insutype);
    if (!row) {
      row = { insutype: e.fact.insutype, insutypeName: insutypeName(e.fact.insutype, lang), ...emptyRow() };
      byInsutype.set(e.fact.insutype, row);
    }
    addToRow(row, e);
    addToRow(totals, e);
    const f = e.fact;
    if (f.funds.length) for (const d of f.funds) fund(d.type, fundKindOf(d.type), e.sign, d.amountFen);
    else {
      const k = fundsOf(f);
      fund(f.insutype === '310' ? '310100' : '390100', 'pool', e.sign, k.pool);
      fund(f.insutype === '310' ? '330100' : '390200', 'serious', e.sign, k.serious);
      fund('610100', 'assistance', e.sign, k.assistance);
      fund('999997', 'otherFund', e.sign, k.otherFund);
    }
    fund('account', 'account', e.sign, f.acctPayFen);
    fund('cash', 'cash', e.sign, f.psnCashPayFen);
  }
  const order: Record<FundKind, number> = { pool: 0, serious: 1, assistance: 2, otherFund: 3, account: 4, cash: 5 };
  return {
    byInsutype: [...byInsutype.values()].sort((a, b) => (a.insutype < b.insutype ? -1 : 1)),
    byFund: [...byFund.values()].sort((a, b) => order[a.kind] - order[b.kind] || (a.code < b.code ? -1 : 1)),
    totals,
  };
}

/** One line of the 3202 detail, as the HIS has it or as the insurer answered. */
export interface DetailLine {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  medfeeSumamtFen: number;
  fundPaySumamtFen: number;
  acctPayFen: number;
  refdSetlFlag: string;
}

export function detailLines(entries: SignedEntry[]): DetailLine[] {
  return entries.map((e) => ({
    setlId: e.setlId,
    mdtrtId: e.fact.mdtrtId,
    psnNo: e.fact.psnNo,
    medfeeSumamtFen: e.sign * e.fact.medfeeSumamtFen,
    fundPaySumamtFen: e.sign * e.fact.fundPaySumamtFen,
    acctPayFen: e.sign * e.fact.acctPayFen,
    refdSetlFlag: e.sign === 1 ? '0' : '1',
  }));
}
