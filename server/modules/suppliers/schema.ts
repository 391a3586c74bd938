// Suppliers (供应商): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { activeQuery, codeField, nameField, nullableFree, optionalFree, searchQuery } from '../departments/schema.js';
import { creditCodeProblem } from './credit-code.js';

/** 统一社会信用代码: 18 characters with a valid GB 32100-2015 check character; upper-cased. */
const creditCode = z
  .string()
  .trim()
  .max(18, '应为 18 位(must be 18 characters)')
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    if (v === '') return;
    const p = creditCodeProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: `统一社会信用代码${p.zh}(credit code: ${p.en})` });
  });

const realDate = (v: string) => {
  const d = new Date(v + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/** A calendar date YYYY-MM-DD (a real day); "" → null. */
const expiryDate = z
  .string()
  .trim()
  .refine(
    (v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && realDate(v)),
    '日期格式应为 YYYY-MM-DD 且为有效日期(date as YYYY-MM-DD, a real day)',
  );

/** Pinyin initials as typed by the user: lower-case letters, digits, spaces; "" → generated. */
const pinyinInitials = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v.toLowerCase())
  .refine((v) => /^[a-z0-9 ]*$/.test(v), '只能包含字母、数字和空格(letters, digits and spaces only)');

const nullish = <T extends z.ZodType<string>>(s: T) =>
  s
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const nullable = <T extends z.ZodType<string>>(s: T) =>
  s.nullable().transform((v) => (v === null || v === '' ? null : v));

export const SupplierQuery = z.strictObject({
  q: searchQuery,
  active: activeQuery,
});
export type SupplierQuery = z.infer<typeof SupplierQuery>;

export const ExpiringQuery = z.strictObject({
  days: z.coerce.number().int().min(0).max(3650).optional(),
});
export type ExpiringQuery = z.infer<typeof ExpiringQuery>;

export const CreateSupplier = z.strictObject({
  code: codeField,
  name: nameField(100),
  shortName: optionalFree(30),
  contactPerson: optionalFree(30),
  phone: optionalFree(30),
  address: optionalFree(200),
  creditCode: nullish(creditCode),
  drugLicenceNo: optionalFree(50),
  drugLicenceExpiresOn: nullish(expiryDate),
  pinyinInitials: nullish(pinyinInitials),
});
export type CreateSupplier = z.infer<typeof CreateSupplier>;

export const UpdateSupplier = z.strictObject({
  code: codeField,
  name: nameField(100),
  shortName: nullableFree(30),
  contactPerson: nullableFree(30),
  phone: nullableFree(30),
  address: nullableFree(200),
  creditCode: nullable(creditCode),
  drugLicenceNo: nullableFree(50),
  drugLicenceExpiresOn: nullable(expiryDate),
  pinyinInitials: nullable(pinyinInitials),
  active: z.boolean(),
  version,
});
export type UpdateSupplier = z.infer<typeof UpdateSupplier>;

export const DeactivateSupplier = z.strictObject({ version });
export type DeactivateSupplier = z.infer<typeof DeactivateSupplier>;

export const SupplierView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  contactPerson: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  creditCode: z.string().nullable(),
  drugLicenceNo: z.string().nullable(),
  drugLicenceExpiresOn: z.string().nullable(),
  pinyinInitials: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type SupplierView = z.infer<typeof SupplierView>;

export const SupplierList = z.object({ items: z.array(SupplierView) });

export const ExpiringItem = SupplierView.extend({ daysLeft: z.number().int(), expired: z.boolean() });
export const ExpiringList = z.object({ today: z.string(), days: z.number().int(), items: z.array(ExpiringItem) });
export type ExpiringItem = z.infer<typeof ExpiringItem>;

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const SUPPLIER_LABELS = {
  code: t('供应商编码', 'Supplier code'),
  name: t('供应商名称', 'Supplier name'),
  shortName: t('简称', 'Short name'),
  contactPerson: t('联系人', 'Contact person'),
  phone: t('电话', 'Phone'),
  address: t('地址', 'Address'),
  creditCode: t('统一社会信用代码', 'Unified social credit code'),
  drugLicenceNo: t('药品经营许可证号', 'Drug trading licence number'),
  drugLicenceExpiresOn: t('许可证有效期至', 'Licence valid until'),
  pinyinInitials: t('拼音码', 'Pinyin initials'),
  active: t('启用', 'Active'),
  version: t('版本号', 'Version'),
};
labelFields(CreateSupplier, SUPPLIER_LABELS);
labelFields(UpdateSupplier, SUPPLIER_LABELS);
