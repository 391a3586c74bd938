// The insurance reconciliation module's public entry (its wiring is module.ts). Nothing here is
// used by other modules yet: it reads the settlement module's tables and owns its own two.
export type { InsuranceReconService } from './service.js';
