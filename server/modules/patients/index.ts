// The patients module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { searchKeys } from './keys.js';
export { maskIdNumber } from './mask.js';
export { formatMrn } from './service.js';
export { insertPatientRows, insertSearchKeyRows } from './commands.js';
