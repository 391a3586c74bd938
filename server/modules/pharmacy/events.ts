// Events published by the pharmacy module (names and payloads live in the shared contract).
import { publish } from '../../realtime/bus.js';
import {
  PHARMACY_EVENTS,
  REVIEW_EVENTS,
  type DispensePreparedPayload,
  type DispenseCompletedPayload,
  type DispenseReturnedPayload,
  type StockChangedPayload,
} from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export { PHARMACY_EVENTS };

export function dispenseCompleted(p: DispenseCompletedPayload) {
  return publish(PHARMACY_EVENTS.dispenseCompleted, p, [rooms.pharmacy(p.pharmacyId), rooms.cashier()]);
}

export function dispenseReturned(p: DispenseReturnedPayload) {
  return publish(PHARMACY_EVENTS.dispenseReturned, p, [rooms.pharmacy(p.pharmacyId), rooms.cashier()]);
}

export function stockChanged(p: StockChangedPayload) {
  return publish(PHARMACY_EVENTS.stockChanged, p, [rooms.pharmacy(p.locationId)]);
}

/** 配药 recorded (two-person check): the pharmacy's screens show who prepared it. */
export function dispensePrepared(p: DispensePreparedPayload) {
  return publish(REVIEW_EVENTS.dispensePrepared, p, [rooms.pharmacy(p.pharmacyId)]);
}
