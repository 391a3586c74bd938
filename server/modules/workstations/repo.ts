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
      'workstations.id',
      'workstations.code',
      'workstations.name',
      'workstations.department_id',
      'departments.name as department_name',
      'workstations.receipt_printer',
      'workstations.label_printer',
      'workstations.invoice_printer',
      'workstations.card_reader',
      'workstations.default_pharmacy_id',
      'workstations.active',
      'workstations.version',
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
  if (q.q)
    query = query.where(
      searchCondition(q.q, {
        contains: ['workstations.code', 'workstations.name'],
        initials: 'workstations.pinyin_initials',
      }),
    );
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

export async function update(
  db: Q,
  id: number,
  v: WorkstationValues & { active: boolean },
  now: number,
): Promise<void> {
  await db
    .updateTable('workstations')
    .set((eb) => ({ ...columns(v), active: v.active ? 1 : 0, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

// ---- Browser bindings (workstation_tokens): only the token's SHA-256 hash is stored ----

export interface BindingRow {
  id: number;
  workstationId: number;
  workstationName: string;
  issuedBy: number | null;
  issuedByName: string | null;
  issuedAt: number;
  userAgent: string | null;
  lastSeenAt: number | null;
}

/** The live binding of a token hash whose workstation is active, or undefined. */
export function liveToken(db: Q, tokenHash: string) {
  return db
    .selectFrom('workstation_tokens')
    .innerJoin('workstations', 'workstations.id', 'workstation_tokens.workstation_id')
    .select(['workstation_tokens.id', 'workstation_tokens.workstation_id', 'workstation_tokens.last_seen_at'])
    .where('workstation_tokens.token_hash', '=', tokenHash)
    .where('workstation_tokens.revoked_at', 'is', null)
    .where('workstations.active', '=', 1)
    .executeTakeFirst();
}

export async function insertToken(
  db: Q,
  v: { workstationId: number; tokenHash: string; issuedBy: number | null; userAgent: string | null },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('workstation_tokens')
    .values({
      workstation_id: v.workstationId,
      token_hash: v.tokenHash,
      issued_by: v.issuedBy,
      issued_at: now,
      user_agent: v.userAgent,
      last_seen_at: now,
      revoked_at: null,
      revoked_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function tokenById(db: Q, id: number) {
  return db
    .selectFrom('workstation_tokens')
    .select(['id', 'workstation_id', 'revoked_at', 'user_agent', 'issued_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function tokenByHash(db: Q, tokenHash: string) {
  return db
    .selectFrom('workstation_tokens')
    .select(['id', 'workstation_id', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Sets revoked_at on a live token; true when it was live. */
export async function revokeToken(db: Q, id: number, by: number | null, now: number): Promise<boolean> {
  const r = await db
    .updateTable('workstation_tokens')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchToken(db: Q, id: number, now: number): Promise<void> {
  await db.updateTable('workstation_tokens').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Live bindings (not revoked), newest first; of one workstation when given. */
export async function liveBindings(db: Q, workstationId?: number): Promise<BindingRow[]> {
  let q = db
    .selectFrom('workstation_tokens')
    .innerJoin('workstations', 'workstations.id', 'workstation_tokens.workstation_id')
    .leftJoin('users', 'users.id', 'workstation_tokens.issued_by')
    .leftJoin('staff', 'staff.id', 'users.staff_id')
    .select([
      'workstation_tokens.id',
      'workstation_tokens.workstation_id',
      'workstations.name as workstation_name',
      'workstation_tokens.issued_by',
      'users.username',
      'staff.name as staff_name',
      'workstation_tokens.issued_at',
      'workstation_tokens.user_agent',
      'workstation_tokens.last_seen_at',
    ])
    .where('workstation_tokens.revoked_at', 'is', null)
    .orderBy('workstation_tokens.id', 'desc');
  if (workstationId !== undefined) q = q.where('workstation_tokens.workstation_id', '=', workstationId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    workstationId: r.workstation_id,
    workstationName: r.workstation_name,
    issuedBy: r.issued_by,
    issuedByName: r.staff_name ? `${r.staff_name}(${r.username})` : (r.username ?? null),
    issuedAt: r.issued_at,
    userAgent: r.user_agent,
    lastSeenAt: r.last_seen_at,
  }));
}
