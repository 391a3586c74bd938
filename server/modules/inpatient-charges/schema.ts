// The stay's charge ledger: request and response shapes (the client imports them type-only).
import { z } from 'zod';
import { t } from '../../../core/i18n.js';
import { CHARGE_CATEGORY_CODES } from '../../../core/charge-categories.js';
import { labelFields, pathId } from '../../http/validation.js';

/** A calendar day 'YYYY-MM-DD' that exists. */
export const dayField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD(date must be YYYY-MM-DD)')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900;
  }, '不是有效日期(not a valid date)');

const reason = z.string().trim().min(1).max(200);

export const StayParams = z.strictObject({ id: pathId });
export const ChargeParams = z.strictObject({ id: pathId, chargeId: pathId });
export const WardParams = z.strictObject({ wardId: pathId });

/** 补记账: an item of the catalog, a quantity in its smallest unit, the reason, the day (default today). */
export const ManualCharge = z.strictObject({
  itemId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(10_000),
  reason,
  day: dayField.optional(),
});
export type ManualCharge = z.infer<typeof ManualCharge>;

/** 冲账: the reason. */
export const ReverseCharge = z.strictObject({ reason });
export type ReverseCharge = z.infer<typeof ReverseCharge>;

export const ChargesQuery = z.strictObject({ day: dayField.optional() });
export const NightlyRun = z.strictObject({ day: dayField.optional() });

export const EmergencyItems = z.strictObject({
  itemIds: z.array(z.number().int().positive()).max(500),
});
export type EmergencyItems = z.infer<typeof EmergencyItems>;

export const NightlySettings = z.strictObject({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM(time must be HH:MM)'),
});
export type NightlySettings = z.infer<typeof NightlySettings>;

const category = z.enum(CHARGE_CATEGORY_CODES).or(z.string());

export const ChargeRowView = z.object({
  id: z.number(),
  stayId: z.number(),
  chargeDay: z.string(),
  catalogItemId: z.number(),
  itemName: z.string(),
  itemSpec: z.string().nullable(),
  itemUnit: z.string(),
  packSize: z.number(),
  chargeCategory: category,
  quantity: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
  source: z.enum(['bed', 'manual', 'order']),
  bedId: z.number().nullable(),
  reversesId: z.number().nullable(),
  reversedById: z.number().nullable(),
  reason: z.string().nullable(),
  deptId: z.number(),
  operatorId: z.number().nullable(),
  operatorName: z.string().nullable(),
  settlementId: z.number().nullable(),
  emergency: z.boolean(),
  createdAt: z.number(),
});
export type ChargeRowView = z.infer<typeof ChargeRowView>;

const CategoryAmount = z.object({ category: z.string(), amountFen: z.number() });
export const FeeListView = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      totalFen: z.number(),
      categories: z.array(CategoryAmount),
      items: z.array(
        z.object({
          catalogItemId: z.number(),
          name: z.string(),
          spec: z.string().nullable(),
          unit: z.string(),
          unitPriceFen: z.number(),
          packSize: z.number(),
          chargeCategory: z.string(),
          quantity: z.number(),
          amountFen: z.number(),
        }),
      ),
    }),
  ),
  categories: z.array(CategoryAmount),
  totalFen: z.number(),
});
export type FeeListView = z.infer<typeof FeeListView>;

export const BalanceView = z.object({
  depositsFen: z.number(),
  chargesFen: z.number(),
  guaranteeFen: z.number(),
  balanceFen: z.number(),
  warning: z.boolean(),
  arrears: z.boolean(),
  warningLineFen: z.number(),
  arrearsLimitFen: z.number(),
});

export const StayHead = z.object({
  id: z.number(),
  stayNo: z.string(),
  state: z.string(),
  wardId: z.number(),
  patientName: z.string(),
  admittedAt: z.number(),
  admittedDay: z.string(),
  dischargedAt: z.number().nullable(),
  days: z.number(),
});

export const ChargesView = z.object({
  stay: StayHead,
  today: z.string(),
  day: z.string().nullable(),
  rows: z.array(ChargeRowView),
  feeList: FeeListView,
  balance: BalanceView,
});
export type ChargesView = z.infer<typeof ChargesView>;

export const FeeListResult = z.object({
  stay: StayHead,
  today: z.string(),
  feeList: FeeListView,
  balance: BalanceView,
});

export const PostResult = z.object({
  rows: z.array(ChargeRowView),
  balance: BalanceView,
});
export type PostResult = z.infer<typeof PostResult>;

export const NightlyResult = z.object({
  wardId: z.number(),
  day: z.string(),
  rows: z.number(),
  amountFen: z.number(),
  stays: z.number(),
});
export type NightlyResult = z.infer<typeof NightlyResult>;

export const EmergencyItemsView = z.object({
  items: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
});
export const NightlySettingsView = z.object({ time: z.string(), lastJobDay: z.string().nullable() });

labelFields(ManualCharge, {
  itemId: t('收费项目', 'Item'),
  quantity: t('数量', 'Quantity'),
  reason: t('原因', 'Reason'),
  day: t('记账日期', 'Charge day'),
});
labelFields(ReverseCharge, { reason: t('冲账原因', 'Reason for the reversal') });
labelFields(ChargesQuery, { day: t('日期', 'Day') });
labelFields(NightlyRun, { day: t('计费日期', 'Charge day') });
labelFields(EmergencyItems, { itemIds: t('急救项目', 'Emergency items') });
labelFields(NightlySettings, { time: t('夜间计费时间', 'Time of the nightly run') });
