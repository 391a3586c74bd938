// The insurance part of the demo center (issue 11): 接口设置 pointed at the insurer simulator
// (install.sh --demo runs it beside the server as a second service, on 127.0.0.1:8091), and a
// patient for every insured person the simulator knows (simulator/insurer/persons.json: same ID
// number, name, sex, birth date and phone; insurance_no = the social security card number), so
// that the demo center reads their cards and settles their visits out of the box.
// Idempotent: the settings key 'demo.insurance' marks it done; a person whose ID number is
// already a patient is left alone.
import { pinyinKeys } from '../db/pinyin.js';
import { setSequenceValue } from '../server/lib/sequences.js';
import type { AuditWho } from '../server/lib/uow.js';
import { configureInsurance } from '../server/modules/insurance/index.js';
import { formatMrn, insertPatientRows, insertSearchKeyRows, searchKeys } from '../server/modules/patients/index.js';
import { writeSetting } from '../server/modules/settings/index.js';
import { PERSONS } from '../simulator/insurer/persons.js';
import type { DemoSeedDeps } from './demo.js';
import { DEMO_AREA_CODE, DEMO_INSTITUTION } from './demo-data.js';

export const INSURANCE_DEMO_KEY = 'demo.insurance';
/** The simulator's address as install.sh starts it (INSURER_URL or INSURER_PORT override it). */
export function demoInsurerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.INSURER_URL || `http://127.0.0.1:${env.INSURER_PORT || 8091}/fsi/api`;
}
/** The demo center's 定点医药机构编号 (12 characters). */
export const DEMO_FIXMEDINS_CODE = 'H33078200001';
/** How many patients this step adds to a fresh demo center. */
export const DEMO_INSURED_PATIENTS = PERSONS.length;

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

export interface InsuranceDemoResult {
  patients: number;
  gatewayUrl: string;
}

export async function seedInsuranceDemo(
  deps: DemoSeedDeps,
  opts: { gatewayUrl?: string } = {},
): Promise<InsuranceDemoResult | null> {
  const gatewayUrl = opts.gatewayUrl ?? demoInsurerUrl();
  return deps.uow.write(async (tx) => {
    const done = await tx.db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', INSURANCE_DEMO_KEY)
      .executeTakeFirst();
    if (done) return null;
    const now = tx.now;

    await configureInsurance(tx, SYSTEM, {
      enabled: true,
      gatewayUrl,
      fixmedinsCode: DEMO_FIXMEDINS_CODE,
      fixmedinsName: DEMO_INSTITUTION.name,
      mdtrtareaAdmvs: DEMO_AREA_CODE,
      insuplcAdmdvs: DEMO_AREA_CODE,
      recerSysCode: 'JICENG',
      infver: 'V1.0',
      facilityLevel: 1,
    });

    const taken = new Set(
      (
        await tx.db
          .selectFrom('patients')
          .select('id_number')
          .where(
            'id_number',
            'in',
            PERSONS.map((p) => p.certno),
          )
          .execute()
      ).map((r) => r.id_number),
    );
    const seq = await tx.db.selectFrom('sequences').select('value').where('name', '=', 'mrn').executeTakeFirst();
    let next = (seq?.value ?? 0) + 1;
    const rows = PERSONS.filter((p) => !taken.has(p.certno)).map((p) => {
      const py = pinyinKeys(p.psn_name, { surname: true });
      const child = Number(p.brdy.slice(0, 4)) > new Date(now).getUTCFullYear() - 16;
      return {
        p,
        py,
        row: {
          mrn: formatMrn(next++),
          name: p.psn_name,
          sex: p.gend === '1' ? ('M' as const) : ('F' as const),
          birth_date: p.brdy,
          id_number: p.certno,
          phone: child ? null : p.tel,
          address: p.addr,
          insurance_no: p.card_no,
          guardian_name: child ? `${p.psn_name.slice(0, 1)}建军` : null,
          guardian_phone: child ? p.tel : null,
          guardian_relation: child ? '父亲' : null,
          allergies_json: '[]',
          chronic_json: '[]',
          pinyin_initials: py.initials,
          pinyin_full: py.full,
          created_at: now,
          updated_at: now,
        },
      };
    });
    await insertPatientRows(
      tx.db,
      rows.map((r) => r.row),
    );
    const ids = new Map(
      (
        await tx.db
          .selectFrom('patients')
          .select(['id', 'mrn'])
          .where('mrn', 'in', rows.length ? rows.map((r) => r.row.mrn) : [''])
          .execute()
      ).map((r) => [r.mrn, r.id]),
    );
    const keys: Array<{ key: string; patient_id: number }> = [];
    for (const { p, py, row } of rows) {
      const id = ids.get(row.mrn);
      if (id === undefined) continue;
      for (const key of searchKeys({ name: p.psn_name, idNumber: p.certno, phone: row.phone, mrn: row.mrn }, py)) {
        keys.push({ key, patient_id: id });
      }
    }
    await insertSearchKeyRows(tx.db, keys);
    if (rows.length) await setSequenceValue(tx.db, 'mrn', next - 1);

    const result: InsuranceDemoResult = { patients: rows.length, gatewayUrl };
    await writeSetting(tx.db, INSURANCE_DEMO_KEY, JSON.stringify({ seededAt: now, ...result }), now, null);
    await tx.audit(SYSTEM, {
      action: 'demo.seed.insurance',
      entity: 'settings',
      entityId: INSURANCE_DEMO_KEY,
      summary: { ...result },
    });
    return result;
  });
}
