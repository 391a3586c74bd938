// Diagnoses: HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { DiagnosisList, DiagnosisQuery, ImportQuery, ImportReport } from './schema.js';
import type { DiagnosesService } from './service.js';

export const CSV_LIMIT = 20 * 1024 * 1024;

export function diagnosisRoutes(diagnoses: DiagnosesService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/diagnoses',
      tag: 'diagnoses',
      summary: 'Search ICD-10 diagnoses: code prefix (J06), name, pinyin initials or full pinyin',
      auth: 'signed-in',
      query: DiagnosisQuery,
      response: DiagnosisList,
      async handler(req) {
        return { items: await diagnoses.search(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/diagnoses/import',
      tag: 'diagnoses',
      summary:
        'Import an ICD-10 catalog from CSV (code,name; header; UTF-8); a row-by-row report; nothing imported ' +
        'when a row is bad unless importGoodRows=true',
      auth: perm('dictionaries.manage'),
      query: ImportQuery,
      rawBody: { contentType: 'text/csv', limit: CSV_LIMIT },
      response: ImportReport,
      async handler(req) {
        return diagnoses.importCsv(req.actor!, req.rawText ?? '', {
          importGoodRows: req.query.importGoodRows === 'true',
        });
      },
    }),
  ];
}
