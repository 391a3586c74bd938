import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, pathId } from '../../http/validation.js';

export { idParam };

export const JobStatus = z.enum(['pending', 'printing', 'done', 'failed', 'cancelled']);

export const JobsQuery = z.strictObject({
  workstationId: z.coerce.number().int().positive().optional(),
  status: JobStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type JobsQuery = z.infer<typeof JobsQuery>;

export const JobView = z.object({
  id: z.number(),
  workstationId: z.number().nullable(),
  printer: z.string().nullable(),
  layout: z.string(),
  status: JobStatus,
  attempts: z.number(),
  lastError: z.string().nullable(),
  /** Some attempt may have left part of it on paper: its next print is headed by the void notice. */
  partial: z.boolean(),
  partialAt: z.number().nullable(),
  refType: z.string().nullable(),
  refId: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type JobView = z.infer<typeof JobView>;

export const JobList = z.object({ items: z.array(JobView) });

/** The print outcome a business write answers with (see jobs.ts enqueuePrint). */
export const PrintOutcome = z.object({
  jobId: z.number().int(),
  layout: z.string(),
  outcome: z.enum(['queued', 'no_printer', 'no_workstation']),
  printer: z.enum(['receipt', 'label', 'invoice']),
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
});

export const TestPrint = z.strictObject({ printer: z.string().trim().min(1, '请填写打印机地址').max(200) });
export const TestResult = z.object({ ok: z.boolean(), error: z.string().nullable() });

export const LayoutParam = z.strictObject({
  layout: z.enum([
    'queue-ticket',
    'receipt',
    'rx-slip',
    'drug-label',
    'shift-report',
    'deposit-receipt',
    'wristband',
    'bed-card',
  ]),
});
export const PaperQuery = z.strictObject({ paper: z.enum(['58', '80']).default('80') });

export const BillParam = z.strictObject({ billId: pathId });
export const TemplateTest = z.strictObject({
  queue: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.@-]+$/, 'CUPS 队列名只能含字母、数字、_ . @ -')
    .optional(),
});
export const LpResult = z.object({ ok: z.boolean(), error: z.string().nullable() });

/** 打印发票 / 补打: the printer's answer and the invoice number printed (and the one voided by 补打). */
export const InvoicePrintResult = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  invoiceNo: z.string(),
  voidedNo: z.string().nullable(),
});
export type InvoicePrintResult = z.infer<typeof InvoicePrintResult>;
export const InvoicePrintBody = z.strictObject({});
export const InvoiceReprintBody = z.strictObject({
  note: z
    .string()
    .trim()
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)')
    .optional(),
});

// Field labels for the error messages (server/http/field-text.ts).
labelFields(TestPrint, { printer: t('打印机地址', 'Printer address') });
labelFields(TemplateTest, { queue: t('CUPS 打印队列', 'CUPS queue') });
labelFields(InvoiceReprintBody, { note: t('补打说明', 'Note for the reprint') });
labelFields(JobsQuery, {
  workstationId: t('工作站', 'Workstation'),
  status: t('状态', 'Status'),
  limit: t('条数', 'Limit'),
});

// The invoice form's template (invoice.ts prints with it): each field's place in mm.
export const FIELD_NAMES = [
  'institution',
  'invoiceNo',
  'date',
  'patientName',
  'mrn',
  'payer',
  'items',
  'total',
  'totalUpper',
  'cashier',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
const mm = (max: number) =>
  z.number({ error: '请填写以毫米为单位的数值' }).min(0).max(max).multipleOf(0.5, '精确到 0.5 毫米');
const Pos = z.strictObject({ x: mm(400), y: mm(400) }).nullable();

export const InvoiceTemplate = z.strictObject({
  pageWidthMm: mm(400).min(50),
  pageHeightMm: mm(400).min(50),
  /** Shifts every field (the form sits a little differently in each printer). */
  offsetXmm: z.number().min(-30).max(30).multipleOf(0.5),
  offsetYmm: z.number().min(-30).max(30).multipleOf(0.5),
  fontSizePt: z.number().int().min(6).max(20),
  /** Distance between item rows. */
  itemLineMm: mm(20).min(2),
  maxItems: z.number().int().min(1).max(30),
  fields: z.strictObject(Object.fromEntries(FIELD_NAMES.map((f) => [f, Pos])) as Record<FieldName, typeof Pos>),
});
export type InvoiceTemplate = z.infer<typeof InvoiceTemplate>;
