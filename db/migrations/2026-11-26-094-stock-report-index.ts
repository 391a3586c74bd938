// Stock reports: an index of each lot's moves by time, so that the monthly report finds a
// lot's opening balance (qty_on_hand − Σ its moves since the month began) and whether it moved
// around the month with a few index seeks per lot, instead of summing every move of the
// location since the month began (see server/modules/inventory-reports/CONTEXT.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX stock_moves_lot_at ON stock_moves(lot_id, at, qty_delta)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX stock_moves_lot_at`.execute(db);
}
