// Equipment: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { EquipmentLogKind, EquipmentStatus } from '../../../db/schema.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { EquipmentQuery, EquipmentView, LogEntryView } from './schema.js';

type Q = Db | Trx;

export interface EquipmentFields {
  assetCode: string;
  name: string;
  model: string | null;
  serialNo: string | null;
  manufacturer: string | null;
  category: string | null;
  locationId: number;
  purchaseDate: string | null;
  purchasePriceFen: number | null;
  supplierName: string | null;
  warrantyUntil: string | null;
  status: EquipmentStatus;
  maintenanceIntervalDays: number | null;
  calibrationIntervalDays: number | null;
  nextMaintenanceDue: string | null;
  nextCalibrationDue: string | null;
  pinyinInitials: string;
  pinyinFull: string;
}

function base(db: Q) {
  return db
    .selectFrom('equipment as e')
    .innerJoin('departments as d', 'd.id', 'e.location_id')
    .select([
      'e.id',
      'e.asset_code',
      'e.name',
      'e.model',
      'e.serial_no',
      'e.manufacturer',
      'e.category',
      'e.location_id',
      'd.name as location_name',
      'e.purchase_date',
      'e.purchase_price_fen',
      'e.supplier_name',
      'e.warranty_until',
      'e.status',
      'e.maintenance_interval_days',
      'e.calibration_interval_days',
      'e.next_maintenance_due',
      'e.next_calibration_due',
      'e.pinyin_initials',
      'e.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toView(r: Row): EquipmentView {
  return {
    id: r.id,
    assetCode: r.asset_code,
    name: r.name,
    model: r.model,
    serialNo: r.serial_no,
    manufacturer: r.manufacturer,
    category: r.category,
    locationId: r.location_id,
    locationName: r.location_name,
    purchaseDate: r.purchase_date,
    purchasePriceFen: r.purchase_price_fen,
    supplierName: r.supplier_name,
    warrantyUntil: r.warranty_until,
    status: r.status,
    maintenanceIntervalDays: r.maintenance_interval_days,
    calibrationIntervalDays: r.calibration_interval_days,
    nextMaintenanceDue: r.next_maintenance_due,
    nextCalibrationDue: r.next_calibration_due,
    pinyinInitials: r.pinyin_initials,
    version: r.version,
  };
}

export async function list(db: Q, q: EquipmentQuery): Promise<EquipmentView[]> {
  let query = base(db).orderBy('e.asset_code');
  if (q.status) query = query.where('e.status', '=', q.status);
  if (q.locationId) query = query.where('e.location_id', '=', q.locationId);
  if (q.q)
    query = query.where(
      searchCondition(q.q, {
        contains: ['e.asset_code', 'e.name', 'e.serial_no'],
        initials: 'e.pinyin_initials',
        full: 'e.pinyin_full',
      }),
    );
  return (await query.limit(500).execute()).map(toView);
}

/** Items not scrapped whose maintenance or calibration is due on or before `until`. */
export async function due(db: Q, until: string): Promise<EquipmentView[]> {
  const rows = await base(db)
    .where('e.status', '!=', 'scrapped')
    .where((eb) => eb.or([eb('e.next_maintenance_due', '<=', until), eb('e.next_calibration_due', '<=', until)]))
    .orderBy('e.asset_code')
    .execute();
  return rows.map(toView);
}

export async function findById(db: Q, id: number): Promise<EquipmentView | undefined> {
  const r = await base(db).where('e.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

export async function codeTaken(db: Q, code: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('equipment').select('id').where('asset_code', '=', code);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function departmentExists(db: Q, id: number): Promise<boolean> {
  return !!(await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst());
}

function columns(v: EquipmentFields) {
  return {
    asset_code: v.assetCode,
    name: v.name,
    model: v.model,
    serial_no: v.serialNo,
    manufacturer: v.manufacturer,
    category: v.category,
    location_id: v.locationId,
    purchase_date: v.purchaseDate,
    purchase_price_fen: v.purchasePriceFen,
    supplier_name: v.supplierName,
    warranty_until: v.warrantyUntil,
    status: v.status,
    maintenance_interval_days: v.maintenanceIntervalDays,
    calibration_interval_days: v.calibrationIntervalDays,
    next_maintenance_due: v.nextMaintenanceDue,
    next_calibration_due: v.nextCalibrationDue,
    pinyin_initials: v.pinyinInitials,
    pinyin_full: v.pinyinFull,
  };
}

export async function insert(db: Q, v: EquipmentFields, now: number): Promise<number> {
  const r = await db
    .insertInto('equipment')
    .values({ ...columns(v), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: EquipmentFields, now: number): Promise<void> {
  await db
    .updateTable('equipment')
    .set((eb) => ({ ...columns(v), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function setDue(
  db: Q,
  id: number,
  v: { nextMaintenanceDue: string | null; nextCalibrationDue: string | null; status: EquipmentStatus },
  now: number,
) {
  await db
    .updateTable('equipment')
    .set((eb) => ({
      next_maintenance_due: v.nextMaintenanceDue,
      next_calibration_due: v.nextCalibrationDue,
      status: v.status,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertLog(
  db: Q,
  v: {
    equipmentId: number;
    kind: EquipmentLogKind;
    day: string;
    performedBy: string;
    note: string | null;
    costFen: number;
    result: string | null;
    statusBefore: string | null;
    statusAfter: string | null;
    userId: number | null;
  },
  now: number,
): Promise<LogEntryView> {
  const r = await db
    .insertInto('equipment_log')
    .values({
      equipment_id: v.equipmentId,
      kind: v.kind,
      day: v.day,
      performed_by: v.performedBy,
      note: v.note,
      cost_fen: v.costFen,
      result: v.result,
      status_before: v.statusBefore,
      status_after: v.statusAfter,
      user_id: v.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, ...v, createdAt: now };
}

export async function logOf(db: Q, equipmentId: number): Promise<LogEntryView[]> {
  const rows = await db
    .selectFrom('equipment_log')
    .selectAll()
    .where('equipment_id', '=', equipmentId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    equipmentId: r.equipment_id,
    kind: r.kind,
    day: r.day,
    performedBy: r.performed_by,
    note: r.note,
    costFen: r.cost_fen,
    result: r.result,
    statusBefore: r.status_before,
    statusAfter: r.status_after,
    createdAt: r.created_at,
  }));
}
