// Invoice books (票据号段): a numbered range [start, end] with an optional prefix, given
// to one cashier. Ranges of the same prefix never overlap, so an invoice number is never
// issued twice; the ledger takes numbers from the cashier's active book in the charge's
// transaction. A book is retired by hand (lost, damaged) or used up by the ledger.
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { ModuleContext } from '../context.js';
import { formatInvoiceNo } from './invoice-numbers.js';
import { bookUsage, type BookUsage } from './invoices.js';
import * as repo from './repo.js';
import type { BookBody, BooksQuery } from './schema.js';

const BOOK = t('票据号段', 'Invoice book');
/** Who may hand out and retire books (the administrator and the finance office by default). */
export const BOOKS_PERMISSION = 'billing.invoice-books';
export const canManageBooks = (a: Actor) => a.permissions.has(BOOKS_PERMISSION);

type Row = Awaited<ReturnType<typeof repo.listBooks>>[number];

const NO_USAGE: BookUsage = { used: 0, voided: 0, reprinted: 0, unused: 0, gaps: 0 };
const view = (b: Row, usage: BookUsage = NO_USAGE) => ({
  id: b.id,
  cashierUserId: b.cashier_user_id,
  cashierName: b.cashier_name,
  username: b.username,
  prefix: b.prefix,
  startNo: b.start_no,
  endNo: b.end_no,
  nextNo: b.next_no,
  first: formatInvoiceNo(b.prefix, b.start_no),
  last: formatInvoiceNo(b.prefix, b.end_no),
  next: b.status === 'active' ? formatInvoiceNo(b.prefix, b.next_no) : null,
  remaining: b.status === 'active' ? b.end_no - b.next_no + 1 : 0,
  status: b.status,
  createdAt: b.created_at,
  /** The book's numbers accounted for: used + voided + unused = its range; gaps should be 0. */
  usage: usage,
});
export type BookView = ReturnType<typeof view>;

export function createBooksService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  const withUsage = async (rows: Row[], q = db) => {
    const usage = await bookUsage(q, rows);
    return rows.map((r) => view(r, usage.get(r.id)));
  };
  const one = async (id: number, q = db) => {
    const [r] = await withUsage(await repo.listBooks(q, { id }), q);
    return r ?? null;
  };
  return {
    /** Managers see every book; a cashier sees their own. */
    async list(actor: Actor, q: BooksQuery): Promise<BookView[]> {
      const cashierUserId = canManageBooks(actor) ? q.cashierUserId : actor.userId;
      return withUsage(await repo.listBooks(db, { cashierUserId, status: q.status }));
    },

    /** Users who may charge (the route is guarded by billing.invoice-books). */
    async cashiers() {
      return (await repo.cashiers(db)).map((u) => ({ id: u.id, username: u.username, name: u.name }));
    },

    create(actor: Actor, body: BookBody): Promise<BookView> {
      return uow.write(async (tx) => {
        const u = await repo.userWithPermission(tx.db, body.cashierUserId, 'billing.charge');
        if (!u || !u.active)
          throw invalid(
            'cashierUserId',
            t(
              '该用户不是在用的收费员(需要“划价收费”权限)',
              'This user is not an active cashier (needs the billing.charge permission)',
            ),
          );
        const clash = await repo.overlappingBook(tx.db, body.prefix, body.startNo, body.endNo);
        if (clash) {
          const first = formatInvoiceNo(clash.prefix, clash.start_no);
          const range = `${first}–${formatInvoiceNo(clash.prefix, clash.end_no)}`;
          throw conflict(
            'invoice_range_overlaps',
            t(`号段与已有号段 ${range} 重叠`, `The range overlaps the book ${range}`),
            'startNo',
          );
        }
        const id = await repo.insertBook(tx.db, body, tx.now);
        const after = (await one(id, tx.db))!;
        await tx.audit(actor, {
          action: 'billing.invoice-book.create',
          entity: 'invoice_book',
          entityId: id,
          before: null,
          after,
        });
        return after;
      });
    },

    retire(actor: Actor, id: number): Promise<BookView> {
      return uow.write(async (tx) => {
        const before = await one(id, tx.db);
        if (!before) throw notFound(BOOK, id, 'id');
        if (before.status === 'retired') return before;
        await repo.retireBook(tx.db, id);
        const after = (await one(id, tx.db))!;
        await tx.audit(actor, {
          action: 'billing.invoice-book.retire',
          entity: 'invoice_book',
          entityId: id,
          before,
          after,
        });
        return after;
      });
    },
  };
}

export type BooksService = ReturnType<typeof createBooksService>;
