// When the database is checked at start (PRAGMA quick_check reads every page: 1.6 s for a year
// of a busy center, ~8 s after five; 40 % of a start). After a clean stop of this server on an
// unchanged file (the marker written at the end of a stop names the file's size and mtime),
// the check runs in a worker thread on its own read-only connection while the server serves
// (started after the first answer, at the lowest CPU priority: server.ts, WORKER below); a
// finding stops the server as before. After anything else — a crash, a kill, a
// power cut, a first start, a file restored or changed while stopped — it runs before serving,
// as it always did.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export const CLEAN_STOP_FILE = 'jiceng.clean-stop';

interface Marker {
  size: number;
  /** Whole milliseconds (utimes and stat round-trip finer parts inexactly). */
  mtimeMs: number;
  ino: number;
}

function stamp(dbFile: string): Marker | null {
  try {
    const s = fs.statSync(dbFile);
    return { size: s.size, mtimeMs: Math.round(s.mtimeMs), ino: s.ino };
  } catch {
    return null;
  }
}

/**
 * True when the last stop was clean and the database file is as it left it. Removes the
 * marker either way: from now on a crash is an unclean stop. Call with the DATA_DIR lock held.
 */
export function takeCleanStop(dataDir: string, dbFile: string): boolean {
  const file = path.join(dataDir, CLEAN_STOP_FILE);
  let marker: Marker | null = null;
  try {
    marker = JSON.parse(fs.readFileSync(file, 'utf8')) as Marker;
  } catch {
    return false;
  }
  fs.rmSync(file, { force: true });
  const now = stamp(dbFile);
  return !!now && !!marker && marker.size === now.size && marker.mtimeMs === now.mtimeMs && marker.ino === now.ino;
}

/** Written at the end of a stop, after the database is checkpointed and closed. */
export function markCleanStop(dataDir: string, dbFile: string): void {
  const now = stamp(dbFile);
  if (now) fs.writeFileSync(path.join(dataDir, CLEAN_STOP_FILE), JSON.stringify(now));
}

// The worker runs at the lowest CPU priority: on Linux os.setPriority(0, ...) applies to the calling
// thread only, so the server's own thread keeps its priority and the check takes only idle CPU.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  require('node:os').setPriority(0, 19);
} catch {
  // a platform that cannot: the check runs at normal priority
}
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
  const rows = db.prepare('PRAGMA quick_check(' + workerData.maxErrors + ')').all();
  const found = rows.map((r) => r.quick_check);
  parentPort.postMessage({ problems: found.length === 1 && found[0] === 'ok' ? [] : found });
} catch (e) {
  parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
} finally {
  if (db) db.close();
}
`;

export interface BackgroundCheck {
  /** quick_check's findings (empty: sound), or null when the check was cancelled. */
  result: Promise<string[] | null>;
  cancel(): Promise<void>;
}

/** PRAGMA quick_check of `dbFile` in a worker thread (its own read-only connection). */
export function quickCheckInBackground(dbFile: string, maxErrors = 20): BackgroundCheck {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file: dbFile, maxErrors, module: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let cancelled = false;
  const result = new Promise<string[] | null>((resolve, reject) => {
    worker.once('message', (m: { problems?: string[]; error?: { message: string; code?: string } }) => {
      if (m.problems) return resolve(m.problems);
      const code = m.error?.code ?? '';
      // Damage bad enough that the check itself stops: that is its finding.
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return resolve([m.error!.message]);
      reject(new Error(`The background integrity check failed: ${m.error?.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', () => {
      if (cancelled) resolve(null);
      else reject(new Error('The background integrity check stopped without an answer'));
    });
  });
  return {
    result,
    async cancel() {
      cancelled = true;
      await worker.terminate();
    },
  };
}
