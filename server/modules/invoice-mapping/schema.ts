// Invoice categorization (发票归类): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { CHARGE_CATEGORY_CODES } from '../../../core/charge-categories.js';
import { t } from '../../../core/i18n.js';
import { searchQuery } from '../departments/schema.js';

export const CATEGORY_CODES = CHARGE_CATEGORY_CODES;

/** One of the 14 national charge categories, '01'–'14'. */
export const Category = z.enum(CATEGORY_CODES, { error: '应为 01–14 之一(one of 01–14)' });

export const CategoryView = z.object({
  code: Category,
  name: z.string(),
  nameEn: z.string(),
  items: z.number().int(),
  unconfirmed: z.number().int(),
});
export const CategoryList = z.object({ items: z.array(CategoryView) });

export const MappingQuery = z.strictObject({
  category: Category.optional(),
  q: searchQuery,
  unconfirmed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type MappingQuery = z.infer<typeof MappingQuery>;

export const MappingItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  kind: z.enum(['drug', 'service', 'material']),
  chargeCategory: Category,
  invoiceConfirmed: z.boolean(),
  version: z.number().int(),
});
export type MappingItem = z.infer<typeof MappingItem>;

export const MappingList = z.object({ items: z.array(MappingItem), total: z.number().int() });

export const SaveMapping = z.strictObject({
  category: Category,
  itemIds: z
    .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .min(1, '至少选择一个项目(choose at least one item)')
    .max(5000),
});
export type SaveMapping = z.infer<typeof SaveMapping>;

export const SaveResult = z.object({
  category: Category,
  /** Items whose category or confirmation changed (the others were already saved so). */
  changed: z.number().int(),
  items: z.array(MappingItem),
});
export type SaveResult = z.infer<typeof SaveResult>;

// Field labels for the error messages (server/http/field-text.ts).
labelFields(SaveMapping, { category: t('发票类别', 'Invoice category'), itemIds: t('项目', 'Items') });
