// Type-level test of the client's side of the realtime contract (issue 10 item 2): compiled by
// `tsc -p client/tsconfig.json`, never bundled (nothing imports it). Each `@ts-expect-error`
// line MUST fail to compile; if onEvent or useLive loosen, the directive itself becomes the error.
import { EV, type StoredEnvelope } from '../../core/contract.js';
import { useLive } from './hooks.js';
import { onEvent } from './socket.js';

export function clientSide(): void {
  onEvent(EV.orderSigned, (env) => env.payload.orderId satisfies number);
  onEvent(EV.cardRead, (env) => env.payload.person?.idNumber satisfies string | undefined);
  onEvent('*', (env) => env.name satisfies string);
  useLive([EV.billPaid, EV.stockChanged], () => undefined);

  // @ts-expect-error an unknown event name
  onEvent('order:teleported', () => undefined);
  // @ts-expect-error the payload of order:signed has no pharmacyIds
  onEvent(EV.orderSigned, (env) => env.payload.pharmacyIds);
  // @ts-expect-error a bare string is not an event name
  useLive(['stock:changed' as string], () => undefined);
}

export function narrowing(env: StoredEnvelope): number | null {
  if (env.name === EV.queueTicketCalled) return env.payload.entryId;
  // @ts-expect-error not narrowed: not every stored event has an entryId
  return env.payload.entryId;
}
