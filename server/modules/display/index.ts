// The display module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { DISPLAY_TOKEN_PATTERN, hashDisplayToken } from './token.js';
