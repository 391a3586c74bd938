// Issue 9 item 2 (and 5: locked vs unknown accounts): the lockout counts failures
// atomically under concurrency, a per-IP throttle stops fast guessing, and nothing in the
// answer (status, code, message, or the time it takes) tells which usernames exist.
import { expect } from 'chai';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';

function userRow(ts: TestServer, username: string): { failed_attempts: number; locked_until: number | null } {
  return ts.server.open.raw
    .prepare('SELECT failed_attempts, locked_until FROM users WHERE username = ?')
    .get(username) as {
    failed_attempts: number;
    locked_until: number | null;
  };
}

describe('auth: lockout under concurrency, per-IP throttle, no username oracle', () => {
  describe('with a generous per-IP throttle', () => {
    let ts: TestServer;
    before(async () => {
      ts = await startTestServer({ config: { loginIpPerMinute: 10_000 } });
      await adminClient(ts);
    });
    after(async () => ts.stop());

    it('30 parallel wrong passwords lock the account and count all 30 failures', async function () {
      this.timeout(60_000);
      const u = await makeUser(ts, ['nurse']);
      const c = new ApiClient(ts.url);
      const answers = await Promise.all(Array.from({ length: 30 }, () => c.signIn(u.username, 'Wrong12345')));
      for (const a of answers) {
        expect(a.status).to.equal(401);
        expect(a.body.error.code).to.equal('invalid_credentials');
      }
      const row = userRow(ts, u.username);
      expect(row.failed_attempts).to.equal(30);
      expect(row.locked_until).to.be.a('number').and.greaterThan(Date.now());
      // Locked: even the right password is refused, answered like any wrong one.
      const right = await c.signIn(u.username, 'Jiceng2026ok');
      expect(right.status).to.equal(401);
      expect(right.body.error.code).to.equal('invalid_credentials');
      const audit = ts.server.open.raw
        .prepare(
          `SELECT count(*) AS n FROM audit_log WHERE action = 'auth.sign-in' AND entity_id = ? AND outcome IN ` +
            `('failed', 'denied')`,
        )
        .get(String(u.userId)) as { n: number };
      expect(audit.n).to.equal(31);
    });

    it(
      'a locked account answers exactly like an unknown username and a wrong password, and ' +
        'all cost a password check',
      async function () {
        this.timeout(60_000);
        const locked = await makeUser(ts, ['nurse']);
        const open = await makeUser(ts, ['nurse']);
        const c = new ApiClient(ts.url);
        for (let i = 0; i < 5; i++) await c.signIn(locked.username, 'Wrong12345');
        expect(userRow(ts, locked.username).locked_until).to.be.a('number');
        for (const lang of ['zh', 'en'] as const) {
          c.lang = lang;
          const a = await c.signIn(locked.username, 'Jiceng2026ok');
          const b = await c.signIn('nobody-' + Date.now(), 'Jiceng2026ok');
          const w = await c.signIn(open.username, 'Wrong12345');
          expect(a.status).to.equal(b.status).and.to.equal(w.status);
          expect(a.body).to.deep.equal(b.body);
          expect(w.body).to.deep.equal(b.body);
        }
        await c.signIn(open.username, 'Jiceng2026ok'); // reset its counter
        // Timing: the unknown username and the locked account spend a scrypt check like a wrong password.
        const median = async (fn: () => Promise<unknown>) => {
          const ms: number[] = [];
          for (let i = 0; i < 5; i++) {
            const t0 = performance.now();
            await fn();
            ms.push(performance.now() - t0);
          }
          return ms.sort((x, y) => x - y)[2]!;
        };
        const wrong = await median(async () => {
          await c.signIn(open.username, 'Wrong12345');
          ts.server.open.raw.prepare('UPDATE users SET failed_attempts = 0 WHERE username = ?').run(open.username);
        });
        const unknown = await median(() => c.signIn('nobody-x', 'Wrong12345'));
        const lockedMs = await median(() => c.signIn(locked.username, 'Wrong12345'));
        expect(unknown, `unknown ${unknown} ms vs wrong ${wrong} ms`).to.be.greaterThan(wrong * 0.4);
        expect(lockedMs, `locked ${lockedMs} ms vs wrong ${wrong} ms`).to.be.greaterThan(wrong * 0.4);
      },
    );
  });

  describe('with the per-IP throttle at 5 a minute', () => {
    let ts: TestServer;
    before(async () => {
      ts = await startTestServer({ config: { loginIpPerMinute: 5 } });
    });
    after(async () => ts.stop());

    it('answers 429 with Retry-After once an address has used its attempts, whatever the usernames', async function () {
      this.timeout(30_000);
      const c = new ApiClient(ts.url);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => c.signIn(`guess${i}`, 'Wrong12345')));
      const throttled = answers.filter((a) => a.status === 429);
      expect(answers.filter((a) => a.status === 401)).to.have.length(5);
      expect(throttled).to.have.length(7);
      const t = throttled[0]!;
      expect(t.body.error.code).to.equal('too_many_sign_ins');
      expect(t.body.error.message).to.match(/Too many sign-in attempts from this computer/);
      const retry = Number(t.headers.get('retry-after'));
      expect(retry).to.be.within(1, 60);
      c.lang = 'zh';
      const zh = await c.signIn('admin', ts.admin.password);
      expect(zh.status).to.equal(429);
      expect(zh.body.error.message).to.match(/登录尝试过于频繁/);
      const rows = ts.server.open.raw
        .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'auth.sign-in'`)
        .get() as { n: number };
      expect(rows.n).to.equal(5); // throttled attempts never reached a password check
    });
  });
});
