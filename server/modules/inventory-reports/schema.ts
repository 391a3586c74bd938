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

export const Group = z.enum(['western', 'patent', 'herbal', 'material']);
export type Group = z.infer<typeof Group>;
export const GROUPS: Group[] = Group.options;

const int = z.number().int();

export const QtyValue = z.object({ qty: int, valueFen: int });
export type QtyValue = z.infer<typeof QtyValue>;

export const LotRow = z.object({
  locationId: int,
  locationName: z.string(),
  itemId: int,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: int,
  lotId: int,
  lotNo: z.string(),
  expiryDate: z.string(),
  qty: int,
  purchasePriceFen: int,
  valueFen: int,
  expired: z.boolean(),
  nearExpiry: z.boolean(),
});
export type LotRow = z.infer<typeof LotRow>;

export const OnHandReport = z.object({
  /** The location asked for (null: every location). */
  locationName: z.string().nullable(),
  today: z.string(),
  nearExpiryDays: int,
  items: z.array(LotRow),
  /** Every lot matching the filters (items holds the first of them when truncated). */
  lotCount: int,
  /** True when items does not list every lot; the totals still cover every lot. */
  truncated: z.boolean(),
  totals: QtyValue,
});
export type OnHandReport = z.infer<typeof OnHandReport>;

/** The institution's business day (its time zone), for the pages' default dates. */
export const ReportToday = z.object({
  today: z.string(),
  month: z.string(),
  timeZone: z.string(),
  /**
   * Receipts of lots expiring within this many months are warned (settings.inventory.shortShelfLifeMonths; 0 = off).
   */
  shortShelfLifeMonths: z.number().int(),
});
export type ReportToday = z.infer<typeof ReportToday>;

/** Ledger rows also show revaluations (调价) as their own rows: reason 'revaluation', quantities 0. */
export const MoveReason = z.enum([
  'opening',
  'receipt',
  'dispense',
  'dispense_return',
  'transfer_in',
  'transfer_out',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
]);
export type MoveReason = z.infer<typeof MoveReason>;

export const LedgerRow = z.object({
  moveId: int,
  at: int,
  locationId: int,
  locationName: z.string(),
  reason: MoveReason,
  /** The reason in words (入库, 调入, …; stock-take split into 盘盈 / 盘亏). */
  reasonText: z.string(),
  docNo: z.string().nullable(),
  refType: z.string().nullable(),
  refId: int.nullable(),
  /** For dispensing and returns: the prescription (order) the dispensation belongs to. */
  orderId: int.nullable(),
  lotNo: z.string(),
  expiryDate: z.string(),
  qtyIn: int,
  qtyOut: int,
  balance: int,
  /** A revaluation row (调价): the value it added (negative: removed), in fen; null for a move. */
  revaluationFen: int.nullable(),
});
export type LedgerRow = z.infer<typeof LedgerRow>;

export const LedgerReport = z.object({
  item: z.object({
    id: int,
    code: z.string(),
    name: z.string(),
    spec: z.string().nullable(),
    unit: z.string(),
    packUnit: z.string(),
    packSize: int,
  }),
  locationId: int.nullable(),
  locationName: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  opening: QtyValue,
  items: z.array(LedgerRow),
  /** opening + in − out + revaluation = closing, in value (revaluationFen: Σ of the period's 调价 rows). */
  totals: z.object({ qtyIn: int, qtyOut: int, valueInFen: int, valueOutFen: int, revaluationFen: int }),
  closing: QtyValue,
});
export type LedgerReport = z.infer<typeof LedgerReport>;

export const Value = z.object({ valueFen: int });
export type Value = z.infer<typeof Value>;

/**
 * A class row of the monthly report: values only. Quantities of different items are in
 * different units (粒, 支, g …) and are never added; they are in `itemRows`, one per item.
 */
export const MonthlyRow = z.object({
  locationId: int,
  locationName: z.string(),
  group: Group,
  opening: Value,
  receipts: Value,
  issues: Value,
  /** 调价: the value the month's price adjustments added to the stock (negative: removed). */
  revaluation: Value,
  closing: Value,
});
export type MonthlyRow = z.infer<typeof MonthlyRow>;

/** One item at one location for the month: quantities in the item's smallest unit, and values. */
export const MonthlyItemRow = z.object({
  locationId: int,
  locationName: z.string(),
  group: Group,
  itemId: int,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  opening: QtyValue,
  receipts: QtyValue,
  issues: QtyValue,
  revaluation: Value,
  closing: QtyValue,
});
export type MonthlyItemRow = z.infer<typeof MonthlyItemRow>;

export const MonthlyReport = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(MonthlyRow),
  itemRows: z.array(MonthlyItemRow),
  totals: z.object({ opening: Value, receipts: Value, issues: Value, revaluation: Value, closing: Value }),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

export const ReorderRow = z.object({
  locationId: int,
  locationName: z.string(),
  itemId: int,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  onHand: int,
  reorderLevel: int,
});
export type ReorderRow = z.infer<typeof ReorderRow>;

export const AlertsReport = z.object({
  locationName: z.string().nullable(),
  today: z.string(),
  nearExpiryDays: int,
  nearExpiry: z.array(LotRow),
  expired: z.array(LotRow),
  belowReorder: z.array(ReorderRow),
});
export type AlertsReport = z.infer<typeof AlertsReport>;
