// Stock reports (库存查询 / 进销存台账 / 月度进销存 / 效期与库存预警): query shapes.
import { z } from 'zod';
import { dayField } from '../equipment/schema.js';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const format = z
  .enum(['json', 'xlsx'])
  .optional()
  .transform((v) => v ?? 'json');

export const OnHandQuery = z.strictObject({
  locationId: id.optional(),
  kind: z.enum(['drug', 'material']).optional(),
  drugClass: z.enum(['western', 'patent', 'herbal']).optional(),
  q: z.string().trim().max(50).optional(),
  includeExpired: flag.optional().transform((v) => v ?? true),
  /** Rows returned (JSON): at most ON_HAND_MAX_ROWS; the totals always cover every lot. */
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  format,
});
export type OnHandQuery = z.infer<typeof OnHandQuery>;

/** The most lots an on-hand answer lists (JSON); the Excel file holds up to ON_HAND_EXPORT_ROWS. */
export const ON_HAND_MAX_ROWS = 1000;
export const ON_HAND_EXPORT_ROWS = 100_000;
/** The longest ledger period, in years. */
export const LEDGER_MAX_YEARS = 3;

export const LedgerQuery = z.strictObject({
  itemId: id,
  locationId: id.optional(),
  from: dayField,
  to: dayField,
  format,
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const MonthlyQuery = z.strictObject({
  locationId: id.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM(month must be YYYY-MM)')
    .refine((s) => Number(s.slice(0, 4)) >= 1900, '不是有效月份(not a valid month)'),
  format,
});
export type MonthlyQuery = z.infer<typeof MonthlyQuery>;

export const AlertsQuery = z.strictObject({ locationId: id.optional(), format });
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export type Group = 'western' | 'patent' | 'herbal' | 'material';
export const GROUPS: Group[] = ['western', 'patent', 'herbal', 'material'];

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
  /** The location asked for (null: every location). */
  locationName: string | null;
  today: string;
  nearExpiryDays: number;
  items: LotRow[];
  /** Every lot matching the filters (items holds the first of them when truncated). */
  lotCount: number;
  /** True when items does not list every lot; the totals still cover every lot. */
  truncated: boolean;
  totals: QtyValue;
}

/** The institution's business day (its time zone), for the pages' default dates. */
export const ReportToday = z.object({
  today: z.string(),
  month: z.string(),
  timeZone: z.string(),
  /** Receipts of lots expiring within this many months are warned (settings.inventory.shortShelfLifeMonths; 0 = off). */
  shortShelfLifeMonths: z.number().int(),
});
export type ReportToday = z.infer<typeof ReportToday>;

/** Ledger rows also show revaluations (调价) as their own rows: reason 'revaluation', quantities 0. */
export type MoveReason =
  | 'opening'
  | 'receipt'
  | 'dispense'
  | 'dispense_return'
  | 'transfer_in'
  | 'transfer_out'
  | 'supplier_return'
  | 'loss'
  | 'consumption'
  | 'stocktake';

export interface LedgerRow {
  moveId: number;
  at: number;
  locationId: number;
  locationName: string;
  reason: MoveReason;
  /** The reason in words (入库, 调入, …; stock-take split into 盘盈 / 盘亏). */
  reasonText: string;
  docNo: string | null;
  refType: string | null;
  refId: number | null;
  /** For dispensing and returns: the prescription (order) the dispensation belongs to. */
  orderId: number | null;
  lotNo: string;
  expiryDate: string;
  qtyIn: number;
  qtyOut: number;
  balance: number;
  /** A revaluation row (调价): the value it added (negative: removed), in fen; null for a move. */
  revaluationFen: number | null;
}

export interface LedgerReport {
  item: {
    id: number;
    code: string;
    name: string;
    spec: string | null;
    unit: string;
    packUnit: string;
    packSize: number;
  };
  locationId: number | null;
  locationName: string | null;
  from: string;
  to: string;
  opening: QtyValue;
  items: LedgerRow[];
  /** opening + in − out + revaluation = closing, in value (revaluationFen: Σ of the period's 调价 rows). */
  totals: { qtyIn: number; qtyOut: number; valueInFen: number; valueOutFen: number; revaluationFen: number };
  closing: QtyValue;
}

export interface Value {
  valueFen: number;
}

/**
 * A class row of the monthly report: values only. Quantities of different items are in
 * different units (粒, 支, g …) and are never added; they are in `itemRows`, one per item.
 */
export interface MonthlyRow {
  locationId: number;
  locationName: string;
  group: Group;
  opening: Value;
  receipts: Value;
  issues: Value;
  /** 调价: the value the month's price adjustments added to the stock (negative: removed). */
  revaluation: Value;
  closing: Value;
}

/** One item at one location for the month: quantities in the item's smallest unit, and values. */
export interface MonthlyItemRow {
  locationId: number;
  locationName: string;
  group: Group;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string | null;
  unit: string;
  opening: QtyValue;
  receipts: QtyValue;
  issues: QtyValue;
  revaluation: Value;
  closing: QtyValue;
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  items: MonthlyRow[];
  itemRows: MonthlyItemRow[];
  totals: { opening: Value; receipts: Value; issues: Value; revaluation: Value; closing: Value };
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
