// Roster (排班): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { nullableFree } from '../departments/schema.js';
import { dayField } from '../queue/schema.js';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const RosterQuery = z.strictObject({
  day: dayField.optional(),
  departmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type RosterQuery = z.infer<typeof RosterQuery>;

export const dayParam = z.strictObject({ day: dayField });

export const RosterEntryInput = z.strictObject({
  departmentId: id,
  doctorStaffId: id,
  session: z.enum(['am', 'pm', 'all']),
  room: nullableFree(20)
    .optional()
    .transform((v) => v ?? null),
});

/** The whole roster of one day (it replaces what was there). */
export const PutRoster = z.strictObject({ entries: z.array(RosterEntryInput).max(500) });
export type PutRoster = z.infer<typeof PutRoster>;

export const RosterEntryView = z.object({
  id: z.number().int(),
  day: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  doctorStaffId: z.number().int(),
  doctorName: z.string(),
  session: z.enum(['am', 'pm', 'all']),
  room: z.string().nullable(),
});
export type RosterEntryView = z.infer<typeof RosterEntryView>;
export const RosterDay = z.object({ day: z.string(), items: z.array(RosterEntryView) });

export const RosterDoctors = z.object({
  items: z.array(
    z.object({
      staffId: z.number().int(),
      name: z.string(),
      departmentId: z.number().int(),
      departmentName: z.string(),
    }),
  ),
});

// Field labels for the error messages (server/http/field-text.ts).
labelFields(RosterEntryInput, {
  departmentId: t('科室', 'Clinic'),
  doctorStaffId: t('医生', 'Doctor'),
  session: t('时段', 'Session'),
  room: t('诊室', 'Room'),
});
labelFields(PutRoster, { entries: t('排班', 'Roster entries') });
