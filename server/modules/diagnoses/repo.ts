// Diagnoses: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { escapeLike, like, pinyinQuery, startsWith } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export interface DiagnosisRow {
  code: string;
  name: string;
  pinyinInitials: string;
  pinyinFull: string;
}

/** Code prefix, name contains, pinyin initials (any reading) or full pinyin prefix; code hits first. */
export async function search(db: Q, q: string | undefined, limit: number): Promise<Array<{ code: string; name: string }>> {
  let query = db.selectFrom('diagnoses').select(['code', 'name']).where('active', '=', 1);
  const text = q?.trim();
  if (text) {
    const py = pinyinQuery(text);
    query = query.where((eb) => {
      const parts = [startsWith('code', text), like('name', `%${escapeLike(text)}%`)];
      if (py && /^[a-z0-9]+$/.test(py)) {
        parts.push(startsWith('pinyin_initials', py), like('pinyin_initials', `% ${escapeLike(py)}%`), startsWith('pinyin_full', py));
      }
      return eb.or(parts);
    });
    query = query.orderBy(sql`CASE WHEN code LIKE ${escapeLike(text) + '%'} ESCAPE '\\' THEN 0 WHEN name LIKE ${escapeLike(text) + '%'} ESCAPE '\\' THEN 1 ELSE 2 END`);
  }
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
      .values(chunk.map((r) => ({ code: r.code, name: r.name, pinyin_initials: r.pinyinInitials, pinyin_full: r.pinyinFull, active: 1 })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          pinyin_initials: eb.ref('excluded.pinyin_initials'),
          pinyin_full: eb.ref('excluded.pinyin_full'),
          active: 1,
        })),
      )
      .execute();
  }
}
