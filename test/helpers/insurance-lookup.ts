// A kept 1101 look-up of a patient, written straight into insurance_person_lookups for tests that
// register insured visits without an insurer simulator (an insured registration must carry one:
// insuranceLookupId). The person has one insutype, chosen, normal unless `suspended`.
import type SQLite from 'better-sqlite3';

let seq = 0;

export function giveLookup(
  raw: SQLite.Database,
  patientId: number | null,
  opts: { at: number; insutype?: string | null; suspended?: boolean; name?: string } = { at: Date.now() },
): number {
  seq++;
  const insutype = opts.insutype === undefined ? '390' : opts.insutype;
  const psnNo = `T${process.pid}${String(seq).padStart(6, '0')}`;
  const certno = `33078219800101${String(1000 + (seq % 9000)).slice(-4)}`;
  const name = opts.name ?? '测试参保人';
  const person = {
    psnNo,
    certno,
    name,
    gend: '1',
    naty: '01',
    brdy: '1980-01-01',
    age: 46,
    insurances: [
      {
        insutype: '390',
        insutypeName: '城乡居民基本医疗保险',
        psnType: '1501',
        psnTypeName: '城乡居民',
        balcFen: 0,
        status: opts.suspended ? '2' : '1',
        statusName: opts.suspended ? '暂停参保' : '正常参保',
        suspended: opts.suspended === true,
        cvlservFlag: '0',
        insuplcAdmdvs: '330782',
        empName: '',
      },
    ],
    identities: [],
  };
  return Number(
    raw
      .prepare(
        `INSERT INTO insurance_person_lookups (patient_id, psn_no, psn_name, certno, insutype, cert_type, cert_no,
           card_sn, insuplc_admdvs, output_json, call_id, user_id, at)
         VALUES (?, ?, ?, ?, ?, '02', ?, NULL, '330782', ?, NULL, NULL, ?)`,
      )
      .run(patientId, psnNo, name, certno, insutype, certno, JSON.stringify(person), opts.at).lastInsertRowid,
  );
}
