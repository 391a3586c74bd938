// The report shapes (server/modules/inventory-reports/schema.ts), as the pages read them.
export type Group = 'western' | 'patent' | 'herbal' | 'material';

export interface QtyValue {
  qty: number;
  valueFen: number;
}

export interface LotRow {
  locationId: number;
  locationName: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  lotId: number;
  lotNo: string;
  expiryDate: string;
  qty: number;
  purchasePriceFen: number;
  valueFen: number;
  expired: boolean;
  nearExpiry: boolean;
}

export interface OnHandReport {
  locationName: string | null;
  today: string;
  nearExpiryDays: number;
  items: LotRow[];
  /** Every lot matching the filters; items lists the first ones when truncated (the totals cover all). */
  lotCount: number;
  truncated: boolean;
  totals: QtyValue;
}

export interface LedgerRow {
  moveId: number;
  at: number;
  locationId: number;
  locationName: string;
  reason: string;
  reasonText: string;
  docNo: string | null;
  refType: string | null;
  refId: number | null;
  orderId: number | null;
  lotNo: string;
  expiryDate: string;
  qtyIn: number;
  qtyOut: number;
  balance: number;
}

export interface LedgerReport {
  item: { id: number; code: string; name: string; spec: string | null; unit: string; packUnit: string; packSize: number };
  locationId: number | null;
  locationName: string | null;
  from: string;
  to: string;
  opening: QtyValue;
  items: LedgerRow[];
  totals: { qtyIn: number; qtyOut: number; valueInFen: number; valueOutFen: number };
  closing: QtyValue;
}

export interface MonthlyRow {
  locationId: number;
  locationName: string;
  group: Group;
  opening: QtyValue;
  receipts: QtyValue;
  issues: QtyValue;
  closing: QtyValue;
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  items: MonthlyRow[];
  totals: { opening: QtyValue; receipts: QtyValue; issues: QtyValue; closing: QtyValue };
}

export interface ReorderRow {
  locationId: number;
  locationName: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string | null;
  unit: string;
  onHand: number;
  reorderLevel: number;
}

export interface AlertsReport {
  locationName: string | null;
  today: string;
  nearExpiryDays: number;
  nearExpiry: LotRow[];
  expired: LotRow[];
  belowReorder: ReorderRow[];
}
