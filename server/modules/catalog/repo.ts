// Catalog: the only Kysely queries of this module.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { CatalogItemsTable, ItemKind } from '../../../db/schema.js';
import { escapeLike, searchCondition } from '../../lib/search.js';

export type ItemRow = Selectable<CatalogItemsTable>;

export async function search(db: Db, q: { q?: string | undefined; kind?: ItemKind | undefined; limit: number }): Promise<ItemRow[]> {
  let query = db.selectFrom('catalog_items').selectAll().where('active', '=', 1);
  if (q.kind) query = query.where('kind', '=', q.kind);
  const text = q.q?.trim();
  if (text) {
    query = query
      .where(searchCondition(text, { contains: ['code', 'name', 'trade_name'], initials: 'pinyin_initials', full: 'pinyin_full' }))
      // Code and name starting with the text first, then pinyin-initials starts, then the rest.
      .orderBy(
        sql`CASE WHEN code LIKE ${escapeLike(text) + '%'} ESCAPE '\\' THEN 0
                 WHEN name LIKE ${escapeLike(text) + '%'} ESCAPE '\\' THEN 1
                 WHEN pinyin_initials LIKE ${escapeLike(text.toLowerCase()) + '%'} ESCAPE '\\' THEN 2 ELSE 3 END`,
      );
  }
  return query.orderBy('kind').orderBy('pinyin_full').orderBy('id').limit(q.limit).execute();
}

export function findById(db: Db, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLocation(db: Db, id: number) {
  return db.selectFrom('departments').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}
