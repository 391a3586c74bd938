// The insurance seam (医保结算). When the cashier charges an insured patient, billing asks
// an InsuranceSettlement how much of the bill the fund pays. The insurance issue replaces
// the default with an adapter that talks to the medical security platform (2204 upload fee
// details, 2206 pre-settle, 2207 settle); until then the fund pays nothing and the patient
// pays all, while the bill still records payer 'insured'.
import type { Tx } from '../../lib/uow.js';
import type { ChargeLine } from './ledger.js';

export interface SettlementRequest {
  patientId: number;
  visitId: number | null;
  lines: ChargeLine[];
  totalFen: number;
  cashierUserId: number;
}

export interface SettlementResult {
  /** What the insurance fund pays (fen); 0 ≤ fundFen ≤ totalFen. */
  fundFen: number;
  /** The insurer's settlement id (setl_id), when there is one. */
  settlementId: string | null;
}

export interface InsuranceSettlement {
  /** Called inside the charge's transaction; must not await the network (pre-settle before). */
  settle(tx: Tx, req: SettlementRequest): Promise<SettlementResult>;
}

/** Default: no insurer connected — the fund pays 0 and the patient pays everything. */
export const noInsurer: InsuranceSettlement = {
  async settle() {
    return { fundFen: 0, settlementId: null };
  },
};
