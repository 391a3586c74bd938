// The demo center's outpatient desk: clinic settings (queue prefix, registration fee, room)
// for every demo clinic and a roster of the demo doctors for today and the next 6 days.
// Idempotent: clinics already set up and roster rows already there are left alone, so it
// can run again (a later day extends the roster). Runs inside the demo seed's transaction.
import { pinyinKeys } from '../db/pinyin.js';
import type { AuditWho, Tx } from '../server/lib/uow.js';
import { businessDay } from '../server/lib/clock.js';
import { getInstitutionSettings } from '../server/modules/settings/index.js';
import { insertItemRow } from '../server/modules/catalog/index.js';
import { saveClinic } from '../server/modules/clinics/index.js';
import { addRosterRow } from '../server/modules/roster/index.js';

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

/** Clinic code → queue prefix, fee (fen), room. 预防保健 is free. */
export const DEMO_CLINICS: Array<{ code: string; prefix: string; feeFen: number; room: string }> = [
  { code: 'QKMZ', prefix: 'A', feeFen: 100, room: '1' },
  { code: 'NK', prefix: 'B', feeFen: 100, room: '2' },
  { code: 'WK', prefix: 'C', feeFen: 100, room: '3' },
  { code: 'FCK', prefix: 'D', feeFen: 100, room: '5' },
  { code: 'EK', prefix: 'E', feeFen: 100, room: '6' },
  { code: 'ZYK', prefix: 'F', feeFen: 100, room: '7' },
  { code: 'KQK', prefix: 'G', feeFen: 100, room: '8' },
  { code: 'YFBJ', prefix: 'H', feeFen: 0, room: '保健室' },
];

/** Doctor (username) → clinic code, session, own room (null: the clinic's). */
export const DEMO_ROSTER: Array<{
  username: string;
  clinic: string;
  session: 'am' | 'pm' | 'all';
  room: string | null;
}> = [
  { username: 'doctor1', clinic: 'QKMZ', session: 'all', room: '1' },
  { username: 'doctor2', clinic: 'QKMZ', session: 'all', room: '4' },
  { username: 'director1', clinic: 'QKMZ', session: 'am', room: '9' },
  { username: 'doctor3', clinic: 'NK', session: 'all', room: null },
  { username: 'doctor4', clinic: 'WK', session: 'all', room: null },
  { username: 'doctor5', clinic: 'FCK', session: 'all', room: null },
  { username: 'doctor6', clinic: 'EK', session: 'all', room: null },
  { username: 'doctor7', clinic: 'ZYK', session: 'all', room: null },
  { username: 'doctor8', clinic: 'KQK', session: 'am', room: null },
  { username: 'doctor9', clinic: 'YFBJ', session: 'all', room: null },
];

export const DEMO_ROSTER_DAYS = 7;
const FEE_ITEM_CODE = 'GHF-PT';

/** The registration-fee catalog item: an active category-13 item, made if there is none. */
async function feeItem(tx: Tx, priceFen: number): Promise<number> {
  const existing = await tx.db
    .selectFrom('catalog_items')
    .select('id')
    .where((eb) =>
      eb.or([eb('code', '=', FEE_ITEM_CODE), eb.and([eb('charge_category', '=', '13'), eb('active', '=', 1)])]),
    )
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing.id;
  const py = pinyinKeys('普通门诊挂号费');
  const row = {
    code: FEE_ITEM_CODE,
    kind: 'service' as const,
    name: '普通门诊挂号费',
    unit: '次',
    pack_unit: '次',
    pack_size: 1,
    price_fen: priceFen,
    charge_category: '13' as const,
    drug_class: null,
    pinyin_initials: py.initials,
    pinyin_full: py.full,
    created_at: tx.now,
    updated_at: tx.now,
  };
  const id = await insertItemRow(tx.db, row);
  await tx.audit(SYSTEM, {
    action: 'catalog.create',
    entity: 'catalog_item',
    entityId: id,
    after: row,
    summary: { source: 'demo' },
  });
  return id;
}

export async function seedClinicsAndRoster(tx: Tx): Promise<{ clinics: number; rosterRows: number }> {
  let clinics = 0;
  let rosterRows = 0;
  const depts = new Map(
    (
      await tx.db
        .selectFrom('departments')
        .select(['id', 'code'])
        .where(
          'code',
          'in',
          DEMO_CLINICS.map((c) => c.code),
        )
        .where('kind', '=', 'clinic')
        .execute()
    ).map((d) => [d.code, d.id]),
  );
  const itemId = await feeItem(tx, 100);
  for (const c of DEMO_CLINICS) {
    const id = depts.get(c.code);
    if (id === undefined) continue;
    const set = await tx.db
      .selectFrom('clinics')
      .select('department_id')
      .where('department_id', '=', id)
      .executeTakeFirst();
    if (set) continue;
    const taken = await tx.db
      .selectFrom('clinics')
      .select('department_id')
      .where('queue_prefix', '=', c.prefix)
      .executeTakeFirst();
    if (taken) continue;
    const row = {
      department_id: id,
      queue_prefix: c.prefix,
      registration_fee_fen: c.feeFen,
      fee_item_id: c.feeFen > 0 ? itemId : null,
      room: c.room,
      updated_at: tx.now,
    };
    await saveClinic(
      tx.db,
      id,
      {
        queuePrefix: row.queue_prefix,
        registrationFeeFen: row.registration_fee_fen,
        feeItemId: row.fee_item_id,
        room: row.room,
      },
      false,
      tx.now,
    );
    await tx.audit(SYSTEM, {
      action: 'clinic.update',
      entity: 'clinic',
      entityId: id,
      after: row,
      summary: { source: 'demo' },
    });
    clinics++;
  }

  const staff = new Map(
    (
      await tx.db
        .selectFrom('users')
        .innerJoin('staff', 'staff.id', 'users.staff_id')
        .select(['users.username', 'staff.id'])
        .where(
          'users.username',
          'in',
          DEMO_ROSTER.map((r) => r.username),
        )
        .execute()
    ).map((u) => [u.username, u.id]),
  );
  const { timeZone } = await getInstitutionSettings(tx.db);
  for (let i = 0; i < DEMO_ROSTER_DAYS; i++) {
    const day = businessDay(tx.now + i * 86_400_000, timeZone);
    for (const r of DEMO_ROSTER) {
      const staffId = staff.get(r.username);
      const deptId = depts.get(r.clinic);
      if (staffId === undefined || deptId === undefined) continue;
      rosterRows += await addRosterRow(tx.db, {
        day,
        department_id: deptId,
        doctor_staff_id: staffId,
        session: r.session,
        room: r.room,
        created_at: tx.now,
      });
    }
  }
  if (rosterRows > 0)
    await tx.audit(SYSTEM, {
      action: 'roster.update',
      entity: 'roster',
      entityId: businessDay(tx.now, timeZone),
      summary: { source: 'demo', rows: rosterRows, days: DEMO_ROSTER_DAYS },
    });
  return { clinics, rosterRows };
}
