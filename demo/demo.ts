// Seeds the demo health center (demo-data.ts) so that a newcomer can try every station at
// once: institution settings, departments of every kind, about thirty staff, a user for
// every built-in role and a few workstations. One transaction, audited, idempotent: the
// settings key 'demo' marks it done and a second call does nothing.
//
// Demo users share ONE generated password (there is no default password anywhere), printed
// by `cli init --demo` / `cli seed-demo`, and need not change it (it is a demo). The first
// administrator is not touched and keeps its forced change.
import type { Db } from '../db/connection.js';
import type { Clock } from '../server/lib/clock.js';
import { idCheckChar } from '../server/lib/id-number.js';
import { generatePassword } from '../server/lib/ids.js';
import { pinyinKeys } from '../db/pinyin.js';
import type { AuditWho, Trx, Tx, UnitOfWork } from '../server/lib/uow.js';
import { hashPassword } from '../server/modules/auth/index.js';
import { INSTITUTION_DEFAULTS, type InstitutionSettings, writeSetting } from '../server/modules/settings/index.js';
import { insertDepartment } from '../server/modules/departments/index.js';
import { insertStaff } from '../server/modules/staff/index.js';
import { addUserRoles, insertUser } from '../server/modules/users/index.js';
import { insertWorkstation } from '../server/modules/workstations/index.js';
import { seedClinicsAndRoster } from './roster-demo.js';
import { seedOutpatientDemo } from './outpatient-demo.js';
import { seedInvoiceBooks } from './billing-demo.js';
import { seedStoreDemo } from './store-demo.js';
import { seedHistoryDemo } from './history-demo.js';
import { seedInsuranceDemo } from './insurance.js';
import { seedInsuranceCatalogDemo } from './insurance-catalog.js';
import { seedBedsDemo } from './beds-demo.js';
import { seedChargesDemo } from './charges-demo.js';
import { seedStaysDemo } from './stays-demo.js';
import { ensureStockLocation, makeInpatientPharmacy } from '../server/modules/stock-locations/index.js';
import {
  DEMO_AREA_CODE,
  DEMO_DEPARTMENTS,
  DEMO_INSTITUTION,
  DEMO_PEOPLE,
  DEMO_WORKSTATIONS,
  type DemoPerson,
} from './demo-data.js';

export const DEMO_SETTINGS_KEY = 'demo';

export interface DemoSeedDeps {
  db: Db;
  uow: UnitOfWork;
  clock: Clock;
}

export interface DemoSignIn {
  username: string;
  name: string;
  department: string;
  roles: string[];
}

export interface DemoSeedResult {
  /** The one password every demo user signs in with. */
  password: string;
  users: DemoSignIn[];
  departments: number;
  staff: number;
  workstations: number;
}

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

/** The institution settings of the demo center: the settings module's defaults plus its name. */
export function demoInstitutionSettings(): InstitutionSettings {
  return { ...structuredClone(INSTITUTION_DEFAULTS), ...DEMO_INSTITUTION, version: 1 };
}

/** A well-formed 18-character ID number for the i-th demo person (GB 11643). */
export function demoIdNumber(p: Pick<DemoPerson, 'birth' | 'gender'>, i: number): string {
  // Sequence digits: odd for men, even for women.
  const base = ((i * 37) % 450) * 2 + (p.gender === 'M' ? 1 : 2);
  const first17 = DEMO_AREA_CODE + p.birth + String(base).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

/** An 11-digit mobile number for the i-th demo person. */
export function demoPhone(i: number): string {
  return `139${String(5701 + i).padStart(4, '0')}${String((i * 7919 + 1234) % 10000).padStart(4, '0')}`;
}

export async function isDemoSeeded(db: Db | Trx): Promise<boolean> {
  const row = await db.selectFrom('settings').select('key').where('key', '=', DEMO_SETTINGS_KEY).executeTakeFirst();
  return row !== undefined;
}

async function departmentIds(tx: Tx): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const d of DEMO_DEPARTMENTS) {
    const existing = await tx.db
      .selectFrom('departments')
      .select('id')
      .where((eb) => eb.or([eb('code', '=', d.code), eb('name', '=', d.name)]))
      .executeTakeFirst();
    if (existing) {
      ids.set(d.code, existing.id);
      continue;
    }
    const py = pinyinKeys(d.name);
    const row = {
      code: d.code,
      name: d.name,
      kind: d.kind,
      pinyin_initials: py.initials,
      pinyin_full: py.full,
      phone: d.phone,
      location: d.location,
      created_at: tx.now,
      updated_at: tx.now,
    };
    const id = await insertDepartment(tx.db, row);
    await tx.audit(SYSTEM, {
      action: 'department.create',
      entity: 'department',
      entityId: id,
      after: row,
      summary: { source: 'demo' },
    });
    ids.set(d.code, id);
  }
  // Stock locations (单据使用设置): stores first so that the pharmacies find their supplier;
  // 住院药房 is the inpatient pharmacy (also when migration 090 backfilled it and nobody edited it).
  for (const kind of ['store', 'pharmacy'] as const) {
    for (const d of DEMO_DEPARTMENTS.filter((x) => x.kind === kind)) {
      await ensureStockLocation(tx.db, { id: ids.get(d.code)!, kind }, tx.now);
    }
  }
  const inpatient = ids.get('ZYYF');
  if (inpatient !== undefined) {
    await makeInpatientPharmacy(tx.db, inpatient);
  }
  return ids;
}

/**
 * Seeds the demo center unless it was seeded before (then returns null). Built-in roles
 * must exist (the server syncs them at start; the CLI calls auth.syncBuiltinRoles first).
 */
export async function seedDemo(deps: DemoSeedDeps): Promise<DemoSeedResult | null> {
  const base = await seedBaseDemo(deps);
  // The outpatient catalog, stock and patients: its own transaction and mark, so a center
  // seeded before them gets them on the next run.
  await seedOutpatientDemo(deps);
  // Invoice books for the demo cashiers (idempotent: only those without an active book).
  await deps.uow.write((tx) => seedInvoiceBooks(tx));
  // 30 days of past outpatient activity through the real services (its own mark: 'demo.history').
  await seedHistoryDemo(deps);
  // Suppliers and the store's first documents through the real inventory service (mark: 'demo.store').
  await seedStoreDemo(deps);
  // 接口设置 pointed at the insurer simulator and a patient per insured demo person (mark: 'demo.insurance').
  await seedInsuranceDemo(deps);
  // The insurer's catalogs downloaded and the demo's items, departments, diagnoses and doctors matched (when the
  // gateway answers; mark: 'demo.insurance-catalog').
  await seedInsuranceCatalogDemo(deps);
  // Admitted patients waiting in 住院一病区 with their deposits, through the stays service (mark: 'demo.stays').
  await seedStaysDemo(deps);
  // The wards' rooms, beds and bed fees, and the waiting demo stays placed in beds (after the stays demo;
  // mark: 'demo.beds').
  await seedBedsDemo(deps);
  // The demo stays' bed fees since admission, a few manual charges and a reversal (mark: 'demo.charges').
  await seedChargesDemo(deps);
  return base;
}

async function seedBaseDemo(deps: DemoSeedDeps): Promise<DemoSeedResult | null> {
  if (await isDemoSeeded(deps.db)) return null;
  const password = generatePassword(12);
  // Hash outside the transaction: nothing slow happens while the writer lock is held.
  const hashes = new Map<string, string>();
  await Promise.all(
    DEMO_PEOPLE.filter((p) => p.username).map(async (p) => void hashes.set(p.username!, await hashPassword(password))),
  );

  return deps.uow.write(async (tx) => {
    if (await isDemoSeeded(tx.db)) return null;
    const now = tx.now;
    const result: DemoSeedResult = { password, users: [], departments: 0, staff: 0, workstations: 0 };

    const institution = await tx.db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', 'institution')
      .executeTakeFirst();
    if (!institution) {
      const value = demoInstitutionSettings();
      await writeSetting(tx.db, 'institution', JSON.stringify(value), now, null);
      await tx.audit(SYSTEM, {
        action: 'settings.update',
        entity: 'settings',
        entityId: 'institution',
        after: value,
        summary: { source: 'demo' },
      });
    }

    const before = await tx.db
      .selectFrom('departments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const depts = await departmentIds(tx);
    const after = await tx.db
      .selectFrom('departments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    result.departments = Number(after.n) - Number(before.n);

    const roleRows = await tx.db.selectFrom('roles').select(['id', 'code']).execute();
    const roleIds = new Map(roleRows.map((r) => [r.code, r.id]));
    let staffNo = 0;
    for (const [i, p] of DEMO_PEOPLE.entries()) {
      if (p.username) {
        const taken = await tx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', p.username)
          .executeTakeFirst();
        if (taken) continue; // somebody made this user already: leave it alone
      }
      const idNumber = demoIdNumber(p, i);
      const dupe = await tx.db.selectFrom('staff').select('id').where('id_number', '=', idNumber).executeTakeFirst();
      if (dupe) continue;
      let code: string;
      do {
        staffNo++;
        code = `S${String(staffNo).padStart(4, '0')}`;
      } while (await tx.db.selectFrom('staff').select('id').where('code', '=', code).executeTakeFirst());
      const py = pinyinKeys(p.name, { surname: true });
      const staffRow = {
        code,
        name: p.name,
        gender: p.gender,
        id_number: idNumber,
        phone: demoPhone(i),
        department_id: depts.get(p.department)!,
        title: p.title,
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: now,
        updated_at: now,
      };
      const staff = { id: await insertStaff(tx.db, staffRow) };
      await tx.audit(SYSTEM, {
        action: 'staff.create',
        entity: 'staff',
        entityId: staff.id,
        after: staffRow,
        summary: { source: 'demo' },
      });
      result.staff++;
      if (!p.username) continue;
      const user = {
        id: await insertUser(tx.db, {
          username: p.username,
          staff_id: staff.id,
          password_hash: hashes.get(p.username)!,
          must_change_password: 0,
          locked_until: null,
          password_changed_at: now,
          last_sign_in_at: null,
          created_at: now,
          updated_at: now,
        }),
      };
      const userRoleIds = p.roles.map((r) => {
        const roleId = roleIds.get(r);
        if (roleId === undefined)
          throw new Error(`The built-in role "${r}" is missing; start the server (or run cli migrate) first`);
        return roleId;
      });
      await addUserRoles(tx.db, user.id, userRoleIds);
      await tx.audit(SYSTEM, {
        action: 'user.create',
        entity: 'user',
        entityId: user.id,
        after: { username: p.username, staff_id: staff.id, roles: p.roles },
        summary: { source: 'demo' },
      });
      const dept = DEMO_DEPARTMENTS.find((d) => d.code === p.department)!;
      result.users.push({ username: p.username, name: p.name, department: dept.name, roles: p.roles });
    }

    for (const w of DEMO_WORKSTATIONS) {
      const exists = await tx.db.selectFrom('workstations').select('id').where('code', '=', w.code).executeTakeFirst();
      if (exists) continue;
      const row = {
        code: w.code,
        name: w.name,
        department_id: w.department ? depts.get(w.department)! : null,
        receipt_printer: null,
        label_printer: null,
        invoice_printer: null,
        card_reader: w.cardReader ?? null,
        default_pharmacy_id: w.defaultPharmacy ? depts.get(w.defaultPharmacy)! : null,
        pinyin_initials: pinyinKeys(w.name).initials,
        created_at: now,
        updated_at: now,
      };
      const id = await insertWorkstation(tx.db, row);
      await tx.audit(SYSTEM, {
        action: 'workstation.create',
        entity: 'workstation',
        entityId: id,
        after: row,
        summary: { source: 'demo' },
      });
      result.workstations++;
    }

    await seedClinicsAndRoster(tx); // clinic settings and a week's roster (registration desk)

    const mark = { seededAt: now, institution: DEMO_INSTITUTION.name, users: result.users.map((u) => u.username) };
    await writeSetting(tx.db, DEMO_SETTINGS_KEY, JSON.stringify(mark), now, null);
    await tx.audit(SYSTEM, {
      action: 'demo.seed',
      entity: 'settings',
      entityId: DEMO_SETTINGS_KEY,
      summary: {
        departments: result.departments,
        staff: result.staff,
        users: result.users.length,
        workstations: result.workstations,
      },
    });
    return result;
  });
}
