// Human numbers (MRN, queue numbers, document numbers) come from sequences kept in the
// database, inside the writing transaction: never from Date.now() or random numbers.
import { sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { Trx } from './uow.js';

// INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1
// RETURNING value — built once (db/prepared.ts).
const next = prepared((db, p: { name: string }) =>
  db
    .insertInto('sequences')
    .values({ name: p.name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`value + 1` }))
    .returning('value'),
);

/** The next value of a named sequence (1, 2, 3 …), taken inside the caller's transaction. */
export async function nextSequence(tx: Trx, name: string): Promise<number> {
  return (await next.first(tx, { name }))!.value;
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
