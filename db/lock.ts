// One server per DATA_DIR. The lock is an operating-system file lock, taken through SQLite on
// a small file of its own (DATA_DIR/jiceng.lock), never on the database: backups, the CLI and
// readers keep using jiceng.sqlite while the server runs. SQLite's POSIX advisory locks are
// released by the kernel when the process ends in any way (crash, SIGKILL, power cut), so a
// stale lock never blocks a restart and a reused pid never fools it; within one process two
// connections see each other's locks too (SQLite tracks them per file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export const LOCK_FILE = 'jiceng.lock';
const HOLDER_FILE = 'jiceng.lock.holder';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: string | null,
  ) {
    super(
      `Another Jiceng server is already using the data directory ${dataDir}` +
        (holder ? ` (${holder})` : '') +
        `. Two servers on one database would serve different sessions and devices from the same data. ` +
        (`Stop the other server first (sudo systemctl stop jiceng, or pm2 stop jiceng), or give this one its own ` +
          `DATA_DIR.`),
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the DATA_DIR lock or throws DataDirLockedError (at once: no waiting). */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holderFile = path.join(dataDir, HOLDER_FILE);
  const lock = new SQLite(file, { timeout: 0 });
  try {
    lock.pragma('journal_mode = DELETE');
    lock.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY)');
    // An EXCLUSIVE transaction, kept open for the life of the process: no other connection
    // (in this process or another) can begin one until it ends.
    lock.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    lock.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY' || (e as { code?: string }).code === 'SQLITE_LOCKED') {
      let holder: string | null = null;
      try {
        holder = fs.readFileSync(holderFile, 'utf8').trim() || null;
      } catch {
        holder = null;
      }
      throw new DataDirLockedError(dataDir, holder);
    }
    throw e;
  }
  // Who holds it, for the message a second server prints (informational only: the lock is the
  // transaction above, not this file).
  try {
    fs.writeFileSync(holderFile, `pid ${process.pid} on ${os.hostname()}, started ${new Date().toISOString()}\n`);
  } catch {
    /* the message just names no holder */
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        fs.rmSync(holderFile, { force: true });
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
    },
  };
}
