// Stock documents: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CountsBody,
  CreateDoc,
  CreateStocktake,
  DocParam,
  DocQuery,
  LotQuery,
  PostBody,
  ReverseBody,
  StockDoc,
  StockDocList,
  StockLotList,
  UpdateDoc,
  VersionBody,
} from './schema.js';
import type { InventoryService } from './service.js';

export function inventoryRoutes(inv: InventoryService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/stock/docs',
      tag: 'inventory',
      summary: 'Stock documents (paged); locationId matches the location or the counterpart',
      auth: perm('inventory.read'),
      query: DocQuery,
      response: StockDocList,
      async handler(req) {
        return inv.list(req.query, req.actor ?? null);
      },
    }),
    route({
      method: 'post',
      path: '/stock/docs',
      tag: 'inventory',
      summary:
        'Draft a stock document (入库 / 请领 / 调拨 / 退货 / 报损 / 消耗 / 调价); checked now and again at posting',
      auth: perm('inventory.draft'),
      idempotent: true,
      body: CreateDoc,
      response: StockDoc,
      async handler(req) {
        return created(await inv.create(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/stock/docs/:id',
      tag: 'inventory',
      summary: 'A stock document with its lines',
      auth: perm('inventory.read'),
      params: DocParam,
      response: StockDoc,
      async handler(req) {
        return inv.get(req.params.id, req.actor ?? null);
      },
    }),
    route({
      method: 'put',
      path: '/stock/docs/:id',
      tag: 'inventory',
      summary: 'Edit a draft (your own, or any with inventory.post)',
      auth: perm('inventory.draft'),
      params: DocParam,
      body: UpdateDoc,
      response: StockDoc,
      async handler(req) {
        return inv.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/stock/docs/:id/post',
      tag: 'inventory',
      summary:
        'Post a draft (审核记账, inventory.post): all rules again, stock moves and balances in one ' +
        'transaction; the maker submits their own requisition with inventory.draft',
      auth: perm('inventory.draft'),
      idempotent: true,
      params: DocParam,
      body: PostBody,
      response: StockDoc,
      async handler(req) {
        return inv.post(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stock/docs/:id/cancel',
      tag: 'inventory',
      summary: 'Cancel a draft (your own with inventory.draft, or any with inventory.post)',
      auth: 'signed-in',
      params: DocParam,
      body: VersionBody,
      response: StockDoc,
      async handler(req) {
        return inv.cancel(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/stock/docs/:id/reverse',
      tag: 'inventory',
      summary: 'Reverse a posted document: a new posted document with negated moves (not stock-takes or requisitions)',
      auth: perm('inventory.post'),
      idempotent: true,
      params: DocParam,
      body: ReverseBody,
      response: StockDoc,
      async handler(req) {
        return created(await inv.reverse(req.actor!, req.params.id, req.body, req.idem));
      },
    }),
    route({
      method: 'post',
      path: '/stock/stocktakes',
      tag: 'inventory',
      summary: 'Start a stock-take: freeze a snapshot of every lot with stock at the location (or of one kind)',
      auth: perm('inventory.draft'),
      idempotent: true,
      body: CreateStocktake,
      response: StockDoc,
      async handler(req) {
        return created(await inv.createStocktake(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'put',
      path: '/stock/docs/:id/counts',
      tag: 'inventory',
      summary: 'Save stock-take counts line by line (last write per line wins) and lots found while counting',
      auth: perm('inventory.draft'),
      params: DocParam,
      body: CountsBody,
      response: StockDoc,
      async handler(req) {
        return inv.saveCounts(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'get',
      path: '/stock/lots',
      tag: 'inventory',
      summary: 'Lots at a location, first expiry first',
      auth: perm('inventory.read'),
      query: LotQuery,
      response: StockLotList,
      async handler(req) {
        return { items: await inv.lots(req.query) };
      },
    }),
  ];
}
