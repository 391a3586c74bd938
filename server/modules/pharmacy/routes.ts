// Pharmacy (药房): HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import {
  DispenseBody,
  DispenseResult,
  OrderParam,
  PharmacyParam,
  PickQuery,
  PickView,
  PrepareBody,
  PrepareResult,
  QueueView,
  RefuseBody,
  RefuseResult,
  ReturnBody,
  ReturnResult,
  StockQuery,
  StockView,
} from './schema.js';
import type { PharmacyService } from './service.js';

export function pharmacyRoutes(pharmacy: PharmacyService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/pharmacy/:pharmacyId/queue',
      tag: 'pharmacy',
      summary: "A pharmacy's live queue: paid prescriptions waiting, and today's dispensed list",
      auth: perm('pharmacy.dispense'),
      params: PharmacyParam,
      response: QueueView,
      async handler(req) {
        return pharmacy.queue(req.params.pharmacyId);
      },
    }),
    route({
      method: 'get',
      path: '/pharmacy/orders/:orderId/pick',
      tag: 'pharmacy',
      summary: 'The pick list: the lots first-expiry-first-out would take now (nothing is written)',
      auth: perm('pharmacy.dispense'),
      params: OrderParam,
      query: PickQuery,
      response: PickView,
      async handler(req) {
        return pharmacy.pick(req.actor!, req.params.orderId, req.query.pharmacyId);
      },
    }),
    route({
      method: 'post',
      path: '/pharmacy/orders/:orderId/dispense',
      tag: 'pharmacy',
      summary: 'Dispense a paid prescription (FEFO lots, expired lots blocked, labels and slip printed)',
      auth: perm('pharmacy.dispense'),
      idempotent: true,
      params: OrderParam,
      body: DispenseBody,
      response: DispenseResult,
      async handler(req) {
        return pharmacy.dispense(req.actor!, req.params.orderId, req.body.pharmacyId, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/pharmacy/orders/:orderId/prepare',
      tag: 'pharmacy',
      summary:
        '配药: record that a paid prescription is prepared (two-person check on); another pharmacist then ' +
        'checks and dispenses',
      auth: perm('pharmacy.dispense'),
      idempotent: true,
      params: OrderParam,
      body: PrepareBody,
      response: PrepareResult,
      async handler(req) {
        return pharmacy.prepare(req.actor!, req.params.orderId, req.body.pharmacyId, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/pharmacy/orders/:orderId/refuse',
      tag: 'pharmacy',
      summary:
        '拒发: refuse a paid prescription with a reason; it returns to the doctor and the cashier refunds it whole',
      auth: perm('pharmacy.dispense'),
      idempotent: true,
      params: OrderParam,
      body: RefuseBody,
      response: RefuseResult,
      async handler(req) {
        return pharmacy.refuse(req.actor!, req.params.orderId, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/pharmacy/orders/:orderId/return',
      tag: 'pharmacy',
      summary: 'Take dispensed drugs back (退药) into the lots they came from; the cashier may then refund them',
      auth: perm('pharmacy.return'),
      idempotent: true,
      params: OrderParam,
      body: ReturnBody,
      response: ReturnResult,
      async handler(req) {
        return pharmacy.returnDrugs(req.actor!, req.params.orderId, req.body, req.idem);
      },
    }),
    route({
      method: 'get',
      path: '/pharmacy/:pharmacyId/stock',
      tag: 'pharmacy',
      summary: "A pharmacy's stock: on hand in non-expired lots, every lot with expired / near-expiry flags",
      auth: perm('inventory.read'),
      params: PharmacyParam,
      query: StockQuery,
      response: StockView,
      async handler(req) {
        return pharmacy.stock(req.params.pharmacyId, req.query);
      },
    }),
  ];
}
