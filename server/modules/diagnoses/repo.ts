// Diagnoses: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { searchWords } from '../../../db/pinyin.js';
import { searchCondition, searchRank, startsWith, type RankColumns } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export interface DiagnosisRow {
  code: string;
  name: string;
  pinyinInitials: string;
  pinyinFull: string;
}

const SEARCH: RankColumns = {
  exact: ['code'],
  prefix: ['code', 'name'],
  contains: ['name'],
  initials: 'pinyin_initials',
  full: 'pinyin_full',
  words: 'search_words',
};

/**
 * Code prefix, name contains, pinyin initials (any reading) or full pinyin from the start of
 * the name or from a word start inside it ('gxy' finds 原发性高血压). Ranked: exact code, then
 * code / name / pinyin from the start, then a word start inside, then the rest; by code within.
 */
export async function search(
  db: Q,
  q: string | undefined,
  limit: number,
): Promise<Array<{ code: string; name: string }>> {
  let query = db.selectFrom('diagnoses').select(['code', 'name']).where('active', '=', 1);
  const text = q?.trim();
  if (text)
    query = query
      .where((eb) => eb.or([startsWith('code', text), searchCondition(text, SEARCH)]))
      .orderBy(searchRank(text, SEARCH));
  return query.orderBy('code').limit(limit).execute();
}

export async function existingNames(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('diagnoses').select(['code', 'name', 'active']).execute();
  return new Map(rows.map((r) => [r.code.toUpperCase(), r.active === 1 ? r.name : '\u0000inactive']));
}

export async function upsert(db: Q, rows: DiagnosisRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    await db
      .insertInto('diagnoses')
      .values(
        chunk.map((r) => ({
          code: r.code,
          name: r.name,
          pinyin_initials: r.pinyinInitials,
          pinyin_full: r.pinyinFull,
          search_words: searchWords(r.name),
          active: 1,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          pinyin_initials: eb.ref('excluded.pinyin_initials'),
          pinyin_full: eb.ref('excluded.pinyin_full'),
          search_words: eb.ref('excluded.search_words'),
          active: 1,
        })),
      )
      .execute();
  }
}

/** Diagnoses whose word-start keys are missing (rows written by the demo seed or by hand): fill them. */
export async function fillSearchWords(db: Q): Promise<number> {
  const rows = await db.selectFrom('diagnoses').select(['code', 'name']).where('search_words', '=', '').execute();
  let n = 0;
  for (const r of rows) {
    const w = searchWords(r.name);
    if (!w) continue;
    await db.updateTable('diagnoses').set({ search_words: w }).where('code', '=', r.code).execute();
    n++;
  }
  return n;
}
