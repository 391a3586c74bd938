// Stock documents: the only Kysely queries of this module (documents, lines, lots, moves).
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { Database as DB, StockDocLinesTable, StockDocStatus, StockDocType } from '../../../db/schema.js';
import { prepared } from '../../../db/prepared.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export interface DeptRow {
  id: number;
  name: string;
  kind: string;
  active: number;
  role: string | null;
}

const findDeptQ = prepared((db, p: { id: number }) =>
  db
    .selectFrom('departments as d')
    .leftJoin('stock_locations as s', 's.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.kind', 'd.active', 's.role'])
    .where('d.id', '=', p.id),
);

export function findDept(db: Q, id: number): Promise<DeptRow | undefined> {
  return findDeptQ.first(db, { id });
}

export function findSupplier(
  db: Q,
  id: number,
): Promise<{ id: number; name: string; active: number; drug_licence_expires_on: string | null } | undefined> {
  return db
    .selectFrom('suppliers')
    .select(['id', 'name', 'active', 'drug_licence_expires_on'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface ItemRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  active: number;
  essential: number;
  price_fen: number;
  pack_size: number;
  unit: string;
  purchase_price_fen: number | null;
  manufacturer: string | null;
  approval_no: string | null;
  reorder_level: number;
}

const itemsByIdsQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('catalog_items')
    .select([
      'id',
      'code',
      'name',
      'kind',
      'active',
      'essential',
      'price_fen',
      'pack_size',
      'unit',
      'purchase_price_fen',
      'manufacturer',
      'approval_no',
      'reorder_level',
    ])
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

export async function itemsByIds(db: Q, ids: number[]): Promise<Map<number, ItemRow>> {
  if (!ids.length) return new Map();
  const uniq = [...new Set(ids)];
  const rows = await itemsByIdsQ(uniq.length).all(db, listParams('id', uniq));
  return new Map(rows.map((r) => [r.id, r]));
}

export interface LotRow {
  id: number;
  item_id: number;
  location_id: number;
  lot_no: string;
  expiry_date: string;
  purchase_price_fen: number;
  qty_on_hand: number;
  manufacturer: string | null;
  approval_no: string | null;
}

const LOT_COLS = [
  'id',
  'item_id',
  'location_id',
  'lot_no',
  'expiry_date',
  'purchase_price_fen',
  'qty_on_hand',
  'manufacturer',
  'approval_no',
] as const;

const lotsByIdsQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('stock_lots')
    .select(LOT_COLS)
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

export async function lotsByIds(db: Q, ids: number[]): Promise<Map<number, LotRow>> {
  if (!ids.length) return new Map();
  const uniq = [...new Set(ids)];
  const rows = await lotsByIdsQ(uniq.length).all(db, listParams('id', uniq));
  return new Map(rows.map((r) => [r.id, r]));
}

export function findLot(db: Q, itemId: number, locationId: number, lotNo: string): Promise<LotRow | undefined> {
  return db
    .selectFrom('stock_lots')
    .select(LOT_COLS)
    .where('item_id', '=', itemId)
    .where('location_id', '=', locationId)
    .where('lot_no', '=', lotNo)
    .executeTakeFirst();
}

export async function insertLot(
  db: Trx,
  v: {
    itemId: number;
    locationId: number;
    lotNo: string;
    expiryDate: string;
    priceFen: number;
    at: number;
    manufacturer?: string | null;
    approvalNo?: string | null;
  },
): Promise<number> {
  const r = await db
    .insertInto('stock_lots')
    .values({
      item_id: v.itemId,
      location_id: v.locationId,
      lot_no: v.lotNo,
      expiry_date: v.expiryDate,
      purchase_price_fen: v.priceFen,
      qty_on_hand: 0,
      created_at: v.at,
      manufacturer: v.manufacturer ?? null,
      approval_no: v.approvalNo ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** New lots (empty: stock comes in by moves) in one statement; their ids in input order. */
export async function insertLots(
  db: Trx,
  lots: Array<{
    itemId: number;
    locationId: number;
    lotNo: string;
    expiryDate: string;
    priceFen: number;
    manufacturer: string | null;
    approvalNo: string | null;
  }>,
  at: number,
): Promise<number[]> {
  if (!lots.length) return [];
  const rows = await db
    .insertInto('stock_lots')
    .values(
      lots.map((v) => ({
        item_id: v.itemId,
        location_id: v.locationId,
        lot_no: v.lotNo,
        expiry_date: v.expiryDate,
        purchase_price_fen: v.priceFen,
        qty_on_hand: 0,
        created_at: at,
        manufacturer: v.manufacturer,
        approval_no: v.approvalNo,
      })),
    )
    .returning('id')
    .execute();
  // Rowids are given in the order of the VALUES rows; RETURNING's own order is not promised.
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Lots at one location by (item, lot number), keyed `${itemId}\n${lotNo}`. */
export async function lotsByKeys(
  db: Q,
  locationId: number,
  keys: Array<{ itemId: number; lotNo: string }>,
): Promise<Map<string, LotRow>> {
  const out = new Map<string, LotRow>();
  if (!keys.length) return out;
  const rows = await lotsByKeysQ(keys.length).all(db, {
    locationId,
    ...listParams(
      'item',
      keys.map((k) => k.itemId),
    ),
    ...listParams(
      'lot',
      keys.map((k) => k.lotNo),
    ),
  });
  for (const r of rows) out.set(`${r.item_id}\n${r.lot_no}`, r);
  return out;
}

/** n keys: n item ids and n lot numbers (repeats are harmless in an `in` list). */
const lotsByKeysQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('stock_lots')
    .select(LOT_COLS)
    .where('location_id', '=', p.locationId as number)
    .where('item_id', 'in', listOf<number>(p, 'item', n))
    .where('lot_no', 'in', listOf<string>(p, 'lot', n)),
);

export function movesOfDoc(db: Q, docId: number) {
  return db
    .selectFrom('stock_moves')
    .select(['id', 'lot_id', 'item_id', 'location_id', 'qty_delta', 'reason'])
    .where('ref_type', '=', 'stock_doc')
    .where('ref_id', '=', docId)
    .orderBy('id')
    .execute();
}

/** Σ qty_delta of each lot's moves after `afterId` (stock-take carry-over). */
export async function movesSince(db: Q, lotIds: number[], afterId: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!lotIds.length) return out;
  const rows = await db
    .selectFrom('stock_moves')
    .select(['lot_id', sql<number>`sum(qty_delta)`.as('n')])
    .where('lot_id', 'in', [...new Set(lotIds)])
    .where('id', '>', afterId)
    .groupBy('lot_id')
    .execute();
  for (const r of rows) out.set(r.lot_id, Number(r.n));
  return out;
}

export async function maxMoveId(db: Q): Promise<number> {
  const r = await db
    .selectFrom('stock_moves')
    .select(sql<number>`coalesce(max(id), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The lots a stock-take freezes: every lot at the location with stock (optionally of one kind). */
export function snapshotLots(db: Q, locationId: number, kind: 'drug' | 'material' | null) {
  let q = db
    .selectFrom('stock_lots as l')
    .innerJoin('catalog_items as c', 'c.id', 'l.item_id')
    .select(['l.id', 'l.item_id', 'l.lot_no', 'l.expiry_date', 'l.purchase_price_fen', 'l.qty_on_hand'])
    .where('l.location_id', '=', locationId)
    .where('l.qty_on_hand', '>', 0);
  if (kind) q = q.where('c.kind', '=', kind);
  return q
    .orderBy('c.kind')
    .orderBy('c.pinyin_full')
    .orderBy('c.id')
    .orderBy('l.expiry_date')
    .orderBy('l.id')
    .execute();
}

/** The supplier of the posted receipt that brought this lot in (for a supplier return's default). */
export async function receiptSupplierOfLot(db: Q, lotId: number): Promise<number | null> {
  const r = await db
    .selectFrom('stock_doc_lines as l')
    .innerJoin('stock_docs as d', 'd.id', 'l.doc_id')
    .select('d.supplier_id')
    .where('l.lot_id', '=', lotId)
    .where('d.type', '=', 'receipt')
    .where('d.status', '=', 'posted')
    .where('d.reverses_id', 'is', null)
    .orderBy('d.id', 'desc')
    .executeTakeFirst();
  return r?.supplier_id ?? null;
}

// ---- documents ----

export interface DocRow {
  id: number;
  doc_no: string;
  type: StockDocType;
  status: StockDocStatus;
  location_id: number;
  location_name: string;
  counterpart_id: number | null;
  counterpart_name: string | null;
  supplier_id: number | null;
  supplier_name: string | null;
  supplier_invoice_no: string | null;
  reason: string | null;
  note: string | null;
  requisition_id: number | null;
  reverses_id: number | null;
  reversed_by_id: number | null;
  snapshot_move_id: number | null;
  snapshot_at: number | null;
  effective_at: number | null;
  blind: number;
  applied_at: number | null;
  revaluation_fen: number;
  created_by: number;
  created_by_name: string;
  created_at: number;
  posted_by: number | null;
  posted_by_name: string | null;
  posted_at: number | null;
  version: number;
  /** For a requisition: the posted, non-reversed transfer that filled it. */
  filled_by_id: number | null;
  filled_by_no: string | null;
}

type DocEb = ExpressionBuilder<DB & { d: DB['stock_docs'] }, 'd'>;

/**
 * The live (posted, not reversed, not itself a reversal) transfers filling requisition `d`: found
 * by stock_docs_requisition. The unary plus keeps SQLite off the unique reverses_id index (`is
 * null` there walked every document, twice per document shown) and the (type, status) index.
 */
function liveFillings(eb: DocEb) {
  return eb
    .selectFrom('stock_docs as f')
    .whereRef('f.requisition_id', '=', 'd.id')
    .where(sql`+f.type`, '=', 'transfer')
    .where(sql`+f.status`, '=', 'posted')
    .where(sql`+f.reverses_id`, 'is', null)
    .where((e) =>
      e.not(e.exists(e.selectFrom('stock_docs as fr').select('fr.id').whereRef('fr.reverses_id', '=', 'f.id'))),
    );
}

function docQuery(db: Q) {
  return db
    .selectFrom('stock_docs as d')
    .innerJoin('departments as loc', 'loc.id', 'd.location_id')
    .leftJoin('departments as cp', 'cp.id', 'd.counterpart_id')
    .leftJoin('suppliers as sup', 'sup.id', 'd.supplier_id')
    .innerJoin('users as cu', 'cu.id', 'd.created_by')
    .innerJoin('staff as cs', 'cs.id', 'cu.staff_id')
    .leftJoin('users as pu', 'pu.id', 'd.posted_by')
    .leftJoin('staff as ps', 'ps.id', 'pu.staff_id')
    .select([
      'd.id',
      'd.doc_no',
      'd.type',
      'd.status',
      'd.location_id',
      'loc.name as location_name',
      'd.counterpart_id',
      'cp.name as counterpart_name',
      'd.supplier_id',
      'sup.name as supplier_name',
      'd.supplier_invoice_no',
      'd.reason',
      'd.note',
      'd.requisition_id',
      'd.reverses_id',
      (eb) =>
        eb
          .selectFrom('stock_docs as r')
          .select('r.id')
          .whereRef('r.reverses_id', '=', 'd.id')
          .limit(1)
          .as('reversed_by_id'),
      'd.snapshot_move_id',
      'd.snapshot_at',
      'd.effective_at',
      'd.blind',
      (eb) =>
        eb
          .selectFrom('price_adjustment_applied as pa')
          .select('pa.applied_at')
          .whereRef('pa.doc_id', '=', 'd.id')
          .as('applied_at'),
      (eb) =>
        eb
          .selectFrom('stock_revaluations as rv')
          .select(sql<number>`coalesce(sum(rv.amount_fen), 0)`.as('n'))
          .whereRef('rv.doc_id', '=', 'd.id')
          .as('revaluation_fen'),
      'd.created_by',
      'cs.name as created_by_name',
      'd.created_at',
      'd.posted_by',
      'ps.name as posted_by_name',
      'd.posted_at',
      'd.version',
      (eb) => liveFillings(eb).select('f.id').orderBy('f.id').limit(1).as('filled_by_id'),
      (eb) => liveFillings(eb).select('f.doc_no').orderBy('f.id').limit(1).as('filled_by_no'),
    ]);
}

const findDocQ = prepared((db, p: { id: number }) => docQuery(db).where('d.id', '=', p.id));

export function findDoc(db: Q, id: number): Promise<DocRow | undefined> {
  return findDocQ.first(db, { id }) as Promise<DocRow | undefined>;
}

export interface DocFilter {
  locationId?: number | undefined;
  type?: StockDocType | undefined;
  status?: StockDocStatus | undefined;
  q?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** Posted requisitions no live transfer has filled (locationId then matches the counterpart only). */
  pending?: boolean | undefined;
  limit: number;
  offset: number;
}

/** Stock items matching a search box (bounded: the list filter uses their ids through stock_doc_lines_item). */
function matchingItemIds(db: Q, text: string): Promise<number[]> {
  return db
    .selectFrom('catalog_items as c')
    .select('c.id')
    .where('c.kind', 'in', ['drug', 'material'])
    .where(
      searchCondition(text, { contains: ['c.code', 'c.name'], initials: 'c.pinyin_initials', full: 'c.pinyin_full' }),
    )
    .limit(200)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

export async function listDocs(db: Q, f: DocFilter): Promise<{ rows: DocRow[]; total: number }> {
  let q = docQuery(db);
  if (f.pending) {
    q = q
      .where('d.type', '=', 'requisition')
      .where('d.status', '=', 'posted')
      .where((eb) => eb.not(eb.exists(liveFillings(eb).select('f.id'))));
    if (f.locationId !== undefined) q = q.where('d.counterpart_id', '=', f.locationId);
  } else if (f.locationId !== undefined) {
    const loc = f.locationId;
    q = q.where((eb) => eb.or([eb('d.location_id', '=', loc), eb('d.counterpart_id', '=', loc)]));
  }
  if (f.type) q = q.where('d.type', '=', f.type);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.fromMs !== undefined) q = q.where('d.created_at', '>=', f.fromMs);
  if (f.toMs !== undefined) q = q.where('d.created_at', '<', f.toMs);
  if (f.q) {
    const text = f.q;
    const itemIds = await matchingItemIds(db, text);
    q = q.where((eb) =>
      eb.or([
        searchCondition(text, {
          contains: ['d.doc_no', 'd.supplier_invoice_no', 'd.note', 'sup.name'],
          initials: 'sup.pinyin_initials',
          full: 'sup.pinyin_full',
        }),
        searchCondition(text, { contains: ['cp.name'], initials: 'cp.pinyin_initials', full: 'cp.pinyin_full' }),
        ...(itemIds.length
          ? [
              eb(
                'd.id',
                'in',
                eb.selectFrom('stock_doc_lines as sl').select('sl.doc_id').where('sl.item_id', 'in', itemIds),
              ),
            ]
          : []),
      ]),
    );
  }
  const total = await q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = (await q
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute()) as DocRow[];
  return { rows, total: Number(total.n) };
}

export interface LineRow {
  id: number;
  doc_id: number;
  line_no: number;
  item_id: number;
  item_code: string;
  item_name: string;
  spec: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  lot_id: number | null;
  lot_no: string | null;
  expiry_date: string | null;
  purchase_price_fen: number | null;
  quantity: number | null;
  snapshot_qty: number | null;
  counted_qty: number | null;
  reason: string | null;
  on_hand: number | null;
  old_price_fen: number | null;
  new_price_fen: number | null;
  manufacturer: string | null;
  approval_no: string | null;
}

function linesQuery(db: Q) {
  return db
    .selectFrom('stock_doc_lines as l')
    .innerJoin('catalog_items as c', 'c.id', 'l.item_id')
    .leftJoin('stock_lots as s', 's.id', 'l.lot_id')
    .select([
      'l.id',
      'l.doc_id',
      'l.line_no',
      'l.item_id',
      'c.code as item_code',
      'c.name as item_name',
      'c.spec',
      'c.unit',
      'c.pack_unit',
      'c.pack_size',
      'l.lot_id',
      'l.lot_no',
      'l.expiry_date',
      'l.purchase_price_fen',
      'l.quantity',
      'l.snapshot_qty',
      'l.counted_qty',
      'l.reason',
      's.qty_on_hand as on_hand',
      'l.old_price_fen',
      'l.new_price_fen',
      'l.manufacturer',
      'l.approval_no',
    ]);
}

const linesOfOneQ = prepared((db, p: { docId: number }) =>
  linesQuery(db).where('l.doc_id', '=', p.docId).orderBy('l.line_no'),
);

export function linesOf(db: Q, docIds: number[]): Promise<LineRow[]> {
  if (!docIds.length) return Promise.resolve([]);
  if (docIds.length === 1) return linesOfOneQ.all(db, { docId: docIds[0]! });
  return linesQuery(db).where('l.doc_id', 'in', docIds).orderBy('l.doc_id').orderBy('l.line_no').execute();
}

export interface NewDoc {
  docNo: string;
  type: StockDocType;
  status: StockDocStatus;
  locationId: number;
  counterpartId: number | null;
  supplierId: number | null;
  supplierInvoiceNo: string | null;
  reason: string | null;
  note: string | null;
  requisitionId: number | null;
  reversesId: number | null;
  snapshotMoveId: number | null;
  snapshotAt: number | null;
  effectiveAt?: number | null;
  blind?: boolean;
  userId: number;
  at: number;
}

export async function insertDoc(db: Trx, v: NewDoc): Promise<number> {
  const posted = v.status === 'posted';
  const r = await db
    .insertInto('stock_docs')
    .values({
      doc_no: v.docNo,
      type: v.type,
      status: v.status,
      location_id: v.locationId,
      counterpart_id: v.counterpartId,
      supplier_id: v.supplierId,
      supplier_invoice_no: v.supplierInvoiceNo,
      reason: v.reason,
      note: v.note,
      requisition_id: v.requisitionId,
      reverses_id: v.reversesId,
      snapshot_move_id: v.snapshotMoveId,
      snapshot_at: v.snapshotAt,
      effective_at: v.effectiveAt ?? null,
      blind: v.blind ? 1 : 0,
      created_by: v.userId,
      created_at: v.at,
      posted_by: posted ? v.userId : null,
      posted_at: posted ? v.at : null,
      updated_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDocHeader(
  db: Trx,
  id: number,
  v: {
    counterpartId: number | null;
    supplierId: number | null;
    supplierInvoiceNo: string | null;
    reason: string | null;
    note: string | null;
    effectiveAt?: number | null;
    at: number;
  },
): Promise<void> {
  await db
    .updateTable('stock_docs')
    .set((eb) => ({
      effective_at: v.effectiveAt ?? null,
      counterpart_id: v.counterpartId,
      supplier_id: v.supplierId,
      supplier_invoice_no: v.supplierInvoiceNo,
      reason: v.reason,
      note: v.note,
      updated_at: v.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function bumpVersion(db: Trx, id: number, at: number): Promise<void> {
  await db
    .updateTable('stock_docs')
    .set((eb) => ({ updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

const setPostedQ = prepared((db, p: { id: number; userId: number; at: number }) =>
  db
    .updateTable('stock_docs')
    .set((eb) => ({
      status: 'posted' as const,
      updated_at: p.at,
      version: eb('version', '+', 1),
      posted_by: p.userId,
      posted_at: p.at,
    }))
    .where('id', '=', p.id)
    .where('status', '=', 'draft'),
);

export async function setStatus(
  db: Trx,
  id: number,
  status: 'posted' | 'cancelled',
  userId: number,
  at: number,
): Promise<void> {
  if (status === 'posted') {
    await setPostedQ.run(db, { id, userId, at });
    return;
  }
  await db
    .updateTable('stock_docs')
    .set((eb) => ({
      status,
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export interface NewLine {
  itemId: number;
  lotId: number | null;
  lotNo: string | null;
  expiryDate: string | null;
  purchasePriceFen: number | null;
  quantity: number | null;
  snapshotQty?: number | null;
  countedQty?: number | null;
  countedBy?: number | null;
  countedAt?: number | null;
  reason: string | null;
  oldPriceFen?: number | null;
  newPriceFen?: number | null;
  manufacturer?: string | null;
  approvalNo?: string | null;
}

export async function insertLines(db: Trx, docId: number, lines: NewLine[], firstLineNo = 1): Promise<void> {
  for (const [i, l] of lines.entries()) {
    await db
      .insertInto('stock_doc_lines')
      .values({
        doc_id: docId,
        line_no: firstLineNo + i,
        item_id: l.itemId,
        lot_id: l.lotId,
        lot_no: l.lotNo,
        expiry_date: l.expiryDate,
        purchase_price_fen: l.purchasePriceFen,
        quantity: l.quantity,
        snapshot_qty: l.snapshotQty ?? null,
        counted_qty: l.countedQty ?? null,
        counted_by: l.countedBy ?? null,
        counted_at: l.countedAt ?? null,
        reason: l.reason,
        old_price_fen: l.oldPriceFen ?? null,
        new_price_fen: l.newPriceFen ?? null,
        manufacturer: l.manufacturer ?? null,
        approval_no: l.approvalNo ?? null,
      })
      .execute();
  }
}

export async function deleteLines(db: Trx, docId: number): Promise<void> {
  await db.deleteFrom('stock_doc_lines').where('doc_id', '=', docId).execute();
}

export async function setLineLotAndQty(db: Trx, lineId: number, lotId: number, quantity: number | null): Promise<void> {
  await db.updateTable('stock_doc_lines').set({ lot_id: lotId, quantity }).where('id', '=', lineId).execute();
}

export async function setCount(db: Trx, lineId: number, countedQty: number, userId: number, at: number): Promise<void> {
  await db
    .updateTable('stock_doc_lines')
    .set({ counted_qty: countedQty, counted_by: userId, counted_at: at })
    .where('id', '=', lineId)
    .execute();
}

const rawLinesQ = prepared((db, p: { docId: number }) =>
  db.selectFrom('stock_doc_lines').selectAll().where('doc_id', '=', p.docId).orderBy('line_no'),
);

export type RawLine = Selectable<StockDocLinesTable>;

export async function rawLines(db: Q, docId: number): Promise<RawLine[]> {
  return rawLinesQ.all(db, { docId });
}

export async function openStocktake(db: Q, locationId: number): Promise<{ id: number; doc_no: string } | undefined> {
  return db
    .selectFrom('stock_docs')
    .select(['id', 'doc_no'])
    .where('location_id', '=', locationId)
    .where('type', '=', 'stocktake')
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

/** A posted transfer that filled this requisition (other than `exceptId`). */
export function transferFilling(
  db: Q,
  requisitionId: number,
  exceptId: number | null,
): Promise<{ id: number; doc_no: string } | undefined> {
  let q = db
    .selectFrom('stock_docs as d')
    .select(['d.id', 'd.doc_no'])
    .where('d.requisition_id', '=', requisitionId)
    .where('d.type', '=', 'transfer')
    .where('d.status', '=', 'posted')
    .where('d.reverses_id', 'is', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('stock_docs as r').select('r.id').whereRef('r.reverses_id', '=', 'd.id'))),
    );
  if (exceptId !== null) q = q.where('d.id', '<>', exceptId);
  return q.executeTakeFirst();
}

export interface LotViewRow {
  id: number;
  item_id: number;
  item_code: string;
  item_name: string;
  spec: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  lot_no: string;
  expiry_date: string;
  purchase_price_fen: number;
  qty_on_hand: number;
  manufacturer: string | null;
  approval_no: string | null;
}

export function lots(
  db: Q,
  f: {
    locationId: number;
    itemId?: number | undefined;
    q?: string | undefined;
    includeEmpty: boolean;
    includeExpired: boolean;
    today: string;
  },
): Promise<LotViewRow[]> {
  let q = db
    .selectFrom('stock_lots as l')
    .innerJoin('catalog_items as c', 'c.id', 'l.item_id')
    .select([
      'l.id',
      'l.item_id',
      'c.code as item_code',
      'c.name as item_name',
      'c.spec',
      'c.unit',
      'c.pack_unit',
      'c.pack_size',
      'l.lot_no',
      'l.expiry_date',
      'l.purchase_price_fen',
      'l.qty_on_hand',
      'l.manufacturer',
      'l.approval_no',
    ])
    .where('l.location_id', '=', f.locationId);
  if (f.itemId !== undefined) q = q.where('l.item_id', '=', f.itemId);
  if (!f.includeEmpty) q = q.where('l.qty_on_hand', '>', 0);
  if (!f.includeExpired) q = q.where('l.expiry_date', '>=', f.today);
  if (f.q)
    q = q.where(
      searchCondition(f.q, {
        contains: ['c.code', 'c.name', 'l.lot_no'],
        initials: 'c.pinyin_initials',
        full: 'c.pinyin_full',
      }),
    );
  return q.orderBy('l.expiry_date').orderBy('l.id').limit(1000).execute();
}

// ---- price adjustments (调价) ----

/** Posted price adjustments not applied yet, due at `now` (effective_at <= now), oldest first. */
const dueQ = prepared((db, p: { now: number }) =>
  db
    .selectFrom('stock_docs as d')
    .select('d.id')
    .where('d.type', '=', 'price_adjustment')
    .where('d.status', '=', 'posted')
    .where('d.effective_at', '<=', p.now)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('price_adjustment_applied as pa').select('pa.doc_id').whereRef('pa.doc_id', '=', 'd.id'),
        ),
      ),
    )
    .where('d.reverses_id', 'is', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('stock_docs as r').select('r.id').whereRef('r.reverses_id', '=', 'd.id'))),
    )
    .orderBy('d.effective_at')
    .orderBy('d.id'),
);

export function duePriceAdjustments(db: Q, now: number): Promise<Array<{ id: number }>> {
  return dueQ.all(db, { now });
}

/** A posted, not yet applied price adjustment (other than `exceptId`) with a line for one of these items. */
export function pendingAdjustmentFor(
  db: Q,
  itemIds: number[],
  exceptId: number | null,
): Promise<{ id: number; doc_no: string; item_id: number } | undefined> {
  if (!itemIds.length) return Promise.resolve(undefined);
  let q = db
    .selectFrom('stock_docs as d')
    .innerJoin('stock_doc_lines as l', 'l.doc_id', 'd.id')
    .select(['d.id', 'd.doc_no', 'l.item_id'])
    .where('d.type', '=', 'price_adjustment')
    .where('d.status', '=', 'posted')
    .where('l.item_id', 'in', [...new Set(itemIds)])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('price_adjustment_applied as pa').select('pa.doc_id').whereRef('pa.doc_id', '=', 'd.id'),
        ),
      ),
    )
    .where('d.reverses_id', 'is', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('stock_docs as r').select('r.id').whereRef('r.reverses_id', '=', 'd.id'))),
    );
  if (exceptId !== null) q = q.where('d.id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** Every lot of an item at every location (the lots a price adjustment revalues). */
export function lotsOfItems(db: Q, itemIds: number[]): Promise<LotRow[]> {
  if (!itemIds.length) return Promise.resolve([]);
  return db
    .selectFrom('stock_lots')
    .select(LOT_COLS)
    .where('item_id', 'in', [...new Set(itemIds)])
    .orderBy('id')
    .execute();
}

export async function setLotPrice(db: Trx, lotId: number, priceFen: number): Promise<void> {
  await db.updateTable('stock_lots').set({ purchase_price_fen: priceFen }).where('id', '=', lotId).execute();
}

export async function insertRevaluations(
  db: Trx,
  rows: Array<{
    lotId: number;
    itemId: number;
    locationId: number;
    docId: number;
    qty: number;
    oldPriceFen: number;
    newPriceFen: number;
    amountFen: number;
    at: number;
    userId: number | null;
  }>,
): Promise<void> {
  for (let k = 0; k < rows.length; k += 500) {
    await db
      .insertInto('stock_revaluations')
      .values(
        rows.slice(k, k + 500).map((r) => ({
          lot_id: r.lotId,
          item_id: r.itemId,
          location_id: r.locationId,
          doc_id: r.docId,
          qty: r.qty,
          old_price_fen: r.oldPriceFen,
          new_price_fen: r.newPriceFen,
          amount_fen: r.amountFen,
          at: r.at,
          user_id: r.userId,
        })),
      )
      .execute();
  }
}

export async function markApplied(db: Trx, docId: number, at: number, userId: number | null): Promise<void> {
  await db
    .insertInto('price_adjustment_applied')
    .values({ doc_id: docId, applied_at: at, applied_by: userId })
    .execute();
}
