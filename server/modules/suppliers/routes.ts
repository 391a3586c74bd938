// Suppliers: HTTP only.
import { HttpResult, created, perm, route, type RouteDef } from '../../http/route.js';
import { ImportQuery, ImportReport } from '../../lib/import-report.js';
import { XLSX_TYPE } from '../../lib/xlsx.js';
import {
  CreateSupplier,
  DeactivateSupplier,
  ExpiringList,
  ExpiringQuery,
  SupplierList,
  SupplierQuery,
  SupplierView,
  UpdateSupplier,
  idParam,
} from './schema.js';
import type { SuppliersService } from './service.js';
import { fileResponse } from '../../http/responses.js';

const AUTH = perm('dictionaries.manage');

export function supplierRoutes(suppliers: SuppliersService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/suppliers',
      tag: 'suppliers',
      summary: 'List suppliers; q matches code, name, short name, pinyin initials or full pinyin',
      auth: AUTH,
      query: SupplierQuery,
      response: SupplierList,
      async handler(req) {
        return { items: await suppliers.list(req.query) };
      },
    }),
    route({
      method: 'get',
      path: '/suppliers/pick',
      tag: 'suppliers',
      summary: 'Active suppliers for the stock documents supplier picker (same search as the list)',
      auth: perm('inventory.draft'),
      query: SupplierQuery,
      response: SupplierList,
      async handler(req) {
        return { items: await suppliers.list({ ...req.query, active: true }) };
      },
    }),
    route({
      method: 'get',
      path: '/suppliers/expiring',
      tag: 'suppliers',
      summary: 'Active suppliers whose drug trading licence expires within `days` (default 30) or has expired',
      auth: AUTH,
      query: ExpiringQuery,
      response: ExpiringList,
      async handler(req) {
        return suppliers.expiring(req.query.days);
      },
    }),
    route({
      method: 'get',
      path: '/suppliers/export',
      tag: 'suppliers',
      summary: 'Every supplier as an Excel file (Chinese headers); the same columns are the import template',
      auth: AUTH,
      response: fileResponse(XLSX_TYPE),
      async handler() {
        return new HttpResult(200, await suppliers.exportXlsx(), XLSX_TYPE);
      },
    }),
    route({
      method: 'post',
      path: '/suppliers/import',
      tag: 'suppliers',
      summary:
        'Import an Excel file (the export’s columns, up to 5,000 rows), matched by code: mode=check writes ' +
        'nothing, all writes nothing when a row is bad (422 with the report), good-rows imports the valid ' +
        'rows',
      auth: AUTH,
      query: ImportQuery,
      rawBody: { contentType: XLSX_TYPE, limit: 5 * 1024 * 1024, binary: true },
      idempotent: true,
      response: ImportReport,
      async handler(req) {
        return suppliers.importXlsx(req.actor!, req.rawBytes ?? Buffer.alloc(0), req.query.mode, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/suppliers',
      tag: 'suppliers',
      summary: 'Create a supplier',
      auth: AUTH,
      body: CreateSupplier,
      response: SupplierView,
      async handler(req) {
        return created(await suppliers.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/suppliers/:id',
      tag: 'suppliers',
      summary: 'Update a supplier (full object with version)',
      auth: AUTH,
      params: idParam,
      body: UpdateSupplier,
      response: SupplierView,
      async handler(req) {
        return suppliers.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/suppliers/:id/deactivate',
      tag: 'suppliers',
      summary: 'Deactivate a supplier (with version)',
      auth: AUTH,
      params: idParam,
      body: DeactivateSupplier,
      response: SupplierView,
      async handler(req) {
        return suppliers.deactivate(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}
