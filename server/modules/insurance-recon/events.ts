// Events published by the insurance reconciliation module (to the 对账 page's room).
import { INSURANCE_RECON_EVENTS, type InsuranceReconciledPayload } from '../../../core/contract.js';
import { publish } from '../../realtime/bus.js';
import { rooms } from '../../realtime/rooms.js';

export const RECONCILED = INSURANCE_RECON_EVENTS.reconciled;

export function reconciliationChanged(p: InsuranceReconciledPayload) {
  return publish(RECONCILED, p, [rooms.insuranceRecon()]);
}
