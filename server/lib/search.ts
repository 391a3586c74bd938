// Search-box matching for dictionaries (departments, staff, workstations, ...): code and
// name contain the text, pinyin initials start it (any reading of a polyphonic name: the
// initials column is a space-separated list of alternatives), full pinyin starts with it,
// or initials / full pinyin start at a word start inside the name (the `search_words` column
// of catalog items, diagnoses and staff: see innerKeys in pinyin.ts). `searchRank` orders
// the hits: exact code (0), code / name / pinyin from the start (1), a word start inside the
// name (2), text contained anywhere (3). User input is escaped so % and _ match themselves.
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
  /** The inner word-start keys column (space-separated, leading space). */
  words?: string;
}

export interface RankColumns extends SearchColumns {
  /** Columns whose exact value (case-insensitive) ranks first: the code. */
  exact: string[];
  /** Columns starting with the text rank with the pinyin prefixes: code, name. */
  prefix: string[];
}

/** The typed text as pinyin keys are matched, or '' when it cannot be pinyin. */
function pinyinText(text: string): string {
  const py = pinyinQuery(text);
  return py && /^[a-z0-9]+$/.test(py) ? py : '';
}

/** The text as pinyin would be typed: lower case, no spaces or apostrophes. */
export function pinyinQuery(q: string): string {
  return q.toLowerCase().replace(/[\s']/g, '');
}

/** One OR condition for a search box; `q` is trimmed and must not be empty. */
export function searchCondition(q: string, cols: SearchColumns): RawBuilder<SqlBool> {
  const text = q.trim();
  const parts: RawBuilder<SqlBool>[] = cols.contains.map((c) => contains(c, text));
  const py = pinyinText(text);
  if (py) {
    parts.push(...pinyinStarts(py, cols));
    if (cols.words) parts.push(like(cols.words, `% ${escapeLike(py)}%`));
  }
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

function pinyinStarts(py: string, cols: SearchColumns): RawBuilder<SqlBool>[] {
  const parts: RawBuilder<SqlBool>[] = [];
  if (cols.initials) {
    parts.push(startsWith(cols.initials, py));
    parts.push(like(cols.initials, `% ${escapeLike(py)}%`));
  }
  if (cols.full) parts.push(startsWith(cols.full, py));
  return parts;
}

/** 0 exact code, 1 code / name / pinyin from the start, 2 a word start inside the name, 3 the rest. */
export function searchRank(q: string, cols: RankColumns): RawBuilder<number> {
  const text = q.trim();
  const exact = cols.exact.map((c) => sql<SqlBool>`lower(${sql.ref(c)}) = lower(${text})`);
  const prefix: RawBuilder<SqlBool>[] = cols.prefix.map((c) => startsWith(c, text));
  const py = pinyinText(text);
  if (py) prefix.push(...pinyinStarts(py, cols));
  const inner = py && cols.words ? [like(cols.words, `% ${escapeLike(py)}%`)] : [];
  const or = (xs: RawBuilder<SqlBool>[]) => (xs.length ? sql`(${sql.join(xs, sql` OR `)})` : sql`0`);
  return sql<number>`CASE WHEN ${or(exact)} THEN 0 WHEN ${or(prefix)} THEN 1 WHEN ${or(inner)} THEN 2 ELSE 3 END`;
}

const filled = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Runs `fill` once per database and name (the first search of a module fills the word-start
 * keys of rows written without them: the demo seed, rows inserted by hand). A failed fill is
 * retried at the next search; the search itself goes on either way.
 */
export function fillOnce(db: object, name: string, fill: () => Promise<unknown>): Promise<void> {
  let byName = filled.get(db);
  if (!byName) filled.set(db, (byName = new Map()));
  let p = byName.get(name);
  if (!p) {
    p = fill().then(
      () => undefined,
      () => void byName.delete(name),
    );
    byName.set(name, p);
  }
  return p;
}
