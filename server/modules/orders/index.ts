// The orders module's public entry: what other modules may use. Everything else in this folder
// (repo, checks, quantity) is internal. The order status is written only by the lifecycle
// commands below (lifecycle.ts), inside the caller's unit of work.
export {
  TRANSITIONS,
  canTransition,
  sign,
  cancel,
  markPaid,
  markRefused,
  markDispensed,
  markReturned,
  cancelRefunded,
  type OrderCommand,
  type OrderTx,
} from './lifecycle.js';
export { setHospApprFlag } from './hosp-appr.js';
export { createOrdersService, ordersOfVisits, refuseOrder, ORDER, type OrdersService } from './service.js';
export { ORDER_SIGNED, ORDER_CANCELLED, type OrderEventPayload } from './events.js';
export type { OrderView, OrderLineView } from './schema.js';
