// Fixtures for the doctor's workstation tests: a clinic, a pharmacy, doctors, a patient,
// catalog items with lots, and diagnoses, written straight through Kysely (no demo seed).
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { CatalogItemsTable } from '../../db/schema.js';
import { pinyinKeys } from '../../db/pinyin.js';
import { userViaApi } from './admin.js';
import type { ApiClient, TestServer } from './server.js';

export const key = () => ({ 'Idempotency-Key': randomUUID() });

type ItemSpec = Partial<Insertable<CatalogItemsTable>> & { code: string; name: string };

const DRUG = { kind: 'drug' as const, drug_class: 'western' as const, charge_category: '09' as const, pack_unit: '盒' };

export const ITEMS: ItemSpec[] = [
  {
    ...DRUG,
    code: 'MET',
    name: '二甲双胍片',
    spec: '0.25g×48片',
    unit: '片',
    pack_size: 48,
    price_fen: 960,
    dose_per_unit: '0.25g',
    default_dose: '0.5',
    dose_unit: 'g',
    default_frequency: 'bid',
    default_route: 'po',
  },
  {
    ...DRUG,
    code: 'AMX',
    name: '阿莫西林胶囊',
    spec: '0.25g×24粒',
    unit: '粒',
    pack_size: 24,
    price_fen: 1200,
    dose_per_unit: '0.25g',
    antibiotic_tier: 'unrestricted',
  },
  {
    ...DRUG,
    code: 'CXM',
    name: '头孢呋辛酯片',
    spec: '0.25g×12片',
    unit: '片',
    pack_size: 12,
    price_fen: 2400,
    dose_per_unit: '0.25g',
    antibiotic_tier: 'restricted',
  },
  {
    ...DRUG,
    code: 'IPM',
    name: '亚胺培南西司他丁钠',
    spec: '0.5g',
    unit: '瓶',
    pack_size: 1,
    price_fen: 9800,
    dose_per_unit: '0.5g',
    antibiotic_tier: 'special',
  },
  {
    ...DRUG,
    code: 'DZP',
    name: '地西泮片',
    spec: '2.5mg×20片',
    unit: '片',
    pack_size: 20,
    price_fen: 300,
    dose_per_unit: '2.5mg',
    controlled_class: 'psych2',
  },
  {
    ...DRUG,
    code: 'MOR',
    name: '盐酸吗啡注射液',
    spec: '10mg:1ml',
    unit: '支',
    pack_size: 1,
    price_fen: 500,
    dose_per_unit: '10mg',
    controlled_class: 'narcotic',
  },
  {
    ...DRUG,
    code: 'VC',
    name: '维生素C片',
    spec: '0.1g×100片',
    unit: '片',
    pack_size: 100,
    price_fen: 350,
    dose_per_unit: '0.1g',
  },
  {
    ...DRUG,
    code: 'LOR',
    name: '氯雷他定片',
    spec: '10mg×6片',
    unit: '片',
    pack_size: 6,
    price_fen: 1850,
    dose_per_unit: '10mg',
  },
  {
    ...DRUG,
    code: 'OME',
    name: '奥美拉唑肠溶胶囊',
    spec: '20mg×14粒',
    unit: '粒',
    pack_size: 14,
    price_fen: 1600,
    dose_per_unit: '20mg',
  },
  {
    ...DRUG,
    code: 'APAP',
    name: '对乙酰氨基酚片',
    spec: '0.5g×12片',
    unit: '片',
    pack_size: 12,
    price_fen: 450,
    dose_per_unit: '0.5g',
  },
  {
    ...DRUG,
    code: 'IBU',
    name: '布洛芬缓释胶囊',
    spec: '0.3g×20粒',
    unit: '粒',
    pack_size: 20,
    price_fen: 1500,
    dose_per_unit: '0.3g',
    drug_class: 'patent',
  },
  {
    ...DRUG,
    code: 'OLD',
    name: '停用药片',
    spec: '10mg',
    unit: '片',
    pack_size: 10,
    price_fen: 100,
    dose_per_unit: '10mg',
    active: 0,
  },
  {
    ...DRUG,
    code: 'HQ',
    name: '黄芪',
    spec: '饮片',
    unit: 'g',
    pack_unit: 'g',
    pack_size: 1,
    price_fen: 12,
    drug_class: 'herbal',
    charge_category: '10',
  },
  {
    ...DRUG,
    code: 'GC',
    name: '甘草',
    spec: '饮片',
    unit: 'g',
    pack_unit: 'g',
    pack_size: 1,
    price_fen: 8,
    drug_class: 'herbal',
    charge_category: '10',
  },
  {
    code: 'CBC',
    name: '血常规',
    kind: 'service',
    drug_class: null,
    charge_category: '04',
    unit: '次',
    pack_unit: '次',
    pack_size: 1,
    price_fen: 1500,
  },
  {
    code: 'BAND',
    name: '无菌纱布',
    kind: 'material',
    drug_class: null,
    charge_category: '08',
    unit: '块',
    pack_unit: '块',
    pack_size: 1,
    price_fen: 120,
  },
];

export interface DoctorFixture {
  clinicId: number;
  pharmacyId: number;
  doctor: Awaited<ReturnType<typeof userViaApi>>;
  other: Awaited<ReturnType<typeof userViaApi>>;
  patientId: number;
  plainPatientId: number;
  items: Record<string, number>;
}

export async function insertPatient(ts: TestServer, name: string, allergies: string[] = []): Promise<number> {
  const db = ts.server.modules.db;
  const py = pinyinKeys(name, { surname: true });
  const now = Date.now();
  const mrn = 'T' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const r = await db
    .insertInto('patients')
    .values({
      mrn,
      name,
      sex: 'M',
      birth_date: '1960-05-01',
      id_number: null,
      phone: null,
      address: null,
      insurance_no: null,
      guardian_name: null,
      guardian_phone: null,
      guardian_relation: null,
      allergies_json: JSON.stringify(allergies),
      pinyin_initials: py.initials,
      pinyin_full: py.full,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const k of new Set([name.toLowerCase(), ...py.initials.split(' '), py.full, mrn.toLowerCase()])) {
    await db
      .insertInto('patient_search')
      .values({ key: k, patient_id: r.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return r.id;
}

export async function seedDoctorWorld(
  ts: TestServer,
  admin: ApiClient,
  opts: { doctorRoles?: string[] } = {},
): Promise<DoctorFixture> {
  const db = ts.server.modules.db;
  const now = Date.now();
  const suffix = String(Math.floor(Math.random() * 1e6));
  const clinic = await admin.post('/api/departments', { code: `NK${suffix}`, name: `内科${suffix}`, kind: 'clinic' });
  const pharmacy = await admin.post('/api/departments', {
    code: `YF${suffix}`,
    name: `西药房${suffix}`,
    kind: 'pharmacy',
  });
  if (clinic.status !== 201 || pharmacy.status !== 201) throw new Error('department create failed');
  const doctor = await userViaApi(ts, admin, opts.doctorRoles ?? ['doctor'], { departmentId: clinic.body.id });
  const other = await userViaApi(ts, admin, ['doctor'], { departmentId: clinic.body.id });
  await db.updateTable('staff').set({ name: '李医生' }).where('id', '=', doctor.staffId).execute();
  await db.updateTable('staff').set({ name: '王医生' }).where('id', '=', other.staffId).execute();

  const items: Record<string, number> = {};
  for (const spec of ITEMS) {
    const code = `${spec.code}${suffix}`;
    const py = pinyinKeys(spec.name);
    const existing = await db.selectFrom('catalog_items').select('id').where('code', '=', code).executeTakeFirst();
    if (existing) {
      items[spec.code] = existing.id;
      continue;
    }
    const r = await db
      .insertInto('catalog_items')
      .values({
        trade_name: null,
        spec: null,
        dosage_form: null,
        manufacturer: null,
        drug_class: null,
        antibiotic_tier: null,
        controlled_class: null,
        dose_per_unit: null,
        default_dose: null,
        dose_unit: null,
        default_frequency: null,
        default_route: null,
        insurance_code: null,
        ...spec,
        code,
        kind: spec.kind ?? 'drug',
        unit: spec.unit ?? '片',
        pack_unit: spec.pack_unit ?? '盒',
        pack_size: spec.pack_size ?? 1,
        price_fen: spec.price_fen ?? 100,
        charge_category: spec.charge_category ?? '09',
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    items[spec.code] = r.id;
  }
  for (const [code, qty] of [
    ['MET', 100],
    ['AMX', 48],
  ] as const) {
    const lot = await db
      .insertInto('stock_lots')
      .values({
        item_id: items[code]!,
        location_id: pharmacy.body.id,
        lot_no: `L${suffix}${code}`,
        expiry_date: '2099-12-31',
        purchase_price_fen: 100,
        qty_on_hand: qty,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('stock_moves')
      .values({
        lot_id: lot.id,
        item_id: items[code]!,
        location_id: pharmacy.body.id,
        qty_delta: qty,
        reason: 'opening',
        ref_type: null,
        ref_id: null,
        reverses_id: null,
        at: now,
        user_id: null,
      })
      .execute();
  }
  for (const [code, name] of [
    ['J06.900', '急性上呼吸道感染'],
    ['I10.X00', '原发性高血压'],
    ['E11.900', '2型糖尿病'],
  ] as const) {
    const py = pinyinKeys(name);
    await db
      .insertInto('diagnoses')
      .values({ code, name, pinyin_initials: py.initials, pinyin_full: py.full })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const patientId = await insertPatient(ts, '张三', ['青霉素']);
  const plainPatientId = await insertPatient(ts, '李四');
  return { clinicId: clinic.body.id, pharmacyId: pharmacy.body.id, doctor, other, patientId, plainPatientId, items };
}

/** A walk-in visit of `patientId` with this doctor, with a diagnosis recorded. */
export async function openVisit(
  client: ApiClient,
  clinicId: number,
  patientId: number,
  diagnose = true,
): Promise<{ id: number; version: number }> {
  const v = await client.post('/api/visits/walk-in', { patientId, departmentId: clinicId }, key());
  if (v.status !== 201) throw new Error(`walk-in failed: ${v.status} ${JSON.stringify(v.body)}`);
  if (!diagnose) return v.body;
  const r = await client.put(`/api/visits/${v.body.id}/record`, {
    chiefComplaint: '咳嗽三天',
    history: null,
    examination: null,
    notes: null,
    diagnoses: [{ code: 'J06.900' }],
    version: v.body.version,
  });
  if (r.status !== 200) throw new Error(`record failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
