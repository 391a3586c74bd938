// The diagnoses module's public entry: what other modules (and the demo seeds) use; its wiring is
// module.ts.
export { insertDiagnosesIfMissing } from './commands.js';
