// Shapes of the stock API the store station reads: the server's own types (type-only imports of
// its schemas), and the few the page keeps for itself.
import type { CatalogItem } from '../../../../server/modules/catalog/schema.js';
import type { DocStatus, DocType } from '../../../../server/modules/inventory/schema.js';
import type { SupplierView } from '../../../../server/modules/suppliers/schema.js';
export type { DocStatus, DocType };

export const DOC_TYPES: DocType[] = [
  'receipt',
  'requisition',
  'transfer',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
  'price_adjustment',
];
/** Types whose lines take stock out of a lot at this location (a lot is picked per line). */
export const OUTGOING: DocType[] = ['transfer', 'supplier_return', 'loss', 'consumption'];
/** Types that may take stock out of an expired lot. */
export const EXPIRED_ALLOWED: DocType[] = ['supplier_return', 'loss'];

export type { StockLocationView as StockLocation } from '../../../../server/modules/stock-locations/schema.js';

/** The stock API's own shapes (type-only imports of the server's schema). */
export type { StockDoc, StockDocLine, StockDocSummary } from '../../../../server/modules/inventory/schema.js';
export type { StockLotView as Lot } from '../../../../server/modules/inventory/schema.js';

/**
 * An item as the line editor holds it: picked from the catalog search (the server's CatalogItem)
 * or rebuilt from a saved line, which carries only the core fields.
 */
export type ItemRef = Pick<CatalogItem, 'id' | 'code' | 'kind' | 'name' | 'spec' | 'unit' | 'packUnit' | 'packSize'> &
  Partial<
    Pick<CatalogItem, 'purchasePriceFen' | 'pinyinInitials' | 'priceFen' | 'essential' | 'manufacturer' | 'approvalNo'>
  >;

/** A supplier as the picker shows it (the server's SupplierView). */
export type SupplierRef = Pick<SupplierView, 'id' | 'code' | 'name' | 'pinyinInitials' | 'active'>;

export interface Items<T> {
  items: T[];
}
