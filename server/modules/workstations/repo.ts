// Workstations: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { WorkstationQuery, WorkstationView } from './schema.js';

type Q = Db | Trx;

function base(db: Q) {
  return db
    .selectFrom('workstations')
    .leftJoin('departments', 'departments.id', 'workstations.department_id')
    .select([
      'workstations.id', 'workstations.code', 'workstations.name', 'workstations.department_id', 'departments.name as department_name',
      'workstations.receipt_printer', 'workstations.label_printer', 'workstations.invoice_printer', 'workstations.card_reader',
      'workstations.default_pharmacy_id', 'workstations.active', 'workstations.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toView(r: Row): WorkstationView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    receiptPrinter: r.receipt_printer,
    labelPrinter: r.label_printer,
    invoicePrinter: r.invoice_printer,
    cardReader: r.card_reader,
    defaultPharmacyId: r.default_pharmacy_id,
    active: r.active === 1,
    version: r.version,
  };
}

export async function list(db: Q, q: WorkstationQuery): Promise<WorkstationView[]> {
  let query = base(db).orderBy('workstations.code');
  if (q.active !== undefined) query = query.where('workstations.active', '=', q.active ? 1 : 0);
  if (q.q) query = query.where(searchCondition(q.q, { contains: ['workstations.code', 'workstations.name'], initials: 'workstations.pinyin_initials' }));
  return (await query.execute()).map(toView);
}

export async function findById(db: Q, id: number): Promise<WorkstationView | undefined> {
  const r = await base(db).where('workstations.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

export async function codeTaken(db: Q, code: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('workstations').select('id').where('code', '=', code);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export function findDepartment(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export interface WorkstationValues {
  code: string;
  name: string;
  departmentId: number | null;
  receiptPrinter: string | null;
  labelPrinter: string | null;
  invoicePrinter: string | null;
  cardReader: string | null;
  defaultPharmacyId: number | null;
  pinyinInitials: string;
}

const columns = (v: WorkstationValues) => ({
  code: v.code,
  name: v.name,
  department_id: v.departmentId,
  receipt_printer: v.receiptPrinter,
  label_printer: v.labelPrinter,
  invoice_printer: v.invoicePrinter,
  card_reader: v.cardReader,
  default_pharmacy_id: v.defaultPharmacyId,
  pinyin_initials: v.pinyinInitials,
});

export async function insert(db: Q, v: WorkstationValues, now: number): Promise<number> {
  const r = await db
    .insertInto('workstations')
    .values({ ...columns(v), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: WorkstationValues & { active: boolean }, now: number): Promise<void> {
  await db
    .updateTable('workstations')
    .set((eb) => ({ ...columns(v), active: v.active ? 1 : 0, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
