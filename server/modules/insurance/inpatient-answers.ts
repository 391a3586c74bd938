// The insurer's answers to the inpatient transactions (INSURANCE.md §3: 2401 admission, 2301 fee
// upload, 2303/2304 settlement, 2305 cancellation; 5203 of a 2304/2305) checked field by field and
// turned into fen, for the inpatient settlement module (as insurance-settlement/answers.ts does for
// the outpatient ones). Pure functions: a missing or non-numeric field, an echo that does not match
// what was sent, a sign that is wrong for a settlement, a refund or a reversal, or sums that do not
// add up are refused with insurer_bad_answer naming the field, before anything is stored.
import { badAnswer, toFen } from './wire.js';

/** The money fields of an inpatient setlinfo (2303/2304/2305), in the order of the platform's spec. */
export const INPATIENT_MONEY = [
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
export type InpatientMoneyField = (typeof INPATIENT_MONEY)[number];
export type InpatientMoney = Record<`${InpatientMoneyField}_fen`, number>;

/** The fund parts whose sum is fund_pay_sumamt. */
const FUND_PARTS = ['hifp_pay', 'cvlserv_pay', 'hifes_pay', 'hifmi_pay', 'hifob_pay', 'maf_pay', 'oth_pay'] as const;

/** Money that may be missing (taken as 0): the rarer parts, which many provinces leave out. */
const OPTIONAL_MONEY = new Set<string>([
  'cvlserv_pay',
  'hifes_pay',
  'hifob_pay',
  'oth_pay',
  'hosp_part_amt',
  'acct_mulaid_pay',
]);

type Obj = Record<string, unknown>;

const yuan = (fen: number) => (fen / 100).toFixed(2);

function obj(v: unknown, field: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badAnswer(field, '缺失', 'is missing');
  return v as Obj;
}

function text(o: Obj, k: string, path: string, required = true): string {
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

function mismatch(field: string, a: number, b: number, what: string, whatEn: string): never {
  throw badAnswer(
    field,
    `与${what}不符(${yuan(a)} ≠ ${yuan(b)})`,
    `does not match ${whatEn} (${yuan(a)} ≠ ${yuan(b)})`,
  );
}

function notEcho(field: string, sent: string): never {
  throw badAnswer(field, `与发送的不符(${sent})`, `is not what was sent (${sent})`);
}

// ---------------------------------------------------------------------------------------------
// 2401 admission

/** 2401's output.result: the stay's mdtrt_id, with psn_no and ipt_no echoed. */
export function parseAdmission(output: unknown, sent: { psnNo: string; iptNo: string }): { mdtrtId: string } {
  const r = obj(obj(output, 'output').result, 'result');
  const mdtrtId = text(r, 'mdtrt_id', 'result');
  if (mdtrtId.length > 30) throw badAnswer('result.mdtrt_id', '超过30位', 'is longer than 30 characters');
  const psnNo = text(r, 'psn_no', 'result', false);
  if (psnNo && psnNo !== sent.psnNo) notEcho('result.psn_no', sent.psnNo);
  const iptNo = text(r, 'ipt_no', 'result', false);
  if (iptNo && iptNo !== sent.iptNo) notEcho('result.ipt_no', sent.iptNo);
  return { mdtrtId };
}

// ---------------------------------------------------------------------------------------------
// 2301 fee upload

export interface InpatientFeeAnswer {
  feedetlSn: string;
  /** the line a refund refunds (as sent), else null */
  initFeedetlSn: string | null;
  /** the line's amount as sent (negative on a refund) */
  amountFen: number;
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

/**
 * 2301's result[]: one per sent line (by feedetl_sn), its four parts adding up to the line's amount
 * and each of the amount's sign (a refund's parts are ≤ 0, a charge's ≥ 0); init_feedetl_sn, when
 * echoed, is the one sent.
 */
export function parseInpatientFeeResults(
  output: unknown,
  sent: ReadonlyMap<string, { amountFen: number; initFeedetlSn?: string | null }>,
): InpatientFeeAnswer[] {
  const out = obj(output, 'output');
  if (!Array.isArray(out.result)) throw badAnswer('result', '缺失', 'is missing');
  const seen = new Map<string, InpatientFeeAnswer>();
  out.result.forEach((raw, i) => {
    const p = `result[${i}]`;
    const r = obj(raw, p);
    const sn = text(r, 'feedetl_sn', p);
    const line = sent.get(sn);
    if (!line) throw badAnswer(`${p}.feedetl_sn`, `不是本次上传的明细(${sn})`, `is not a line sent (${sn})`);
    if (seen.has(sn)) throw badAnswer(`${p}.feedetl_sn`, `重复(${sn})`, `is repeated (${sn})`);
    const init = text(r, 'init_feedetl_sn', p, false);
    if (init && init !== (line.initFeedetlSn ?? '')) notEcho(`${p}.init_feedetl_sn`, line.initFeedetlSn ?? '');
    const a: InpatientFeeAnswer = {
      feedetlSn: sn,
      initFeedetlSn: line.initFeedetlSn ?? null,
      amountFen: line.amountFen,
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
    const parts: Array<[string, number]> = [
      ['fulamt_ownpay_amt', a.fulamtOwnpayFen],
      ['overlmt_amt', a.overlmtFen],
      ['preselfpay_amt', a.preselfpayFen],
      ['inscp_scp_amt', a.inscpScpFen],
    ];
    for (const [k, v] of parts) {
      if (line.amountFen < 0 ? v > 0 : v < 0) {
        throw badAnswer(
          `${p}.${k}`,
          line.amountFen < 0 ? '在退费明细中为正数' : '为负数',
          line.amountFen < 0 ? 'is positive on a refund line' : 'is negative',
        );
      }
    }
    const sum = parts.reduce((t, [, v]) => t + v, 0);
    if (sum !== line.amountFen) mismatch(`${p}.inscp_scp_amt`, sum, line.amountFen, '该明细金额', "the line's amount");
    seen.set(sn, a);
  });
  for (const sn of sent.keys())
    if (!seen.has(sn)) throw badAnswer('result', `缺少明细 ${sn} 的结果`, `lacks the result of line ${sn}`);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// 2303 / 2304 settlement, 2305 cancellation

export interface InpatientSettlement {
  money: InpatientMoney;
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
  /** '0' 出院结算, '1' 中途结算 (as echoed; the sent one when the answer leaves it out) */
  midSetlFlag: '0' | '1' | null;
  medinsSetlId: string | null;
  poolPropSelfpay: string | null;
  /** 2305's reversal: the settlement reversed */
  initSetlId: string | null;
  funds: Array<{
    fundPayType: string;
    fundPayamtFen: number;
    inscpScpAmtFen: number | null;
    crtPaybLmtAmtFen: number | null;
    setlProcInfo: string | null;
  }>;
}

export interface InpatientSettlementExpect {
  mdtrtId: string;
  psnNo: string;
  /** 2303/2304: the uploaded unsettled total sent as medfee_sumamt */
  medfeeFen?: number;
  /** 2303/2304: the mid_setl_flag sent */
  midSetlFlag?: '0' | '1';
  /** 2304 and 2305 need a setl_id; 2303's is '' */
  needSetlId: boolean;
}

/**
 * setlinfo + setldetail of 2303/2304 (and 5203 of a 2304), in fen, with the identities of
 * INSURANCE.md §3 checked: medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt +
 * inscp_scp_amt; fund_pay_sumamt = Σ fund parts = Σ setldetail.fund_payamt; psn_part_amt =
 * medfee_sumamt − fund_pay_sumamt = acct_pay + psn_cash_pay. A settlement's money is never negative;
 * clr_type, when given, is 21 (住院); mdtrt_id, psn_no, medfee_sumamt and mid_setl_flag are the ones sent.
 */
export function parseInpatientSettlement(output: unknown, expect: InpatientSettlementExpect): InpatientSettlement {
  const s = parseAny(output, expect);
  for (const f of INPATIENT_MONEY) {
    if (s.money[`${f}_fen`] < 0) throw badAnswer(`setlinfo.${f}`, '为负数', 'is negative');
  }
  for (const [i, d] of s.funds.entries()) {
    if (d.fundPayamtFen < 0) throw badAnswer(`setldetail[${i}].fund_payamt`, '为负数', 'is negative');
  }
  if (s.initSetlId) throw badAnswer('setlinfo.init_setl_id', '出现在结算中', 'is set on a settlement');
  return s;
}

/**
 * 2305's reversal (and 5203 of a 2305): its own setl_id, init_setl_id = the settlement cancelled,
 * every money field (but balc, the account after) the negative of the original's when `original`
 * (that settlement's parsed money) is given, else ≤ 0; the identities as for a settlement.
 */
export function parseInpatientReversal(
  output: unknown,
  expect: { mdtrtId: string; psnNo: string; setlId: string; original?: InpatientMoney },
): InpatientSettlement {
  const s = parseAny(output, { mdtrtId: expect.mdtrtId, psnNo: expect.psnNo, needSetlId: true });
  if (s.initSetlId !== expect.setlId) {
    throw badAnswer(
      'setlinfo.init_setl_id',
      `不是撤销的结算(${expect.setlId})`,
      `is not the settlement cancelled (${expect.setlId})`,
    );
  }
  if (s.setlId === expect.setlId) {
    throw badAnswer('setlinfo.setl_id', '与原结算相同', 'is the same as the cancelled one');
  }
  for (const f of INPATIENT_MONEY) {
    if (f === 'balc') continue;
    const v = s.money[`${f}_fen`];
    if (expect.original) {
      const want = -expect.original[`${f}_fen`];
      if (v !== want) mismatch(`setlinfo.${f}`, v, want, '原结算的相反数', 'the negative of the original');
    } else if (v > 0) {
      throw badAnswer(`setlinfo.${f}`, '在撤销结算中为正数', 'is positive on a reversal');
    }
  }
  return s;
}

function parseAny(output: unknown, expect: InpatientSettlementExpect): InpatientSettlement {
  const out = obj(output, 'output');
  const s = obj(out.setlinfo, 'setlinfo');
  const money = {} as InpatientMoney;
  for (const f of INPATIENT_MONEY) {
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
  if (mdtrtId !== expect.mdtrtId)
    throw badAnswer('setlinfo.mdtrt_id', `与本次住院(${expect.mdtrtId})不符`, `is not this stay's (${expect.mdtrtId})`);
  const psnNo = text(s, 'psn_no', 'setlinfo');
  if (psnNo !== expect.psnNo) throw badAnswer('setlinfo.psn_no', '与参保人不符', 'is not the insured person');
  if (expect.medfeeFen !== undefined && m.medfee_sumamt_fen !== expect.medfeeFen)
    mismatch('setlinfo.medfee_sumamt', m.medfee_sumamt_fen, expect.medfeeFen, '上传的费用合计', 'the uploaded total');
  const clrType = text(s, 'clr_type', 'setlinfo', false);
  if (clrType && clrType !== '21')
    throw badAnswer('setlinfo.clr_type', `不是住院(21)：${clrType}`, `is not 21: ${clrType}`);
  const mid = text(s, 'mid_setl_flag', 'setlinfo', false);
  if (mid && mid !== '0' && mid !== '1') throw badAnswer('setlinfo.mid_setl_flag', '不是0或1', 'is not 0 or 1');
  if (mid && expect.midSetlFlag !== undefined && mid !== expect.midSetlFlag)
    notEcho('setlinfo.mid_setl_flag', expect.midSetlFlag);
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
    clrType,
    clrWay: text(s, 'clr_way', 'setlinfo', false),
    clrOptins: text(s, 'clr_optins', 'setlinfo', false),
    midSetlFlag: ((mid || expect.midSetlFlag) ?? null) as '0' | '1' | null,
    medinsSetlId: text(s, 'medins_setl_id', 'setlinfo', false) || null,
    poolPropSelfpay: ratio(s.pool_prop_selfpay, 'setlinfo.pool_prop_selfpay'),
    initSetlId: text(s, 'init_setl_id', 'setlinfo', false) || null,
    funds: detail,
  };
}
