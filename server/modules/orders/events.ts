// Events published by the orders module: the cashier and the visit's clinic hear of every
// signed or cancelled order.
import type { DomainEvent } from '../../realtime/bus.js';
import { REVIEW_EVENTS, type OrderEventPayload, type OrderRefusedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const ORDER_SIGNED = 'order:signed';
export const ORDER_CANCELLED = 'order:cancelled';

export type { OrderEventPayload };

function event(name: string, p: OrderEventPayload, departmentId: number): DomainEvent<OrderEventPayload> {
  return { name, rooms: [rooms.cashier(), rooms.dept(departmentId)], payload: p };
}

export const orderSigned = (p: OrderEventPayload, departmentId: number) => event(ORDER_SIGNED, p, departmentId);
export const orderCancelled = (p: OrderEventPayload, departmentId: number) => event(ORDER_CANCELLED, p, departmentId);

/** 拒发: the doctor's clinic (to rewrite it), the cashier (to refund it) and the pharmacy (it leaves the queue). */
export const orderRefused = (p: OrderRefusedPayload, departmentId: number): DomainEvent<OrderRefusedPayload> => ({
  name: REVIEW_EVENTS.orderRefused,
  rooms: [rooms.cashier(), rooms.dept(departmentId), rooms.pharmacy(p.pharmacyId)],
  payload: p,
});
