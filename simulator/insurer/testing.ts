// Helpers for tests that drive the simulator (its own, and the server's insurance tests): a visit
// with uploaded lines in a few calls, and the 2207 identities checked in fen.
import type { FeeDetail2204, MedType, Setldetail, Setlinfo } from '../../core/insurance-wire.js';
import { ITEMS } from './catalogs.js';
import { type ClientOptions, call } from './client.js';
import { PERSONS } from './persons.js';

/** The national code of a catalog item by its name (and optional spec). */
export function codeOf(name: string, spec?: string): string {
  for (const i of ITEMS.values()) if (i.name === name && (spec === undefined || i.spec === spec)) return i.code;
  throw new Error(`no insurer catalog item named ${name}`);
}

export function personNamed(name: string) {
  const p = PERSONS.find((x) => x.psn_name === name);
  if (!p) throw new Error(`no insured person named ${name}`);
  return p;
}

export interface LineSpec {
  code: string;
  pric: number;
  cnt: number;
  /** default '1' on restricted items, '0' elsewhere */
  appr?: '0' | '1' | '2';
  sn?: string;
  bchno?: string;
}

function ok<T>(a: { infcode: number; err_msg: string | null; output: T | null }, what: string): T {
  if (a.infcode !== 0 || a.output === null) throw new Error(`${what} failed: ${a.err_msg}`);
  return a.output;
}

let visitSeq = 0;

/** Registers a visit (2201), its diagnosis (2203) and uploads lines (2204). */
export async function openVisit(
  url: string,
  personName: string,
  lines: LineSpec[],
  o: { medType?: MedType; insutype?: string; client?: ClientOptions } = {},
) {
  const p = personNamed(personName);
  const insutype = (o.insutype ?? p.insuinfo[0]!.insutype) as '390';
  const now = '2026-12-08 09:00:00';
  visitSeq += 1;
  const iptOtpNo = `MZ${Date.now()}${visitSeq}`;
  const reg = ok(
    await call(
      url,
      '2201',
      {
        data: {
          psn_no: p.psn_no,
          insutype,
          begntime: now,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: p.certno,
          ipt_otp_no: iptOtpNo,
          atddr_no: 'D330782000001',
          dr_name: '李医生',
          dept_code: 'A03',
          dept_name: '全科医疗科',
          caty: 'A03',
        },
      },
      o.client,
    ),
    '2201',
  );
  const mdtrtId = reg.data.mdtrt_id;
  ok(
    await call(
      url,
      '2203',
      {
        mdtrtinfo: { mdtrt_id: mdtrtId, psn_no: p.psn_no, med_type: o.medType ?? '11', begntime: now },
        diseinfo: [
          {
            diag_type: '1',
            diag_srt_no: 1,
            diag_code: 'J06.900',
            diag_name: '急性上呼吸道感染',
            diag_dept: '全科医疗科',
            dise_dor_no: 'D330782000001',
            dise_dor_name: '李医生',
            diag_time: now,
            vali_flag: '1',
          },
        ],
      },
      o.client,
    ),
    '2203',
  );
  const feedetail: FeeDetail2204[] = lines.map((l, i) => {
    const item = ITEMS.get(l.code);
    return {
      feedetl_sn: l.sn ?? `F${visitSeq}-${i + 1}`,
      mdtrt_id: mdtrtId,
      psn_no: p.psn_no,
      chrg_bchno: l.bchno ?? 'B1',
      rx_circ_flag: '0',
      fee_ocur_time: now,
      med_list_codg: l.code,
      medins_list_codg: `L${i + 1}`,
      det_item_fee_sumamt: Math.round(l.pric * l.cnt * 100) / 100,
      cnt: l.cnt,
      pric: l.pric,
      bilg_dept_codg: 'A03',
      bilg_dept_name: '全科医疗科',
      bilg_dr_codg: 'D330782000001',
      bilg_dr_name: '李医生',
      hosp_appr_flag: l.appr ?? (item?.lmt_used_flag === '1' ? '1' : '0'),
    };
  });
  const upload = lines.length ? await call(url, '2204', { feedetail }, o.client) : null;
  if (upload) ok(upload, '2204');
  const medfee = Math.round(feedetail.reduce((s, l) => s + l.det_item_fee_sumamt * 100, 0)) / 100;
  const settleData = (acct: '0' | '1' = '0', bchno = '0000') => ({
    data: {
      psn_no: p.psn_no,
      mdtrt_cert_type: '02' as const,
      mdtrt_cert_no: p.certno,
      med_type: o.medType ?? '11',
      medfee_sumamt: medfee,
      psn_setlway: '01' as const,
      mdtrt_id: mdtrtId,
      chrg_bchno: bchno,
      acct_used_flag: acct,
      insutype,
    },
  });
  return { person: p, mdtrtId, iptOtpNo, insutype, feedetail, upload, medfee, settleData };
}

const f = (y: number) => Math.round(y * 100);

/** Throws unless the settlement keeps the identities of INSURANCE.md §3 (2207), in fen. */
export function checkIdentities(s: Setlinfo, detail: Setldetail[]): void {
  const med = f(s.medfee_sumamt);
  const parts = f(s.fulamt_ownpay_amt) + f(s.overlmt_selfpay) + f(s.preselfpay_amt) + f(s.inscp_scp_amt);
  if (med !== parts) throw new Error(`medfee_sumamt ${med} ≠ Σ parts ${parts}`);
  const funds =
    f(s.hifp_pay) + f(s.cvlserv_pay) + f(s.hifes_pay) + f(s.hifmi_pay) + f(s.hifob_pay) + f(s.maf_pay) + f(s.oth_pay);
  if (f(s.fund_pay_sumamt) !== funds) throw new Error(`fund_pay_sumamt ${f(s.fund_pay_sumamt)} ≠ Σ funds ${funds}`);
  const det = detail.reduce((t, d) => t + f(d.fund_payamt), 0);
  if (det !== funds) throw new Error(`Σ setldetail ${det} ≠ fund_pay_sumamt ${funds}`);
  if (f(s.psn_part_amt) !== med - funds) throw new Error('psn_part_amt ≠ medfee_sumamt − fund_pay_sumamt');
  if (f(s.psn_part_amt) !== f(s.acct_pay) + f(s.psn_cash_pay)) throw new Error('psn_part_amt ≠ acct_pay + cash');
}

let staySeq = 0;

/** A fee line of a stay (2301): negative cnt with init = a refund of that line. */
export interface StayLineSpec extends LineSpec {
  init?: string;
  /** fee_ocur_time, default '2026-12-02 08:00:00' (the stay runs from 12-01 to 12-08) */
  at?: string;
}

/**
 * Admits a stay (2401, med_type 21, admission diagnosis J18.900 肺炎) and uploads its lines (2301),
 * with helpers for the later calls: more lines, discharge (2402), the 2303/2304 input.
 */
export async function admit(
  url: string,
  personName: string,
  lines: StayLineSpec[],
  o: { insutype?: string; client?: ClientOptions; begntime?: string } = {},
) {
  const p = personNamed(personName);
  const insutype = (o.insutype ?? p.insuinfo[0]!.insutype) as '390';
  const begntime = o.begntime ?? '2026-12-01 09:00:00';
  staySeq += 1;
  const iptNo = `ZY${Date.now()}${staySeq}`;
  const diag = (time: string) => ({
    diag_type: '1' as const,
    maindiag_flag: '1' as const,
    diag_srt_no: 1,
    diag_code: 'J18.900',
    diag_name: '肺炎',
    adm_cond: '1',
    diag_dept: '内科',
    dise_dor_no: 'D330782000001',
    dise_dor_name: '李医生',
    diag_time: time,
  });
  const a = await call(
    url,
    '2401',
    {
      mdtrtinfo: {
        psn_no: p.psn_no,
        insutype,
        begntime,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: p.certno,
        med_type: '21',
        ipt_no: iptNo,
        atddr_no: 'D330782000001',
        chfpdr_name: '李医生',
        adm_diag_dscr: '发热咳嗽三天',
        adm_dept_codg: 'A03.01',
        adm_dept_name: '内科',
        adm_bed: '3床',
        dscg_maindiag_code: 'J18.900',
        dscg_maindiag_name: '肺炎',
      },
      diseinfo: [diag(begntime)],
    },
    o.client,
  );
  const mdtrtId = ok(a, '2401').result.mdtrt_id;
  let n = 0;
  /** 2301 of more lines; their feedetl_sn default to S<stay>-<n>. */
  const upload = async (more: StayLineSpec[], client: ClientOptions & { msgid?: string } = o.client ?? {}) => {
    const feedetail = more.map((l) => {
      n += 1;
      const item = ITEMS.get(l.code);
      return {
        feedetl_sn: l.sn ?? `S${staySeq}-${n}`,
        ...(l.init ? { init_feedetl_sn: l.init } : {}),
        mdtrt_id: mdtrtId,
        drord_no: `YZ${n}`,
        psn_no: p.psn_no,
        med_type: '21' as const,
        fee_ocur_time: l.at ?? '2026-12-02 08:00:00',
        med_list_codg: l.code,
        medins_list_codg: `L${n}`,
        det_item_fee_sumamt: Math.round(l.pric * l.cnt * 100) / 100,
        cnt: l.cnt,
        pric: l.pric,
        bilg_dept_codg: 'A03.01',
        bilg_dept_name: '内科',
        bilg_dr_codg: 'D330782000001',
        bilg_dr_name: '李医生',
        hosp_appr_flag: l.appr ?? (item?.lmt_used_flag === '1' ? ('1' as const) : ('0' as const)),
      };
    });
    return call(url, '2301', { feedetail }, client);
  };
  const first = lines.length ? await upload(lines) : null;
  if (first) ok(first, '2301');
  const discharge = (endtime = '2026-12-08 10:00:00', client: ClientOptions & { msgid?: string } = o.client ?? {}) =>
    call(
      url,
      '2402',
      {
        dscginfo: {
          mdtrt_id: mdtrtId,
          psn_no: p.psn_no,
          insutype,
          endtime,
          dscg_dept_codg: 'A03.01',
          dscg_dept_name: '内科',
          dscg_way: '1',
        },
        diseinfo: [diag(endtime)],
      },
      client,
    );
  /** The 2303/2304 input for `medfee` yuan (the unsettled total). */
  const settleData = (medfee: number, mid: '0' | '1' = '0', acct: '0' | '1' = '0') => ({
    data: {
      psn_no: p.psn_no,
      mdtrt_cert_type: '02' as const,
      mdtrt_cert_no: p.certno,
      medfee_sumamt: medfee,
      psn_setlway: '01' as const,
      mdtrt_id: mdtrtId,
      insutype,
      acct_used_flag: acct,
      mid_setl_flag: mid,
    },
  });
  const ids = { mdtrt_id: mdtrtId, psn_no: p.psn_no };
  return { person: p, mdtrtId, iptNo, insutype, first, upload, discharge, settleData, ids };
}
