// insurance_fee_lines(order_line_id): the foreign key to order_lines had no index, so every
// delete of an order line — signing re-prices a prescription's lines by deleting and inserting
// them, editing a draft replaces them — scanned every insured fee line uploaded so far (2204),
// once per line (EXPLAIN QUERY PLAN of the delete: SCAN insurance_fee_lines). A year of
// insured visits holds one row per charged line. Found by checking every foreign key of the
// write paths against the indexes (issue 10 item 6). Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      'CREATE INDEX insurance_fee_lines_order_line ON insurance_fee_lines(order_line_id) WHERE order_line_id IS NOT NULL',
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS insurance_fee_lines_order_line').execute(db);
}
