// The invoice mapping module's public entry (its wiring is module.ts). Nothing is used by other
// modules yet.
export {};
