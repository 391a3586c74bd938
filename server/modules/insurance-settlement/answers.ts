// The insurer's answers to 2204 (per-line result), 2206/2207/2208/5203 (setlinfo + setldetail)
// checked field by field and turned into fen. Pure functions: a missing or non-numeric field, an
// echo that does not match what was sent, or sums that do not add up (INSURANCE.md §3, 2207) are
// refused with insurer_bad_answer naming the field, before anything is stored.
import { badAnswer, toFen } from '../insurance/index.js';

export const SETTLEMENT_MONEY = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
  'balc',
  'acct_mulaid_pay',
] as const;
export type SettlementMoneyField = (typeof SETTLEMENT_MONEY)[number];

/** The fund parts whose sum is fund_pay_sumamt. */
export const FUND_PARTS = [
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
] as const;

/** Money that may be missing in an answer (taken as 0): the rarer parts, which many provinces leave out. */
const OPTIONAL_MONEY = new Set<string>([
  'cvlserv_pay',
  'hifes_pay',
  'hifob_pay',
  'oth_pay',
  'hosp_part_amt',
  'acct_mulaid_pay',
]);

export type Money = Record<`${SettlementMoneyField}_fen`, number>;

export interface ParsedSettlement {
  money: Money;
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  psnName: string;
  insutype: string;
  medType: string;
  setlTime: string;
  clrType: string;
  clrWay: string;
  clrOptins: string;
  medinsSetlId: string | null;
  poolPropSelfpay: string | null;
  /** 2208's reversal and 5203: the settlement reversed. */
  initSetlId: string | null;
  funds: Array<{
    fundPayType: string;
    fundPayamtFen: number;
    inscpScpAmtFen: number | null;
    crtPaybLmtAmtFen: number | null;
    setlProcInfo: string | null;
  }>;
}

const obj = (v: unknown, field: string): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badAnswer(field, '缺失', 'is missing');
  return v as Record<string, unknown>;
};

function text(o: Record<string, unknown>, k: string, path: string, required = true): string {
  const v = o[k];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (!required && (v === undefined || v === null || v === '')) return '';
  throw badAnswer(`${path}.${k}`, '缺失', 'is missing');
}

function ratio(v: unknown, field: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d{1,3}(\.\d{1,6})?$/.test(s)) throw badAnswer(field, '不是比例', 'is not a ratio');
  return s;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

function mismatch(field: string, a: number, b: number, what: string, whatEn: string): never {
  throw badAnswer(
    field,
    `与${what}不符(${yuan(a)} ≠ ${yuan(b)})`,
    `does not match ${whatEn} (${yuan(a)} ≠ ${yuan(b)})`,
  );
}

/**
 * setlinfo + setldetail of 2206/2207/2208/5203, in fen, with the identities checked:
 * medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt;
 * fund_pay_sumamt = Σ fund parts = Σ setldetail.fund_payamt; psn_part_amt = medfee_sumamt −
 * fund_pay_sumamt = acct_pay + psn_cash_pay. `expect` are the echoes that must match what was sent.
 */
export function parseSettlement(
  output: unknown,
  expect: { mdtrtId?: string; psnNo?: string; medfeeFen?: number; needSetlId: boolean },
): ParsedSettlement {
  const out = obj(output, 'output');
  const s = obj(out.setlinfo, 'setlinfo');
  const money = {} as Money;
  for (const f of SETTLEMENT_MONEY) {
    const v = s[f];
    money[`${f}_fen`] = OPTIONAL_MONEY.has(f) && (v === undefined || v === null) ? 0 : toFen(v, `setlinfo.${f}`);
  }
  const m = money;
  const parts = m.fulamt_ownpay_amt_fen + m.overlmt_selfpay_fen + m.preselfpay_amt_fen + m.inscp_scp_amt_fen;
  if (parts !== m.medfee_sumamt_fen)
    mismatch(
      'setlinfo.medfee_sumamt',
      m.medfee_sumamt_fen,
      parts,
      '全自费+超限价+先行自付+政策范围内',
      'the sum of its parts',
    );
  const funds = FUND_PARTS.reduce((sum, f) => sum + m[`${f}_fen`], 0);
  if (funds !== m.fund_pay_sumamt_fen)
    mismatch('setlinfo.fund_pay_sumamt', m.fund_pay_sumamt_fen, funds, '各基金支付之和', 'the sum of the fund parts');
  if (m.psn_part_amt_fen !== m.medfee_sumamt_fen - m.fund_pay_sumamt_fen)
    mismatch(
      'setlinfo.psn_part_amt',
      m.psn_part_amt_fen,
      m.medfee_sumamt_fen - m.fund_pay_sumamt_fen,
      '总费用−基金支付',
      'the total less the fund part',
    );
  if (m.psn_part_amt_fen !== m.acct_pay_fen + m.psn_cash_pay_fen)
    mismatch(
      'setlinfo.psn_cash_pay',
      m.psn_part_amt_fen,
      m.acct_pay_fen + m.psn_cash_pay_fen,
      '个人账户+现金',
      'the account part plus cash',
    );
  if (!Array.isArray(out.setldetail)) throw badAnswer('setldetail', '缺失', 'is missing');
  const detail = out.setldetail.map((raw, i) => {
    const p = `setldetail[${i}]`;
    const d = obj(raw, p);
    const type = text(d, 'fund_pay_type', p);
    if (!/^\d{6}$/.test(type)) throw badAnswer(`${p}.fund_pay_type`, '不是6位代码', 'is not a 6-digit code');
    const opt = (k: string) => (d[k] === undefined || d[k] === null || d[k] === '' ? null : toFen(d[k], `${p}.${k}`));
    return {
      fundPayType: type,
      fundPayamtFen: toFen(d.fund_payamt, `${p}.fund_payamt`),
      inscpScpAmtFen: opt('inscp_scp_amt'),
      crtPaybLmtAmtFen: opt('crt_payb_lmt_amt'),
      setlProcInfo: typeof d.setl_proc_info === 'string' ? d.setl_proc_info.slice(0, 500) : null,
    };
  });
  const detailSum = detail.reduce((sum, d) => sum + d.fundPayamtFen, 0);
  if (detailSum !== m.fund_pay_sumamt_fen)
    mismatch('setldetail', detailSum, m.fund_pay_sumamt_fen, '基金支付总额', 'fund_pay_sumamt');
  if (new Set(detail.map((d) => d.fundPayType)).size !== detail.length)
    throw badAnswer('setldetail', '基金类型重复', 'repeats a fund type');
  const mdtrtId = text(s, 'mdtrt_id', 'setlinfo');
  const psnNo = text(s, 'psn_no', 'setlinfo');
  if (expect.mdtrtId !== undefined && mdtrtId !== expect.mdtrtId)
    throw badAnswer(
      'setlinfo.mdtrt_id',
      `与本次就诊(${expect.mdtrtId})不符`,
      `is not this visit's (${expect.mdtrtId})`,
    );
  if (expect.psnNo !== undefined && psnNo !== expect.psnNo)
    throw badAnswer('setlinfo.psn_no', '与参保人不符', 'is not the insured person');
  if (expect.medfeeFen !== undefined && m.medfee_sumamt_fen !== expect.medfeeFen)
    mismatch('setlinfo.medfee_sumamt', m.medfee_sumamt_fen, expect.medfeeFen, '上传的费用合计', 'the uploaded total');
  const setlId = text(s, 'setl_id', 'setlinfo', expect.needSetlId);
  return {
    money,
    setlId,
    mdtrtId,
    psnNo,
    psnName: text(s, 'psn_name', 'setlinfo', false),
    insutype: text(s, 'insutype', 'setlinfo', false),
    medType: text(s, 'med_type', 'setlinfo', false),
    setlTime: text(s, 'setl_time', 'setlinfo', false),
    clrType: text(s, 'clr_type', 'setlinfo', false),
    clrWay: text(s, 'clr_way', 'setlinfo', false),
    clrOptins: text(s, 'clr_optins', 'setlinfo', false),
    medinsSetlId: text(s, 'medins_setl_id', 'setlinfo', false) || null,
    poolPropSelfpay: ratio(s.pool_prop_selfpay, 'setlinfo.pool_prop_selfpay'),
    initSetlId: text(s, 'init_setl_id', 'setlinfo', false) || null,
    funds: detail,
  };
}

export interface FeeAnswer {
  feedetlSn: string;
  fulamtOwnpayFen: number;
  overlmtFen: number;
  preselfpayFen: number;
  inscpScpFen: number;
  pricUplmtFen: number | null;
  selfpayProp: string | null;
  chrgitmLv: string | null;
  medChrgitmType: string | null;
  lmtUsedFlag: string | null;
  memo: string | null;
}

/** 2204's result[]: one per sent line (by feedetl_sn), its parts adding up to the line's amount. */
export function parseFeeResults(output: unknown, sent: ReadonlyMap<string, { amountFen: number }>): FeeAnswer[] {
  const out = obj(output, 'output');
  if (!Array.isArray(out.result)) throw badAnswer('result', '缺失', 'is missing');
  const seen = new Map<string, FeeAnswer>();
  out.result.forEach((raw, i) => {
    const p = `result[${i}]`;
    const r = obj(raw, p);
    const sn = text(r, 'feedetl_sn', p);
    const line = sent.get(sn);
    if (!line) throw badAnswer(`${p}.feedetl_sn`, `不是本次上传的明细(${sn})`, `is not a line sent (${sn})`);
    if (seen.has(sn)) throw badAnswer(`${p}.feedetl_sn`, `重复(${sn})`, `is repeated (${sn})`);
    const a: FeeAnswer = {
      feedetlSn: sn,
      fulamtOwnpayFen: toFen(r.fulamt_ownpay_amt, `${p}.fulamt_ownpay_amt`),
      overlmtFen: toFen(r.overlmt_amt, `${p}.overlmt_amt`),
      preselfpayFen: toFen(r.preselfpay_amt, `${p}.preselfpay_amt`),
      inscpScpFen: toFen(r.inscp_scp_amt, `${p}.inscp_scp_amt`),
      pricUplmtFen:
        r.pric_uplmt_amt === undefined || r.pric_uplmt_amt === null || r.pric_uplmt_amt === ''
          ? null
          : toFen(r.pric_uplmt_amt, `${p}.pric_uplmt_amt`),
      selfpayProp: ratio(r.selfpay_prop, `${p}.selfpay_prop`),
      chrgitmLv: text(r, 'chrgitm_lv', p, false) || null,
      medChrgitmType: text(r, 'med_chrgitm_type', p, false) || null,
      lmtUsedFlag: text(r, 'lmt_used_flag', p, false) || null,
      memo: typeof r.memo === 'string' && r.memo ? r.memo.slice(0, 500) : null,
    };
    const sum = a.fulamtOwnpayFen + a.overlmtFen + a.preselfpayFen + a.inscpScpFen;
    if (sum !== line.amountFen) mismatch(`${p}.inscp_scp_amt`, sum, line.amountFen, '该明细金额', "the line's amount");
    seen.set(sn, a);
  });
  for (const sn of sent.keys())
    if (!seen.has(sn)) throw badAnswer('result', `缺少明细 ${sn} 的结果`, `lacks the result of line ${sn}`);
  return [...seen.values()];
}

/** cnt and pric as sent: the local quantity (smallest units) and the price of one unit in yuan (≤ 6 decimals). */
export function cntPric(quantity: number, unitPriceFen: number, packSize: number): { cnt: string; pric: string } {
  // price per smallest unit in micro-yuan (1e-6), half-up: unitPriceFen × 10000 / packSize
  const num = unitPriceFen * 10000;
  const micro = Math.floor((2 * num + packSize) / (2 * packSize));
  const whole = Math.floor(micro / 1_000_000);
  const frac = String(micro % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return { cnt: String(quantity), pric: frac ? `${whole}.${frac}` : String(whole) };
}
