// The national medical security platform's wire (国家医疗保障信息平台, issue 11, ../shared/INSURANCE.md).
// Types only: what the adapter (server/modules/insurance*) sends and what the insurer simulator
// (simulator/insurer) answers. No imports; the only runtime values are `as const` code tables and
// the column orders of the platform's files. Field names are the platform's, exactly.
//
// Conventions on the wire:
// - Money: numbers in yuan with at most 2 decimals (2268, 12.3). The HIS converts to integer fen at
//   its edge, half-up, and refuses a missing or non-numeric field. cnt ≤ 4 decimals, pric ≤ 6,
//   ratios (selfpay_prop, pool_prop_selfpay) ≤ 4 decimals (0.9 = 90%).
// - Times 'yyyy-MM-dd HH:mm:ss', dates 'yyyy-MM-dd'. Flags are strings '0'/'1'.
// - msgid = fixmedins_code(12) + yyyyMMddHHmmss(14) + a 4-digit sequence.
// - Files (9101/9102, catalogs, 3202): a zip holding ONE UTF-8 .txt, tab-separated rows, no header,
//   columns in the orders below; an empty cell is ''.

/** Yuan with ≤ 2 decimals on the wire (fen inside the HIS). */
export type Yuan = number;
/** 'yyyy-MM-dd HH:mm:ss' */
export type WireTime = string;
/** 'yyyy-MM-dd' */
export type WireDate = string;
export type Flag = '0' | '1';

// ---------------------------------------------------------------------------------------------
// §1 Envelope

export interface InsurerRequest<I = unknown> {
  infno: InfNo;
  /** fixmedins_code(12) + yyyyMMddHHmmss + 4-digit sequence (30 chars) */
  msgid: string;
  /** 就医地 area code, 6 */
  mdtrtarea_admvs: string;
  /** 参保地 area code, 6 (required when input carries a psn_no; '' otherwise) */
  insuplc_admdvs: string;
  recer_sys_code: string;
  dev_no: string;
  dev_safe_info: string;
  cainfo: string;
  signtype: string;
  /** 'V1.0' */
  infver: string;
  /** 1 经办人, 2 自助终端, 3 移动终端 */
  opter_type: '1' | '2' | '3';
  opter: string;
  opter_name: string;
  inf_time: WireTime;
  fixmedins_code: string;
  fixmedins_name: string;
  /** the operator's 9001 sign_no ('' for 9001 itself) */
  sign_no: string;
  input: I;
}

export interface InsurerAnswer<O = unknown> {
  /** 0 ok, -1 failure (err_msg says why, naming the field for bad input) */
  infcode: 0 | -1;
  /** area(6) + yyyyMMddHHmmss(14) + serial(10) */
  inf_refmsgid: string;
  /** yyyyMMddHHmmssSSS */
  refmsg_time: string;
  /** yyyyMMddHHmmssSSS */
  respond_time: string;
  err_msg: string | null;
  warn_msg: string | null;
  /** null when infcode is -1 */
  output: O | null;
}

/** An answer with no output of substance (2202, 2203, 2205, 3302): the simulator sends {}. */
export type EmptyOutput = Record<string, never>;

// ---------------------------------------------------------------------------------------------
// 9001 / 9002 sign in / out (once per operator per day)

export interface In9001 {
  signIn: { opter_no: string; mac: string; ip: string };
}
export interface Out9001 {
  signinoutb: { sign_no: string; sign_time: WireTime };
}
export interface In9002 {
  signOut: { sign_no: string; opter_no: string };
}
export interface Out9002 {
  signoutoutb: { sign_time: WireTime };
}

// ---------------------------------------------------------------------------------------------
// 1101 person information

export interface In1101 {
  data: {
    /** 01 电子凭证 (token), 02 身份证 (ID number), 03 社保卡 (card number) */
    mdtrt_cert_type: MdtrtCertType;
    mdtrt_cert_no: string;
    /** required for 03 */
    card_sn?: string;
    begntime?: WireTime;
    /** '01' 居民身份证 */
    psn_cert_type?: string;
    certno?: string;
    psn_name?: string;
  };
}
export interface Baseinfo1101 {
  psn_no: string;
  psn_cert_type: string;
  certno: string;
  psn_name: string;
  /** 1 男, 2 女 */
  gend: string;
  /** 01 汉族 … */
  naty: string;
  brdy: WireDate;
  age: number;
}
export interface Insuinfo1101 {
  /** 个人账户余额 (0 for 居民) */
  balc: Yuan;
  insutype: Insutype;
  psn_type: string;
  /** 1 正常参保, 2 暂停参保, 4 终止参保: refuse anything but 1 */
  psn_insu_stas: PsnInsuStas;
  psn_insu_date: WireDate;
  paus_insu_date: WireDate | null;
  cvlserv_flag: Flag;
  insuplc_admdvs: string;
  emp_name: string;
}
export interface Idetinfo1101 {
  /** see PSN_IDET_TYPE (特困/低保… drive 医疗救助 and the 大病 adjustments) */
  psn_idet_type: PsnIdetType;
  psn_type_lv: string;
  memo: string;
  begntime: WireTime;
  endtime: WireTime | null;
}
export interface Out1101 {
  baseinfo: Baseinfo1101;
  insuinfo: Insuinfo1101[];
  idetinfo: Idetinfo1101[];
}

// ---------------------------------------------------------------------------------------------
// 2201 / 2202 outpatient register / cancel, 2203 visit information

export interface In2201 {
  data: {
    psn_no: string;
    insutype: Insutype;
    begntime: WireTime;
    mdtrt_cert_type: MdtrtCertType;
    mdtrt_cert_no: string;
    /** HIS 门诊号 */
    ipt_otp_no: string;
    /** 医师国家码 */
    atddr_no: string;
    dr_name: string;
    dept_code: string;
    dept_name: string;
    /** 科别 */
    caty: string;
  };
}
export interface Out2201 {
  data: { mdtrt_id: string; psn_no: string; ipt_otp_no: string };
}
export interface In2202 {
  data: { psn_no: string; mdtrt_id: string; ipt_otp_no: string };
}
export type Out2202 = EmptyOutput;

export interface In2203 {
  mdtrtinfo: {
    mdtrt_id: string;
    psn_no: string;
    med_type: MedType;
    begntime: WireTime;
    main_cond_dscr?: string;
    /** 慢特病/按病种 code */
    dise_codg?: string;
    dise_name?: string;
  };
  diseinfo: Array<{
    diag_type: DiagType;
    diag_srt_no: number;
    diag_code: string;
    diag_name: string;
    diag_dept: string;
    dise_dor_no: string;
    dise_dor_name: string;
    diag_time: WireTime;
    vali_flag: Flag;
  }>;
}
export type Out2203 = EmptyOutput;

// ---------------------------------------------------------------------------------------------
// 2204 / 2205 fee detail upload / cancel

export interface FeeDetail2204 {
  /** unique in the visit: the immutable charge-row id */
  feedetl_sn: string;
  mdtrt_id: string;
  psn_no: string;
  chrg_bchno: string;
  /** 外购处方标志 */
  rx_circ_flag: Flag;
  fee_ocur_time: WireTime;
  /** national code (the match of the local item) */
  med_list_codg: string;
  /** local code */
  medins_list_codg: string;
  /** = pric × cnt (the simulator allows 0.01 of rounding) */
  det_item_fee_sumamt: Yuan;
  /** ≤ 4 decimals, > 0 */
  cnt: number;
  /** ≤ 6 decimals; per the catalog's smallest unit (1301 min_prcunt), the unit price caps are in */
  pric: number;
  bilg_dept_codg: string;
  bilg_dept_name: string;
  bilg_dr_codg: string;
  bilg_dr_name: string;
  /** on a restricted item: 1 indication met (reimbursed), 0/2 own pay; elsewhere 2 forces own pay */
  hosp_appr_flag: '0' | '1' | '2';
  rxno?: string;
  dise_codg?: string;
  sin_dos_dscr?: string;
  used_frqu_dscr?: string;
  prd_days?: number;
  medc_way_dscr?: string;
  memo?: string;
}
export interface In2204 {
  feedetail: FeeDetail2204[];
}
export interface FeeResult2204 {
  feedetl_sn: string;
  det_item_fee_sumamt: Yuan;
  cnt: number;
  pric: number;
  /** price cap, 0 when none */
  pric_uplmt_amt: Yuan;
  selfpay_prop: number;
  /** 全自费 */
  fulamt_ownpay_amt: Yuan;
  /** 超限价 */
  overlmt_amt: Yuan;
  /** 先行自付 */
  preselfpay_amt: Yuan;
  /** 政策范围内 */
  inscp_scp_amt: Yuan;
  chrgitm_lv: ChrgitmLv;
  med_chrgitm_type: string;
  lmt_used_flag: Flag;
  memo: string;
}
export interface Out2204 {
  result: FeeResult2204[];
}
export interface In2205 {
  /** chrg_bchno '0000' = all unsettled lines of the visit */
  data: { mdtrt_id: string; chrg_bchno: string; psn_no: string };
}
export type Out2205 = EmptyOutput;

// ---------------------------------------------------------------------------------------------
// 2206 pre-settle (persists nothing), 2207 settle, 2208 cancel

export interface SettleData {
  psn_no: string;
  mdtrt_cert_type: MdtrtCertType;
  mdtrt_cert_no: string;
  med_type: MedType;
  /** must equal the sum of the batch's uploaded lines */
  medfee_sumamt: Yuan;
  psn_setlway: PsnSetlway;
  mdtrt_id: string;
  /** '0000' = every unsettled line of the visit */
  chrg_bchno: string;
  acct_used_flag: Flag;
  insutype: Insutype;
}
export interface In2206 {
  data: SettleData;
}
export interface In2207 {
  data: SettleData & {
    invono?: string;
    fulamt_ownpay_amt?: Yuan;
    overlmt_selfpay?: Yuan;
    preselfpay_amt?: Yuan;
    inscp_scp_amt?: Yuan;
  };
}

/**
 * The settlement. Identities the simulator keeps and the HIS checks (refusing the answer otherwise):
 *   medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt
 *   fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay
 *                   = Σ setldetail[].fund_payamt
 *   psn_part_amt = medfee_sumamt − fund_pay_sumamt = acct_pay + psn_cash_pay
 */
export interface Setlinfo {
  mdtrt_id: string;
  /** '' in a 2206 answer (nothing persisted) */
  setl_id: string;
  psn_no: string;
  psn_name: string;
  psn_cert_type: string;
  certno: string;
  gend: string;
  naty: string;
  brdy: WireDate;
  age: number;
  insutype: Insutype;
  psn_type: string;
  cvlserv_flag: Flag;
  setl_time: WireTime;
  mdtrt_cert_type: MdtrtCertType;
  med_type: MedType;
  medfee_sumamt: Yuan;
  fulamt_ownpay_amt: Yuan;
  overlmt_selfpay: Yuan;
  preselfpay_amt: Yuan;
  inscp_scp_amt: Yuan;
  /** deductible (起付线) paid by this settlement */
  act_pay_dedc: Yuan;
  /** 统筹 */
  hifp_pay: Yuan;
  /** the 统筹 ratio applied (0.9), not a self-pay */
  pool_prop_selfpay: number;
  cvlserv_pay: Yuan;
  /** 企业补充 */
  hifes_pay: Yuan;
  /** 居民大病 */
  hifmi_pay: Yuan;
  /** 职工大额 */
  hifob_pay: Yuan;
  /** 医疗救助 */
  maf_pay: Yuan;
  oth_pay: Yuan;
  fund_pay_sumamt: Yuan;
  psn_part_amt: Yuan;
  /** 个人账户 */
  acct_pay: Yuan;
  /** what the cashier collects */
  psn_cash_pay: Yuan;
  hosp_part_amt: Yuan;
  /** account balance after */
  balc: Yuan;
  acct_mulaid_pay: Yuan;
  /** the HIS's settlement msgid */
  medins_setl_id: string;
  clr_optins: string;
  clr_way: string;
  clr_type: ClrType;
}
export interface Setldetail {
  fund_pay_type: FundPayType;
  inscp_scp_amt: Yuan;
  /** payable ceiling left */
  crt_payb_lmt_amt: Yuan;
  fund_payamt: Yuan;
  fund_pay_type_name: string;
  setl_proc_info: string;
}
export interface Out2206 {
  setlinfo: Setlinfo;
  setldetail: Setldetail[];
}
export type Out2207 = Out2206;

export interface In2208 {
  data: { setl_id: string; mdtrt_id: string; psn_no: string };
}
/**
 * The reversal: its OWN setl_id (keep both); money fields are the negatives of the original's,
 * init_setl_id names the settlement reversed. Accumulators and the account go back.
 */
export interface Out2208 {
  setlinfo: Setlinfo & { init_setl_id: string };
  setldetail: Setldetail[];
}

// ---------------------------------------------------------------------------------------------
// Inpatient (住院): 2401 admission, 2403 change, 2404 cancel, 2402 discharge, 2405 undo discharge;
// 2301 fee upload, 2302 cancel; 2303 pre-settle (persists nothing), 2304 settle, 2305 cancel.
// A stay (mdtrt_id) is admitted → discharged (2402) → settled (2304 mid_setl_flag 0); 2405 takes a
// discharged stay back to admitted; 2305 takes a settled one back to discharged. One open stay
// (admitted or discharged, not settled) per psn_no.

export interface Diseinfo2401 {
  /** 1 西医, 2 中医主病, 3 中医主证 */
  diag_type: DiagType;
  /** '1' the main diagnosis (exactly one) */
  maindiag_flag: Flag;
  diag_srt_no: number;
  diag_code: string;
  diag_name: string;
  /** 入院病情 1 有, 2 临床未确定, 3 情况不明, 4 无 */
  adm_cond?: string;
  diag_dept: string;
  dise_dor_no: string;
  dise_dor_name: string;
  diag_time: WireTime;
}

export interface Mdtrtinfo2401 {
  psn_no: string;
  insutype: Insutype;
  /** 入院时间 */
  begntime: WireTime;
  mdtrt_cert_type: MdtrtCertType;
  mdtrt_cert_no: string;
  /** an inpatient med_type: 21 普通住院 (23, 24, 52) */
  med_type: MedType;
  /** HIS 住院号 */
  ipt_no: string;
  /** 主治医师国家码 */
  atddr_no: string;
  chfpdr_name: string;
  adm_diag_dscr: string;
  adm_dept_codg: string;
  adm_dept_name: string;
  adm_bed: string;
  /** 住院主诊断 (a code of the 1307 catalog) */
  dscg_maindiag_code: string;
  dscg_maindiag_name: string;
  tel?: string;
  coner_name?: string;
  dise_codg?: string;
  dise_name?: string;
}
export interface In2401 {
  mdtrtinfo: Mdtrtinfo2401;
  diseinfo: Diseinfo2401[];
}
export interface Out2401 {
  result: { mdtrt_id: string; psn_no: string; ipt_no: string };
}

/** 2403 change of the admission (dept, bed, doctor, diagnoses) while admitted; psn_no/insutype stay. */
export interface In2403 {
  adminfo: Partial<Omit<Mdtrtinfo2401, 'psn_no'>> & { mdtrt_id: string; psn_no: string };
  /** when given, replaces the admission diagnoses */
  diseinfo?: Diseinfo2401[];
}
export type Out2403 = EmptyOutput;

/** 2404 cancel the admission: only while admitted with no fee line (2302 '0000' first) and no settlement. */
export interface In2404 {
  data: { mdtrt_id: string; psn_no: string };
}
export type Out2404 = EmptyOutput;

export interface In2402 {
  dscginfo: {
    mdtrt_id: string;
    psn_no: string;
    insutype: Insutype;
    /** 出院时间, not before the admission */
    endtime: WireTime;
    dscg_dept_codg: string;
    dscg_dept_name: string;
    /** DSCG_WAY */
    dscg_way: string;
    dscg_bed?: string;
    cop_flag?: Flag;
    /** with dscg_way 5 */
    die_date?: WireDate;
    dscg_maindiag_code?: string;
    dscg_maindiag_name?: string;
  };
  /** discharge diagnoses (at least one, one main) */
  diseinfo: Diseinfo2401[];
}
export type Out2402 = EmptyOutput;

/** 2405 undo the discharge of a stay not settled (2305 first). */
export interface In2405 {
  data: { mdtrt_id: string; psn_no: string };
}
export type Out2405 = EmptyOutput;

export interface FeeDetail2301 {
  /** unique in the stay: the immutable charge-row id */
  feedetl_sn: string;
  /** on a refund (negative cnt): the feedetl_sn of the line it refunds (same item and price) */
  init_feedetl_sn?: string;
  mdtrt_id: string;
  /** 医嘱号 */
  drord_no?: string;
  psn_no: string;
  med_type: MedType;
  fee_ocur_time: WireTime;
  med_list_codg: string;
  medins_list_codg: string;
  /** = pric × cnt; negative on a refund */
  det_item_fee_sumamt: Yuan;
  /** ≠ 0, ≤ 4 decimals; negative = a refund of init_feedetl_sn (at most what is left of it) */
  cnt: number;
  pric: number;
  bilg_dept_codg: string;
  bilg_dept_name: string;
  bilg_dr_codg: string;
  bilg_dr_name: string;
  hosp_appr_flag: '0' | '1' | '2';
  rx_circ_flag?: Flag;
  memo?: string;
}
export interface In2301 {
  feedetail: FeeDetail2301[];
}
/** As 2204's (refund lines: negative amounts and cnt), with the line's init_feedetl_sn echoed. */
export interface FeeResult2301 extends FeeResult2204 {
  init_feedetl_sn: string;
}
export interface Out2301 {
  result: FeeResult2301[];
}
/** feedetl_sn '0000' = every unsettled line of the stay; a line with an unsettled refund: cancel the refund first. */
export interface In2302 {
  data: { feedetl_sn: string; mdtrt_id: string; psn_no: string };
}
export type Out2302 = EmptyOutput;

export interface SettleData2304 {
  psn_no: string;
  mdtrt_cert_type: MdtrtCertType;
  mdtrt_cert_no: string;
  /** = the sum of the stay's uploaded lines not yet settled */
  medfee_sumamt: Yuan;
  psn_setlway: PsnSetlway;
  mdtrt_id: string;
  insutype: Insutype;
  acct_used_flag: Flag;
  /** 0 出院结算 (the stay must be discharged: 2402), 1 中途结算 (while admitted; the stay stays open) */
  mid_setl_flag: Flag;
  invono?: string;
  fulamt_ownpay_amt?: Yuan;
  overlmt_selfpay?: Yuan;
  preselfpay_amt?: Yuan;
  inscp_scp_amt?: Yuan;
}
export interface In2303 {
  data: SettleData2304;
}
export interface In2304 {
  data: SettleData2304;
}
/** 2207's setlinfo (clr_type 21) with the flag echoed; 2303's has setl_id ''. */
export interface Setlinfo2304 extends Setlinfo {
  mid_setl_flag: Flag;
}
export interface Out2304 {
  setlinfo: Setlinfo2304;
  setldetail: Setldetail[];
}
export type Out2303 = Out2304;

export interface In2305 {
  data: { mdtrt_id: string; setl_id: string; psn_no: string };
}
/** As 2208's: the reversal's own setl_id, money negated, init_setl_id; the stay back to discharged. */
export interface Out2305 {
  setlinfo: Setlinfo2304 & { init_setl_id: string };
  setldetail: Setldetail[];
}

// ---------------------------------------------------------------------------------------------
// 2601 reversal of a transaction whose outcome is unknown, 5203 settlement query

export interface In2601 {
  /** omsgid: the msgid of the call to undo; oinfno its infno (2201, 2207, 2208, 2304, 2305, 2401) */
  data: { psn_no: string; omsgid: string; oinfno: string };
}
/**
 * Success in every case the platform accepts: an unknown msgid changes nothing (undone '0'); an
 * applied one is undone once (undone '1'); a second 2601 of it is a no-op success (undone '0').
 * The real platform's output is empty: the adapter relies on infcode only; `undone` is informative.
 */
export interface Out2601 {
  omsgid: string;
  oinfno: string;
  undone: Flag;
}

/**
 * 5203 settlement query (结算信息查询), for an outcome left unknown by a timeout or a lost answer.
 * Search order: omsgid (the msgid of a 2207/2304 or 2208/2305: the settlement or reversal it
 * applied), else setl_id, else mdtrt_id (its latest settlement not reversed). A transaction undone by 2601
 * is not found. psn_no is required and must match.
 */
export interface In5203 {
  data: { psn_no: string; mdtrt_id?: string; setl_id?: string; omsgid?: string };
}
export interface Setlinfo5203 extends Setlinfo {
  /** the msgid of the 2207/2208 that applied it */
  msgid: string;
  /** '2207'/'2304' (a settlement) or '2208'/'2305' (a reversal) */
  infno: '2207' | '2208' | '2304' | '2305';
  /** 1 = this settlement has been reversed by a 2208 */
  refd_setl_flag: Flag;
  /** for a reversal: the settlement it reversed; else null */
  init_setl_id: string | null;
  /** a 2304/2305: '1' a mid-stay settlement (中途结算), '0' the discharge settlement */
  mid_setl_flag?: Flag;
}
/** setlinfo null and setldetail [] when nothing is found (infcode 0). */
export interface Out5203 {
  setlinfo: Setlinfo5203 | null;
  setldetail: Setldetail[];
}

// ---------------------------------------------------------------------------------------------
// 3201 total reconciliation (对总账), 3202 detail reconciliation (对明细账)

export interface In3201 {
  data: {
    insutype: Insutype;
    clr_type: ClrType;
    /** = clr_optins of the settlements */
    setl_optins: string;
    stmt_begndate: WireDate;
    stmt_enddate: WireDate;
    medfee_sumamt: Yuan;
    fund_pay_sumamt: Yuan;
    acct_pay: Yuan;
    /** number of settlements in the group, each reversal (2208) counting as one more */
    fixmedins_setl_cnt: number;
  };
}
export interface Out3201 {
  stmtinfo: {
    setl_optins: string;
    /** 0 平, 1 不平 */
    stmt_rslt: Flag;
    stmt_rslt_dscr: string;
  };
}

export interface In3202 {
  data: {
    setl_optins: string;
    /** from a 9101 upload of the RECON_3202_UPLOAD_COLUMNS file */
    file_qury_no: string;
    stmt_begndate: WireDate;
    stmt_enddate: WireDate;
    medfee_sumamt: Yuan;
    fund_pay_sumamt: Yuan;
    cash_payamt: Yuan;
    fixmedins_setl_cnt: number;
  };
}
/** fetch with 9102: a zip of RECON_3202_RESULT_COLUMNS rows, one per differing settlement. */
export interface Out3202 {
  fileinfo: { file_qury_no: string; filename: string; dld_endtime: WireTime };
}

// ---------------------------------------------------------------------------------------------
// 9101 upload / 9102 download of files

export interface In9101 {
  /** in: base64 of the file bytes */
  fsUploadIn: { in: string; filename: string; fixmedins_code: string };
}
export interface Out9101 {
  file_qury_no: string;
  filename: string;
  dld_endtime: WireTime;
}
/** The answer to 9102 is the raw bytes (application/octet-stream); an error is a JSON envelope. */
export interface In9102 {
  fsDownloadIn: { file_qury_no: string; filename: string; fixmedins_code: string };
}

// ---------------------------------------------------------------------------------------------
// Catalogs. File catalogs (1301, 1302, 1305, 1306, 1307): ask with the highest version held ('0'
// first); the answer's file holds every row of a newer version (each row carries its ver) and
// `ver` is the newest one in it. data_cnt 0 (file_qury_no '') = up to date: stop.

export type FileCatalogInfno =
  | '1301'
  | '1302'
  | '1303'
  | '1305'
  | '1306'
  | '1307'
  | '1308'
  | '1309'
  | '1310'
  | '1311'
  | '1313'
  | '1314'
  | '1315';
/** The file catalogs that are code lists (not chargeable items): 手术操作, 慢特病种, 按病种, 日间手术, 肿瘤形态学,
 *  中医疾病, 中医证候. */
export type CodeListInfno = '1308' | '1309' | '1310' | '1311' | '1313' | '1314' | '1315';
export interface InFileCatalog {
  data: { ver: string };
}
export interface OutFileCatalog {
  file_qury_no: string;
  filename: string;
  data_cnt: number;
  /** the newest version in the file (= the input ver when data_cnt is 0) */
  ver: string;
}

/**
 * 1312 医保目录 (the local 甲/乙/丙 level of each national code), paged. updt_time: rows updated
 * at or after it ('2000-01-01 00:00:00' for all). The simulator folds 1318 (限价) and 1319 (先行自付
 * 比例) into each row: pric_uplmt_amt (0 = none) and selfpay_prop.
 */
export interface In1312 {
  data: {
    query_date: WireDate;
    hilist_code?: string;
    insu_admdvs?: string;
    updt_time: WireTime;
    page_num: number;
    page_size: number;
  };
}
export interface Row1312 {
  hilist_code: string;
  hilist_name: string;
  insu_admdvs: string;
  begndate: WireDate;
  enddate: WireDate | null;
  med_chrg_itmtype: string;
  chrgitm_lv: ChrgitmLv;
  lmt_used_flag: Flag;
  /** the restriction (限定) text, '' when none */
  lmt_used_dscr: string;
  list_type: ListType;
  selfpay_prop: number;
  pric_uplmt_amt: Yuan;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
export interface Out1312 {
  data: Row1312[];
  recordCounts: number;
  pages: number;
  pageNum: number;
  pageSize: number;
}

/** The paged queries' common input (1304, 1316–1319): rows updated at or after updt_time. */
export interface InPagedCatalog {
  data: {
    query_date: WireDate;
    updt_time: WireTime;
    page_num: number;
    page_size: number;
    hilist_code?: string;
    med_list_codg?: string;
    fixmedins_code?: string;
    list_type?: ListType;
    insu_admdvs?: string;
    vali_flag?: Flag;
  };
}
export interface OutPaged<R> {
  data: R[];
  recordCounts: number;
  pages: number;
  pageNum: number;
  pageSize: number;
}
/** 1304 民族药品目录 (list_type 105), paged. */
export interface Row1304 {
  med_list_codg: string;
  drug_prodname: string;
  drug_genname: string;
  /** 民族药种类 (藏药, 蒙药, 维药 …) */
  ethdrug_type: string;
  drug_dosform: string;
  drug_spec: string;
  prodentp_name: string;
  aprvno: string;
  min_prcunt: string;
  list_type: ListType;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
/** 1316 医疗目录与医保目录匹配信息: the national medical catalog code → the insurance list code. */
export interface Row1316 {
  med_list_codg: string;
  hilist_code: string;
  list_type: ListType;
  insu_admdvs: string;
  begndate: WireDate;
  enddate: WireDate | null;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
/** 1317 医药机构目录匹配信息: the institution's matches the insurer holds (what 3301 uploaded, 3302 revoked). */
export interface Row1317 {
  fixmedins_code: string;
  medins_list_codg: string;
  medins_list_name: string;
  insu_admdvs: string;
  list_type: ListType;
  med_list_codg: string;
  begndate: WireDate;
  enddate: WireDate | null;
  aprvno: string;
  spec: string;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
/** 1318 医保目录限价信息: a price cap per unit (yuan) valid from begndate to enddate (null = open). */
export interface Row1318 {
  hilist_code: string;
  /** 限价类型 */
  hilist_lmtpric_type: string;
  /** 超限价处理方式 */
  overlmt_dspo_way: string;
  insu_admdvs: string;
  begndate: WireDate;
  enddate: WireDate | null;
  hilist_pric_uplmt_amt: Yuan;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
/** 1319 医保目录先自付比例信息: the 乙类 self-pay ratio (0–1, ≤ 4 decimals) valid from begndate to enddate. */
export interface Row1319 {
  hilist_code: string;
  /** 先自付比例人员类型 */
  selfpay_prop_psn_type: string;
  /** 先自付比例类型 */
  selfpay_prop_type: string;
  insu_admdvs: string;
  selfpay_prop: number;
  begndate: WireDate;
  enddate: WireDate | null;
  vali_flag: Flag;
  rid: string;
  updt_time: WireTime;
}
export type PagedCatalogInfno = '1304' | '1316' | '1317' | '1318' | '1319';

/** 1901 字典表查询: the code table of one `type` (insutype, psn_type, med_type, clr_type …). */
export interface In1901 {
  data: { type: string; parentValue?: string; admdvs?: string; date?: WireDate; vali_flag?: Flag };
}
export interface Out1901 {
  list: Array<{ value: string; label: string; sort: number; vali_flag: Flag }>;
}

/** 3301 match upload (≤ 100 rows a call); an unknown med_list_codg → -1 naming it. */
export interface In3301 {
  catalogcompin: Array<{
    fixmedins_hilist_id: string;
    fixmedins_hilist_name: string;
    list_type: ListType;
    med_list_codg: string;
    begndate: WireDate;
    enddate?: WireDate;
    aprvno?: string;
    dosform?: string;
    exct_cont?: string;
    item_cont?: string;
    prcunt?: string;
    spec?: string;
    pacspec?: string;
    memo?: string;
  }>;
}
export interface Out3301 {
  succ_cnt: number;
}
/** 3302 match revoke: revoking a match that does not exist → -1. */
export interface In3302 {
  data: { fixmedins_code: string; fixmedins_hilist_id: string; list_type: ListType; med_list_codg: string };
}
export type Out3302 = EmptyOutput;

// ---------------------------------------------------------------------------------------------
// The transaction map

export interface Transactions {
  '9001': { input: In9001; output: Out9001 };
  '9002': { input: In9002; output: Out9002 };
  '1101': { input: In1101; output: Out1101 };
  '2201': { input: In2201; output: Out2201 };
  '2202': { input: In2202; output: Out2202 };
  '2203': { input: In2203; output: Out2203 };
  '2204': { input: In2204; output: Out2204 };
  '2205': { input: In2205; output: Out2205 };
  '2206': { input: In2206; output: Out2206 };
  '2207': { input: In2207; output: Out2207 };
  '2208': { input: In2208; output: Out2208 };
  '2401': { input: In2401; output: Out2401 };
  '2402': { input: In2402; output: Out2402 };
  '2403': { input: In2403; output: Out2403 };
  '2404': { input: In2404; output: Out2404 };
  '2405': { input: In2405; output: Out2405 };
  '2301': { input: In2301; output: Out2301 };
  '2302': { input: In2302; output: Out2302 };
  '2303': { input: In2303; output: Out2303 };
  '2304': { input: In2304; output: Out2304 };
  '2305': { input: In2305; output: Out2305 };
  '2601': { input: In2601; output: Out2601 };
  '5203': { input: In5203; output: Out5203 };
  '3201': { input: In3201; output: Out3201 };
  '3202': { input: In3202; output: Out3202 };
  '9101': { input: In9101; output: Out9101 };
  /** output: raw file bytes, not JSON */
  '9102': { input: In9102; output: never };
  '1301': { input: InFileCatalog; output: OutFileCatalog };
  '1302': { input: InFileCatalog; output: OutFileCatalog };
  '1305': { input: InFileCatalog; output: OutFileCatalog };
  '1306': { input: InFileCatalog; output: OutFileCatalog };
  '1307': { input: InFileCatalog; output: OutFileCatalog };
  '1303': { input: InFileCatalog; output: OutFileCatalog };
  '1308': { input: InFileCatalog; output: OutFileCatalog };
  '1309': { input: InFileCatalog; output: OutFileCatalog };
  '1310': { input: InFileCatalog; output: OutFileCatalog };
  '1311': { input: InFileCatalog; output: OutFileCatalog };
  '1313': { input: InFileCatalog; output: OutFileCatalog };
  '1314': { input: InFileCatalog; output: OutFileCatalog };
  '1315': { input: InFileCatalog; output: OutFileCatalog };
  '1312': { input: In1312; output: Out1312 };
  '1304': { input: InPagedCatalog; output: OutPaged<Row1304> };
  '1316': { input: InPagedCatalog; output: OutPaged<Row1316> };
  '1317': { input: InPagedCatalog; output: OutPaged<Row1317> };
  '1318': { input: InPagedCatalog; output: OutPaged<Row1318> };
  '1319': { input: InPagedCatalog; output: OutPaged<Row1319> };
  '1901': { input: In1901; output: Out1901 };
  '3301': { input: In3301; output: Out3301 };
  '3302': { input: In3302; output: Out3302 };
}
export type InfNo = keyof Transactions;
export type InputOf<N extends InfNo> = Transactions[N]['input'];
export type OutputOf<N extends InfNo> = Transactions[N]['output'];

export const INFNOS = [
  '9001',
  '9002',
  '1101',
  '2201',
  '2202',
  '2203',
  '2204',
  '2205',
  '2206',
  '2207',
  '2208',
  '2401',
  '2402',
  '2403',
  '2404',
  '2405',
  '2301',
  '2302',
  '2303',
  '2304',
  '2305',
  '2601',
  '5203',
  '3201',
  '3202',
  '9101',
  '9102',
  '1301',
  '1302',
  '1305',
  '1306',
  '1307',
  '1303',
  '1308',
  '1309',
  '1310',
  '1311',
  '1313',
  '1314',
  '1315',
  '1312',
  '1304',
  '1316',
  '1317',
  '1318',
  '1319',
  '1901',
  '3301',
  '3302',
] as const satisfies readonly InfNo[];

// ---------------------------------------------------------------------------------------------
// §4 Code tables (seed; a real platform refreshes them with 1901)

export const INSUTYPE = {
  '310': '职工基本医疗保险',
  '320': '公务员医疗补助',
  '330': '大额医疗费用补助',
  '340': '离休人员医疗保障',
  '370': '企业补充医疗保险',
  '380': '新型农村合作医疗',
  '390': '城乡居民基本医疗保险',
  '392': '城乡居民大病医疗保险',
  '510': '生育保险',
} as const;
export type Insutype = keyof typeof INSUTYPE;

export const MED_TYPE = {
  '11': '普通门诊',
  '12': '门诊挂号',
  '13': '急诊',
  '14': '门诊慢特病',
  '21': '普通住院',
  '23': '转外诊治住院',
  '24': '急诊转住院',
  '51': '生育门诊',
  '52': '生育住院',
} as const;
export type MedType = keyof typeof MED_TYPE;

export const MDTRT_CERT_TYPE = { '01': '医保电子凭证', '02': '居民身份证', '03': '社会保障卡' } as const;
export type MdtrtCertType = keyof typeof MDTRT_CERT_TYPE;

export const PSN_TYPE = {
  '1101': '在职',
  '1201': '退休',
  '1401': '学生',
  '1402': '学龄前儿童',
  '1501': '普通居民',
  '1502': '老年居民',
} as const;
export type PsnType = keyof typeof PSN_TYPE;

export const PSN_INSU_STAS = { '1': '正常参保', '2': '暂停参保', '4': '终止参保' } as const;
export type PsnInsuStas = keyof typeof PSN_INSU_STAS;

/** 人员身份类别 (provincial codes vary; these are the simulator's, verify against the local 1901). */
export const PSN_IDET_TYPE = {
  '2101': '特困供养人员',
  '2201': '最低生活保障对象',
  '2301': '返贫致贫人口',
  '2401': '低保边缘家庭成员',
} as const;
export type PsnIdetType = keyof typeof PSN_IDET_TYPE;

export const PSN_SETLWAY = { '01': '按项目结算', '02': '按定额结算' } as const;
export type PsnSetlway = keyof typeof PSN_SETLWAY;

export const CHRGITM_LV = { '01': '甲类', '02': '乙类', '03': '丙类' } as const;
export type ChrgitmLv = keyof typeof CHRGITM_LV;

export const FUND_PAY_TYPE = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工基本医疗保险个人账户',
  '320100': '公务员医疗补助资金',
  '330100': '职工大额医疗费用补助',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险资金',
  '510100': '生育基金',
  '610100': '医疗救助基金',
  '999997': '其他基金',
} as const;
export type FundPayType = keyof typeof FUND_PAY_TYPE;

export const DIAG_TYPE = { '1': '西医诊断', '2': '中医主病诊断', '3': '中医主证诊断' } as const;
export type DiagType = keyof typeof DIAG_TYPE;

export const DSCG_WAY = {
  '1': '医嘱离院',
  '2': '医嘱转院',
  '3': '医嘱转社区卫生服务机构/乡镇卫生院',
  '4': '非医嘱离院',
  '5': '死亡',
  '9': '其他',
} as const;

export const ADM_COND = { '1': '有', '2': '临床未确定', '3': '情况不明', '4': '无' } as const;

/** the simulator answers 11 for outpatient med_types, 21 for inpatient ones */
export const CLR_TYPE = { '11': '门诊', '21': '住院' } as const;
export type ClrType = keyof typeof CLR_TYPE;

export const CLR_WAY = { '1': '按项目结算', '2': '按病种结算', '3': '按床日结算' } as const;

export const LIST_TYPE = {
  '101': '西药',
  '102': '中成药',
  '103': '中药饮片',
  '104': '自制剂',
  '105': '民族药',
  '201': '医疗服务项目',
  '301': '医用耗材',
} as const;
export type ListType = keyof typeof LIST_TYPE;

export const GEND = { '1': '男', '2': '女', '9': '未说明' } as const;

/** 3202 result rows: stmt_rslt of one settlement */
export const RECON_DETAIL_RESULT = {
  '1': '医药机构有，中心无',
  '2': '中心有，医药机构无',
  '3': '金额或状态不一致',
} as const;
export type ReconDetailResult = keyof typeof RECON_DETAIL_RESULT;

// ---------------------------------------------------------------------------------------------
// File column orders (tab-separated, no header). Money columns in yuan as '12.30'-style text.
// Every catalog file ends with vali_flag, rid (unique row id), updt_time, ver.

/** 1301 西药中成药 (list_type 101/102) */
export const CATALOG_1301_COLUMNS = [
  'med_list_codg',
  'drug_genname',
  'drug_prodname',
  'drug_dosform',
  'drug_spec',
  'prodentp_name',
  'aprvno',
  'min_prcunt',
  'list_type',
  'med_chrgitm_type',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1302 中药饮片 (list_type 103) */
export const CATALOG_1302_COLUMNS = [
  'med_list_codg',
  'tcmherb_name',
  'medc_part',
  'cnvl_used',
  'prcunt',
  'list_type',
  'med_chrgitm_type',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1305 医疗服务项目 (list_type 201) */
export const CATALOG_1305_COLUMNS = [
  'med_list_codg',
  'medsrv_name',
  'prcunt',
  'trt_item_cont',
  'trt_exct_cont',
  'list_type',
  'med_chrgitm_type',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1306 医用耗材 (list_type 301) */
export const CATALOG_1306_COLUMNS = [
  'med_list_codg',
  'mcs_name',
  'spec',
  'mcs_matl',
  'prodentp_name',
  'reg_no',
  'prcunt',
  'list_type',
  'med_chrgitm_type',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1307 疾病诊断 (ICD-10, national codes such as 'J06.900') */
export const CATALOG_1307_COLUMNS = [
  'diag_list_id',
  'chp_code',
  'chp_name',
  'cgy_code',
  'cgy_name',
  'sor_code',
  'sor_name',
  'diag_code',
  'diag_name',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1303 医疗机构制剂 (list_type 104; aprvno = the preparation's 制剂批准文号) */
export const CATALOG_1303_COLUMNS = [
  'med_list_codg',
  'drug_genname',
  'drug_prodname',
  'drug_dosform',
  'drug_spec',
  'prodentp_name',
  'aprvno',
  'min_prcunt',
  'list_type',
  'med_chrgitm_type',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1308 手术操作 (ICD-9-CM-3 医保版) */
export const CATALOG_1308_COLUMNS = [
  'oprn_oprt_list_id',
  'cpr_code',
  'cpr_code_name',
  'cgy_code',
  'cgy_name',
  'sor_code',
  'sor_name',
  'dtls_code',
  'dtls_name',
  'oprn_oprt_code',
  'oprn_oprt_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1309 门诊慢特病种 */
export const CATALOG_1309_COLUMNS = [
  'opsp_dise_code',
  'opsp_dise_name',
  'opsp_dise_majcls_name',
  'opsp_dise_subd_clss_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1310 按病种付费病种 */
export const CATALOG_1310_COLUMNS = [
  'bydise_setl_list_code',
  'bydise_setl_dise_name',
  'qlt_oprn_oprt_code',
  'qlt_oprn_oprt_name',
  'dise_cont',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1311 日间手术治疗病种 */
export const CATALOG_1311_COLUMNS = [
  'daysrg_trt_list_id',
  'daysrg_dise_list_code',
  'daysrg_dise_name',
  'oprn_oprt_code',
  'oprn_oprt_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1313 肿瘤形态学 (ICD-O-3 M codes) */
export const CATALOG_1313_COLUMNS = [
  'tumor_morp_id',
  'tumor_cell_type_code',
  'tumor_cell_type',
  'morp_code',
  'morp_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1314 中医疾病 (GB/T 15657 医保版) */
export const CATALOG_1314_COLUMNS = [
  'tcm_dise_id',
  'cpr_code',
  'cpr_name',
  'sec_code',
  'sec_name',
  'dise_code',
  'dise_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** 1315 中医证候 */
export const CATALOG_1315_COLUMNS = [
  'tcm_syndrome_id',
  'sdt_code',
  'sdt_name',
  'syndrome_code',
  'syndrome_name',
  'memo',
  'vali_flag',
  'rid',
  'updt_time',
  'ver',
] as const;

/** The code and name columns of each code-list file (the rest are kept as the row's other fields). */
export const CODE_LIST_KEYS = {
  '1308': { code: 'oprn_oprt_code', name: 'oprn_oprt_name' },
  '1309': { code: 'opsp_dise_code', name: 'opsp_dise_name' },
  '1310': { code: 'bydise_setl_list_code', name: 'bydise_setl_dise_name' },
  '1311': { code: 'daysrg_dise_list_code', name: 'daysrg_dise_name' },
  '1313': { code: 'morp_code', name: 'morp_name' },
  '1314': { code: 'dise_code', name: 'dise_name' },
  '1315': { code: 'syndrome_code', name: 'syndrome_name' },
} as const satisfies Record<CodeListInfno, { code: string; name: string }>;

export const CATALOG_COLUMNS = {
  '1301': CATALOG_1301_COLUMNS,
  '1302': CATALOG_1302_COLUMNS,
  '1303': CATALOG_1303_COLUMNS,
  '1305': CATALOG_1305_COLUMNS,
  '1306': CATALOG_1306_COLUMNS,
  '1307': CATALOG_1307_COLUMNS,
  '1308': CATALOG_1308_COLUMNS,
  '1309': CATALOG_1309_COLUMNS,
  '1310': CATALOG_1310_COLUMNS,
  '1311': CATALOG_1311_COLUMNS,
  '1313': CATALOG_1313_COLUMNS,
  '1314': CATALOG_1314_COLUMNS,
  '1315': CATALOG_1315_COLUMNS,
} as const satisfies Record<FileCatalogInfno, readonly string[]>;

/** A row of a file catalog, by column name. */
export type CatalogRow<N extends FileCatalogInfno> = Record<(typeof CATALOG_COLUMNS)[N][number], string>;

/** 3202 upload (HIS → insurer, via 9101): one row per settlement or reversal of the period. */
export const RECON_3202_UPLOAD_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
  /** 0 a settlement (2207/2304), 1 a reversal (2208/2305) */
  'refd_setl_flag',
] as const;

/** 3202 result (insurer → HIS, via 9102): one row per differing settlement. */
export const RECON_3202_RESULT_COLUMNS = [
  'psn_no',
  'mdtrt_id',
  'setl_id',
  'msgid',
  /** RECON_DETAIL_RESULT */
  'stmt_rslt',
  'refd_setl_flag',
  'memo',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
] as const;
