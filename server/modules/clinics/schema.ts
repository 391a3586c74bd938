// Clinics (门诊诊室设置): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { pathId } from '../../http/validation.js';
import { nullableFree } from '../departments/schema.js';

export const clinicParam = z.strictObject({ departmentId: pathId });

export const UpdateClinic = z.strictObject({
  queuePrefix: z
    .string()
    .trim()
    .regex(/^[A-Z]{1,2}$/, '1–2 个大写字母(1–2 capital letters)'),
  registrationFeeFen: z.number().int().min(0).max(1_000_000),
  feeItemId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  room: nullableFree(20),
  /** null when the clinic has no settings yet; else the version read. */
  version: z.number().int().positive().nullable(),
});
export type UpdateClinic = z.infer<typeof UpdateClinic>;

export const RosterDoctor = z.object({
  staffId: z.number().int(),
  name: z.string(),
  session: z.enum(['am', 'pm', 'all']),
  room: z.string().nullable(),
});

export const ClinicView = z.object({
  departmentId: z.number().int(),
  code: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  configured: z.boolean(),
  queuePrefix: z.string().nullable(),
  registrationFeeFen: z.number().int(),
  feeItemId: z.number().int().nullable(),
  feeItemName: z.string().nullable(),
  room: z.string().nullable(),
  version: z.number().int().nullable(),
  day: z.string(),
  doctorsToday: z.array(RosterDoctor),
  /** Patients waiting today (waiting or passed). */
  waiting: z.number().int(),
});
export type ClinicView = z.infer<typeof ClinicView>;
export const ClinicList = z.array(ClinicView);

// Field labels for the error messages (server/http/field-text.ts).
labelFields(UpdateClinic, {
  queuePrefix: t('号码前缀', 'Ticket prefix'),
  registrationFeeFen: t('挂号费', 'Registration fee'),
  feeItemId: t('挂号费项目', 'Fee item'),
  room: t('诊室', 'Room'),
  version: t('版本号', 'Version'),
});
