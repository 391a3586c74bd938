// The database is checked at every start (PRAGMA quick_check: every page and record is read,
// a few seconds for a large database) and a damaged one is not served: serving it would
// answer wrong or fail halfway through a payment. The message says what to do.
import path from 'node:path';
import type SQLite from 'better-sqlite3';

/** quick_check's findings; empty when the database is sound. */
export function quickCheck(raw: SQLite.Database, maxErrors = 20): string[] {
  let rows: { quick_check: string }[];
  try {
    rows = raw.prepare(`PRAGMA quick_check(${Math.max(1, Math.floor(maxErrors))})`).all() as { quick_check: string }[];
  } catch (e) {
    // Damage bad enough that the check itself stops: that is its finding.
    if (isCorruption(e)) return [(e as Error).message];
    throw e;
  }
  const found = rows.map((r) => r.quick_check);
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

/** SQLITE_CORRUPT (… disk image is malformed) or SQLITE_NOTADB (file is not a database). */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    const dataDir = path.dirname(file);
    super(
      `The database ${file} is damaged: SQLite's integrity check (PRAGMA quick_check) found ` +
        `${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems
          .slice(0, 5)
          .map((p) => `  - ${p}`)
          .join('\n') +
        `\nJiceng does not serve a damaged database. What to do:\n` +
        `  1. Leave the damaged file as it is (copy it aside for the record).\n` +
        (`  2. Find the newest good backup: node dist/server/cli.js check   (npm run cli -- check from a source ` +
          `checkout;\n`) +
        `     it checks the database and every backup in ${path.join(dataDir, 'backups')}, newest first).\n` +
        `  3. Restore it as the README says (Operations → Restore): with the server stopped, remove\n` +
        `     jiceng.sqlite-wal and jiceng.sqlite-shm and put the backup in place of ${file}.\n` +
        `  4. Start again. Whatever was entered after that backup must be entered again.`,
    );
    this.name = 'DatabaseDamagedError';
  }
}
