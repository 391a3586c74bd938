// Queries of the invoice-number ledger (invoice_usage) and invoice prints (invoice_prints),
// both append-only (migration 150). Writes take the caller's transaction.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { InvoiceUsageTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

/** A row to insert: the table's columns but its id. */
export type UsageRow = Omit<InvoiceUsageTable, 'id'>;

const insertUsageQ = prepared((db, p: { [K in keyof UsageRow]: UsageRow[K] }) =>
  db
    .insertInto('invoice_usage')
    .values({
      book_id: p.book_id,
      number: p.number,
      invoice_no: p.invoice_no,
      bill_id: p.bill_id,
      kind: p.kind,
      replaces_no: p.replaces_no,
      refund_bill_id: p.refund_bill_id,
      reason: p.reason,
      user_id: p.user_id,
      at: p.at,
    })
    .returning('id'),
);

export async function insertUsage(db: Trx, row: UsageRow): Promise<number> {
  return (await insertUsageQ.first(db, row))!.id;
}

/** The rows of one number of a book (at most one issue and one void). */
export function rowsOfNumber(db: Q, bookId: number, number: number) {
  return db
    .selectFrom('invoice_usage')
    .selectAll()
    .where('book_id', '=', bookId)
    .where('number', '=', number)
    .orderBy('id')
    .execute();
}

/** Voided numbers of a book at or above `from` (spoiled blanks ahead of the next number). */
const voidedFromQ = prepared((db, p: { bookId: number; from: number }) =>
  db
    .selectFrom('invoice_usage')
    .select('number')
    .where('book_id', '=', p.bookId)
    .where('kind', '=', 'voided')
    .where('number', '>=', p.from),
);

export async function voidedFrom(db: Q, bookId: number, from: number): Promise<Set<number>> {
  const rows = await voidedFromQ.all(db, { bookId, from });
  return new Set(rows.map((r) => r.number));
}

/** Every row of some bills' invoice numbers, oldest first. */
export function usageOfBills(db: Q, billIds: number[]) {
  if (!billIds.length) return Promise.resolve([]);
  return db
    .selectFrom('invoice_usage')
    .leftJoin('users', 'users.id', 'invoice_usage.user_id')
    .leftJoin('staff', 'staff.id', 'users.staff_id')
    .select([
      'invoice_usage.id',
      'invoice_usage.book_id',
      'invoice_usage.number',
      'invoice_usage.invoice_no',
      'invoice_usage.bill_id',
      'invoice_usage.kind',
      'invoice_usage.replaces_no',
      'invoice_usage.refund_bill_id',
      'invoice_usage.reason',
      'invoice_usage.user_id',
      'invoice_usage.at',
      'staff.name as user_name',
    ])
    .where('invoice_usage.bill_id', 'in', billIds)
    .orderBy('invoice_usage.id')
    .execute();
}

/** Rows written by some refunds (the number each voided, the number issued for the kept part). */
export function usageOfRefunds(db: Q, refundBillIds: number[]) {
  if (!refundBillIds.length) return Promise.resolve([]);
  return db
    .selectFrom('invoice_usage')
    .select(['refund_bill_id', 'invoice_no', 'kind'])
    .where('refund_bill_id', 'in', refundBillIds)
    .orderBy('id')
    .execute();
}

/**
 * Per book: issued, issued-then-voided, voided blanks, reprint replacements, distinct numbers and the
 * highest below next_no.
 */
export async function bookCounts(db: Q, bookIds: number[]) {
  if (!bookIds.length) return [];
  return db
    .selectFrom('invoice_usage')
    .select([
      'book_id',
      sql<number>`sum(CASE WHEN kind <> 'voided' THEN 1 ELSE 0 END)`.as('issued'),
      sql<number>`sum(CASE WHEN kind = 'voided' THEN 1 ELSE 0 END)`.as('voided'),
      sql<number>`sum(CASE WHEN kind = 'reprint-replacement' THEN 1 ELSE 0 END)`.as('reprinted'),
      sql<number>`count(DISTINCT number)`.as('numbers'),
    ])
    .where('book_id', 'in', bookIds)
    .groupBy('book_id')
    .execute();
}

/** Distinct numbers of a book below `below` that have a row (to find gaps). */
export async function distinctBelow(db: Q, bookId: number, below: number): Promise<number> {
  const r = await db
    .selectFrom('invoice_usage')
    .select(sql<number>`count(DISTINCT number)`.as('n'))
    .where('book_id', '=', bookId)
    .where('number', '<', below)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A user's rows in a time window [from, to] (a shift). */
export function usageOfUserBetween(db: Q, userId: number, from: number, to: number) {
  return db
    .selectFrom('invoice_usage')
    .select(['book_id', 'number', 'invoice_no', 'kind'])
    .where('user_id', '=', userId)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('id')
    .execute();
}

/** Distinct numbers of a book in [lo, hi] that have a row (to find gaps). */
export async function distinctBetween(db: Q, bookId: number, lo: number, hi: number): Promise<number> {
  const r = await db
    .selectFrom('invoice_usage')
    .select(sql<number>`count(DISTINCT number)`.as('n'))
    .where('book_id', '=', bookId)
    .where('number', '>=', lo)
    .where('number', '<=', hi)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---- Prints ----

export async function insertPrint(
  db: Trx,
  row: {
    bill_id: number;
    invoice_no: string;
    queue: string;
    ok: 0 | 1;
    error: string | null;
    user_id: number | null;
    at: number;
  },
): Promise<void> {
  await db.insertInto('invoice_prints').values(row).execute();
}

/** The last print row of a bill's number: ok = 1 means it is (being) printed on a form. */
export function lastPrint(db: Q, billId: number, invoiceNo: string) {
  return db
    .selectFrom('invoice_prints')
    .selectAll()
    .where('bill_id', '=', billId)
    .where('invoice_no', '=', invoiceNo)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function printedNumbers(db: Q, billIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!billIds.length) return out;
  // The last row per (bill, number) decides.
  const rows = await db
    .selectFrom('invoice_prints as p')
    .select(['p.bill_id', 'p.invoice_no', 'p.ok'])
    .where('p.bill_id', 'in', billIds)
    .where((eb) =>
      eb(
        'p.id',
        '=',
        eb
          .selectFrom('invoice_prints as q')
          .select(sql<number>`max(q.id)`.as('m'))
          .whereRef('q.bill_id', '=', 'p.bill_id')
          .whereRef('q.invoice_no', '=', 'p.invoice_no'),
      ),
    )
    .execute();
  for (const r of rows) {
    if (r.ok !== 1) continue;
    const s = out.get(r.bill_id) ?? new Set<string>();
    s.add(r.invoice_no);
    out.set(r.bill_id, s);
  }
  return out;
}

export function shiftOfId(db: Q, id: number) {
  return db
    .selectFrom('shifts')
    .select(['id', 'cashier_user_id', 'opened_at', 'closed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}
