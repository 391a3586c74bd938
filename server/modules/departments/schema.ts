// Departments (科室): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import type { DepartmentKind as DepartmentKindT } from '../../../db/schema.js';
import { idParam, version } from '../../http/validation.js';

/** A dictionary code: 1–20 letters, digits, _ or -. */
export const codeField = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9_-]+$/, '只能包含字母、数字、_ 和 -(letters, digits, _ and - only)');

/** A display name: 1–50 characters, no control characters. */
export const nameField = (max = 50) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)');

/** Optional free text on create: absent or "" → null. */
export const optionalFree = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)')
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));

/** Required-but-nullable free text on update (the full object is sent): "" → null. */
export const nullableFree = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)')
    .nullable()
    .transform((v) => (v === '' ? null : v));

/** `active=true|false` in a query string. */
export const activeQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const searchQuery = z.string().trim().max(50).optional();

export const DepartmentKind = z.enum([
  'clinic',
  'ward',
  'pharmacy',
  'store',
  'cashier',
  'registration',
  'lab',
  'admin',
] satisfies DepartmentKindT[]);

export const DepartmentQuery = z.strictObject({
  q: searchQuery,
  kind: DepartmentKind.optional(),
  active: activeQuery,
});
export type DepartmentQuery = z.infer<typeof DepartmentQuery>;

export const CreateDepartment = z.strictObject({
  code: codeField,
  name: nameField(50),
  kind: DepartmentKind,
  phone: optionalFree(30),
  location: optionalFree(100),
});
export type CreateDepartment = z.infer<typeof CreateDepartment>;

export const UpdateDepartment = z.strictObject({
  code: codeField,
  name: nameField(50),
  kind: DepartmentKind,
  phone: nullableFree(30),
  location: nullableFree(100),
  active: z.boolean(),
  version,
});
export type UpdateDepartment = z.infer<typeof UpdateDepartment>;

export const DepartmentView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: DepartmentKind,
  phone: z.string().nullable(),
  location: z.string().nullable(),
  active: z.boolean(),
  pinyinInitials: z.string(),
  version: z.number().int(),
});
export type DepartmentView = z.infer<typeof DepartmentView>;

export const DepartmentList = z.object({ items: z.array(DepartmentView) });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const DEPARTMENT_LABELS = {
  code: t('科室编码', 'Department code'),
  name: t('科室名称', 'Department name'),
  kind: t('科室类别', 'Kind of department'),
  phone: t('电话', 'Phone'),
  location: t('位置', 'Location'),
  active: t('启用', 'Active'),
  version: t('版本号', 'Version'),
};
labelFields(CreateDepartment, DEPARTMENT_LABELS);
labelFields(UpdateDepartment, DEPARTMENT_LABELS);
