// Pharmacy: the only Kysely queries of this module (orders to dispense, lots, the
// dispensing ledger). Stock itself moves only through the inventory ledger (inventory/index.ts).
import type { Db } from '../../../db/connection.js';
import type { OrderStatus, OrderKind } from '../../../db/schema.js';
import { prepared } from '../../../db/prepared.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export interface PharmacyRow {
  id: number;
  name: string;
  kind: string;
  active: number;
}

const findDepartmentQ = prepared((db, p: { id: number }) =>
  db.selectFrom('departments').select(['id', 'name', 'kind', 'active']).where('id', '=', p.id),
);

export function findDepartment(db: Q, id: number): Promise<PharmacyRow | undefined> {
  return findDepartmentQ.first(db, { id });
}

export interface OrderRow {
  id: number;
  visit_id: number;
  patient_id: number;
  doctor_staff_id: number;
  doctor_name: string;
  department_id: number;
  department_name: string;
  kind: OrderKind;
  status: OrderStatus;
  pharmacy_id: number | null;
  herbal_doses: number | null;
  paid_at: number | null;
  signed_at: number | null;
  dispensed_at: number | null;
  version: number;
  patient_name: string;
  patient_mrn: string;
  patient_sex: 'M' | 'F';
  patient_birth_date: string;
  patient_allergies_json: string;
  visit_diagnoses_json: string;
  refused_at: number | null;
  refused_reason: string | null;
}

function orderQuery(db: Q) {
  return db
    .selectFrom('orders as o')
    .innerJoin('patients as p', 'p.id', 'o.patient_id')
    .innerJoin('staff as s', 's.id', 'o.doctor_staff_id')
    .innerJoin('departments as d', 'd.id', 'o.department_id')
    .innerJoin('visits as v', 'v.id', 'o.visit_id')
    .select([
      'o.id',
      'o.visit_id',
      'o.patient_id',
      'o.doctor_staff_id',
      's.name as doctor_name',
      'o.department_id',
      'd.name as department_name',
      'o.kind',
      'o.status',
      'o.pharmacy_id',
      'o.herbal_doses',
      'o.paid_at',
      'o.signed_at',
      'o.dispensed_at',
      'o.version',
      'p.name as patient_name',
      'p.mrn as patient_mrn',
      'p.sex as patient_sex',
      'p.birth_date as patient_birth_date',
      'p.allergies_json as patient_allergies_json',
      'v.diagnoses_json as visit_diagnoses_json',
      'o.refused_at',
      'o.refused_reason',
    ]);
}

const findOrderQ = prepared((db, p: { id: number }) => orderQuery(db).where('o.id', '=', p.id));

export function findOrder(db: Q, id: number): Promise<OrderRow | undefined> {
  return findOrderQ.first(db, { id });
}

/** Paid prescriptions waiting at this pharmacy, oldest payment first. */
export function paidOrders(db: Q, pharmacyId: number): Promise<OrderRow[]> {
  return orderQuery(db)
    .where('o.pharmacy_id', '=', pharmacyId)
    .where('o.status', '=', 'paid')
    .where('o.refused_at', 'is', null)
    .where('o.kind', 'in', ['western', 'herbal'])
    .orderBy('o.paid_at')
    .orderBy('o.id')
    .execute();
}

export function ordersByIds(db: Q, ids: number[]): Promise<OrderRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return orderQuery(db).where('o.id', 'in', ids).execute();
}

export interface LineRow {
  id: number;
  order_id: number;
  line_no: number;
  item_id: number;
  dose: string | null;
  dose_unit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  quantity: number;
  note: string | null;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  reorder_level: number;
}

function linesQuery(db: Q) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('catalog_items as c', 'c.id', 'l.item_id')
    .select([
      'l.id',
      'l.order_id',
      'l.line_no',
      'l.item_id',
      'l.dose',
      'l.dose_unit',
      'l.frequency',
      'l.route',
      'l.days',
      'l.quantity',
      'l.note',
      'c.code',
      'c.name',
      'c.spec',
      'c.unit',
      'c.pack_unit',
      'c.pack_size',
      'c.reorder_level',
    ]);
}

const linesOfOneQ = prepared((db, p: { orderId: number }) =>
  linesQuery(db).where('l.order_id', '=', p.orderId).orderBy('l.line_no'),
);

export function orderLines(db: Q, orderIds: number[]): Promise<LineRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  if (orderIds.length === 1) return linesOfOneQ.all(db, { orderId: orderIds[0]! });
  return linesQuery(db).where('l.order_id', 'in', orderIds).orderBy('l.order_id').orderBy('l.line_no').execute();
}

export interface LotRow {
  id: number;
  item_id: number;
  lot_no: string;
  expiry_date: string;
  qty_on_hand: number;
}

/**
 * Lots of these items at this location holding stock, first expiry first (then oldest lot). Emptied
 * lots stay in the table for ever; FEFO, the expired total and on hand count nothing from them.
 */
const lotsFefoQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('stock_lots')
    .select(['id', 'item_id', 'lot_no', 'expiry_date', 'qty_on_hand'])
    .where('location_id', '=', p.locationId as number)
    .where('item_id', 'in', listOf<number>(p, 'item', n))
    .where('qty_on_hand', '>', 0)
    .orderBy('expiry_date')
    .orderBy('id'),
);

export function lotsFefo(db: Q, locationId: number, itemIds: number[]): Promise<LotRow[]> {
  if (!itemIds.length) return Promise.resolve([]);
  return lotsFefoQ(itemIds.length).all(db, { locationId, ...listParams('item', itemIds) });
}

const insertDispensationQ = prepared(
  (
    db,
    p: {
      orderId: number;
      pharmacyId: number;
      kind: 'dispense' | 'return';
      reversesId: number | null;
      userId: number;
      at: number;
      reason: string | null;
    },
  ) =>
    db
      .insertInto('dispensations')
      .values({
        order_id: p.orderId,
        pharmacy_id: p.pharmacyId,
        kind: p.kind,
        reverses_id: p.reversesId,
        pharmacist_user_id: p.userId,
        at: p.at,
        reason: p.reason,
      })
      .returning('id'),
);

export async function insertDispensation(
  db: Trx,
  v: {
    orderId: number;
    pharmacyId: number;
    kind: 'dispense' | 'return';
    reversesId: number | null;
    userId: number;
    at: number;
    reason: string | null;
  },
): Promise<number> {
  const r = await insertDispensationQ.first(db, v);
  return r!.id;
}

const insertDispenseLinesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db.insertInto('dispense_lines').values(
    Array.from({ length: n }, (_, i) => ({
      dispensation_id: p.dispensationId as number,
      order_line_id: p[`line${i}`] as number,
      lot_id: p[`lot${i}`] as number,
      quantity: p[`qty${i}`] as number,
    })),
  ),
);

/** The dispense lines of a dispensation (a return's quantities are negative), in one statement. */
export async function insertDispenseLines(
  db: Trx,
  dispensationId: number,
  lines: Array<{ orderLineId: number; lotId: number; quantity: number }>,
): Promise<void> {
  if (!lines.length) return;
  const params: Record<string, unknown> = { dispensationId };
  lines.forEach((l, i) => {
    params[`line${i}`] = l.orderLineId;
    params[`lot${i}`] = l.lotId;
    params[`qty${i}`] = l.quantity;
  });
  await insertDispenseLinesQ(lines.length).run(db, params);
}

export interface DispensationRow {
  id: number;
  order_id: number;
  pharmacy_id: number;
  kind: 'dispense' | 'return';
  reverses_id: number | null;
  pharmacist_user_id: number;
  pharmacist_name: string;
  at: number;
  reason: string | null;
}

export function dispensationsOf(db: Q, orderIds: number[]): Promise<DispensationRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  return db
    .selectFrom('dispensations as x')
    .innerJoin('users as u', 'u.id', 'x.pharmacist_user_id')
    .innerJoin('staff as s', 's.id', 'u.staff_id')
    .select([
      'x.id',
      'x.order_id',
      'x.pharmacy_id',
      'x.kind',
      'x.reverses_id',
      'x.pharmacist_user_id',
      's.name as pharmacist_name',
      'x.at',
      'x.reason',
    ])
    .where('x.order_id', 'in', orderIds)
    .orderBy('x.id')
    .execute();
}

/** Dispensings (kind 'dispense') at a pharmacy since `from`, newest first. */
export function dispensingsSince(
  db: Q,
  pharmacyId: number,
  from: number,
): Promise<Array<{ id: number; order_id: number; at: number }>> {
  return db
    .selectFrom('dispensations')
    .select(['id', 'order_id', 'at'])
    .where('pharmacy_id', '=', pharmacyId)
    .where('kind', '=', 'dispense')
    .where('at', '>=', from)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface DispenseLineRow {
  id: number;
  dispensation_id: number;
  order_line_id: number;
  lot_id: number;
  quantity: number;
  lot_no: string;
  expiry_date: string;
  item_id: number;
}

export function dispenseLinesOf(db: Q, orderLineIds: number[]): Promise<DispenseLineRow[]> {
  if (!orderLineIds.length) return Promise.resolve([]);
  return db
    .selectFrom('dispense_lines as l')
    .innerJoin('stock_lots as s', 's.id', 'l.lot_id')
    .select([
      'l.id',
      'l.dispensation_id',
      'l.order_line_id',
      'l.lot_id',
      'l.quantity',
      's.lot_no',
      's.expiry_date',
      's.item_id',
    ])
    .where('l.order_line_id', 'in', orderLineIds)
    .orderBy('l.id')
    .execute();
}

export interface StockItemRow {
  item_id: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  lot_id: number;
  lot_no: string;
  expiry_date: string;
  qty_on_hand: number;
}

/** Lots at a location (with stock, or every lot when `withEmpty`), grouped later by item. */
export function stockLots(
  db: Q,
  locationId: number,
  q: string | undefined,
  limitItems: number,
): Promise<StockItemRow[]> {
  let items = db
    .selectFrom('stock_lots as s')
    .innerJoin('catalog_items as c', 'c.id', 's.item_id')
    .select('c.id')
    .distinct()
    .where('s.location_id', '=', locationId);
  if (q)
    items = items.where(
      searchCondition(q, { contains: ['c.code', 'c.name'], initials: 'c.pinyin_initials', full: 'c.pinyin_full' }),
    );
  const ids = items.orderBy('c.id').limit(limitItems);
  return db
    .selectFrom('stock_lots as s')
    .innerJoin('catalog_items as c', 'c.id', 's.item_id')
    .select([
      'c.id as item_id',
      'c.code',
      'c.name',
      'c.spec',
      'c.unit',
      'c.pack_unit',
      'c.pack_size',
      's.id as lot_id',
      's.lot_no',
      's.expiry_date',
      's.qty_on_hand',
    ])
    .where('s.location_id', '=', locationId)
    .where('c.id', 'in', ids)
    .orderBy('c.pinyin_full')
    .orderBy('c.id')
    .orderBy('s.expiry_date')
    .orderBy('s.id')
    .execute();
}

export interface PreparationRow {
  order_id: number;
  pharmacy_id: number;
  prepared_by: number;
  prepared_by_name: string;
  at: number;
}

/** 配药 records (two-person check) of these orders. */
export function preparationsOf(db: Q, orderIds: number[]): Promise<PreparationRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  return db
    .selectFrom('dispense_preparations as x')
    .innerJoin('users as u', 'u.id', 'x.prepared_by')
    .innerJoin('staff as s', 's.id', 'u.staff_id')
    .select(['x.order_id', 'x.pharmacy_id', 'x.prepared_by', 's.name as prepared_by_name', 'x.at'])
    .where('x.order_id', 'in', orderIds)
    .execute();
}

export async function insertPreparation(
  db: Trx,
  v: { orderId: number; pharmacyId: number; userId: number; at: number },
): Promise<void> {
  await db
    .insertInto('dispense_preparations')
    .values({ order_id: v.orderId, pharmacy_id: v.pharmacyId, prepared_by: v.userId, at: v.at })
    .execute();
}
