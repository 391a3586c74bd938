// Commands of the catalog module that other modules call (through its index.ts): the catalog
// owns catalog_items (server/modules/owners.ts). invoice-mapping (发票归类) saves an item's
// invoice category here; the demo seed adds its dictionary and stock defaults here.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { CatalogItemsTable, ChargeCategory } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

/** 发票归类: the item's invoice category, confirmed (the item becomes chargeable). */
export async function confirmChargeCategory(db: Q, id: number, category: ChargeCategory, now: number): Promise<void> {
  await db
    .updateTable('catalog_items')
    .set((eb) => ({ charge_category: category, invoice_confirmed: 1, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Items as given; an item whose code exists already is left alone. */
export async function insertItemsIfMissing(db: Q, rows: Insertable<CatalogItemsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('catalog_items')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
}

/** One item as given; its id. */
export async function insertItemRow(db: Q, row: Insertable<CatalogItemsTable>): Promise<number> {
  const r = await db.insertInto('catalog_items').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Reorder levels where none is set: ten packs of every stocked item (herbs: 500 g). */
export async function setDefaultReorderLevels(db: Q): Promise<void> {
  await db
    .updateTable('catalog_items')
    .set((eb) => ({
      reorder_level: eb
        .case()
        .when('drug_class', '=', 'herbal')
        .then(500)
        .else(eb('pack_size', '*', 10))
        .end(),
    }))
    .where('kind', '<>', 'service')
    .where('reorder_level', '=', 0)
    .execute();
}

/** The dictionary's default purchase price (per pack), where the item has none yet. */
export async function setPurchasePriceIfUnset(db: Q, itemId: number, purchasePriceFen: number): Promise<void> {
  await db
    .updateTable('catalog_items')
    .set({ purchase_price_fen: purchasePriceFen })
    .where('id', '=', itemId)
    .where('purchase_price_fen', 'is', null)
    .execute();
}
