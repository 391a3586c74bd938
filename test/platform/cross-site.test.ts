// Issue 9 item 3: cross-site requests. Every write route of the OpenAPI document is tried the
// way a foreign web page would (a form POST carrying the signed-in user's cookie): refused
// with 403 before anything runs, and the database does not change. Every write needs JSON,
// even one without a body; the center's own origin (and X-Forwarded-Host behind a trusted
// proxy) still works.
import http from 'node:http';
import { expect } from 'chai';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

interface Raw {
  status: number;
  body: any;
}

/** A request with exactly these headers (http.request: Host, Origin and Referer as given). */
function send(base: string, method: string, p: string, headers: Record<string, string>, body = ''): Promise<Raw> {
  const u = new URL(base + p);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface WriteOp {
  method: string;
  path: string;
  hasBody: boolean;
  raw: boolean;
}

function writeOps(doc: any): WriteOp[] {
  const ops: WriteOp[] = [];
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (!['post', 'put', 'patch', 'delete'].includes(m)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: m.toUpperCase(),
        path: p.replace(/\{[^}]+\}/g, '1'),
        hasBody: !!op.requestBody,
        raw: !!op.requestBody && !('application/json' in content),
      });
    }
  }
  return ops;
}

function fingerprint(ts: TestServer): string {
  const db = ts.server.open.raw;
  const tables = (
    db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);
  return JSON.stringify(tables.map((tb) => [tb, db.prepare(`SELECT * FROM "${tb}"`).all()]));
}

describe('cross-site requests: origin check and JSON on every write (issue 9 item 3)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let ops: WriteOp[];
  let host: string;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    ops = writeOps((await admin.get('/api/openapi.json')).body);
    host = new URL(ts.url).host;
  });
  after(async () => ts.stop());

  it('refuses a foreign-origin form POST to every write route, and nothing changes', async function () {
    this.timeout(120_000);
    expect(ops.length).to.be.greaterThan(50);
    const before = fingerprint(ts);
    for (const op of ops) {
      const foreigns: Record<string, string>[] = [
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { referer: 'http://evil.example/attack.html' },
        { origin: `http://${host}.evil.example` },
      ];
      for (const foreign of foreigns) {
        const r = await send(
          ts.url,
          op.method,
          op.path,
          {
            host,
            cookie: admin.cookie,
            'content-type': 'application/x-www-form-urlencoded',
            'x-lang': 'en',
            ...foreign,
          },
          op.hasBody ? 'a=1' : '',
        );
        const where = `${op.method} ${op.path} ${JSON.stringify(foreign)}`;
        expect(r.status, where).to.equal(403);
        expect(r.body.error.code, where).to.equal('cross_origin');
        expect(r.body.error.message, where).to.match(/another site/);
      }
    }
    expect(fingerprint(ts)).to.equal(before);
  });

  it(
    'the body-less writes (reset password, unlock, queue call/recall/pass, display token, ' +
      'print …) are refused cross-site and need JSON even when empty',
    async function () {
      this.timeout(60_000);
      const bodyless = ops.filter((o) => !o.hasBody);
      // The issue counted 13 kinds of body-less write routes; there may be more now, never fewer.
      expect(bodyless.length).to.be.at.least(13);
      const paths = bodyless.map((o) => o.path).join(' ');
      for (const kind of ['reset-password', 'unlock', 'call', 'recall', 'pass', 'token', 'reprint'])
        expect(paths, kind).to.contain(kind);
      const before = fingerprint(ts);
      for (const op of bodyless) {
        const where = `${op.method} ${op.path}`;
        const cross = await send(ts.url, op.method, op.path, {
          host,
          origin: 'http://evil.example',
          cookie: admin.cookie,
          'content-type': 'text/plain',
        });
        expect(cross.status, where).to.equal(403);
        // Same origin (or no Origin at all, e.g. curl) but not JSON: 415, even with an empty body.
        const sameOrNone: Record<string, string>[] = [{ origin: `http://${host}` }, {}];
        for (const h of sameOrNone) {
          for (const type of [
            'application/x-www-form-urlencoded',
            'text/plain',
            'multipart/form-data; boundary=x',
            undefined,
          ]) {
            const r = await send(ts.url, op.method, op.path, {
              host,
              cookie: admin.cookie,
              'x-lang': 'en',
              ...h,
              ...(type ? { 'content-type': type } : {}),
            });
            expect(r.status, `${where} ${type}`).to.equal(415);
            expect(r.body.error.code).to.equal('unsupported_media_type');
          }
        }
      }
      expect(fingerprint(ts)).to.equal(before);
    },
  );

  it('the center’s own origin passes: an empty JSON write acts', async () => {
    const u = ts.server.open.raw.prepare(`UPDATE users SET locked_until = ? WHERE id = 1`).run(Date.now() + 600_000);
    expect(u.changes).to.equal(1);
    const r = await send(ts.url, 'POST', '/api/users/1/unlock', {
      host,
      origin: `http://${host}`,
      cookie: admin.cookie,
      'content-type': 'application/json',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.lockedUntil).to.equal(null);
    // The test client (like the browser client) sends JSON on every write, with or without a body.
    const again = await admin.post('/api/users/1/unlock');
    expect(again.status).to.equal(200);
  });

  it('X-Forwarded-Host is ignored unless TRUST_PROXY', async () => {
    const r = await send(ts.url, 'POST', '/api/users/1/unlock', {
      host,
      origin: 'https://his.center.example',
      'x-forwarded-host': 'his.center.example',
      cookie: admin.cookie,
      'content-type': 'application/json',
    });
    expect(r.status).to.equal(403);
    const proxied = await startTestServer({ config: { trustProxy: true } });
    try {
      const a = await adminClient(proxied);
      const h = new URL(proxied.url).host;
      const ok = await send(proxied.url, 'POST', '/api/users/1/unlock', {
        host: h,
        origin: 'https://his.center.example',
        'x-forwarded-host': 'his.center.example',
        'x-forwarded-proto': 'https',
        cookie: a.cookie,
        'content-type': 'application/json',
      });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      const bad = await send(proxied.url, 'POST', '/api/users/1/unlock', {
        host: h,
        origin: 'https://evil.example',
        'x-forwarded-host': 'his.center.example',
        cookie: a.cookie,
        'content-type': 'application/json',
      });
      expect(bad.status).to.equal(403);
    } finally {
      await proxied.stop();
    }
  });
});
