// The roster module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { isRostered } from './repo.js';
export { addRosterRow } from './commands.js';
