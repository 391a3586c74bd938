// The platform's error path and write path, through createApp with test-only routes on
// the real auth service and database: internal errors never leak, text is stored
// verbatim, params are validated, and idempotent routes replay instead of repeating.
import http from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import { z } from 'zod';
import { createApp } from '../../server/http/app.js';
import { created, route, type RouteDef } from '../../server/http/route.js';
import { idParam } from '../../server/http/validation.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

describe('HTTP platform: errors and writes through createApp (test-only routes)', () => {
  let ts: TestServer;
  let server: http.Server;
  let base: string;
  let client: ApiClient;
  const logLines: string[] = [];
  const SECRET = 'secret-detail-from-the-depths-7f3a';

  before(async () => {
    ts = await startTestServer();
    const { uow, auth, db } = ts.server.modules;
    let effects = 0;
    const Note = z.strictObject({ text: z.string().max(2000) });
    const routes: RouteDef[] = [
      route({
        method: 'get',
        path: '/t/boom',
        tag: 'test',
        summary: 'throws a plain Error',
        auth: 'public',
        async handler() {
          throw new Error(`${SECRET} at /srv/jiceng/server/x.ts:12`);
        },
      }),
      route({
        method: 'get',
        path: '/t/boom-async',
        tag: 'test',
        summary: 'rejects with a TypeError from deep code',
        auth: 'public',
        async handler() {
          await new Promise((r) => setTimeout(r, 1));
          const o = null as unknown as { x: { y: number } };
          return { y: o.x.y };
        },
      }),
      route({
        method: 'get',
        path: '/t/boom-sql',
        tag: 'test',
        summary: 'a failing SQL statement',
        auth: 'public',
        async handler() {
          return db
            .selectFrom('no_such_table' as 'users')
            .selectAll()
            .execute();
        },
      }),
      route({
        method: 'get',
        path: '/t/items/:id',
        tag: 'test',
        summary: 'validated params',
        auth: 'public',
        params: idParam,
        async handler(req) {
          return { id: req.params.id };
        },
      }),
      route({
        method: 'post',
        path: '/t/notes',
        tag: 'test',
        summary: 'stores a note through the unit of work',
        auth: 'signed-in',
        body: Note,
        idempotent: true,
        async handler(req) {
          const stored = await uow.write(async (tx) => {
            effects++;
            const key = `note:${effects}:${Math.random().toString(36).slice(2)}`;
            await tx.db
              .insertInto('settings')
              .values({ key, value_json: JSON.stringify({ text: req.body.text }), updated_at: tx.now })
              .execute();
            await tx.audit(req.actor!, {
              action: 'test.note',
              entity: 'setting',
              entityId: key,
              after: { text: req.body.text },
            });
            return { key, text: req.body.text, effects };
          }, req.idem);
          return created(stored);
        },
      }),
      route({
        method: 'get',
        path: '/t/notes/:key',
        tag: 'test',
        summary: 'reads a note back',
        auth: 'signed-in',
        params: z.strictObject({ key: z.string().max(200) }),
        async handler(req) {
          const row = await db
            .selectFrom('settings')
            .select('value_json')
            .where('key', '=', req.params.key)
            .executeTakeFirstOrThrow();
          return JSON.parse(row.value_json) as { text: string };
        },
      }),
    ];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString('utf8'));
        cb();
      },
    });
    const app = createApp({
      routes,
      auth,
      logger: pino({ level: 'error' }, sink),
      clientDir: ts.dataDir,
      cookieSecure: false,
      trustProxy: false,
      sessionMaxHours: 12,
    });
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const admin = await adminClient(ts); // signs in against the real server: same auth service, same sessions
    client = new ApiClient(base);
    client.cookie = admin.cookie;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await ts.stop();
  });

  it('an internal error is a plain 500 with no stack, message or path, and it is logged', async () => {
    for (const p of ['/api/t/boom', '/api/t/boom-async', '/api/t/boom-sql']) {
      for (const lang of ['en', 'zh']) {
        const res = await fetch(base + p, { headers: { 'x-lang': lang } });
        const text = await res.text();
        expect(res.status, p).to.equal(500);
        const body = JSON.parse(text) as { error: { code: string; message: string } };
        expect(Object.keys(body)).to.deep.equal(['error']);
        expect(body.error.code).to.equal('internal');
        expect(Object.keys(body.error).sort()).to.deep.equal(['code', 'message']);
        expect(text).to.not.contain(SECRET);
        expect(text).to.not.match(/\bat .*:\d+|\.ts\b|node_modules|TypeError|SqliteError|no_such_table/);
        expect(res.headers.get('content-type')).to.match(/^application\/json/);
      }
    }
    const logged = logLines.join('');
    expect(logged).to.contain(SECRET); // the operator can find it
    expect(logged).to.contain('no_such_table');
  });

  it('bad path parameters are 400 naming the parameter', async () => {
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const r = await client.get(`/api/t/items/${bad}`);
      expect(r.status, bad).to.equal(400);
      expect(r.body.error.field).to.equal('id');
    }
    expect((await client.get('/api/t/items/7')).body).to.deep.equal({ id: 7 });
  });

  it('stores SQL- and HTML-looking text verbatim and returns it as JSON', async () => {
    const samples = [
      "Robert'); DROP TABLE users;--",
      '" OR ""="',
      '<script>alert("x")</script>',
      '<img src=x onerror=alert(1)>',
      '%00\u0000 nul and 表情 😀 and \\u0041',
      '{{constructor.constructor("alert(1)")()}}',
    ];
    let n = 0;
    for (const text of samples) {
      const w = await client.post('/api/t/notes', { text }, { 'idempotency-key': `verbatim-${n++}-abcdef` });
      expect(w.status, text).to.equal(201);
      expect(w.body.text).to.equal(text);
      const r = await client.get(`/api/t/notes/${encodeURIComponent(w.body.key)}`);
      expect(r.status).to.equal(200);
      expect(r.body.text).to.equal(text);
      expect(r.headers.get('content-type')).to.match(/^application\/json/);
    }
    const users = ts.server.open.raw.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
    expect(users.n).to.equal(1);
  });

  it('an idempotent route needs a key, replays a retry and refuses a reused key', async () => {
    const none = await client.post('/api/t/notes', { text: 'a' });
    expect(none.status).to.equal(400);
    expect(none.body.error.code).to.equal('idempotency_key_required');
    expect(none.body.error.field).to.equal('Idempotency-Key');
    const short = await client.post('/api/t/notes', { text: 'a' }, { 'idempotency-key': 'short' });
    expect(short.status).to.equal(400);

    const key = { 'idempotency-key': 'retry-key-000001' };
    const first = await client.post('/api/t/notes', { text: 'once' }, key);
    expect(first.status).to.equal(201);
    const again = await client.post('/api/t/notes', { text: 'once' }, key);
    expect(again.status).to.equal(201);
    expect(again.body).to.deep.equal(first.body);
    const stored = ts.server.open.raw
      .prepare('SELECT count(*) AS n FROM settings WHERE value_json = ?')
      .get(JSON.stringify({ text: 'once' })) as { n: number };
    expect(stored.n).to.equal(1);

    const reused = await client.post('/api/t/notes', { text: 'different' }, key);
    expect(reused.status).to.equal(409);
    expect(reused.body.error.code).to.equal('idempotency_key_reused');
    expect(reused.body.error.field).to.equal('Idempotency-Key');
    const none2 = ts.server.open.raw
      .prepare('SELECT count(*) AS n FROM settings WHERE value_json = ?')
      .get(JSON.stringify({ text: 'different' })) as { n: number };
    expect(none2.n).to.equal(0);
  });
});
