// The print worker: prints pending print_jobs in id order, each to its printer, outside the
// business transaction that saved it (a jammed, offline or out-of-paper printer only
// delays its own jobs; other printers go on). Per job: 'pending' → 'printing' → 'done', or
// back to 'pending' with attempts and last_error and a backoff (1 s, 2 s, 4 s … up to a
// minute), or 'failed' after maxAttempts (reprintable). Jobs without a printer stay
// 'pending' with last_error "该工作站未设置打印机" (set when they are saved, jobs.ts).
//
// Exactly once: a job is 'done' only when the printer confirmed every byte (TCP: its answer
// to GS r, sent after the job); a job the printer did not confirm is printed again whole,
// headed by a line saying the previous copy was interrupted and is void. Whether an attempt
// may have left part of the job on paper is kept in partial_count / partial_at, apart from
// last_error, so a person's reprint (which clears the error) still prints the void notice.
// A printer that answers the real-time status but never confirms a job's end ('unconfirmed')
// is not sent the same bytes again: the job fails at once with the ?status=0 hint, for a
// person to check the paper (it is very likely printed). A job found
// 'printing' at start (the server stopped mid-job) is NOT printed again automatically: it may
// be on paper, so it becomes 'failed' for a person to check and reprint.
//
// Wakes: after a write that saved a printable job (its events' publication, after the commit;
// every write that enqueues a job publishes one), on a reprint (kick), on its own backoff
// timers, and on a slow poll as a safety net. Other writes do not make it look.
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { DeviceRegistry, DeviceStatus } from '../../devices/registry.js';
import { toEscPos } from '../../devices/printer/escpos.js';
import { isThermalLayout, renderLayout } from '../../devices/printer/layouts/index.js';
import { BadTarget, parseTarget } from '../../devices/printer/target.js';
import { PrinterError, killPrinterWriters, send, type SendOptions } from '../../devices/printer/transport.js';
import type { Clock } from '../lib/clock.js';
import type { Tx, UnitOfWork } from '../lib/uow.js';
import type { EventBus } from '../realtime/bus.js';
import { getInstitutionSettings } from '../modules/settings/index.js';
import { printJobUpdated, type PrintJobStatus } from '../modules/printing/events.js';
import {
  endPrintAttempt,
  failInterruptedJob,
  printableJobsSaved,
  startPrintAttempt,
} from '../modules/printing/index.js';

/** last_error prefix of an attempt that may have left part of the job on paper. */
export const PARTIAL_MARK = '[部分已打印] ';
export const INTERRUPTED_AT_START = '服务在打印中停止,本张可能已打印;请核对纸张后按需重打';
export const REPRINT_NOTICE = '※ 上一张打印中断,作废;以本张为准';

export interface PrintWorkerOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  pollMs: number;
  send: SendOptions;
}

export const DEFAULT_PRINT_OPTIONS: PrintWorkerOptions = {
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxAttempts: 6,
  pollMs: 15_000,
  send: {},
};

interface PrinterState {
  state: 'ready' | 'printing' | 'offline' | 'error';
  lastError: string | null;
  lastAt: number;
}

type JobRow = {
  id: number;
  printer: string | null;
  layout: string;
  payload_json: string;
  attempts: number;
  last_error: string | null;
  workstation_id: number | null;
  partial_count: number;
};

export interface PrintWorker {
  kick(): void;
  configure(o: Partial<PrintWorkerOptions>): void;
  statuses(): DeviceStatus[];
  /** Resolves when no job is being printed and none is due now (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startPrintWorker(
  deps: { db: Db; uow: UnitOfWork; clock: Clock; bus: EventBus; logger: Logger; devices: DeviceRegistry },
  options: Partial<PrintWorkerOptions> = {},
): PrintWorker {
  const { db, uow, logger } = deps;
  let opts: PrintWorkerOptions = { ...DEFAULT_PRINT_OPTIONS, ...options };
  let stopped = false;
  let scheduled = false;
  let ticking: Promise<void> | null = null;
  let again = false;
  const busy = new Map<string, Promise<void>>();
  const notBefore = new Map<number, number>();
  const timers = new Set<NodeJS.Timeout>();
  const printers = new Map<string, PrinterState>();

  const emitUpdate = (
    tx: Tx,
    job: { id: number; workstation_id: number | null; layout: string },
    status: PrintJobStatus,
    attempts: number,
    error: string | null,
  ) => {
    if (job.workstation_id !== null)
      tx.emit(printJobUpdated(job.workstation_id, { jobId: job.id, status, attempts, error, layout: job.layout }));
  };

  async function recover(): Promise<void> {
    await uow.write(async (tx) => {
      const stuck = await tx.db
        .selectFrom('print_jobs')
        .select(['id', 'workstation_id', 'attempts', 'layout'])
        .where('status', '=', 'printing')
        .execute();
      for (const j of stuck) {
        await failInterruptedJob(tx.db, j.id, INTERRUPTED_AT_START, tx.now);
        emitUpdate(tx, j, 'failed', j.attempts, INTERRUPTED_AT_START);
      }
    });
  }

  function later(ms: number): void {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      kick();
    }, ms);
    t.unref();
    timers.add(t);
  }

  function kick(): void {
    if (stopped || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (ticking) {
        again = true;
        return;
      }
      ticking = tick()
        .catch((e) => {
          if (!stopped) logger.error({ err: e }, 'print worker tick failed');
        })
        .finally(() => {
          ticking = null;
          if (again) {
            again = false;
            kick();
          }
        });
    });
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    // The partial index print_jobs_ready holds only printable jobs (migration 060): jobs of
    // workstations without a printer, pending for ever, are never scanned.
    const jobs = (
      await sql<JobRow>`SELECT id, printer, layout, payload_json, attempts, last_error, workstation_id, partial_count
        FROM print_jobs INDEXED BY print_jobs_ready
        WHERE status = 'pending' AND printer IS NOT NULL ORDER BY id LIMIT 500`.execute(db)
    ).rows;
    const heads = new Map<string, JobRow>();
    for (const j of jobs) if (!heads.has(j.printer!)) heads.set(j.printer!, j);
    const now = Date.now();
    for (const [printer, job] of heads) {
      if (stopped) return;
      if (busy.has(printer)) continue;
      const due = notBefore.get(job.id) ?? 0;
      if (due > now) {
        later(due - now);
        continue;
      }
      const run = runJob(job).finally(() => {
        busy.delete(printer);
        kick();
      });
      busy.set(printer, run);
    }
  }

  async function runJob(job: JobRow): Promise<void> {
    const printer = job.printer!;
    const attempts = await uow.write(async (tx) => {
      const n = await startPrintAttempt(tx.db, job.id, tx.now);
      if (n !== null) emitUpdate(tx, job, 'printing', n, null);
      return n;
    });
    if (attempts === null) return;
    const seen = printers.get(printer);
    printers.set(printer, { state: 'printing', lastError: seen?.lastError ?? null, lastAt: Date.now() });
    let error: string | null = null;
    let permanent = false;
    let partial = false;
    try {
      const target = parseTarget(printer);
      if (!isThermalLayout(job.layout))
        throw new BadTarget(`版式 ${job.layout} 不能在小票打印机上打印(发票请用发票打印)`);
      const inst = await getInstitutionSettings(db);
      const notice = job.partial_count > 0 ? REPRINT_NOTICE : undefined;
      const doc = renderLayout(job.layout, JSON.parse(job.payload_json), {
        paper: target.paper,
        institution: inst.name,
        timeZone: inst.timeZone,
        notice,
      });
      await send(target, toEscPos(doc, { hanzi: target.hanzi }), opts.send);
    } catch (e) {
      if (e instanceof BadTarget) {
        permanent = true;
        error = e.message;
      } else if (e instanceof PrinterError) {
        partial = e.partial;
        // Sending the same bytes again would print the job twice: a person decides.
        if (e.code === 'unconfirmed') permanent = true;
        error = (e.partial ? PARTIAL_MARK : '') + e.message;
      } else {
        error = `打印失败:${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (stopped) {
      // The database may be closing: leave the row 'printing'; the next start marks it failed.
      return;
    }
    const status: PrintJobStatus =
      error === null ? 'done' : permanent || attempts >= opts.maxAttempts ? 'failed' : 'pending';
    printers.set(printer, {
      state:
        error === null ? 'ready' : /拒绝连接|无法连接|连接打印机超时|不存在|未连接/.test(error) ? 'offline' : 'error',
      lastError: error,
      lastAt: Date.now(),
    });
    await uow.write(async (tx) => {
      await endPrintAttempt(tx.db, job.id, { status, error, partial }, tx.now);
      emitUpdate(tx, job, status, attempts, error);
    });
    if (status === 'pending') {
      const delay = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempts - 1));
      notBefore.set(job.id, Date.now() + delay);
      later(delay);
      logger.warn({ jobId: job.id, printer, attempts, error }, 'print job failed; will retry');
    } else {
      notBefore.delete(job.id);
      if (status === 'failed') logger.warn({ jobId: job.id, printer, attempts, error }, 'print job failed for good');
    }
  }

  // The printable jobs saved when this worker last looked after a write (the count is the
  // process's: another server's job in the same process only costs a look).
  let seenSaved = printableJobsSaved();
  const detach = deps.bus.attach({
    publish() {
      const saved = printableJobsSaved();
      if (saved === seenSaved) return;
      seenSaved = saved;
      kick();
    },
  });
  const poll = setInterval(() => kick(), opts.pollMs);
  poll.unref();
  const unregister = deps.devices.register(() =>
    [...printers.entries()].map(([name, s]) => ({
      kind: 'printer' as const,
      name,
      state: s.state,
      ...(s.lastError ? { detail: s.lastError } : {}),
    })),
  );
  void recover()
    .catch((e) => logger.error({ err: e }, 'print worker recovery failed'))
    .finally(() => kick());

  return {
    kick,
    configure(o) {
      opts = { ...opts, ...o };
      notBefore.clear();
      kick();
    },
    statuses: () => deps.devices.list().filter((d) => d.kind === 'printer'),
    async idle() {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (ticking) await ticking;
        if (busy.size) await Promise.allSettled([...busy.values()]);
        else if (!ticking && !scheduled) return;
      }
    },
    async stop() {
      stopped = true;
      detach();
      unregister();
      clearInterval(poll);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Give jobs in flight a moment to finish (their sends time out on their own); a device
      // file that never takes its bytes is not waited for.
      await Promise.race([
        Promise.allSettled([...busy.values(), ticking ?? Promise.resolve()]),
        new Promise((r) => setTimeout(r, 2000).unref()),
      ]);
      killPrinterWriters();
    },
  };
}
