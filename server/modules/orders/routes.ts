// Orders: HTTP only.
import { z } from 'zod';
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CancelOrder,
  CheckResult,
  CreateOrder,
  OrderView,
  SignOrder,
  UpdateOrder,
  Vocabulary,
  idParam,
} from './schema.js';
import type { OrdersService } from './service.js';

const CONSULT = perm('outpatient.consult');
const CheckOrder = CreateOrder.extend({ orderId: z.number().int().positive().optional() });

export function orderRoutes(orders: OrdersService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/orders/vocabulary',
      tag: 'orders',
      summary: 'Frequencies (with times per day) and routes a prescription line may use',
      auth: 'signed-in',
      response: Vocabulary,
      async handler() {
        return orders.vocabulary();
      },
    }),
    route({
      method: 'post',
      path: '/orders/check',
      tag: 'orders',
      summary:
        'Run every prescribing check on a draft without saving it: ' +
        'problems per line, computed quantities, stock on hand',
      auth: CONSULT,
      body: CheckOrder,
      response: CheckResult,
      async handler(req) {
        return orders.check(req.actor!, req.body, req.meta.lang);
      },
    }),
    route({
      method: 'post',
      path: '/orders',
      tag: 'orders',
      summary: 'Save a draft prescription or service order (quantities computed when not given; every check runs)',
      auth: CONSULT,
      idempotent: true,
      body: CreateOrder,
      response: OrderView,
      async handler(req) {
        return created(await orders.create(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/orders/:id',
      tag: 'orders',
      summary: 'An order with its lines and stock on hand (audited patient read)',
      auth: CONSULT,
      params: idParam,
      response: OrderView,
      async handler(req) {
        return orders.get(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'put',
      path: '/orders/:id',
      tag: 'orders',
      summary: 'Change a draft (full object with version)',
      auth: CONSULT,
      params: idParam,
      body: UpdateOrder,
      response: OrderView,
      async handler(req) {
        return orders.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/orders/:id/sign',
      tag: 'orders',
      summary: 'Sign a draft: checks again, prices each line, tells the cashier, queues the prescription slip',
      auth: CONSULT,
      idempotent: true,
      params: idParam,
      body: SignOrder,
      response: OrderView,
      async handler(req) {
        return orders.sign(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/orders/:id/cancel',
      tag: 'orders',
      summary: 'Cancel a draft or a signed order that is not paid',
      auth: CONSULT,
      idempotent: true,
      params: idParam,
      body: CancelOrder,
      response: OrderView,
      async handler(req) {
        return orders.cancel(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/orders/:id/print',
      tag: 'orders',
      summary: 'Print the prescription slip of a signed order again',
      auth: CONSULT,
      params: idParam,
      response: z.object({ printJobId: z.number() }),
      async handler(req) {
        return orders.print(req.actor!, req.params.id);
      },
    }),
  ];
}
