// The insurer's insured persons (persons.json): the demo seed creates a patient for each (same ID
// number, name, sex, birth date, phone, insurance_no = card_no), so the demo settles them out of
// the box. Account balances are yuan here; the store keeps what was spent from them.
import type { Insutype, PsnIdetType, PsnInsuStas } from '../../core/insurance-wire.js';
import persons from './persons.json' with { type: 'json' };

export interface InsuredPerson {
  psn_no: string;
  psn_name: string;
  /** 1 男, 2 女 */
  gend: '1' | '2';
  naty: string;
  /** yyyy-MM-dd */
  brdy: string;
  psn_cert_type: string;
  /** 18-digit ID number (GB 11643) */
  certno: string;
  /** 社会保障卡卡号 (mdtrt_cert_type 03), the HIS's insurance_no */
  card_no: string;
  /** 卡识别码, required with 03 */
  card_sn: string;
  /** 医保电子凭证 code (mdtrt_cert_type 01), typed or scanned */
  ecert_code: string;
  tel: string;
  addr: string;
  insuplc_admdvs: string;
  insuinfo: Array<{
    insutype: Insutype;
    psn_type: string;
    psn_insu_stas: PsnInsuStas;
    psn_insu_date: string;
    paus_insu_date: string | null;
    cvlserv_flag: '0' | '1';
    /** yuan: the account balance before any settlement (0 for 居民) */
    balc: number;
    emp_name: string;
  }>;
  idetinfo: Array<{
    psn_idet_type: PsnIdetType;
    psn_type_lv: string;
    memo: string;
    begntime: string;
    endtime: string | null;
  }>;
}

export const PERSONS: readonly InsuredPerson[] = persons as InsuredPerson[];

/** Age in whole years on `today` (yyyy-MM-dd). */
export function ageOn(brdy: string, today: string): number {
  const [by, bm, bd] = brdy.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
