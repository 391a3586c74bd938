// Durability: kill the server with SIGKILL in the middle of a stream of writes. On restart
// every write that was acknowledged is there, and the database passes integrity_check.
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { ApiClient, STRONG_PASSWORD, tempDir } from '../helpers/server.js';
import { spawnServer, type ServerProcess } from './process.js';

describe('ops: SIGKILL during a stream of writes', function () {
  this.timeout(180_000);
  let dataDir: string;
  const children: ServerProcess[] = [];

  before(() => {
    dataDir = tempDir('jiceng-sigkill-');
  });
  after(() => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, and the database is intact', async () => {
    const first = await spawnServer(dataDir, { expectPassword: true });
    children.push(first);
    expect(first.password, 'one-time password on stdout').to.be.a('string');

    const admin = new ApiClient(first.url);
    expect((await admin.signIn('admin', first.password!)).status).to.equal(200);
    const ch = await admin.post('/api/auth/change-password', {
      currentPassword: first.password,
      newPassword: STRONG_PASSWORD,
    });
    expect(ch.status, JSON.stringify(ch.body)).to.equal(200);

    // Four writers stream department creations; every 201 is an acknowledged write.
    const acked = new Map<string, number>();
    let next = 0;
    let attempted = 0;
    let killed = false;
    const KILL_AFTER = 200;
    const MAX_ATTEMPTS = 5_000; // a bound, never reached when the server works
    const writer = async () => {
      while (!killed && attempted < MAX_ATTEMPTS) {
        const i = next++;
        attempted++;
        const code = `K${i}`;
        let r: { status: number; body: any };
        try {
          r = await admin.post('/api/departments', { code, name: `压测科室${i}`, kind: 'clinic' });
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
        if (r.status === 201) {
          acked.set(code, r.body.id as number);
          if (acked.size >= KILL_AFTER && !killed) {
            killed = true;
            first.child.kill('SIGKILL'); // the other writers still have requests in flight
          }
        } else if (!killed) {
          throw new Error(`unexpected answer to a department write: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    expect(killed, `killed after ${acked.size} acknowledged writes of ${attempted}`).to.equal(true);
    const exit = await first.exited;
    expect(exit.signal).to.equal('SIGKILL');

    // Restart on the same data directory: no new administrator, every acknowledged write there.
    const second = await spawnServer(dataDir);
    children.push(second);
    expect(second.password, 'no second first-administrator').to.equal(null);
    const again = new ApiClient(second.url);
    expect((await again.signIn('admin', STRONG_PASSWORD)).status).to.equal(200);
    const list = await again.get('/api/departments');
    expect(list.status).to.equal(200);
    const byCode = new Map<string, number>(
      (list.body.items as Array<{ code: string; id: number }>).map((d) => [d.code, d.id]),
    );
    const missing = [...acked].filter(([code, id]) => byCode.get(code) !== id).map(([code]) => code);
    expect(missing, 'acknowledged writes missing after the restart').to.deep.equal([]);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).to.equal(0);

    const raw = new SQLite(`${dataDir}/jiceng.sqlite`, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).to.equal('ok');
      expect(raw.pragma('foreign_key_check')).to.deep.equal([]);
      const n = (raw.prepare(`SELECT count(*) AS n FROM departments WHERE code LIKE 'K%'`).get() as { n: number }).n;
      expect(n).to.be.at.least(acked.size);
      // Each created department was audited in the same transaction.
      const audited = (
        raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'department.create'`).get() as { n: number }
      ).n;
      expect(audited).to.equal(n);
    } finally {
      raw.close();
    }
  });
});
