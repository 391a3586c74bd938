// 预交金收据 (deposit receipt): the print job saved with the deposit (or its reversal) in the same
// transaction, at the asking workstation's receipt printer (layout `deposit-receipt`,
// devices/printer/layouts/deposit-receipt.ts). The family keeps it until the settlement.
import type { Actor } from '../../http/actor.js';
import type { Tx } from '../../lib/uow.js';
import { getInstitutionSettings } from '../settings/index.js';
import { enqueuePrint, type PrintOutcome } from '../printing/index.js';

/** The receipt's payload (what the layout prints). */
export interface DepositReceiptPayload {
  institution: string;
  receiptNo: string;
  reversesReceiptNo: string | null;
  stayNo: string;
  patient: { name: string; mrn: string };
  ward: string;
  amountFen: number;
  method: string;
  reference: string | null;
  reason: string | null;
  balanceFen: number;
  depositsFen: number;
  cashier: string;
  at: number;
}

export async function depositReceiptPayload(tx: Tx, depositId: number): Promise<DepositReceiptPayload> {
  const r = await tx.db
    .selectFrom('stay_deposits as d')
    .innerJoin('inpatient_stays as s', 's.id', 'd.stay_id')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('departments as w', 'w.id', 's.ward_id')
    .leftJoin('stay_deposits as o', 'o.id', 'd.reverses_id')
    .leftJoin('users as u', 'u.id', 'd.operator_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select([
      'd.receipt_no',
      'd.amount_fen',
      'd.method',
      'd.reference',
      'd.reason',
      'd.created_at',
      'o.receipt_no as reverses_no',
      's.stay_no',
      's.deposits_fen',
      's.charges_fen',
      's.guarantee_fen',
      'p.name',
      'p.mrn',
      'w.name as ward',
      'st.name as cashier',
    ])
    .where('d.id', '=', depositId)
    .executeTakeFirstOrThrow();
  const inst = await getInstitutionSettings(tx.db);
  return {
    institution: inst.name,
    receiptNo: r.receipt_no,
    reversesReceiptNo: r.reverses_no,
    stayNo: r.stay_no,
    patient: { name: r.name, mrn: r.mrn },
    ward: r.ward,
    amountFen: r.amount_fen,
    method: r.method,
    reference: r.reference,
    reason: r.reason,
    depositsFen: r.deposits_fen,
    balanceFen: r.deposits_fen - r.charges_fen + r.guarantee_fen,
    cashier: r.cashier ?? '',
    at: r.created_at,
  };
}

/** Saves the receipt's print job for the actor's workstation; the desk is told whether it can print. */
export async function depositReceiptJob(tx: Tx, actor: Actor, depositId: number): Promise<PrintOutcome> {
  return enqueuePrint(tx, {
    workstationId: actor.workstationId,
    layout: 'deposit-receipt',
    payload: await depositReceiptPayload(tx, depositId),
    ref: { type: 'stay_deposit', id: depositId },
    userId: actor.userId,
  });
}
