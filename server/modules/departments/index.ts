// The departments module's public entry: what other modules use (its wiring is module.ts).
export { insertDepartment } from './commands.js';
