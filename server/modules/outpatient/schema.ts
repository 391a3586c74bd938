// Outpatient visits (门诊就诊): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { OrderView, UpdateOrder } from '../orders/schema.js';

export { idParam };

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u, '不能包含控制字符(no control characters)')
    .nullable()
    .transform((v) => (v === '' ? null : v));

export const WalkIn = z.strictObject({ patientId: id, departmentId: id });
export type WalkIn = z.infer<typeof WalkIn>;

export const DiagnosisRef = z.strictObject({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().max(100).optional(),
});

export const VisitRecord = z.strictObject({
  chiefComplaint: freeText(500),
  history: freeText(4000),
  examination: freeText(4000),
  notes: freeText(2000),
  diagnoses: z.array(DiagnosisRef).max(10),
  version,
});
export type VisitRecord = z.infer<typeof VisitRecord>;

/**
 * 签名 from the doctor's screen: what is on the screen is saved and signed in one transaction —
 * the record with its diagnoses (when given), the editor's prescription (`order`: creates the
 * draft, or replaces the draft `orderId` at `version`), then the signature. Without `order`,
 * the saved draft `orderId` is signed as it is.
 */
export const SignFromVisit = z
  .strictObject({
    record: VisitRecord.optional(),
    orderId: id.optional(),
    version: version.optional(),
    order: UpdateOrder.omit({ version: true }).optional(),
  })
  .refine((b) => (b.orderId === undefined) === (b.version === undefined), {
    message: '草稿处方需同时给出编号和版本号(give both orderId and version)',
    path: ['version'],
  })
  .refine((b) => b.order !== undefined || b.orderId !== undefined, {
    message: '请给出要签名的处方(give the order to sign)',
    path: ['order'],
  });
export type SignFromVisit = z.infer<typeof SignFromVisit>;

export const VisitQuery = z.strictObject({
  patientId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  mine: z.literal('open').optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().default(30),
});
export type VisitQuery = z.infer<typeof VisitQuery>;

export const Diagnosis = z.object({ code: z.string(), name: z.string() });

export const VisitPatient = z.object({
  id: z.number(),
  mrn: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number(),
  insuranceNo: z.string().nullable(),
  allergies: z.array(z.string()),
  chronic: z.array(z.string()),
});

export const VisitView = z.object({
  id: z.number(),
  patientId: z.number(),
  patientName: z.string(),
  departmentId: z.number(),
  departmentName: z.string(),
  doctorStaffId: z.number().nullable(),
  doctorName: z.string().nullable(),
  day: z.string(),
  kind: z.enum(['registered', 'walk_in']),
  payer: z.enum(['cash', 'insured']),
  status: z.enum(['waiting', 'in_consultation', 'finished', 'cancelled']),
  queueLabel: z.string().nullable(),
  chiefComplaint: z.string().nullable(),
  history: z.string().nullable(),
  examination: z.string().nullable(),
  notes: z.string().nullable(),
  diagnoses: z.array(Diagnosis),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  version: z.number(),
  patient: VisitPatient,
  orders: z.array(OrderView),
});
export type VisitView = z.infer<typeof VisitView>;

export const VisitList = z.object({ items: z.array(VisitView.omit({ patient: true })) });
export type VisitList = z.infer<typeof VisitList>;

export const FinishVisit = z.strictObject({}).optional();

// Field labels for the error messages (server/http/field-text.ts).
labelFields(VisitRecord, {
  chiefComplaint: t('主诉', 'Chief complaint'),
  history: t('现病史', 'History'),
  examination: t('体格检查', 'Examination'),
  notes: t('备注', 'Notes'),
  diagnoses: t('诊断', 'Diagnoses'),
  version: t('版本号', 'Version'),
});
labelFields(DiagnosisRef, { code: t('诊断编码', 'Diagnosis code'), name: t('诊断名称', 'Diagnosis name') });
labelFields(SignFromVisit, {
  record: t('病历', 'Record'),
  orderId: t('草稿处方', 'Draft order'),
  version: t('处方版本号', 'Order version'),
  order: t('处方', 'Order'),
});
labelFields(WalkIn, { patientId: t('患者', 'Patient'), departmentId: t('科室', 'Clinic') });
