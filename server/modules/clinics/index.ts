// The clinics module's public entry: what other modules (and the demo seeds) use; its wiring is
// module.ts. Only the clinics module writes the clinics table.
export { upsert as saveClinic } from './repo.js';
