// Queries of the billing ledger (bills, bill lines, payments, shifts, invoice books), all
// inside the caller's transaction. Rows of bills/bill_lines/payments are only inserted.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import type { Trx } from '../../lib/uow.js';

/** Reads work in or out of a transaction; writes take the transaction. */
type Q = Db | Trx;
/** An interface's fields as a plain object type (a prepared query's parameters). */
type Plain<T> = { [K in keyof T]: T[K] };
import type { Database, PaymentMethod } from '../../../db/schema.js';

const openShiftQ = prepared((db, p: { userId: number }) =>
  db.selectFrom('shifts').selectAll().where('cashier_user_id', '=', p.userId).where('closed_at', 'is', null),
);

export async function openShiftOf(db: Q, userId: number) {
  return openShiftQ.first(db, { userId });
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
const activeBooksQ = prepared((db, p: { userId: number }) =>
  db
    .selectFrom('invoice_books')
    .selectAll()
    .where('cashier_user_id', '=', p.userId)
    .where('status', '=', 'active')
    .orderBy('id'),
);

export async function activeBooksOf(db: Q, userId: number) {
  return activeBooksQ.all(db, { userId });
}

const advanceBookQ = prepared((db, p: { bookId: number; nextNo: number }) =>
  db.updateTable('invoice_books').set({ next_no: p.nextNo }).where('id', '=', p.bookId),
);

export async function advanceBook(db: Trx, bookId: number, nextNo: number, usedUp: boolean): Promise<void> {
  if (!usedUp) {
    await advanceBookQ.run(db, { bookId, nextNo });
    return;
  }
  await db
    .updateTable('invoice_books')
    .set({ next_no: nextNo, status: 'used_up' as const })
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

const insertBillQ = prepared((db, p: Plain<BillRow>) =>
  db
    .insertInto('bills')
    .values({
      patient_id: p.patient_id,
      visit_id: p.visit_id,
      kind: p.kind,
      reverses_id: p.reverses_id,
      payer: p.payer,
      invoice_no: p.invoice_no,
      total_fen: p.total_fen,
      insurance_fund_fen: p.insurance_fund_fen,
      patient_pay_fen: p.patient_pay_fen,
      cashier_user_id: p.cashier_user_id,
      shift_id: p.shift_id,
      at: p.at,
      reason: p.reason,
    })
    .returning('id'),
);

export async function insertBill(db: Trx, row: BillRow): Promise<number> {
  return (await insertBillQ.first(db, row))!.id;
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

const insertBillLineQ = prepared((db, p: Plain<BillLineRow>) =>
  db
    .insertInto('bill_lines')
    .values({
      bill_id: p.bill_id,
      order_line_id: p.order_line_id,
      registration_id: p.registration_id,
      item_id: p.item_id,
      quantity: p.quantity,
      unit_price_fen: p.unit_price_fen,
      amount_fen: p.amount_fen,
      charge_category: p.charge_category,
      reverses_line_id: p.reverses_line_id,
    })
    .returning('id'),
);

export async function insertBillLine(db: Trx, row: BillLineRow): Promise<number> {
  return (await insertBillLineQ.first(db, row))!.id;
}

const BILL_LINE_COLS = [
  'bill_id',
  'order_line_id',
  'registration_id',
  'item_id',
  'quantity',
  'unit_price_fen',
  'amount_fen',
  'charge_category',
  'reverses_line_id',
] as const;

/** INSERT of n bill lines, prepared per n (values named c<row>_<column>). */
const insertBillLinesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db.insertInto('bill_lines').values(
    Array.from({ length: n }, (_, i) => {
      const row: Record<string, unknown> = {};
      for (const c of BILL_LINE_COLS) row[c] = p[`c${i}_${c}`];
      return row as Insertable<Database['bill_lines']>;
    }),
  ),
);

/** Several bill lines in one statement (their ids are not needed). */
export async function insertBillLines(db: Trx, rows: BillLineRow[]): Promise<void> {
  if (!rows.length) return;
  const params: Record<string, unknown> = {};
  rows.forEach((r, i) => {
    for (const c of BILL_LINE_COLS) params[`c${i}_${c}`] = r[c];
  });
  await insertBillLinesQ(rows.length).run(db, params);
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

const insertPaymentQ = prepared((db, p: Plain<PaymentRow>) =>
  db.insertInto('payments').values({
    bill_id: p.bill_id,
    method: p.method,
    amount_fen: p.amount_fen,
    tendered_fen: p.tendered_fen,
    change_fen: p.change_fen,
    reference: p.reference,
    shift_id: p.shift_id,
    at: p.at,
    user_id: p.user_id,
  }),
);

export async function insertPayment(db: Trx, row: PaymentRow): Promise<void> {
  await insertPaymentQ.run(db, row);
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
const netPaidByOrderLineQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('bill_lines')
    .select(['order_line_id', sql<number>`sum(quantity)`.as('quantity')])
    .where('order_line_id', 'in', listOf<number>(p, 'id', n))
    .groupBy('order_line_id'),
);

export async function netPaidByOrderLine(db: Q, orderLineIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!orderLineIds.length) return out;
  const rows = await netPaidByOrderLineQ(orderLineIds.length).all(db, listParams('id', orderLineIds));
  for (const r of rows) out.set(r.order_line_id!, Number(r.quantity));
  return out;
}

/** Net paid quantity per registration (its fee line), over every bill. */
const netPaidByRegistrationQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('bill_lines')
    .select(['registration_id', sql<number>`sum(quantity)`.as('quantity')])
    .where('registration_id', 'in', listOf<number>(p, 'id', n))
    .groupBy('registration_id'),
);

export async function netPaidByRegistration(db: Q, registrationIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!registrationIds.length) return out;
  const rows = await netPaidByRegistrationQ(registrationIds.length).all(db, listParams('id', registrationIds));
  for (const r of rows) out.set(r.registration_id!, Number(r.quantity));
  return out;
}

/** The orders behind some order lines, with their pharmacy and lines. */
const ordersOfLinesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
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
    .where('order_lines.id', 'in', listOf<number>(p, 'id', n)),
);

export async function ordersOfLines(db: Q, orderLineIds: number[]) {
  if (!orderLineIds.length) return [];
  return ordersOfLinesQ(orderLineIds.length).all(db, listParams('id', orderLineIds));
}

export async function lineIdsOfOrders(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  return db.selectFrom('order_lines').select(['id', 'order_id']).where('order_id', 'in', orderIds).execute();
}

const visitDeptQ = prepared((db, p: { visitId: number }) =>
  db.selectFrom('visits').select('department_id').where('id', '=', p.visitId),
);

export async function visitDept(db: Q, visitId: number | null): Promise<number | null> {
  if (visitId === null) return null;
  const v = await visitDeptQ.first(db, { visitId });
  return v?.department_id ?? null;
}

/** Items of these ids whose invoice category (发票归类) has not been saved yet. */
const unconfirmedQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('catalog_items')
    .select(['id', 'name'])
    .where('id', 'in', listOf<number>(p, 'id', n))
    .where('invoice_confirmed', '=', 0),
);

export function unconfirmedItems(db: Q, ids: number[]): Promise<Array<{ id: number; name: string }>> {
  if (!ids.length) return Promise.resolve([]);
  return unconfirmedQ(ids.length).all(db, listParams('id', ids));
}

const patientExistsQ = prepared((db, p: { id: number }) =>
  db.selectFrom('patients').select('id').where('id', '=', p.id),
);

export async function patientExists(db: Q, id: number): Promise<boolean> {
  return !!(await patientExistsQ.first(db, { id }));
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
