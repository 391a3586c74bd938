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
//     is switchable (BENCH_DAY_CLIENT=reload|delta, bench/lib/screens-model.ts). Reports p50
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
import { type World, worldDataDir } from './lib/world.js';
import { runAlone } from './lib/write.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);
const env = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The registration request the desk sends for the i-th visit of the run. */
function registrationBody(w: World, i: number) {
  const doctor = w.doctors[i % w.doctors.length]!;
  return {
    patientId: w.patientIds[i]!,
    departmentId: doctor.clinicId,
    doctorStaffId: doctor.staffId,
    payer: 'cash',
    payment: { method: 'cash', tenderedFen: 1000 },
  };
}

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
    for (let k = 0; k < runs + 1; k++) {
      const p = await serverProcess(dataDir, false);
      await p.stop();
      if (!p.info.healthy) throw new Error('the cold-started server was not healthy');
      if (k === 0) continue; // the first start migrates the copied database and warms the disk cache
      spawn.push(p.spawnToReadyMs);
      inProcess.push(p.info.createListenMs);
      imports.push(p.info.importMs);
    }
    const i = summarize(imports);
    const c = summarize(inProcess);
    return [
      {
        figure: `cold start: spawn node -> healthy /api/health (compiled, ${world.history.visits} visits of history)`,
        unit: 'ms',
        value: summarize(spawn),
        target: { percentile: 'p50', limit: 1000 },
        note: `of which imports p50 ${i.p50.toFixed(0)} ms, createServer + listen p50 ${c.p50.toFixed(0)} ms`,
      },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- concurrency ---------------------------------------------------------------------------------

/** The rows one registration writes, as one bare transaction (as in bench/registration.ts). */
function bareRegistration(raw: SQLite.Database, w: World) {
  const q = {
    seq: raw.prepare(
      'INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 ' +
        'RETURNING value',
    ),
    rostered: raw.prepare('SELECT id FROM roster WHERE day = ? AND department_id = ? AND doctor_staff_id = ?'),
    visit: raw.prepare(
      'INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, payer, status, created_at, ' +
        "updated_at) VALUES (?, ?, ?, ?, 'registered', 'cash', 'waiting', ?, ?)",
    ),
    reg: raw.prepare(
      'INSERT INTO registrations (visit_id, patient_id, department_id, doctor_staff_id, day, queue_no, ' +
        "queue_label, fee_fen, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
    ),
    entry: raw.prepare(
      'INSERT INTO queue_entries (visit_id, department_id, doctor_staff_id, day, queue_no, queue_label, ' +
        "status, room, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', '1', ?, ?, ?)",
    ),
    shift: raw.prepare('SELECT id FROM shifts WHERE cashier_user_id = ? AND closed_at IS NULL'),
    openShift: raw.prepare('INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)'),
    bill: raw.prepare(
      'INSERT INTO bills (patient_id, visit_id, kind, payer, total_fen, insurance_fund_fen, patient_pay_fen, ' +
        "cashier_user_id, shift_id, at) VALUES (?, ?, 'charge', 'cash', ?, 0, ?, ?, ?, ?)",
    ),
    line: raw.prepare(
      'INSERT INTO bill_lines (bill_id, registration_id, item_id, quantity, unit_price_fen, amount_fen, ' +
        'charge_category) VALUES (?, ?, (SELECT fee_item_id FROM clinics WHERE department_id = ?), 1, ?, ?, ' +
        "'13')",
    ),
    pay: raw.prepare(
      'INSERT INTO payments (bill_id, method, amount_fen, tendered_fen, change_fen, shift_id, at, user_id) ' +
        "VALUES (?, 'cash', ?, ?, ?, ?, ?, ?)",
    ),
    setBill: raw.prepare('UPDATE registrations SET bill_id = ? WHERE id = ?'),
    job: raw.prepare(
      'INSERT INTO print_jobs (layout, payload_json, ref_type, ref_id, created_by, created_at, updated_at) ' +
        "VALUES ('queue-ticket', ?, 'registration', ?, ?, ?, ?)",
    ),
    idemPut: raw.prepare(
      'INSERT INTO idempotency_keys (key, user_id, operation, request_hash, status, response_json, created_at) ' +
        "VALUES (?, ?, 'registration', 'x', 200, ?, ?)",
    ),
    audit: raw.prepare(
      'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, patient_id, ip, ' +
        "workstation_id, summary_json) VALUES (?, ?, 'z', 'registration.create', 'ok', 'registration', ?, ?, " +
        "'127.0.0.1', NULL, ?)",
    ),
    event: raw.prepare('INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, ?, ?, ?)'),
  };
  const userId = w.registrars[0]!.userId;
  let position = 0;
  return raw.transaction((i: number) => {
    const at = Date.now();
    const b = registrationBody(w, i);
    const clinic = w.clinics.find((c) => c.id === b.departmentId)!;
    if (!q.rostered.get(w.day, b.departmentId, b.doctorStaffId)) throw new Error('not rostered');
    const no = (q.seq.get(`rawqueue:${w.day}:${b.departmentId}`) as { value: number }).value;
    const label = clinic.prefix + String(no).padStart(3, '0');
    const visitId = Number(q.visit.run(b.patientId, b.departmentId, b.doctorStaffId, w.day, at, at).lastInsertRowid);
    const regId = Number(
      q.reg.run(visitId, b.patientId, b.departmentId, b.doctorStaffId, w.day, 10_000 + no, label, 500, userId, at)
        .lastInsertRowid,
    );
    q.entry.run(visitId, b.departmentId, b.doctorStaffId, w.day, 10_000 + no, label, ++position, at, at);
    const shift =
      (q.shift.get(userId) as { id: number } | undefined)?.id ?? Number(q.openShift.run(userId, at).lastInsertRowid);
    const billId = Number(q.bill.run(b.patientId, visitId, 500, 500, userId, shift, at).lastInsertRowid);
    q.line.run(billId, regId, b.departmentId, 500, 500);
    q.pay.run(billId, 500, 1000, 500, shift, at, userId);
    q.setBill.run(billId, regId);
    q.job.run(
      JSON.stringify({ number: label, room: '1', time: at, ahead: no - 1, patient: '基*者' }),
      regId,
      userId,
      at,
      at,
    );
    q.audit.run(at, userId, String(regId), b.patientId, JSON.stringify({ visitId, queueLabel: label }));
    const rooms = JSON.stringify(['registration', `dept:${b.departmentId}`]);
    q.event.run(at, 'bill:paid', rooms, JSON.stringify({ billId, patientId: b.patientId }));
    q.event.run(at, 'registration:created', rooms, JSON.stringify({ registrationId: regId }));
    q.event.run(at, 'queue:changed', rooms, JSON.stringify({ label }));
    q.idemPut.run(`bare-${process.pid}-${i}`, userId, JSON.stringify({ regId, visitId, label }), at);
  });
}

export async function benchConcurrency(
  clients = env('BENCH_CONCURRENCY', 32),
  n = env('BENCH_CONCURRENT_REGISTRATIONS', 1600),
): Promise<Figure[]> {
  const { dataDir, world } = await worldDataDir();
  const bareCopy = await worldDataDir();
  const server = await serverProcess(dataDir, true);
  try {
    const url = server.info.url;
    const cookies = await sessions(url, world.registrars);
    const desks = Array.from({ length: clients }, (_, k) => {
      const c = new KeepAliveClient(url);
      c.cookie = cookies[k % cookies.length]!;
      return c;
    });
    // Warm-up: each client registers once.
    let next = 0;
    const latencies: number[] = [];
    const one = async (c: KeepAliveClient) => {
      const i = next++;
      latencies.push(
        await c.timed('POST', '/api/registrations', 201, registrationBody(world, i), {
          'idempotency-key': `conc-${process.pid}-${i}`,
        }),
      );
    };
    await Promise.all(desks.map(one));
    latencies.length = 0;
    log(`concurrency: ${n} registrations by ${clients} concurrent HTTP clients ...`);
    const t0 = performance.now();
    const stopAt = next + n;
    await Promise.all(
      desks.map(async (c) => {
        while (next < stopAt) await one(c);
      }),
    );
    const jicengSeconds = (performance.now() - t0) / 1000;
    for (const c of desks) c.close();

    log(`concurrency: ${n} bare transactions writing the same rows on a copy of the same database ...`);
    const raw = new SQLite(path.join(bareCopy.dataDir, 'jiceng.sqlite'));
    applyPragmas(raw);
    const reg = bareRegistration(raw, bareCopy.world);
    for (let i = 0; i < 20; i++) reg(i);
    const b0 = performance.now();
    for (let i = 20; i < 20 + n; i++) reg(i);
    const bareSeconds = (performance.now() - b0) / 1000;
    raw.close();
    const jicengRate = n / jicengSeconds;
    const bareRate = n / bareSeconds;
    const lat = summarize(latencies);
    return [
      {
        figure:
          `registrations per ` +
          `second, ${clients} concurrent HTTP clients (${world.history.visits} visits of history)`,
        unit: '/s',
        value: summarize([jicengRate]),
        raw: summarize([bareRate]),
        rawLabel: 'bare better-sqlite3 transaction writing the same rows, same disk, one after another',
        target: { minRatio: 0.5 },
        note:
          `${n} registrations in ${jicengSeconds.toFixed(1)} s; latency p50 ${lat.p50.toFixed(1)} ms, ` +
          `p95 ${lat.p95.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms; bare: ${n} in ${bareSeconds.toFixed(2)} s`,
      },
    ];
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(bareCopy.dataDir, { recursive: true, force: true });
  }
}

// --- the simulated day ---------------------------------------------------------------------------

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
    const post = (i: number): Promise<number> => {
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
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    };
    const posts: Array<[number, number]> = [];
    let postErrors = 0;
    let inFlight = 0;
    let sent = 0;
    let collapsed: string | null = null;
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
      if (i === 0 || Math.floor((10 * (i - 1)) / visits) !== slice) screens.slice(slice);
      const t = performance.now();
      inFlight++;
      sent++;
      pending.push(
        post(i).then(
          (status) => {
            inFlight--;
            if (status === 201) posts.push([slice, performance.now() - t]);
            else postErrors++;
          },
          () => {
            inFlight--;
            postErrors++;
          },
        ),
      );
    }
    screens.slice(10); // what the screens send after the last registration is not part of any tenth
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
    const summary =
      `${sent} registrations sent ` +
      `in ${dayS.toFixed(0)} s (${postErrors} failed${drained ? '' : ', not all answered'}), ` +
      `${screens.events} events on the screens, ${screens.samples.length} screen requests (${screens.errors} failed)` +
      (collapsed ? `; ${collapsed}` : '');
    if (!first.length) throw new Error(`the day produced no answers: ${summary}`);
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
