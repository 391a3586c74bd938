// The suppliers module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { creditCodeCheckChar } from './credit-code.js';
export { insertSupplierRow } from './commands.js';
