// Staff (人员): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { activeQuery, codeField, nameField, searchQuery } from '../departments/schema.js';
import { TITLE_CODES } from './titles.js';

const PHONE = /^(1\d{10}|\d{2,6}-\d{4,10})$/;
const PHONE_MSG =
  '应为 11 位手机号(1 开头)或带一个 - 的固定电话(an 11-digit mobile starting with 1, or a landline like 0571-88886666)';

/** A phone: 11-digit mobile starting with 1, or a landline: digits with one dash. */
export const phoneField = z.string().trim().regex(PHONE, PHONE_MSG);

const optionalPhone = z
  .union([phoneField, z.literal('')])
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v));
const nullablePhone = z
  .union([phoneField, z.literal('')])
  .nullable()
  .transform((v) => (v === '' ? null : v));

/** Raw ID number text; the service validates the check digit and upgrades 15 → 18. */
const idNumberText = z.string().trim().max(18);
const optionalIdNumber = idNumberText
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v));
const nullableIdNumber = idNumberText.nullable().transform((v) => (v === '' ? null : v));

export const Gender = z.enum(['M', 'F']);
export const TitleCode = z.enum(TITLE_CODES);

export const StaffQuery = z.strictObject({
  q: searchQuery,
  departmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  active: activeQuery,
});
export type StaffQuery = z.infer<typeof StaffQuery>;

export const CreateStaff = z.strictObject({
  code: codeField,
  name: nameField(30),
  gender: Gender,
  idNumber: optionalIdNumber,
  phone: optionalPhone,
  departmentId: z.number().int().positive(),
  title: TitleCode,
});
export type CreateStaff = z.infer<typeof CreateStaff>;

export const UpdateStaff = z.strictObject({
  code: codeField,
  name: nameField(30),
  gender: Gender,
  idNumber: nullableIdNumber,
  phone: nullablePhone,
  departmentId: z.number().int().positive(),
  title: TitleCode,
  active: z.boolean(),
  version,
});
export type UpdateStaff = z.infer<typeof UpdateStaff>;

export const StaffView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  gender: Gender,
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  title: z.string(),
  active: z.boolean(),
  pinyinInitials: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  version: z.number().int(),
});
export type StaffView = z.infer<typeof StaffView>;

export const StaffList = z.object({ items: z.array(StaffView) });

export const TitleList = z.array(
  z.object({
    code: z.string(),
    zh: z.string(),
    en: z.string(),
    track: z.enum(['physician', 'nurse', 'pharmacist', 'technician', 'other']),
    level: z.enum(['junior', 'intermediate', 'senior', 'none']),
  }),
);

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const STAFF_LABELS = {
  code: t('工号', 'Staff code'),
  name: t('姓名', 'Name'),
  gender: t('性别', 'Sex'),
  idNumber: t('身份证号', 'ID number'),
  phone: t('联系电话', 'Phone'),
  departmentId: t('所属科室', 'Department'),
  title: t('职称', 'Title'),
  active: t('在职', 'Active'),
  version: t('版本号', 'Version'),
};
labelFields(CreateStaff, STAFF_LABELS);
labelFields(UpdateStaff, STAFF_LABELS);
