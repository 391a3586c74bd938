// The catalog's price command: the one way another module (the stock documents' price
// adjustment, 调价) changes an item's retail price and reference purchase price. Runs inside
// the caller's write transaction; audited (`catalog.price`) and published as
// `catalog:changed` (updated) like a maintenance edit.
import type { AuditWho, Tx } from '../../lib/uow.js';
import { catalogChanged } from './events.js';
import * as repo from './repo.js';

export interface PriceChange {
  itemId: number;
  /** New retail price per pack, in fen. */
  priceFen: number;
  /** New reference purchase price per pack, in fen; null keeps the current one. */
  purchasePriceFen: number | null;
}

/** Sets the items' prices (version + 1 each); returns each item's retail price before. */
export async function setItemPrices(
  tx: Tx,
  who: AuditWho,
  changes: PriceChange[],
  ref: { docNo: string },
): Promise<Map<number, number>> {
  const before = new Map<number, number>();
  if (!changes.length) return before;
  for (const c of changes) {
    const row = await repo.findRow(tx.db, c.itemId);
    if (!row) throw new Error(`setItemPrices: item ${c.itemId} does not exist`);
    before.set(c.itemId, row.price_fen);
    await tx.db
      .updateTable('catalog_items')
      .set((eb) => ({
        price_fen: c.priceFen,
        ...(c.purchasePriceFen === null ? {} : { purchase_price_fen: c.purchasePriceFen }),
        updated_at: tx.now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', c.itemId)
      .execute();
    await tx.audit(who, {
      action: 'catalog.price',
      entity: 'catalog_item',
      entityId: c.itemId,
      before: { priceFen: row.price_fen, purchasePriceFen: row.purchase_price_fen },
      after: { priceFen: c.priceFen, purchasePriceFen: c.purchasePriceFen ?? row.purchase_price_fen, docNo: ref.docNo },
    });
  }
  tx.emit(
    catalogChanged(
      changes.map((c) => c.itemId),
      'updated',
      await repo.stockRoomIds(tx.db),
    ),
  );
  return before;
}
