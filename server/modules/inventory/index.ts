// The stock documents module's public entry: what other modules use (its wiring, the routes and
// the price adjustment job, is module.ts).

// The stock ledger: the only mover of stock (dispensing, returns, opening stock call these).
export { applyMoves, movesOfRefs, openLots, type OpeningLot, type StockMove } from './ledger.js';
export { createInventoryService } from './service.js';
