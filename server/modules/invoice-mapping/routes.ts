// Invoice categorization (发票归类): HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { CategoryList, MappingList, MappingQuery, SaveMapping, SaveResult } from './schema.js';
import type { InvoiceMappingService } from './service.js';

const AUTH = perm('dictionaries.manage');

export function invoiceMappingRoutes(mapping: InvoiceMappingService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/invoice-mapping/categories',
      tag: 'invoice-mapping',
      summary: 'The 14 charge categories with their active items and how many are not yet confirmed',
      auth: AUTH,
      response: CategoryList,
      async handler() {
        return { items: await mapping.categories() };
      },
    }),
    route({
      method: 'get',
      path: '/invoice-mapping/items',
      tag: 'invoice-mapping',
      summary: 'Active items of a category and/or matching q (code, name, pinyin initials); unconfirmed first',
      auth: AUTH,
      query: MappingQuery,
      response: MappingList,
      async handler(req) {
        return mapping.list(req.query);
      },
    }),
    route({
      method: 'post',
      path: '/invoice-mapping/save',
      tag: 'invoice-mapping',
      summary: 'Put the items in the category and confirm them (all or nothing; audited per item)',
      auth: AUTH,
      body: SaveMapping,
      response: SaveResult,
      async handler(req) {
        return mapping.save(req.actor!, req.body);
      },
    }),
  ];
}
