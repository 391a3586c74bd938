// The insurance catalog module's public entry (its wiring is module.ts). The settlement reads the
// matches through these single-query look-ups (see lookup.ts for which match states count).
export {
  matchOf,
  departmentCode,
  diseaseCode,
  staffCode,
  codeLabels,
  SETTLEABLE_STATES,
  type ItemMatch,
} from './lookup.js';
// The demo seed (demo/insurance-catalog.ts) downloads and matches through the module's own service.
export { createInsuranceCatalogService, type InsuranceCatalogService } from './service.js';
export type { CatalogInsurer } from './download.js';
export { DOWNLOAD_INFNOS } from './schema.js';
