// User accounts (用户账号): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { activeQuery, searchQuery } from '../departments/schema.js';

export const usernameField = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9_.-]+$/, '只能包含小写字母、数字、_ . -(lower-case letters, digits, _ . - only)');

const roleCodes = z
  .array(z.string().trim().min(1).max(32))
  .min(1, '至少选择一个角色(choose at least one role)')
  .max(20)
  .transform((a) => [...new Set(a)]);

export const UserQuery = z.strictObject({ q: searchQuery, active: activeQuery });
export type UserQuery = z.infer<typeof UserQuery>;

export const CreateUser = z.strictObject({
  username: usernameField,
  staffId: z.number().int().positive(),
  roles: roleCodes,
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.strictObject({
  roles: roleCodes,
  active: z.boolean(),
  version,
});
export type UpdateUser = z.infer<typeof UpdateUser>;

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.number().int().nullable(),
  lastSignInAt: z.number().int().nullable(),
  version: z.number().int(),
});
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ items: z.array(UserView) });
export const CreatedUser = z.object({ user: UserView, oneTimePassword: z.string() });
export const OneTimePassword = z.object({ oneTimePassword: z.string() });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
labelFields(CreateUser, {
  username: t('用户名', 'Username'),
  staffId: t('人员', 'Staff member'),
  roles: t('角色', 'Roles'),
});
labelFields(UpdateUser, { roles: t('角色', 'Roles'), active: t('启用', 'Active'), version: t('版本号', 'Version') });
