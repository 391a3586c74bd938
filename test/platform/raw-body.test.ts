// Routes that take a raw text body (a CSV file) instead of JSON: their own content type and
// size limit, UTF-8 only, the text handed to the handler as req.rawText; JSON routes keep
// their 1 MB limit.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import { z } from 'zod';
import { createApp } from '../../server/http/app.js';
import { route, type RouteDef } from '../../server/http/route.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

describe('HTTP platform: raw text bodies (rawBody route option)', () => {
  let ts: TestServer;
  let server: http.Server;
  let client: ApiClient;

  before(async () => {
    ts = await startTestServer();
    const routes: RouteDef[] = [
      route({
        method: 'post',
        path: '/t/csv',
        tag: 'test',
        summary: 'echoes a CSV body',
        auth: 'signed-in',
        query: z.strictObject({ flag: z.enum(['true', 'false']).optional() }),
        rawBody: { contentType: 'text/csv', limit: 3 * 1024 * 1024 },
        async handler(req) {
          return { length: req.rawText!.length, head: req.rawText!.slice(0, 20), flag: req.query.flag ?? null };
        },
      }),
      route({
        method: 'post',
        path: '/t/json',
        tag: 'test',
        summary: 'a JSON route beside it',
        auth: 'signed-in',
        body: z.strictObject({ text: z.string() }),
        async handler(req) {
          return { length: req.body.text.length };
        },
      }),
    ];
    const app = createApp({
      routes,
      auth: ts.server.modules.auth,
      logger: pino({ level: 'silent' }),
      clientDir: ts.dataDir,
      cookieSecure: false,
      trustProxy: false,
      sessionMaxHours: 12,
    });
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const admin = await adminClient(ts);
    client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    client.cookie = admin.cookie;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await ts.stop();
  });

  const csv = { 'content-type': 'text/csv; charset=utf-8' };

  it('hands a text body over 1 MB to the handler, with the query parsed', async () => {
    const big = 'code,name\n' + 'A00.000,霍乱\n'.repeat(120_000); // ≈ 2 MB of UTF-8
    expect(Buffer.byteLength(big)).to.be.greaterThan(1024 * 1024);
    const r = await client.post('/api/t/csv?flag=true', big, csv);
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({ length: big.length, head: big.slice(0, 20), flag: 'true' });
    const bom = await client.post('/api/t/csv', '\uFEFFcode,name\n', csv);
    expect(bom.body.head.charCodeAt(0)).to.equal(0xfeff); // kept for the handler to strip
  });

  it(
    'refuses a body over the route limit (413), the wrong content type (415), bad UTF-8 (400), ' + 'bad query (422)',
    async () => {
      const tooBig = await client.post('/api/t/csv', 'x'.repeat(3 * 1024 * 1024 + 1), csv);
      expect(tooBig.status).to.equal(413);
      expect(tooBig.body.error.code).to.equal('body_too_large');
      expect(tooBig.body.error.message).to.contain('3 MB');
      const json = await client.post('/api/t/csv', { a: 1 });
      expect(json.status).to.equal(415);
      const res = await fetch(client.baseUrl + '/api/t/csv', {
        method: 'POST',
        headers: { cookie: client.cookie, 'content-type': 'text/csv', 'x-lang': 'en' },
        body: Buffer.from([0x63, 0xff, 0xfe, 0x0a]),
      });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('bad_encoding');
      expect((await client.post('/api/t/csv?bogus=1', 'a', csv)).status).to.equal(422);
      expect((await new ApiClient(client.baseUrl).post('/api/t/csv', 'a', csv)).status).to.equal(401);
    },
  );

  it('leaves JSON routes at their 1 MB limit and JSON-only', async () => {
    expect((await client.post('/api/t/json', { text: 'x'.repeat(2 * 1024 * 1024) })).status).to.equal(413);
    expect((await client.post('/api/t/json', 'text', csv)).status).to.equal(415);
    expect((await client.post('/api/t/json', { text: 'ok' })).body).to.deep.equal({ length: 2 });
  });
});
