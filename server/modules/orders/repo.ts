// Orders: the only Kysely queries of this module.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { Database, OrderKind, OrderStatus } from '../../../db/schema.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import type { Trx } from '../../lib/uow.js';
import { stockOnHandMany } from '../catalog/index.js';
import type { ItemRow } from './checks.js';
import type { OrderLineView, OrderView } from './schema.js';

type Q = Db | Trx;

export const ACTIVE_STATUSES: OrderStatus[] = ['draft', 'signed', 'paid', 'dispensed'];

const visitQ = prepared((db, p: { id: number }) => db.selectFrom('visits').selectAll().where('id', '=', p.id));

export async function visit(db: Q, id: number) {
  return visitQ.first(db, { id });
}

const slipPatientQ = prepared((db, p: { id: number }) =>
  db.selectFrom('patients').select(['id', 'mrn', 'name', 'sex', 'birth_date']).where('id', '=', p.id),
);

/** The patient as the prescription slip names them. */
export async function slipPatient(db: Q, id: number) {
  const r = await slipPatientQ.first(db, { id });
  if (!r) throw new Error(`slipPatient: no patient ${id}`);
  return r;
}

const allergiesQ = prepared((db, p: { id: number }) =>
  db.selectFrom('patients').select('allergies_json').where('id', '=', p.id),
);

export async function patientAllergies(db: Q, patientId: number): Promise<string[]> {
  const r = await allergiesQ.first(db, { id: patientId });
  if (!r) return [];
  try {
    const v = JSON.parse(r.allergies_json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const itemsQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('catalog_items')
    .selectAll()
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

export async function items(db: Q, ids: number[]): Promise<Map<number, ItemRow>> {
  if (!ids.length) return new Map();
  const uniq = [...new Set(ids)];
  const rows = await itemsQ(uniq.length).all(db, listParams('id', uniq));
  return new Map(rows.map((r) => [r.id, r]));
}

const staffQ = prepared((db, p: { id: number }) =>
  db.selectFrom('staff').select(['id', 'name', 'title']).where('id', '=', p.id),
);

export async function staff(db: Q, id: number) {
  return staffQ.first(db, { id });
}

const activePharmacyQ = prepared((db, p: { id: number }) =>
  db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', p.id)
    .where('kind', '=', 'pharmacy')
    .where('active', '=', 1),
);

export async function isActivePharmacy(db: Q, id: number): Promise<boolean> {
  const r = await activePharmacyQ.first(db, { id });
  return !!r;
}

function otherDrugsQuery(db: Q, visitId: number) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .select('i.name')
    .where('o.visit_id', '=', visitId)
    .where('o.status', 'in', ACTIVE_STATUSES)
    .where('o.refused_at', 'is', null)
    .where('i.kind', '=', 'drug');
}

const otherDrugsQ = prepared((db, p: { visitId: number }) => otherDrugsQuery(db, p.visitId));
const otherDrugsExceptQ = prepared((db, p: { visitId: number; exceptOrderId: number }) =>
  otherDrugsQuery(db, p.visitId).where('o.id', '!=', p.exceptOrderId),
);

/** Generic names of the drugs on the visit's other active orders. */
export async function otherDrugNames(db: Q, visitId: number, exceptOrderId: number | null): Promise<Set<string>> {
  const rows =
    exceptOrderId === null
      ? await otherDrugsQ.all(db, { visitId })
      : await otherDrugsExceptQ.all(db, { visitId, exceptOrderId });
  return new Set(rows.map((r) => r.name.trim()));
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

const deleteLinesQ = prepared((db, p: { orderId: number }) =>
  db.deleteFrom('order_lines').where('order_id', '=', p.orderId),
);

const LINE_COLS = [
  'item_id',
  'dose',
  'dose_unit',
  'frequency',
  'route',
  'days',
  'quantity',
  'unit_price_fen',
  'pack_size',
  'amount_fen',
  'charge_category',
  'note',
] as const;

/** INSERT of n lines, prepared per n (values named c<row>_<column>). */
const insertLinesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .insertInto('order_lines')
    .values(
      Array.from({ length: n }, (_, i) => {
        const row: Record<string, unknown> = { order_id: p.orderId, line_no: i + 1 };
        for (const c of LINE_COLS) row[c] = p[`c${i}_${c}`];
        return row as Insertable<Database['order_lines']>;
      }),
    )
    .returning('id'),
);

/** Replaces an order's lines; returns the new lines' ids in line order. */
export async function replaceLines(db: Q, orderId: number, lines: LineRowInput[]): Promise<number[]> {
  await deleteLinesQ.run(db, { orderId });
  if (!lines.length) return [];
  const params: Record<string, unknown> = { orderId };
  lines.forEach((l, i) => {
    params[`c${i}_item_id`] = l.itemId;
    params[`c${i}_dose`] = l.dose;
    params[`c${i}_dose_unit`] = l.doseUnit;
    params[`c${i}_frequency`] = l.frequency;
    params[`c${i}_route`] = l.route;
    params[`c${i}_days`] = l.days;
    params[`c${i}_quantity`] = l.quantity;
    params[`c${i}_unit_price_fen`] = l.unitPriceFen;
    params[`c${i}_pack_size`] = l.packSize;
    params[`c${i}_amount_fen`] = l.amountFen;
    params[`c${i}_charge_category`] = l.chargeCategory;
    params[`c${i}_note`] = l.note;
  });
  const rows = await insertLinesQ(lines.length).all(db, params);
  // Rowids are given in the order of the VALUES rows; RETURNING's own order is not promised.
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The view of lines just written (replaceLines' ids), shaped as `views` reads them back. */
export function writtenLineViews(
  lines: LineRowInput[],
  ids: number[],
  items: ReadonlyMap<number, ItemRow>,
  stock: ReadonlyMap<number, number> | null,
): OrderLineView[] {
  return lines.map((l, i) => {
    const item = items.get(l.itemId)!;
    return {
      id: ids[i]!,
      lineNo: i + 1,
      itemId: l.itemId,
      itemCode: item.code,
      name: item.name,
      spec: item.spec,
      unit: item.unit,
      packUnit: item.pack_unit,
      packSize: l.packSize,
      dose: l.dose,
      doseUnit: l.doseUnit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: l.amountFen,
      chargeCategory: l.chargeCategory,
      note: l.note,
      onHand: stock ? (stock.get(l.itemId) ?? 0) : null,
    };
  });
}

const orderRowQ = prepared((db, p: { id: number }) => db.selectFrom('orders').selectAll().where('id', '=', p.id));

export async function orderRow(db: Q, id: number) {
  return orderRowQ.first(db, { id });
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof orderRow>>>;

function linesQuery(db: Q) {
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
    ]);
}

const linesOfOneQ = prepared((db, p: { orderId: number }) =>
  linesQuery(db).where('l.order_id', '=', p.orderId).orderBy('l.line_no'),
);

async function linesOf(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  if (orderIds.length === 1) return linesOfOneQ.all(db, { orderId: orderIds[0]! });
  return linesQuery(db).where('l.order_id', 'in', orderIds).orderBy('l.order_id').orderBy('l.line_no').execute();
}

const staffNamesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

/** Orders with their lines (and stock on hand at each order's pharmacy when `today` is given). */
export async function views(db: Q, rows: OrderRow[], today: string | null): Promise<OrderView[]> {
  const lines = await linesOf(
    db,
    rows.map((r) => r.id),
  );
  const doctorIds = [...new Set(rows.map((r) => r.doctor_staff_id))];
  const doctors = doctorIds.length ? await staffNamesQ(doctorIds.length).all(db, listParams('id', doctorIds)) : [];
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
