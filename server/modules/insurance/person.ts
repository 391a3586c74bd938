// 1101 person information: the insurer's answer checked field by field and turned into the
// HIS's shape (money in fen). A missing or non-numeric field is refused (insurer_bad_answer).
import { INSUTYPE, PSN_IDET_TYPE, PSN_INSU_STAS, PSN_TYPE } from '../../../core/insurance-wire.js';
import { badAnswer, toFen } from './wire.js';

export interface PersonInsurance {
  insutype: string;
  insutypeName: string;
  psnType: string;
  psnTypeName: string;
  /** 个人账户余额, fen (0 for residents' insurance). */
  balcFen: number;
  /** psn_insu_stas: '1' 正常参保, '2' 暂停参保, '4' 终止参保. */
  status: string;
  statusName: string;
  /** Not '1': refused for settlement (shown red, not selectable). */
  suspended: boolean;
  cvlservFlag: string;
  insuplcAdmdvs: string;
  empName: string;
}

export interface PersonIdentity {
  psnIdetType: string;
  name: string;
  begntime: string;
  endtime: string | null;
}

export interface PersonInfo {
  psnNo: string;
  certno: string;
  name: string;
  gend: string;
  naty: string;
  brdy: string;
  age: number | null;
  insurances: PersonInsurance[];
  identities: PersonIdentity[];
}

const obj = (v: unknown, field: string): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badAnswer(field, '缺失', 'is missing');
  return v as Record<string, unknown>;
};

const str = (o: Record<string, unknown>, k: string, path: string, required = true): string => {
  const v = o[k];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (!required && (v === undefined || v === null || v === '')) return '';
  throw badAnswer(`${path}.${k}`, v === undefined || v === null || v === '' ? '缺失' : '格式不对', 'is missing or bad');
};

/** The 1101 output, checked. */
export function parsePerson(output: unknown): PersonInfo {
  const out = obj(output, 'output');
  const base = obj(out.baseinfo, 'baseinfo');
  const psnNo = str(base, 'psn_no', 'baseinfo');
  const certno = str(base, 'certno', 'baseinfo').toUpperCase();
  const name = str(base, 'psn_name', 'baseinfo');
  let age: number | null = null;
  if (base.age !== undefined && base.age !== null && base.age !== '') {
    age = Number(base.age);
    if (!Number.isFinite(age) || age < 0 || age > 150) throw badAnswer('baseinfo.age', '不是数字', 'is not a number');
    age = Math.floor(age);
  }
  if (!Array.isArray(out.insuinfo)) throw badAnswer('insuinfo', '缺失', 'is missing');
  const insurances = out.insuinfo.map((raw, i): PersonInsurance => {
    const p = `insuinfo[${i}]`;
    const o = obj(raw, p);
    const insutype = str(o, 'insutype', p);
    const status = str(o, 'psn_insu_stas', p);
    const psnType = str(o, 'psn_type', p, false);
    return {
      insutype,
      insutypeName: INSUTYPE[insutype as keyof typeof INSUTYPE] ?? insutype,
      psnType,
      psnTypeName: PSN_TYPE[psnType as keyof typeof PSN_TYPE] ?? psnType,
      balcFen: toFen(o.balc, `${p}.balc`),
      status,
      statusName: PSN_INSU_STAS[status as keyof typeof PSN_INSU_STAS] ?? status,
      suspended: status !== '1',
      cvlservFlag: str(o, 'cvlserv_flag', p, false) || '0',
      insuplcAdmdvs: str(o, 'insuplc_admdvs', p, false),
      empName: str(o, 'emp_name', p, false),
    };
  });
  const idet = out.idetinfo === undefined || out.idetinfo === null ? [] : out.idetinfo;
  if (!Array.isArray(idet)) throw badAnswer('idetinfo', '格式不对', 'is not a list');
  const identities = idet.map((raw, i): PersonIdentity => {
    const p = `idetinfo[${i}]`;
    const o = obj(raw, p);
    const type = str(o, 'psn_idet_type', p);
    return {
      psnIdetType: type,
      name: PSN_IDET_TYPE[type as keyof typeof PSN_IDET_TYPE] ?? type,
      begntime: str(o, 'begntime', p, false),
      endtime: str(o, 'endtime', p, false) || null,
    };
  });
  return {
    psnNo,
    certno,
    name,
    gend: str(base, 'gend', 'baseinfo', false),
    naty: str(base, 'naty', 'baseinfo', false),
    brdy: str(base, 'brdy', 'baseinfo', false),
    age,
    insurances,
    identities,
  };
}
