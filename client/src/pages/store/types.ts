// Shapes of the stock API the store station reads (issue 5 contract, sections B and C).
import type { DocType } from '../../../../server/modules/inventory/schema.js';
export type { DocType };
export type DocStatus = 'draft' | 'posted' | 'cancelled';

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

export interface ItemRef {
  id: number;
  code: string;
  kind: 'drug' | 'service' | 'material';
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  purchasePriceFen?: number | null;
  pinyinInitials?: string;
  /** Retail price per pack (the catalog's), fen. */
  priceFen?: number;
  essential?: boolean;
  manufacturer?: string | null;
  approvalNo?: string | null;
}

export interface SupplierRef {
  id: number;
  code: string;
  name: string;
  pinyinInitials: string;
  active: boolean;
}

export interface Items<T> {
  items: T[];
}
