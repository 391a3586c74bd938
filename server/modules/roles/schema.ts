// Roles (角色): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { nameField } from '../departments/schema.js';

export const roleCodeField = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, '只能包含字母、数字、_ 和 -(letters, digits, _ and - only)');

const permissions = z
  .array(z.string().trim().min(1).max(64))
  .max(200)
  .transform((a) => [...new Set(a)].sort());

export const CreateRole = z.strictObject({
  code: roleCodeField,
  nameZh: nameField(50),
  nameEn: nameField(50),
  permissions,
});
export type CreateRole = z.infer<typeof CreateRole>;

export const UpdateRole = z.strictObject({
  nameZh: nameField(50),
  nameEn: nameField(50),
  permissions,
  version,
});
export type UpdateRole = z.infer<typeof UpdateRole>;

export const RoleView = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  userCount: z.number().int(),
  version: z.number().int(),
});
export type RoleView = z.infer<typeof RoleView>;

export const RoleList = z.object({ items: z.array(RoleView) });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const ROLE_LABELS = {
  code: t('角色编码', 'Role code'),
  nameZh: t('中文名称', 'Chinese name'),
  nameEn: t('英文名称', 'English name'),
  permissions: t('权限', 'Permissions'),
  version: t('版本号', 'Version'),
};
labelFields(CreateRole, ROLE_LABELS);
labelFields(UpdateRole, ROLE_LABELS);
