// Dictionary maintenance (基础维护): HTTP only. Everything needs dictionaries.manage: the list,
// one item and the export show purchase prices (the prescribing search /api/catalog/items is
// the read for everyone signed in).
import { created, HttpResult, perm, route, type RouteDef } from '../../http/route.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { XLSX_TYPE } from '../../lib/xlsx.js';
import type { ModuleContext } from '../context.js';
import {
  AdminItem,
  AdminList,
  AdminQuery,
  CreateItem,
  ExportQuery,
  ImportQuery,
  ImportReport,
  PinyinQuery,
  PinyinView,
  UpdateItem,
} from './admin-schema.js';
import { exportXlsx } from './export.js';
import { createImportService } from './import.js';
import { MANAGE, createMaintenanceService } from './maintenance.js';
import { idParam } from './schema.js';
import { fileResponse } from '../../http/responses.js';

export const IMPORT_LIMIT = 20 * 1024 * 1024;

export function catalogAdminRoutes(m: ModuleContext): RouteDef[] {
  const maintenance = createMaintenanceService(m);
  const importer = createImportService(m);
  return [
    route({
      method: 'get',
      path: '/catalog/admin/items',
      tag: 'catalog',
      summary:
        'Maintenance list: q matches code, name, trade name, pinyin initials or full pinyin; kind, active ' +
        '(default all), drugClass; paged by code',
      auth: perm(MANAGE),
      query: AdminQuery,
      response: AdminList,
      async handler(req) {
        return maintenance.list(req.query);
      },
    }),
    route({
      method: 'get',
      path: '/catalog/admin/items/:id',
      tag: 'catalog',
      summary: 'One item as maintenance sees it, active or not, with hasHistory',
      auth: perm(MANAGE),
      params: idParam,
      response: AdminItem,
      async handler(req) {
        return maintenance.get(req.params.id);
      },
    }),
    route({
      method: 'get',
      path: '/catalog/admin/pinyin',
      tag: 'catalog',
      summary: 'The pinyin keys that would be generated for a name (the form shows them before saving)',
      auth: perm(MANAGE),
      query: PinyinQuery,
      response: PinyinView,
      async handler(req) {
        return pinyinKeys(req.query.name);
      },
    }),
    route({
      method: 'post',
      path: '/catalog/admin/items',
      tag: 'catalog',
      summary: 'Create a drug, service or material (invoice category unconfirmed until saved in 发票归类)',
      auth: perm(MANAGE),
      body: CreateItem,
      response: AdminItem,
      async handler(req) {
        return created(await maintenance.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/catalog/admin/items/:id',
      tag: 'catalog',
      summary:
        'Update an item (the whole item with version); a new charge category unconfirms its invoice category; ' +
        'kind, unit, pack size and drug class of an item with history: 409 item_has_history',
      auth: perm(MANAGE),
      params: idParam,
      body: UpdateItem,
      response: AdminItem,
      async handler(req) {
        return maintenance.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'get',
      path: '/catalog/admin/export',
      tag: 'catalog',
      summary: 'The dictionary (or one kind) as an Excel file; the same columns are the import template',
      auth: perm(MANAGE),
      query: ExportQuery,
      response: fileResponse(XLSX_TYPE),
      async handler(req) {
        return new HttpResult(200, await exportXlsx(m.db, req.query.kind), XLSX_TYPE);
      },
    }),
    route({
      method: 'post',
      path: '/catalog/admin/import',
      tag: 'catalog',
      summary:
        'Import an Excel file (the export’s columns, up to 20,000 rows): mode=check writes nothing, all writes ' +
        'nothing when a row is bad (422 with the report), good-rows imports the valid rows',
      auth: perm(MANAGE),
      query: ImportQuery,
      rawBody: { contentType: XLSX_TYPE, limit: IMPORT_LIMIT, binary: true },
      idempotent: true,
      response: ImportReport,
      async handler(req) {
        return importer.importXlsx(req.actor!, req.rawBytes ?? Buffer.alloc(0), req.query.mode, req.idem);
      },
    }),
  ];
}
