// The catalog module's public entry: what other modules use (its wiring is module.ts). Only the
// catalog writes catalog_items.
export {
  confirmChargeCategory,
  insertItemRow,
  insertItemsIfMissing,
  setDefaultReorderLevels,
  setPurchasePriceIfUnset,
} from './commands.js';
export { setItemPrices } from './price.js';
export { stockOnHandMany } from './stock.js';
