// Printing: the only Kysely queries of the module.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { JobView } from './schema.js';

type Q = Db | Trx;

const COLS = [
  'id',
  'workstation_id',
  'printer',
  'layout',
  'payload_json',
  'status',
  'attempts',
  'last_error',
  'ref_type',
  'ref_id',
  'created_by',
  'created_at',
  'updated_at',
  'partial_count',
  'partial_at',
] as const;

export async function job(q: Q, id: number) {
  return q.selectFrom('print_jobs').select(COLS).where('id', '=', id).executeTakeFirst();
}

export type JobRow = NonNullable<Awaited<ReturnType<typeof job>>>;

export function view(r: JobRow): JobView {
  return {
    id: r.id,
    workstationId: r.workstation_id,
    printer: r.printer,
    layout: r.layout,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    partial: r.partial_count > 0,
    partialAt: r.partial_at,
    refType: r.ref_type,
    refId: r.ref_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function jobs(q: Q, f: { workstationId?: number; status?: JobRow['status']; limit: number }) {
  let s = q.selectFrom('print_jobs').select(COLS).orderBy('id', 'desc').limit(f.limit);
  if (f.workstationId !== undefined) s = s.where('workstation_id', '=', f.workstationId);
  if (f.status) s = s.where('status', '=', f.status);
  return s.execute();
}

export async function workstationPrinters(q: Q, id: number) {
  return q
    .selectFrom('workstations')
    .select(['receipt_printer', 'label_printer', 'invoice_printer'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The receipt payload saved with a bill's receipt job (the invoice prints the same facts). */
export async function receiptOfBill(q: Q, billId: number) {
  return q
    .selectFrom('print_jobs')
    .select(['payload_json', 'workstation_id'])
    .where('ref_type', '=', 'bill')
    .where('ref_id', '=', billId)
    .where('layout', '=', 'receipt')
    .orderBy('id')
    .executeTakeFirst();
}

export async function setting(q: Q, key: string): Promise<string | undefined> {
  return (await q.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst())?.value_json;
}

/** The patient a print job is about (through what it prints: a registration, an order, a
 *  dispensing or a bill); undefined for a shift report or a job without a reference. */
export async function patientOfJob(q: Q, refType: string | null, refId: number | null): Promise<number | undefined> {
  if (refId === null) return undefined;
  switch (refType) {
    case 'registration':
      return (await q.selectFrom('registrations').select('patient_id').where('id', '=', refId).executeTakeFirst())
        ?.patient_id;
    case 'order':
      return (await q.selectFrom('orders').select('patient_id').where('id', '=', refId).executeTakeFirst())?.patient_id;
    case 'dispensation':
      return (
        await q
          .selectFrom('dispensations')
          .innerJoin('orders', 'orders.id', 'dispensations.order_id')
          .select('orders.patient_id')
          .where('dispensations.id', '=', refId)
          .executeTakeFirst()
      )?.patient_id;
    case 'bill':
      return patientOfBill(q, refId);
    default:
      return undefined;
  }
}

export async function patientOfBill(q: Q, billId: number): Promise<number | undefined> {
  return (await q.selectFrom('bills').select('patient_id').where('id', '=', billId).executeTakeFirst())?.patient_id;
}
