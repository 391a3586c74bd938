// The stock ledger: the ONLY code that moves stock. A move changes its lot's cached balance
// (`stock_lots.qty_on_hand`) by the delta under the never-negative guard and appends one
// `stock_moves` row, in the caller's write transaction. Stock documents (posting.ts),
// dispensing and returns (pharmacy, through index.ts) and opening stock (the demo seeds,
// test helpers) all come through here; nothing else updates a lot's quantity or inserts a move.
import type { Insertable } from 'kysely';
import { prepared } from '../../../db/prepared.js';
import type { Database, StockMoveReason } from '../../../db/schema.js';
import { preparedBySize } from '../../lib/prepared-lists.js';
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

export interface StockMove {
  lotId: number;
  itemId: number;
  locationId: number;
  /** Positive: into the lot; negative: out of it (never below zero). */
  delta: number;
  reason: StockMoveReason;
  /** What caused it: 'stock_doc' (a document), 'dispensation', 'opening' … */
  refType: string | null;
  refId: number | null;
  /** The move this one undoes (a reversal or a return). */
  reversesId: number | null;
  at: number;
  userId: number | null;
}

const moveLotQ = prepared((db, p: { lotId: number; delta: number; min: number }) =>
  db
    .updateTable('stock_lots')
    .set((eb) => ({ qty_on_hand: eb('qty_on_hand', '+', p.delta) }))
    .where('id', '=', p.lotId)
    .where('qty_on_hand', '>=', p.min),
);

/**
 * Moves one lot's balance by `delta` under the never-negative guard; false (nothing changed) when it would go negative.
 */
async function moveLot(db: Trx, lotId: number, delta: number): Promise<boolean> {
  const u = await moveLotQ.run(db, { lotId, delta, min: delta < 0 ? -delta : 0 });
  return u.changes === 1;
}

const MOVE_COLS = [
  'lot_id',
  'item_id',
  'location_id',
  'qty_delta',
  'reason',
  'ref_type',
  'ref_id',
  'reverses_id',
  'at',
  'user_id',
] as const;

/** INSERT of n ledger rows, prepared per n (columns named c<row>_<column>). */
const insertMovesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db.insertInto('stock_moves').values(
    Array.from({ length: n }, (_, i) => {
      const row: Record<string, unknown> = {};
      for (const c of MOVE_COLS) row[c] = p[`c${i}_${c}`];
      return row as Insertable<Database['stock_moves']>;
    }),
  ),
);

/** Appends ledger rows (in chunks) for lots already moved by moveLot in the same transaction. */
async function appendMoves(db: Trx, moves: StockMove[]): Promise<void> {
  for (let k = 0; k < moves.length; k += 500) {
    const chunk = moves.slice(k, k + 500);
    const params: Record<string, unknown> = {};
    chunk.forEach((v, i) => {
      params[`c${i}_lot_id`] = v.lotId;
      params[`c${i}_item_id`] = v.itemId;
      params[`c${i}_location_id`] = v.locationId;
      params[`c${i}_qty_delta`] = v.delta;
      params[`c${i}_reason`] = v.reason;
      params[`c${i}_ref_type`] = v.refType;
      params[`c${i}_ref_id`] = v.refId;
      params[`c${i}_reverses_id`] = v.reversesId;
      params[`c${i}_at`] = v.at;
      params[`c${i}_user_id`] = v.userId;
    });
    await insertMovesQ(chunk.length).run(db, params);
  }
}

/**
 * Applies planned moves: each lot moves under the guard, in order; the first move that would
 * take a lot below zero throws `onShort(index)` (the caller's error naming its line; the
 * transaction rolls back, nothing is half-written). Then every ledger row is appended at once.
 */
export async function applyMoves(
  db: Trx,
  moves: StockMove[],
  onShort: (index: number) => Error | Promise<Error>,
): Promise<void> {
  for (const [i, m] of moves.entries()) {
    if (!(await moveLot(db, m.lotId, m.delta))) throw await onShort(i);
  }
  await appendMoves(db, moves);
}

export interface OpeningLot {
  itemId: number;
  locationId: number;
  lotNo: string;
  expiryDate: string;
  purchasePriceFen: number;
  qty: number;
  manufacturer?: string | null;
  approvalNo?: string | null;
}

/**
 * Opening stock: creates lots holding `qty` with one 'opening' move each (none when 0), so a
 * lot's balance is the sum of its moves. Returns the new lot ids in input order.
 */
export async function openLots(
  db: Trx,
  lots: OpeningLot[],
  v: { createdAt: number; movedAt?: number; refType?: string | null; userId?: number | null },
): Promise<number[]> {
  const ids: number[] = [];
  for (let k = 0; k < lots.length; k += 200) {
    const rows = await db
      .insertInto('stock_lots')
      .values(
        lots.slice(k, k + 200).map((l) => ({
          item_id: l.itemId,
          location_id: l.locationId,
          lot_no: l.lotNo,
          expiry_date: l.expiryDate,
          purchase_price_fen: l.purchasePriceFen,
          qty_on_hand: l.qty,
          created_at: v.createdAt,
          manufacturer: l.manufacturer ?? null,
          approval_no: l.approvalNo ?? null,
        })),
      )
      .returning('id')
      .execute();
    // Rowids are given in the order of the VALUES rows; RETURNING's own order is not promised.
    ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  await appendMoves(
    db,
    lots.flatMap((l, i) =>
      l.qty > 0
        ? [
            {
              lotId: ids[i]!,
              itemId: l.itemId,
              locationId: l.locationId,
              delta: l.qty,
              reason: 'opening' as const,
              refType: v.refType ?? null,
              refId: null,
              reversesId: null,
              at: v.movedAt ?? v.createdAt,
              userId: v.userId ?? null,
            },
          ]
        : [],
    ),
  );
  return ids;
}

/** The moves written for these references (e.g. a dispensation's), oldest first. */
export function movesOfRefs(
  db: Db | Trx,
  refType: string,
  refIds: number[],
  reason?: StockMoveReason,
): Promise<Array<{ id: number; lot_id: number; ref_id: number | null; qty_delta: number; reason: StockMoveReason }>> {
  if (!refIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('stock_moves')
    .select(['id', 'lot_id', 'ref_id', 'qty_delta', 'reason'])
    .where('ref_type', '=', refType)
    .where('ref_id', 'in', [...new Set(refIds)]);
  if (reason) q = q.where('reason', '=', reason);
  return q.orderBy('id').execute();
}
