// Waiting-room displays (候诊大屏): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam } from '../../http/validation.js';
import { nameField } from '../departments/schema.js';

const departmentIds = z
  .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
  .min(1, '至少选择一个科室(choose at least one clinic)')
  .max(20)
  .refine((a) => new Set(a).size === a.length, '科室不能重复(each clinic once)');

export const CreateDisplay = z.strictObject({ name: nameField(50), departmentIds });
export type CreateDisplay = z.infer<typeof CreateDisplay>;

export const UpdateDisplay = z.strictObject({
  name: nameField(50),
  departmentIds,
  active: z.boolean(),
  version: z.number().int().positive(),
});
export type UpdateDisplay = z.infer<typeof UpdateDisplay>;

export const DisplayView = z.object({
  id: z.number().int(),
  name: z.string(),
  departmentIds: z.array(z.number().int()),
  departments: z.array(z.object({ id: z.number().int(), name: z.string() })),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type DisplayView = z.infer<typeof DisplayView>;
export const DisplayList = z.object({ items: z.array(DisplayView) });

/** The token is shown once: the TV opens `url`; only its hash is stored. */
export const DisplayWithToken = z.object({ display: DisplayView, token: z.string(), url: z.string() });
export type DisplayWithToken = z.infer<typeof DisplayWithToken>;

export const DisplayTicket = z.object({
  entryId: z.number().int(),
  label: z.string(),
  maskedName: z.string(),
  room: z.string().nullable(),
  callCount: z.number().int(),
  calledAt: z.number().int().nullable(),
  /** The spoken call (callText of the contract). */
  text: z.string(),
});

export const DisplayState = z.object({
  display: z.object({ id: z.number().int(), name: z.string() }),
  institution: z.string(),
  /** The center's time zone: the TV's clock shows the center's time, not the TV box's. */
  timeZone: z.string(),
  day: z.string(),
  /** When the next business day starts (epoch ms): the TV reloads then. */
  dayEndsAt: z.number().int(),
  /** The highest event seq before this snapshot: subscribe with since = lastSeq. */
  lastSeq: z.number().int(),
  clinics: z.array(
    z.object({
      departmentId: z.number().int(),
      name: z.string(),
      room: z.string().nullable(),
      calling: z.array(DisplayTicket),
      next: z.array(z.object({ entryId: z.number().int(), label: z.string(), maskedName: z.string() })),
      waiting: z.number().int(),
    }),
  ),
});
export type DisplayState = z.infer<typeof DisplayState>;

/** Optional in the schema so that the token is checked before the text (401 before 422). */
export const SpeechQuery = z.strictObject({ text: z.string().max(200).optional() });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
labelFields(CreateDisplay, { name: t('显示屏名称', 'Display name'), departmentIds: t('显示的诊室', 'Clinics shown') });
labelFields(UpdateDisplay, {
  name: t('显示屏名称', 'Display name'),
  departmentIds: t('显示的诊室', 'Clinics shown'),
  active: t('启用', 'Active'),
  version: t('版本号', 'Version'),
});
