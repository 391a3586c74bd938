// Print jobs are rows saved in the same transaction as the business write that causes
// them (a registration's queue ticket, a payment's receipt, a dispensing's labels). The
// printer worker of the devices module prints them later, with retries; a jammed printer
// never blocks or rolls back the write. The printer is the asking workstation's choice.
// The write's answer carries the print outcome (enqueuePrint): 'queued' when the workstation
// has the printer for that kind of job, else 'no_printer' / 'no_workstation' with the
// sentence the desk shows instead of "sent to the printer".
import type { PrintLayout } from '../../../db/schema.js';
import { t, type Text } from '../../../core/i18n.js';
import type { Tx } from '../../lib/uow.js';
import { prepared } from '../../../db/prepared.js';

export type PrinterColumn = 'receipt_printer' | 'label_printer' | 'invoice_printer';

export const PRINTER_OF: Record<PrintLayout, PrinterColumn> = {
  'queue-ticket': 'receipt_printer',
  receipt: 'receipt_printer',
  'shift-report': 'receipt_printer',
  'deposit-receipt': 'receipt_printer',
  'bed-card': 'receipt_printer',
  'rx-slip': 'label_printer',
  'drug-label': 'label_printer',
  wristband: 'label_printer',
  invoice: 'invoice_printer',
};

const PRINTER_NAME: Record<PrinterColumn, Text> = {
  receipt_printer: t('小票打印机', 'receipt printer'),
  label_printer: t('标签打印机', 'label printer'),
  invoice_printer: t('发票打印机', 'invoice printer'),
};

/** What the desk says when a job cannot print because no printer is set for its kind. */
export function noPrinterText(layout: PrintLayout): Text {
  const n = PRINTER_NAME[PRINTER_OF[layout]];
  return t(
    `本工作站未配置${n.zh},请在 系统管理 › 工作站 设置`,
    `This workstation has no ${n.en}: set one in Administration › Workstations`,
  );
}

export const NO_WORKSTATION_TEXT = t(
  '本机未绑定工作站,无法打印,请在 系统管理 › 工作站 设置',
  'This computer is not bound to a workstation, so nothing can print: set it up in Administration › Workstations',
);

/** What a queue ticket or receipt job without a printer says (tests). */
export const NO_PRINTER = noPrinterText('queue-ticket').zh;

/**
 * The print outcome a business write returns: the job, and whether it can print.
 * printer: 'receipt' | 'label' | 'invoice' (the kind of printer the job needs).
 */
export interface PrintOutcome {
  jobId: number;
  layout: PrintLayout;
  outcome: 'queued' | 'no_printer' | 'no_workstation';
  printer: 'receipt' | 'label' | 'invoice';
  /** null when queued; else what to tell the user (zh / en). */
  message: Text | null;
}

export interface PrintRequest {
  workstationId: number | null;
  layout: PrintLayout;
  payload: unknown;
  ref?: { type: string; id: number };
  userId: number | null;
}

/** Saves a print job inside the caller's transaction; returns its id. */
export async function enqueuePrintJob(tx: Tx, req: PrintRequest): Promise<number> {
  return (await enqueuePrint(tx, req)).jobId;
}

// The two statements of every print job, built once (db/prepared.ts).
const printersOf = prepared((db, p: { id: number }) =>
  db.selectFrom('workstations').select(['receipt_printer', 'label_printer', 'invoice_printer']).where('id', '=', p.id),
);
const jobInsert = prepared(
  (
    db,
    p: {
      workstationId: number | null;
      printer: string | null;
      layout: PrintLayout;
      payload: string;
      lastError: string | null;
      refType: string | null;
      refId: number | null;
      userId: number | null;
      now: number;
    },
  ) =>
    db
      .insertInto('print_jobs')
      .values({
        workstation_id: p.workstationId,
        printer: p.printer,
        layout: p.layout,
        payload_json: p.payload,
        last_error: p.lastError,
        ref_type: p.refType,
        ref_id: p.refId,
        created_by: p.userId,
        created_at: p.now,
        updated_at: p.now,
      })
      .returning('id'),
);

type Printers = { receipt_printer: string | null; label_printer: string | null; invoice_printer: string | null };

/** The workstation's printers (undefined: no workstation, or none with that id). */
async function printersFor(tx: Tx, workstationId: number | null): Promise<Printers | undefined> {
  return workstationId === null ? undefined : printersOf.first(tx.db, { id: workstationId });
}

/** How many printable jobs (a printer set) this process has saved: the print worker looks for
 *  jobs after a write only when it grew (a write rolled back after saving one costs one look). */
let printableSaved = 0;

/** The count of printable jobs saved so far (the print worker compares it after each write). */
export function printableJobsSaved(): number {
  return printableSaved;
}

/** Saves one job, the workstation's printers already read. */
async function saveJob(tx: Tx, req: PrintRequest, ws: Printers | undefined): Promise<PrintOutcome> {
  let printer: string | null = ws ? ws[PRINTER_OF[req.layout]] : null;
  if (printer !== null && printer.trim() === '') printer = null;
  if (printer !== null) printableSaved++;
  const message = printer ? null : req.workstationId === null ? NO_WORKSTATION_TEXT : noPrinterText(req.layout);
  const row = await jobInsert.first(tx.db, {
    workstationId: req.workstationId ?? null,
    printer,
    layout: req.layout,
    payload: JSON.stringify(req.payload),
    // A job without a printer waits (pending) and says why; it is never failed for it.
    lastError: message ? message.zh : null,
    refType: req.ref?.type ?? null,
    refId: req.ref?.id ?? null,
    userId: req.userId ?? null,
    now: tx.now,
  });
  return {
    jobId: row!.id,
    layout: req.layout,
    outcome: printer ? 'queued' : req.workstationId === null ? 'no_workstation' : 'no_printer',
    printer: PRINTER_OF[req.layout].replace('_printer', '') as PrintOutcome['printer'],
    message,
  };
}

/** Saves a print job inside the caller's transaction; returns the print outcome for the answer. */
export async function enqueuePrint(tx: Tx, req: PrintRequest): Promise<PrintOutcome> {
  return saveJob(tx, req, await printersFor(tx, req.workstationId));
}

/**
 * Saves several jobs in order (a dispensing's labels and slip), reading each workstation's
 * printers once for all of them; returns their outcomes in the same order.
 */
export async function enqueuePrints(tx: Tx, reqs: readonly PrintRequest[]): Promise<PrintOutcome[]> {
  const printers = new Map<number | null, Printers | undefined>();
  const out: PrintOutcome[] = [];
  for (const req of reqs) {
    if (!printers.has(req.workstationId)) printers.set(req.workstationId, await printersFor(tx, req.workstationId));
    out.push(await saveJob(tx, req, printers.get(req.workstationId)));
  }
  return out;
}
