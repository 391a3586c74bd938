// The reconciliation's and the settlement report's reads of insurance_settlements (insurance-recon
// repo: settlementFacts, groupsSeen) pick a period by the insurer's own times — setl_time in
// [from, to+1) OR cancel_time in [from, to+1) OR (no readable cancel_time AND cancelled_at in the
// period's epoch range). With only the business_day/patient indexes, EXPLAIN QUERY PLAN showed
// `SCAN s` for both: every settlement ever made read for a day's 对账 (and a year's report alike).
// With one index per OR branch SQLite answers each branch by a range and unions the rowids
// (checked with EXPLAIN QUERY PLAN on a migrated database):
//   MULTI-INDEX OR
//     INDEX 1: SEARCH s USING INDEX insurance_settlements_setl_time (setl_time>? AND setl_time<?)
//     INDEX 2: SEARCH s USING INDEX insurance_settlements_cancel_time (cancel_time>? AND cancel_time<?)
//     INDEX 3: SEARCH s USING INDEX insurance_settlements_cancelled_at (cancelled_at>? AND cancelled_at<?)
// and groupsSeen (two branches) the same with indexes 1 and 2. 对明细账 matches the insurer's
// rows by setl_id OR cancel_setl_id (settlementsBySetlIds): `SCAN insurance_settlements` before,
// MULTI-INDEX OR over insurance_settlements_setl and insurance_settlements_cancel_setl after.
// cancel_time, cancelled_at and cancel_setl_id are null until a settlement is cancelled: partial
// indexes hold only the cancelled rows.
// (test/db/insurance-recon-plan.test.ts keeps the plans.) Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX insurance_settlements_setl_time ON insurance_settlements(setl_time)').execute(db);
  await sql
    .raw(
      'CREATE INDEX insurance_settlements_cancel_time ON insurance_settlements(cancel_time) ' +
        'WHERE cancel_time IS NOT NULL',
    )
    .execute(db);
  await sql
    .raw(
      'CREATE INDEX insurance_settlements_cancelled_at ON insurance_settlements(cancelled_at) ' +
        'WHERE cancelled_at IS NOT NULL',
    )
    .execute(db);
  await sql
    .raw(
      'CREATE INDEX insurance_settlements_cancel_setl ON insurance_settlements(cancel_setl_id) ' +
        'WHERE cancel_setl_id IS NOT NULL',
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS insurance_settlements_setl_time').execute(db);
  await sql.raw('DROP INDEX IF EXISTS insurance_settlements_cancel_time').execute(db);
  await sql.raw('DROP INDEX IF EXISTS insurance_settlements_cancelled_at').execute(db);
  await sql.raw('DROP INDEX IF EXISTS insurance_settlements_cancel_setl').execute(db);
}
