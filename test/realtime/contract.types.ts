// Type-level test of the realtime contract (issue 10 item 2): compiled by `tsc -p tsconfig.json`
// (npm test's typecheck), never run. Each `@ts-expect-error` line MUST fail to compile; if the
// contract loosens (a name or a payload no longer checked), the directive itself becomes the error.
// The client's side (onEvent, useLive) is checked the same way in client/src/live.types.ts.
import {
  EV,
  type EphemeralEventMap,
  type EventMap,
  type LiveEventName,
  type OrderEventPayload,
} from '../../core/contract.js';
import { type DomainEvent, ephemeral, publish } from '../../server/realtime/bus.js';
import type { Tx } from '../../server/lib/uow.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_ok?: T) => undefined;

// Every name of both maps has its constant in EV, and EV holds nothing else.
assert<Equal<(typeof EV)[keyof typeof EV], LiveEventName>>();
// A name is stored or ephemeral, never both.
assert<Equal<Extract<keyof EventMap, keyof EphemeralEventMap>, never>>();
// order:* and visit:* are in the contract with their payloads.
assert<Equal<EventMap['order:signed'], OrderEventPayload>>();
assert<Equal<EventMap[typeof EV.visitStarted]['visitId'], number>>();

const order: OrderEventPayload = { orderId: 1, patientId: 2, visitId: 3, totalFen: 400 };

export function serverSide(tx: Tx): void {
  tx.emit(publish(EV.orderSigned, order, ['cashier']));
  tx.emit({ name: EV.orderCancelled, rooms: ['cashier'], payload: order });
  const e: DomainEvent<'order:signed'> = publish('order:signed', order, []);
  void e.payload.orderId;

  // @ts-expect-error an unknown event name
  tx.emit(publish('order:teleported', order, []));
  // @ts-expect-error a payload of another event
  tx.emit(publish(EV.billPaid, order, []));
  // @ts-expect-error a payload missing a field
  tx.emit(publish(EV.orderSigned, { orderId: 1, patientId: 2, visitId: 3 }, []));
  // @ts-expect-error an object literal with the wrong payload for its name
  tx.emit({ name: EV.stockChanged, rooms: [], payload: order });
  // @ts-expect-error a bare string is not an event name
  tx.emit({ name: 'made:up' as string, rooms: [], payload: order });
  // @ts-expect-error an ephemeral event is never stored (not through tx.emit)
  tx.emit(ephemeral(EV.cardRead, { readerName: 'r', profile: 'p', person: null, uid: null }, []));
  // @ts-expect-error a stored event is not ephemeral
  ephemeral(EV.orderSigned, order, []);
}
