// Events published by the inpatient-charges module: `stay-charge:posted` (rows added to a stay's
// ledger: a manual charge, a reversal, the nightly bed fees) to the stay's ward and the cashier.
import { STAY_CHARGE_EVENTS, type StayChargePostedPayload } from '../../../core/contract.js';
import { publish } from '../../realtime/bus.js';
import { rooms } from '../../realtime/rooms.js';

export const STAY_CHARGE_POSTED = STAY_CHARGE_EVENTS.posted;

export function chargePosted(p: StayChargePostedPayload) {
  return publish(STAY_CHARGE_POSTED, p, [rooms.ward(p.wardId), rooms.cashier()]);
}
