// The stock-locations module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { assertDocTypeEnabled, assertStoreFreeToChange, ensureStockLocation, recordEnsured } from './service.js';
export { makeInpatientPharmacy } from './commands.js';
