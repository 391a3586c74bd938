// The insurer's policy engine (INSURANCE.md §5). Parameters come from policy.json (yuan and ratios,
// readable) and are held here as integer fen and basis points; every product is rounded half-up
// once. Per settlement: (1) per line: over-cap part, 丙 全自费, 乙 先行自付, the rest 政策范围内
// (see lineSplit); (2) the deductible (起付线) still to pay; (3) the pool (统筹) at the level's
// ratio, within the yearly cap; (4) 大病 on the year's 合规自付 above the threshold, by segment;
// 大额 (职工) on what the basic cap left; (5) 医疗救助 for 特困/低保…; the account (职工), then cash.
import type { ChrgitmLv, FundPayType } from '../../core/insurance-wire.js';
import { divHalfUp, mulBp, WireError } from './fields.js';

export type FacilityLevel = 'township' | 'county' | 'tertiary';
export const FACILITY_LEVELS: readonly FacilityLevel[] = ['township', 'county', 'tertiary'];

interface PoolRuleFile {
  deductible: Record<FacilityLevel, number>;
  laterAdmissionFactor?: number;
  ratio: Record<FacilityLevel, number>;
  yearCap: number;
}
interface InsutypePolicyFile {
  fundPayType: string;
  account: boolean;
  inpatient: PoolRuleFile;
  outpatient: PoolRuleFile;
  serious?: {
    fundPayType: string;
    threshold: number;
    segments: Array<{ upTo: number | null; ratio: number }>;
    yearCap: number;
    poor: { idetTypes: string[]; thresholdFactor: number; ratioBonus: number; noCap: boolean };
  };
  large?: { fundPayType: string; ratio: number; yearCap: number };
  assistance?: { fundPayType: string; ratios: Record<string, number>; yearLimit: number };
}
export interface PolicyFile {
  name: string;
  defaultSelfpayProp: number;
  inpatientMedTypes: string[];
  seriousMedTypes: string[];
  insutypes: Record<string, InsutypePolicyFile>;
}

interface PoolRule {
  deductible: Record<FacilityLevel, number>;
  laterAdmissionBp: number;
  ratioBp: Record<FacilityLevel, number>;
  yearCap: number;
}
export interface InsutypePolicy {
  fundPayType: FundPayType;
  account: boolean;
  inpatient: PoolRule;
  outpatient: PoolRule;
  serious: {
    fundPayType: FundPayType;
    threshold: number;
    segments: Array<{ upTo: number | null; ratioBp: number }>;
    yearCap: number;
    poor: { idetTypes: string[]; thresholdBp: number; bonusBp: number; noCap: boolean };
  } | null;
  large: { fundPayType: FundPayType; ratioBp: number; yearCap: number } | null;
  assistance: { fundPayType: FundPayType; ratiosBp: Record<string, number>; yearLimit: number } | null;
}
export interface Policy {
  name: string;
  defaultSelfpayBp: number;
  inpatientMedTypes: string[];
  seriousMedTypes: string[];
  insutypes: Record<string, InsutypePolicy>;
}

// ---------------------------------------------------------------------------------------------
// Loading (a bad policy file stops the simulator with the field named)

function need(cond: boolean, what: string): void {
  if (!cond) throw new Error(`policy: ${what}`);
}
function yuanToFen(v: unknown, what: string): number {
  need(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${what} must be a non-negative number of yuan`);
  return Math.round((v as number) * 100);
}
function toBp(v: unknown, what: string): number {
  need(typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1, `${what} must be a ratio between 0 and 1`);
  return Math.round((v as number) * 10_000);
}
function perLevel(o: unknown, what: string, f: (v: unknown, w: string) => number): Record<FacilityLevel, number> {
  need(typeof o === 'object' && o !== null, `${what} must be an object by facility level`);
  const r = o as Record<string, unknown>;
  return {
    township: f(r.township, `${what}.township`),
    county: f(r.county, `${what}.county`),
    tertiary: f(r.tertiary, `${what}.tertiary`),
  };
}
function pool(p: PoolRuleFile, what: string): PoolRule {
  need(typeof p === 'object' && p !== null, `${what} is missing`);
  return {
    deductible: perLevel(p.deductible, `${what}.deductible`, yuanToFen),
    laterAdmissionBp: p.laterAdmissionFactor === undefined ? 10_000 : toBp(p.laterAdmissionFactor, `${what}.later`),
    ratioBp: perLevel(p.ratio, `${what}.ratio`, toBp),
    yearCap: yuanToFen(p.yearCap, `${what}.yearCap`),
  };
}

export function loadPolicy(file: PolicyFile): Policy {
  need(typeof file === 'object' && file !== null, 'the file must hold an object');
  need(Array.isArray(file.inpatientMedTypes), 'inpatientMedTypes must be a list');
  need(Array.isArray(file.seriousMedTypes), 'seriousMedTypes must be a list');
  const insutypes: Record<string, InsutypePolicy> = {};
  for (const [insutype, p] of Object.entries(file.insutypes ?? {})) {
    const w = `insutypes.${insutype}`;
    const s = p.serious;
    insutypes[insutype] = {
      fundPayType: p.fundPayType as FundPayType,
      account: p.account === true,
      inpatient: pool(p.inpatient, `${w}.inpatient`),
      outpatient: pool(p.outpatient, `${w}.outpatient`),
      serious: s
        ? {
            fundPayType: s.fundPayType as FundPayType,
            threshold: yuanToFen(s.threshold, `${w}.serious.threshold`),
            segments: s.segments.map((g, i) => ({
              upTo: g.upTo === null ? null : yuanToFen(g.upTo, `${w}.serious.segments[${i}].upTo`),
              ratioBp: toBp(g.ratio, `${w}.serious.segments[${i}].ratio`),
            })),
            yearCap: yuanToFen(s.yearCap, `${w}.serious.yearCap`),
            poor: {
              idetTypes: s.poor.idetTypes,
              thresholdBp: toBp(s.poor.thresholdFactor, `${w}.serious.poor.thresholdFactor`),
              bonusBp: toBp(s.poor.ratioBonus, `${w}.serious.poor.ratioBonus`),
              noCap: s.poor.noCap === true,
            },
          }
        : null,
      large: p.large
        ? {
            fundPayType: p.large.fundPayType as FundPayType,
            ratioBp: toBp(p.large.ratio, `${w}.large.ratio`),
            yearCap: yuanToFen(p.large.yearCap, `${w}.large.yearCap`),
          }
        : null,
      assistance: p.assistance
        ? {
            fundPayType: p.assistance.fundPayType as FundPayType,
            ratiosBp: Object.fromEntries(
              Object.entries(p.assistance.ratios).map(([k, v]) => [k, toBp(v, `${w}.assistance.ratios.${k}`)]),
            ),
            yearLimit: yuanToFen(p.assistance.yearLimit, `${w}.assistance.yearLimit`),
          }
        : null,
    };
  }
  return {
    name: String(file.name ?? ''),
    defaultSelfpayBp: toBp(file.defaultSelfpayProp, 'defaultSelfpayProp'),
    inpatientMedTypes: file.inpatientMedTypes,
    seriousMedTypes: file.seriousMedTypes,
    insutypes,
  };
}

// ---------------------------------------------------------------------------------------------
// (1) One fee line

export interface LineSplit {
  overlmt: number;
  fulamt: number;
  preselfpay: number;
  inscp: number;
  selfpayBp: number;
}

/**
 * The split of one line (fen): over the price cap = max(0, pric − cap)·cnt; 丙 (or an item the
 * doctor did not approve) all own pay; 乙 (amount − over)·selfpay_prop 先行自付; the rest 政策范围内.
 * priceMicro/capMicro in millionths of a yuan, cnt in ten-thousandths.
 */
export function lineSplit(a: {
  amount: number;
  priceMicro: number;
  cnt4: number;
  capMicro: number;
  lv: ChrgitmLv;
  selfpayBp: number;
  ownPay: boolean;
}): LineSplit {
  let overlmt = 0;
  if (a.capMicro > 0 && a.priceMicro > a.capMicro) {
    // micro-yuan × cnt/10^4 = 10^-10 yuan = 10^-8 fen
    overlmt = Number(divHalfUp(BigInt(a.priceMicro - a.capMicro) * BigInt(a.cnt4), 100_000_000n));
    overlmt = Math.min(overlmt, a.amount);
  }
  const rest = a.amount - overlmt;
  if (a.lv === '03' || a.ownPay) return { overlmt, fulamt: rest, preselfpay: 0, inscp: 0, selfpayBp: 10_000 };
  const bp = a.lv === '02' ? a.selfpayBp : 0;
  const preselfpay = mulBp(rest, bp);
  return { overlmt, fulamt: 0, preselfpay, inscp: rest - preselfpay, selfpayBp: bp };
}

// ---------------------------------------------------------------------------------------------
// (2)–(5) The settlement

/** What the person has used this year (fen), from the insurer's own settlements. */
export interface YearUse {
  /** deductible already paid in this admission (inpatient) */
  dedcThisAdmission: number;
  /** earlier inpatient admissions settled this year */
  earlierAdmissions: number;
  /** outpatient deductible paid this year */
  dedcOutpatient: number;
  hifpInpatient: number;
  hifpOutpatient: number;
  /** 合规自付 counted toward 大病 */
  compliant: number;
  hifmi: number;
  hifob: number;
  maf: number;
}

export interface SettleQuestion {
  level: FacilityLevel;
  insutype: string;
  medType: string;
  /** the batch's totals (fen) */
  medfee: number;
  fulamt: number;
  overlmt: number;
  preselfpay: number;
  inscp: number;
  idetTypes: string[];
  useAccount: boolean;
  balc: number;
  year: YearUse;
}

export interface FundPart {
  fund_pay_type: FundPayType;
  amount: number;
  inscp: number;
  /** ceiling left after this payment (0 when uncapped) */
  capLeft: number;
  info: string;
}

export interface SettleAnswer {
  inpatient: boolean;
  dedc: number;
  poolBp: number;
  hifp: number;
  hifmi: number;
  hifob: number;
  maf: number;
  fund: number;
  psnPart: number;
  acct: number;
  cash: number;
  balcAfter: number;
  /** 合规自付 this settlement adds to the year (大病) */
  compliant: number;
  parts: FundPart[];
}

const yuanText = (f: number) => (f / 100).toFixed(2);
const pct = (bp: number) => `${bp / 100}%`;

export function settle(policy: Policy, q: SettleQuestion): SettleAnswer {
  const p = policy.insutypes[q.insutype];
  if (!p) throw new WireError(`险种 ${q.insutype} 在本统筹区无结算政策`);
  const inpatient = policy.inpatientMedTypes.includes(q.medType);
  const rule = inpatient ? p.inpatient : p.outpatient;
  const parts: FundPart[] = [];

  // (2) deductible: per admission (later admissions × factor) or per year (outpatient)
  const dedcFull = inpatient
    ? q.year.earlierAdmissions > 0
      ? mulBp(rule.deductible[q.level], rule.laterAdmissionBp)
      : rule.deductible[q.level]
    : rule.deductible[q.level];
  const dedcLeft = Math.max(0, dedcFull - (inpatient ? q.year.dedcThisAdmission : q.year.dedcOutpatient));
  const dedc = Math.min(q.inscp, dedcLeft);

  // (3) the pool
  const base = q.inscp - dedc;
  const poolBp = rule.ratioBp[q.level];
  const full = mulBp(base, poolBp);
  const capLeft = Math.max(0, rule.yearCap - (inpatient ? q.year.hifpInpatient : q.year.hifpOutpatient));
  const hifp = Math.min(full, capLeft);
  parts.push({
    fund_pay_type: p.fundPayType,
    amount: hifp,
    inscp: q.inscp,
    capLeft: capLeft - hifp,
    info:
      `起付线${yuanText(dedc)}，(${yuanText(q.inscp)}−${yuanText(dedc)})×${pct(poolBp)}，` +
      `年度剩余${yuanText(capLeft)}`,
  });

  // (4) 大病 (居民) on the year's 合规自付; 大额 (职工) on what the basic cap left
  const seriousCase = policy.seriousMedTypes.includes(q.medType);
  const compliant = seriousCase ? q.inscp - hifp : 0;
  let hifmi = 0;
  if (p.serious && seriousCase && compliant > 0) {
    const s = p.serious;
    const poor = q.idetTypes.some((t) => s.poor.idetTypes.includes(t));
    const threshold = poor ? mulBp(s.threshold, s.poor.thresholdBp) : s.threshold;
    const e0 = Math.max(0, q.year.compliant - threshold);
    const e1 = Math.max(0, q.year.compliant + compliant - threshold);
    let lo = 0;
    for (const seg of s.segments) {
      const hi = seg.upTo ?? Number.MAX_SAFE_INTEGER;
      const overlap = Math.max(0, Math.min(e1, hi) - Math.max(e0, lo));
      hifmi += mulBp(overlap, seg.ratioBp + (poor ? s.poor.bonusBp : 0));
      lo = hi;
    }
    const uncapped = poor && s.poor.noCap;
    const left = Math.max(0, s.yearCap - q.year.hifmi);
    if (!uncapped) hifmi = Math.min(hifmi, left);
    if (hifmi > 0) {
      parts.push({
        fund_pay_type: s.fundPayType,
        amount: hifmi,
        inscp: compliant,
        capLeft: uncapped ? 0 : left - hifmi,
        info:
          `年度合规自付${yuanText(q.year.compliant + compliant)}，` +
          `起付${yuanText(threshold)}${poor ? '(困难群众)' : ''}`,
      });
    }
  }
  let hifob = 0;
  if (p.large && hifp < full && full > 0) {
    const overflowBase = Number(divHalfUp(BigInt(base) * BigInt(full - hifp), BigInt(full)));
    const left = Math.max(0, p.large.yearCap - q.year.hifob);
    hifob = Math.min(mulBp(overflowBase, p.large.ratioBp), left);
    if (hifob > 0) {
      parts.push({
        fund_pay_type: p.large.fundPayType,
        amount: hifob,
        inscp: overflowBase,
        capLeft: left - hifob,
        info: `超基本医疗封顶部分${yuanText(overflowBase)}×${pct(p.large.ratioBp)}`,
      });
    }
  }

  // (5) 医疗救助 on what remains of the 合规自付
  let maf = 0;
  if (p.assistance && seriousCase) {
    const a = p.assistance;
    const bp = Math.max(0, ...q.idetTypes.map((t) => a.ratiosBp[t] ?? 0));
    const remaining = Math.max(0, q.inscp - hifp - hifmi - hifob);
    if (bp > 0 && remaining > 0) {
      const left = Math.max(0, a.yearLimit - q.year.maf);
      maf = Math.min(mulBp(remaining, bp), left);
      if (maf > 0) {
        parts.push({
          fund_pay_type: a.fundPayType,
          amount: maf,
          inscp: remaining,
          capLeft: left - maf,
          info: `救助对象，剩余合规自付${yuanText(remaining)}×${pct(bp)}`,
        });
      }
    }
  }

  const fund = hifp + hifmi + hifob + maf;
  const psnPart = q.medfee - fund;
  const acct = p.account && q.useAccount ? Math.max(0, Math.min(q.balc, psnPart)) : 0;
  return {
    inpatient,
    dedc,
    poolBp,
    hifp,
    hifmi,
    hifob,
    maf,
    fund,
    psnPart,
    acct,
    cash: psnPart - acct,
    balcAfter: q.balc - acct,
    compliant,
    parts,
  };
}
