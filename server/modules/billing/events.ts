// Events published by billing: a bill paid or refunded, and a shift closed.
import { publish } from '../../realtime/bus.js';
import {
  BILLING_EVENTS,
  type BillPaidPayload,
  type BillRefundedPayload,
  type InvoiceChangedPayload,
  type ShiftClosedPayload,
} from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const BILL_PAID = BILLING_EVENTS.billPaid;
export const BILL_REFUNDED = BILLING_EVENTS.billRefunded;
export const SHIFT_CLOSED = BILLING_EVENTS.shiftClosed;
export type { BillPaidPayload, BillRefundedPayload, ShiftClosedPayload };

/** Rooms of a bill's event: the cashier desk, each pharmacy of its orders, the visit's clinic. */
export function billRooms(pharmacyIds: number[], deptId: number | null): string[] {
  const r = [rooms.cashier(), ...pharmacyIds.map((id) => rooms.pharmacy(id))];
  if (deptId !== null) r.push(rooms.dept(deptId));
  return r;
}

export function billPaid(p: BillPaidPayload, deptId: number | null) {
  return publish(BILL_PAID, p, billRooms(p.pharmacyIds, deptId));
}

export function billRefunded(p: BillRefundedPayload, deptId: number | null) {
  return publish(BILL_REFUNDED, p, billRooms(p.pharmacyIds, deptId));
}

export function shiftClosed(p: ShiftClosedPayload) {
  return publish(SHIFT_CLOSED, p, [rooms.cashier(), rooms.user(p.cashierUserId)]);
}

export const INVOICE_CHANGED = BILLING_EVENTS.invoiceChanged;

/** An invoice number issued, printed, replaced or voided: the cashier desks refresh. */
export function invoiceChanged(p: InvoiceChangedPayload) {
  return publish(INVOICE_CHANGED, p, [rooms.cashier()]);
}
