// The workstations module's public entry: what other modules use (its wiring is module.ts).
export { insertWorkstation } from './commands.js';
export { bindingsOf, type WorkstationBindings } from './bindings.js';
