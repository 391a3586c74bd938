// Prepared queries: a Kysely query built and compiled ONCE, then run with new parameter
// values. Kysely builds a tree of nodes and compiles it to SQL on every call (9–18 % of a
// write's CPU in the profiles of issue 10); the statement cache of db/connection.ts already
// keeps the SQLite statement, so a prepared query costs only the run itself.
//
//   const byId = prepared((db, p: { id: number }) =>
//     db.selectFrom('clinics').select(['id', 'room']).where('id', '=', p.id));
//   const clinic = await byId.first(tx.db, { id: 7 });   // typed: { id: number; room: … } | undefined
//
// The builder runs once, with a placeholder for each parameter: a parameter may only be
// passed to Kysely as a value (where, values, set, limit …) — not used in JavaScript
// (no `p.x ?? null`, no `'%' + p.q`, no `if (p.flag)`), and a list must have a fixed length.
// Preparing checks that every parameter ended up as exactly a bound value of the SQL and
// throws otherwise, so a misuse fails the first time the query runs (in any test).
//
// A prepared query runs straight on the better-sqlite3 connection (its own cached Statement,
// no Kysely executor, no driver mutex) when called with the transaction that is open on a
// database opened by db/connection.ts (the unit of work declares it: bindTransaction), or with
// the database itself while no transaction is open on it; otherwise (another transaction open,
// a transaction already ended, a Kysely with plugins, a database not opened there) it goes
// through Kysely as any query: it waits for the connection, and an ended transaction throws.
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0001jiceng-prepared:';

/** Anything that can run a query: the database or a transaction (tx.db). */
export type Runner = Kysely<Database>;

export interface Prepared<P, R> {
  /** The rows (for an INSERT/UPDATE/DELETE without RETURNING: none). */
  all(db: Runner, params: P): Promise<R[]>;
  /** The first row, or undefined. */
  first(db: Runner, params: P): Promise<R | undefined>;
  /** For writes: rows changed and the last inserted rowid. */
  run(db: Runner, params: P): Promise<{ changes: number; insertId: number | null }>;
  /** The SQL text (tests and diagnostics). */
  sql(db: Runner): string;
}

/** The better-sqlite3 handle behind each database (keyed by its Kysely adapter, which its
 *  transactions share). */
const rawByAdapter = new WeakMap<object, SQLite.Database>();

/** Ties a database to its better-sqlite3 handle (db/connection.ts, when it opens one). */
export function bindRawConnection(db: Runner, raw: SQLite.Database): void {
  rawByAdapter.set(db.getExecutor().adapter, raw);
}

/** The transaction open on each handle, as its opener declared it (bindTransaction). */
const openTransactions = new WeakMap<SQLite.Database, Runner>();

/** Declares `trx` the transaction open on its database's connection until the returned
 *  function is called (before the commit): prepared queries then run on it directly. */
export function bindTransaction(trx: Runner): () => void {
  const raw = rawByAdapter.get(trx.getExecutor().adapter);
  if (raw === undefined) return () => undefined;
  openTransactions.set(raw, trx);
  return () => {
    if (openTransactions.get(raw) === trx) openTransactions.delete(raw);
  };
}

/** The handle to run on directly, or undefined when the query must go through Kysely. */
function directHandle(db: Runner): SQLite.Database | undefined {
  const executor = db.getExecutor();
  const raw = rawByAdapter.get(executor.adapter);
  if (raw === undefined || executor.plugins.length > 0) return undefined;
  // SQLite has one connection: the open transaction runs on it; the database itself only
  // when no transaction is open on it (Kysely's driver would make the query wait for its end).
  if (db.isTransaction) return raw.inTransaction && openTransactions.get(raw) === db ? raw : undefined;
  return raw.inTransaction ? undefined : raw;
}

interface Compiled {
  sql: string;
  /** Per bound value: the parameter's name, or a constant kept as built. */
  slots: Array<{ name: string } | { value: unknown }>;
}

function placeholders(): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get(_t, name) {
        if (typeof name !== 'string') return undefined;
        return `${MARK}${name}`;
      },
    },
  );
}

export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Runner, p: P) => Compilable<R>,
): Prepared<P, R> {
  let compiled: Compiled | null = null;
  const compile = (db: Runner): Compiled => {
    if (compiled) return compiled;
    const c = build(db, placeholders() as P).compile();
    const slots = c.parameters.map((v) => {
      if (typeof v === 'string' && v.includes(MARK)) {
        if (!v.startsWith(MARK) || v.indexOf(MARK, 1) !== -1)
          throw new Error(`prepared query: a parameter was used inside an expression (${c.sql})`);
        return { name: v.slice(MARK.length) };
      }
      return { value: v };
    });
    if (c.sql.includes(MARK)) throw new Error(`prepared query: a parameter ended up in the SQL text (${c.sql})`);
    compiled = { sql: c.sql, slots };
    return compiled;
  };
  const values = (c: Compiled, params: P): unknown[] =>
    c.slots.map((s) => {
      if ('value' in s) return s.value;
      const v = params[s.name];
      if (v === undefined) throw new Error(`prepared query: parameter "${s.name}" is missing`);
      return typeof v === 'boolean' ? Number(v) : v;
    });
  // The Statement of the last handle used (nearly always the only one), others by handle.
  let lastRaw: SQLite.Database | null = null;
  let lastStmt: SQLite.Statement | null = null;
  const others = new WeakMap<SQLite.Database, SQLite.Statement>();
  const statement = (raw: SQLite.Database, db: Runner): SQLite.Statement => {
    if (raw === lastRaw) return lastStmt!;
    let stmt = others.get(raw);
    if (!stmt) {
      stmt = raw.prepare(compile(db).sql);
      others.set(raw, stmt);
    }
    lastRaw = raw;
    lastStmt = stmt;
    return stmt;
  };
  const exec = (db: Runner, params: P) => {
    const c = compile(db);
    return db.executeQuery<R>(CompiledQuery.raw(c.sql, values(c, params)) as CompiledQuery<R>);
  };
  return {
    async all(db, params) {
      const raw = directHandle(db);
      if (raw === undefined) return (await exec(db, params)).rows;
      const stmt = statement(raw, db);
      const args = values(compile(db), params);
      if (stmt.reader) return stmt.all(args) as R[];
      stmt.run(args);
      return [];
    },
    async first(db, params) {
      const raw = directHandle(db);
      if (raw === undefined) return (await exec(db, params)).rows[0];
      const stmt = statement(raw, db);
      const args = values(compile(db), params);
      // A SELECT stops at its first row; a write runs whole (RETURNING reads every row).
      if (stmt.readonly) return stmt.get(args) as R | undefined;
      if (stmt.reader) return (stmt.all(args) as R[])[0];
      stmt.run(args);
      return undefined;
    },
    async run(db, params) {
      const raw = directHandle(db);
      if (raw === undefined) {
        const r = await exec(db, params);
        return {
          changes: Number(r.numAffectedRows ?? 0n),
          insertId: r.insertId === undefined ? null : Number(r.insertId),
        };
      }
      const stmt = statement(raw, db);
      const args = values(compile(db), params);
      // As Kysely's driver: a statement returning rows reports no changes.
      if (stmt.reader) {
        stmt.all(args);
        return { changes: 0, insertId: null };
      }
      const r = stmt.run(args);
      return { changes: r.changes, insertId: Number(r.lastInsertRowid) };
    },
    sql(db) {
      return compile(db).sql;
    },
  };
}
