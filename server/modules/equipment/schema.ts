// Equipment (医疗设备): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { idParam, version } from '../../http/validation.js';
import { codeField, nameField, nullableFree, optionalFree, searchQuery } from '../departments/schema.js';

/** A calendar day 'YYYY-MM-DD' that exists. */
export const dayField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD(date must be YYYY-MM-DD)')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900;
  }, '不是有效日期(not a valid date)');

const fen = z.number().int('金额必须是整数分(amount must be whole fen)').min(0).max(100_000_000_000);
const intervalDays = z.number().int().min(1).max(3650);

export const EquipmentStatus = z.enum(['in_use', 'under_repair', 'scrapped']);
export type EquipmentStatus = z.infer<typeof EquipmentStatus>;
export const LogKind = z.enum(['maintenance', 'calibration', 'repair']);

export const EquipmentQuery = z.strictObject({
  q: searchQuery,
  status: EquipmentStatus.optional(),
  locationId: z.coerce.number().int().positive().optional(),
});
export type EquipmentQuery = z.infer<typeof EquipmentQuery>;

export const DueQuery = z.strictObject({
  days: z.coerce.number().int().min(0).max(3650).optional(),
});

const common = {
  assetCode: codeField,
  name: nameField(50),
  locationId: z.number().int().positive(),
};

export const CreateEquipment = z.strictObject({
  ...common,
  model: optionalFree(50),
  serialNo: optionalFree(50),
  manufacturer: optionalFree(100),
  category: optionalFree(50),
  purchaseDate: dayField
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  purchasePriceFen: fen
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  supplierName: optionalFree(100),
  warrantyUntil: dayField
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  status: z
    .enum(['in_use', 'under_repair'])
    .optional()
    .transform((v) => v ?? 'in_use'),
  maintenanceIntervalDays: intervalDays
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  calibrationIntervalDays: intervalDays
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  nextMaintenanceDue: dayField
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  nextCalibrationDue: dayField
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type CreateEquipment = z.infer<typeof CreateEquipment>;

export const UpdateEquipment = z.strictObject({
  ...common,
  model: nullableFree(50),
  serialNo: nullableFree(50),
  manufacturer: nullableFree(100),
  category: nullableFree(50),
  purchaseDate: dayField.nullable(),
  purchasePriceFen: fen.nullable(),
  supplierName: nullableFree(100),
  warrantyUntil: dayField.nullable(),
  status: EquipmentStatus,
  maintenanceIntervalDays: intervalDays.nullable(),
  calibrationIntervalDays: intervalDays.nullable(),
  nextMaintenanceDue: dayField.nullable(),
  nextCalibrationDue: dayField.nullable(),
  version,
});
export type UpdateEquipment = z.infer<typeof UpdateEquipment>;

export const LogEntryInput = z.strictObject({
  kind: LogKind,
  day: dayField,
  performedBy: nameField(50),
  note: optionalFree(500),
  costFen: fen.optional().transform((v) => v ?? 0),
  result: optionalFree(100),
  version,
});
export type LogEntryInput = z.infer<typeof LogEntryInput>;

export const EquipmentView = z.object({
  id: z.number().int(),
  assetCode: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  serialNo: z.string().nullable(),
  manufacturer: z.string().nullable(),
  category: z.string().nullable(),
  locationId: z.number().int(),
  locationName: z.string(),
  purchaseDate: z.string().nullable(),
  purchasePriceFen: z.number().int().nullable(),
  supplierName: z.string().nullable(),
  warrantyUntil: z.string().nullable(),
  status: EquipmentStatus,
  maintenanceIntervalDays: z.number().int().nullable(),
  calibrationIntervalDays: z.number().int().nullable(),
  nextMaintenanceDue: z.string().nullable(),
  nextCalibrationDue: z.string().nullable(),
  pinyinInitials: z.string(),
  version: z.number().int(),
});
export type EquipmentView = z.infer<typeof EquipmentView>;

export const LogEntryView = z.object({
  id: z.number().int(),
  equipmentId: z.number().int(),
  kind: z.enum(['maintenance', 'calibration', 'repair', 'status_change']),
  day: z.string(),
  performedBy: z.string(),
  note: z.string().nullable(),
  costFen: z.number().int(),
  result: z.string().nullable(),
  statusBefore: z.string().nullable(),
  statusAfter: z.string().nullable(),
  createdAt: z.number().int(),
});
export type LogEntryView = z.infer<typeof LogEntryView>;

export const EquipmentList = z.object({ today: z.string(), items: z.array(EquipmentView) });
export const DueList = z.object({ today: z.string(), until: z.string(), items: z.array(EquipmentView) });
export const LogList = z.object({ items: z.array(LogEntryView) });
export const LogResult = z.object({ equipment: EquipmentView, entry: LogEntryView });

export { idParam };

// Field labels for the error messages (server/http/field-text.ts).
const EQUIPMENT_LABELS = {
  assetCode: t('资产编号', 'Asset code'),
  name: t('设备名称', 'Equipment name'),
  locationId: t('所在位置', 'Location'),
  model: t('型号', 'Model'),
  serialNo: t('出厂编号', 'Serial number'),
  manufacturer: t('生产厂家', 'Manufacturer'),
  category: t('类别', 'Category'),
  purchaseDate: t('购置日期', 'Purchase date'),
  purchasePriceFen: t('购置价格', 'Purchase price'),
  supplierName: t('供应商', 'Supplier'),
  warrantyUntil: t('保修截止', 'Warranty until'),
  status: t('状态', 'Status'),
  maintenanceIntervalDays: t('保养周期(天)', 'Maintenance interval (days)'),
  calibrationIntervalDays: t('计量校准周期(天)', 'Calibration interval (days)'),
  nextMaintenanceDue: t('下次保养日期', 'Next maintenance'),
  nextCalibrationDue: t('下次校准日期', 'Next calibration'),
  version: t('版本号', 'Version'),
};
labelFields(CreateEquipment, EQUIPMENT_LABELS);
labelFields(UpdateEquipment, EQUIPMENT_LABELS);
labelFields(LogEntryInput, {
  kind: t('记录类别', 'Kind of entry'),
  day: t('日期', 'Date'),
  performedBy: t('执行人', 'Performed by'),
  note: t('备注', 'Note'),
  costFen: t('费用', 'Cost'),
  result: t('结果', 'Result'),
  version: t('版本号', 'Version'),
});
