// The table-owner check (issue 10 item 1), used by test/platform/table-owners.test.ts on the
// real tree and on synthetic sources. It finds every write in a source text — Kysely's
// insertInto / updateTable / deleteFrom / replaceInto / mergeInto('<table>') and raw SQL
// INSERT [OR …] INTO / REPLACE INTO / UPDATE [OR …] <table> SET / DELETE FROM <table> — and
// reports the writes whose file is not the table's owner (server/modules/owners.ts).
//
// What is scanned: every .ts file (tests excluded) under server/, db/ (its migrations exempt:
// they are the schema's history, frozen once landed), devices/, core/ and demo/ (the demo seeds
// go through the owners like any other caller). Not scanned: test/ (tests arrange states, see
// test/helpers/factories.ts), client/ (no database), and bench/, which on purpose writes the
// same rows with bare statements to measure each write's raw primitive, and generates a year of
// history straight into the tables at a scale no service call could seed in time.
// Limits: a table name built at run time (insertInto(name)) is not seen; none exists today.
import fs from 'node:fs';
import path from 'node:path';
import { ownerOfFile, TABLE_OWNERS, type TableOwner } from '../../server/modules/owners.js';

export interface TableWrite {
  file: string;
  line: number;
  table: string;
  how: string;
}

export interface ForeignWrite extends TableWrite {
  owner: TableOwner;
  writer: string;
}

const KYSELY = /\.(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]([A-Za-z_][A-Za-z0-9_]*)/g;
const RAW_VERB =
  String.raw`INSERT(?:\s+OR\s+[A-Za-z]+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM|` +
  String.raw`UPDATE(?:\s+OR\s+[A-Za-z]+)?`;
const RAW = new RegExp(String.raw`\b(${RAW_VERB})\s+["${'`'}]?([A-Za-z_][A-Za-z0-9_]*)["${'`'}]?(\s+SET\b)?`, 'gi');

/** Blanks out comments (keeping line breaks and offsets) so prose about SQL is not a write. */
function stripComments(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

function lineOf(src: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/** Every write to a known table in one source text. */
export function findWrites(file: string, source: string, tables: ReadonlySet<string>): TableWrite[] {
  const src = stripComments(source);
  const found: TableWrite[] = [];
  for (const m of src.matchAll(KYSELY)) {
    const table = m[2]!;
    if (tables.has(table)) found.push({ file, line: lineOf(src, m.index), table, how: `${m[1]}('${table}')` });
  }
  for (const m of src.matchAll(RAW)) {
    const verb = m[1]!.toUpperCase().replace(/\s+/g, ' ');
    const table = m[2]!;
    if (!tables.has(table)) continue;
    // UPDATE needs its SET (so "update patients" in a message is not a write).
    if (verb.startsWith('UPDATE') && !m[3]) continue;
    found.push({ file, line: lineOf(src, m.index), table, how: `${verb} ${table}` });
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The writes in a source text whose file is not the owner of the table written. */
export function foreignWrites(
  file: string,
  source: string,
  owners: Readonly<Record<string, TableOwner>> = TABLE_OWNERS,
): ForeignWrite[] {
  const writer = ownerOfFile(file);
  return findWrites(file, source, new Set(Object.keys(owners)))
    .filter((w) => owners[w.table] !== writer)
    .map((w) => ({ ...w, owner: owners[w.table]!, writer }));
}

export function describe(w: ForeignWrite): string {
  return `${w.file}:${w.line} writes ${w.table} (${w.how}) but ${w.table} belongs to ${w.owner}: call ${
    w.owner === 'platform' ? 'server/lib' : `server/modules/${w.owner}/index.ts`
  } instead`;
}

const SCANNED = ['server', 'db', 'devices', 'core', 'demo'];

/** The source files the check reads (paths from the repository root, with '/'). */
export function scannedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || r === 'db/migrations') continue;
        walk(r);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of SCANNED) if (fs.existsSync(path.join(root, d))) walk(d);
  return out.sort();
}

/** The tables of the `Database` interface of db/schema.ts, read from its text. */
export function schemaTables(schemaSource: string): string[] {
  const body = /export interface Database \{([\s\S]*?)\n\}/.exec(schemaSource)?.[1];
  if (!body) throw new Error('db/schema.ts has no `export interface Database { … }`');
  return [...body.matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}
