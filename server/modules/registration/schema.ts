// Registration (挂号): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam } from '../../http/validation.js';
import { QueueStatus, dayField } from '../queue/schema.js';
import { PrintOutcome } from '../printing/schema.js';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fen = z.number().int('金额必须是整数分(whole fen)').min(0).max(100_000_000);

export const PaymentMethod = z.enum(['cash', 'bank_card', 'wechat', 'alipay']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const RegistrationPayment = z.strictObject({
  method: PaymentMethod,
  /** Cash handed over (cash only); the change is computed. Omitted: exact amount. */
  tenderedFen: fen.optional(),
  /** Terminal or transaction number: required for WeChat and Alipay. */
  reference: z
    .string()
    .trim()
    .max(64)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)')
    .optional(),
});

export const CreateRegistration = z.strictObject({
  patientId: id,
  departmentId: id,
  doctorStaffId: id.nullable().optional(),
  payer: z.enum(['cash', 'insured']),
  /** Register without the clinic's fee (免挂号费). */
  waiveFee: z.boolean().optional(),
  payment: RegistrationPayment.optional(),
  /**
   * The fee the desk showed: a clinic fee changed since gives 409 fee_changed (a stale page never charges a surprise).
   */
  feeFen: fen.optional(),
  /** payer insured: the desk's 1101 look-up of this patient (recent, insutype chosen, not suspended). */
  insuranceLookupId: id.optional(),
});
export type CreateRegistration = z.infer<typeof CreateRegistration>;

export const CancelRegistration = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)')
    .optional(),
});
export type CancelRegistration = z.infer<typeof CancelRegistration>;

const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The desk's first page; `next` gives the cursor of the following (older) page. */
export const REGISTRATION_PAGE = 100;

export const RegistrationQuery = z.strictObject({
  day: dayField.optional(),
  departmentId: cursor.optional(),
  /** Page size (newest first). */
  limit: z.coerce.number().int().min(1).max(500).default(REGISTRATION_PAGE),
  /** Older than this registration id (the `next` of the previous page). */
  before: cursor.optional(),
  /** Newer than this registration id: what a screen holding the list has not seen yet. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type RegistrationQuery = z.infer<typeof RegistrationQuery>;

export const RegistrationView = z.object({
  id: z.number().int(),
  visitId: z.number().int(),
  patientId: z.number().int(),
  patientName: z.string(),
  mrn: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  doctorStaffId: z.number().int().nullable(),
  doctorName: z.string().nullable(),
  day: z.string(),
  queueNo: z.number().int(),
  queueLabel: z.string(),
  queueEntryId: z.number().int().nullable(),
  queueStatus: QueueStatus.nullable(),
  payer: z.enum(['cash', 'insured']),
  feeFen: z.number().int(),
  billId: z.number().int().nullable(),
  status: z.enum(['active', 'cancelled']),
  createdAt: z.number().int(),
  cancelledAt: z.number().int().nullable(),
  version: z.number().int(),
});
export type RegistrationView = z.infer<typeof RegistrationView>;

export const Ticket = z.object({
  number: z.string(),
  clinic: z.string(),
  room: z.string().nullable(),
  doctor: z.string().nullable(),
  time: z.number().int(),
  ahead: z.number().int(),
  patient: z.string(),
  feeFen: z.number().int(),
  changeFen: z.number().int(),
  institution: z.string(),
});
export type Ticket = z.infer<typeof Ticket>;

export const RegistrationCreated = z.object({
  registration: RegistrationView,
  visitId: z.number().int(),
  queueLabel: z.string(),
  printJobId: z.number().int(),
  /** Whether the ticket can print here: 'queued', or why not (no receipt printer / no workstation). */
  print: PrintOutcome,
  ticket: Ticket,
  /**
   * The fee's invoice number from the registrar's invoice book (null: no fee, or no number left — the cashier prints it
   * later).
   */
  invoiceNo: z.string().nullable(),
});
export type RegistrationCreated = z.infer<typeof RegistrationCreated>;

export const RegistrationCancelled = z.object({
  registration: RegistrationView,
  refundBillId: z.number().int().nullable(),
  refundFen: z.number().int(),
});
export type RegistrationCancelled = z.infer<typeof RegistrationCancelled>;

export const RegistrationList = z.object({
  day: z.string(),
  items: z.array(RegistrationView),
  /** The `before` cursor of the next (older) page; null: this was the last. */
  next: z.number().int().nullable(),
});
export type RegistrationList = z.infer<typeof RegistrationList>;

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
labelFields(RegistrationPayment, {
  method: t('支付方式', 'Payment method'),
  tenderedFen: t('实收金额', 'Amount tendered'),
  reference: t('交易参考号', 'Payment reference'),
});
labelFields(CreateRegistration, {
  patientId: t('患者', 'Patient'),
  departmentId: t('挂号科室', 'Clinic'),
  doctorStaffId: t('医生', 'Doctor'),
  payer: t('费别', 'Payer'),
  waiveFee: t('免挂号费', 'Fee waiver'),
  payment: t('付款', 'Payment'),
  feeFen: t('挂号费', 'Registration fee'),
  insuranceLookupId: t('参保查询', 'Insurance look-up'),
});
labelFields(CancelRegistration, { reason: t('退号原因', 'Reason for cancelling') });
