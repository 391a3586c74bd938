// Catalog: HTTP only.
import { route, type RouteDef } from '../../http/route.js';
import { CatalogItem, CatalogItemQuery, CatalogList, CatalogQuery, idParam } from './schema.js';
import type { CatalogService } from './service.js';

export function catalogRoutes(catalog: CatalogService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/catalog/items',
      tag: 'catalog',
      summary: 'Search chargeable items (code, name, pinyin); onHand at pharmacyId counts non-expired lots',
      auth: 'signed-in',
      query: CatalogQuery,
      response: CatalogList,
      async handler(req) {
        return { items: await catalog.search(req.query) };
      },
    }),
    route({
      method: 'get',
      path: '/catalog/items/:id',
      tag: 'catalog',
      summary: 'One chargeable item (with onHand at pharmacyId)',
      auth: 'signed-in',
      params: idParam,
      query: CatalogItemQuery,
      response: CatalogItem,
      async handler(req) {
        return catalog.get(req.params.id, req.query.pharmacyId);
      },
    }),
  ];
}
