// Orders (处方 / 医嘱): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { FREQUENCY_CODES, ROUTE_CODES } from '../../../core/orders-vocabulary.js';

export { idParam };

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)');

const optText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const OrderLineInput = z.strictObject({
  itemId: id,
  dose: z
    .string()
    .trim()
    .regex(/^\d{1,7}(\.\d{1,4})?$/, '剂量须为正数,如 0.5(dose must be a positive decimal such as 0.5)')
    .refine((s) => /[1-9]/.test(s), '剂量须大于 0(dose must be greater than 0)')
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  doseUnit: optText(10),
  frequency: z
    .enum(FREQUENCY_CODES)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  route: z
    .enum(ROUTE_CODES)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  days: z
    .number()
    .int('天数须为整数(days must be a whole number)')
    .min(1)
    .max(365)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  quantity: z
    .number()
    .int('数量须为最小单位的整数(quantity must be a whole number of the smallest unit)')
    .min(1)
    .max(1_000_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  note: optText(200),
});
export type OrderLineInput = z.infer<typeof OrderLineInput>;

const orderFields = {
  kind: z.enum(['western', 'herbal', 'service']),
  pharmacyId: id
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  emergency: z.boolean().optional().default(false),
  supplyReason: optText(200),
  allergyOverrideReason: optText(200),
  herbalDoses: z
    .number()
    .int()
    .min(1)
    .max(99)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  lines: z.array(OrderLineInput).min(1, '至少一行(at least one line)').max(30),
};

export const CreateOrder = z.strictObject({ visitId: id, ...orderFields });
export type CreateOrder = z.infer<typeof CreateOrder>;

export const UpdateOrder = z.strictObject({ ...orderFields, version });
export type UpdateOrder = z.infer<typeof UpdateOrder>;

export const SignOrder = z.strictObject({ version });
export type SignOrder = z.infer<typeof SignOrder>;

export const CancelOrder = z.strictObject({ reason: optText(200) });
export type CancelOrder = z.infer<typeof CancelOrder>;

export const ProblemView = z.object({ code: z.string(), field: z.string(), message: z.string() });
export type ProblemView = z.infer<typeof ProblemView>;

export const OrderLineView = z.object({
  id: z.number(),
  lineNo: z.number(),
  itemId: z.number(),
  itemCode: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number(),
  dose: z.string().nullable(),
  doseUnit: z.string().nullable(),
  frequency: z.string().nullable(),
  route: z.string().nullable(),
  days: z.number().nullable(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
  chargeCategory: z.string(),
  note: z.string().nullable(),
  onHand: z.number().nullable(),
});
export type OrderLineView = z.infer<typeof OrderLineView>;

export const OrderView = z.object({
  id: z.number(),
  visitId: z.number(),
  patientId: z.number(),
  doctorStaffId: z.number(),
  doctorName: z.string(),
  departmentId: z.number(),
  kind: z.enum(['western', 'herbal', 'service']),
  status: z.enum(['draft', 'signed', 'paid', 'dispensed', 'returned', 'cancelled']),
  pharmacyId: z.number().nullable(),
  herbalDoses: z.number().nullable(),
  emergency: z.boolean(),
  supplyReason: z.string().nullable(),
  allergyOverrideReason: z.string().nullable(),
  totalFen: z.number(),
  signedAt: z.number().nullable(),
  createdAt: z.number(),
  version: z.number(),
  /** 拒发: the pharmacy refused it (status stays 'paid' until the cashier refunds it whole, then 'cancelled'). */
  refusal: z.object({ at: z.number(), reason: z.string(), by: z.string() }).nullable(),
  lines: z.array(OrderLineView),
});
export type OrderView = z.infer<typeof OrderView>;

export const CheckResult = z.object({
  problems: z.array(ProblemView),
  lines: z.array(z.object({ itemId: z.number(), quantity: z.number().nullable(), onHand: z.number().nullable() })),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const Vocabulary = z.object({
  frequencies: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  routes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
});

// Field labels for the error messages (server/http/field-text.ts).
labelFields(OrderLineInput, {
  itemId: t('药品/项目', 'Item'),
  dose: t('每次剂量', 'Dose'),
  doseUnit: t('剂量单位', 'Dose unit'),
  frequency: t('频次', 'Frequency'),
  route: t('用法', 'Route'),
  days: t('天数', 'Days'),
  quantity: t('总量', 'Quantity'),
  note: t('嘱托', 'Note'),
});
labelFields(CreateOrder, {
  visitId: t('就诊', 'Visit'),
  kind: t('处方类别', 'Kind of order'),
  pharmacyId: t('取药药房', 'Pharmacy'),
  emergency: t('急诊', 'Emergency'),
  supplyReason: t('超量理由', 'Reason for the longer supply'),
  allergyOverrideReason: t('过敏强制开具理由', 'Reason to prescribe despite the allergy'),
  herbalDoses: t('剂数', 'Number of doses'),
  lines: t('处方明细', 'Prescription lines'),
});
labelFields(UpdateOrder, { version: t('版本号', 'Version') });
labelFields(CancelOrder, { reason: t('作废原因', 'Reason for cancelling') });
