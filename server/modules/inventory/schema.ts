// Stock documents (入库 / 请领 / 调拨 / 退货 / 报损 / 消耗 / 盘点): request and response shapes.
import { z } from 'zod';
import { labelFields, pathId } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { version } from '../../http/validation.js';

export const DOC_TYPES = [
  'receipt',
  'requisition',
  'transfer',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
  'price_adjustment',
] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const DOC_STATUSES = ['draft', 'posted', 'cancelled'] as const;
export type DocStatus = (typeof DOC_STATUSES)[number];

const MAX_ID = Number.MAX_SAFE_INTEGER;
const bodyId = z.number().int().positive().max(MAX_ID);
const queryId = z.coerce.number().int().positive().max(MAX_ID);
const noControl = /^[^\p{Cc}]*$/u;

const realDate = (v: string) => {
  const d = new Date(v + 'T00:00:00Z');
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
export const isoDay = z
  .string()
  .trim()
  .refine(realDate, '日期格式应为 YYYY-MM-DD 且为有效日期(date as YYYY-MM-DD, a real day)');

/** Free text: trimmed, no control characters; "" → null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(noControl, '不能包含控制字符(no control characters)')
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

export const quantity = z
  .number()
  .int('数量必须是整数(a whole number)')
  .positive('数量必须大于 0(more than 0)')
  .max(100_000_000);
export const countedQty = z
  .number()
  .int('数量必须是整数(a whole number)')
  .min(0, '数量不能为负(not negative)')
  .max(100_000_000);
export const priceFen = z
  .number()
  .int('进价必须是整数分,不能有分以下的小数(whole fen only)')
  .min(0, '进价不能为负(not negative)')
  .max(10_000_000_000);
const lotNo = z
  .string()
  .trim()
  .min(1, '请填写批号(give the lot number)')
  .max(40)
  .regex(noControl, '不能包含控制字符(no control characters)');

export const retailPriceFen = z
  .number()
  .int('零售价必须是整数分,不能有分以下的小数(whole fen only)')
  .min(0, '零售价不能为负(not negative)')
  .max(10_000_000_000);

export const LineInput = z.strictObject({
  itemId: bodyId,
  lotId: bodyId.nullable().optional(),
  lotNo: lotNo.nullable().optional(),
  expiryDate: isoDay.nullable().optional(),
  /** Receipt: the lot's purchase price; price adjustment: the new purchase price (optional). */
  purchasePriceFen: priceFen.nullable().optional(),
  /** Every type but the price adjustment (which moves no stock) requires it. */
  quantity: quantity.nullable().optional(),
  reason: text(200),
  /** Price adjustment (调价): the new retail price per pack, in fen. */
  newPriceFen: retailPriceFen.nullable().optional(),
  /** Receipt: 生产厂家 and 批准文号 (default: the catalog item's). */
  manufacturer: text(100).optional(),
  approvalNo: text(50).optional(),
});
export type LineInput = z.infer<typeof LineInput>;

const lines = z.array(LineInput).min(1, '至少一行(at least one line)').max(500, '最多 500 行(at most 500 lines)');

export const CreateDoc = z.strictObject({
  type: z.enum(DOC_TYPES),
  locationId: bodyId,
  counterpartId: bodyId.nullable().optional(),
  supplierId: bodyId.nullable().optional(),
  supplierInvoiceNo: text(50),
  reason: text(200),
  note: text(500),
  requisitionId: bodyId.nullable().optional(),
  /** Price adjustment: when it takes effect (epoch ms, in the future); absent or null: when posted. */
  effectiveAt: z.number().int().min(0).max(MAX_ID).nullable().optional(),
  lines,
});
export type CreateDoc = z.infer<typeof CreateDoc>;

export const UpdateDoc = z.strictObject({
  version,
  counterpartId: bodyId.nullable().optional(),
  supplierId: bodyId.nullable().optional(),
  supplierInvoiceNo: text(50),
  reason: text(200),
  note: text(500),
  effectiveAt: z.number().int().min(0).max(MAX_ID).nullable().optional(),
  lines,
});
export type UpdateDoc = z.infer<typeof UpdateDoc>;

export const VersionBody = z.strictObject({ version });
export type VersionBody = z.infer<typeof VersionBody>;

export const PostBody = z.strictObject({
  version,
  /** Receipt: the user confirmed the lots with a short remaining shelf life (近效期入库). */
  confirmShortExpiry: z.boolean().optional(),
});
export type PostBody = z.infer<typeof PostBody>;

export const ReverseBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, '请填写冲销原因(give a reason)')
    .max(200)
    .regex(noControl, '不能包含控制字符(no control characters)'),
});
export type ReverseBody = z.infer<typeof ReverseBody>;

export const CreateStocktake = z.strictObject({
  locationId: bodyId,
  note: text(500),
  kind: z.enum(['drug', 'material']).nullable().optional(),
  /** 盲盘: the book quantities are hidden from counters (without inventory.post) until posting. */
  blind: z.boolean().optional(),
});
export type CreateStocktake = z.infer<typeof CreateStocktake>;

export const CountsBody = z.strictObject({
  counts: z.array(z.strictObject({ lineId: bodyId, countedQty })).max(2000),
  added: z
    .array(z.strictObject({ itemId: bodyId, lotNo, expiryDate: isoDay, purchasePriceFen: priceFen, countedQty }))
    .max(200)
    .optional(),
});
export type CountsBody = z.infer<typeof CountsBody>;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const dayOrMs = z.union([isoDay, z.coerce.number().int().min(0).max(MAX_ID)]);

export const DocQuery = z.strictObject({
  locationId: queryId.optional(),
  type: z.enum(DOC_TYPES).optional(),
  status: z.enum(DOC_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
  from: dayOrMs.optional(),
  to: dayOrMs.optional(),
  /** Posted requisitions not yet filled by a live transfer; locationId then means the store asked. */
  pending: bool.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type DocQuery = z.infer<typeof DocQuery>;

export const LotQuery = z.strictObject({
  locationId: queryId,
  itemId: queryId.optional(),
  q: z.string().trim().max(50).optional(),
  includeEmpty: bool.optional(),
  includeExpired: bool.optional(),
});
export type LotQuery = z.infer<typeof LotQuery>;

export const DocParam = z.strictObject({ id: pathId });

// ---- responses ----

const who = z.object({ id: z.number().int(), name: z.string() });

export const StockDocLine = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number().int(),
  lotId: z.number().int().nullable(),
  lotNo: z.string().nullable(),
  expiryDate: z.string().nullable(),
  purchasePriceFen: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  amountFen: z.number().int(),
  snapshotQty: z.number().int().nullable(),
  countedQty: z.number().int().nullable(),
  reason: z.string().nullable(),
  onHand: z.number().int().nullable(),
  /** Price adjustment: retail price per pack before / after. */
  oldPriceFen: z.number().int().nullable(),
  newPriceFen: z.number().int().nullable(),
  manufacturer: z.string().nullable(),
  approvalNo: z.string().nullable(),
  /** Receipt: the lot expires within the short shelf-life limit (settings.inventory.shortShelfLifeMonths). */
  shortExpiry: z.boolean(),
});
export type StockDocLine = z.infer<typeof StockDocLine>;

const docFields = {
  id: z.number().int(),
  docNo: z.string(),
  type: z.enum(DOC_TYPES),
  status: z.enum(DOC_STATUSES),
  locationId: z.number().int(),
  locationName: z.string(),
  counterpartId: z.number().int().nullable(),
  counterpartName: z.string().nullable(),
  supplierId: z.number().int().nullable(),
  supplierName: z.string().nullable(),
  supplierInvoiceNo: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  requisitionId: z.number().int().nullable(),
  reversesId: z.number().int().nullable(),
  reversedById: z.number().int().nullable(),
  snapshotAt: z.number().int().nullable(),
  createdBy: who,
  createdAt: z.number().int(),
  postedBy: who.nullable(),
  postedAt: z.number().int().nullable(),
  version: z.number().int(),
  totalFen: z.number().int(),
  /** Requisitions: the posted, non-reversed transfer that filled it (else null; null for other types). */
  filledById: z.number().int().nullable(),
  filledByNo: z.string().nullable(),
  /** Price adjustment: when it takes effect (null: at posting) and when it did (null: not yet). */
  effectiveAt: z.number().int().nullable(),
  appliedAt: z.number().int().nullable(),
  /** Price adjustment: Σ of its stock revaluations, in fen. */
  revaluationFen: z.number().int(),
  /** Stock-take: a blind count; `bookHidden` when this answer hides the book quantities. */
  blind: z.boolean(),
  bookHidden: z.boolean(),
};

export const StockDoc = z.object({ ...docFields, lines: z.array(StockDocLine) });
export type StockDoc = z.infer<typeof StockDoc>;
export const StockDocSummary = z.object({ ...docFields, lineCount: z.number().int() });
export type StockDocSummary = z.infer<typeof StockDocSummary>;
export const StockDocList = z.object({ items: z.array(StockDocSummary), total: z.number().int() });

export const StockLotView = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number().int(),
  lotNo: z.string(),
  expiryDate: z.string(),
  purchasePriceFen: z.number().int(),
  qtyOnHand: z.number().int(),
  manufacturer: z.string().nullable(),
  approvalNo: z.string().nullable(),
  expired: z.boolean(),
  nearExpiry: z.boolean(),
});
export type StockLotView = z.infer<typeof StockLotView>;
export const StockLotList = z.object({ items: z.array(StockLotView) });

// Field labels for the error messages (server/http/field-text.ts).
labelFields(LineInput, {
  itemId: t('药品/物资', 'Item'),
  lotId: t('批次', 'Lot'),
  lotNo: t('批号', 'Lot number'),
  expiryDate: t('有效期至', 'Expiry date'),
  purchasePriceFen: t('进价', 'Purchase price'),
  quantity: t('数量', 'Quantity'),
  reason: t('原因', 'Reason'),
});
labelFields(CreateDoc, {
  type: t('单据类型', 'Document type'),
  locationId: t('库房', 'Store'),
  counterpartId: t('对方库房', 'Other store'),
  supplierId: t('供应商', 'Supplier'),
  supplierInvoiceNo: t('供应商发票号', "Supplier's invoice number"),
  reason: t('原因', 'Reason'),
  note: t('备注', 'Note'),
  requisitionId: t('请领单', 'Requisition'),
  lines: t('明细', 'Lines'),
});
labelFields(ReverseBody, { reason: t('冲销原因', 'Reason for the reversal') });
labelFields(CreateStocktake, {
  locationId: t('库房', 'Store'),
  note: t('备注', 'Note'),
  kind: t('盘点范围', 'Items to count'),
});
labelFields(CountsBody, { counts: t('盘点数量', 'Counts'), added: t('新增盘点行', 'Added lines') });
labelFields(CountsBody.shape.counts.element, {
  lineId: t('盘点行', 'Count line'),
  countedQty: t('实盘数量', 'Counted quantity'),
});
