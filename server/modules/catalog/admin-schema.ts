// Dictionary maintenance (基础维护): request and response shapes of /api/catalog/admin/*.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { version } from '../../http/validation.js';
import { codeField, nameField, optionalFree } from '../departments/schema.js';
import { FREQUENCY_CODES, ROUTE_CODES } from '../../../core/orders-vocabulary.js';
import { CHARGE_CODES } from './fields.js';
import { CatalogItem, ItemKind } from './schema.js';

export const DrugClass = z.enum(['western', 'patent', 'herbal']);
export const AntibioticTier = z.enum(['unrestricted', 'restricted', 'special']);
export const ControlledClass = z.enum(['narcotic', 'psych1', 'psych2']);

const FEN_MAX = 1_000_000_000;
/** Money as integer fen (no fractions of a fen). */
const fen = z
  .number('应为以分为单位的整数金额(an integer amount in fen)')
  .int('金额不能有分以下的零头(no fractions of a fen)')
  .min(0, '金额不能为负(must not be negative)')
  .max(FEN_MAX, '金额太大(amount too large)');

const nullish = <T extends z.ZodType>(s: T) =>
  s
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v) as z.output<T> | null);

/** Pinyin keys as typed: lower-case letters, digits, spaces; blank → generated from the name. */
const pinyinText = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v.toLowerCase().replace(/\s+/g, ' '))
  .refine((v) => /^[a-z0-9 ]*$/.test(v), '只能包含字母、数字和空格(letters, digits and spaces only)');

const dose = z
  .string()
  .trim()
  .regex(/^(\d{1,7}(\.\d{1,4})?)?$/, '剂量须为正数,如 0.5(dose must be a positive decimal such as 0.5)');

const itemFields = {
  code: codeField,
  kind: ItemKind,
  name: nameField(100),
  tradeName: optionalFree(100),
  spec: optionalFree(50),
  dosageForm: optionalFree(30),
  manufacturer: optionalFree(100),
  approvalNo: optionalFree(50),
  unit: nameField(10),
  /** Defaults to the smallest unit (services: 次 / 次 / 1). */
  packUnit: nameField(10).optional(),
  packSize: z
    .number()
    .int('包装数量应为整数(an integer)')
    .min(1, '包装数量至少为 1(at least 1)')
    .max(100_000)
    .optional()
    .default(1),
  priceFen: fen,
  purchasePriceFen: nullish(fen),
  drugClass: nullish(DrugClass),
  essential: z.boolean().optional().default(false),
  antibioticTier: nullish(AntibioticTier),
  controlledClass: nullish(ControlledClass),
  insuranceCode: optionalFree(50),
  /** Absent: suggested by kind and class on create, kept on update. */
  chargeCategory: z.enum(CHARGE_CODES).optional(),
  reorderLevel: z
    .number()
    .int('库存下限应为整数(an integer)')
    .min(0, '库存下限不能为负(must not be negative)')
    .max(100_000_000)
    .optional()
    .default(0),
  /** Blank or absent: generated from the name. */
  pinyinInitials: nullish(pinyinText),
  pinyinFull: nullish(pinyinText),
  dosePerUnit: optionalFree(20),
  defaultDose: nullish(dose),
  doseUnit: optionalFree(10),
  defaultFrequency: nullish(z.enum(FREQUENCY_CODES)),
  defaultRoute: nullish(z.enum(ROUTE_CODES)),
  active: z.boolean().optional().default(true),
};

export const CreateItem = z.strictObject(itemFields);
export type CreateItem = z.infer<typeof CreateItem>;

/** The whole item (a field left out means empty / the default) with the version read. */
export const UpdateItem = z.strictObject({ ...itemFields, version });
export type UpdateItem = z.infer<typeof UpdateItem>;

export const AdminQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  kind: ItemKind.optional(),
  active: z.enum(['true', 'false', 'all']).optional(),
  drugClass: DrugClass.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export type AdminQuery = z.infer<typeof AdminQuery>;

/**
 * An item as maintenance sees it: `hasHistory` = it has a lot, a stock document line or an order
 * line (kind, smallest unit, pack size and drug class are then fixed); `hasStock` = it has stock
 * on hand (its retail price then changes only through the store's 调价 document).
 */
export const AdminItem = CatalogItem.extend({ hasHistory: z.boolean(), hasStock: z.boolean() });
export type AdminItem = z.infer<typeof AdminItem>;

export const AdminList = z.object({ items: z.array(AdminItem), total: z.number().int() });

export const PinyinQuery = z.strictObject({ name: z.string().max(100) });
export const PinyinView = z.object({ initials: z.string(), full: z.string() });

export const ExportQuery = z.strictObject({ kind: ItemKind.optional() });

export { ImportError, ImportQuery, ImportReport, type ImportMode } from '../../lib/import-report.js';

// Field labels for the error messages (server/http/field-text.ts).
const ITEM_LABELS = {
  code: t('项目编码', 'Item code'),
  kind: t('项目类别', 'Kind of item'),
  name: t('项目名称', 'Item name'),
  tradeName: t('商品名', 'Trade name'),
  spec: t('规格', 'Specification'),
  dosageForm: t('剂型', 'Dosage form'),
  manufacturer: t('生产厂家', 'Manufacturer'),
  approvalNo: t('批准文号', 'Approval number'),
  unit: t('最小单位', 'Smallest unit'),
  packUnit: t('包装单位', 'Pack unit'),
  packSize: t('包装数量', 'Pack size'),
  priceFen: t('零售价', 'Retail price'),
  purchasePriceFen: t('进价', 'Purchase price'),
  drugClass: t('药品分类', 'Drug class'),
  essential: t('基本药物', 'Essential medicine'),
  antibioticTier: t('抗菌药物分级', 'Antibiotic tier'),
  controlledClass: t('管制类别', 'Controlled class'),
  insuranceCode: t('医保编码', 'Insurance code'),
  chargeCategory: t('收费类别', 'Charge category'),
  reorderLevel: t('库存下限', 'Reorder level'),
  pinyinInitials: t('拼音首字母', 'Pinyin initials'),
  pinyinFull: t('全拼', 'Full pinyin'),
  dosePerUnit: t('每单位含量', 'Strength per unit'),
  defaultDose: t('默认每次剂量', 'Default dose'),
  doseUnit: t('剂量单位', 'Dose unit'),
  defaultFrequency: t('默认频次', 'Default frequency'),
  defaultRoute: t('默认用法', 'Default route'),
  active: t('启用', 'Active'),
  version: t('版本号', 'Version'),
};
labelFields(CreateItem, ITEM_LABELS);
labelFields(UpdateItem, ITEM_LABELS);
