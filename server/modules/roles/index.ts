// The roles module's public entry: what other modules use (its wiring is module.ts).
export { syncBuiltinRoles, type BuiltinRoleSpec } from './commands.js';
