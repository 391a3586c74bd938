// A print job's state changes made by the print worker (server/jobs/print-worker.ts): the
// printing module owns print_jobs, so the worker moves a job through these commands, inside
// its own unit of work. Same statements as the worker ran before (issue 10 item 1).
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { PrintJobStatus } from './events.js';

/** A job found 'printing' at start (the server stopped mid-job) fails, for a person to check. */
export async function failInterruptedJob(db: Trx, jobId: number, error: string, now: number): Promise<void> {
  await db
    .updateTable('print_jobs')
    .set((eb) => ({
      status: 'failed',
      last_error: error,
      partial_count: eb('partial_count', '+', 1),
      partial_at: now,
      updated_at: now,
    }))
    .where('id', '=', jobId)
    .execute();
}

/** 'pending' → 'printing' with one more attempt; the attempts, or null when the job is no
 *  longer pending (another worker pass, a person's cancel). */
export async function startPrintAttempt(db: Trx, jobId: number, now: number): Promise<number | null> {
  const r = await db
    .updateTable('print_jobs')
    .set((eb) => ({ status: 'printing', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', jobId)
    .where('status', '=', 'pending')
    .returning('attempts')
    .executeTakeFirst();
  return r?.attempts ?? null;
}

/** The outcome of an attempt: 'done', back to 'pending' or 'failed', with its error; `partial`
 *  when the attempt may have left part of the job on paper. */
export async function endPrintAttempt(
  db: Trx,
  jobId: number,
  outcome: { status: PrintJobStatus; error: string | null; partial: boolean },
  now: number,
): Promise<void> {
  await db
    .updateTable('print_jobs')
    .set((eb) => ({
      status: outcome.status,
      last_error: outcome.error,
      updated_at: now,
      ...(outcome.partial ? { partial_count: eb('partial_count', '+', 1), partial_at: now } : {}),
    }))
    .where('id', '=', jobId)
    .execute();
}

/** Pending jobs after id `afterId` saved before `before` are cancelled with a reason (a generated
 *  history's slips, which no printer should print: the demo seed). */
export async function cancelPendingJobsSince(
  db: Db,
  afterId: number,
  before: number,
  reason: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('print_jobs')
    .set({ status: 'cancelled', last_error: reason, updated_at: now })
    .where('id', '>', afterId)
    .where('created_at', '<', before)
    .where('status', '=', 'pending')
    .execute();
}
