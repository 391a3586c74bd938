// Events published by the insured visit's settlement (to the cashier desks).
import { publish } from '../../realtime/bus.js';
import { INSURANCE_SETTLEMENT_EVENTS, type InsuranceSettlementChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const INSURANCE_SETTLEMENT_CHANGED = INSURANCE_SETTLEMENT_EVENTS.changed;
export type { InsuranceSettlementChangedPayload };

export function settlementChanged(p: InsuranceSettlementChangedPayload) {
  // insurance-recon: the 对账 page's local totals follow settlements and reversals live.
  return publish(INSURANCE_SETTLEMENT_CHANGED, p, [rooms.cashier(), rooms.insuranceRecon()]);
}
