// The platform's transactions, one handler per infno (fields and rules: INSURANCE.md §3 and
// core/insurance-wire.ts). A handler validates its input like a real platform (a missing Y field
// or a bad type → WireError naming the field), then reads or writes the store; the server runs it
// inside one SQLite transaction, so a refusal changes nothing.
import {
  ADM_COND,
  type ChrgitmLv,
  DIAG_TYPE,
  DSCG_WAY,
  FUND_PAY_TYPE,
  type FeeResult2204,
  type FeeResult2301,
  type FileCatalogInfno,
  type InfNo,
  INSUTYPE,
  LIST_TYPE,
  type ListType,
  MDTRT_CERT_TYPE,
  MED_TYPE,
  type MdtrtCertType,
  type Out2304,
  PSN_SETLWAY,
  RECON_3202_RESULT_COLUMNS,
  RECON_3202_UPLOAD_COLUMNS,
  type Setldetail,
  type Setlinfo,
} from '../../core/insurance-wire.js';
import { moreCatalogHandlers } from './catalog-handlers.js';
import { catalogFile, DISEASES, ITEMS, LATEST_VERSION, list1312 } from './catalogs.js';
import {
  arr,
  code,
  date,
  divHalfUp,
  fen,
  flag,
  int,
  type Obj,
  obj,
  optFen,
  optStr,
  ratio,
  scaled,
  str,
  time,
  WireError,
  wireTime,
  yuan,
} from './fields.js';
import { ageOn, type InsuredPerson } from './persons.js';
import { type FacilityLevel, lineSplit, type Policy, type SettleAnswer, settle } from './policy.js';
import type { FeeLineRow, SettlementRow, StayRow, Store, VisitRow } from './store.js';
import { readZipText, zipText } from './zip.js';

/** The envelope fields a handler may need. */
export interface Envelope {
  infno: InfNo;
  msgid: string;
  fixmedins_code: string;
  fixmedins_name: string;
  opter: string;
  opter_name: string;
  sign_no: string;
}

export interface Ctx {
  store: Store;
  policy: Policy;
  level: FacilityLevel;
  /** the platform's area (就医地, clr_optins) */
  admdvs: string;
  now: Date;
  env: Envelope;
}

/** A handler's answer: the output object, or raw bytes (9102). */
export type HandlerResult = { output: unknown } | { raw: Buffer; filename: string };
type Handler = (ctx: Ctx, input: Obj) => HandlerResult;

const out = (output: unknown): HandlerResult => ({ output });
const keys = <T extends string>(o: Record<T, unknown>) => Object.keys(o) as T[];
const INSUTYPES = keys(INSUTYPE);
const MED_TYPES = keys(MED_TYPE);
const CERT_TYPES = keys(MDTRT_CERT_TYPE);
const SETLWAYS = keys(PSN_SETLWAY);
const LIST_TYPES = keys(LIST_TYPE);

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}
function ymd(ctx: Ctx): string {
  return wireTime(ctx.now).slice(0, 10).replace(/-/g, '');
}
function today(ctx: Ctx): string {
  return wireTime(ctx.now).slice(0, 10);
}
function newId(ctx: Ctx, kind: 'mdtrt' | 'setl' | 'sign' | 'file'): string {
  const tag = { mdtrt: '01', setl: '02', sign: '03', file: '04' }[kind];
  return `${ctx.admdvs}${tag}${ymd(ctx)}${pad(ctx.store.next(kind), 8)}`;
}

// ---------------------------------------------------------------------------------------------
// Persons

function person(ctx: Ctx, psnNo: string, field = 'psn_no'): InsuredPerson {
  const row = ctx.store.get<{ json: string }>('SELECT json FROM persons WHERE psn_no = ?', psnNo);
  if (!row) throw new WireError(`人员信息不存在 (${field} ${psnNo})`);
  return JSON.parse(row.json) as InsuredPerson;
}

function insurance(ctx: Ctx, p: InsuredPerson, insutype: string) {
  const insu = p.insuinfo.find((i) => i.insutype === insutype);
  if (!insu) throw new WireError(`人员 ${p.psn_no} 未参加险种 ${insutype}`);
  if (insu.psn_insu_stas !== '1') {
    throw new WireError(`人员 ${p.psn_no} 险种 ${insutype} 参保状态为暂停或终止参保，不能享受医保待遇`);
  }
  const balc = Math.round(insu.balc * 100) - ctx.store.accountSpent(p.psn_no, insutype);
  return { insu, balc };
}

function h1101(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const type = code(d, 'mdtrt_cert_type', 'data', CERT_TYPES);
  const no = str(d, 'mdtrt_cert_no', 'data', 600);
  const cardSn = type === '03' ? str(d, 'card_sn', 'data', 50) : null;
  const column = { '01': 'ecert_code', '02': 'certno', '03': 'card_no' }[type];
  const row = ctx.store.get<{ json: string }>(
    `SELECT json FROM persons WHERE ${column} = ?`,
    type === '02' ? no.toUpperCase() : no,
  );
  if (!row) throw new WireError('人员信息不存在');
  const p = JSON.parse(row.json) as InsuredPerson;
  // the card's 卡识别码 must be this card's (a copied card number alone does not find anyone)
  if (cardSn !== null && cardSn.toUpperCase() !== p.card_sn.toUpperCase()) {
    throw new WireError('卡识别码 data.card_sn 与社会保障卡不符，请重新读卡');
  }
  const certno = optStr(d, 'certno', 'data', 50);
  if (certno && certno.toUpperCase() !== p.certno) throw new WireError('data.certno 与就诊凭证不符');
  return out({
    baseinfo: {
      psn_no: p.psn_no,
      psn_cert_type: p.psn_cert_type,
      certno: p.certno,
      psn_name: p.psn_name,
      gend: p.gend,
      naty: p.naty,
      brdy: p.brdy,
      age: ageOn(p.brdy, today(ctx)),
    },
    insuinfo: p.insuinfo.map((i) => ({
      balc: yuan(Math.round(i.balc * 100) - ctx.store.accountSpent(p.psn_no, i.insutype)),
      insutype: i.insutype,
      psn_type: i.psn_type,
      psn_insu_stas: i.psn_insu_stas,
      psn_insu_date: i.psn_insu_date,
      paus_insu_date: i.paus_insu_date,
      cvlserv_flag: i.cvlserv_flag,
      insuplc_admdvs: p.insuplc_admdvs,
      emp_name: i.emp_name,
    })),
    idetinfo: p.idetinfo,
  });
}

// ---------------------------------------------------------------------------------------------
// 9001 / 9002

function h9001(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'signIn');
  const opter = str(d, 'opter_no', 'signIn', 30);
  str(d, 'mac', 'signIn', 20);
  str(d, 'ip', 'signIn', 50);
  const signNo = newId(ctx, 'sign');
  const at = wireTime(ctx.now);
  ctx.store.run(
    'INSERT INTO signins (sign_no, opter_no, fixmedins_code, sign_time) VALUES (?, ?, ?, ?)',
    signNo,
    opter,
    ctx.env.fixmedins_code,
    at,
  );
  return out({ signinoutb: { sign_no: signNo, sign_time: at } });
}

function h9002(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'signOut');
  const signNo = str(d, 'sign_no', 'signOut', 30);
  const opter = str(d, 'opter_no', 'signOut', 30);
  const s = ctx.store.get<{ opter_no: string; signout_time: string | null }>(
    'SELECT opter_no, signout_time FROM signins WHERE sign_no = ?',
    signNo,
  );
  if (!s) throw new WireError(`签到流水号 signOut.sign_no ${signNo} 不存在`);
  if (s.opter_no !== opter) throw new WireError('signOut.opter_no 与签到操作员不符');
  if (s.signout_time) throw new WireError(`签到流水号 ${signNo} 已签退`);
  const at = wireTime(ctx.now);
  ctx.store.run('UPDATE signins SET signout_time = ? WHERE sign_no = ?', at, signNo);
  return out({ signoutoutb: { sign_time: at } });
}

// ---------------------------------------------------------------------------------------------
// Visits: 2201 / 2202 / 2203

function visit(ctx: Ctx, mdtrtId: string, psnNo: string, path: string): VisitRow {
  const v = ctx.store.get<VisitRow>('SELECT * FROM visits WHERE mdtrt_id = ?', mdtrtId);
  if (!v) throw new WireError(`就诊信息不存在 (${path}.mdtrt_id ${mdtrtId})`);
  if (v.psn_no !== psnNo) throw new WireError(`${path}.psn_no 与就诊登记的人员不符`);
  if (v.state !== 'open') throw new WireError(`就诊 ${mdtrtId} 已撤销`);
  return v;
}

function h2201(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const psnNo = str(d, 'psn_no', 'data', 30);
  const insutype = code(d, 'insutype', 'data', INSUTYPES);
  const begntime = time(d, 'begntime', 'data');
  code(d, 'mdtrt_cert_type', 'data', CERT_TYPES);
  str(d, 'mdtrt_cert_no', 'data', 600);
  const iptOtpNo = str(d, 'ipt_otp_no', 'data', 30);
  for (const k of ['atddr_no', 'dr_name', 'dept_code', 'dept_name', 'caty']) str(d, k, 'data', 100);
  const p = person(ctx, psnNo, 'data.psn_no');
  insurance(ctx, p, insutype);
  const dup = ctx.store.get<{ mdtrt_id: string }>(
    "SELECT mdtrt_id FROM visits WHERE psn_no = ? AND ipt_otp_no = ? AND state = 'open'",
    psnNo,
    iptOtpNo,
  );
  if (dup) throw new WireError(`门诊号 data.ipt_otp_no ${iptOtpNo} 已登记 (mdtrt_id ${dup.mdtrt_id})`);
  const mdtrtId = newId(ctx, 'mdtrt');
  ctx.store.run(
    `INSERT INTO visits (mdtrt_id, psn_no, insutype, begntime, ipt_otp_no, state, msgid, fixmedins_code, created_at)
     VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
    mdtrtId,
    psnNo,
    insutype,
    begntime,
    iptOtpNo,
    ctx.env.msgid,
    ctx.env.fixmedins_code,
    wireTime(ctx.now),
  );
  return out({ data: { mdtrt_id: mdtrtId, psn_no: psnNo, ipt_otp_no: iptOtpNo } });
}

function assertNothingOpen(ctx: Ctx, mdtrtId: string): void {
  const settled = ctx.store.get<{ setl_id: string }>(
    "SELECT setl_id FROM settlements WHERE mdtrt_id = ? AND infno = '2207' AND state = 'valid' AND refd = 0",
    mdtrtId,
  );
  if (settled) throw new WireError(`就诊 ${mdtrtId} 已结算 (setl_id ${settled.setl_id})，请先撤销结算(2208)`);
  const lines = ctx.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ?', mdtrtId);
  if (lines && lines.n > 0) throw new WireError(`就诊 ${mdtrtId} 有已上传的费用明细，请先撤销(2205)`);
}

function h2202(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const psnNo = str(d, 'psn_no', 'data', 30);
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const iptOtpNo = str(d, 'ipt_otp_no', 'data', 30);
  const v = visit(ctx, mdtrtId, psnNo, 'data');
  if (v.ipt_otp_no !== iptOtpNo) throw new WireError('data.ipt_otp_no 与就诊登记的门诊号不符');
  assertNothingOpen(ctx, mdtrtId);
  ctx.store.run("UPDATE visits SET state = 'cancelled' WHERE mdtrt_id = ?", mdtrtId);
  return out({});
}

function h2203(ctx: Ctx, input: Obj): HandlerResult {
  const m = obj(input, 'mdtrtinfo');
  const mdtrtId = str(m, 'mdtrt_id', 'mdtrtinfo', 30);
  const psnNo = str(m, 'psn_no', 'mdtrtinfo', 30);
  const medType = code(m, 'med_type', 'mdtrtinfo', MED_TYPES);
  time(m, 'begntime', 'mdtrtinfo');
  visit(ctx, mdtrtId, psnNo, 'mdtrtinfo');
  const dise = arr(input, 'diseinfo').map((x, i) => {
    const path = `diseinfo[${i}]`;
    code(x, 'diag_type', path, ['1', '2', '3'] as const);
    int(x, 'diag_srt_no', path);
    const diag = str(x, 'diag_code', path, 30);
    str(x, 'diag_name', path, 100);
    for (const k of ['diag_dept', 'dise_dor_no', 'dise_dor_name']) str(x, k, path, 50);
    time(x, 'diag_time', path);
    flag(x, 'vali_flag', path);
    if (!DISEASES.has(diag)) throw new WireError(`${path}.diag_code ${diag} 不在医保疾病诊断目录中`);
    return x;
  });
  ctx.store.run('UPDATE visits SET med_type = ?, dise = ? WHERE mdtrt_id = ?', medType, JSON.stringify(dise), mdtrtId);
  return out({});
}

// ---------------------------------------------------------------------------------------------
// Fee lines: 2204 / 2205

const LV_NAME: Record<ChrgitmLv, string> = { '01': '甲类', '02': '乙类', '03': '丙类' };

function h2204(ctx: Ctx, input: Obj): HandlerResult {
  const lines = arr(input, 'feedetail');
  if (lines.length === 0) throw new WireError('feedetail 不能为空');
  if (lines.length > 100) throw new WireError('feedetail 一次最多上传100条');
  const seen = new Set<string>();
  const results: FeeResult2204[] = [];
  for (const [i, x] of lines.entries()) {
    const path = `feedetail[${i}]`;
    const sn = str(x, 'feedetl_sn', path, 30);
    const mdtrtId = str(x, 'mdtrt_id', path, 30);
    const psnNo = str(x, 'psn_no', path, 30);
    const bchno = str(x, 'chrg_bchno', path, 30);
    flag(x, 'rx_circ_flag', path);
    time(x, 'fee_ocur_time', path);
    const listCode = str(x, 'med_list_codg', path, 50);
    str(x, 'medins_list_codg', path, 150);
    const amount = fen(x, 'det_item_fee_sumamt', path);
    const cnt4 = scaled(x, 'cnt', path, 4);
    const priceMicro = scaled(x, 'pric', path, 6);
    for (const k of ['bilg_dept_codg', 'bilg_dept_name', 'bilg_dr_codg', 'bilg_dr_name']) str(x, k, path, 100);
    const appr = code(x, 'hosp_appr_flag', path, ['0', '1', '2'] as const);
    if (cnt4 <= 0) throw new WireError(`${path}.cnt 必须大于0 (feedetl_sn ${sn})`);
    if (amount < 0) throw new WireError(`${path}.det_item_fee_sumamt 不能为负 (feedetl_sn ${sn})`);
    const computed = Number((BigInt(priceMicro) * BigInt(cnt4) + 50_000_000n) / 100_000_000n);
    if (Math.abs(computed - amount) > 1) {
      throw new WireError(`${path} (feedetl_sn ${sn}) det_item_fee_sumamt 与 pric×cnt 不符`);
    }
    visit(ctx, mdtrtId, psnNo, path);
    if (seen.has(`${mdtrtId}/${sn}`)) throw new WireError(`${path}.feedetl_sn ${sn} 在本次上传中重复`);
    seen.add(`${mdtrtId}/${sn}`);
    const dup = ctx.store.get('SELECT 1 FROM fee_lines WHERE mdtrt_id = ? AND feedetl_sn = ?', mdtrtId, sn);
    if (dup) throw new WireError(`${path}.feedetl_sn ${sn} 已上传，请先撤销(2205)`);
    const item = ITEMS.get(listCode);
    if (!item) throw new WireError(`${path} (feedetl_sn ${sn}) 医疗目录编码 med_list_codg ${listCode} 不在医保目录中`);
    if (item.vali_flag !== '1') throw new WireError(`${path} (feedetl_sn ${sn}) 医保目录 ${listCode} 已失效`);
    const restricted = item.lmt_used_flag === '1';
    const ownPay = restricted ? appr !== '1' : appr === '2';
    const split = lineSplit({
      amount,
      priceMicro,
      cnt4,
      capMicro: item.capMicro,
      lv: item.chrgitm_lv,
      selfpayBp: item.selfpayBp ?? ctx.policy.defaultSelfpayBp,
      ownPay,
    });
    const memo = [
      LV_NAME[item.chrgitm_lv],
      item.chrgitm_lv === '02' && !ownPay ? `先行自付比例${split.selfpayBp / 100}%` : '',
      split.overlmt > 0 ? `超限价${yuan(split.overlmt)}元` : '',
      restricted ? `限定支付：${item.lmt_used_dscr}${ownPay ? '；未确认符合限定条件，全自费' : ''}` : '',
      !restricted && appr === '2' ? '医院审批不通过，全自费' : '',
    ]
      .filter(Boolean)
      .join('，');
    const result: FeeResult2204 = {
      feedetl_sn: sn,
      det_item_fee_sumamt: yuan(amount),
      cnt: cnt4 / 10_000,
      pric: priceMicro / 1_000_000,
      pric_uplmt_amt: item.capMicro / 1_000_000,
      selfpay_prop: ratio(split.selfpayBp),
      fulamt_ownpay_amt: yuan(split.fulamt),
      overlmt_amt: yuan(split.overlmt),
      preselfpay_amt: yuan(split.preselfpay),
      inscp_scp_amt: yuan(split.inscp),
      chrgitm_lv: item.chrgitm_lv,
      med_chrgitm_type: item.med_chrgitm_type,
      lmt_used_flag: item.lmt_used_flag,
      memo,
    };
    ctx.store.run(
      `INSERT INTO fee_lines (mdtrt_id, feedetl_sn, chrg_bchno, psn_no, med_list_codg, amount, overlmt, fulamt,
         preselfpay, inscp, result, msgid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      mdtrtId,
      sn,
      bchno,
      psnNo,
      listCode,
      amount,
      split.overlmt,
      split.fulamt,
      split.preselfpay,
      split.inscp,
      JSON.stringify(result),
      ctx.env.msgid,
    );
    results.push(result);
  }
  return out({ result: results });
}

function h2205(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const bchno = str(d, 'chrg_bchno', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  visit(ctx, mdtrtId, psnNo, 'data');
  if (bchno !== '0000') {
    const settled = ctx.store.get<{ setl_id: string }>(
      'SELECT setl_id FROM fee_lines WHERE mdtrt_id = ? AND chrg_bchno = ? AND setl_id IS NOT NULL',
      mdtrtId,
      bchno,
    );
    if (settled) throw new WireError(`收费批次 ${bchno} 已结算 (setl_id ${settled.setl_id})，请先撤销结算(2208)`);
    ctx.store.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND chrg_bchno = ?', mdtrtId, bchno);
  } else {
    ctx.store.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', mdtrtId);
  }
  return out({});
}

// ---------------------------------------------------------------------------------------------
// Settlement: 2206 / 2207 / 2208

interface Computed {
  v: Pick<VisitRow, 'mdtrt_id'>;
  p: InsuredPerson;
  lines: FeeLineRow[];
  totals: { medfee: number; fulamt: number; overlmt: number; preselfpay: number; inscp: number };
  medType: string;
  insutype: string;
  certType: MdtrtCertType;
  a: SettleAnswer;
  year: string;
}

function compute(ctx: Ctx, d: Obj): Computed {
  const psnNo = str(d, 'psn_no', 'data', 30);
  const certType = code(d, 'mdtrt_cert_type', 'data', CERT_TYPES);
  str(d, 'mdtrt_cert_no', 'data', 600);
  const medType = code(d, 'med_type', 'data', MED_TYPES);
  const medfee = fen(d, 'medfee_sumamt', 'data');
  code(d, 'psn_setlway', 'data', SETLWAYS);
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const bchno = str(d, 'chrg_bchno', 'data', 30);
  const acctUsed = flag(d, 'acct_used_flag', 'data');
  const insutype = code(d, 'insutype', 'data', INSUTYPES);
  const v = visit(ctx, mdtrtId, psnNo, 'data');
  if (v.insutype !== insutype) throw new WireError(`data.insutype ${insutype} 与就诊登记的险种 ${v.insutype} 不符`);
  const p = person(ctx, psnNo, 'data.psn_no');
  const { balc } = insurance(ctx, p, insutype);
  const lines =
    bchno === '0000'
      ? ctx.store.all<FeeLineRow>('SELECT * FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', mdtrtId)
      : ctx.store.all<FeeLineRow>(
          'SELECT * FROM fee_lines WHERE mdtrt_id = ? AND chrg_bchno = ? AND setl_id IS NULL',
          mdtrtId,
          bchno,
        );
  if (lines.length === 0) throw new WireError(`就诊 ${mdtrtId} 收费批次 ${bchno} 没有待结算的费用明细`);
  const sum = (k: 'amount' | 'fulamt' | 'overlmt' | 'preselfpay' | 'inscp') => lines.reduce((s, l) => s + l[k], 0);
  const totals = {
    medfee: sum('amount'),
    fulamt: sum('fulamt'),
    overlmt: sum('overlmt'),
    preselfpay: sum('preselfpay'),
    inscp: sum('inscp'),
  };
  if (totals.medfee !== medfee) {
    throw new WireError(`data.medfee_sumamt ${yuan(medfee)} 与上传费用明细合计 ${yuan(totals.medfee)} 不符`);
  }
  const year = wireTime(ctx.now).slice(0, 4);
  const a = settle(ctx.policy, {
    level: ctx.level,
    insutype,
    medType,
    ...totals,
    idetTypes: p.idetinfo.map((i) => i.psn_idet_type),
    useAccount: acctUsed === '1',
    balc,
    year: ctx.store.yearUse(psnNo, year, insutype, mdtrtId),
  });
  return { v, p, lines, totals, medType, insutype, certType, a, year };
}

function setlinfo(ctx: Ctx, c: Computed, setlId: string): { setlinfo: Setlinfo; setldetail: Setldetail[] } {
  const { p, a, totals } = c;
  const insu = p.insuinfo.find((i) => i.insutype === c.insutype)!;
  const info: Setlinfo = {
    mdtrt_id: c.v.mdtrt_id,
    setl_id: setlId,
    psn_no: p.psn_no,
    psn_name: p.psn_name,
    psn_cert_type: p.psn_cert_type,
    certno: p.certno,
    gend: p.gend,
    naty: p.naty,
    brdy: p.brdy,
    age: ageOn(p.brdy, today(ctx)),
    insutype: c.insutype as Setlinfo['insutype'],
    psn_type: insu.psn_type,
    cvlserv_flag: insu.cvlserv_flag,
    setl_time: wireTime(ctx.now),
    mdtrt_cert_type: c.certType,
    med_type: c.medType as Setlinfo['med_type'],
    medfee_sumamt: yuan(totals.medfee),
    fulamt_ownpay_amt: yuan(totals.fulamt),
    overlmt_selfpay: yuan(totals.overlmt),
    preselfpay_amt: yuan(totals.preselfpay),
    inscp_scp_amt: yuan(totals.inscp),
    act_pay_dedc: yuan(a.dedc),
    hifp_pay: yuan(a.hifp),
    pool_prop_selfpay: ratio(a.poolBp),
    cvlserv_pay: 0,
    hifes_pay: 0,
    hifmi_pay: yuan(a.hifmi),
    hifob_pay: yuan(a.hifob),
    maf_pay: yuan(a.maf),
    oth_pay: 0,
    fund_pay_sumamt: yuan(a.fund),
    psn_part_amt: yuan(a.psnPart),
    acct_pay: yuan(a.acct),
    psn_cash_pay: yuan(a.cash),
    hosp_part_amt: 0,
    balc: yuan(a.balcAfter),
    acct_mulaid_pay: 0,
    medins_setl_id: ctx.env.msgid,
    clr_optins: ctx.admdvs,
    clr_way: '1',
    clr_type: a.inpatient ? '21' : '11',
  };
  const setldetail: Setldetail[] = a.parts.map((part) => ({
    fund_pay_type: part.fund_pay_type,
    inscp_scp_amt: yuan(part.inscp),
    crt_payb_lmt_amt: yuan(part.capLeft),
    fund_payamt: yuan(part.amount),
    fund_pay_type_name: FUND_PAY_TYPE[part.fund_pay_type],
    setl_proc_info: part.info,
  }));
  return { setlinfo: info, setldetail };
}

function h2206(ctx: Ctx, input: Obj): HandlerResult {
  const c = compute(ctx, obj(input, 'data'));
  return out(setlinfo(ctx, c, ''));
}

/** The optional parts the HIS sends with 2207/2304 must be the center's. */
function checkGiven(d: Obj, c: Computed): void {
  const given: Array<[string, number]> = [
    ['fulamt_ownpay_amt', c.totals.fulamt],
    ['overlmt_selfpay', c.totals.overlmt],
    ['preselfpay_amt', c.totals.preselfpay],
    ['inscp_scp_amt', c.totals.inscp],
  ];
  for (const [k, mine] of given) {
    const theirs = optFen(d, k, 'data');
    if (theirs !== null && theirs !== mine) {
      throw new WireError(`data.${k} ${yuan(theirs)} 与中心计算的 ${yuan(mine)} 不符`);
    }
  }
}

/** Writes a settlement (2207/2304) and marks its lines settled. */
function recordSettlement(
  ctx: Ctx,
  c: Computed,
  infno: '2207' | '2304',
  mid: 0 | 1,
  answer: { setlinfo: Setlinfo; setldetail: Setldetail[] },
): void {
  const a = c.a;
  const setlId = answer.setlinfo.setl_id;
  ctx.store.run(
    `INSERT INTO settlements (setl_id, msgid, infno, init_setl_id, mdtrt_id, psn_no, insutype, med_type, inpatient,
       clr_type, clr_optins, fixmedins_code, year, setl_date, setl_time, state, refd, medfee, fulamt, overlmt,
       preselfpay, inscp, dedc, hifp, hifmi, hifob, maf, fund, psn_part, acct, cash, compliant, mid, lines, answer)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       ?, ?, ?, ?, ?)`,
    setlId,
    ctx.env.msgid,
    infno,
    c.v.mdtrt_id,
    c.p.psn_no,
    c.insutype,
    c.medType,
    a.inpatient ? 1 : 0,
    answer.setlinfo.clr_type,
    ctx.admdvs,
    ctx.env.fixmedins_code,
    c.year,
    answer.setlinfo.setl_time.slice(0, 10),
    answer.setlinfo.setl_time,
    c.totals.medfee,
    c.totals.fulamt,
    c.totals.overlmt,
    c.totals.preselfpay,
    c.totals.inscp,
    a.dedc,
    a.hifp,
    a.hifmi,
    a.hifob,
    a.maf,
    a.fund,
    a.psnPart,
    a.acct,
    a.cash,
    a.compliant,
    mid,
    JSON.stringify(c.lines.map((l) => l.feedetl_sn)),
    JSON.stringify(answer),
  );
  const mark = ctx.store.db.prepare('UPDATE fee_lines SET setl_id = ? WHERE mdtrt_id = ? AND feedetl_sn = ?');
  for (const l of c.lines) mark.run(setlId, c.v.mdtrt_id, l.feedetl_sn);
}

function h2207(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  optStr(d, 'invono', 'data', 20);
  const c = compute(ctx, d);
  checkGiven(d, c);
  const setlId = newId(ctx, 'setl');
  const answer = setlinfo(ctx, c, setlId);
  recordSettlement(ctx, c, '2207', 0, answer);
  return out(answer);
}

const MONEY_KEYS = [
  'medfee',
  'fulamt',
  'overlmt',
  'preselfpay',
  'inscp',
  'dedc',
  'hifp',
  'hifmi',
  'hifob',
  'maf',
  'fund',
  'psn_part',
  'acct',
  'cash',
  'compliant',
] as const;

function negateAnswer(
  answer: { setlinfo: Setlinfo; setldetail: Setldetail[] },
  setlId: string,
  ctx: Ctx,
  balcAfter: number,
) {
  const s = answer.setlinfo;
  const neg = (n: number) => (n === 0 ? 0 : -n);
  const money: Array<keyof Setlinfo> = [
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
    'acct_mulaid_pay',
  ];
  const info = { ...s, setl_id: setlId, init_setl_id: s.setl_id, setl_time: wireTime(ctx.now) } as Record<
    string,
    unknown
  >;
  for (const k of money) info[k] = neg(s[k] as number);
  info.balc = yuan(balcAfter);
  info.medins_setl_id = ctx.env.msgid;
  return {
    setlinfo: info as unknown as Setlinfo & { init_setl_id: string },
    setldetail: answer.setldetail.map((x) => ({
      ...x,
      inscp_scp_amt: neg(x.inscp_scp_amt),
      fund_payamt: neg(x.fund_payamt),
    })),
  };
}

/** Writes the reversal (2208/2305) of a settlement: its own setl_id, money negated, lines free again. */
function reverseSettlement(ctx: Ctx, s: SettlementRow, infno: '2208' | '2305') {
  const p = person(ctx, s.psn_no);
  const insu = p.insuinfo.find((i) => i.insutype === s.insutype);
  const balcAfter = Math.round((insu?.balc ?? 0) * 100) - ctx.store.accountSpent(s.psn_no, s.insutype) + s.acct;
  const reversalId = newId(ctx, 'setl');
  const answer = negateAnswer(JSON.parse(s.answer), reversalId, ctx, balcAfter);
  const cols = MONEY_KEYS.join(', ');
  const negs = MONEY_KEYS.map((k) => `-${k}`).join(', ');
  ctx.store.run(
    `INSERT INTO settlements (setl_id, msgid, infno, init_setl_id, mdtrt_id, psn_no, insutype, med_type, inpatient,
       clr_type, clr_optins, fixmedins_code, year, setl_date, setl_time, state, refd, ${cols}, mid, lines, answer)
     SELECT ?, ?, ?, setl_id, mdtrt_id, psn_no, insutype, med_type, inpatient, clr_type, clr_optins,
       ?, year, ?, ?, 'valid', 0, ${negs}, mid, lines, ? FROM settlements WHERE setl_id = ?`,
    reversalId,
    ctx.env.msgid,
    infno,
    ctx.env.fixmedins_code,
    answer.setlinfo.setl_time.slice(0, 10),
    answer.setlinfo.setl_time,
    JSON.stringify(answer),
    s.setl_id,
  );
  ctx.store.run('UPDATE settlements SET refd = 1 WHERE setl_id = ?', s.setl_id);
  ctx.store.run('UPDATE fee_lines SET setl_id = NULL WHERE setl_id = ?', s.setl_id);
  return answer;
}

function h2208(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const setlId = str(d, 'setl_id', 'data', 30);
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  const s = ctx.store.get<SettlementRow>('SELECT * FROM settlements WHERE setl_id = ?', setlId);
  if (!s || s.infno !== '2207' || s.state !== 'valid') throw new WireError(`结算记录 data.setl_id ${setlId} 不存在`);
  if (s.mdtrt_id !== mdtrtId) throw new WireError('data.mdtrt_id 与结算记录不符');
  if (s.psn_no !== psnNo) throw new WireError('data.psn_no 与结算记录不符');
  if (s.refd === 1) throw new WireError(`结算 ${setlId} 已撤销，不能重复撤销`);
  return out(reverseSettlement(ctx, s, '2208'));
}

// ---------------------------------------------------------------------------------------------
// Inpatient stays: 2401 admission, 2403 change, 2404 cancel, 2402 discharge, 2405 undo discharge.
// A stay is admitted → discharged → settled (2304 mid_setl_flag 0); one open stay (admitted or
// discharged) per psn_no.

const STAY_STATE: Record<StayRow['state'], string> = {
  admitted: '在院',
  discharged: '已出院未结算',
  settled: '已出院结算',
  cancelled: '已撤销入院',
};

function stay(ctx: Ctx, mdtrtId: string, psnNo: string, path: string): StayRow {
  const s = ctx.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', mdtrtId);
  if (!s) throw new WireError(`住院就诊信息不存在 (${path}.mdtrt_id ${mdtrtId})`);
  if (s.psn_no !== psnNo) throw new WireError(`${path}.psn_no 与入院登记的人员不符`);
  if (s.state === 'cancelled') throw new WireError(`住院 ${mdtrtId} 已撤销入院登记`);
  return s;
}

function setStay(ctx: Ctx, mdtrtId: string, state: StayRow['state']): void {
  ctx.store.run('UPDATE stays SET state = ?, updated_at = ? WHERE mdtrt_id = ?', state, wireTime(ctx.now), mdtrtId);
}

function inpatientMedType(ctx: Ctx, o: Obj, path: string): string {
  const medType = code(o, 'med_type', path, MED_TYPES);
  if (!ctx.policy.inpatientMedTypes.includes(medType)) {
    throw new WireError(`${path}.med_type ${medType} 不是住院医疗类别 (${ctx.policy.inpatientMedTypes.join('/')})`);
  }
  return medType;
}

function knownDisease(o: Obj, key: string, path: string): string {
  const c = str(o, key, path, 30);
  if (!DISEASES.has(c)) throw new WireError(`${path}.${key} ${c} 不在医保疾病诊断目录中`);
  return c;
}

/** diseinfo[] of 2401/2402/2403: at least one, exactly one main diagnosis, codes of the 1307 catalog. */
function diagnoses(input: Obj, key: string): Obj[] {
  const list = arr(input, key);
  if (list.length === 0) throw new WireError(`${key} 不能为空`);
  let mains = 0;
  for (const [i, x] of list.entries()) {
    const path = `${key}[${i}]`;
    code(x, 'diag_type', path, keys(DIAG_TYPE));
    if (flag(x, 'maindiag_flag', path) === '1') mains += 1;
    int(x, 'diag_srt_no', path);
    knownDisease(x, 'diag_code', path);
    str(x, 'diag_name', path, 100);
    for (const k of ['diag_dept', 'dise_dor_no', 'dise_dor_name']) str(x, k, path, 50);
    time(x, 'diag_time', path);
    if (x.adm_cond !== undefined && x.adm_cond !== null && x.adm_cond !== '') {
      code(x, 'adm_cond', path, keys(ADM_COND));
    }
  }
  if (mains !== 1) throw new WireError(`${key} 应有且只有一条主诊断 (maindiag_flag 1)，实有 ${mains} 条`);
  return list;
}

const ADM_TEXT: Array<[string, number]> = [
  ['mdtrt_cert_no', 600],
  ['ipt_no', 30],
  ['atddr_no', 30],
  ['chfpdr_name', 50],
  ['adm_diag_dscr', 200],
  ['adm_dept_codg', 30],
  ['adm_dept_name', 100],
  ['adm_bed', 30],
  ['dscg_maindiag_name', 300],
];

function h2401(ctx: Ctx, input: Obj): HandlerResult {
  const m = obj(input, 'mdtrtinfo');
  const path = 'mdtrtinfo';
  const psnNo = str(m, 'psn_no', path, 30);
  const insutype = code(m, 'insutype', path, INSUTYPES);
  const begntime = time(m, 'begntime', path);
  code(m, 'mdtrt_cert_type', path, CERT_TYPES);
  for (const [k, len] of ADM_TEXT) str(m, k, path, len);
  const iptNo = str(m, 'ipt_no', path, 30);
  const medType = inpatientMedType(ctx, m, path);
  knownDisease(m, 'dscg_maindiag_code', path);
  const dise = diagnoses(input, 'diseinfo');
  const p = person(ctx, psnNo, 'mdtrtinfo.psn_no');
  insurance(ctx, p, insutype);
  const open = ctx.store.get<StayRow>(
    "SELECT * FROM stays WHERE psn_no = ? AND state IN ('admitted', 'discharged')",
    psnNo,
  );
  if (open) {
    throw new WireError(
      `人员 ${psnNo} 已有${STAY_STATE[open.state]}的住院登记 (mdtrt_id ${open.mdtrt_id}，住院号 ${open.ipt_no})，` +
        '请先办理出院结算或撤销入院登记(2404)',
    );
  }
  const dup = ctx.store.get<{ mdtrt_id: string }>(
    "SELECT mdtrt_id FROM stays WHERE fixmedins_code = ? AND ipt_no = ? AND state <> 'cancelled'",
    ctx.env.fixmedins_code,
    iptNo,
  );
  if (dup) throw new WireError(`住院号 mdtrtinfo.ipt_no ${iptNo} 已登记 (mdtrt_id ${dup.mdtrt_id})`);
  const mdtrtId = newId(ctx, 'mdtrt');
  const at = wireTime(ctx.now);
  ctx.store.run(
    `INSERT INTO stays (mdtrt_id, psn_no, insutype, med_type, begntime, endtime, ipt_no, state, adm, dscg, msgid,
       dscg_msgid, fixmedins_code, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?, 'admitted', ?, NULL, ?, NULL, ?, ?, ?)`,
    mdtrtId,
    psnNo,
    insutype,
    medType,
    begntime,
    iptNo,
    JSON.stringify({ mdtrtinfo: m, diseinfo: dise }),
    ctx.env.msgid,
    ctx.env.fixmedins_code,
    at,
    at,
  );
  return out({ result: { mdtrt_id: mdtrtId, psn_no: psnNo, ipt_no: iptNo } });
}

function unsettledSettlement(ctx: Ctx, mdtrtId: string): SettlementRow | undefined {
  return ctx.store.get<SettlementRow>(
    "SELECT * FROM settlements WHERE mdtrt_id = ? AND infno = '2304' AND state = 'valid' AND refd = 0",
    mdtrtId,
  );
}

function h2403(ctx: Ctx, input: Obj): HandlerResult {
  const m = obj(input, 'adminfo');
  const path = 'adminfo';
  const mdtrtId = str(m, 'mdtrt_id', path, 30);
  const psnNo = str(m, 'psn_no', path, 30);
  const s = stay(ctx, mdtrtId, psnNo, path);
  if (s.state !== 'admitted') {
    throw new WireError(
      `住院 ${mdtrtId} ${STAY_STATE[s.state]}，不能变更入院信息` +
        (s.state === 'discharged' ? '，请先撤销出院(2405)' : ''),
    );
  }
  const given = (k: string) => m[k] !== undefined && m[k] !== null && m[k] !== '';
  if (given('insutype') && code(m, 'insutype', path, INSUTYPES) !== s.insutype) {
    throw new WireError(`adminfo.insutype 不能变更 (入院登记为 ${s.insutype})`);
  }
  if (given('mdtrt_cert_type')) code(m, 'mdtrt_cert_type', path, CERT_TYPES);
  for (const [k, len] of ADM_TEXT) if (given(k)) str(m, k, path, len);
  if (given('ipt_no') && m.ipt_no !== s.ipt_no) throw new WireError(`adminfo.ipt_no 不能变更 (住院号 ${s.ipt_no})`);
  let medType = s.med_type;
  if (given('med_type')) {
    medType = inpatientMedType(ctx, m, path);
    if (medType !== s.med_type && unsettledSettlement(ctx, mdtrtId)) {
      throw new WireError('已有中途结算，adminfo.med_type 不能变更；请先撤销结算(2305)');
    }
  }
  const begntime = given('begntime') ? time(m, 'begntime', path) : s.begntime;
  if (given('dscg_maindiag_code')) knownDisease(m, 'dscg_maindiag_code', path);
  const old = JSON.parse(s.adm) as { mdtrtinfo: Obj; diseinfo: Obj[] };
  const dise = input.diseinfo === undefined || input.diseinfo === null ? old.diseinfo : diagnoses(input, 'diseinfo');
  const merged = { ...old.mdtrtinfo };
  for (const [k, v] of Object.entries(m))
    if (k !== 'mdtrt_id' && v !== undefined && v !== null && v !== '') merged[k] = v;
  ctx.store.run(
    'UPDATE stays SET med_type = ?, begntime = ?, adm = ?, updated_at = ? WHERE mdtrt_id = ?',
    medType,
    begntime,
    JSON.stringify({ mdtrtinfo: merged, diseinfo: dise }),
    wireTime(ctx.now),
    mdtrtId,
  );
  return out({});
}

function h2404(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  const s = stay(ctx, mdtrtId, psnNo, 'data');
  if (s.state !== 'admitted') {
    const hint = s.state === 'discharged' ? '，请先撤销出院(2405)' : '，请先撤销结算(2305)';
    throw new WireError(`住院 ${mdtrtId} ${STAY_STATE[s.state]}，不能撤销入院${hint}`);
  }
  const settled = unsettledSettlement(ctx, mdtrtId);
  if (settled) throw new WireError(`住院 ${mdtrtId} 已有结算 (setl_id ${settled.setl_id})，请先撤销结算(2305)`);
  const lines = ctx.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ?', mdtrtId);
  if (lines && lines.n > 0) {
    throw new WireError(`住院 ${mdtrtId} 有已上传的费用明细 ${lines.n} 条，请先撤销(2302 feedetl_sn "0000")`);
  }
  setStay(ctx, mdtrtId, 'cancelled');
  return out({});
}

function h2402(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'dscginfo');
  const path = 'dscginfo';
  const mdtrtId = str(d, 'mdtrt_id', path, 30);
  const psnNo = str(d, 'psn_no', path, 30);
  const insutype = code(d, 'insutype', path, INSUTYPES);
  const endtime = time(d, 'endtime', path);
  str(d, 'dscg_dept_codg', path, 30);
  str(d, 'dscg_dept_name', path, 100);
  const way = code(d, 'dscg_way', path, keys(DSCG_WAY));
  optStr(d, 'dscg_bed', path, 30);
  if (d.cop_flag !== undefined && d.cop_flag !== null && d.cop_flag !== '') flag(d, 'cop_flag', path);
  if (way === '5') date(d, 'die_date', path);
  if (d.dscg_maindiag_code !== undefined && d.dscg_maindiag_code !== null && d.dscg_maindiag_code !== '') {
    knownDisease(d, 'dscg_maindiag_code', path);
  }
  const dise = diagnoses(input, 'diseinfo');
  const s = stay(ctx, mdtrtId, psnNo, path);
  if (s.insutype !== insutype) throw new WireError(`dscginfo.insutype ${insutype} 与入院登记的险种 ${s.insutype} 不符`);
  if (s.state !== 'admitted') throw new WireError(`住院 ${mdtrtId} ${STAY_STATE[s.state]}，不能重复办理出院`);
  if (endtime < s.begntime) throw new WireError(`dscginfo.endtime ${endtime} 早于入院时间 ${s.begntime}`);
  const late = ctx.store.get<{ feedetl_sn: string; fee_ocur_time: string }>(
    `SELECT feedetl_sn, fee_ocur_time FROM fee_lines WHERE mdtrt_id = ? AND fee_ocur_time > ?
     ORDER BY fee_ocur_time DESC LIMIT 1`,
    mdtrtId,
    `${endtime.slice(0, 10)} 23:59:59`,
  );
  if (late) {
    throw new WireError(
      `费用明细 ${late.feedetl_sn} 的发生时间 ${late.fee_ocur_time} 晚于出院日期 dscginfo.endtime ${endtime}，` +
        '请先撤销该明细(2302)',
    );
  }
  ctx.store.run(
    "UPDATE stays SET state = 'discharged', endtime = ?, dscg = ?, dscg_msgid = ?, updated_at = ? WHERE mdtrt_id = ?",
    endtime,
    JSON.stringify({ dscginfo: d, diseinfo: dise }),
    ctx.env.msgid,
    wireTime(ctx.now),
    mdtrtId,
  );
  return out({});
}

function h2405(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  const s = stay(ctx, mdtrtId, psnNo, 'data');
  if (s.state === 'settled') throw new WireError(`住院 ${mdtrtId} 已出院结算，请先撤销结算(2305)再撤销出院`);
  if (s.state !== 'discharged') throw new WireError(`住院 ${mdtrtId} 未办理出院，无需撤销出院`);
  ctx.store.run(
    `UPDATE stays SET state = 'admitted', endtime = NULL, dscg = NULL, dscg_msgid = NULL, updated_at = ?
     WHERE mdtrt_id = ?`,
    wireTime(ctx.now),
    mdtrtId,
  );
  return out({});
}

function undoAdmission(ctx: Ctx, msgid: string): boolean {
  const s = ctx.store.get<StayRow>('SELECT * FROM stays WHERE msgid = ?', msgid);
  if (!s || s.state === 'cancelled') return false;
  const settled = unsettledSettlement(ctx, s.mdtrt_id);
  if (settled)
    throw new WireError(`住院 ${s.mdtrt_id} 已结算 (setl_id ${settled.setl_id})，不能冲正入院登记；请先撤销结算`);
  ctx.store.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', s.mdtrt_id);
  setStay(ctx, s.mdtrt_id, 'cancelled');
  return true;
}

function undoDischarge(ctx: Ctx, msgid: string): boolean {
  const s = ctx.store.get<StayRow>('SELECT * FROM stays WHERE dscg_msgid = ?', msgid);
  if (!s || s.state !== 'discharged') {
    if (s?.state === 'settled') throw new WireError(`住院 ${s.mdtrt_id} 已出院结算，不能冲正出院登记；请先撤销结算`);
    return false;
  }
  ctx.store.run(
    `UPDATE stays SET state = 'admitted', endtime = NULL, dscg = NULL, dscg_msgid = NULL, updated_at = ?
     WHERE mdtrt_id = ?`,
    wireTime(ctx.now),
    s.mdtrt_id,
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// Inpatient fee lines: 2301 upload (negative cnt + init_feedetl_sn = a refund of a line), 2302 cancel

function openForFees(s: StayRow, what: string): void {
  if (s.state === 'settled') {
    throw new WireError(`住院 ${s.mdtrt_id} 已出院结算，不能${what}；请先撤销结算(2305)`);
  }
}

function h2301(ctx: Ctx, input: Obj): HandlerResult {
  const lines = arr(input, 'feedetail');
  if (lines.length === 0) throw new WireError('feedetail 不能为空');
  if (lines.length > 100) throw new WireError('feedetail 一次最多上传100条');
  const results: FeeResult2301[] = [];
  for (const [i, x] of lines.entries()) {
    const path = `feedetail[${i}]`;
    const sn = str(x, 'feedetl_sn', path, 30);
    const initSn = optStr(x, 'init_feedetl_sn', path, 30);
    const mdtrtId = str(x, 'mdtrt_id', path, 30);
    optStr(x, 'drord_no', path, 30);
    const psnNo = str(x, 'psn_no', path, 30);
    const medType = code(x, 'med_type', path, MED_TYPES);
    const ocur = time(x, 'fee_ocur_time', path);
    const listCode = str(x, 'med_list_codg', path, 50);
    str(x, 'medins_list_codg', path, 150);
    const amount = fen(x, 'det_item_fee_sumamt', path);
    const cnt4 = scaled(x, 'cnt', path, 4);
    const priceMicro = scaled(x, 'pric', path, 6);
    for (const k of ['bilg_dept_codg', 'bilg_dept_name', 'bilg_dr_codg', 'bilg_dr_name']) str(x, k, path, 100);
    const appr = code(x, 'hosp_appr_flag', path, ['0', '1', '2'] as const);
    if (x.rx_circ_flag !== undefined && x.rx_circ_flag !== null && x.rx_circ_flag !== '') flag(x, 'rx_circ_flag', path);
    const refund = cnt4 < 0;
    if (cnt4 === 0) throw new WireError(`${path}.cnt 不能为0 (feedetl_sn ${sn})`);
    if (priceMicro < 0) throw new WireError(`${path}.pric 不能为负 (feedetl_sn ${sn})`);
    if ((refund && amount > 0) || (!refund && amount < 0)) {
      throw new WireError(`${path}.det_item_fee_sumamt 的正负与 cnt 不一致 (feedetl_sn ${sn})`);
    }
    const computed = Number(divHalfUp(BigInt(priceMicro) * BigInt(cnt4), 100_000_000n));
    if (Math.abs(computed - amount) > 1) {
      throw new WireError(`${path} (feedetl_sn ${sn}) det_item_fee_sumamt 与 pric×cnt 不符`);
    }
    const s = stay(ctx, mdtrtId, psnNo, path);
    openForFees(s, '上传费用明细');
    if (medType !== s.med_type) {
      throw new WireError(`${path}.med_type ${medType} 与入院登记的医疗类别 ${s.med_type} 不符`);
    }
    // the fee arose within the stay's days (by date: the admission day counts, so does the discharge day)
    if (ocur.slice(0, 10) < s.begntime.slice(0, 10)) {
      throw new WireError(`${path}.fee_ocur_time ${ocur} 早于入院日期 (${s.begntime}) (feedetl_sn ${sn})`);
    }
    if (s.endtime && ocur.slice(0, 10) > s.endtime.slice(0, 10)) {
      throw new WireError(`${path}.fee_ocur_time ${ocur} 晚于出院日期 (${s.endtime}) (feedetl_sn ${sn})`);
    }
    const dup = ctx.store.get('SELECT 1 FROM fee_lines WHERE mdtrt_id = ? AND feedetl_sn = ?', mdtrtId, sn);
    if (dup) throw new WireError(`${path}.feedetl_sn ${sn} 已上传，请先撤销(2302)`);
    if (refund) {
      if (!initSn) throw new WireError(`${path} (feedetl_sn ${sn}) 退费明细(cnt 为负)必须填写 init_feedetl_sn`);
      const orig = ctx.store.get<FeeLineRow>(
        'SELECT * FROM fee_lines WHERE mdtrt_id = ? AND feedetl_sn = ?',
        mdtrtId,
        initSn,
      );
      if (!orig) throw new WireError(`${path}.init_feedetl_sn ${initSn} 不是本次住院已上传的明细`);
      if (orig.init_feedetl_sn || (orig.cnt4 ?? 0) <= 0) {
        throw new WireError(`${path}.init_feedetl_sn ${initSn} 是退费明细，不能再退`);
      }
      if (orig.med_list_codg !== listCode) {
        throw new WireError(`${path}.med_list_codg ${listCode} 与原明细 ${initSn} 的 ${orig.med_list_codg} 不符`);
      }
      if (orig.pric_micro !== priceMicro) throw new WireError(`${path}.pric 与原明细 ${initSn} 的单价不符`);
      const done = ctx.store.get<{ n: number | null }>(
        'SELECT SUM(cnt4) AS n FROM fee_lines WHERE mdtrt_id = ? AND init_feedetl_sn = ?',
        mdtrtId,
        initSn,
      );
      const left = (orig.cnt4 ?? 0) + Number(done?.n ?? 0);
      if (-cnt4 > left) {
        throw new WireError(
          `${path} (feedetl_sn ${sn}) 退费数量 ${-cnt4 / 10_000} 超过原明细 ${initSn} 的剩余数量 ${left / 10_000}`,
        );
      }
    } else if (initSn) {
      throw new WireError(`${path} (feedetl_sn ${sn}) 只有退费明细(cnt 为负)才填写 init_feedetl_sn`);
    }
    const item = ITEMS.get(listCode);
    if (!item) throw new WireError(`${path} (feedetl_sn ${sn}) 医疗目录编码 med_list_codg ${listCode} 不在医保目录中`);
    if (item.vali_flag !== '1') throw new WireError(`${path} (feedetl_sn ${sn}) 医保目录 ${listCode} 已失效`);
    const restricted = item.lmt_used_flag === '1';
    const ownPay = restricted ? appr !== '1' : appr === '2';
    const abs = lineSplit({
      amount: Math.abs(amount),
      priceMicro,
      cnt4: Math.abs(cnt4),
      capMicro: item.capMicro,
      lv: item.chrgitm_lv,
      selfpayBp: item.selfpayBp ?? ctx.policy.defaultSelfpayBp,
      ownPay,
    });
    const sign = refund ? -1 : 1;
    const split = {
      overlmt: sign * abs.overlmt,
      fulamt: sign * abs.fulamt,
      preselfpay: sign * abs.preselfpay,
      inscp: sign * abs.inscp,
    };
    const memo = [
      refund ? `退费(原明细${initSn})` : '',
      LV_NAME[item.chrgitm_lv],
      item.chrgitm_lv === '02' && !ownPay ? `先行自付比例${abs.selfpayBp / 100}%` : '',
      abs.overlmt > 0 ? `超限价${yuan(split.overlmt)}元` : '',
      restricted ? `限定支付：${item.lmt_used_dscr}${ownPay ? '；未确认符合限定条件，全自费' : ''}` : '',
      !restricted && appr === '2' ? '医院审批不通过，全自费' : '',
    ]
      .filter(Boolean)
      .join('，');
    const result: FeeResult2301 = {
      feedetl_sn: sn,
      init_feedetl_sn: initSn ?? '',
      det_item_fee_sumamt: yuan(amount),
      cnt: cnt4 / 10_000,
      pric: priceMicro / 1_000_000,
      pric_uplmt_amt: item.capMicro / 1_000_000,
      selfpay_prop: ratio(abs.selfpayBp),
      fulamt_ownpay_amt: yuan(split.fulamt),
      overlmt_amt: yuan(split.overlmt),
      preselfpay_amt: yuan(split.preselfpay),
      inscp_scp_amt: yuan(split.inscp),
      chrgitm_lv: item.chrgitm_lv,
      med_chrgitm_type: item.med_chrgitm_type,
      lmt_used_flag: item.lmt_used_flag,
      memo,
    };
    ctx.store.run(
      `INSERT INTO fee_lines (mdtrt_id, feedetl_sn, chrg_bchno, psn_no, med_list_codg, amount, overlmt, fulamt,
         preselfpay, inscp, result, msgid, cnt4, pric_micro, init_feedetl_sn, fee_ocur_time)
       VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      mdtrtId,
      sn,
      psnNo,
      listCode,
      amount,
      split.overlmt,
      split.fulamt,
      split.preselfpay,
      split.inscp,
      JSON.stringify(result),
      ctx.env.msgid,
      cnt4,
      priceMicro,
      initSn,
      ocur,
    );
    results.push(result);
  }
  return out({ result: results });
}

function h2302(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const sn = str(d, 'feedetl_sn', 'data', 30);
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  const s = stay(ctx, mdtrtId, psnNo, 'data');
  openForFees(s, '撤销费用明细');
  if (sn === '0000') {
    ctx.store.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', mdtrtId);
    return out({});
  }
  const line = ctx.store.get<FeeLineRow>('SELECT * FROM fee_lines WHERE mdtrt_id = ? AND feedetl_sn = ?', mdtrtId, sn);
  if (!line) throw new WireError(`费用明细 data.feedetl_sn ${sn} 不存在`);
  if (line.setl_id) throw new WireError(`费用明细 ${sn} 已结算 (setl_id ${line.setl_id})，请先撤销结算(2305)`);
  const refund = ctx.store.get<{ feedetl_sn: string }>(
    'SELECT feedetl_sn FROM fee_lines WHERE mdtrt_id = ? AND init_feedetl_sn = ?',
    mdtrtId,
    sn,
  );
  if (refund) throw new WireError(`费用明细 ${sn} 有退费明细 ${refund.feedetl_sn}，请先撤销退费明细`);
  ctx.store.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND feedetl_sn = ?', mdtrtId, sn);
  return out({});
}

// ---------------------------------------------------------------------------------------------
// Inpatient settlement: 2303 pre-settle (persists nothing), 2304 settle, 2305 cancel

function computeStay(ctx: Ctx, d: Obj): Computed & { stay: StayRow; mid: '0' | '1' } {
  const psnNo = str(d, 'psn_no', 'data', 30);
  const certType = code(d, 'mdtrt_cert_type', 'data', CERT_TYPES);
  str(d, 'mdtrt_cert_no', 'data', 600);
  const medfee = fen(d, 'medfee_sumamt', 'data');
  code(d, 'psn_setlway', 'data', SETLWAYS);
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const insutype = code(d, 'insutype', 'data', INSUTYPES);
  const acctUsed = flag(d, 'acct_used_flag', 'data');
  const mid = flag(d, 'mid_setl_flag', 'data');
  const s = stay(ctx, mdtrtId, psnNo, 'data');
  if (s.insutype !== insutype) throw new WireError(`data.insutype ${insutype} 与入院登记的险种 ${s.insutype} 不符`);
  if (s.state === 'settled') {
    const f = ctx.store.get<{ setl_id: string }>(
      `SELECT setl_id FROM settlements
       WHERE mdtrt_id = ? AND infno = '2304' AND state = 'valid' AND refd = 0 AND mid = 0`,
      mdtrtId,
    );
    throw new WireError(`住院 ${mdtrtId} 已出院结算 (setl_id ${f?.setl_id ?? ''})，不能重复结算`);
  }
  if (mid === '0' && s.state !== 'discharged') {
    throw new WireError(`住院 ${mdtrtId} 尚未办理出院(2402)，不能出院结算；中途结算请填 data.mid_setl_flag 1`);
  }
  if (mid === '1' && s.state !== 'admitted') {
    throw new WireError(`住院 ${mdtrtId} 已办理出院，请按出院结算 (data.mid_setl_flag 0)`);
  }
  const p = person(ctx, psnNo, 'data.psn_no');
  const { balc } = insurance(ctx, p, insutype);
  const lines = ctx.store.all<FeeLineRow>('SELECT * FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', mdtrtId);
  if (lines.length === 0 && (mid === '1' || !unsettledSettlement(ctx, mdtrtId))) {
    throw new WireError(`住院 ${mdtrtId} 没有待结算的费用明细`);
  }
  const sum = (k: 'amount' | 'fulamt' | 'overlmt' | 'preselfpay' | 'inscp') => lines.reduce((t, l) => t + l[k], 0);
  const totals = {
    medfee: sum('amount'),
    fulamt: sum('fulamt'),
    overlmt: sum('overlmt'),
    preselfpay: sum('preselfpay'),
    inscp: sum('inscp'),
  };
  if (totals.medfee !== medfee) {
    throw new WireError(`data.medfee_sumamt ${yuan(medfee)} 与未结算的上传费用明细合计 ${yuan(totals.medfee)} 不符`);
  }
  if (Object.values(totals).some((v) => v < 0)) {
    throw new WireError(`住院 ${mdtrtId} 待结算的退费多于费用，请先撤销已结算的中途结算(2305)再结算`);
  }
  const year = wireTime(ctx.now).slice(0, 4);
  const a = settle(ctx.policy, {
    level: ctx.level,
    insutype,
    medType: s.med_type,
    ...totals,
    idetTypes: p.idetinfo.map((i) => i.psn_idet_type),
    useAccount: acctUsed === '1',
    balc,
    year: ctx.store.yearUse(psnNo, year, insutype, mdtrtId),
  });
  return {
    v: { mdtrt_id: mdtrtId },
    p,
    lines,
    totals,
    medType: s.med_type,
    insutype,
    certType,
    a,
    year,
    stay: s,
    mid,
  };
}

function stayAnswer(ctx: Ctx, c: Computed, setlId: string, mid: '0' | '1'): Out2304 {
  const a = setlinfo(ctx, c, setlId);
  return { setlinfo: { ...a.setlinfo, mid_setl_flag: mid }, setldetail: a.setldetail };
}

function h2303(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  optStr(d, 'invono', 'data', 20);
  const c = computeStay(ctx, d);
  return out(stayAnswer(ctx, c, '', c.mid));
}

function h2304(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  optStr(d, 'invono', 'data', 20);
  const c = computeStay(ctx, d);
  checkGiven(d, c);
  const answer = stayAnswer(ctx, c, newId(ctx, 'setl'), c.mid);
  recordSettlement(ctx, c, '2304', c.mid === '1' ? 1 : 0, answer);
  if (c.mid === '0') setStay(ctx, c.v.mdtrt_id, 'settled');
  return out(answer);
}

/** What cancelling (2305 or 2601 of a 2304) a settlement does to its stay. */
function stayAfterCancel(ctx: Ctx, s: SettlementRow): void {
  const st = ctx.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', s.mdtrt_id);
  if (!st) return;
  if (s.mid === 0) {
    if (st.state === 'settled') setStay(ctx, s.mdtrt_id, 'discharged');
  } else if (st.state === 'settled') {
    throw new WireError(`住院 ${s.mdtrt_id} 已出院结算，请先撤销出院结算再撤销中途结算 ${s.setl_id}`);
  }
}

function h2305(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const mdtrtId = str(d, 'mdtrt_id', 'data', 30);
  const setlId = str(d, 'setl_id', 'data', 30);
  const psnNo = str(d, 'psn_no', 'data', 30);
  const s = ctx.store.get<SettlementRow>('SELECT * FROM settlements WHERE setl_id = ?', setlId);
  if (!s || s.infno !== '2304' || s.state !== 'valid')
    throw new WireError(`住院结算记录 data.setl_id ${setlId} 不存在`);
  if (s.mdtrt_id !== mdtrtId) throw new WireError('data.mdtrt_id 与结算记录不符');
  if (s.psn_no !== psnNo) throw new WireError('data.psn_no 与结算记录不符');
  if (s.refd === 1) throw new WireError(`结算 ${setlId} 已撤销，不能重复撤销`);
  stayAfterCancel(ctx, s);
  return out(reverseSettlement(ctx, s, '2305'));
}

// ---------------------------------------------------------------------------------------------
// 2601 reversal by msgid, 5203 settlement query

function undo(ctx: Ctx, infno: string, msgid: string): boolean {
  const st = ctx.store;
  if (infno === '2201') {
    const v = st.get<VisitRow>('SELECT * FROM visits WHERE msgid = ?', msgid);
    if (!v || v.state !== 'open') return false;
    const settled = st.get(
      "SELECT 1 FROM settlements WHERE mdtrt_id = ? AND infno = '2207' AND state = 'valid' AND refd = 0",
      v.mdtrt_id,
    );
    if (settled) throw new WireError(`就诊 ${v.mdtrt_id} 已结算，不能冲正登记；请先撤销结算`);
    st.run('DELETE FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL', v.mdtrt_id);
    st.run("UPDATE visits SET state = 'cancelled' WHERE mdtrt_id = ?", v.mdtrt_id);
    return true;
  }
  if (infno === '2401') return undoAdmission(ctx, msgid);
  if (infno === '2402') return undoDischarge(ctx, msgid);
  if (infno === '2204' || infno === '2301') {
    const settled = st.get('SELECT 1 FROM fee_lines WHERE msgid = ? AND setl_id IS NOT NULL', msgid);
    if (settled) throw new WireError('该次上传的费用明细已结算，不能冲正；请先撤销结算');
    const refund = st.get<{ feedetl_sn: string }>(
      `SELECT r.feedetl_sn FROM fee_lines r JOIN fee_lines o ON o.mdtrt_id = r.mdtrt_id
         AND o.feedetl_sn = r.init_feedetl_sn WHERE o.msgid = ? AND r.msgid <> ?`,
      msgid,
      msgid,
    );
    if (refund) throw new WireError(`该次上传的费用明细已有退费明细 ${refund.feedetl_sn}，请先撤销退费明细(2302)`);
    return st.run('DELETE FROM fee_lines WHERE msgid = ?', msgid) > 0;
  }
  if (infno === '2207' || infno === '2304') {
    const s = st.get<SettlementRow>('SELECT * FROM settlements WHERE msgid = ? AND infno = ?', msgid, infno);
    if (!s || s.state !== 'valid') return false;
    if (s.refd === 1)
      throw new WireError(`结算 ${s.setl_id} 已撤销(${infno === '2207' ? '2208' : '2305'})，不能再冲正`);
    if (infno === '2304') stayAfterCancel(ctx, s);
    st.run("UPDATE settlements SET state = 'rolled_back' WHERE setl_id = ?", s.setl_id);
    st.run('UPDATE fee_lines SET setl_id = NULL WHERE setl_id = ?', s.setl_id);
    return true;
  }
  if (infno === '2208' || infno === '2305') {
    const r = st.get<SettlementRow>('SELECT * FROM settlements WHERE msgid = ? AND infno = ?', msgid, infno);
    if (!r || r.state !== 'valid') return false;
    const sns = JSON.parse(r.lines) as string[];
    const free = st.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL
       AND feedetl_sn IN (SELECT value FROM json_each(?))`,
      r.mdtrt_id,
      r.lines,
    );
    if (!free || free.n !== sns.length) {
      throw new WireError(`撤销结算 ${r.setl_id} 之后费用明细已变动(撤销或重新结算)，不能冲正`);
    }
    if (infno === '2305' && r.mid === 0) {
      // the discharge settlement comes back: the stay must still be discharged with nothing else unsettled
      const stay = st.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', r.mdtrt_id);
      if (!stay || stay.state !== 'discharged') {
        throw new WireError(`住院 ${r.mdtrt_id} 撤销结算之后已撤销出院或变更，不能冲正`);
      }
      const other = st.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL
         AND feedetl_sn NOT IN (SELECT value FROM json_each(?))`,
        r.mdtrt_id,
        r.lines,
      );
      if (other && other.n > 0) throw new WireError(`住院 ${r.mdtrt_id} 撤销结算之后又上传了费用明细，不能冲正`);
      setStay(ctx, r.mdtrt_id, 'settled');
    }
    st.run("UPDATE settlements SET state = 'rolled_back' WHERE setl_id = ?", r.setl_id);
    st.run('UPDATE settlements SET refd = 0 WHERE setl_id = ?', r.init_setl_id);
    st.run(
      `UPDATE fee_lines SET setl_id = ? WHERE mdtrt_id = ? AND feedetl_sn IN (SELECT value FROM json_each(?))`,
      r.init_setl_id,
      r.mdtrt_id,
      r.lines,
    );
    return true;
  }
  return false;
}

function h2601(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const psnNo = str(d, 'psn_no', 'data', 30);
  const omsgid = str(d, 'omsgid', 'data', 30);
  const oinfno = str(d, 'oinfno', 'data', 4);
  person(ctx, psnNo, 'data.psn_no');
  const m = ctx.store.msg(omsgid);
  if (!m) {
    // Never seen: nothing to undo; should the original still arrive, it is refused.
    ctx.store.run(
      "INSERT INTO msglog (msgid, infno, psn_no, fixmedins_code, at, status) VALUES (?, ?, ?, ?, ?, 'voided')",
      omsgid,
      oinfno,
      psnNo,
      ctx.env.fixmedins_code,
      wireTime(ctx.now),
    );
    return out({ omsgid, oinfno, undone: '0' });
  }
  if (m.infno !== oinfno) throw new WireError(`原交易 data.omsgid ${omsgid} 的交易编号是 ${m.infno}，不是 ${oinfno}`);
  if (m.psn_no && m.psn_no !== psnNo) throw new WireError('data.psn_no 与原交易的人员不符');
  if (m.status !== 'applied') return out({ omsgid, oinfno, undone: '0' });
  const undone = undo(ctx, oinfno, omsgid);
  ctx.store.run("UPDATE msglog SET status = 'undone' WHERE msgid = ?", omsgid);
  return out({ omsgid, oinfno, undone: undone ? '1' : '0' });
}

function h5203(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const psnNo = str(d, 'psn_no', 'data', 30);
  const mdtrtId = optStr(d, 'mdtrt_id', 'data', 30);
  const setlId = optStr(d, 'setl_id', 'data', 30);
  const omsgid = optStr(d, 'omsgid', 'data', 30);
  if (!mdtrtId && !setlId && !omsgid) throw new WireError('data.omsgid、data.setl_id、data.mdtrt_id 至少填写一项');
  person(ctx, psnNo, 'data.psn_no');
  let s: SettlementRow | undefined;
  const base = "SELECT * FROM settlements WHERE state = 'valid' AND psn_no = ?";
  if (omsgid) s = ctx.store.get<SettlementRow>(`${base} AND msgid = ?`, psnNo, omsgid);
  else if (setlId) s = ctx.store.get<SettlementRow>(`${base} AND setl_id = ?`, psnNo, setlId);
  else {
    s = ctx.store.get<SettlementRow>(
      `${base} AND mdtrt_id = ? AND infno IN ('2207', '2304') AND refd = 0
       ORDER BY setl_time DESC, setl_id DESC LIMIT 1`,
      psnNo,
      mdtrtId,
    );
  }
  if (!s) return out({ setlinfo: null, setldetail: [] });
  const a = JSON.parse(s.answer) as { setlinfo: Setlinfo & { init_setl_id?: string }; setldetail: Setldetail[] };
  return out({
    setlinfo: {
      ...a.setlinfo,
      msgid: s.msgid,
      infno: s.infno,
      refd_setl_flag: s.refd === 1 ? '1' : '0',
      init_setl_id: s.init_setl_id,
    },
    setldetail: a.setldetail,
  });
}

// ---------------------------------------------------------------------------------------------
// Reconciliation: 3201 / 3202

function h3201(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const insutype = code(d, 'insutype', 'data', INSUTYPES);
  const clrType = str(d, 'clr_type', 'data', 6);
  const optins = str(d, 'setl_optins', 'data', 6);
  const begn = date(d, 'stmt_begndate', 'data');
  const end = date(d, 'stmt_enddate', 'data');
  if (end < begn) throw new WireError('data.stmt_enddate 早于 data.stmt_begndate');
  const his = {
    medfee: fen(d, 'medfee_sumamt', 'data'),
    fund: fen(d, 'fund_pay_sumamt', 'data'),
    acct: fen(d, 'acct_pay', 'data'),
    cnt: int(d, 'fixmedins_setl_cnt', 'data'),
  };
  const mine = ctx.store.get<{ medfee: number | null; fund: number | null; acct: number | null; cnt: number }>(
    `SELECT SUM(medfee) AS medfee, SUM(fund) AS fund, SUM(acct) AS acct, COUNT(*) AS cnt FROM settlements
     WHERE state = 'valid' AND fixmedins_code = ? AND insutype = ? AND clr_type = ? AND clr_optins = ?
       AND setl_date BETWEEN ? AND ?`,
    ctx.env.fixmedins_code,
    insutype,
    clrType,
    optins,
    begn,
    end,
  )!;
  const center = { medfee: mine.medfee ?? 0, fund: mine.fund ?? 0, acct: mine.acct ?? 0, cnt: mine.cnt };
  const names = { medfee: '医疗费总额', fund: '基金支付总额', acct: '个人账户支付', cnt: '结算笔数' } as const;
  const diffs = (Object.keys(names) as Array<keyof typeof names>)
    .filter((k) => his[k] !== center[k])
    .map((k) => {
      const f = (n: number) => (k === 'cnt' ? String(n) : (n / 100).toFixed(2));
      return `${names[k]}：医药机构 ${f(his[k])}，中心 ${f(center[k])}`;
    });
  return out({
    stmtinfo: {
      setl_optins: optins,
      stmt_rslt: diffs.length ? '1' : '0',
      stmt_rslt_dscr: diffs.length ? `对账不平。${diffs.join('；')}` : '对账平',
    },
  });
}

function storeFile(ctx: Ctx, filename: string, bytes: Uint8Array) {
  const no = newId(ctx, 'file');
  const end = wireTime(new Date(ctx.now.getTime() + 7 * 86_400_000));
  ctx.store.run(
    'INSERT INTO files (file_qury_no, filename, bytes, created_at, dld_endtime) VALUES (?, ?, ?, ?, ?)',
    no,
    filename,
    Buffer.from(bytes),
    wireTime(ctx.now),
    end,
  );
  return { file_qury_no: no, filename, dld_endtime: end };
}

const REVERSAL = new Set(['2208', '2305']);

function h3202(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const optins = str(d, 'setl_optins', 'data', 6);
  const fileNo = str(d, 'file_qury_no', 'data', 50);
  const begn = date(d, 'stmt_begndate', 'data');
  const end = date(d, 'stmt_enddate', 'data');
  fen(d, 'medfee_sumamt', 'data');
  fen(d, 'fund_pay_sumamt', 'data');
  fen(d, 'cash_payamt', 'data');
  int(d, 'fixmedins_setl_cnt', 'data');
  const f = ctx.store.get<{ bytes: Buffer; filename: string }>(
    'SELECT bytes, filename FROM files WHERE file_qury_no = ?',
    fileNo,
  );
  if (!f) throw new WireError(`文件查询号 data.file_qury_no ${fileNo} 不存在，请先上传(9101)`);
  const text = readZipText(f.bytes, 'data.file_qury_no');
  const cols = RECON_3202_UPLOAD_COLUMNS.length;
  const his = new Map<string, string[]>();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const cells = line.split('\t');
    if (cells.length !== cols)
      throw new WireError(`对账明细文件第 ${i + 1} 行应有 ${cols} 列，实有 ${cells.length} 列`);
    for (const k of [3, 4, 5]) {
      if (!/^-?\d+(\.\d{1,2})?$/.test(cells[k]!.trim())) {
        throw new WireError(`对账明细文件第 ${i + 1} 行 ${RECON_3202_UPLOAD_COLUMNS[k]} 不是金额`);
      }
    }
    his.set(cells[0]!, cells);
  }
  const rows = ctx.store.all<SettlementRow>(
    `SELECT * FROM settlements WHERE state = 'valid' AND fixmedins_code = ? AND clr_optins = ?
       AND setl_date BETWEEN ? AND ? ORDER BY setl_time, setl_id`,
    ctx.env.fixmedins_code,
    optins,
    begn,
    end,
  );
  const fenOf = (s: string) => Math.round(Number(s) * 100);
  const result: string[][] = [];
  const row = (s: SettlementRow, rslt: string, memo: string, med: number, fund: number, acct: number) =>
    result.push([
      s.psn_no,
      s.mdtrt_id,
      s.setl_id,
      s.msgid,
      rslt,
      REVERSAL.has(s.infno) ? '1' : '0',
      memo,
      (med / 100).toFixed(2),
      (fund / 100).toFixed(2),
      (acct / 100).toFixed(2),
    ]);
  for (const s of rows) {
    const h = his.get(s.setl_id);
    his.delete(s.setl_id);
    if (!h) {
      row(s, '2', '中心有结算记录，医药机构无', s.medfee, s.fund, s.acct);
      continue;
    }
    const refd = REVERSAL.has(s.infno) ? '1' : '0';
    const same =
      fenOf(h[3]!) === s.medfee && fenOf(h[4]!) === s.fund && fenOf(h[5]!) === s.acct && h[6]!.trim() === refd;
    if (!same) {
      row(s, '3', `医药机构：${h[3]}/${h[4]}/${h[5]}/${h[6]}`, s.medfee, s.fund, s.acct);
    }
  }
  for (const h of his.values()) {
    result.push([h[2]!, h[1]!, h[0]!, '', '1', h[6]!, '医药机构有结算记录，中心无', h[3]!, h[4]!, h[5]!]);
  }
  const name = `3202_${fileNo}`;
  const bytes = zipText(`${name}.txt`, result.map((r) => r.join('\t')).join('\n'));
  if (RECON_3202_RESULT_COLUMNS.length !== 10) throw new Error('3202 result columns changed');
  return out({ fileinfo: storeFile(ctx, `${name}.zip`, bytes) });
}

// ---------------------------------------------------------------------------------------------
// Files: 9101 / 9102

function h9101(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'fsUploadIn');
  const b64 = str(d, 'in', 'fsUploadIn', 30_000_000);
  const filename = str(d, 'filename', 'fsUploadIn', 200);
  str(d, 'fixmedins_code', 'fsUploadIn', 30);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new WireError('fsUploadIn.in 不是合法的 Base64');
  return out(storeFile(ctx, filename, Buffer.from(b64, 'base64')));
}

function h9102(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'fsDownloadIn');
  const no = str(d, 'file_qury_no', 'fsDownloadIn', 50);
  const filename = str(d, 'filename', 'fsDownloadIn', 200);
  str(d, 'fixmedins_code', 'fsDownloadIn', 30);
  const f = ctx.store.get<{ bytes: Buffer; filename: string; dld_endtime: string }>(
    'SELECT bytes, filename, dld_endtime FROM files WHERE file_qury_no = ?',
    no,
  );
  if (!f) throw new WireError(`文件查询号 fsDownloadIn.file_qury_no ${no} 不存在`);
  if (f.filename !== filename) throw new WireError('fsDownloadIn.filename 与文件查询号不符');
  if (f.dld_endtime < wireTime(ctx.now)) throw new WireError(`文件 ${no} 已过下载截止时间`);
  return { raw: f.bytes, filename: f.filename };
}

// ---------------------------------------------------------------------------------------------
// Catalogs: 1301–1307 files, 1312 paged, 3301/3302 matches

function fileCatalog(infno: FileCatalogInfno): Handler {
  return (ctx, input) => {
    const d = obj(input, 'data');
    const ver = str(d, 'ver', 'data', 30);
    if (ver !== '0' && !(/^\d{11}$/.test(ver) && ver <= LATEST_VERSION)) {
      throw new WireError(`版本号 data.ver ${ver} 不存在`);
    }
    const { rows, ver: newest } = catalogFile(infno, ver);
    if (rows.length === 0) return out({ file_qury_no: '', filename: '', data_cnt: 0, ver });
    const name = `${infno}_${newest}`;
    const bytes = zipText(`${name}.txt`, rows.map((r) => r.join('\t')).join('\n'));
    const f = storeFile(ctx, `${name}.zip`, bytes);
    return out({ file_qury_no: f.file_qury_no, filename: f.filename, data_cnt: rows.length, ver: newest });
  };
}

function h1312(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const queryDate = date(d, 'query_date', 'data');
  const updtTime = time(d, 'updt_time', 'data');
  const hilist = optStr(d, 'hilist_code', 'data', 50);
  const pageNum = int(d, 'page_num', 'data');
  const pageSize = int(d, 'page_size', 'data');
  if (pageNum < 1) throw new WireError('data.page_num 必须从1开始');
  if (pageSize < 1 || pageSize > 1000) throw new WireError('data.page_size 应在1到1000之间');
  const all = list1312({ queryDate, updtTime, hilistCode: hilist }, ctx.admdvs, ctx.policy.defaultSelfpayBp);
  return out({
    data: all.slice((pageNum - 1) * pageSize, pageNum * pageSize),
    recordCounts: all.length,
    pages: Math.ceil(all.length / pageSize),
    pageNum,
    pageSize,
  });
}

function h3301(ctx: Ctx, input: Obj): HandlerResult {
  const rows = arr(input, 'catalogcompin');
  if (rows.length === 0) throw new WireError('catalogcompin 不能为空');
  if (rows.length > 100) throw new WireError('catalogcompin 一次最多100条');
  const put = ctx.store.db.prepare(
    `INSERT INTO matches (fixmedins_code, fixmedins_hilist_id, list_type, fixmedins_hilist_name, med_list_codg,
       begndate, enddate, state, msgid, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?)
     ON CONFLICT (fixmedins_code, fixmedins_hilist_id, list_type) DO UPDATE SET
       fixmedins_hilist_name = excluded.fixmedins_hilist_name, med_list_codg = excluded.med_list_codg,
       begndate = excluded.begndate, enddate = excluded.enddate, state = 'valid', msgid = excluded.msgid,
       updated_at = excluded.updated_at`,
  );
  for (const [i, x] of rows.entries()) {
    const path = `catalogcompin[${i}]`;
    const id = str(x, 'fixmedins_hilist_id', path, 30);
    const name = str(x, 'fixmedins_hilist_name', path, 200);
    const lt = code(x, 'list_type', path, LIST_TYPES);
    const listCode = str(x, 'med_list_codg', path, 50);
    const begn = date(x, 'begndate', path);
    const end = x.enddate ? date(x, 'enddate', path) : null;
    const item = ITEMS.get(listCode);
    if (!item) throw new WireError(`${path}.med_list_codg ${listCode} 不在医保目录中 (${id})`);
    if (!sameKind(item.list_type, lt)) {
      throw new WireError(
        `${path} (${id}) 目录类别 list_type ${lt} 与医保目录 ${listCode} 的类别 ${item.list_type} 不一致`,
      );
    }
    put.run(ctx.env.fixmedins_code, id, lt, name, listCode, begn, end, ctx.env.msgid, wireTime(ctx.now));
  }
  return out({ succ_cnt: rows.length });
}

/** 101/102 (and 103/104/105) are all drugs: a drug matches a drug. */
function sameKind(a: ListType, b: ListType): boolean {
  return a === b || (a.startsWith('1') && b.startsWith('1'));
}

function h3302(ctx: Ctx, input: Obj): HandlerResult {
  const d = obj(input, 'data');
  const code_ = str(d, 'fixmedins_code', 'data', 30);
  const id = str(d, 'fixmedins_hilist_id', 'data', 30);
  const lt = code(d, 'list_type', 'data', LIST_TYPES);
  const listCode = str(d, 'med_list_codg', 'data', 50);
  const n = ctx.store.run(
    `UPDATE matches SET state = 'revoked', msgid = ?, updated_at = ?
     WHERE fixmedins_code = ? AND fixmedins_hilist_id = ? AND list_type = ? AND med_list_codg = ? AND state = 'valid'`,
    ctx.env.msgid,
    wireTime(ctx.now),
    code_,
    id,
    lt,
    listCode,
  );
  if (n === 0) throw new WireError(`对照关系不存在：${id} → ${listCode}`);
  return out({});
}

export const HANDLERS: Record<InfNo, Handler> = {
  '9001': h9001,
  '9002': h9002,
  '1101': h1101,
  '2201': h2201,
  '2202': h2202,
  '2203': h2203,
  '2204': h2204,
  '2205': h2205,
  '2206': h2206,
  '2207': h2207,
  '2208': h2208,
  '2401': h2401,
  '2402': h2402,
  '2403': h2403,
  '2404': h2404,
  '2405': h2405,
  '2301': h2301,
  '2302': h2302,
  '2303': h2303,
  '2304': h2304,
  '2305': h2305,
  '2601': h2601,
  '5203': h5203,
  '3201': h3201,
  '3202': h3202,
  '9101': h9101,
  '9102': h9102,
  '1301': fileCatalog('1301'),
  '1302': fileCatalog('1302'),
  '1305': fileCatalog('1305'),
  '1306': fileCatalog('1306'),
  '1307': fileCatalog('1307'),
  '1312': h1312,
  '3301': h3301,
  '3302': h3302,
  ...moreCatalogHandlers(storeFile),
};

/** The psn_no an input names (for the envelope's insuplc_admdvs rule and the msgid log). */
export function psnNoOf(input: Obj): string | null {
  for (const node of ['data', 'mdtrtinfo', 'adminfo', 'dscginfo']) {
    const d = input[node];
    if (d && typeof d === 'object' && !Array.isArray(d)) {
      const p = (d as Obj).psn_no;
      if (typeof p === 'string' && p) return p;
    }
  }
  const lines = input.feedetail;
  if (Array.isArray(lines) && lines[0] && typeof lines[0] === 'object') {
    const p = (lines[0] as Obj).psn_no;
    if (typeof p === 'string' && p) return p;
  }
  return null;
}
