// Patients (患者, master patient index): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';

const noControl = /^[^\p{Cc}]*$/u;
const NO_CONTROL = '不能包含控制字符(no control characters)';

/** Optional free text: absent, null or "" → null. */
const free = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(noControl, NO_CONTROL)
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));

/** A phone number as people write it: digits with + - ( ) and spaces, 5–20 characters. */
const phone = z
  .string()
  .trim()
  .max(20)
  // "*" only in a masked value sent back unchanged (the service checks it).
  .regex(/^$|^\+?[0-9*][0-9* ()-]{3,18}[0-9]$/, '电话号码只能包含数字、空格、+ - ( )(digits, spaces, + - ( ) only)')
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v.replace(/[\s()-]/g, '')));

/** A list of short texts (allergies, chronic conditions): trimmed, no empties, no repeats. */
const textList = z
  .array(z.string().trim().min(1).max(50).regex(noControl, NO_CONTROL))
  .max(30)
  .optional()
  .transform((v) => [...new Set(v ?? [])]);

export const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD(date as YYYY-MM-DD)');

const patientFields = {
  name: z.string().trim().min(1).max(50).regex(noControl, NO_CONTROL),
  /** Optional when an ID number is given (derived from it); checked against it when both are given. */
  sex: z.enum(['M', 'F']).nullable().optional(),
  birthDate: dateText.nullable().optional(),
  idNumber: z
    .string()
    .trim()
    .max(18)
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v)),
  phone,
  address: free(200),
  insuranceNo: free(40),
  guardianName: free(50),
  guardianPhone: phone,
  guardianRelation: free(20),
  allergies: textList,
  chronicConditions: textList,
  /** The clerk checked the same-name-and-birth-date candidates and this is someone else. */
  confirmNotDuplicate: z.boolean().optional(),
};

export const CreatePatient = z.strictObject(patientFields);
export type CreatePatient = z.infer<typeof CreatePatient>;

/** The full object with its version. A masked ID number or phone sent back unchanged keeps the stored value. */
export const UpdatePatient = z.strictObject({ ...patientFields, version });
export type UpdatePatient = z.infer<typeof UpdatePatient>;

export const PatientQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});
export type PatientQuery = z.infer<typeof PatientQuery>;

export const PatientSummary = z.object({
  id: z.number().int(),
  mrn: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  insuranceNo: z.string().nullable(),
  allergies: z.array(z.string()),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const Patient = PatientSummary.extend({
  address: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  guardianRelation: z.string().nullable(),
  chronicConditions: z.array(z.string()),
  /** True when idNumber / phones are masked for this user (no patients.identifiers). */
  masked: z.boolean(),
  version: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Patient = z.infer<typeof Patient>;

export const PatientList = z.object({ items: z.array(PatientSummary) });

/** The identifiers a list shows masked; one is shown in full on a deliberate, audited reveal. */
export const RevealField = z.enum(['idNumber', 'phone', 'guardianPhone']);
export type RevealField = z.infer<typeof RevealField>;
export const RevealRequest = z.strictObject({ field: RevealField });
export const RevealResult = z.object({ field: RevealField, value: z.string().nullable() });
export type RevealResult = z.infer<typeof RevealResult>;

export const VisitHistoryItem = z.object({
  id: z.number().int(),
  day: z.string(),
  departmentId: z.number().int(),
  department: z.string(),
  doctor: z.string().nullable(),
  kind: z.enum(['registered', 'walk_in']),
  status: z.string(),
  queueLabel: z.string().nullable(),
  chiefComplaint: z.string().nullable(),
  diagnoses: z.array(z.object({ code: z.string().nullable(), name: z.string() })),
});
export type VisitHistoryItem = z.infer<typeof VisitHistoryItem>;
export const VisitHistory = z.object({ items: z.array(VisitHistoryItem) });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
labelFields(CreatePatient, {
  name: t('姓名', 'Name'),
  sex: t('性别', 'Sex'),
  birthDate: t('出生日期', 'Date of birth'),
  idNumber: t('身份证号', 'ID number'),
  phone: t('联系电话', 'Phone'),
  address: t('住址', 'Address'),
  insuranceNo: t('医保号', 'Insurance number'),
  guardianName: t('监护人姓名', "Guardian's name"),
  guardianPhone: t('监护人电话', "Guardian's phone"),
  guardianRelation: t('与患者关系', 'Relation to the patient'),
  allergies: t('过敏史', 'Allergies'),
  chronicConditions: t('慢性病', 'Chronic conditions'),
  confirmNotDuplicate: t('“不是同一人”确认', '"Not the same person" confirmation'),
});
labelFields(UpdatePatient, { version: t('版本号', 'Version') });
labelFields(PatientQuery, { q: t('搜索词', 'Search text'), limit: t('条数', 'Limit') });
labelFields(RevealRequest, { field: t('要显示的项目', 'Value to show') });
