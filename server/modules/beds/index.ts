// The beds module's public entry: what other modules (inpatient-charges, the demo) use; its wiring
// is module.ts. Everything else in this folder is internal.
export { bedById, freeBedsForDischarge, heldBedsWithItems, type HeldBed } from './commands.js';
export type { BedView } from './schema.js';
// The service, for the demo's seed (the wards' rooms, beds and placements through the real rules).
export { createBedsService, type BedsService } from './service.js';
