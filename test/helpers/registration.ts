// Fixtures for the registration, queue and display tests: clinics with settings, a fee item,
// doctors on today's roster, a registrar and patients, written through the API where the API
// exists (departments, users, clinics, roster) and straight through Kysely otherwise.
import { randomUUID } from 'node:crypto';
import { pinyinKeys } from '../../db/pinyin.js';
import { userViaApi } from './admin.js';
import type { ApiClient, TestServer } from './server.js';

export const idem = () => ({ 'Idempotency-Key': randomUUID() });

let n = 0;

export async function insertPatient(ts: TestServer, name: string): Promise<number> {
  const db = ts.server.modules.db;
  const py = pinyinKeys(name, { surname: true });
  const now = ts.clock.now();
  const mrn = `RB${process.pid % 10000}${++n}`;
  const r = await db
    .insertInto('patients')
    .values({
      mrn,
      name,
      sex: 'F',
      birth_date: '1980-03-04',
      id_number: null,
      phone: null,
      address: null,
      insurance_no: null,
      guardian_name: null,
      guardian_phone: null,
      guardian_relation: null,
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

export async function insertFeeItem(ts: TestServer, priceFen: number): Promise<number> {
  const now = ts.clock.now();
  const py = pinyinKeys('普通挂号费');
  const r = await ts.server.modules.db
    .insertInto('catalog_items')
    .values({
      code: `GHF${process.pid % 10000}${++n}`,
      kind: 'service',
      name: '普通挂号费',
      unit: '次',
      pack_unit: '次',
      pack_size: 1,
      price_fen: priceFen,
      charge_category: '13',
      drug_class: null,
      pinyin_initials: py.initials,
      pinyin_full: py.full,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface RegistrationWorld {
  day: string;
  prefixA: string;
  prefixB: string;
  clinicA: number; // 内科, fee 500 fen, room "2"
  clinicB: number; // 全科, free
  unconfigured: number; // a clinic without settings
  ward: number; // a department that is not a clinic
  feeItem: number;
  doctor1: Awaited<ReturnType<typeof userViaApi>>; // rostered in A
  doctor2: Awaited<ReturnType<typeof userViaApi>>; // rostered in A, room "3"
  doctor3: Awaited<ReturnType<typeof userViaApi>>; // not rostered
  registrar: Awaited<ReturnType<typeof userViaApi>>;
}

async function ok(r: Promise<{ status: number; body: any }>, what: string, status = 200): Promise<any> {
  const x = await r;
  if (x.status !== status) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

/** Business day of the test clock in the default time zone (Asia/Shanghai). */
export function dayOf(ts: TestServer): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ts.clock.now());
}

export async function registrationWorld(ts: TestServer, admin: ApiClient): Promise<RegistrationWorld> {
  const s = `${process.pid % 1000}${++n}`;
  const clinicA = (
    await ok(admin.post('/api/departments', { code: `RA${s}`, name: `内科${s}`, kind: 'clinic' }), 'clinic A', 201)
  ).id;
  const clinicB = (
    await ok(admin.post('/api/departments', { code: `RB${s}`, name: `全科${s}`, kind: 'clinic' }), 'clinic B', 201)
  ).id;
  const unconfigured = (
    await ok(admin.post('/api/departments', { code: `RC${s}`, name: `口腔${s}`, kind: 'clinic' }), 'clinic C', 201)
  ).id;
  const ward = (
    await ok(admin.post('/api/departments', { code: `RW${s}`, name: `病区${s}`, kind: 'ward' }), 'ward', 201)
  ).id;
  const feeItem = await insertFeeItem(ts, 500);
  const prefixA = nextPrefix();
  const prefixB = nextPrefix();
  await ok(
    admin.put(`/api/clinics/${clinicA}`, {
      queuePrefix: prefixA,
      registrationFeeFen: 500,
      feeItemId: feeItem,
      room: '2',
      version: null,
    }),
    'clinic A settings',
  );
  await ok(
    admin.put(`/api/clinics/${clinicB}`, {
      queuePrefix: prefixB,
      registrationFeeFen: 0,
      feeItemId: null,
      room: null,
      version: null,
    }),
    'clinic B settings',
  );
  const doctor1 = await userViaApi(ts, admin, ['doctor'], { departmentId: clinicA });
  const doctor2 = await userViaApi(ts, admin, ['doctor'], { departmentId: clinicA });
  const doctor3 = await userViaApi(ts, admin, ['doctor'], { departmentId: clinicA });
  const registrar = await userViaApi(ts, admin, ['registrar'], { departmentId: clinicB });
  const db = ts.server.modules.db;
  await db.updateTable('staff').set({ name: '李明华' }).where('id', '=', doctor1.staffId).execute();
  await db.updateTable('staff').set({ name: '张秀英' }).where('id', '=', doctor2.staffId).execute();
  const day = dayOf(ts);
  await ok(
    registrar.client.put(`/api/roster/${day}`, {
      entries: [
        { departmentId: clinicA, doctorStaffId: doctor1.staffId, session: 'all' },
        { departmentId: clinicA, doctorStaffId: doctor2.staffId, session: 'am', room: '3' },
      ],
    }),
    'roster',
  );
  return { day, prefixA, prefixB, clinicA, clinicB, unconfigured, ward, feeItem, doctor1, doctor2, doctor3, registrar };
}

const PREFIXES = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
let prefixNo = 0;
/** Queue prefixes are unique per server; tests of one file share a server. */
export function nextPrefix(): string {
  const i = prefixNo++;
  return i < PREFIXES.length
    ? PREFIXES[i]!
    : PREFIXES[Math.floor(i / PREFIXES.length) % PREFIXES.length]! + PREFIXES[i % PREFIXES.length]!;
}
