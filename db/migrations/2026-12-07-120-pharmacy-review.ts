// Pharmacy review (issue 9 items 6 and 10).
// - 拒发: the pharmacy refuses a paid prescription with a reason. The orders module owns the
//   fact (orders.refused_at / refused_by / refused_reason); the row keeps status 'paid' (the
//   status CHECK of migration 002 is frozen) and is refunded whole at the cashier, which then
//   cancels it. A refused order is never dispensed.
// - 配药/核对: with the institution setting pharmacy.twoPersonCheck on, one pharmacist records
//   the preparation (dispense_preparations, owned by the pharmacy module, one row per order,
//   append-only) and a different pharmacist checks and dispenses.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN refused_at INTEGER`.execute(db);
  await sql`ALTER TABLE orders ADD COLUMN refused_by INTEGER REFERENCES users(id)`.execute(db);
  await sql`ALTER TABLE orders ADD COLUMN refused_reason TEXT`.execute(db);
  await sql`CREATE TABLE dispense_preparations (
     id INTEGER PRIMARY KEY,
     order_id INTEGER NOT NULL REFERENCES orders(id),
     pharmacy_id INTEGER NOT NULL REFERENCES departments(id),
     prepared_by INTEGER NOT NULL REFERENCES users(id),
     at INTEGER NOT NULL
   ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX dispense_preparations_order ON dispense_preparations(order_id)`.execute(db);
  await sql`CREATE TRIGGER dispense_preparations_no_update BEFORE UPDATE ON dispense_preparations
     BEGIN SELECT RAISE(ABORT, 'dispense_preparations is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER dispense_preparations_no_delete BEFORE DELETE ON dispense_preparations
     BEGIN SELECT RAISE(ABORT, 'dispense_preparations is append-only'); END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE dispense_preparations`.execute(db);
  await sql`ALTER TABLE orders DROP COLUMN refused_reason`.execute(db);
  await sql`ALTER TABLE orders DROP COLUMN refused_by`.execute(db);
  await sql`ALTER TABLE orders DROP COLUMN refused_at`.execute(db);
}
