// Catalog (收费项目目录): drugs, services and materials as one list of chargeable items.
import { z } from 'zod';
import { idParam } from '../../http/validation.js';

export const ItemKind = z.enum(['drug', 'service', 'material']);

const idQuery = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const CatalogQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  kind: ItemKind.optional(),
  pharmacyId: idQuery.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const CatalogItemQuery = z.strictObject({ pharmacyId: idQuery.optional() });

export const CatalogItem = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: ItemKind,
  name: z.string(),
  tradeName: z.string().nullable(),
  spec: z.string().nullable(),
  dosageForm: z.string().nullable(),
  manufacturer: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  packSize: z.number().int(),
  priceFen: z.number().int(),
  chargeCategory: z.string(),
  drugClass: z.enum(['western', 'patent', 'herbal']).nullable(),
  antibioticTier: z.enum(['unrestricted', 'restricted', 'special']).nullable(),
  controlledClass: z.enum(['narcotic', 'psych1', 'psych2']).nullable(),
  essential: z.boolean(),
  dosePerUnit: z.string().nullable(),
  defaultDose: z.string().nullable(),
  doseUnit: z.string().nullable(),
  defaultFrequency: z.string().nullable(),
  defaultRoute: z.string().nullable(),
  insuranceCode: z.string().nullable(),
  pinyinInitials: z.string(),
  pinyinFull: z.string(),
  active: z.boolean(),
  /** 批准文号. */
  approvalNo: z.string().nullable(),
  /** Default purchase price of one pack, fen. */
  purchasePriceFen: z.number().int().nullable(),
  /** Smallest units; 0 = no reorder alert. */
  reorderLevel: z.number().int(),
  /** 发票归类 saved; false until an administrator confirms the charge category. */
  invoiceConfirmed: z.boolean(),
  version: z.number().int(),
  /** Smallest units at pharmacyId in non-expired lots; null when no pharmacyId was given. */
  onHand: z.number().int().nullable(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const CatalogList = z.object({ items: z.array(CatalogItem) });

export { idParam };
