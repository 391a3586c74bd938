// Stock locations and document settings (库房 / 单据使用设置): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import type { StockDocType, StockLocationRole } from '../../../db/schema.js';
import { idParam, version } from '../../http/validation.js';

export const DOC_TYPES = [
  'receipt',
  'requisition',
  'transfer',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
] as const satisfies readonly StockDocType[];
export const ROLES = [
  'store',
  'outpatient_pharmacy',
  'inpatient_pharmacy',
] as const satisfies readonly StockLocationRole[];

export const DocType = z.enum(DOC_TYPES);
export const Role = z.enum(ROLES);

export const StockLocationView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['store', 'pharmacy']),
  role: Role,
  suppliedById: z.number().int().nullable(),
  suppliedByName: z.string().nullable(),
  docTypes: z.array(DocType),
  active: z.boolean(),
  version: z.number().int(),
});
export type StockLocationView = z.infer<typeof StockLocationView>;

export const StockLocationList = z.object({ items: z.array(StockLocationView) });

export const UpdateStockLocation = z.strictObject({
  role: Role,
  suppliedById: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable(),
  docTypes: z.array(DocType).max(DOC_TYPES.length),
  version,
});
export type UpdateStockLocation = z.infer<typeof UpdateStockLocation>;

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
labelFields(UpdateStockLocation, {
  role: t('库房角色', 'Role of the store'),
  suppliedById: t('供货库房', 'Supplied by'),
  docTypes: t('可用单据', 'Document types'),
  version: t('版本号', 'Version'),
});
