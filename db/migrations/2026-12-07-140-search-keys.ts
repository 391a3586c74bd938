// Search keys at word starts inside a name (issue 9 item 8): 'wgms' finds 注射用盐酸万古霉素,
// 'axs' 盐酸氨溴索, 'gxy' 原发性高血压. Catalog items, diagnoses and staff get a `search_words`
// column (the initials and full pinyin of every suffix starting at a character after the
// first, space-separated with a leading space; derived from the name on every write, never
// shown); patients get one `patient_search` row per such suffix, stored with a leading space
// so that a search from the start of the name (a typed prefix never starts with a space) and
// a search at a word start inside it are two separate index range scans. Existing rows are
// backfilled here with the derivation of db/pinyin.ts innerKeys as it is today.
// Owned by the patients, catalog, diagnoses and staff modules. Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { innerKeys } from '../pinyin.js';

const words = (keys: string[]) => (keys.length ? ' ' + keys.join(' ') : '');

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['catalog_items', 'diagnoses', 'staff']) {
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN search_words TEXT NOT NULL DEFAULT ''`).execute(db);
  }
  // Staff names are people's names: surname readings (单 shan, 曾 zeng), as for patients.
  const dictionaries: Array<{ table: string; key: string; surname: boolean }> = [
    { table: 'catalog_items', key: 'id', surname: false },
    { table: 'diagnoses', key: 'code', surname: false },
    { table: 'staff', key: 'id', surname: true },
  ];
  for (const d of dictionaries) {
    const rows = (await sql.raw(`SELECT ${d.key} AS k, name FROM ${d.table}`).execute(db)).rows as Array<{
      k: string | number;
      name: string;
    }>;
    for (const r of rows) {
      const w = words(innerKeys(r.name, { surname: d.surname }));
      if (w)
        await sql`UPDATE ${sql.table(d.table)} SET search_words = ${w} WHERE ${sql.ref(d.key)} = ${r.k}`.execute(db);
    }
  }
  // Patients: in id batches; names repeat a lot, so their keys are computed once per name.
  const cache = new Map<string, string[]>();
  let after = 0;
  for (;;) {
    const rows = (await sql`SELECT id, name FROM patients WHERE id > ${after} ORDER BY id LIMIT 5000`.execute(db))
      .rows as Array<{ id: number; name: string }>;
    if (!rows.length) break;
    const values: Array<[string, number]> = [];
    for (const r of rows) {
      let keys = cache.get(r.name);
      if (!keys) {
        keys = innerKeys(r.name, { surname: true }).map((k) => ' ' + k);
        if (cache.size < 200_000) cache.set(r.name, keys);
      }
      for (const k of keys) values.push([k, r.id]);
    }
    for (let i = 0; i < values.length; i += 400) {
      const chunk = values.slice(i, i + 400);
      await sql`INSERT OR IGNORE INTO patient_search (key, patient_id) VALUES ${sql.join(chunk.map(([k, id]) => sql`(${k}, ${id})`))}`.execute(
        db,
      );
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(): Promise<void> {
  throw new Error('The search-keys migration cannot be reverted; restore the pre-migration backup instead');
}
