// The start's integrity check (issue 10 item 6, cold start): after a clean stop on an unchanged
// file it runs in a worker while the server serves, and a damaged database found that way stops
// the server as at start; after anything else it runs before serving, as it always did.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { pino } from 'pino';
import { DatabaseDamagedError } from '../../db/integrity.js';
import { loadConfig } from '../../server/config.js';
import { CLEAN_STOP_FILE } from '../../server/lib/integrity-check.js';
import { createServer } from '../../server/server.js';
import { tempDir } from '../helpers/server.js';

function start(dataDir: string, onDamaged?: (e: DatabaseDamagedError) => void) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir, cardReaders: 'off' });
  return createServer(config, {
    logger: pino({ level: 'silent' }),
    onFirstAdmin: () => undefined,
    ...(onDamaged ? { onDamaged } : {}),
  });
}

/** Overwrites the audit log's root page, then puts the file's times back (damage a stat cannot see). */
function damageKeepingTimes(file: string): void {
  const before = fs.statSync(file);
  const db = new SQLite(file);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'audit_log'`).get() as { rootpage: number })
    .rootpage;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
  fs.closeSync(fd);
  fs.utimesSync(file, before.atime, before.mtime);
}

describe('ops: the integrity check after a clean stop runs while serving', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir('jiceng-integrity-');
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a clean stop leaves its marker; the next start takes it and, once checked, leaves it again', async function () {
    this.timeout(60_000);
    const dataDir = fresh();
    const marker = path.join(dataDir, CLEAN_STOP_FILE);
    const first = await start(dataDir);
    expect(await first.integrity).to.equal('before-serving');
    expect(fs.existsSync(marker)).to.equal(false);
    await first.stop();
    expect(fs.existsSync(marker)).to.equal(true);
    const second = await start(dataDir);
    expect(fs.existsSync(marker), 'taken at start: a crash now is an unclean stop').to.equal(false);
    await second.listen(0, '127.0.0.1');
    expect((await fetch(`${second.url()}/api/health`)).status).to.equal(200);
    expect(await second.integrity).to.equal('ok');
    await second.stop();
    expect(fs.existsSync(marker)).to.equal(true);
    // A stop while the check still runs lets it finish, so the next start is quick again.
    const third = await start(dataDir);
    await third.stop();
    expect(await third.integrity).to.equal('ok');
    expect(fs.existsSync(marker)).to.equal(true);
  });

  it('damage that a stat cannot see is found while serving: the server stops as at start', async function () {
    this.timeout(60_000);
    const dataDir = fresh();
    const first = await start(dataDir);
    await first.stop();
    const file = path.join(dataDir, 'jiceng.sqlite');
    damageKeepingTimes(file);
    let damaged: DatabaseDamagedError | null = null;
    const server = await start(dataDir, (e) => {
      damaged = e;
    });
    await server.listen(0, '127.0.0.1');
    expect(await server.integrity).to.equal('damaged');
    for (let i = 0; i < 400 && !damaged; i++) await new Promise((r) => setTimeout(r, 25));
    expect(damaged, 'onDamaged called').to.be.instanceOf(DatabaseDamagedError);
    expect(damaged!.message).to.include('is damaged').and.include('quick_check');
    expect(server.httpServer.listening, 'stopped').to.equal(false);
    expect(fs.existsSync(path.join(dataDir, CLEAN_STOP_FILE))).to.equal(false);
    // The next start checks before serving and refuses, as after a crash.
    const err = await start(dataDir).then(
      (s) => s.stop().then(() => null),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(DatabaseDamagedError);
  });

  it('a file changed while stopped (a restored backup) is checked before serving', async function () {
    this.timeout(60_000);
    const dataDir = fresh();
    const first = await start(dataDir);
    await first.stop();
    const file = path.join(dataDir, 'jiceng.sqlite');
    const db = new SQLite(file);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (
      db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'audit_log'`).get() as { rootpage: number }
    ).rootpage;
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const err = await start(dataDir).then(
      (s) => s.stop().then(() => null),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(DatabaseDamagedError);
  });
});
