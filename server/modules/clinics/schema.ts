// Clinics (门诊诊室设置): request and response shapes.
import { z } from 'zod';
import { pathId } from '../../http/validation.js';
import { nullableFree } from '../departments/schema.js';

export const clinicParam = z.strictObject({ departmentId: pathId });

export const UpdateClinic = z.strictObject({
  queuePrefix: z.string().trim().regex(/^[A-Z]{1,2}$/, '1–2 个大写字母(1–2 capital letters)'),
  registrationFeeFen: z.number().int().min(0).max(1_000_000),
  feeItemId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  room: nullableFree(20),
  /** null when the clinic has no settings yet; else the version read. */
  version: z.number().int().positive().nullable(),
});
export type UpdateClinic = z.infer<typeof UpdateClinic>;

export const RosterDoctor = z.object({ staffId: z.number().int(), name: z.string(), session: z.enum(['am', 'pm', 'all']), room: z.string().nullable() });

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
