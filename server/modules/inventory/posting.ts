// The posting engine (审核记账): inside the caller's ONE write transaction it turns a checked
// document into append-only stock moves, moving each lot's qty_on_hand by the same delta
// under the never-negative guard. Receipts and transfers find or create the receiving lot;
// a stock-take applies count − snapshot per lot so moves made while counting carry over;
// a reversal negates every move of the original. Any refusal throws, and the transaction
// rolls back: nothing is half-written.
import { DomainError, conflict, invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Trx } from '../../lib/uow.js';
import type { StockMoveReason } from '../../../db/schema.js';
import { applyMoves } from './ledger.js';
import * as repo from './repo.js';

/** An (item, location) whose stock a posting changed. */
export interface Touched {
  itemId: number;
  locationId: number;
}

export interface PostCtx {
  db: Trx;
  docId: number;
  userId: number;
  at: number;
}

function short(i: number, lotNo: string | null, onHand: number | null): DomainError {
  return new DomainError(
    422,
    'insufficient_stock',
    t(
      `第 ${i + 1} 行批号 ${lotNo ?? ''} 库存不足:现有 ${onHand ?? 0}`,
      `Line ${i + 1}: not enough stock in lot ${lotNo ?? ''}: ${onHand ?? 0} on hand`,
    ),
    `lines.${i}.quantity`,
  );
}

/** A lot as a plan names it: one that exists, or the k-th lot the posting creates. */
export type LotRef = { id: number } | { newLot: number };

export interface NewLot {
  itemId: number;
  locationId: number;
  lotNo: string;
  expiryDate: string;
  priceFen: number;
  manufacturer: string | null;
  approvalNo: string | null;
}

export interface PlannedMove {
  /** The document line it comes from (index), for a refusal naming it. */
  line: number;
  lot: LotRef;
  lotNo: string | null;
  itemId: number;
  locationId: number;
  delta: number;
  reason: StockMoveReason;
  /** The lot's expiry: whether the move changes the usable (non-expired) on hand. */
  expiryDate: string;
}

export interface LinesPlan {
  newLots: NewLot[];
  moves: PlannedMove[];
  /** Receipt lines get the lot they created or filled. */
  lineLots: Array<{ lineId: number; lot: LotRef; quantity: number }>;
  touched: Touched[];
}

/** A lot already at the receiving location, as the posting read it. */
export interface KnownLot {
  id: number;
  expiry_date: string;
  purchase_price_fen: number;
}

/**
 * What posting a checked receipt / transfer / return / loss / consumption writes (pure): the
 * moves per line (a transfer: out of its lot, into the receiving lot), the receiving lots to
 * create (same lot number, expiry and price; a transfer's keeps the source lot's manufacturer
 * and approval number), and a receipt line's lot. `receiving` holds the lots already at the
 * receiving location by `${itemId}\n${lotNo}`; a clash of expiry or price → 409 lot_clash naming
 * the line. A requisition moves nothing.
 */
export function planLines(
  doc: { type: string; locationId: number; counterpartId: number | null },
  stored: Array<{ id: number }>,
  lines: repo.NewLine[],
  receiving: ReadonlyMap<string, KnownLot>,
  sources: ReadonlyMap<number, { manufacturer: string | null; approval_no: string | null }>,
): LinesPlan {
  const plan: LinesPlan = { newLots: [], moves: [], lineLots: [], touched: [] };
  const known = new Map<string, { ref: LotRef; expiry: string; price: number }>();
  for (const [k, v] of receiving)
    known.set(k, { ref: { id: v.id }, expiry: v.expiry_date, price: v.purchase_price_fen });
  const lotFor = (lot: NewLot, i: number, field: string): LotRef => {
    const key = `${lot.itemId}\n${lot.lotNo}`;
    const found = known.get(key);
    if (!found) {
      plan.newLots.push(lot);
      const ref = { newLot: plan.newLots.length - 1 };
      known.set(key, { ref, expiry: lot.expiryDate, price: lot.priceFen });
      return ref;
    }
    if (found.expiry !== lot.expiryDate || found.price !== lot.priceFen) {
      throw conflict(
        'lot_clash',
        t(
          `第 ${i + 1} 行:批号 ${lot.lotNo} 的效期或进价与已有批次不同`,
          `Line ${i + 1}: lot ${lot.lotNo} exists with another expiry or price`,
        ),
        `lines.${i}.${field}`,
      );
    }
    return found.ref;
  };
  const move = (
    line: number,
    lot: LotRef,
    l: repo.NewLine,
    locationId: number,
    delta: number,
    reason: StockMoveReason,
  ) =>
    plan.moves.push({
      line,
      lot,
      lotNo: l.lotNo,
      itemId: l.itemId,
      locationId,
      delta,
      reason,
      expiryDate: l.expiryDate!,
    });

  for (const [i, l] of lines.entries()) {
    const q = l.quantity!;
    switch (doc.type) {
      case 'receipt': {
        const lot = lotFor(
          {
            itemId: l.itemId,
            locationId: doc.locationId,
            lotNo: l.lotNo!,
            expiryDate: l.expiryDate!,
            priceFen: l.purchasePriceFen!,
            manufacturer: l.manufacturer ?? null,
            approvalNo: l.approvalNo ?? null,
          },
          i,
          'lotNo',
        );
        move(i, lot, l, doc.locationId, q, 'receipt');
        plan.lineLots.push({ lineId: stored[i]!.id, lot, quantity: q });
        plan.touched.push({ itemId: l.itemId, locationId: doc.locationId });
        break;
      }
      case 'transfer': {
        const to = doc.counterpartId!;
        move(i, { id: l.lotId! }, l, doc.locationId, -q, 'transfer_out');
        const src = sources.get(l.lotId!);
        const lot = lotFor(
          {
            itemId: l.itemId,
            locationId: to,
            lotNo: l.lotNo!,
            expiryDate: l.expiryDate!,
            priceFen: l.purchasePriceFen!,
            manufacturer: src?.manufacturer ?? null,
            approvalNo: src?.approval_no ?? null,
          },
          i,
          'lotId',
        );
        move(i, lot, l, to, q, 'transfer_in');
        plan.touched.push({ itemId: l.itemId, locationId: doc.locationId }, { itemId: l.itemId, locationId: to });
        break;
      }
      case 'supplier_return':
      case 'loss':
      case 'consumption':
        move(i, { id: l.lotId! }, l, doc.locationId, -q, doc.type);
        plan.touched.push({ itemId: l.itemId, locationId: doc.locationId });
        break;
      case 'requisition':
        break;
      default:
        throw new Error(`postLines: unexpected type ${doc.type}`);
    }
  }
  return plan;
}

/** What a posting moved, for the stock figures after it (computed, not re-read). */
export interface Posted {
  touched: Touched[];
  moved: Array<{ itemId: number; locationId: number; delta: number; expiryDate: string; lot: LotRef }>;
}

/** Posts a checked receipt / transfer / return / loss / consumption: reads the lots, plans, applies. */
export async function postLines(
  c: PostCtx,
  doc: { type: string; locationId: number; counterpartId: number | null },
  stored: Array<{ id: number }>,
  lines: repo.NewLine[],
  /** The lots the posting's check already read in this transaction (rules.ts CheckedDoc). */
  known: { receiving?: Map<string, repo.LotRow>; sources?: Map<number, repo.LotRow> } = {},
): Promise<Posted> {
  const receivingAt = doc.type === 'receipt' ? doc.locationId : doc.type === 'transfer' ? doc.counterpartId! : null;
  const receiving =
    receivingAt === null
      ? new Map<string, repo.LotRow>()
      : doc.type === 'receipt' && known.receiving
        ? known.receiving
        : await repo.lotsByKeys(
            c.db,
            receivingAt,
            lines.map((l) => ({ itemId: l.itemId, lotNo: l.lotNo! })),
          );
  // A transfer's receiving lot keeps the source lot's manufacturer and approval number.
  const sources =
    doc.type === 'transfer'
      ? (known.sources ??
        (await repo.lotsByIds(
          c.db,
          lines.map((l) => l.lotId!).filter((x) => x !== null),
        )))
      : new Map<number, repo.LotRow>();
  const plan = planLines(doc, stored, lines, receiving, sources);
  await applyPlan(c, plan);
  return { touched: plan.touched, moved: plan.moves };
}

/** A document line as posting reads it (rawLines or linesOf rows: the counter's name and time are not needed). */
type RawLine = Omit<repo.RawLine, 'counted_by' | 'counted_at'>;

export interface StocktakePlan {
  newLots: NewLot[];
  moves: PlannedMove[];
  /** Every line gets its lot and its variance (count − snapshot). */
  lineLots: Array<{ lineId: number; lot: LotRef; quantity: number }>;
  touched: Touched[];
}

/**
 * What posting a stock-take writes (pure): each counted line moves its lot by counted − snapshot;
 * moves on the lot after the snapshot (`since`, by lot id) stay, so the new balance is counted +
 * moves since (refused 409 would_go_negative naming the line when that is below zero). A found
 * lot (a line without a lot) is the lot already there (`existing`, by `${itemId}\n${lotNo}`) or
 * a new one. An uncounted line → 422 naming it.
 */
export function planStocktake(
  locationId: number,
  lines: RawLine[],
  existing: ReadonlyMap<string, KnownLot>,
  since: ReadonlyMap<number, number>,
): StocktakePlan {
  const first = lines.findIndex((l) => l.counted_qty === null);
  if (first >= 0) {
    throw invalid(
      `lines.${first}.countedQty`,
      t(`第 ${first + 1} 行尚未盘点录入实盘数`, `Line ${first + 1} has not been counted yet`),
    );
  }
  const plan: StocktakePlan = { newLots: [], moves: [], lineLots: [], touched: [] };
  const known = new Map<string, { ref: LotRef; expiry: string; price: number }>();
  for (const [k, v] of existing)
    known.set(k, { ref: { id: v.id }, expiry: v.expiry_date, price: v.purchase_price_fen });
  const lots = lines.map((l, i): LotRef => {
    if (l.lot_id !== null) return { id: l.lot_id };
    const lot: NewLot = {
      itemId: l.item_id,
      locationId,
      lotNo: l.lot_no!,
      expiryDate: l.expiry_date!,
      priceFen: l.purchase_price_fen ?? 0,
      manufacturer: null,
      approvalNo: null,
    };
    const key = `${l.item_id}\n${l.lot_no}`;
    const found = known.get(key);
    if (!found) {
      plan.newLots.push(lot);
      const ref = { newLot: plan.newLots.length - 1 };
      known.set(key, { ref, expiry: lot.expiryDate, price: lot.priceFen });
      return ref;
    }
    if (found.expiry !== lot.expiryDate || found.price !== lot.priceFen) {
      throw conflict(
        'lot_clash',
        t(
          `第 ${i + 1} 行:批号 ${lot.lotNo} 的效期或进价与已有批次不同`,
          `Line ${i + 1}: lot ${lot.lotNo} exists with another expiry or price`,
        ),
        `lines.${i}.countedQty`,
      );
    }
    return found.ref;
  });
  for (const [i, l] of lines.entries()) {
    const lot = lots[i]!;
    const moved = 'id' in lot ? (since.get(lot.id) ?? 0) : 0;
    const variance = l.counted_qty! - (l.snapshot_qty ?? 0);
    if (l.counted_qty! + moved < 0) {
      throw conflict(
        'would_go_negative',
        t(
          `第 ${i + 1} 行批号 ${l.lot_no}:实盘 ${l.counted_qty},盘点开始后又发出 ${-moved},结存将为负,请复盘`,
          `Line ${i + 1}, lot ${l.lot_no}: counted ${l.counted_qty} but ${-moved} went out since the snapshot; ` +
            `the balance would be negative; count again`,
        ),
        `lines.${i}.countedQty`,
      );
    }
    if (variance !== 0) {
      plan.moves.push({
        line: i,
        lot,
        lotNo: l.lot_no,
        itemId: l.item_id,
        locationId,
        delta: variance,
        reason: 'stocktake',
        expiryDate: l.expiry_date ?? '',
      });
      plan.touched.push({ itemId: l.item_id, locationId });
    }
    plan.lineLots.push({ lineId: l.id, lot, quantity: variance });
  }
  return plan;
}

/** Applies a plan: creates its lots, moves them (guarded) with the ledger rows, sets the lines' lots. */
async function applyPlan(
  c: PostCtx,
  plan: { newLots: NewLot[]; moves: PlannedMove[]; lineLots: Array<{ lineId: number; lot: LotRef; quantity: number }> },
): Promise<void> {
  const created = await repo.insertLots(c.db, plan.newLots, c.at);
  const idOf = (r: LotRef) => ('id' in r ? r.id : created[r.newLot]!);
  await applyMoves(
    c.db,
    plan.moves.map((m) => ({
      lotId: idOf(m.lot),
      itemId: m.itemId,
      locationId: m.locationId,
      delta: m.delta,
      reason: m.reason,
      refType: 'stock_doc',
      refId: c.docId,
      reversesId: null,
      at: c.at,
      userId: c.userId,
    })),
    async (i) => {
      const m = plan.moves[i]!;
      const lot = (await repo.lotsByIds(c.db, [idOf(m.lot)])).get(idOf(m.lot));
      return short(m.line, m.lotNo, lot?.qty_on_hand ?? null);
    },
  );
  for (const u of plan.lineLots) await repo.setLineLotAndQty(c.db, u.lineId, idOf(u.lot), u.quantity);
}

/**
 * Posts a stock-take: reads the found lots and the moves since the snapshot, plans
 * (planStocktake), applies.
 */
export async function postStocktake(
  c: PostCtx,
  doc: { locationId: number; snapshotMoveId: number },
  lines: RawLine[],
): Promise<Touched[]> {
  const found = lines.filter((l) => l.lot_id === null && l.counted_qty !== null);
  const existing = await repo.lotsByKeys(
    c.db,
    doc.locationId,
    found.map((l) => ({ itemId: l.item_id, lotNo: l.lot_no! })),
  );
  const lotIds = [
    ...lines.flatMap((l) => (l.lot_id !== null ? [l.lot_id] : [])),
    ...[...existing.values()].map((l) => l.id),
  ];
  const since = await repo.movesSince(c.db, lotIds, doc.snapshotMoveId);
  const plan = planStocktake(doc.locationId, lines, existing, since);
  await applyPlan(c, plan);
  return plan.touched;
}

export interface ReversalMove {
  /** The document line it belongs to (index; 0 when none matches), for a refusal naming it. */
  line: number;
  lotId: number;
  lotNo: string;
  itemId: number;
  locationId: number;
  delta: number;
  reason: StockMoveReason;
  /** The move it undoes. */
  reversesId: number;
}

/**
 * A reversal (pure): every move of the original negated, taking stock back first (the only
 * moves that can fail), then giving it back.
 */
export function planReversal(
  moves: Array<{
    id: number;
    lot_id: number;
    item_id: number;
    location_id: number;
    qty_delta: number;
    reason: StockMoveReason;
  }>,
  lots: ReadonlyMap<number, { lot_no: string }>,
  lines: Array<{ item_id: number; lot_no: string | null }>,
): ReversalMove[] {
  const ordered = [...moves.filter((m) => m.qty_delta > 0), ...moves.filter((m) => m.qty_delta <= 0)];
  return ordered.map((m) => {
    const lotNo = lots.get(m.lot_id)!.lot_no;
    return {
      line: Math.max(
        0,
        lines.findIndex((l) => l.item_id === m.item_id && l.lot_no === lotNo),
      ),
      lotId: m.lot_id,
      lotNo,
      itemId: m.item_id,
      locationId: m.location_id,
      delta: -m.qty_delta,
      reason: m.reason,
      reversesId: m.id,
    };
  });
}

/** Negates every move of the original document (refused, naming the line, when the stock is gone). */
export async function postReversal(c: PostCtx, originalId: number, lines: RawLine[]): Promise<Touched[]> {
  const moves = await repo.movesOfDoc(c.db, originalId);
  const lots = await repo.lotsByIds(
    c.db,
    moves.map((m) => m.lot_id),
  );
  const plan = planReversal(moves, lots, lines);
  await applyMoves(
    c.db,
    plan.map((m) => ({
      lotId: m.lotId,
      itemId: m.itemId,
      locationId: m.locationId,
      delta: m.delta,
      reason: m.reason,
      refType: 'stock_doc',
      refId: c.docId,
      reversesId: m.reversesId,
      at: c.at,
      userId: c.userId,
    })),
    async (k) => {
      const m = plan[k]!;
      const now = (await repo.lotsByIds(c.db, [m.lotId])).get(m.lotId)!;
      return conflict(
        'stock_gone',
        t(
          `第 ${m.line + 1} 行批号 ${m.lotNo} 的库存已不足以冲销:需退回 ${-m.delta},现有 ${now.qty_on_hand}`,
          `Line ${m.line + 1}, lot ${m.lotNo}: the stock to take back is gone: ` +
            `needs ${-m.delta}, ${now.qty_on_hand} on hand`,
        ),
        `lines.${m.line}.quantity`,
      );
    },
  );
  return plan.map((m) => ({ itemId: m.itemId, locationId: m.locationId }));
}
