// Stock locations and document settings: HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { StockLocationList, StockLocationView, UpdateStockLocation, idParam } from './schema.js';
import type { StockLocationsService } from './service.js';

export function stockLocationRoutes(locations: StockLocationsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/stock/locations',
      tag: 'stock-locations',
      summary: 'Every store and pharmacy: role, supplying store, document types used (单据使用设置)',
      auth: 'signed-in',
      response: StockLocationList,
      async handler() {
        return { items: await locations.list() };
      },
    }),
    route({
      method: 'put',
      path: '/stock/locations/:id',
      tag: 'stock-locations',
      summary: 'Set a location’s role, supplying store and document types (with version)',
      auth: perm('admin.departments'),
      params: idParam,
      body: UpdateStockLocation,
      response: StockLocationView,
      async handler(req) {
        return locations.update(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}
