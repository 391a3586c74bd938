// The demo center's invoice books (票据号段): every active user who may charge (the demo
// registrars / cashiers) gets a book of 5,000 numbers with the prefix "MZ", one range after
// another, so the cashier station can charge at once. Idempotent: a user who already has an
// active book is left alone. Runs inside the caller's transaction.
import type { AuditWho, Tx } from '../server/lib/uow.js';
import { sql } from 'kysely';
import { insertInvoiceBook } from '../server/modules/billing/index.js';

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };
export const DEMO_BOOK_PREFIX = 'MZ';
export const DEMO_BOOK_SIZE = 5000;

export async function seedInvoiceBooks(tx: Tx): Promise<{ books: number }> {
  const cashiers = await tx.db
    .selectFrom('users')
    .select('users.id')
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
    .orderBy('users.id')
    .execute();
  let books = 0;
  for (const c of cashiers) {
    const has = await tx.db
      .selectFrom('invoice_books')
      .select('id')
      .where('cashier_user_id', '=', c.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (has) continue;
    const top = await tx.db
      .selectFrom('invoice_books')
      .select(sql<number | null>`max(end_no)`.as('end'))
      .where('prefix', '=', DEMO_BOOK_PREFIX)
      .executeTakeFirstOrThrow();
    const start = (top.end ?? 0) + 1;
    const row = {
      cashier_user_id: c.id,
      prefix: DEMO_BOOK_PREFIX,
      start_no: start,
      end_no: start + DEMO_BOOK_SIZE - 1,
      next_no: start,
      status: 'active' as const,
      created_at: tx.now,
    };
    const id = await insertInvoiceBook(
      tx.db,
      { cashierUserId: c.id, prefix: DEMO_BOOK_PREFIX, startNo: row.start_no, endNo: row.end_no },
      tx.now,
    );
    await tx.audit(SYSTEM, {
      action: 'billing.invoice-book.create',
      entity: 'invoice_book',
      entityId: id,
      after: row,
      summary: { source: 'demo' },
    });
    books++;
  }
  return { books };
}
