// Events published by the pharmacy module (names and payloads live in the shared contract).
import type { DomainEvent } from '../../realtime/bus.js';
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

export function dispenseCompleted(p: DispenseCompletedPayload): DomainEvent<DispenseCompletedPayload> {
  return {
    name: PHARMACY_EVENTS.dispenseCompleted,
    rooms: [rooms.pharmacy(p.pharmacyId), rooms.cashier()],
    payload: p,
  };
}

export function dispenseReturned(p: DispenseReturnedPayload): DomainEvent<DispenseReturnedPayload> {
  return { name: PHARMACY_EVENTS.dispenseReturned, rooms: [rooms.pharmacy(p.pharmacyId), rooms.cashier()], payload: p };
}

export function stockChanged(p: StockChangedPayload): DomainEvent<StockChangedPayload> {
  return { name: PHARMACY_EVENTS.stockChanged, rooms: [rooms.pharmacy(p.locationId)], payload: p };
}

/** 配药 recorded (two-person check): the pharmacy's screens show who prepared it. */
export function dispensePrepared(p: DispensePreparedPayload): DomainEvent<DispensePreparedPayload> {
  return { name: REVIEW_EVENTS.dispensePrepared, rooms: [rooms.pharmacy(p.pharmacyId)], payload: p };
}
