// Issue 9 item 5: the start refuses what it must not serve, with a message that says what to
// do and no stack trace — a second server on the same DATA_DIR (the lock a crash releases), a
// database with damaged pages (quick_check; `cli check` finds the newest good backup), and a
// bad configuration value.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { DataDirLockedError } from '../../db/lock.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { runCli, spawnServer, startMain } from './process.js';

const STACK = /^\s+at /m;

describe('start refusals: DATA_DIR lock, damaged database, bad configuration (issue 9 item 5)', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir('jiceng-datadir-');
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it(
    'a second server in the same process is refused while the first runs, and starts once ' + 'it stopped',
    async function () {
      this.timeout(60_000);
      const dataDir = fresh();
      const first = await startTestServer({ dataDir, keepData: true });
      let second: TestServer | null = null;
      try {
        const err = await startTestServer({ dataDir, keepData: true }).then(
          (s) => {
            second = s;
            return null;
          },
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(DataDirLockedError);
        expect((err as Error).message)
          .to.include(dataDir)
          .and.include(`pid ${process.pid}`)
          .and.include('Stop the other server first');
        // The first is untouched.
        expect((await fetch(`${first.url}/api/health`)).status).to.equal(200);
      } finally {
        await first.stop();
        await (second as TestServer | null)?.stop();
      }
      const again = await startTestServer({ dataDir, keepData: true });
      await again.stop();
    },
  );

  it(
    'a second server process is refused with a clear message; after the first is killed ' +
      '(SIGKILL) a new one starts',
    async function () {
      this.timeout(120_000);
      const dataDir = fresh();
      const a = await spawnServer(dataDir, { expectPassword: true });
      try {
        const b = await startMain(dataDir);
        const exit = await b.exited;
        expect(exit.code, b.stderr()).to.equal(1);
        expect(b.stderr())
          .to.include('Another Jiceng server is already using the data directory')
          .and.include(`pid ${a.child.pid}`);
        expect(b.stderr()).to.not.match(STACK);
        expect((await fetch(`${a.url}/api/health`)).status).to.equal(200);
      } finally {
        a.child.kill('SIGKILL');
        await a.exited;
      }
      // A crash leaves no lock behind.
      const c = await spawnServer(dataDir);
      c.child.kill('SIGTERM');
      expect((await c.exited).code).to.equal(0);
    },
  );

  it(
    'a database with damaged pages is not served: the start says what to do, `cli check` ' + 'finds the good backup',
    async function () {
      this.timeout(120_000);
      const dataDir = fresh();
      const ts = await startTestServer({ dataDir, keepData: true });
      await ts.stop();
      const backup = await runCli(dataDir, ['backup']);
      expect(backup.code, backup.stderr).to.equal(0);
      // Damage the pages of the audit log's table (header and schema stay readable).
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

      const proc = await startMain(dataDir);
      const exit = await proc.exited;
      expect(exit.code, proc.stderr()).to.equal(2);
      const stderr = proc.stderr();
      expect(stderr)
        .to.include('is damaged')
        .and.include('quick_check')
        .and.include('cli.js check')
        .and.include(path.join(dataDir, 'backups'));
      expect(stderr).to.include('Restore');
      expect(stderr).to.not.match(STACK);

      const check = await runCli(dataDir, ['check']);
      expect(check.code).to.equal(1);
      expect(check.stdout).to.match(new RegExp(`^DAMAGED  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      expect(check.stdout).to.match(/^ok {7}.*-backup\.sqlite$/m);
      expect(check.stdout).to.include('The newest good backup is');
    },
  );

  it('a bad configuration value prints only its message, for the server and the CLI', async function () {
    this.timeout(60_000);
    const dataDir = fresh();
    const envs: Record<string, string>[] = [{ PORT: 'abc' }, { LOGIN_IP_PER_MINUTE: '0' }, { TRUST_PROXY: 'maybe' }];
    for (const env of envs) {
      const proc = await startMain(dataDir, env);
      const exit = await proc.exited;
      const name = Object.keys(env)[0]!;
      expect(exit.code, proc.stderr()).to.equal(2);
      expect(proc.stderr()).to.include(`Environment variable ${name} must be`);
      expect(proc.stderr(), proc.stderr()).to.not.match(STACK);
      const cli = await runCli(dataDir, ['migrate'], env);
      expect(cli.code).to.equal(1);
      expect(cli.stderr).to.include(`Environment variable ${name} must be`);
      expect(cli.stderr).to.not.match(STACK);
    }
  });
});
