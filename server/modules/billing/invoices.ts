// Invoices of bills (发票): the facts printed on a bill's invoice (its valid number and what
// is kept after refunds), issuing and printing the number (打印发票), reprinting under a new
// number (补打: the old one voided with reason "补打"), voiding a spoiled blank (作废), and
// the accounting of a book's and a shift's numbers. The printing module prints (lp / PDF);
// every number is taken and voided here, in the usage ledger (invoice-numbers.ts).
import type { Actor } from '../../http/actor.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency, Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { presentInvoiceFacts } from './present.js';
import { invoiceChanged } from './events.js';
import { VOID_REPRINT, currentFrom, currentOf, formatInvoiceNo, issue, voidIssued } from './invoice-numbers.js';
import * as ir from './invoice-repo.js';
import { lineBalances } from './ledger.js';
import * as ledgerRepo from './ledger-repo.js';
import * as repo from './repo.js';
import type { BookUsage, InvoiceUsageView, ShiftInvoices, VoidNumberBody } from './schema.js';

export type { BookUsage, InvoiceUsageView, ShiftInvoices };

const BILL = t('收费单', 'Bill');
const BOOK = t('票据号段', 'Invoice book');
type Q = ModuleContext['db'] | Trx;

/** Per book: used + voided + unused = the book's range; gaps are numbers taken without a record. */
export async function bookUsage(
  db: Q,
  books: { id: number; start_no: number; end_no: number; next_no: number }[],
): Promise<Map<number, BookUsage>> {
  const counts = new Map(
    (
      await ir.bookCounts(
        db,
        books.map((b) => b.id),
      )
    ).map((c) => [c.book_id, c]),
  );
  const out = new Map<number, BookUsage>();
  for (const b of books) {
    const c = counts.get(b.id);
    const issued = Number(c?.issued ?? 0);
    const voided = Number(c?.voided ?? 0);
    const numbers = Number(c?.numbers ?? 0);
    // Each number has at most one issue row and one void row: a number with a void row is voided.
    const used = numbers - voided;
    const size = b.end_no - b.start_no + 1;
    const below = Math.min(b.next_no, b.end_no + 1);
    const gaps = below - b.start_no - (await ir.distinctBelow(db, b.id, below));
    out.set(b.id, {
      used: Math.min(used, issued),
      voided,
      reprinted: Number(c?.reprinted ?? 0),
      unused: size - numbers,
      gaps,
    });
  }
  return out;
}

/** The invoice numbers a cashier issued and voided during a shift. */
export async function shiftInvoices(db: Q, userId: number, from: number, to: number): Promise<ShiftInvoices> {
  const rows = await ir.usageOfUserBetween(db, userId, from, to);
  const byBook = new Map<number, { lo: number; hi: number }>();
  for (const r of rows) {
    const b = byBook.get(r.book_id);
    byBook.set(
      r.book_id,
      b ? { lo: Math.min(b.lo, r.number), hi: Math.max(b.hi, r.number) } : { lo: r.number, hi: r.number },
    );
  }
  let gaps = 0;
  for (const [bookId, { lo, hi }] of byBook) gaps += hi - lo + 1 - (await ir.distinctBetween(db, bookId, lo, hi));
  const sorted = [...rows].sort((a, b) => (a.invoice_no < b.invoice_no ? -1 : a.invoice_no > b.invoice_no ? 1 : 0));
  return {
    issued: rows.filter((r) => r.kind !== 'voided').length,
    voided: rows.filter((r) => r.kind === 'voided').length,
    reprinted: rows.filter((r) => r.kind === 'reprint-replacement').length,
    first: sorted[0]?.invoice_no ?? null,
    last: sorted[sorted.length - 1]?.invoice_no ?? null,
    gaps,
  };
}

export interface InvoiceTicket {
  billId: number;
  invoiceNo: string;
  /** The number voided by a reprint (补打). */
  voidedNo: string | null;
}

export function createInvoiceService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;

  /** A charge bill that may carry an invoice: not a refund, not wholly refunded. */
  async function printableBill(q: Q, billId: number) {
    const bill = await ledgerRepo.billById(q, billId);
    if (!bill) throw notFound(BILL, billId, 'billId');
    if (bill.kind !== 'charge')
      throw conflict(
        'not_a_charge',
        t('退费单没有发票:发票随原收费单打印', "A refund has no invoice of its own; print the charge bill's invoice"),
        'billId',
      );
    const refunds = await repo.refundBillIds(q, [billId]);
    const kept = bill.total_fen + refunds.reduce((s, r) => s + r.total_fen, 0);
    if (refunds.length && kept <= 0)
      throw conflict(
        'bill_refunded',
        t('该收费单已全部退费,其发票已作废', 'This bill was refunded in full; its invoice is void'),
        'billId',
      );
    return bill;
  }

  return {
    /** The bill's invoice rows (issued, voided, replacements), oldest first. */
    async history(
      billIds: number[],
    ): Promise<Map<number, { current: string | null; rows: InvoiceUsageView[]; printed: Set<string> }>> {
      const [rows, printed] = await Promise.all([ir.usageOfBills(db, billIds), ir.printedNumbers(db, billIds)]);
      const out = new Map<number, { current: string | null; rows: InvoiceUsageView[]; printed: Set<string> }>();
      for (const id of billIds) {
        const mine = rows.filter((r) => r.bill_id === id);
        out.set(id, {
          current: currentFrom(mine)?.invoiceNo ?? null,
          rows: mine.map((r) => ({
            invoiceNo: r.invoice_no,
            kind: r.kind,
            reason: r.reason,
            replacesNo: r.replaces_no,
            refundBillId: r.refund_bill_id,
            userName: r.user_name,
            at: r.at,
          })),
          printed: printed.get(id) ?? new Set(),
        });
      }
      return out;
    },

    /** Per refund bill: the invoice number it reverses (voided) and the one issued for the kept part. */
    async ofRefunds(
      refundIds: number[],
    ): Promise<Map<number, { reversesInvoiceNo: string | null; newInvoiceNo: string | null }>> {
      const rows = await ir.usageOfRefunds(db, refundIds);
      const out = new Map<number, { reversesInvoiceNo: string | null; newInvoiceNo: string | null }>();
      for (const id of refundIds) {
        const mine = rows.filter((r) => r.refund_bill_id === id);
        out.set(id, {
          reversesInvoiceNo: mine.find((r) => r.kind === 'voided')?.invoice_no ?? null,
          newInvoiceNo: mine.find((r) => r.kind !== 'voided')?.invoice_no ?? null,
        });
      }
      return out;
    },

    /**
     * The facts printed on a bill's invoice, shaped like the receipt payload: its valid number,
     * the lines and totals kept after refunds. A refund bill gives its own (negative) lines
     * under the number it reverses.
     */
    async facts(billId: number): Promise<Record<string, unknown>> {
      const bill = (await repo.billsByIds(db, [billId]))[0];
      if (!bill) throw notFound(BILL, billId, 'billId');
      const lines = await repo.billLinesWithItems(db, billId);
      let invoiceNo: string | null;
      let kept = lines.map((l) => ({ ...l }));
      let totalFen = bill.total_fen;
      let fundFen = bill.insurance_fund_fen;
      let billIds = [billId];
      if (bill.kind === 'charge') {
        invoiceNo = (await currentOf(db, billId))?.invoiceNo ?? null;
        const balances = await lineBalances(db, lines);
        kept = lines
          .map((l) => {
            const b = balances.get(l.id)!;
            return { ...l, quantity: l.quantity - b.refunded, amount_fen: l.amount_fen - b.refundedFen };
          })
          .filter((l) => l.quantity > 0);
        const refunds = await repo.billsByIds(
          db,
          (await repo.refundBillIds(db, [billId])).map((r) => r.id),
        );
        totalFen += refunds.reduce((s, r) => s + r.total_fen, 0);
        fundFen += refunds.reduce((s, r) => s + r.insurance_fund_fen, 0);
        billIds = [billId, ...refunds.map((r) => r.id)];
      } else {
        invoiceNo = (await this.ofRefunds([billId])).get(billId)?.reversesInvoiceNo ?? null;
      }
      // What each payer paid, net of refunds: the insurer's funds by type, the account, the patient's methods.
      const payments = await repo.paymentsOfBills(db, billIds);
      return presentInvoiceFacts(bill, invoiceNo, kept, { totalFen, insuranceFundFen: fundFen }, payments);
    },

    /**
     * 打印发票: the bill's valid number, issued now from the user's book if the bill has none
     * (a registration fee taken without a book). A number already printed is never printed
     * again under the same number (补打 gives a new one). The print claim is recorded here,
     * so two clicks never print one number twice; `fresh` is false on an idempotent replay.
     */
    beginPrint(
      actor: Actor,
      billId: number,
      queue: string,
      idem: Idempotency | undefined,
    ): Promise<InvoiceTicket & { fresh: boolean }> {
      let fresh = false;
      return uow
        .write(async (tx) => {
          fresh = true;
          const bill = await printableBill(tx.db, billId);
          let cur = await currentOf(tx.db, billId);
          if (cur) {
            const last = await ir.lastPrint(tx.db, billId, cur.invoiceNo);
            if (last?.ok === 1) {
              throw conflict(
                'invoice_printed',
                t(
                  `发票 ${cur.invoiceNo} 已打印;如需重新打印请用“补打”(原号作废,换新号)`,
                  `Invoice ${cur.invoiceNo} was already printed; ` +
                    'use 补打 (reprint: the number is voided and a new one used)',
                ),
                'billId',
              );
            }
          } else {
            const n = await issue(tx, { billId, userId: actor.userId });
            cur = { bookId: n.bookId, number: n.number, invoiceNo: n.invoiceNo, kind: 'used' };
            await tx.audit(actor, {
              action: 'billing.invoice.issue',
              entity: 'bill',
              entityId: billId,
              patientId: bill.patient_id,
              before: { invoiceNo: null },
              after: { invoiceNo: n.invoiceNo },
            });
          }
          await ir.insertPrint(tx.db, {
            bill_id: billId,
            invoice_no: cur.invoiceNo,
            queue,
            ok: 1,
            error: null,
            user_id: actor.userId,
            at: tx.now,
          });
          tx.emit(
            invoiceChanged({ billId, bookId: cur.bookId, action: 'printed', invoiceNo: cur.invoiceNo, voidedNo: null }),
          );
          return { billId, invoiceNo: cur.invoiceNo, voidedNo: null };
        }, idem)
        .then((r) => ({ ...r, fresh }));
    },

    /** 补打: voids the bill's valid number (reason "补打") and issues a new one from the user's book. */
    beginReprint(
      actor: Actor,
      billId: number,
      queue: string,
      note: string | undefined,
      idem: Idempotency | undefined,
    ): Promise<InvoiceTicket & { fresh: boolean }> {
      let fresh = false;
      return uow
        .write(async (tx) => {
          fresh = true;
          const bill = await printableBill(tx.db, billId);
          const cur = await currentOf(tx.db, billId);
          if (!cur)
            throw conflict(
              'invoice_not_issued',
              t(
                '该收费单还没有发票号,请先“打印发票”',
                'This bill has no invoice number yet; use 打印发票 (print the invoice) first',
              ),
              'billId',
            );
          await voidIssued(tx, billId, cur, { userId: actor.userId, reason: VOID_REPRINT });
          const n = await issue(tx, {
            billId,
            userId: actor.userId,
            kind: 'reprint-replacement',
            replacesNo: cur.invoiceNo,
            reason: VOID_REPRINT,
          });
          await ir.insertPrint(tx.db, {
            bill_id: billId,
            invoice_no: n.invoiceNo,
            queue,
            ok: 1,
            error: null,
            user_id: actor.userId,
            at: tx.now,
          });
          await tx.audit(actor, {
            action: 'billing.invoice.reprint',
            entity: 'bill',
            entityId: billId,
            patientId: bill.patient_id,
            before: { invoiceNo: cur.invoiceNo },
            after: { invoiceNo: n.invoiceNo },
            summary: { voided: cur.invoiceNo, reason: VOID_REPRINT, ...(note ? { note } : {}) },
          });
          tx.emit(
            invoiceChanged({
              billId,
              bookId: n.bookId,
              action: 'reprinted',
              invoiceNo: n.invoiceNo,
              voidedNo: cur.invoiceNo,
            }),
          );
          return { billId, invoiceNo: n.invoiceNo, voidedNo: cur.invoiceNo };
        }, idem)
        .then((r) => ({ ...r, fresh }));
    },

    /** After the printer answered: a failed print is recorded (the number may be printed again) and audited. */
    async finishPrint(
      actor: Actor,
      t0: InvoiceTicket,
      queue: string,
      r: { ok: boolean; error: string | null },
      action: 'print' | 'reprint',
    ): Promise<void> {
      await uow.write(async (tx) => {
        if (!r.ok) {
          await ir.insertPrint(tx.db, {
            bill_id: t0.billId,
            invoice_no: t0.invoiceNo,
            queue,
            ok: 0,
            error: r.error,
            user_id: actor.userId,
            at: tx.now,
          });
          // The desks showed it as printing: it is not printed after all (it may be printed again).
          tx.emit(
            invoiceChanged({
              billId: t0.billId,
              bookId: null,
              action: 'printed',
              invoiceNo: t0.invoiceNo,
              voidedNo: null,
            }),
          );
        }
        await tx.audit(actor, {
          action: action === 'print' ? 'print.invoice' : 'print.invoice-reprint',
          entity: 'bill',
          entityId: t0.billId,
          outcome: r.ok ? 'ok' : 'failed',
          summary: {
            queue,
            invoiceNo: t0.invoiceNo,
            ...(t0.voidedNo ? { voided: t0.voidedNo } : {}),
            ...(r.error ? { error: r.error } : {}),
          },
        });
      });
    },

    /** The outcome of a bill's last print of a number (for an idempotent replay). */
    async lastPrintOf(billId: number, invoiceNo: string): Promise<{ ok: boolean; error: string | null }> {
      const p = await ir.lastPrint(db, billId, invoiceNo);
      return { ok: p ? p.ok === 1 : false, error: p?.error ?? null };
    },

    /**
     * 作废: voids a spoiled blank number of a book (jammed, misprinted form) with a reason. Only a
     * number not yet issued; an issued one is voided by 补打 or a refund. The book's owner (who
     * may charge) or the finance office (billing.invoice-books).
     */
    voidNumber(actor: Actor, bookId: number, body: VoidNumberBody, idem: Idempotency | undefined) {
      return uow.write(async (tx) => {
        const book = await repo.bookById(tx.db, bookId);
        if (!book) throw notFound(BOOK, bookId, 'id');
        if (book.cashier_user_id !== actor.userId && !actor.permissions.has('billing.invoice-books')) {
          throw forbidden(
            'not_your_book',
            t(
              '只能作废自己票据号段中的号码(或需要“票据号段管理”权限)',
              'Only numbers of your own invoice book (or the billing.invoice-books permission)',
            ),
          );
        }
        const no = formatInvoiceNo(book.prefix, body.number);
        if (body.number < book.start_no || body.number > book.end_no) {
          throw invalid(
            'number',
            t(
              `号码 ${no} 不在该号段 ` +
                `${formatInvoiceNo(book.prefix, book.start_no)}–${formatInvoiceNo(book.prefix, book.end_no)} 内`,
              `The number ${no} is outside the book`,
            ),
          );
        }
        const rows = await ir.rowsOfNumber(tx.db, bookId, body.number);
        if (rows.some((r) => r.kind === 'voided'))
          throw conflict('already_voided', t(`发票号 ${no} 已作废`, `Invoice number ${no} is already void`), 'number');
        const issued = rows.find((r) => r.kind !== 'voided');
        if (issued) {
          throw conflict(
            'invoice_used',
            t(
              `发票号 ${no} 已开给收费单 #${issued.bill_id},不能作废空白票;请用“补打”或退费`,
              `Invoice number ${no} belongs to bill #${issued.bill_id}; use 补打 or a refund instead`,
            ),
            'number',
          );
        }
        if (book.status !== 'active' || body.number < book.next_no) {
          throw conflict(
            'book_not_active',
            t(
              '该号段已停用或用完,其余号码不会再开出',
              'This book is retired or used up; its numbers are no longer issued',
            ),
            'id',
          );
        }
        await ir.insertUsage(tx.db, {
          book_id: bookId,
          number: body.number,
          invoice_no: no,
          bill_id: null,
          kind: 'voided',
          replaces_no: null,
          refund_bill_id: null,
          reason: body.reason,
          user_id: actor.userId,
          at: tx.now,
        });
        // The form in the printer was the next number: the book moves past it (and past
        // any blanks voided ahead of it).
        if (body.number === book.next_no) {
          const voided = await ir.voidedFrom(tx.db, bookId, book.next_no);
          let n = book.next_no;
          while (n <= book.end_no && voided.has(n)) n++;
          await ledgerRepo.advanceBook(tx.db, bookId, n, n > book.end_no);
        }
        await tx.audit(actor, {
          action: 'billing.invoice.void',
          entity: 'invoice_book',
          entityId: bookId,
          before: null,
          after: { invoiceNo: no, reason: body.reason },
        });
        tx.emit(invoiceChanged({ billId: null, bookId, action: 'voided', invoiceNo: null, voidedNo: no }));
        return { bookId, number: body.number, invoiceNo: no, reason: body.reason };
      }, idem);
    },
  };
}

export type InvoiceService = ReturnType<typeof createInvoiceService>;
