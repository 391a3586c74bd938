// Departments: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { DepartmentKind } from '../../../db/schema.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { DepartmentQuery, DepartmentView } from './schema.js';

type Q = Db | Trx;

const COLUMNS = ['id', 'code', 'name', 'kind', 'phone', 'location', 'active', 'pinyin_initials', 'version'] as const;

type Row = {
  id: number;
  code: string;
  name: string;
  kind: DepartmentKind;
  phone: string | null;
  location: string | null;
  active: 0 | 1;
  pinyin_initials: string;
  version: number;
};

export function toView(r: Row): DepartmentView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    phone: r.phone,
    location: r.location,
    active: r.active === 1,
    pinyinInitials: r.pinyin_initials,
    version: r.version,
  };
}

// The lists without a search word (every screen's department pickers), built once.
const listAll = prepared((db) => db.selectFrom('departments').select(COLUMNS).orderBy('code'));
const listKind = prepared((db, p: { kind: DepartmentKind }) =>
  db.selectFrom('departments').select(COLUMNS).where('kind', '=', p.kind).orderBy('code'),
);
const listActive = prepared((db, p: { active: 0 | 1 }) =>
  db.selectFrom('departments').select(COLUMNS).where('active', '=', p.active).orderBy('code'),
);
const listKindActive = prepared((db, p: { kind: DepartmentKind; active: 0 | 1 }) =>
  db
    .selectFrom('departments')
    .select(COLUMNS)
    .where('kind', '=', p.kind)
    .where('active', '=', p.active)
    .orderBy('code'),
);

export async function list(db: Q, q: DepartmentQuery): Promise<DepartmentView[]> {
  if (!q.q) {
    const kind = q.kind as DepartmentKind | undefined;
    const active = q.active === undefined ? undefined : q.active ? 1 : 0;
    const rows =
      kind !== undefined && active !== undefined
        ? await listKindActive.all(db, { kind, active })
        : kind !== undefined
          ? await listKind.all(db, { kind })
          : active !== undefined
            ? await listActive.all(db, { active })
            : await listAll.all(db, {});
    return rows.map(toView);
  }
  let query = db.selectFrom('departments').select(COLUMNS).orderBy('code');
  if (q.kind) query = query.where('kind', '=', q.kind as DepartmentKind);
  if (q.active !== undefined) query = query.where('active', '=', q.active ? 1 : 0);
  if (q.q)
    query = query.where(
      searchCondition(q.q, { contains: ['code', 'name'], initials: 'pinyin_initials', full: 'pinyin_full' }),
    );
  return (await query.execute()).map(toView);
}

export async function findById(db: Q, id: number): Promise<DepartmentView | undefined> {
  const r = await db.selectFrom('departments').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** Another department with this code (case-insensitive) or name. */
const clashes = prepared((db, p: { code: string; name: string }) =>
  db
    .selectFrom('departments')
    .select(['id', 'code', 'name'])
    .where((eb) => eb.or([eb('code', '=', p.code), eb('name', '=', p.name)])),
);
const clashesExcept = prepared((db, p: { code: string; name: string; exceptId: number }) =>
  db
    .selectFrom('departments')
    .select(['id', 'code', 'name'])
    .where((eb) => eb.or([eb('code', '=', p.code), eb('name', '=', p.name)]))
    .where('id', '!=', p.exceptId),
);

export async function findClash(db: Q, code: string, name: string, exceptId: number | null) {
  const rows =
    exceptId === null ? await clashes.all(db, { code, name }) : await clashesExcept.all(db, { code, name, exceptId });
  return {
    code: rows.some((r) => r.code.toLowerCase() === code.toLowerCase()),
    name: rows.some((r) => r.name === name),
  };
}

const insertRow = prepared(
  (
    db,
    p: {
      code: string;
      name: string;
      kind: DepartmentKind;
      phone: string | null;
      location: string | null;
      pinyinInitials: string;
      pinyinFull: string;
      now: number;
    },
  ) =>
    db
      .insertInto('departments')
      .values({
        code: p.code,
        name: p.name,
        kind: p.kind,
        phone: p.phone,
        location: p.location,
        pinyin_initials: p.pinyinInitials,
        pinyin_full: p.pinyinFull,
        created_at: p.now,
        updated_at: p.now,
      })
      .returning(COLUMNS),
);

/** Inserts a department; its view as stored (defaults included), without reading it again. */
export async function insert(
  db: Q,
  v: {
    code: string;
    name: string;
    kind: DepartmentKind;
    phone: string | null;
    location: string | null;
    pinyinInitials: string;
    pinyinFull: string;
  },
  now: number,
): Promise<DepartmentView> {
  const row = await insertRow.first(db, {
    code: v.code,
    name: v.name,
    kind: v.kind,
    phone: v.phone ?? null,
    location: v.location ?? null,
    pinyinInitials: v.pinyinInitials,
    pinyinFull: v.pinyinFull,
    now,
  });
  return toView(row!);
}

export async function update(
  db: Q,
  id: number,
  v: {
    code: string;
    name: string;
    kind: DepartmentKind;
    phone: string | null;
    location: string | null;
    active: boolean;
    pinyinInitials: string;
    pinyinFull: string;
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('departments')
    .set((eb) => ({
      code: v.code,
      name: v.name,
      kind: v.kind,
      phone: v.phone,
      location: v.location,
      active: v.active ? 1 : 0,
      pinyin_initials: v.pinyinInitials,
      pinyin_full: v.pinyinFull,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function countActiveStaff(db: Q, departmentId: number): Promise<number> {
  const r = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('department_id', '=', departmentId)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Active workstations that dispense from this department by default. */
export async function countPharmacyUsers(db: Q, departmentId: number): Promise<number> {
  const r = await db
    .selectFrom('workstations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('default_pharmacy_id', '=', departmentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
