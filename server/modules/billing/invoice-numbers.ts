// Invoice numbers (发票号) inside the caller's transaction: taken from the user's active
// invoice book, recorded in the append-only usage ledger (invoice_usage), voided. Every
// number a book gives out is accounted for as used (issued to a bill), voided (补打, 退费 or
// a spoiled blank, 作废) or a reprint replacement; a number is issued once and voided once.
import type { Db } from '../../../db/connection.js';
import type { InvoiceUsageKind } from '../../../db/schema.js';
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Trx, Tx } from '../../lib/uow.js';
import * as ir from './invoice-repo.js';
import * as repo from './ledger-repo.js';

type Q = Db | Trx;

/** Fixed void reasons written by the system (the paper practice's words). */
export const VOID_REPRINT = '补打';
export const VOID_REFUND = '退费';
export const VOID_PARTIAL_REFUND = '部分退费';

/** "P00000123": the book's prefix and the number padded to 8 digits. */
export function formatInvoiceNo(prefix: string, no: number): string {
  return `${prefix}${String(no).padStart(8, '0')}`;
}

export const noNumbersLeft = () =>
  conflict(
    'invoice_numbers_used_up',
    t('发票号已用完，请领用新的票据号段', 'No invoice numbers left: take a new invoice book (票据号段)'),
  );

export interface TakenNumber {
  bookId: number;
  number: number;
  invoiceNo: string;
}

/** Takes the next number of the user's active books (oldest book first), skipping voided blanks. */
export async function takeNumber(tx: Tx, userId: number): Promise<TakenNumber> {
  const found = await peekNumber(tx.db, userId);
  for (const b of found.exhausted) await repo.markBookUsedUp(tx.db, b);
  if (!found.next) throw noNumbersLeft();
  return takeFrom(tx, found.next);
}

/**
 * Takes the next number when the user has one to give; null (nothing written) when not — a
 * registration fee is charged without a number then, and the cashier issues it later.
 */
export async function takeNumberIfAny(tx: Tx, userId: number): Promise<TakenNumber | null> {
  const found = await peekNumber(tx.db, userId);
  if (!found.next) return null;
  for (const b of found.exhausted) await repo.markBookUsedUp(tx.db, b);
  return takeFrom(tx, found.next);
}

async function takeFrom(
  tx: Tx,
  next: { book: { id: number; prefix: string; end_no: number }; number: number },
): Promise<TakenNumber> {
  const { book, number } = next;
  await repo.advanceBook(tx.db, book.id, number + 1, number + 1 > book.end_no);
  return { bookId: book.id, number, invoiceNo: formatInvoiceNo(book.prefix, number) };
}

async function peekNumber(db: Q, userId: number) {
  const exhausted: number[] = [];
  for (const b of await repo.activeBooksOf(db, userId)) {
    const voided = await ir.voidedFrom(db, b.id, b.next_no);
    let n = b.next_no;
    while (n <= b.end_no && voided.has(n)) n++;
    if (n > b.end_no) {
      exhausted.push(b.id);
      continue;
    }
    return { exhausted, next: { book: b, number: n } };
  }
  return { exhausted, next: null };
}

/** Whether the user has an invoice number to give (an active book with a number left). */
export async function hasNumbers(db: Q, userId: number): Promise<boolean> {
  return (await peekNumber(db, userId)).next !== null;
}

/** Records a taken number as issued to a bill. */
export async function recordIssued(
  tx: Tx,
  n: TakenNumber,
  o: {
    billId: number;
    userId: number;
    kind?: Exclude<InvoiceUsageKind, 'voided'>;
    replacesNo?: string | null;
    refundBillId?: number | null;
    reason?: string | null;
  },
): Promise<void> {
  await ir.insertUsage(tx.db, {
    book_id: n.bookId,
    number: n.number,
    invoice_no: n.invoiceNo,
    bill_id: o.billId,
    kind: o.kind ?? 'used',
    replaces_no: o.replacesNo ?? null,
    refund_bill_id: o.refundBillId ?? null,
    reason: o.reason ?? null,
    user_id: o.userId,
    at: tx.now,
  });
}

/** Takes a number from the user's book and issues it to the bill. */
export async function issue(tx: Tx, o: Parameters<typeof recordIssued>[2]): Promise<TakenNumber> {
  const n = await takeNumber(tx, o.userId);
  await recordIssued(tx, n, o);
  return n;
}

export interface CurrentInvoice {
  bookId: number;
  number: number;
  invoiceNo: string;
  kind: InvoiceUsageKind;
}

/** The bill's valid invoice number: the last one issued to it and not voided (null if none). */
export async function currentOf(db: Q, billId: number): Promise<CurrentInvoice | null> {
  return currentFrom(await ir.usageOfBills(db, [billId]));
}

export function currentFrom(
  rows: { book_id: number; number: number; invoice_no: string; kind: InvoiceUsageKind }[],
): CurrentInvoice | null {
  const voided = new Set(rows.filter((r) => r.kind === 'voided').map((r) => `${r.book_id}:${r.number}`));
  const valid = rows.filter((r) => r.kind !== 'voided' && !voided.has(`${r.book_id}:${r.number}`));
  const last = valid[valid.length - 1];
  return last ? { bookId: last.book_id, number: last.number, invoiceNo: last.invoice_no, kind: last.kind } : null;
}

/** Voids an issued number of a bill (补打, 退费). */
export async function voidIssued(
  tx: Tx,
  billId: number,
  cur: CurrentInvoice,
  o: { userId: number; reason: string; refundBillId?: number | null },
): Promise<void> {
  await ir.insertUsage(tx.db, {
    book_id: cur.bookId,
    number: cur.number,
    invoice_no: cur.invoiceNo,
    bill_id: billId,
    kind: 'voided',
    replaces_no: null,
    refund_bill_id: o.refundBillId ?? null,
    reason: o.reason,
    user_id: o.userId,
    at: tx.now,
  });
}
