// Orders: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { OrderKind, OrderStatus } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import { stockOnHandMany } from '../catalog/index.js';
import type { ItemRow } from './checks.js';
import type { OrderLineView, OrderView } from './schema.js';

type Q = Db | Trx;

export const ACTIVE_STATUSES: OrderStatus[] = ['draft', 'signed', 'paid', 'dispensed'];

export async function visit(db: Q, id: number) {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function patientAllergies(db: Q, patientId: number): Promise<string[]> {
  const r = await db.selectFrom('patients').select('allergies_json').where('id', '=', patientId).executeTakeFirst();
  if (!r) return [];
  try {
    const v = JSON.parse(r.allergies_json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export async function items(db: Q, ids: number[]): Promise<Map<number, ItemRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('catalog_items')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function staff(db: Q, id: number) {
  return db.selectFrom('staff').select(['id', 'name', 'title']).where('id', '=', id).executeTakeFirst();
}

export async function isActivePharmacy(db: Q, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', id)
    .where('kind', '=', 'pharmacy')
    .where('active', '=', 1)
    .executeTakeFirst();
  return !!r;
}

/** Generic names of the drugs on the visit's other active orders. */
export async function otherDrugNames(db: Q, visitId: number, exceptOrderId: number | null): Promise<Set<string>> {
  let q = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .select('i.name')
    .where('o.visit_id', '=', visitId)
    .where('o.status', 'in', ACTIVE_STATUSES)
    .where('o.refused_at', 'is', null)
    .where('i.kind', '=', 'drug');
  if (exceptOrderId !== null) q = q.where('o.id', '!=', exceptOrderId);
  return new Set((await q.execute()).map((r) => r.name.trim()));
}

/** Smallest units on hand per item at a location, in lots not expired on `today` (the catalog's figure). */
export async function onHand(
  db: Q,
  itemIds: number[],
  locationId: number,
  today: string,
): Promise<Map<number, number>> {
  return stockOnHandMany(db, [...new Set(itemIds)], locationId, today);
}

export interface OrderRowInput {
  visitId: number;
  patientId: number;
  doctorStaffId: number;
  departmentId: number;
  kind: OrderKind;
  pharmacyId: number | null;
  herbalDoses: number | null;
  emergency: boolean;
  supplyReason: string | null;
  allergyOverrideReason: string | null;
  validDays: number;
}

export interface LineRowInput {
  itemId: number;
  dose: string | null;
  doseUnit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  quantity: number;
  unitPriceFen: number;
  packSize: number;
  amountFen: number;
  chargeCategory: string;
  note: string | null;
}

export async function insertOrder(db: Q, v: OrderRowInput, totalFen: number, now: number): Promise<number> {
  const r = await db
    .insertInto('orders')
    .values({
      visit_id: v.visitId,
      patient_id: v.patientId,
      doctor_staff_id: v.doctorStaffId,
      department_id: v.departmentId,
      kind: v.kind,
      status: 'draft',
      pharmacy_id: v.pharmacyId,
      herbal_doses: v.herbalDoses,
      emergency: v.emergency ? 1 : 0,
      supply_reason: v.supplyReason,
      allergy_override_reason: v.allergyOverrideReason,
      valid_days: v.validDays,
      total_fen: totalFen,
      signed_at: null,
      paid_at: null,
      dispensed_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDraft(
  db: Q,
  id: number,
  v: Omit<OrderRowInput, 'visitId' | 'patientId' | 'doctorStaffId' | 'departmentId' | 'validDays'>,
  totalFen: number,
  now: number,
) {
  await db
    .updateTable('orders')
    .set((eb) => ({
      kind: v.kind,
      pharmacy_id: v.pharmacyId,
      herbal_doses: v.herbalDoses,
      emergency: v.emergency ? 1 : 0,
      supply_reason: v.supplyReason,
      allergy_override_reason: v.allergyOverrideReason,
      total_fen: totalFen,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function replaceLines(db: Q, orderId: number, lines: LineRowInput[]): Promise<void> {
  await db.deleteFrom('order_lines').where('order_id', '=', orderId).execute();
  if (!lines.length) return;
  await db
    .insertInto('order_lines')
    .values(
      lines.map((l, i) => ({
        order_id: orderId,
        line_no: i + 1,
        item_id: l.itemId,
        dose: l.dose,
        dose_unit: l.doseUnit,
        frequency: l.frequency,
        route: l.route,
        days: l.days,
        quantity: l.quantity,
        unit_price_fen: l.unitPriceFen,
        pack_size: l.packSize,
        amount_fen: l.amountFen,
        charge_category: l.chargeCategory,
        note: l.note,
      })),
    )
    .execute();
}

export async function orderRow(db: Q, id: number) {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof orderRow>>>;

async function linesOf(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  return db
    .selectFrom('order_lines as l')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .select([
      'l.id',
      'l.order_id',
      'l.line_no',
      'l.item_id',
      'i.code',
      'i.name',
      'i.spec',
      'i.unit',
      'i.pack_unit',
      'l.pack_size',
      'l.dose',
      'l.dose_unit',
      'l.frequency',
      'l.route',
      'l.days',
      'l.quantity',
      'l.unit_price_fen',
      'l.amount_fen',
      'l.charge_category',
      'l.note',
    ])
    .where('l.order_id', 'in', orderIds)
    .orderBy('l.order_id')
    .orderBy('l.line_no')
    .execute();
}

/** Orders with their lines (and stock on hand at each order's pharmacy when `today` is given). */
export async function views(db: Q, rows: OrderRow[], today: string | null): Promise<OrderView[]> {
  const lines = await linesOf(
    db,
    rows.map((r) => r.id),
  );
  const doctorIds = [...new Set(rows.map((r) => r.doctor_staff_id))];
  const doctors = doctorIds.length
    ? await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', doctorIds).execute()
    : [];
  const doctorName = new Map(doctors.map((d) => [d.id, d.name]));
  const refuserIds = [...new Set(rows.map((r) => r.refused_by).filter((x): x is number => x !== null))];
  const refusers = refuserIds.length
    ? await db
        .selectFrom('users')
        .innerJoin('staff', 'staff.id', 'users.staff_id')
        .select(['users.id', 'staff.name'])
        .where('users.id', 'in', refuserIds)
        .execute()
    : [];
  const refuserName = new Map(refusers.map((u) => [u.id, u.name]));
  const stock = new Map<number, Map<number, number>>();
  if (today) {
    for (const pid of new Set(rows.map((r) => r.pharmacy_id).filter((x): x is number => x !== null))) {
      const ids = lines.filter((l) => rows.find((r) => r.id === l.order_id)?.pharmacy_id === pid).map((l) => l.item_id);
      stock.set(pid, await onHand(db, ids, pid, today));
    }
  }
  return rows.map((r) => ({
    id: r.id,
    visitId: r.visit_id,
    patientId: r.patient_id,
    doctorStaffId: r.doctor_staff_id,
    doctorName: doctorName.get(r.doctor_staff_id) ?? '',
    departmentId: r.department_id,
    kind: r.kind,
    status: r.status,
    pharmacyId: r.pharmacy_id,
    herbalDoses: r.herbal_doses,
    emergency: r.emergency === 1,
    supplyReason: r.supply_reason,
    allergyOverrideReason: r.allergy_override_reason,
    totalFen: r.total_fen,
    signedAt: r.signed_at,
    createdAt: r.created_at,
    version: r.version,
    refusal:
      r.refused_at !== null
        ? {
            at: r.refused_at,
            reason: r.refused_reason ?? '',
            by: r.refused_by !== null ? (refuserName.get(r.refused_by) ?? '') : '',
          }
        : null,
    lines: lines
      .filter((l) => l.order_id === r.id)
      .map(
        (l): OrderLineView => ({
          id: l.id,
          lineNo: l.line_no,
          itemId: l.item_id,
          itemCode: l.code,
          name: l.name,
          spec: l.spec,
          unit: l.unit,
          packUnit: l.pack_unit,
          packSize: l.pack_size,
          dose: l.dose,
          doseUnit: l.dose_unit,
          frequency: l.frequency,
          route: l.route,
          days: l.days,
          quantity: l.quantity,
          unitPriceFen: l.unit_price_fen,
          amountFen: l.amount_fen,
          chargeCategory: l.charge_category,
          note: l.note,
          onHand: r.pharmacy_id !== null && today ? (stock.get(r.pharmacy_id)?.get(l.item_id) ?? 0) : null,
        }),
      ),
  }));
}

export async function ordersOfVisits(db: Q, visitIds: number[]) {
  if (!visitIds.length) return [];
  return db.selectFrom('orders').selectAll().where('visit_id', 'in', visitIds).orderBy('id').execute();
}
