// Stock reports: the only Kysely queries of this module. Reports only read stock_lots,
// stock_moves, stock_docs and the dictionary; they never write.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { MoveReason } from './schema.js';

type Q = Db | Trx;

export interface LocationRow {
  id: number;
  name: string;
}

/** A stock location: a store or pharmacy department. */
export async function findLocation(db: Q, id: number): Promise<(LocationRow & { kind: string }) | undefined> {
  return db.selectFrom('departments').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}

/** Every store and pharmacy department (active or not: old stock still counts). */
export async function stockLocations(db: Q): Promise<LocationRow[]> {
  return db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('kind', 'in', ['store', 'pharmacy'])
    .orderBy('id')
    .execute();
}

export interface ItemRow {
  id: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  kind: string;
}

export async function findItem(db: Q, id: number): Promise<ItemRow | undefined> {
  return db
    .selectFrom('catalog_items')
    .select(['id', 'code', 'name', 'spec', 'unit', 'pack_unit', 'pack_size', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

function lotBase(db: Q) {
  return db
    .selectFrom('stock_lots as l')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .innerJoin('departments as d', 'd.id', 'l.location_id')
    .select([
      'l.id as lot_id',
      'l.location_id',
      'd.name as location_name',
      'l.item_id',
      'i.code as item_code',
      'i.name as item_name',
      'i.spec',
      'i.unit',
      'i.pack_unit',
      'i.pack_size',
      'l.lot_no',
      'l.expiry_date',
      'l.qty_on_hand',
      'l.purchase_price_fen',
    ])
    .where('l.qty_on_hand', '>', 0);
}

export type LotDbRow = Awaited<ReturnType<ReturnType<typeof lotBase>['executeTakeFirstOrThrow']>>;

/** Lots with stock, by location, item code, expiry. */
export async function lotsOnHand(
  db: Q,
  f: {
    locationId?: number | undefined;
    kind?: string | undefined;
    drugClass?: string | undefined;
    q?: string | undefined;
    notExpiredOn?: string | undefined;
  },
): Promise<LotDbRow[]> {
  let q = lotBase(db);
  if (f.locationId) q = q.where('l.location_id', '=', f.locationId);
  if (f.kind) q = q.where('i.kind', '=', f.kind as 'drug');
  if (f.drugClass) q = q.where('i.drug_class', '=', f.drugClass as 'western');
  if (f.q)
    q = q.where(
      searchCondition(f.q, {
        contains: ['i.code', 'i.name', 'i.trade_name'],
        initials: 'i.pinyin_initials',
        full: 'i.pinyin_full',
      }),
    );
  if (f.notExpiredOn) q = q.where('l.expiry_date', '>=', f.notExpiredOn);
  return q.orderBy('d.name').orderBy('i.code').orderBy('l.expiry_date').orderBy('l.id').execute();
}

/** Lots with stock whose expiry is before `until` (expired and near-expiry candidates). */
export async function lotsExpiringBefore(db: Q, until: string, locationId?: number): Promise<LotDbRow[]> {
  let q = lotBase(db).where('l.expiry_date', '<', until);
  if (locationId) q = q.where('l.location_id', '=', locationId);
  return q.orderBy('l.expiry_date').orderBy('d.name').orderBy('i.code').execute();
}

/**
 * (item, location) pairs whose non-expired on hand is below the item's reorder level (> 0), for locations that stock
 * the item.
 */
export async function belowReorder(db: Q, today: string, locationId?: number) {
  let q = db
    .selectFrom('stock_lots as l')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .innerJoin('departments as d', 'd.id', 'l.location_id')
    .select([
      'l.location_id',
      'd.name as location_name',
      'i.id as item_id',
      'i.code as item_code',
      'i.name as item_name',
      'i.spec',
      'i.unit',
      'i.reorder_level',
      sql<number>`coalesce(sum(case when l.expiry_date >= ${today} then l.qty_on_hand else 0 end), 0)`.as('on_hand'),
    ])
    .where('i.reorder_level', '>', 0)
    .where('i.active', '=', 1)
    .groupBy(['l.location_id', 'i.id'])
    .having(
      sql<boolean>`coalesce(sum(case when l.expiry_date >= ${today} then l.qty_on_hand else 0 end), 0) <
        i.reorder_level`,
    );
  if (locationId) q = q.where('l.location_id', '=', locationId);
  return q.orderBy('d.name').orderBy('i.code').execute();
}

// ---- Ledger (one item) ----

export interface LotPrice {
  lot_id: number;
  location_id: number;
  lot_no: string;
  expiry_date: string;
  purchase_price_fen: number;
}

export async function lotsOfItem(db: Q, itemId: number, locationId: number | null): Promise<LotPrice[]> {
  let q = db
    .selectFrom('stock_lots')
    .select(['id as lot_id', 'location_id', 'lot_no', 'expiry_date', 'purchase_price_fen'])
    .where('item_id', '=', itemId);
  if (locationId !== null) q = q.where('location_id', '=', locationId);
  return q.execute();
}

/** Σ moves per lot of an item before `before` (epoch ms). */
export async function itemBalancesBefore(
  db: Q,
  itemId: number,
  locationId: number | null,
  before: number,
): Promise<Array<{ lot_id: number; qty: number }>> {
  let q = db
    .selectFrom('stock_moves')
    .select(['lot_id', sql<number>`sum(qty_delta)`.as('qty')])
    .where('item_id', '=', itemId)
    .where('at', '<', before)
    .groupBy('lot_id');
  if (locationId !== null) q = q.where('location_id', '=', locationId);
  return q.execute();
}

export interface MoveRow {
  id: number;
  at: number;
  lot_id: number;
  location_id: number;
  location_name: string;
  qty_delta: number;
  reason: MoveReason;
  ref_type: string | null;
  ref_id: number | null;
  doc_no: string | null;
  order_id: number | null;
  lot_no: string;
  expiry_date: string;
}

/** An item's moves in [start, end), in order. */
export async function itemMoves(
  db: Q,
  itemId: number,
  locationId: number | null,
  start: number,
  end: number,
): Promise<MoveRow[]> {
  let q = db
    .selectFrom('stock_moves as m')
    .innerJoin('stock_lots as l', 'l.id', 'm.lot_id')
    .innerJoin('departments as d', 'd.id', 'm.location_id')
    .leftJoin('stock_docs as sd', (j) => j.onRef('sd.id', '=', 'm.ref_id').on('m.ref_type', '=', 'stock_doc'))
    .leftJoin('dispensations as ds', (j) => j.onRef('ds.id', '=', 'm.ref_id').on('m.ref_type', '=', 'dispensation'))
    .select([
      'm.id',
      'm.at',
      'm.lot_id',
      'm.location_id',
      'd.name as location_name',
      'm.qty_delta',
      'm.reason',
      'm.ref_type',
      'm.ref_id',
      'sd.doc_no',
      'ds.order_id',
      'l.lot_no',
      'l.expiry_date',
    ])
    .where('m.item_id', '=', itemId)
    .where('m.at', '>=', start)
    .where('m.at', '<', end);
  if (locationId !== null) q = q.where('m.location_id', '=', locationId);
  return q.orderBy('m.at').orderBy('m.id').execute() as Promise<MoveRow[]>;
}

// ---- Monthly report (one location) ----

export interface MonthLotRow {
  lot_id: number;
  opening: number;
  purchase_price_fen: number;
  pack_size: number;
  kind: string;
  drug_class: string | null;
  item_id: number;
  item_code: string;
  item_name: string;
  spec: string | null;
  unit: string;
}

/**
 * The location's lots that matter for the period [start, end) — first moved before its end,
 * and holding stock now or moved since its start — with their opening balance
 * (qty_on_hand − Σ the lot's moves since start; the balance is the sum of the lot's moves).
 * Each lot costs a few seeks in stock_moves_lot_at(lot_id, at, qty_delta) (migration 094), so
 * the cost follows the lots, not the years of moves behind them.
 */
export async function periodLots(db: Q, locationId: number, start: number, end: number): Promise<MonthLotRow[]> {
  const r = await sql<MonthLotRow>`
    SELECT l.id AS lot_id, l.purchase_price_fen, i.pack_size, i.kind, i.drug_class,
      i.id AS item_id, i.code AS item_code, i.name AS item_name, i.spec, i.unit,
      l.qty_on_hand - (SELECT coalesce(sum(m.qty_delta), 0) FROM stock_moves m WHERE m.lot_id = l.id AND m.at >=
        ${start}) AS opening
    FROM stock_lots l JOIN catalog_items i ON i.id = l.item_id
    WHERE l.location_id = ${locationId}
      AND (SELECT min(m.at) FROM stock_moves m WHERE m.lot_id = l.id) < ${end}
      AND (l.qty_on_hand <> 0 OR (SELECT max(m.at) FROM stock_moves m WHERE m.lot_id = l.id) >= ${start})`.execute(db);
  return r.rows;
}

/** The location's moves in [start, end) summed per lot, reason and direction. */
export async function periodSums(
  db: Q,
  locationId: number,
  start: number,
  end: number,
): Promise<Array<{ lot_id: number; reason: MoveReason; gain: number; qty: number }>> {
  return db
    .selectFrom('stock_moves')
    .select(['lot_id', 'reason', sql<number>`qty_delta > 0`.as('gain'), sql<number>`sum(qty_delta)`.as('qty')])
    .where('location_id', '=', locationId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .groupBy(['lot_id', 'reason', sql`qty_delta > 0`])
    .execute() as Promise<Array<{ lot_id: number; reason: MoveReason; gain: number; qty: number }>>;
}

// ---- Revaluations (调价, migration 160) ----

export interface RevaluationRow {
  id: number;
  lot_id: number;
  location_id: number;
  location_name: string;
  qty: number;
  old_price_fen: number;
  new_price_fen: number;
  amount_fen: number;
  at: number;
  doc_no: string;
  lot_no: string;
  expiry_date: string;
}

/** An item's revaluations from `from` on (at one location or all), oldest first. */
export function itemRevaluations(
  db: Q,
  itemId: number,
  locationId: number | null,
  from: number,
): Promise<RevaluationRow[]> {
  let q = db
    .selectFrom('stock_revaluations as r')
    .innerJoin('stock_docs as d', 'd.id', 'r.doc_id')
    .innerJoin('stock_lots as l', 'l.id', 'r.lot_id')
    .innerJoin('departments as dp', 'dp.id', 'r.location_id')
    .select([
      'r.id',
      'r.lot_id',
      'r.location_id',
      'dp.name as location_name',
      'r.qty',
      'r.old_price_fen',
      'r.new_price_fen',
      'r.amount_fen',
      'r.at',
      'd.doc_no',
      'l.lot_no',
      'l.expiry_date',
    ])
    .where('r.item_id', '=', itemId)
    .where('r.at', '>=', from);
  if (locationId !== null) q = q.where('r.location_id', '=', locationId);
  return q.orderBy('r.at').orderBy('r.id').execute();
}

/** A location's revaluations from `from` on, oldest first. */
export function locationRevaluations(
  db: Q,
  locationId: number,
  from: number,
): Promise<Array<{ lot_id: number; at: number; old_price_fen: number; amount_fen: number }>> {
  return db
    .selectFrom('stock_revaluations')
    .select(['lot_id', 'at', 'old_price_fen', 'amount_fen'])
    .where('location_id', '=', locationId)
    .where('at', '>=', from)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The moves of some lots in [start, end) (the lots revalued within a period, valued move by move). */
export async function lotMoves(
  db: Q,
  lotIds: number[],
  start: number,
  end: number,
): Promise<Array<{ lot_id: number; at: number; reason: MoveReason; qty_delta: number }>> {
  if (!lotIds.length) return [];
  return db
    .selectFrom('stock_moves')
    .select(['lot_id', 'at', 'reason', 'qty_delta'])
    .where('lot_id', 'in', lotIds)
    .where('at', '>=', start)
    .where('at', '<', end)
    .execute() as Promise<Array<{ lot_id: number; at: number; reason: MoveReason; qty_delta: number }>>;
}
