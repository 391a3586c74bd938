// The server under load, in its own process (compiled, as in production) on a center with a
// year of history including the ledgers (bench/lib/world.ts, cached under .tmp/bench/):
//   - cold start: from spawning node to the first healthy /api/health answer (target ≤ 1 s);
//   - concurrency: registrations per second with 32 HTTP clients registering at once, beside
//     a bare better-sqlite3 transaction writing the same rows on a copy of the same database
//     on the same disk (target: at least half of it);
//   - a simulated busy day: 3,000 registrations (ten times a busy center) sent at a steady
//     10 a second (open loop: a slow server does not slow the desks down; a day that falls
//     behind stops after BENCH_DAY_BUDGET_S or 200 registrations in flight and says so),
//     while 30 desk and doctor screens (real socket.io clients in child
//     processes, bench/day-screens.ts) do what their pages do on each pushed event — the model
//     is switchable (BENCH_DAY_CLIENT=reload|delta1|delta, bench/lib/screens-model.ts). Reports p50
//     and p95 of the requests (registrations and the screens' GETs) per tenth of the day;
//     target: the last tenth's p95 within 2× the first tenth's (flat from first visit to last).
// Run alone: `npx tsx bench/day.ts` (BENCH_DAY_VISITS, BENCH_DAY_RATE, BENCH_DAY_SCREENS,
// BENCH_DAY_CLIENT, BENCH_DAY_BUDGET_S, BENCH_CONCURRENCY, BENCH_CONCURRENT_REGISTRATIONS).
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { applyPragmas } from '../db/connection.js';
import type { FromScreens, ToScreens } from './day-screens.js';
import { KeepAliveClient } from './lib/http.js';
import type { ClientMode, ScreenSpec } from './lib/screens-model.js';
import { serverProcess } from './lib/server-process.js';
import { type Figure, summarize } from './lib/stats.js';
import { build } from 'esbuild';
import type { ToBare } from './bare-server.js';
import { bareRegistration, registrationBody } from './lib/bare-registration.js';
import { type World, worldDataDir } from './lib/world.js';
import { runAlone } from './lib/write.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);
const env = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The session cookie of each account, signed in once (the server allows 30 sign-ins a minute
 * from one address; the benchmark's clients share the sessions of the eight desks and doctors).
 */
async function sessions(url: string, accounts: Array<{ username: string; password: string }>): Promise<string[]> {
  const out: string[] = [];
  for (const a of accounts) {
    const c = new KeepAliveClient(url);
    const r = await c.request('POST', '/api/auth/sign-in', { username: a.username, password: a.password });
    if (r.status !== 200) throw new Error(`sign-in ${a.username}: ${r.status} ${r.body.slice(0, 200)}`);
    out.push(c.cookie);
    c.close();
  }
  return out;
}

// --- cold start ---------------------------------------------------------------------------------

export async function benchColdStart(runs = env('BENCH_COLD_STARTS', 5)): Promise<Figure[]> {
  const { dataDir, world } = await worldDataDir();
  try {
    const spawn: number[] = [];
    const inProcess: number[] = [];
    const imports: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k < runs + 1; k++) {
      const p = await serverProcess(dataDir, false);
      await p.stop();
      if (!p.info.healthy) throw new Error('the cold-started server was not healthy');
      if (k === 0) continue; // the first start migrates the copied database and warms the disk cache
      spawn.push(p.spawnToReadyMs);
      inProcess.push(p.info.createListenMs);
      imports.push(p.info.importMs);
      cpu.push(p.info.cpuMs);
    }
    const i = summarize(imports);
    const c = summarize(inProcess);
    return [
      {
        figure: `cold start: spawn node -> healthy /api/health (compiled, ${world.history.visits} visits of history)`,
        unit: 'ms',
        value: summarize(spawn),
        target: { percentile: 'p50', limit: 1000 },
        note:
          `of which imports p50 ${i.p50.toFixed(0)} ms, createServer + listen p50 ${c.p50.toFixed(0)} ms; ` +
          `CPU time of the server process until then p50 ${summarize(cpu).p50.toFixed(0)} ms`,
      },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- concurrency ---------------------------------------------------------------------------------

/** `n` calls spread over the clients, each client one call at a time; the seconds and every call's latency. */
async function drive(
  clients: KeepAliveClient[],
  first: number,
  n: number,
  call: (c: KeepAliveClient, i: number) => Promise<number>,
): Promise<{ seconds: number; latencies: number[] }> {
  let next = first;
  const stopAt = first + n;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (next < stopAt) latencies.push(await call(c, next++));
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

/** The bare Koa route of bench/bare-server.ts (compiled like the server) on `dataDir`. */
async function bareServerProcess(dataDir: string, world: World): Promise<{ url: string; stop: () => Promise<void> }> {
  const outfile = path.join(here, '.out', 'bare-server.mjs');
  await build({
    entryPoints: [path.join(here, 'bare-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const child = fork(outfile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    child.send({ type: 'start', dataDir, world } satisfies ToBare);
  });
  return {
    url,
    stop: async () => {
      child.send({ type: 'stop' } satisfies ToBare);
      await exited;
    },
  };
}

export async function benchConcurrency(
  nClients = env('BENCH_CONCURRENCY', 32),
  n = env('BENCH_CONCURRENT_REGISTRATIONS', 1600),
): Promise<Figure[]> {
  const { dataDir, world } = await worldDataDir();
  const bareCopy = await worldDataDir();
  const server = await serverProcess(dataDir, true);
  const clientsOf = (url: string, cookies: string[]) =>
    Array.from({ length: nClients }, (_, k) => {
      const c = new KeepAliveClient(url);
      c.cookie = cookies[k % cookies.length] ?? '';
      return c;
    });
  try {
    const desks = clientsOf(server.info.url, await sessions(server.info.url, world.registrars));
    const register = (c: KeepAliveClient, i: number) =>
      c.timed('POST', '/api/registrations', 201, registrationBody(world, i), {
        'idempotency-key': `conc-${process.pid}-${i}`,
      });
    await drive(desks, 0, nClients, register); // warm-up: each client registers once
    log(`concurrency: ${n} registrations by ${nClients} concurrent HTTP clients ...`);
    const app = await drive(desks, nClients, n, register);
    for (const c of desks) c.close();
    await server.stop();

    log(`concurrency: ${n} bare transactions writing the same rows on a copy of the same database ...`);
    const raw = new SQLite(path.join(bareCopy.dataDir, 'jiceng.sqlite'));
    applyPragmas(raw);
    const reg = bareRegistration(raw, bareCopy.world);
    for (let i = 0; i < 20; i++) reg(i);
    const b0 = performance.now();
    for (let i = 20; i < 20 + n; i++) reg(i);
    const bareSeconds = (performance.now() - b0) / 1000;
    raw.close();

    log(`concurrency: ${n} registrations by ${nClients} HTTP clients to a bare Koa route writing the same rows ...`);
    const bare = await bareServerProcess(bareCopy.dataDir, bareCopy.world);
    const bareClients = clientsOf(bare.url, []);
    const bareCall = (c: KeepAliveClient, i: number) =>
      c.timed('POST', `/bare/registrations/${i}`, 201, registrationBody(bareCopy.world, i), {
        'idempotency-key': `conc-bare-${process.pid}-${i}`,
      });
    await drive(bareClients, 20 + n, nClients, bareCall);
    const koa = await drive(bareClients, 20 + n + nClients, n, bareCall);
    for (const c of bareClients) c.close();
    await bare.stop();

    const appRate = n / app.seconds;
    const lat = summarize(app.latencies);
    const koaLat = summarize(koa.latencies);
    const appNote =
      `${n} registrations in ${app.seconds.toFixed(1)} s; latency p50 ${lat.p50.toFixed(1)} ms, ` +
      `p95 ${lat.p95.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`;
    const figure =
      `registrations per second, ${nClients} concurrent HTTP clients ` + `(${world.history.visits} visits of history)`;
    return [
      {
        figure,
        unit: '/s',
        value: summarize([appRate]),
        raw: summarize([n / koa.seconds]),
        rawLabel: `a bare Koa route writing the same rows in a bare transaction, same ${nClients} clients, same disk`,
        target: { minRatio: 0.5 },
        note:
          `${appNote}; bare Koa route: ${n} in ${koa.seconds.toFixed(2)} s, latency p50 ${koaLat.p50.toFixed(1)} ms, ` +
          `p95 ${koaLat.p95.toFixed(1)} ms`,
      },
      {
        figure: `${figure}, vs an in-process loop`,
        unit: '/s',
        value: summarize([appRate]),
        raw: summarize([n / bareSeconds]),
        rawLabel:
          'the old primitive: bare better-sqlite3 transactions writing the same rows, same disk, one after another ' +
          'in process (no HTTP, no clients)',
        target: { minRatio: 0.5 },
        note: `${appNote}; in-process loop: ${n} in ${bareSeconds.toFixed(2)} s`,
      },
    ];
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(bareCopy.dataDir, { recursive: true, force: true });
  }
}

// --- the simulated day ---------------------------------------------------------------------------

/** Each statement's SQL → how often it ran and its total time since the last ask (BENCH_SQL_STATS=1). */
type SqlStats = Array<[string, { n: number; ms: number }]>;

function sqlStats(child: ChildProcess): Promise<SqlStats> {
  return new Promise((resolve) => {
    const on = (m: { sql?: SqlStats }) => {
      if (!m.sql) return;
      child.off('message', on);
      resolve(m.sql);
    };
    child.on('message', on);
    child.send({ type: 'sqlstats' });
  });
}

function sqlTop(stats: SqlStats, n: number): string {
  const total = stats.reduce((a, [, s]) => a + s.ms, 0);
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, n);
  return [
    `  all statements ${total.toFixed(0)} ms`,
    ...rows.map(
      ([q, s]) =>
        `  ${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(7)}x ` +
        `${((1000 * s.ms) / s.n).toFixed(0).padStart(5)} µs  ${q.replace(/\s+/g, ' ').slice(0, 150)}`,
    ),
  ].join('\n');
}

class ScreenProcs {
  private procs: ChildProcess[] = [];
  readonly samples: Array<[number, number]> = [];
  errors = 0;
  events = 0;
  inFlight = 0;
  private ready: Array<() => void> = [];
  private stopped: Array<() => void> = [];
  private failed: ((e: Error) => void) | null = null;

  async start(url: string, mode: ClientMode, screens: ScreenSpec[], nProcs: number): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      let left = nProcs;
      this.ready.push(() => --left === 0 && resolve());
      this.failed = reject;
    });
    for (let k = 0; k < nProcs; k++) {
      const p = fork(path.join(here, 'day-screens.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      p.on('message', (m: FromScreens) => this.onMessage(m));
      this.procs.push(p);
      const mine = screens.filter((_, i) => i % nProcs === k);
      p.send({ type: 'start', url, mode, screens: mine } satisfies ToScreens);
    }
    await done;
  }

  private onMessage(m: FromScreens): void {
    if (m.type === 'ready') for (const f of this.ready) f();
    else if (m.type === 'samples') {
      for (const s of m.samples) this.samples.push(s);
      this.errors += m.errors;
    } else if (m.type === 'error') this.failed?.(new Error(m.message));
    else if (m.type === 'stopped') {
      this.inFlight += m.inFlight;
      this.events += m.events;
      for (const f of this.stopped) f();
    }
  }

  slice(k: number): void {
    for (const p of this.procs) p.send({ type: 'slice', slice: k } satisfies ToScreens);
  }

  async stop(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      let left = this.procs.length;
      this.stopped.push(() => --left === 0 && resolve());
    });
    for (const p of this.procs) p.send({ type: 'stop' } satisfies ToScreens);
    await done;
  }
}

export async function benchBusyDay(
  mode: ClientMode = (process.env.BENCH_DAY_CLIENT as ClientMode | undefined) ?? 'delta',
  visits = env('BENCH_DAY_VISITS', 3000),
  rate = env('BENCH_DAY_RATE', 10),
  nScreens = env('BENCH_DAY_SCREENS', 30),
  budgetS = env('BENCH_DAY_BUDGET_S', 420),
): Promise<Figure[]> {
  const { dataDir, world } = await worldDataDir();
  const server = await serverProcess(dataDir, true);
  const screens = new ScreenProcs();
  try {
    const url = server.info.url;
    const deskCookies = await sessions(url, world.registrars);
    const doctorCookies = await sessions(url, world.doctors);
    const specs: ScreenSpec[] = Array.from({ length: nScreens }, (_, k) => {
      if (k % 2 === 0) {
        const r = (k / 2) % world.registrars.length;
        return { kind: 'desk', cookie: deskCookies[r]!, clinicId: world.clinics[0]!.id, staffId: null };
      }
      const d = ((k - 1) / 2) % world.doctors.length;
      const doctor = world.doctors[d]!;
      return { kind: 'doctor', cookie: doctorCookies[d]!, clinicId: doctor.clinicId, staffId: doctor.staffId };
    });
    log(`day: ${nScreens} screens (${mode}) ...`);
    await screens.start(url, mode, specs, env('BENCH_CLIENT_PROCS', 2));
    await sleep(300);
    // The desks: one keep-alive agent, up to 8 connections (eight registration windows).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const desks = await sessions(url, world.registrars);
    const u = new URL(url);
    // A keep-alive connection the server closed as idle while this request went out on it:
    // ECONNRESET before any answer. Sent again once, as browsers do, with the same idempotency key.
    let retried = 0;
    const post = (i: number, again = false): Promise<{ status: number; body: string }> => {
      const payload = JSON.stringify(registrationBody(world, i));
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            method: 'POST',
            path: '/api/registrations',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(payload)),
              cookie: desks[i % desks.length]!,
              'idempotency-key': `day-${process.pid}-${i}`,
              'x-lang': 'en',
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => res.statusCode !== 201 && chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (again || !req.reusedSocket || e.code !== 'ECONNRESET') return reject(e);
          retried++;
          post(i, true).then(resolve, reject);
        });
        req.end(payload);
      });
    };
    const posts: Array<[number, number]> = [];
    let postErrors = 0;
    const failedBy = new Map<string, number>();
    const failed = (why: string) => {
      postErrors++;
      failedBy.set(why, (failedBy.get(why) ?? 0) + 1);
    };
    let inFlight = 0;
    let sent = 0;
    let collapsed: string | null = null;
    const sqlTenths = process.env.BENCH_SQL_STATS === '1' ? ([] as Array<Promise<SqlStats>>) : null;
    log(`day: ${visits} registrations at ${rate}/s (budget ${budgetS} s) ...`);
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < visits; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed > budgetS || inFlight > 200) {
        const why = elapsed > budgetS ? `over the ${budgetS} s budget` : `${inFlight} registrations in flight`;
        collapsed = `stopped at visit ${i} of ${visits}: ${why}`;
        break;
      }
      const slice = Math.floor((10 * i) / visits);
      if (i === 0 || Math.floor((10 * (i - 1)) / visits) !== slice) {
        screens.slice(slice);
        if (sqlTenths) sqlTenths.push(sqlStats(server.child));
        // The monotonic clock (µs) a server CPU profile's timestamps use: the tenths can be told apart in it.
        if (process.env.BENCH_SERVER_CPU_PROFILE)
          log(`day: tenth ${slice + 1} at ${process.hrtime.bigint() / 1000n} µs`);
      }
      const t = performance.now();
      inFlight++;
      sent++;
      pending.push(
        post(i).then(
          ({ status, body }) => {
            inFlight--;
            if (status === 201) posts.push([slice, performance.now() - t]);
            else failed(`HTTP ${status} ${body.slice(0, 120)}`);
          },
          (e: Error) => {
            inFlight--;
            failed(e.message);
          },
        ),
      );
    }
    screens.slice(10); // what the screens send after the last registration is not part of any tenth
    if (sqlTenths) sqlTenths.push(sqlStats(server.child));
    const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(30_000).then(() => false)]);
    const dayS = (performance.now() - t0) / 1000;
    await sleep(1000); // the screens' last requests
    await screens.stop();
    agent.destroy();
    const slices: string[] = [];
    const perSlice = (k: number) => ({
      post: posts.filter((s) => s[0] === k).map((s) => s[1]),
      get: screens.samples.filter((s) => s[0] === k).map((s) => s[1]),
    });
    let first: number[] = [];
    let last: number[] = [];
    for (let k = 0; k < 10; k++) {
      const s = perSlice(k);
      const all = [...s.post, ...s.get];
      if (!all.length) continue;
      if (!first.length) first = all;
      last = all;
      const p = s.post.length ? summarize(s.post) : null;
      const g = s.get.length ? summarize(s.get) : null;
      const a = summarize(all);
      slices.push(
        `visits ${(k * visits) / 10 + 1}-${((k + 1) * visits) / 10}: all ${a.n} requests ` +
          `p50 ${a.p50.toFixed(1)} / p95 ${a.p95.toFixed(1)} ms` +
          (p ? `; registrations p95 ${p.p95.toFixed(1)} ms` : '') +
          (g ? `; screens' GETs ${g.n}, p95 ${g.p95.toFixed(1)} ms` : ''),
      );
    }
    const why = failedBy.size ? `: ${[...failedBy].map(([k, n]) => `${n}× ${k}`).join(', ')}` : '';
    const again = retried ? `; ${retried} sent again after a reset idle connection` : '';
    const summary =
      `${sent} registrations sent ` +
      `in ${dayS.toFixed(0)} s (${postErrors} failed${why}${drained ? '' : ', not all answered'}${again}), ` +
      `${screens.events} events on the screens, ${screens.samples.length} screen requests (${screens.errors} failed)` +
      (collapsed ? `; ${collapsed}` : '');
    if (!first.length) throw new Error(`the day produced no answers: ${summary}`);
    if (sqlTenths) {
      const tenths = await Promise.all(sqlTenths);
      for (const k of [1, tenths.length - 1]) log(`day: SQL of tenth ${k}:\n${sqlTop(tenths[k]!, 12)}`);
    }
    return [
      {
        figure:
          `busy day (${mode}): ${visits} registrations ` +
          `at ${rate}/s, ${nScreens} screens; requests in the last tenth vs the first`,
        unit: 'ms',
        value: summarize(last),
        raw: summarize(first),
        rawLabel: 'the same requests in the first tenth of the day',
        target: { percentile: 'p95', limit: 500, maxRatio: 2, ratioPercentile: 'p95' },
        meetsAlso: collapsed === null && postErrors === 0,
        note: `${summary}\n  ${slices.join('\n  ')}`,
      },
    ];
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cold start, concurrency and the day; BENCH_LOAD=cold,concurrency,day picks some of them. */
export async function benchLoad(): Promise<Figure[]> {
  const only = new Set((process.env.BENCH_LOAD ?? 'cold,concurrency,day').split(','));
  const figures: Figure[] = [];
  if (only.has('cold')) {
    log('cold start ...');
    figures.push(...(await benchColdStart()));
  }
  if (only.has('concurrency')) figures.push(...(await benchConcurrency()));
  if (only.has('day')) figures.push(...(await benchBusyDay()));
  return figures;
}

await runAlone(import.meta.url, benchLoad);
