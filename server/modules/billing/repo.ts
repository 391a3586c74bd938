// Billing: read queries for the cashier (unpaid orders, bills, shifts, invoice books).
// The ledger's writes are in ledger-repo.ts.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

const patientBriefQ = prepared((db, p: { id: number }) =>
  db.selectFrom('patients').select(['id', 'mrn', 'name', 'sex', 'birth_date', 'insurance_no']).where('id', '=', p.id),
);

export async function patientBrief(db: Q, id: number) {
  return patientBriefQ.first(db, { id });
}

/** Orders of a patient in some statuses, with their visit's clinic and the doctor. */
export async function ordersOfPatient(db: Q, patientId: number, statuses: ('signed' | 'paid')[]) {
  return db
    .selectFrom('orders')
    .innerJoin('departments', 'departments.id', 'orders.department_id')
    .innerJoin('staff', 'staff.id', 'orders.doctor_staff_id')
    .leftJoin('visits', 'visits.id', 'orders.visit_id')
    .select([
      'orders.id',
      'orders.visit_id',
      'orders.kind',
      'orders.status',
      'orders.pharmacy_id',
      'orders.total_fen',
      'orders.signed_at',
      'orders.version',
      'orders.patient_id',
      'orders.valid_days',
      'departments.name as department_name',
      'staff.name as doctor_name',
      'visits.payer as visit_payer',
    ])
    .where('orders.patient_id', '=', patientId)
    .where('orders.status', 'in', statuses)
    .orderBy('orders.signed_at')
    .orderBy('orders.id')
    .execute();
}

/** Patients with signed, unpaid orders (the cashier's waiting list), longest waiting first. */
export async function waitingPatients(db: Q, limit: number) {
  return db
    .selectFrom('orders')
    .innerJoin('patients', 'patients.id', 'orders.patient_id')
    .select([
      'patients.id',
      'patients.name',
      'patients.mrn',
      'patients.sex',
      sql<number>`count(*)`.as('order_count'),
      sql<number>`sum(orders.total_fen)`.as('total_fen'),
      sql<number>`min(orders.signed_at)`.as('first_signed_at'),
    ])
    .where('orders.status', '=', 'signed')
    .groupBy('patients.id')
    .orderBy('first_signed_at')
    .limit(limit)
    .execute();
}

/** Visits whose payer differs from the one chosen at the cashier (自费 ↔ 医保). */
const otherPayerQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('visits')
    .select(['id', 'payer', 'version'])
    .where('id', 'in', listOf<number>(p, 'id', n))
    .where('payer', '!=', p.payer as 'cash' | 'insured'),
);

export async function visitsWithOtherPayer(db: Q, visitIds: number[], payer: 'cash' | 'insured') {
  if (!visitIds.length) return [];
  return otherPayerQ(visitIds.length).all(db, { payer, ...listParams('id', visitIds) });
}

const ordersByIdsQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('orders')
    .selectAll()
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

export async function ordersByIds(db: Q, ids: number[]) {
  if (!ids.length) return [];
  return ordersByIdsQ(ids.length).all(db, listParams('id', ids));
}

/** Lines of orders with their catalog item's name, spec and units. */
const orderLinesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('order_lines')
    .innerJoin('catalog_items', 'catalog_items.id', 'order_lines.item_id')
    .select([
      'order_lines.id',
      'order_lines.order_id',
      'order_lines.line_no',
      'order_lines.item_id',
      'order_lines.quantity',
      'order_lines.unit_price_fen',
      'order_lines.pack_size',
      'order_lines.amount_fen',
      'order_lines.charge_category',
      'catalog_items.name',
      'catalog_items.spec',
      'catalog_items.unit',
      'catalog_items.pack_unit',
      'catalog_items.invoice_confirmed',
      'catalog_items.charge_category as item_charge_category',
    ])
    .where('order_lines.order_id', 'in', listOf<number>(p, 'id', n))
    .orderBy('order_lines.order_id')
    .orderBy('order_lines.line_no'),
);

export async function orderLines(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  return orderLinesQ(orderIds.length).all(db, listParams('id', orderIds));
}

const billColumns = [
  'bills.id',
  'bills.patient_id',
  'bills.visit_id',
  'bills.kind',
  'bills.reverses_id',
  'bills.payer',
  'bills.invoice_no',
  'bills.total_fen',
  'bills.insurance_fund_fen',
  'bills.patient_pay_fen',
  'bills.cashier_user_id',
  'bills.shift_id',
  'bills.at',
  'bills.reason',
  'patients.name as patient_name',
  'patients.mrn',
  'patients.pinyin_initials as patient_pinyin',
  'staff.name as cashier_name',
] as const;

export async function listBills(
  db: Q,
  f: { patientId?: number | undefined; from?: number; to?: number; shiftId?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('bills')
    .innerJoin('patients', 'patients.id', 'bills.patient_id')
    .innerJoin('users', 'users.id', 'bills.cashier_user_id')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select(billColumns)
    .orderBy('bills.id', 'desc')
    .limit(f.limit);
  if (f.patientId !== undefined) q = q.where('bills.patient_id', '=', f.patientId);
  if (f.shiftId !== undefined) q = q.where('bills.shift_id', '=', f.shiftId);
  if (f.from !== undefined) q = q.where('bills.at', '>=', f.from);
  if (f.to !== undefined) q = q.where('bills.at', '<', f.to);
  return q.execute();
}

export async function billsByIds(db: Q, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('bills')
    .innerJoin('patients', 'patients.id', 'bills.patient_id')
    .innerJoin('users', 'users.id', 'bills.cashier_user_id')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select(billColumns)
    .where('bills.id', 'in', ids)
    .execute();
}

export async function refundBillIds(db: Q, originalIds: number[]) {
  if (!originalIds.length) return [];
  return db
    .selectFrom('bills')
    .select(['id', 'reverses_id', 'total_fen'])
    .where('reverses_id', 'in', originalIds)
    .orderBy('id')
    .execute();
}

export async function paymentsOfBills(db: Q, billIds: number[]) {
  if (!billIds.length) return [];
  return db.selectFrom('payments').selectAll().where('bill_id', 'in', billIds).orderBy('id').execute();
}

export async function billLinesWithItems(db: Q, billId: number) {
  return db
    .selectFrom('bill_lines')
    .innerJoin('catalog_items', 'catalog_items.id', 'bill_lines.item_id')
    .leftJoin('order_lines', 'order_lines.id', 'bill_lines.order_line_id')
    .select([
      'bill_lines.id',
      'bill_lines.order_line_id',
      'bill_lines.registration_id',
      'bill_lines.item_id',
      'bill_lines.quantity',
      'bill_lines.unit_price_fen',
      'bill_lines.amount_fen',
      'bill_lines.charge_category',
      'bill_lines.reverses_line_id',
      'catalog_items.name',
      'catalog_items.spec',
      'catalog_items.unit',
      'order_lines.order_id',
    ])
    .where('bill_lines.bill_id', '=', billId)
    .orderBy('bill_lines.id')
    .execute();
}

// ---- Shifts ----

export async function shiftById(db: Q, id: number) {
  return db.selectFrom('shifts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openShift(db: Q, userId: number) {
  return db
    .selectFrom('shifts')
    .selectAll()
    .where('cashier_user_id', '=', userId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

export async function closedShiftsOf(db: Q, userId: number, limit: number) {
  return db
    .selectFrom('shifts')
    .selectAll()
    .where('cashier_user_id', '=', userId)
    .where('closed_at', 'is not', null)
    .orderBy('closed_at', 'desc')
    .limit(limit)
    .execute();
}

/** When the cashier's shift before this one closed (null for their first): where its deposits start. */
export async function previousCloseOf(db: Q, userId: number, shiftId: number): Promise<number | null> {
  const r = await db
    .selectFrom('shifts')
    .select((eb) => eb.fn.max('closed_at').as('at'))
    .where('cashier_user_id', '=', userId)
    .where('id', '<', shiftId)
    .where('closed_at', 'is not', null)
    .executeTakeFirst();
  return r?.at == null ? null : Number(r.at);
}

export async function closeShift(db: Trx, id: number, at: number, totalsJson: string): Promise<void> {
  await db
    .updateTable('shifts')
    .set({ closed_at: at, totals_json: totalsJson })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .execute();
}

export async function shiftPaymentTotals(db: Q, shiftId: number) {
  return db
    .selectFrom('payments')
    .select([
      'method',
      sql<number>`sum(amount_fen)`.as('amount'),
      sql<number>`sum(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END)`.as('received'),
      sql<number>`sum(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END)`.as('paid_back'),
    ])
    .where('shift_id', '=', shiftId)
    .groupBy('method')
    .orderBy('method')
    .execute();
}

export async function shiftCategoryTotals(db: Q, shiftId: number) {
  return db
    .selectFrom('bill_lines')
    .innerJoin('bills', 'bills.id', 'bill_lines.bill_id')
    .select(['bill_lines.charge_category', sql<number>`sum(bill_lines.amount_fen)`.as('amount')])
    .where('bills.shift_id', '=', shiftId)
    .groupBy('bill_lines.charge_category')
    .orderBy('bill_lines.charge_category')
    .execute();
}

export async function shiftBillCounts(db: Q, shiftId: number) {
  return db
    .selectFrom('bills')
    .select([
      'kind',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(total_fen)`.as('total'),
      sql<number>`sum(insurance_fund_fen)`.as('fund'),
    ])
    .where('shift_id', '=', shiftId)
    .groupBy('kind')
    .execute();
}

export async function staffNameOfUser(db: Q, userId: number): Promise<string | null> {
  const r = await db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select('staff.name')
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return r?.name ?? null;
}

// ---- Invoice books ----

export async function listBooks(
  db: Q,
  f: { id?: number; cashierUserId?: number | undefined; status?: 'active' | 'used_up' | 'retired' | undefined },
) {
  let q = db
    .selectFrom('invoice_books')
    .innerJoin('users', 'users.id', 'invoice_books.cashier_user_id')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select([
      'invoice_books.id',
      'invoice_books.cashier_user_id',
      'invoice_books.prefix',
      'invoice_books.start_no',
      'invoice_books.end_no',
      'invoice_books.next_no',
      'invoice_books.status',
      'invoice_books.created_at',
      'staff.name as cashier_name',
      'users.username',
    ])
    .orderBy('invoice_books.id', 'desc');
  if (f.id !== undefined) q = q.where('invoice_books.id', '=', f.id);
  if (f.cashierUserId !== undefined) q = q.where('invoice_books.cashier_user_id', '=', f.cashierUserId);
  if (f.status !== undefined) q = q.where('invoice_books.status', '=', f.status);
  return q.execute();
}

export async function bookById(db: Q, id: number) {
  return db.selectFrom('invoice_books').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A book with the same prefix whose range meets [start, end]. */
export async function overlappingBook(db: Q, prefix: string, start: number, end: number) {
  return db
    .selectFrom('invoice_books')
    .selectAll()
    .where('prefix', '=', prefix)
    .where('start_no', '<=', end)
    .where('end_no', '>=', start)
    .executeTakeFirst();
}

export async function insertBook(
  db: Trx,
  b: { cashierUserId: number; prefix: string; startNo: number; endNo: number },
  at: number,
): Promise<number> {
  const r = await db
    .insertInto('invoice_books')
    .values({
      cashier_user_id: b.cashierUserId,
      prefix: b.prefix,
      start_no: b.startNo,
      end_no: b.endNo,
      next_no: b.startNo,
      status: 'active',
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function retireBook(db: Trx, id: number): Promise<void> {
  await db.updateTable('invoice_books').set({ status: 'retired' }).where('id', '=', id).execute();
}

export async function userWithPermission(db: Q, userId: number, permission: string) {
  return db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select(['users.id', 'users.active', 'staff.name'])
    .where('users.id', '=', userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .innerJoin('role_permissions', 'role_permissions.role_id', 'user_roles.role_id')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('role_permissions.permission', '=', permission),
      ),
    )
    .executeTakeFirst();
}

/** Active users who may charge (for assigning invoice books). */
export async function cashiers(db: Q) {
  return db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select(['users.id', 'users.username', 'staff.name'])
    .where('users.active', '=', 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .innerJoin('role_permissions', 'role_permissions.role_id', 'user_roles.role_id')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('role_permissions.permission', '=', 'billing.charge'),
      ),
    )
    .orderBy('staff.name')
    .execute();
}

export async function deptOfVisit(db: Q, visitId: number | null): Promise<number | null> {
  if (visitId === null) return null;
  const v = await db.selectFrom('visits').select('department_id').where('id', '=', visitId).executeTakeFirst();
  return v?.department_id ?? null;
}

/** Whether a charge bill was settled with the insurer (insurance-settlement's rows, read only): such a
 *  bill is refunded through its settlement (2208), never by billing's own refund. */
export async function hasInsurerSettlement(db: Q, billId: number): Promise<boolean> {
  const r = await db
    .selectFrom('insurance_settlements')
    .select('id')
    .where('bill_id', '=', billId)
    .where('state', '=', 'settled')
    .executeTakeFirst();
  return r !== undefined;
}
