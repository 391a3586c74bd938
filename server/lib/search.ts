// Search-box matching for dictionaries (departments, staff, workstations, ...): code and
// name contain the text, pinyin initials start it (any reading of a polyphonic name: the
// initials column is a space-separated list of alternatives), full pinyin starts with it.
// User input is escaped so % and _ match themselves.
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Escape LIKE wildcards (and the escape character itself); use with ESCAPE '\'. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export function like(column: string, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}

export const contains = (column: string, text: string) => like(column, `%${escapeLike(text)}%`);
export const startsWith = (column: string, text: string) => like(column, `${escapeLike(text)}%`);

export interface SearchColumns {
  /** Columns the text may appear anywhere in (code, name, phone, ...). */
  contains: string[];
  /** The pinyin initials column (space-separated alternatives). */
  initials?: string;
  /** The full pinyin column. */
  full?: string;
}

/** The text as pinyin would be typed: lower case, no spaces or apostrophes. */
export function pinyinQuery(q: string): string {
  return q.toLowerCase().replace(/[\s']/g, '');
}

/** One OR condition for a search box; `q` is trimmed and must not be empty. */
export function searchCondition(q: string, cols: SearchColumns): RawBuilder<SqlBool> {
  const text = q.trim();
  const parts: RawBuilder<SqlBool>[] = cols.contains.map((c) => contains(c, text));
  const py = pinyinQuery(text);
  if (py && /^[a-z0-9]+$/.test(py)) {
    if (cols.initials) {
      parts.push(startsWith(cols.initials, py));
      parts.push(like(cols.initials, `% ${escapeLike(py)}%`));
    }
    if (cols.full) parts.push(startsWith(cols.full, py));
  }
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}
