// The staff module's public entry: what other modules use (its wiring is module.ts).
export { insertStaff } from './commands.js';
export { titleLevel, type TitleLevel } from './titles.js';
