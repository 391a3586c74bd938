import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';

export const SignInBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const MeView = z.object({
  userId: z.number().int(),
  username: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  departmentId: z.number().int(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  workstationId: z.number().int().nullable(),
  idleTimeoutMinutes: z.number().int(),
});

export const PermissionList = z.array(
  z.object({
    code: z.string(),
    group: z.object({ zh: z.string(), en: z.string() }),
    label: z.object({ zh: z.string(), en: z.string() }),
  }),
);

// Field labels for the error messages (server/http/field-text.ts).
labelFields(SignInBody, { username: t('用户名', 'Username'), password: t('密码', 'Password') });
labelFields(ChangePasswordBody, {
  currentPassword: t('当前密码', 'Current password'),
  newPassword: t('新密码', 'New password'),
});
