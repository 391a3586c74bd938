// Pharmacy (药房): request and response shapes.
import { z } from 'zod';
import { labelFields, pathId } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { PrintOutcome } from '../printing/schema.js';

const id = pathId;
const bodyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const PharmacyParam = z.strictObject({ pharmacyId: id });
export const OrderParam = z.strictObject({ orderId: id });

export const PickQuery = z.strictObject({ pharmacyId: id });
export type PickQuery = z.infer<typeof PickQuery>;

export const DispenseBody = z.strictObject({ pharmacyId: bodyId });
export type DispenseBody = z.infer<typeof DispenseBody>;

export const PrepareBody = z.strictObject({ pharmacyId: bodyId });
export type PrepareBody = z.infer<typeof PrepareBody>;

export const RefuseBody = z.strictObject({
  pharmacyId: bodyId,
  reason: z
    .string('请填写拒发原因(give the reason for refusing)')
    .trim()
    .min(1, '请填写拒发原因(give the reason for refusing)')
    .max(200, '拒发原因最多 200 字(at most 200 characters)')
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)'),
});
export type RefuseBody = z.infer<typeof RefuseBody>;

export const ReturnBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        orderLineId: bodyId,
        quantity: z
          .number()
          .int('退药数量必须是整数(a whole number)')
          .positive('退药数量必须大于 0(more than 0)')
          .max(1_000_000),
      }),
    )
    .min(1, '至少退一行(at least one line)')
    .max(50),
  reason: z
    .string()
    .trim()
    .min(1, '请填写退药原因(give a reason)')
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)'),
});
export type ReturnBody = z.infer<typeof ReturnBody>;

export const StockQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  nearExpiryDays: z.coerce.number().int().min(0).max(3650).default(90),
});
export type StockQuery = z.infer<typeof StockQuery>;

// ---- responses ----

export const PatientBrief = z.object({
  id: z.number().int(),
  mrn: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number().int(),
});
export type PatientBrief = z.infer<typeof PatientBrief>;

export const Allocation = z.object({
  lotId: z.number().int(),
  lotNo: z.string(),
  expiryDate: z.string(),
  quantity: z.number().int(),
});
export type Allocation = z.infer<typeof Allocation>;

export const RxLine = z.object({
  orderLineId: z.number().int(),
  lineNo: z.number().int(),
  itemId: z.number().int(),
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number().int(),
  quantity: z.number().int(),
  packs: z.number().int(),
  units: z.number().int(),
  dose: z.string().nullable(),
  doseUnit: z.string().nullable(),
  frequency: z.string().nullable(),
  route: z.string().nullable(),
  days: z.number().int().nullable(),
  note: z.string().nullable(),
  dispensed: z.number().int(),
  returned: z.number().int(),
  allocations: z.array(Allocation),
});

export const Rx = z.object({
  orderId: z.number().int(),
  kind: z.enum(['western', 'herbal', 'service']),
  status: z.string(),
  pharmacyId: z.number().int().nullable(),
  patient: PatientBrief,
  doctorName: z.string(),
  departmentName: z.string(),
  herbalDoses: z.number().int().nullable(),
  paidAt: z.number().int().nullable(),
  dispensedAt: z.number().int().nullable(),
  dispensedBy: z.string().nullable(),
  version: z.number().int(),
  /** For review (审方): the patient's recorded allergies and the visit's diagnoses. */
  allergies: z.array(z.string()),
  diagnoses: z.array(z.object({ code: z.string(), name: z.string() })),
  /** 配药 (two-person check): who prepared it, null until prepared. */
  preparation: z.object({ userId: z.number().int(), by: z.string(), at: z.number().int() }).nullable(),
  /** 拒发: the pharmacy refused it (shown in today's list until refunded). */
  refusal: z.object({ reason: z.string(), at: z.number().int() }).nullable(),
  lines: z.array(RxLine),
});
export type Rx = z.infer<typeof Rx>;
export type RxLine = z.infer<typeof RxLine>;

export const QueueView = z.object({
  pharmacy: z.object({ id: z.number().int(), name: z.string() }),
  day: z.string(),
  waiting: z.array(Rx),
  dispensedToday: z.array(Rx),
  /** The institution setting pharmacy.twoPersonCheck: 配药 and 核对/发药 by two different pharmacists. */
  twoPersonCheck: z.boolean(),
});
export type QueueView = z.infer<typeof QueueView>;

export const PrepareResult = z.object({ orderId: z.number().int(), preparedBy: z.string(), at: z.number().int() });
export type PrepareResult = z.infer<typeof PrepareResult>;

export const RefuseResult = z.object({
  orderId: z.number().int(),
  status: z.string(),
  reason: z.string(),
  at: z.number().int(),
});
export type RefuseResult = z.infer<typeof RefuseResult>;

export const PickLine = z.object({
  orderLineId: z.number().int(),
  itemId: z.number().int(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  available: z.number().int(),
  expired: z.number().int(),
  short: z.number().int(),
  allocations: z.array(Allocation),
});
export type PickLine = z.infer<typeof PickLine>;

export const PickView = z.object({
  orderId: z.number().int(),
  pharmacyId: z.number().int(),
  ok: z.boolean(),
  message: z.string().nullable(),
  lines: z.array(PickLine),
});
export type PickView = z.infer<typeof PickView>;

export const DispenseResult = z.object({
  orderId: z.number().int(),
  dispensationId: z.number().int(),
  status: z.string(),
  lines: z.array(
    z.object({ orderLineId: z.number().int(), itemId: z.number().int(), allocations: z.array(Allocation) }),
  ),
  printJobs: z.object({ labels: z.array(z.number().int()), slip: z.number().int() }),
  /** Whether the labels and slip can print here (the label printer), for the desk's message. */
  print: PrintOutcome,
});
export type DispenseResult = z.infer<typeof DispenseResult>;

export const ReturnResult = z.object({
  orderId: z.number().int(),
  dispensationId: z.number().int(),
  status: z.string(),
  lines: z.array(
    z.object({ orderLineId: z.number().int(), itemId: z.number().int(), allocations: z.array(Allocation) }),
  ),
});
export type ReturnResult = z.infer<typeof ReturnResult>;

export const StockLot = z.object({
  lotId: z.number().int(),
  lotNo: z.string(),
  expiryDate: z.string(),
  qty: z.number().int(),
  expired: z.boolean(),
  nearExpiry: z.boolean(),
});
export type StockLot = z.infer<typeof StockLot>;

export const StockItem = z.object({
  itemId: z.number().int(),
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number().int(),
  onHand: z.number().int(),
  expiredQty: z.number().int(),
  lots: z.array(StockLot),
});
export type StockItem = z.infer<typeof StockItem>;

export const StockView = z.object({
  pharmacyId: z.number().int(),
  day: z.string(),
  nearExpiryBefore: z.string(),
  items: z.array(StockItem),
});
export type StockView = z.infer<typeof StockView>;

// Field labels for the error messages (server/http/field-text.ts).
labelFields(ReturnBody, { lines: t('退药明细', 'Lines to return'), reason: t('退药原因', 'Reason for the return') });
labelFields(ReturnBody.shape.lines.element, {
  orderLineId: t('处方明细', 'Prescription line'),
  quantity: t('退药数量', 'Quantity to return'),
});
labelFields(DispenseBody, { pharmacyId: t('药房', 'Pharmacy') });
