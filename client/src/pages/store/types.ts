// Shapes of the stock API the store station reads (issue 5 contract, sections B and C).
export type DocType = 'receipt' | 'requisition' | 'transfer' | 'supplier_return' | 'loss' | 'consumption' | 'stocktake';
export type DocStatus = 'draft' | 'posted' | 'cancelled';

export const DOC_TYPES: DocType[] = ['receipt', 'requisition', 'transfer', 'supplier_return', 'loss', 'consumption', 'stocktake'];
/** Types whose lines take stock out of a lot at this location (a lot is picked per line). */
export const OUTGOING: DocType[] = ['transfer', 'supplier_return', 'loss', 'consumption'];
/** Types that may take stock out of an expired lot. */
export const EXPIRED_ALLOWED: DocType[] = ['supplier_return', 'loss'];

export interface StockLocation {
  id: number;
  code: string;
  name: string;
  kind: 'store' | 'pharmacy';
  role: 'store' | 'outpatient_pharmacy' | 'inpatient_pharmacy';
  suppliedById: number | null;
  suppliedByName: string | null;
  docTypes: DocType[];
  active: boolean;
  version: number;
}

export interface Person {
  id: number;
  name: string;
}

export interface StockDocLine {
  id: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  lotId: number | null;
  lotNo: string | null;
  expiryDate: string | null;
  purchasePriceFen: number | null;
  /** Null on a stock-take line not counted yet. */
  quantity: number | null;
  amountFen: number;
  snapshotQty: number | null;
  countedQty: number | null;
  reason: string | null;
  onHand: number | null;
}

export interface StockDocSummary {
  id: number;
  docNo: string;
  type: DocType;
  status: DocStatus;
  locationId: number;
  locationName: string;
  counterpartId: number | null;
  counterpartName: string | null;
  supplierId: number | null;
  supplierName: string | null;
  supplierInvoiceNo: string | null;
  reason: string | null;
  note: string | null;
  requisitionId: number | null;
  reversesId: number | null;
  reversedById: number | null;
  /** A requisition: the posted, non-reversed transfer that filled it (server rule), else null. */
  filledById: number | null;
  filledByNo: string | null;
  snapshotAt: number | null;
  createdBy: Person;
  createdAt: number;
  postedBy: Person | null;
  postedAt: number | null;
  version: number;
  totalFen: number;
  lineCount?: number;
}

export interface StockDoc extends StockDocSummary {
  lines: StockDocLine[];
}

export interface Lot {
  id: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  lotNo: string;
  expiryDate: string;
  purchasePriceFen: number;
  qtyOnHand: number;
  expired: boolean;
  nearExpiry: boolean;
}

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
