// The insurance catalog module's service: downloads (download.ts), matching of catalog items
// (matching.ts), 3301/3302 (upload.ts), departments/diseases/staff codes (codes.ts), and the reads
// of the pages. The insurer is the adapter's gateway client (server/modules/insurance).
import type { ModuleContext } from '../context.js';
import { createInsurer } from '../insurance/index.js';
import { createCodes } from './codes.js';
import { CATALOG_NAMES, createDownloads, type CatalogInsurer } from './download.js';
import { createMatching } from './matching.js';
import * as repo from './repo.js';
import { codeTablesInForce } from './lookup.js';
import { type CodeListQuery, DOWNLOAD_INFNOS, type InsurerItemQuery, type LocalItemQuery } from './schema.js';
import { createUploads } from './upload.js';

export function createInsuranceCatalogService(
  deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>,
  insurer: CatalogInsurer = createInsurer(deps),
) {
  const { db } = deps;
  const downloads = createDownloads(deps, insurer);
  return {
    ...createMatching(deps),
    ...createUploads(deps, insurer),
    ...createCodes(deps),
    download: downloads.download,

    /** Each catalog: version held, rows, last download, and whether one runs now. */
    async catalogs() {
      const last = new Map((await repo.lastVersions(db)).map((v) => [v.infno, v]));
      const counts = await repo.rowCounts(db);
      const running = downloads.progress();
      return {
        items: DOWNLOAD_INFNOS.map((infno) => {
          const v = last.get(infno);
          return {
            infno,
            name: CATALOG_NAMES[infno].zh,
            nameEn: CATALOG_NAMES[infno].en,
            rows: counts.get(infno) ?? 0,
            ver: v?.ver ?? '0',
            downloadedAt: v?.downloaded_at ?? null,
            downloadedBy: v?.by_name ?? null,
            running: running.has(infno),
            progressRows: running.get(infno)?.rows ?? null,
          };
        }),
      };
    },

    insurerItems(q: InsurerItemQuery) {
      return repo.searchInsurerItems(db, q);
    },

    localItems(q: LocalItemQuery) {
      return repo.localItems(db, q);
    },

    async codeLists(q: CodeListQuery) {
      const r = await repo.codeLists(db, q);
      return {
        items: r.rows.map((x) => ({
          code: x.code,
          name: x.name,
          fields: JSON.parse(x.fields) as Record<string, string>,
          valid: x.valid === 1,
          version: x.version,
        })),
        total: r.total,
      };
    },

    async codeTables(type?: string) {
      return { items: await codeTablesInForce(db, type) };
    },

    async heldOnly() {
      const rows = await repo.heldOnlyThere(db, 500);
      return {
        items: rows.map((r) => ({
          localCode: r.local_code,
          catalogItemId: r.catalog_item_id,
          name: r.name,
          listType: r.list_type,
          medListCodg: r.hilist_code,
          updtTime: r.updt_time,
        })),
      };
    },
  };
}

export type InsuranceCatalogService = ReturnType<typeof createInsuranceCatalogService>;
