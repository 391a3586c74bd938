// Stock locations: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { StockDocType, StockLocationRole } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import { DOC_TYPES, type StockLocationView } from './schema.js';

type Q = Db | Trx;

const ORDER = new Map<string, number>(DOC_TYPES.map((d, i) => [d, i]));

function baseQuery(db: Q) {
  return db
    .selectFrom('departments as d')
    .innerJoin('stock_locations as l', 'l.department_id', 'd.id')
    .leftJoin('departments as s', 's.id', 'l.supplied_by_id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.kind',
      'd.active',
      'l.role',
      'l.supplied_by_id',
      'l.version',
      's.name as supplied_by_name',
    ])
    .where('d.kind', 'in', ['store', 'pharmacy']);
}

async function docTypesByLocation(db: Q, ids: number[]): Promise<Map<number, StockDocType[]>> {
  const out = new Map<number, StockDocType[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('location_doc_types')
    .select(['location_id', 'doc_type'])
    .where('location_id', 'in', ids)
    .execute();
  for (const r of rows) {
    const list = out.get(r.location_id) ?? [];
    list.push(r.doc_type);
    out.set(r.location_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
  return out;
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toView(r: Row, docTypes: StockDocType[]): StockLocationView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as 'store' | 'pharmacy',
    role: r.role,
    suppliedById: r.supplied_by_id,
    suppliedByName: r.supplied_by_name,
    docTypes: docTypes.filter((d): d is StockLocationView['docTypes'][number] => d !== 'price_adjustment'),
    active: r.active === 1,
    version: r.version,
  };
}

/** Every store and pharmacy department that has a stock location row: stores first, then by code. */
export async function list(db: Q): Promise<StockLocationView[]> {
  const rows = await baseQuery(db).orderBy('d.kind', 'desc').orderBy('d.code').execute();
  const types = await docTypesByLocation(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, types.get(r.id) ?? []));
}

export async function findById(db: Q, id: number): Promise<StockLocationView | undefined> {
  const r = await baseQuery(db).where('d.id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const types = await docTypesByLocation(db, [id]);
  return toView(r, types.get(id) ?? []);
}

/** The department, its kind and activity, and its stock location row (if any). */
const findDepartmentQ = prepared((db, p: { id: number }) =>
  db
    .selectFrom('departments as d')
    .leftJoin('stock_locations as l', 'l.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.kind', 'd.active', 'l.role', 'l.supplied_by_id'])
    .where('d.id', '=', p.id),
);

export async function findDepartment(db: Q, id: number) {
  return findDepartmentQ.first(db, { id });
}

const hasDocTypeQ = prepared((db, p: { id: number; type: StockDocType }) =>
  db
    .selectFrom('location_doc_types')
    .select('location_id')
    .where('location_id', '=', p.id)
    .where('doc_type', '=', p.type),
);

export async function hasDocType(db: Q, id: number, type: StockDocType): Promise<boolean> {
  return (await hasDocTypeQ.first(db, { id, type })) !== undefined;
}

export async function firstActiveStore(db: Q, exceptId: number): Promise<number | null> {
  const r = await db
    .selectFrom('departments as d')
    .innerJoin('stock_locations as l', 'l.department_id', 'd.id')
    .select('d.id')
    .where('d.kind', '=', 'store')
    .where('d.active', '=', 1)
    .where('l.role', '=', 'store')
    .where('d.id', '!=', exceptId)
    .orderBy('d.id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Names of the active departments this location supplies. */
export async function namesSuppliedBy(db: Q, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('stock_locations as l')
    .innerJoin('departments as d', 'd.id', 'l.department_id')
    .select('d.name')
    .where('l.supplied_by_id', '=', id)
    .where('d.active', '=', 1)
    .where('d.kind', 'in', ['store', 'pharmacy'])
    .orderBy('d.code')
    .execute();
  return rows.map((r) => r.name);
}

export async function insertLocation(
  db: Q,
  id: number,
  role: StockLocationRole,
  suppliedById: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('stock_locations')
    .values({ department_id: id, role, supplied_by_id: suppliedById, updated_at: now })
    .execute();
}

export async function updateLocation(
  db: Q,
  id: number,
  role: StockLocationRole,
  suppliedById: number | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('stock_locations')
    .set((eb) => ({ role, supplied_by_id: suppliedById, updated_at: now, version: eb('version', '+', 1) }))
    .where('department_id', '=', id)
    .execute();
}

/** Replaces the location's document types with `types`. */
export async function setDocTypes(db: Q, id: number, types: readonly StockDocType[], now: number): Promise<void> {
  await db.deleteFrom('location_doc_types').where('location_id', '=', id).execute();
  if (types.length) {
    await db
      .insertInto('location_doc_types')
      .values(types.map((doc_type) => ({ location_id: id, doc_type, created_at: now })))
      .execute();
  }
}
