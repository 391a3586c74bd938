// Catalog: the only Kysely queries of this module.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { CatalogItemsTable, DrugClass, ItemKind } from '../../../db/schema.js';
import { searchWords } from '../../../db/pinyin.js';
import { searchCondition, searchRank, type RankColumns } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';

export type ItemRow = Selectable<CatalogItemsTable>;

const SEARCH: RankColumns = {
  exact: ['code'],
  prefix: ['code', 'name', 'trade_name'],
  contains: ['code', 'name', 'trade_name'],
  initials: 'pinyin_initials',
  full: 'pinyin_full',
  words: 'search_words',
};

export async function search(
  db: Db,
  q: { q?: string | undefined; kind?: ItemKind | undefined; limit: number },
): Promise<ItemRow[]> {
  let query = db.selectFrom('catalog_items').selectAll().where('active', '=', 1);
  if (q.kind) query = query.where('kind', '=', q.kind);
  const text = q.q?.trim();
  // Exact code, then code / name / pinyin from the start, then a word start inside the name
  // ('wgms' for 注射用盐酸万古霉素), then text contained anywhere.
  if (text) query = query.where(searchCondition(text, SEARCH)).orderBy(searchRank(text, SEARCH));
  return query.orderBy('kind').orderBy('pinyin_full').orderBy('id').limit(q.limit).execute();
}

export function findById(db: Db, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLocation(db: Db, id: number) {
  return db.selectFrom('departments').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}

// ---- Dictionary maintenance ----

type Q = Db | Trx;

export interface AdminFilter {
  q?: string | undefined;
  kind?: ItemKind | undefined;
  active?: boolean | undefined;
  drugClass?: DrugClass | undefined;
}

function adminWhere(db: Q, f: AdminFilter) {
  let query = db.selectFrom('catalog_items');
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.active !== undefined) query = query.where('active', '=', f.active ? 1 : 0);
  if (f.drugClass) query = query.where('drug_class', '=', f.drugClass);
  const text = f.q?.trim();
  if (text) query = query.where(searchCondition(text, SEARCH));
  return query;
}

/** One page of the maintenance list (by code) and the number of matching items. */
export async function adminList(
  db: Q,
  f: AdminFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ItemRow[]; total: number }> {
  const rows = await adminWhere(db, f).selectAll().orderBy('code').limit(page.limit).offset(page.offset).execute();
  const { n } = await adminWhere(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Every item of a kind (or all), by kind then code: the export. */
export function allItems(db: Q, kind: ItemKind | undefined): Promise<ItemRow[]> {
  let query = db.selectFrom('catalog_items').selectAll();
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('kind').orderBy('code').execute();
}

export function findByCode(db: Q, code: string): Promise<ItemRow | undefined> {
  // code is COLLATE NOCASE: a code differing only in case is the same code.
  return db.selectFrom('catalog_items').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findRow(db: Q, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every item by lower-case code (the import matches rows to items by code). */
export async function itemsByCode(db: Q): Promise<Map<string, ItemRow>> {
  const rows = await db.selectFrom('catalog_items').selectAll().execute();
  return new Map(rows.map((r) => [r.code.toLowerCase(), r]));
}

export type ItemColumns = Omit<
  Insertable<CatalogItemsTable>,
  'id' | 'version' | 'created_at' | 'updated_at' | 'search_words'
>;

export async function insertItem(db: Q, c: ItemColumns, now: number): Promise<number> {
  const r = await db
    .insertInto('catalog_items')
    .values({ ...c, search_words: searchWords(c.name), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateItem(db: Q, id: number, c: ItemColumns, now: number): Promise<void> {
  await db
    .updateTable('catalog_items')
    .set((eb) => ({ ...c, search_words: searchWords(c.name), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Items whose word-start keys are missing (rows written by the demo seed or by hand): fill them. */
export async function fillSearchWords(db: Db): Promise<number> {
  const rows = await db.selectFrom('catalog_items').select(['id', 'name']).where('search_words', '=', '').execute();
  let n = 0;
  for (const r of rows) {
    const w = searchWords(r.name);
    if (!w) continue;
    await db.updateTable('catalog_items').set({ search_words: w }).where('id', '=', r.id).execute();
    n++;
  }
  return n;
}

/** The rooms of every store and pharmacy department (they show item names and prices). */
export async function stockRoomIds(db: Q): Promise<number[]> {
  const rows = await db
    .selectFrom('departments')
    .select('id')
    .where('kind', 'in', ['store', 'pharmacy'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The items (of `ids`, or all) with stock on hand somewhere: their retail price changes only
 * through a price adjustment document (调价单, the inventory module), which records who, when,
 * the old and new prices and revalues the stock.
 */
export async function itemsWithStock(db: Q, ids?: number[]): Promise<Set<number>> {
  if (ids && ids.length === 0) return new Set();
  let q = db.selectFrom('stock_lots').select('item_id').where('qty_on_hand', '>', 0).groupBy('item_id');
  if (ids) q = q.where('item_id', 'in', ids);
  return new Set((await q.execute()).map((r) => r.item_id));
}

/**
 * The items (of `ids`, or all) that have history: a lot, a stock document line or an order
 * line. Their kind, smallest unit, pack size and drug class value and group that history.
 * One indexed probe per item and table (item_id leads an index on each), whatever the history's size.
 */
export async function itemsWithHistory(db: Q, ids?: number[]): Promise<Set<number>> {
  if (ids && ids.length === 0) return new Set();
  let q = db
    .selectFrom('catalog_items as c')
    .select('c.id')
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('stock_lots as l').select('l.id').whereRef('l.item_id', '=', 'c.id')),
        eb.exists(eb.selectFrom('stock_doc_lines as d').select('d.id').whereRef('d.item_id', '=', 'c.id')),
        eb.exists(eb.selectFrom('order_lines as o').select('o.id').whereRef('o.item_id', '=', 'c.id')),
      ]),
    );
  if (ids) q = q.where('c.id', 'in', ids);
  return new Set((await q.execute()).map((r) => r.id));
}
