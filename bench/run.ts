// `npm run bench`: the platform's figures beside their raw primitives, measured in the same
// run on the same machine with the same clients (see DESIGN.md "Targets"):
//   (a) authenticated reads           vs a bare Koa route (same JSON, same keep-alive client)
//   (b) audited writes (HTTP, uow)    vs a bare better-sqlite3 INSERT (same pragmas, own file)
//   (c) commit -> all 200 screens     vs a bare socket.io server emitting to 200 clients
//   plus cold start (fresh process, existing database) and RSS with 200 sockets;
//   then the outpatient writes, patient search and the stock reports (each after its history),
//   and the server under load on a year of history with the ledgers (bench/day.ts): cold start
//   from spawn, registrations/s with 32 clients, a simulated day of 3,000 registrations.
// Prints a table and one JSON line per figure. Sizes: BENCH_READS, BENCH_WRITES, BENCH_EVENTS,
// BENCH_SCREENS, BENCH_CLIENT_PROCS; `npm run bench -- --quick` for a smoke-test size.
import { quick } from './lib/quick.js';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import SQLite from 'better-sqlite3';
import { build } from 'esbuild';
import Koa from 'koa';
import Router from '@koa/router';
import { pino } from 'pino';
import { Server as IoServer } from 'socket.io';
import { applyPragmas } from '../db/connection.js';
import { loadConfig } from '../server/config.js';
import { createServer } from '../server/server.js';
import type { FromClients, ToClients } from './clients.js';
import { KeepAliveClient } from './lib/http.js';
import { jsonLine, meets, summarize, table, type Figure } from './lib/stats.js';
import { benchDispense } from './pharmacy.js';
import { benchCharge } from './billing.js';
import { benchInsurance } from './insurance.js';
import { benchSign } from './orders.js';
import { benchRegistration } from './registration.js';
import { benchPatientSearch } from './patients.js';
import { benchStockReports } from './stock-reports.js';
import { benchStockPosting } from './stock-posting.js';
import { benchLoad } from './day.js';
import { rawEvent } from '../test/helpers/raw-event.js';

const env = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const READS = env('BENCH_READS', 2000);
const WRITES = env('BENCH_WRITES', 500);
const EVENTS = env('BENCH_EVENTS', 200);
const SCREENS = env('BENCH_SCREENS', 200);
const CLIENT_PROCS = env('BENCH_CLIENT_PROCS', 2);
const COLD_STARTS = env('BENCH_COLD_STARTS', 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (s: string) => process.stderr.write(s + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `a` and `b` alternately in rounds so that background load hits both alike. */
async function alternate(
  total: number,
  warm: number,
  rounds: number,
  a: (i: number) => Promise<number>,
  b: (i: number) => Promise<number>,
) {
  const sa: number[] = [];
  const sb: number[] = [];
  let ia = 0;
  let ib = 0;
  for (let k = 0; k < warm; k++) {
    await a(ia++);
    await b(ib++);
  }
  const per = Math.ceil(total / rounds);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < per && sa.length < total; k++) sa.push(await a(ia++));
    for (let k = 0; k < per && sb.length < total; k++) sb.push(await b(ib++));
  }
  return { a: summarize(sa), b: summarize(sb) };
}

/** The screens: child processes with socket.io clients, reporting when all have an event. */
class Screens {
  private procs: ChildProcess[] = [];
  private waiting = new Map<string, { left: number; max: bigint; resolve: (at: bigint) => void }>();
  private ready = new Map<
    string,
    { left: number; connected: number; resolve: (n: number) => void; reject: (e: Error) => void }
  >();

  start(n: number): void {
    for (let k = 0; k < n; k++) {
      const p = fork(path.join(here, 'clients.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      p.on('message', (m: FromClients) => this.onMessage(m));
      this.procs.push(p);
    }
  }

  private onMessage(m: FromClients): void {
    if (m.type === 'all') {
      const w = this.waiting.get(`${m.set}:${m.i}`);
      if (!w) return;
      const at = BigInt(m.at);
      if (at > w.max) w.max = at;
      if (--w.left === 0) {
        this.waiting.delete(`${m.set}:${m.i}`);
        w.resolve(w.max);
      }
    } else if (m.type === 'ready') {
      const r = this.ready.get(m.set)!;
      r.connected += m.connected;
      if (--r.left === 0) r.resolve(r.connected);
    } else if (m.type === 'error') {
      for (const r of this.ready.values()) r.reject(new Error(m.message));
    }
  }

  connect(set: string, url: string, cookie: string | null, total: number, subscribe: string[] | null): Promise<number> {
    return new Promise((resolve, reject) => {
      this.ready.set(set, { left: this.procs.length, connected: 0, resolve, reject });
      const per = Math.floor(total / this.procs.length);
      this.procs.forEach((p, k) => {
        const n = k === this.procs.length - 1 ? total - per * (this.procs.length - 1) : per;
        const msg: ToClients = { type: 'connect', set, url, cookie, n, subscribe };
        p.send(msg);
      });
    });
  }

  /** Register BEFORE causing the event: resolves with the hrtime at which the last screen had it. */
  expect(set: string, i: number): Promise<bigint> {
    return new Promise((resolve) => this.waiting.set(`${set}:${i}`, { left: this.procs.length, max: 0n, resolve }));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            p.once('exit', () => resolve());
            p.send({ type: 'close' } satisfies ToClients);
          }),
      ),
    );
  }
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

interface ServerInfo {
  importMs: number;
  createListenMs: number;
  healthy: boolean;
  url: string;
}

/**
 * bench/coldstart.ts compiled to plain JavaScript (esbuild, packages external) under bench/.out,
 * so the server process runs like production (node on compiled JS, no tsx loader in memory).
 */
async function compiledServerEntry(): Promise<string> {
  const outfile = path.join(here, '.out', 'server-process.mjs');
  await build({
    entryPoints: [path.join(here, 'coldstart.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

let serverEntry = '';

/** A Jiceng server in its own process on an existing database (bench/coldstart.ts, compiled). */
function serverProcess(
  dataDir: string,
  keep: boolean,
): Promise<{ info: ServerInfo; child: ChildProcess; spawnToReadyMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = fork(serverEntry, [], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_KEEP: keep ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve({ info: m as ServerInfo, child, spawnToReadyMs: performance.now() - t0 }));
    child.once('exit', (code) => code !== 0 && reject(new Error(`server process exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const began = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-'));
  const figures: Figure[] = [];
  // Each figure also goes to stderr as its JSON line once measured, so a later failure loses none.
  const keep = figures.push.bind(figures);
  figures.push = (...fs: Figure[]) => {
    for (const f of fs) log(jsonLine(f));
    return keep(...fs);
  };
  const notes: string[] = [];
  log(
    `jiceng bench: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, data in ${dir}`,
  );

  // --- the Jiceng server, signed in as the administrator ---------------------------------
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir: path.join(dir, 'jiceng') });
  let first = { username: 'admin', password: '' };
  const server = await createServer(config, { logger: pino({ level: 'silent' }), onFirstAdmin: (a) => (first = a) });
  const url = await server.listen(0, '127.0.0.1');
  const api = new KeepAliveClient(url);
  const signIn = await api.request('POST', '/api/auth/sign-in', { username: first.username, password: first.password });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
  const newPassword = 'BenchPass2026';
  const ch = await api.request('POST', '/api/auth/change-password', { currentPassword: first.password, newPassword });
  if (ch.status !== 200) throw new Error(`password change failed: ${ch.body}`);
  const doc = JSON.parse((await api.request('GET', '/api/openapi.json')).body) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const has = (method: string, p: string) => Boolean(doc.paths[p]?.[method]);

  // --- (c) commit -> every one of 200 screens has the event -------------------------------
  log(`(c) connecting ${SCREENS} screens to Jiceng in ${CLIENT_PROCS} client processes ...`);
  const screens = new Screens();
  screens.start(CLIENT_PROCS);
  const connectedJ = await screens.connect('jiceng', url, api.cookie, SCREENS, ['admin']);
  if (connectedJ !== SCREENS) throw new Error(`only ${connectedJ} of ${SCREENS} screens connected`);
  await sleep(500);
  const rawHttp = http.createServer();
  const rawIo = new IoServer(rawHttp, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  rawIo.on('connection', (s) => void s.join('bench'));
  const rawIoUrl = await listen(rawHttp);
  const connectedR = await screens.connect('raw', rawIoUrl, null, SCREENS, null);
  if (connectedR !== SCREENS) throw new Error(`only ${connectedR} of ${SCREENS} raw screens connected`);

  const commitMs: number[] = [];
  const pushJiceng = async (i: number) => {
    const done = screens.expect('jiceng', i);
    const t0 = process.hrtime.bigint();
    await server.modules.uow.write(async (tx) => {
      tx.emit(rawEvent('bench:pushed', ['admin'], { bench: 'jiceng', i }));
    });
    commitMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const at = await done;
    await sleep(2);
    return Number(at - t0) / 1e6;
  };
  let rawSeq = 0;
  const pushRaw = async (i: number) => {
    const done = screens.expect('raw', i);
    const t0 = process.hrtime.bigint();
    rawIo
      .to('bench')
      .emit('event', { seq: ++rawSeq, name: 'bench:pushed', at: Date.now(), payload: { bench: 'raw', i } });
    const at = await done;
    await sleep(2);
    return Number(at - t0) / 1e6;
  };
  log(`(c) ${EVENTS} events each, alternating Jiceng and bare socket.io ...`);
  const push = await alternate(EVENTS, 20, 10, pushJiceng, pushRaw);
  const commitOnly = summarize(commitMs.slice(20));
  figures.push({
    figure: `commit -> all ${SCREENS} screens`,
    unit: 'ms',
    value: push.a,
    raw: push.b,
    rawLabel: `bare socket.io emit to ${SCREENS}`,
    target: { percentile: 'p99', limit: 50, maxRatio: 2 },
  });
  notes.push(
    `(c) of which uow.write() itself (transaction + fsync, synchronous=FULL): ` +
      `p50 ${commitOnly.p50.toFixed(2)} ms, p99 ${commitOnly.p99.toFixed(2)} ms`,
  );
  await screens.stop();
  await new Promise<void>((r) => rawIo.close(() => r()));

  // --- (a) authenticated reads vs a bare Koa route ----------------------------------------
  const meBody = JSON.parse((await api.request('GET', '/api/auth/me')).body) as unknown;
  const reads: Array<{ label: string; path: string; body: unknown }> = [
    { label: 'GET /api/auth/me (session cookie)', path: '/api/auth/me', body: meBody },
  ];
  if (has('get', '/api/departments')) {
    for (let k = 0; k < 20; k++) {
      const r = await api.request('POST', '/api/departments', { code: `R${k}`, name: `读测科室${k}`, kind: 'clinic' });
      if (r.status !== 201) throw new Error(`department create failed: ${r.body}`);
    }
    reads.push({
      label: 'GET /api/departments (21 rows)',
      path: '/api/departments',
      body: JSON.parse((await api.request('GET', '/api/departments')).body) as unknown,
    });
  }
  const bare = new Koa();
  const bareRouter = new Router();
  for (const [k, r] of reads.entries()) bareRouter.get(`/bare/${k}`, (ctx) => void (ctx.body = r.body));
  // For context: the same department rows through a bare better-sqlite3 SELECT on the Jiceng file.
  const deptSelect = server.open.raw.prepare(
    'SELECT id, code, name, kind, phone, location, active, pinyin_initials, version FROM departments ORDER BY code',
  );
  bareRouter.get('/bare-select', (ctx) => {
    const rows = deptSelect.all() as Array<Record<string, unknown>>;
    ctx.body = { items: rows.map((r) => ({ ...r, active: r.active === 1 })) };
  });
  const sink = new SQLite(path.join(dir, 'raw.sqlite'));
  applyPragmas(sink);
  sink.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)');
  const rawInsert = sink.prepare('INSERT INTO t (at, name, body) VALUES (?, ?, ?)');
  bareRouter.post('/bare/write', async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req as AsyncIterable<Buffer>) chunks.push(c);
    const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string };
    const r = rawInsert.run(Date.now(), b.name, JSON.stringify(b));
    ctx.status = 201;
    ctx.body = { id: Number(r.lastInsertRowid) };
  });
  bare.use(bareRouter.routes());
  const bareHttp = http.createServer(bare.callback());
  const bareUrl = await listen(bareHttp);
  const bareApi = new KeepAliveClient(bareUrl);
  for (const [k, r] of reads.entries()) {
    log(`(a) ${READS} x ${r.label} vs bare Koa ...`);
    const res = await alternate(
      READS,
      200,
      10,
      () => api.timed('GET', r.path, 200),
      () => bareApi.timed('GET', `/bare/${k}`, 200),
    );
    figures.push({
      figure: `read ${r.label}`,
      unit: 'ms',
      value: res.a,
      raw: res.b,
      rawLabel: 'bare Koa route, same JSON',
      target: { maxRatio: 2 },
    });
    if (r.path === '/api/departments') {
      const ctx = await alternate(
        READS,
        200,
        10,
        () => api.timed('GET', r.path, 200),
        () => bareApi.timed('GET', '/bare-select', 200),
      );
      notes.push(
        `(a) for context: a bare Koa route running the same SELECT with bare better-sqlite3: ` +
          (`p50 ${ctx.b.p50.toFixed(3)} ms; GET /api/departments ` +
            `p50 ${ctx.a.p50.toFixed(3)} ms there (ratio ${(ctx.a.p50 / ctx.b.p50).toFixed(2)}x)`),
      );
    }
  }

  // --- (b) audited writes vs a bare INSERT ------------------------------------------------
  let rawN = 0;
  const insertOnce = async () => {
    const t0 = performance.now();
    rawInsert.run(
      Date.now(),
      `n${rawN}`,
      JSON.stringify({ code: `W${rawN}`, name: `写测科室${rawN++}`, kind: 'clinic' }),
    );
    return performance.now() - t0;
  };
  if (has('post', '/api/departments')) {
    log(`(b) ${WRITES} x POST /api/departments vs bare INSERT ...`);
    const res = await alternate(
      WRITES,
      30,
      10,
      (i) => api.timed('POST', '/api/departments', 201, { code: `W${i}`, name: `写测科室${i}`, kind: 'clinic' }),
      insertOnce,
    );
    figures.push({
      figure: 'audited write POST /api/departments',
      unit: 'ms',
      value: res.a,
      raw: res.b,
      rawLabel: 'bare better-sqlite3 INSERT (WAL, sync=FULL)',
      target: { percentile: 'p95', limit: 30, maxRatio: 2 },
    });
    const httpRaw = await alternate(
      WRITES,
      30,
      10,
      (i) => bareApi.timed('POST', '/bare/write', 201, { code: `X${i}`, name: `写测科室${i}`, kind: 'clinic' }),
      insertOnce,
    );
    notes.push(
      `(b) for context: a bare Koa POST doing the bare INSERT: ` +
        (`p50 ${httpRaw.a.p50.toFixed(3)} ms, p95 ${httpRaw.a.p95.toFixed(3)} ms; POST /api/departments / that ` +
          `= ${(res.a.p50 / httpRaw.a.p50).toFixed(2)}x at p50`),
    );
    // For context: the same rows the audited write commits (department + audit_log + event_log,
    // every index included), as one bare better-sqlite3 transaction on the Jiceng file.
    const raw = server.open.raw;
    const dIns = raw.prepare(
      'INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, phone, location, created_at, ' +
        "updated_at) VALUES (?, ?, 'clinic', 'xckx', 'xiecekeshi', NULL, NULL, ?, ?)",
    );
    const aIns = raw.prepare(
      'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, ip, workstation_id, ' +
        "summary_json) VALUES (?, 1, 'admin', 'department.create', 'ok', 'department', ?, '127.0.0.1', NULL, ?)",
    );
    const eIns = raw.prepare(
      "INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, 'department:changed', '[\"admin\"]', ?)",
    );
    const sameRows = raw.transaction((i: number) => {
      const now = Date.now();
      const id = Number(dIns.run(`Y${i}`, `同行科室${i}`, now, now).lastInsertRowid);
      aIns.run(now, String(id), JSON.stringify({ changes: { code: { before: null, after: `Y${i}` } } }));
      eIns.run(now, JSON.stringify({ id, action: 'created' }));
    });
    const same = await alternate(
      WRITES,
      30,
      10,
      (i) => api.timed('POST', '/api/departments', 201, { code: `V${i}`, name: `比较科室${i}`, kind: 'clinic' }),
      async (i) => {
        const t0 = performance.now();
        sameRows(i);
        return performance.now() - t0;
      },
    );
    notes.push(
      `(b) for context: the same three rows (department, audit_log, event_log) in one bare better-sqlite3 ` +
        (`transaction: ` +
          (`p50 ${same.b.p50.toFixed(3)} ms, p95 ${same.b.p95.toFixed(3)} ms; POST /api/departments / that ` +
            `= ${(same.a.p50 / same.b.p50).toFixed(2)}x at p50`)),
    );
  } else {
    notes.push('(b) POST /api/departments is not registered in this build: HTTP write figure skipped');
  }
  log(`(b) ${WRITES} x in-process uow.write (insert + tx.audit + tx.emit) vs bare INSERT ...`);
  const who = { userId: 1, username: 'admin', ip: '127.0.0.1', workstationId: null };
  const uowOnce = async (i: number) => {
    const t0 = performance.now();
    await server.modules.uow.write(async (tx) => {
      const value = { text: `bench ${i}` };
      await tx.db
        .insertInto('settings')
        .values({ key: `bench:${i}`, value_json: JSON.stringify(value), updated_at: tx.now })
        .execute();
      await tx.audit(who, {
        action: 'bench.write',
        entity: 'setting',
        entityId: `bench:${i}`,
        before: null,
        after: value,
      });
      tx.emit(rawEvent('bench:written', ['admin'], { i }));
    });
    return performance.now() - t0;
  };
  const uowRes = await alternate(WRITES, 30, 10, uowOnce, insertOnce);
  figures.push({
    figure: 'audited write uow.write (in-process)',
    unit: 'ms',
    value: uowRes.a,
    raw: uowRes.b,
    rawLabel: 'bare better-sqlite3 INSERT (WAL, sync=FULL)',
    target: { percentile: 'p95', limit: 30, maxRatio: 2 },
  });

  api.close();
  bareApi.close();
  await new Promise<void>((r) => bareHttp.close(() => r()));
  sink.close();
  await server.stop();

  // --- cold start: a fresh process, createServer + listen on the existing database --------
  serverEntry = await compiledServerEntry();
  const cold: number[] = [];
  const withImport: number[] = [];
  for (let k = 0; k < COLD_STARTS; k++) {
    const { info, child, spawnToReadyMs } = await serverProcess(config.dataDir, false);
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    if (!info.healthy) throw new Error('the cold-started server was not healthy');
    cold.push(info.createListenMs);
    withImport.push(spawnToReadyMs);
  }
  figures.push({
    figure: 'cold start createServer+listen (existing DB)',
    unit: 'ms',
    value: summarize(cold),
    target: { percentile: 'p99', limit: 3000 },
  });
  const wi = summarize(withImport);
  notes.push(
    `cold start from spawning node (compiled JS) to a healthy answer on /api/health: ` +
      `p50 ${wi.p50.toFixed(0)} ms, max ${wi.max.toFixed(0)} ms`,
  );

  // --- RSS of a server process with 200 connected screens --------------------------------
  log(`RSS: a server process with ${SCREENS} screens ...`);
  const { info, child } = await serverProcess(config.dataDir, true);
  const rssOf = () =>
    new Promise<{ rss: number; heapUsed: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { rss: number; heapUsed: number }));
      child.send({ type: 'rss' });
    });
  const idle = await rssOf();
  const api2 = new KeepAliveClient(info.url);
  const si = await api2.request('POST', '/api/auth/sign-in', { username: first.username, password: newPassword });
  if (si.status !== 200) throw new Error(`sign-in to the RSS server failed: ${si.body}`);
  const screens2 = new Screens();
  screens2.start(CLIENT_PROCS);
  const n2 = await screens2.connect('rss', info.url, api2.cookie, SCREENS, ['admin']);
  await sleep(500);
  const h2 = JSON.parse((await api2.request('GET', '/api/health')).body) as { screens: number };
  const loaded = await rssOf();
  if (n2 !== SCREENS || h2.screens !== SCREENS)
    throw new Error(`RSS server has ${h2.screens} screens, wanted ${SCREENS}`);
  figures.push({
    figure: `server RSS with ${h2.screens} sockets`,
    unit: 'MB',
    value: summarize([loaded.rss / 1048576]),
    target: { percentile: 'p99', limit: 200 },
  });
  notes.push(
    `RSS of the server process (node, compiled JS): ${(idle.rss / 1048576).toFixed(0)} MB idle, ` +
      `${(loaded.rss / 1048576).toFixed(0)} MB with ${h2.screens} sockets ` +
      `(heap ${(loaded.heapUsed / 1048576).toFixed(0)} MB)`,
  );
  await screens2.stop();
  api2.close();
  child.send({ type: 'stop' });
  await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));

  fs.rmSync(dir, { recursive: true, force: true });

  // --- outpatient writes -----------------------------------------------------------------------
  // BENCH_SKIP=writes,patients,stock,load leaves parts out (e.g. a quicker comparison run).
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(','));
  if (!skip.has('writes')) {
    log('dispensing ...');
    figures.push(...(await benchDispense()));
    log('signing prescriptions ...');
    figures.push(...(await benchSign()));
    log('settling bills ...');
    figures.push(...(await benchCharge()));
    log('settling an insured bill against the insurer simulator ...');
    figures.push(...(await benchInsurance()));
    log('registering visits ...');
    figures.push(...(await benchRegistration()));
    log('posting stock documents ...');
    figures.push(...(await benchStockPosting()));
  }
  // Patient search at 1,000,000 generated patients (BENCH_PATIENTS): about a minute to generate.
  if (!skip.has('patients')) figures.push(...(await benchPatientSearch()));
  // Stock reports over ten years of generated stock moves (≈ 1.3 M): about 20 s to generate.
  if (!skip.has('stock')) figures.push(...(await benchStockReports()));
  // The server in its own process on a year of history with the ledgers: cold start,
  // registrations/s with 32 clients, the simulated busy day with 30 screens.
  if (!skip.has('load')) figures.push(...(await benchLoad()));

  // --- report --------------------------------------------------------------------------------
  process.stdout.write('\n' + table(figures) + '\n\n');
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  for (const f of figures) if (f.note) process.stdout.write(`note: ${f.figure}: ${f.note}\n`);
  process.stdout.write('\n');
  for (const f of figures) process.stdout.write(jsonLine(f) + '\n');
  log(
    `total ${((performance.now() - began) / 1000).toFixed(1)} s; ` +
      `${figures.filter((f) => !meets(f)).length} figure(s) miss their target` +
      (quick ? ' (--quick: smoke-test sizes, not comparable)' : ''),
  );
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
