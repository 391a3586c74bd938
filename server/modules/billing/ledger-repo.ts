// Queries of the billing ledger (bills, bill lines, payments, shifts, invoice books), all
// inside the caller's transaction. Rows of bills/bill_lines/payments are only inserted.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

/** Reads work in or out of a transaction; writes take the transaction. */
type Q = Db | Trx;
import type { PaymentMethod } from '../../../db/schema.js';

export async function openShiftOf(db: Q, userId: number) {
  return db
    .selectFrom('shifts')
    .selectAll()
    .where('cashier_user_id', '=', userId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertShift(db: Trx, userId: number, at: number): Promise<number> {
  const r = await db
    .insertInto('shifts')
    .values({ cashier_user_id: userId, opened_at: at, closed_at: null, totals_json: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The cashier's active invoice books, the oldest first (a cashier fills books in order). */
export async function activeBooksOf(db: Q, userId: number) {
  return db
    .selectFrom('invoice_books')
    .selectAll()
    .where('cashier_user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

export async function advanceBook(db: Trx, bookId: number, nextNo: number, usedUp: boolean): Promise<void> {
  await db
    .updateTable('invoice_books')
    .set({ next_no: nextNo, ...(usedUp ? { status: 'used_up' as const } : {}) })
    .where('id', '=', bookId)
    .execute();
}

export async function markBookUsedUp(db: Trx, bookId: number): Promise<void> {
  await db.updateTable('invoice_books').set({ status: 'used_up' }).where('id', '=', bookId).execute();
}

export interface BillRow {
  patient_id: number;
  visit_id: number | null;
  kind: 'charge' | 'refund';
  reverses_id: number | null;
  payer: 'cash' | 'insured';
  invoice_no: string | null;
  total_fen: number;
  insurance_fund_fen: number;
  patient_pay_fen: number;
  cashier_user_id: number;
  shift_id: number;
  at: number;
  reason: string | null;
}

export async function insertBill(db: Trx, row: BillRow): Promise<number> {
  const r = await db.insertInto('bills').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface BillLineRow {
  bill_id: number;
  order_line_id: number | null;
  registration_id: number | null;
  item_id: number;
  quantity: number;
  unit_price_fen: number;
  amount_fen: number;
  charge_category: string;
  reverses_line_id: number | null;
}

export async function insertBillLine(db: Trx, row: BillLineRow): Promise<number> {
  const r = await db.insertInto('bill_lines').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface PaymentRow {
  bill_id: number;
  method: PaymentMethod;
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number | null;
  reference: string | null;
  shift_id: number;
  at: number;
  user_id: number;
}

export async function insertPayment(db: Trx, row: PaymentRow): Promise<void> {
  await db.insertInto('payments').values(row).execute();
}

export async function billById(db: Q, id: number) {
  return db.selectFrom('bills').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function linesOfBill(db: Q, billId: number) {
  return db.selectFrom('bill_lines').selectAll().where('bill_id', '=', billId).orderBy('id').execute();
}

export async function paymentsOfBill(db: Q, billId: number) {
  return db.selectFrom('payments').selectAll().where('bill_id', '=', billId).orderBy('id').execute();
}

/** Quantity and amount already refunded per charge line (refund lines carry negative values). */
export async function refundedByLine(
  db: Q,
  lineIds: number[],
): Promise<Map<number, { quantity: number; amount: number }>> {
  const out = new Map<number, { quantity: number; amount: number }>();
  if (!lineIds.length) return out;
  const rows = await db
    .selectFrom('bill_lines')
    .select([
      'reverses_line_id',
      sql<number>`-sum(quantity)`.as('quantity'),
      sql<number>`-sum(amount_fen)`.as('amount'),
    ])
    .where('reverses_line_id', 'in', lineIds)
    .groupBy('reverses_line_id')
    .execute();
  for (const r of rows) out.set(r.reverses_line_id!, { quantity: Number(r.quantity), amount: Number(r.amount) });
  return out;
}

/** Net quantity handed out per order line (dispensed positive, returned negative). */
export async function netDispensedByOrderLine(db: Q, orderLineIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!orderLineIds.length) return out;
  const rows = await db
    .selectFrom('dispense_lines')
    .select(['order_line_id', sql<number>`sum(quantity)`.as('quantity')])
    .where('order_line_id', 'in', orderLineIds)
    .groupBy('order_line_id')
    .execute();
  for (const r of rows) out.set(r.order_line_id, Number(r.quantity));
  return out;
}

/** Net paid quantity (charges less refunds) per order line, over every bill. */
export async function netPaidByOrderLine(db: Q, orderLineIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!orderLineIds.length) return out;
  const rows = await db
    .selectFrom('bill_lines')
    .select(['order_line_id', sql<number>`sum(quantity)`.as('quantity')])
    .where('order_line_id', 'in', orderLineIds)
    .groupBy('order_line_id')
    .execute();
  for (const r of rows) out.set(r.order_line_id!, Number(r.quantity));
  return out;
}

/** Net paid quantity per registration (its fee line), over every bill. */
export async function netPaidByRegistration(db: Q, registrationIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!registrationIds.length) return out;
  const rows = await db
    .selectFrom('bill_lines')
    .select(['registration_id', sql<number>`sum(quantity)`.as('quantity')])
    .where('registration_id', 'in', registrationIds)
    .groupBy('registration_id')
    .execute();
  for (const r of rows) out.set(r.registration_id!, Number(r.quantity));
  return out;
}

/** The orders behind some order lines, with their pharmacy and lines. */
export async function ordersOfLines(db: Q, orderLineIds: number[]) {
  if (!orderLineIds.length) return [];
  return db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select([
      'order_lines.id as order_line_id',
      'orders.id as order_id',
      'orders.kind',
      'orders.status',
      'orders.pharmacy_id',
      'orders.patient_id',
      'orders.version',
    ])
    .where('order_lines.id', 'in', orderLineIds)
    .execute();
}

export async function lineIdsOfOrders(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  return db.selectFrom('order_lines').select(['id', 'order_id']).where('order_id', 'in', orderIds).execute();
}

export async function visitDept(db: Q, visitId: number | null): Promise<number | null> {
  if (visitId === null) return null;
  const v = await db.selectFrom('visits').select('department_id').where('id', '=', visitId).executeTakeFirst();
  return v?.department_id ?? null;
}

/** Items of these ids whose invoice category (发票归类) has not been saved yet. */
export function unconfirmedItems(db: Q, ids: number[]): Promise<Array<{ id: number; name: string }>> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('catalog_items')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .where('invoice_confirmed', '=', 0)
    .execute();
}

export async function patientExists(db: Q, id: number): Promise<boolean> {
  return !!(await db.selectFrom('patients').select('id').where('id', '=', id).executeTakeFirst());
}

/** A payment by the insurer's fund (with its fund type) or the personal account (个人账户), migration 210. */
export async function insertInsurerPayment(
  db: Trx,
  row: {
    bill_id: number;
    method: 'insurance_fund' | 'insurance_account';
    fund_pay_type: string | null;
    amount_fen: number;
    shift_id: number;
    at: number;
    user_id: number;
  },
): Promise<void> {
  await db
    .insertInto('payments')
    .values({ ...row, tendered_fen: null, change_fen: null, reference: null })
    .execute();
}
