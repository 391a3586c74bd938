// Human numbers (MRN, queue numbers, document numbers) come from sequences kept in the
// database, inside the writing transaction: never from Date.now() or random numbers.
import { sql } from 'kysely';
import type { Trx } from './uow.js';

/** The next value of a named sequence (1, 2, 3 …), taken inside the caller's transaction. */
export async function nextSequence(tx: Trx, name: string): Promise<number> {
  const row = await sql<{ value: number }>`
    INSERT INTO sequences (name, value) VALUES (${name}, 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1
    RETURNING value`.execute(tx);
  return row.rows[0]!.value;
}

/** Sets a sequence to `value` (after a bulk load that took its numbers itself, as the demo's
 *  patients do with their MRNs). */
export async function setSequenceValue(tx: Trx, name: string, value: number): Promise<void> {
  await tx
    .insertInto('sequences')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}
