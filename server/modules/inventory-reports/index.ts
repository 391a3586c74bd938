// The stock reports module's public entry (its wiring is module.ts): what other modules use.
export { reorderAlerts } from './alerts.js';
