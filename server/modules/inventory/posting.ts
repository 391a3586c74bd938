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
import { appendMoves, applyMoves, moveLot, type StockMove } from './ledger.js';
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

/**
 * A posting's ledger: each move updates its lot at once (guarded, so a shortage is found on
 * the line that causes it) and its stock_moves row is queued; flush() appends the rows in one
 * statement before the transaction ends, so balance and ledger commit together.
 */
class Ledger {
  private rows: StockMove[] = [];
  /** Lots at a location by item and lot number, looked up once per posting. */
  private lots = new Map<string, repo.LotRow | { id: number; expiry_date: string; purchase_price_fen: number }>();

  constructor(readonly c: PostCtx) {}

  /** The lot (item, location, lot number), created when missing; a clash of expiry or price → 409 naming the line. */
  async lotFor(
    itemId: number,
    locationId: number,
    l: { lotNo: string; expiryDate: string; price: number; manufacturer?: string | null; approvalNo?: string | null },
    i: number,
    field = 'lotNo',
  ): Promise<number> {
    const key = `${locationId}\n${itemId}\n${l.lotNo}`;
    let found = this.lots.get(key);
    if (!found) {
      const row = await repo.findLot(this.c.db, itemId, locationId, l.lotNo);
      if (row) found = row;
    }
    if (!found) {
      const id = await repo.insertLot(this.c.db, {
        itemId,
        locationId,
        lotNo: l.lotNo,
        expiryDate: l.expiryDate,
        priceFen: l.price,
        at: this.c.at,
        manufacturer: l.manufacturer ?? null,
        approvalNo: l.approvalNo ?? null,
      });
      this.lots.set(key, { id, expiry_date: l.expiryDate, purchase_price_fen: l.price });
      return id;
    }
    if (found.expiry_date !== l.expiryDate || found.purchase_price_fen !== l.price) {
      throw conflict(
        'lot_clash',
        t(
          `第 ${i + 1} 行:批号 ${l.lotNo} 的效期或进价与已有批次不同`,
          `Line ${i + 1}: lot ${l.lotNo} exists with another expiry or price`,
        ),
        `lines.${i}.${field}`,
      );
    }
    this.lots.set(key, found);
    return found.id;
  }

  /** Moves the lot now; false when it would go negative (nothing queued then). */
  async tryMove(
    lotId: number,
    itemId: number,
    locationId: number,
    delta: number,
    reason: StockMoveReason,
    reversesId: number | null = null,
  ): Promise<boolean> {
    if (!(await moveLot(this.c.db, lotId, delta))) return false;
    this.rows.push({
      lotId,
      itemId,
      locationId,
      delta,
      reason,
      refType: 'stock_doc',
      refId: this.c.docId,
      reversesId,
      at: this.c.at,
      userId: this.c.userId,
    });
    return true;
  }

  async move(
    lotId: number,
    itemId: number,
    locationId: number,
    delta: number,
    reason: StockMoveReason,
    i: number,
    lotNo: string | null,
  ): Promise<void> {
    if (await this.tryMove(lotId, itemId, locationId, delta, reason)) return;
    const lot = (await repo.lotsByIds(this.c.db, [lotId])).get(lotId);
    throw short(i, lotNo, lot?.qty_on_hand ?? null);
  }

  flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    return appendMoves(this.c.db, rows);
  }
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
  moved: Array<{ itemId: number; locationId: number; delta: number; expiryDate: string }>;
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
  return { touched: plan.touched, moved: plan.moves };
}

/**
 * Posts a stock-take: each counted line moves its lot by counted − snapshot; moves on the lot
 * after the snapshot stay, so the new balance is counted + (moves since). Found lots (added
 * lines) are created when they do not exist yet.
 */
export async function postStocktake(
  c: PostCtx,
  doc: { locationId: number; snapshotMoveId: number },
  lines: Awaited<ReturnType<typeof repo.rawLines>>,
): Promise<Touched[]> {
  const first = lines.findIndex((l) => l.counted_qty === null);
  if (first >= 0) {
    throw invalid(
      `lines.${first}.countedQty`,
      t(`第 ${first + 1} 行尚未盘点录入实盘数`, `Line ${first + 1} has not been counted yet`),
    );
  }
  const ledger = new Ledger(c);
  const lotIds: number[] = [];
  for (const [i, l] of lines.entries()) {
    lotIds.push(
      l.lot_id ??
        (await ledger.lotFor(
          l.item_id,
          doc.locationId,
          { lotNo: l.lot_no!, expiryDate: l.expiry_date!, price: l.purchase_price_fen ?? 0 },
          i,
          'countedQty',
        )),
    );
  }
  const since = await repo.movesSince(c.db, lotIds, doc.snapshotMoveId);
  const touched: Touched[] = [];
  for (const [i, l] of lines.entries()) {
    const lotId = lotIds[i]!;
    const variance = l.counted_qty! - (l.snapshot_qty ?? 0);
    const balance = l.counted_qty! + (since.get(lotId) ?? 0);
    if (balance < 0) {
      throw conflict(
        'would_go_negative',
        t(
          `第 ${i + 1} 行批号 ${l.lot_no}:实盘 ${l.counted_qty},盘点开始后又发出 ${-(since.get(lotId) ?? 0)},结存将为负,请复盘`,
          `Line ${i + 1}, lot ${l.lot_no}: counted ${l.counted_qty} but ${-(since.get(lotId) ?? 0)} went out since the snapshot; the balance would be negative; count again`,
        ),
        `lines.${i}.countedQty`,
      );
    }
    if (variance !== 0) {
      await ledger.move(lotId, l.item_id, doc.locationId, variance, 'stocktake', i, l.lot_no);
      touched.push({ itemId: l.item_id, locationId: doc.locationId });
    }
    await repo.setLineLotAndQty(c.db, l.id, lotId, variance);
  }
  await ledger.flush();
  return touched;
}

/** Negates every move of the original document (refused, naming the line, when the stock is gone). */
export async function postReversal(
  c: PostCtx,
  originalId: number,
  lines: Awaited<ReturnType<typeof repo.rawLines>>,
): Promise<Touched[]> {
  const moves = await repo.movesOfDoc(c.db, originalId);
  const lots = await repo.lotsByIds(
    c.db,
    moves.map((m) => m.lot_id),
  );
  // Take stock back first (the only moves that can fail), then give it back.
  const ordered = [...moves.filter((m) => m.qty_delta > 0), ...moves.filter((m) => m.qty_delta <= 0)];
  const ledger = new Ledger(c);
  const touched: Touched[] = [];
  for (const m of ordered) {
    const lot = lots.get(m.lot_id)!;
    const i = Math.max(
      0,
      lines.findIndex((l) => l.item_id === m.item_id && l.lot_no === lot.lot_no),
    );
    if (!(await ledger.tryMove(m.lot_id, m.item_id, m.location_id, -m.qty_delta, m.reason, m.id))) {
      const now = (await repo.lotsByIds(c.db, [m.lot_id])).get(m.lot_id)!;
      throw conflict(
        'stock_gone',
        t(
          `第 ${i + 1} 行批号 ${lot.lot_no} 的库存已不足以冲销:需退回 ${m.qty_delta},现有 ${now.qty_on_hand}`,
          `Line ${i + 1}, lot ${lot.lot_no}: the stock to take back is gone: needs ${m.qty_delta}, ${now.qty_on_hand} on hand`,
        ),
        `lines.${i}.quantity`,
      );
    }
    touched.push({ itemId: m.item_id, locationId: m.location_id });
  }
  await ledger.flush();
  return touched;
}
