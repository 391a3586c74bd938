// Workstations (工作站 / 本地参数): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { activeQuery, codeField, nameField, nullableFree, optionalFree, searchQuery } from '../departments/schema.js';

const optionalId = z
  .number()
  .int()
  .positive()
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const nullableId = z.number().int().positive().nullable();

export const WorkstationQuery = z.strictObject({ q: searchQuery, active: activeQuery });
export type WorkstationQuery = z.infer<typeof WorkstationQuery>;

export const CreateWorkstation = z.strictObject({
  code: codeField,
  name: nameField(50),
  departmentId: optionalId,
  receiptPrinter: optionalFree(100),
  labelPrinter: optionalFree(100),
  invoicePrinter: optionalFree(100),
  cardReader: optionalFree(100),
  defaultPharmacyId: optionalId,
});
export type CreateWorkstation = z.infer<typeof CreateWorkstation>;

export const UpdateWorkstation = z.strictObject({
  code: codeField,
  name: nameField(50),
  departmentId: nullableId,
  receiptPrinter: nullableFree(100),
  labelPrinter: nullableFree(100),
  invoicePrinter: nullableFree(100),
  cardReader: nullableFree(100),
  defaultPharmacyId: nullableId,
  active: z.boolean(),
  version,
});
export type UpdateWorkstation = z.infer<typeof UpdateWorkstation>;

export const WorkstationView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  receiptPrinter: z.string().nullable(),
  labelPrinter: z.string().nullable(),
  invoicePrinter: z.string().nullable(),
  cardReader: z.string().nullable(),
  defaultPharmacyId: z.number().int().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type WorkstationView = z.infer<typeof WorkstationView>;

export const WorkstationList = z.object({ items: z.array(WorkstationView) });

export const BindingsQuery = z.strictObject({
  workstationId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type BindingsQuery = z.infer<typeof BindingsQuery>;

export const BindingView = z.object({
  id: z.number().int(),
  workstationId: z.number().int(),
  workstationName: z.string(),
  issuedBy: z.number().int().nullable(),
  issuedByName: z.string().nullable(),
  issuedAt: z.number().int(),
  userAgent: z.string().nullable(),
  lastSeenAt: z.number().int().nullable(),
});
export const BindingList = z.object({ items: z.array(BindingView) });

export const BoundWorkstationView = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const ThisBrowser = z.object({
  /** The workstation this browser is bound to (by its cookie), or null. */
  workstation: BoundWorkstationView.nullable(),
  /** May the signed-in user bind (or unbind) this browser? */
  canBind: z.boolean(),
});
export const BindBody = z.strictObject({ workstationId: z.number().int().positive().max(2_147_483_647) });
export type BindBody = z.infer<typeof BindBody>;

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const WORKSTATION_LABELS = {
  code: t('工作站编码', 'Workstation code'),
  name: t('工作站名称', 'Workstation name'),
  departmentId: t('所属科室', 'Department'),
  receiptPrinter: t('票据打印机', 'Receipt printer'),
  labelPrinter: t('标签打印机', 'Label printer'),
  invoicePrinter: t('发票打印机', 'Invoice printer'),
  cardReader: t('读卡器', 'Card reader'),
  defaultPharmacyId: t('默认药房', 'Default pharmacy'),
};
labelFields(CreateWorkstation, WORKSTATION_LABELS);
labelFields(UpdateWorkstation, WORKSTATION_LABELS);
