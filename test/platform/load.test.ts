// The server's load figures (issue 10 item 6): /api/health reports the event loop's delay and
// the requests in flight; the log warns when they grow; the request log's time runs from the
// request's arrival to the end of its response write.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { createApp } from '../../server/http/app.js';
import { createLoadMonitor, type LoadMonitor } from '../../server/http/load.js';
import { route } from '../../server/http/route.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the event loop is busy
  }
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

describe('load: event-loop delay, requests in flight, request timing', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts?.stop();
  });

  it('/api/health reports the event-loop delay and the requests in flight', async () => {
    const r = await fetch(`${ts.url}/api/health`);
    expect(r.status).to.equal(200);
    const h = (await r.json()) as Record<string, any>;
    expect(h.ok).to.equal(true);
    expect(h.eventLoopDelayMs).to.have.keys('p50', 'p99', 'max');
    for (const k of ['p50', 'p99', 'max']) expect(h.eventLoopDelayMs[k]).to.be.a('number').and.at.least(0);
    expect(h.inFlight).to.equal(1); // this request itself
    expect(h.inFlightMax).to.be.at.least(1);
    expect(h.loadIntervalSeconds).to.be.a('number');
  });

  describe('the monitor', () => {
    let monitor: LoadMonitor;
    let server: http.Server;
    let base: string;
    let log: ReturnType<typeof capture>;
    let releases: Array<() => void> = [];

    beforeEach(async () => {
      log = capture();
      monitor = createLoadMonitor({ logger: log.logger, intervalMs: 60_000, inFlightWarn: 3 });
      const holdRoutes = [
        route({
          method: 'get',
          path: '/t/hold',
          tag: 'test',
          summary: 'answers when released',
          auth: 'public',
          async handler() {
            await new Promise<void>((resolve) => releases.push(resolve));
            return { ok: true };
          },
        }),
        route({
          method: 'get',
          path: '/t/big',
          tag: 'test',
          summary: 'a large answer whose serialisation takes time',
          auth: 'public',
          async handler() {
            return { rows: Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` })) };
          },
        }),
      ];
      const app = createApp({
        routes: holdRoutes,
        auth: ts.server.modules.auth,
        logger: log.logger,
        clientDir: ts.dataDir,
        cookieSecure: false,
        trustProxy: false,
        sessionMaxHours: 12,
      });
      const handler = app.callback();
      server = http.createServer((req, res) => {
        monitor.track(req, res);
        // The request waits 80 ms before Koa sees it (as behind a busy event loop).
        setTimeout(() => void handler(req, res), 80);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      for (const r of releases) r();
      releases = [];
      monitor.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('counts requests from arrival until their answer is written', async () => {
      const pending = [0, 1, 2, 3].map(() => fetch(`${base}/api/t/hold`));
      while (releases.length < 4) await new Promise((r) => setTimeout(r, 5));
      expect(monitor.inFlight()).to.equal(4);
      expect(monitor.snapshot().inFlightMax).to.equal(4);
      for (const r of releases) r();
      releases = [];
      for (const p of pending) expect((await p).status).to.equal(200);
      await new Promise((r) => setTimeout(r, 20));
      expect(monitor.inFlight()).to.equal(0);
    });

    it('warns once when many requests stay in flight through an interval', async () => {
      const pending = [0, 1, 2, 3].map(() => fetch(`${base}/api/t/hold`));
      while (releases.length < 4) await new Promise((r) => setTimeout(r, 5));
      monitor.tick(); // the interval in which they arrived: not a whole interval in flight yet
      monitor.tick(); // a whole interval with 4 ≥ 3 in flight
      monitor.tick(); // still, but rate-limited
      const warns = log.lines.filter((l) => l.msg === 'many requests in flight');
      expect(warns).to.have.length(1);
      expect(warns[0]!.level).to.equal(40);
      expect(warns[0]!.inFlight).to.equal(4);
      for (const r of releases) r();
      releases = [];
      await Promise.all(pending);
    });

    it('measures the event loop delay over the interval and warns (rate-limited) past 100 ms', async () => {
      await new Promise((r) => setTimeout(r, 30));
      block(250);
      await new Promise((r) => setTimeout(r, 30));
      monitor.tick();
      const s = monitor.snapshot();
      expect(s.eventLoopDelayMs.max).to.be.at.least(150);
      expect(s.eventLoopDelayMs.p99).to.be.at.least(100);
      block(250);
      await new Promise((r) => setTimeout(r, 30));
      monitor.tick();
      const warns = log.lines.filter((l) => l.msg === 'event loop delayed');
      expect(warns).to.have.length(1);
      expect((warns[0]!.eventLoopDelayMs as { p99: number }).p99).to.be.at.least(100);
      // The next interval starts afresh.
      await new Promise((r) => setTimeout(r, 50));
      monitor.tick();
      expect(monitor.snapshot().eventLoopDelayMs.max).to.be.below(250);
    });

    it('logs a request’s time from its arrival to the end of its response write', async () => {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/t/big`);
      const body = (await r.json()) as { rows: unknown[] };
      const clientMs = performance.now() - t0;
      expect(body.rows).to.have.length(200_000);
      await new Promise((r) => setTimeout(r, 20));
      const line = log.lines.find((l) => l.msg === 'request' && l.path === '/api/t/big');
      expect(line, 'request logged').to.not.equal(undefined);
      // The 80 ms before Koa saw it count, and so does writing the answer.
      expect(line!.ms as number).to.be.at.least(80);
      expect(line!.ms as number).to.be.at.most(clientMs + 5);
      expect(line!.status).to.equal(200);
      expect(line!.aborted).to.equal(undefined);
    });
  });
});
