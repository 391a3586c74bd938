// Invoice categorization: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { ChargeCategory } from '../../../db/schema.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { MappingItem, MappingQuery } from './schema.js';

type Q = Db | Trx;

const COLUMNS = ['id', 'code', 'name', 'spec', 'kind', 'charge_category', 'invoice_confirmed', 'version'] as const;

type Row = {
  id: number;
  code: string;
  name: string;
  spec: string | null;
  kind: 'drug' | 'service' | 'material';
  charge_category: ChargeCategory;
  invoice_confirmed: 0 | 1;
  version: number;
};

function toView(r: Row): MappingItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    spec: r.spec,
    kind: r.kind,
    chargeCategory: r.charge_category,
    invoiceConfirmed: r.invoice_confirmed === 1,
    version: r.version,
  };
}

/** Active items per category: how many, how many not yet confirmed. */
export async function countsByCategory(db: Q) {
  return db
    .selectFrom('catalog_items')
    .select([
      'charge_category',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(invoice_confirmed = 0)`.as('unconfirmed'),
    ])
    .where('active', '=', 1)
    .groupBy('charge_category')
    .execute();
}

/** Active items of a category and/or matching a search, unconfirmed first, then by code. */
export async function list(db: Q, q: MappingQuery): Promise<{ items: MappingItem[]; total: number }> {
  let query = db.selectFrom('catalog_items').where('active', '=', 1);
  if (q.category) query = query.where('charge_category', '=', q.category);
  if (q.unconfirmed !== undefined) query = query.where('invoice_confirmed', '=', q.unconfirmed ? 0 : 1);
  if (q.q)
    query = query.where(
      searchCondition(q.q, {
        contains: ['code', 'name', 'trade_name'],
        initials: 'pinyin_initials',
        full: 'pinyin_full',
      }),
    );
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query.select(COLUMNS).orderBy('invoice_confirmed').orderBy('code').limit(q.limit).execute();
  return { items: rows.map(toView), total: Number(total.n) };
}

export async function findByIds(db: Q, ids: number[]): Promise<MappingItem[]> {
  if (!ids.length) return [];
  const out: MappingItem[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('catalog_items')
      .select(COLUMNS)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    out.push(...rows.map(toView));
  }
  return out;
}

/** Every store and pharmacy (their rooms hear catalog changes). */
export async function stockRoomIds(db: Q): Promise<number[]> {
  const rows = await db.selectFrom('departments').select('id').where('kind', 'in', ['store', 'pharmacy']).execute();
  return rows.map((r) => r.id);
}
