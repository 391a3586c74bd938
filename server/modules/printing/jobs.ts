// Print jobs are rows saved in the same transaction as the business write that causes
// them (a registration's queue ticket, a payment's receipt, a dispensing's labels). The
// printer worker of the devices module prints them later, with retries; a jammed printer
// never blocks or rolls back the write. The printer is the asking workstation's choice.
import type { PrintLayout } from '../../../db/schema.js';
import type { Tx } from '../../lib/uow.js';

export const NO_PRINTER = '该工作站未设置打印机';

export const PRINTER_OF: Record<PrintLayout, 'receipt_printer' | 'label_printer' | 'invoice_printer'> = {
  'queue-ticket': 'receipt_printer',
  receipt: 'receipt_printer',
  'shift-report': 'receipt_printer',
  'rx-slip': 'label_printer',
  'drug-label': 'label_printer',
  invoice: 'invoice_printer',
};

export interface PrintRequest {
  workstationId: number | null;
  layout: PrintLayout;
  payload: unknown;
  ref?: { type: string; id: number };
  userId: number | null;
}

/** Saves a print job inside the caller's transaction; returns its id. */
export async function enqueuePrintJob(tx: Tx, req: PrintRequest): Promise<number> {
  let printer: string | null = null;
  if (req.workstationId !== null) {
    const ws = await tx.db.selectFrom('workstations').select(['receipt_printer', 'label_printer', 'invoice_printer']).where('id', '=', req.workstationId).executeTakeFirst();
    printer = ws ? ws[PRINTER_OF[req.layout]] : null;
  }
  const row = await tx.db
    .insertInto('print_jobs')
    .values({
      workstation_id: req.workstationId,
      printer,
      layout: req.layout,
      payload_json: JSON.stringify(req.payload),
      // A job without a printer waits (pending) and says why; it is never failed for it.
      last_error: printer ? null : NO_PRINTER,
      ref_type: req.ref?.type ?? null,
      ref_id: req.ref?.id ?? null,
      created_by: req.userId,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
