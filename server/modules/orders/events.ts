// Events published by the orders module: the cashier and the visit's clinic hear of every
// signed or cancelled order.
import { publish } from '../../realtime/bus.js';
import { EV, type OrderEventPayload, type OrderRefusedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const ORDER_SIGNED = EV.orderSigned;
export const ORDER_CANCELLED = EV.orderCancelled;

export type { OrderEventPayload };

function event(name: typeof ORDER_SIGNED | typeof ORDER_CANCELLED, p: OrderEventPayload, departmentId: number) {
  return publish(name, p, [rooms.cashier(), rooms.dept(departmentId)]);
}

export const orderSigned = (p: OrderEventPayload, departmentId: number) => event(ORDER_SIGNED, p, departmentId);
export const orderCancelled = (p: OrderEventPayload, departmentId: number) => event(ORDER_CANCELLED, p, departmentId);

/** 拒发: the doctor's clinic (to rewrite it), the cashier (to refund it) and the pharmacy (it leaves the queue). */
export const orderRefused = (p: OrderRefusedPayload, departmentId: number) =>
  publish(EV.orderRefused, p, [rooms.cashier(), rooms.dept(departmentId), rooms.pharmacy(p.pharmacyId)]);
