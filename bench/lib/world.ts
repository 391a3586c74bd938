// A center with a year of history (bench/lib/history.ts, ledgers included) for the benchmarks
// that run the server in its own process (concurrency, the simulated day, cold start): four
// clinics with their fee, eight doctors on today's roster, eight registrars, a pharmacy, and
// patients for today's visits. Built once through the HTTP API (departments, staff, users,
// clinics, roster) plus raw SQL for catalog items, patients and the history, then cached as a
// data directory under .tmp/bench/ keyed by the generator versions, the migrations and today's
// business day: later runs copy it (seconds) instead of generating it again (a minute or more
// on a busy box). Talks only HTTP and SQL, so it also runs on older trees (the "before" figures).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { loadConfig } from '../../server/config.js';
import { createServer } from '../../server/server.js';
import { HISTORY_VERSION, seedYearOfVisits, todayInShanghai } from './history.js';
import { KeepAliveClient } from './http.js';

/** Changes whenever the world below changes (part of the cache key, with HISTORY_VERSION). */
export const WORLD_VERSION = 1;
export const PASSWORD = 'BenchPass2026';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const log = (s: string) => process.stderr.write(`${s}\n`);

export interface Account {
  username: string;
  password: string;
  userId: number;
  staffId: number;
}

export interface World {
  day: string;
  clinics: Array<{ id: number; prefix: string; feeFen: number }>;
  /** Doctor i works in clinic i % clinics.length (all on today's roster, whole day). */
  doctors: Array<Account & { clinicId: number }>;
  registrars: Account[];
  admin: { username: string; password: string };
  pharmacyId: number;
  /** Patients without a visit today, for the benchmark's registrations. */
  patientIds: number[];
  history: { visits: number; bills: number; billLines: number; payments: number; stockMoves: number; ms: number };
}

export interface WorldOptions {
  days?: number;
  perDay?: number;
  patients?: number;
}

async function ok(p: Promise<{ status: number; body: string }>, what: string, status = 200): Promise<any> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) : null;
}

function cacheKey(o: Required<WorldOptions>, day: string): string {
  const migrations = fs
    .readdirSync(path.join(root, 'db', 'migrations'))
    .sort()
    .join(',');
  const h = crypto.createHash('sha1').update(migrations).digest('hex').slice(0, 10);
  const hp = process.env.BENCH_HISTORY_PATIENTS ?? '20000';
  return `world-w${WORLD_VERSION}-h${HISTORY_VERSION}-${h}-${day}-${o.days}x${o.perDay}-p${o.patients}-hp${hp}`;
}

/**
 * A fresh data directory holding the world (copied from the cache, generated first if needed),
 * and the world's description. The caller starts a server on it and removes it afterwards.
 */
export async function worldDataDir(opts: WorldOptions = {}): Promise<{ dataDir: string; world: World }> {
  const o: Required<WorldOptions> = {
    days: opts.days ?? Number(process.env.BENCH_HISTORY_DAYS ?? 365),
    perDay: opts.perDay ?? Number(process.env.BENCH_HISTORY_PER_DAY ?? 300),
    patients: opts.patients ?? 8_000,
  };
  const day = todayInShanghai();
  const cacheDir = path.join(root, '.tmp', 'bench', cacheKey(o, day));
  if (!fs.existsSync(path.join(cacheDir, 'world.json')) || process.env.BENCH_NO_CACHE === '1') {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.mkdirSync(cacheDir, { recursive: true });
    await generate(cacheDir, o);
  } else log(`world: cached ${path.relative(root, cacheDir)}`);
  const world = JSON.parse(fs.readFileSync(path.join(cacheDir, 'world.json'), 'utf8')) as World;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-world-'));
  fs.cpSync(cacheDir, dataDir, { recursive: true, filter: (src) => !/\.lock$|-shm$/.test(src) });
  return { dataDir, world };
}

async function generate(dir: string, o: Required<WorldOptions>): Promise<void> {
  const t0 = performance.now();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir: dir, cardReaders: 'off' });
  let first = { username: 'admin', password: '' };
  const server = await createServer(config, { logger: pino({ level: 'silent' }), onFirstAdmin: (a) => (first = a) });
  const url = await server.listen(0, '127.0.0.1');
  const raw = server.open.raw;
  const now = Date.now();
  const day = todayInShanghai(now);
  const admin = new KeepAliveClient(url);
  try {
    await ok(admin.request('POST', '/api/auth/sign-in', first), 'admin sign-in');
    await ok(
      admin.request('POST', '/api/auth/change-password', { currentPassword: first.password, newPassword: PASSWORD }),
      'admin password',
    );
    const items = catalogItems(raw, now);
    const pharmacyId = Number(
      raw
        .prepare(
          'INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, created_at, updated_at) ' +
            "VALUES ('BWPH', '基准药房', 'pharmacy', 'jzyf', 'jizhunyaofang', ?, ?)",
        )
        .run(now, now).lastInsertRowid,
    );
    const clinics: World['clinics'] = [];
    const names = ['内科', '外科', '儿科', '全科'];
    for (const [k, name] of names.entries()) {
      const d = await ok(
        admin.request('POST', '/api/departments', { code: `BW${k}`, name: `基准${name}`, kind: 'clinic' }),
        'clinic',
        201,
      );
      const prefix = 'ABCD'[k]!;
      await ok(
        admin.request('PUT', `/api/clinics/${d.id}`, {
          queuePrefix: prefix,
          registrationFeeFen: 500,
          feeItemId: items.fee,
          room: String(k + 1),
          version: null,
        }),
        'clinic settings',
      );
      clinics.push({ id: d.id, prefix, feeFen: 500 });
    }
    let seq = 0;
    const account = async (roles: string[], departmentId: number): Promise<Account> => {
      const n = ++seq;
      const s = await ok(
        admin.request('POST', '/api/staff', {
          code: `BWS${n}`,
          name: `基准员工${n}`,
          gender: n % 2 ? 'M' : 'F',
          departmentId,
          title: 'physician',
        }),
        'staff',
        201,
      );
      const username = `bench${n}`;
      const u = await ok(admin.request('POST', '/api/users', { username, staffId: s.id, roles }), 'user', 201);
      const c = new KeepAliveClient(url);
      await ok(c.request('POST', '/api/auth/sign-in', { username, password: u.oneTimePassword }), 'sign-in');
      await ok(
        c.request('POST', '/api/auth/change-password', { currentPassword: u.oneTimePassword, newPassword: PASSWORD }),
        'password',
      );
      c.close();
      return { username, password: PASSWORD, userId: u.user.id, staffId: s.id };
    };
    const doctors: World['doctors'] = [];
    for (let k = 0; k < 8; k++) {
      const clinicId = clinics[k % clinics.length]!.id;
      doctors.push({ ...(await account(['doctor'], clinicId)), clinicId });
    }
    const registrars: Account[] = [];
    for (let k = 0; k < 8; k++) registrars.push(await account(['registrar'], clinics[0]!.id));
    const desk = new KeepAliveClient(url);
    await ok(
      desk.request('POST', '/api/auth/sign-in', { username: registrars[0]!.username, password: PASSWORD }),
      'desk',
    );
    await ok(
      desk.request('PUT', `/api/roster/${day}`, {
        entries: doctors.map((d) => ({ departmentId: d.clinicId, doctorStaffId: d.staffId, session: 'all' })),
      }),
      'roster',
    );
    desk.close();
    log(`world: generating a year of history (${o.days} days x ${o.perDay} visits, ledgers included) ...`);
    const historyPatients = insertPatients(raw, Number(process.env.BENCH_HISTORY_PATIENTS ?? 20_000), 'H', now);
    const history = await seedYearOfVisits(raw, {
      days: o.days,
      perDay: o.perDay,
      clinicIds: clinics.map((c) => c.id),
      doctorStaffIds: doctors.map((d) => d.staffId),
      itemId: items.drug,
      feeItemId: items.fee,
      pharmacyId,
      patientIds: historyPatients,
      today: day,
      cashierUserId: registrars[registrars.length - 1]!.userId,
    });
    const patientIds = insertPatients(raw, o.patients, 'D', now);
    const world: World = {
      day,
      clinics,
      doctors,
      registrars,
      admin: { username: first.username, password: PASSWORD },
      pharmacyId,
      patientIds,
      history,
    };
    fs.writeFileSync(path.join(dir, 'world.json'), JSON.stringify(world));
    log(
      `world: ${history.visits} visits, ${history.bills} bills, ${history.stockMoves} stock moves in ` +
        `${(history.ms / 1000).toFixed(1)} s; world ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    admin.close();
    await server.stop();
  }
}

function catalogItems(raw: SQLite.Database, now: number): { fee: number; drug: number } {
  const ins = raw.prepare(
    'INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category, ' +
      'drug_class, pinyin_initials, pinyin_full, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ' +
      "'x', 'x', ?, ?)",
  );
  const fee = Number(
    ins.run('BWGHF', 'service', '普通挂号费', '次', '次', 1, 500, '13', null, now, now).lastInsertRowid,
  );
  const drug = Number(
    ins.run('BWDRUG', 'drug', '阿莫西林胶囊', '粒', '盒', 24, 480, '09', 'western', now, now).lastInsertRowid,
  );
  return { fee, drug };
}

function insertPatients(raw: SQLite.Database, n: number, tag: string, now: number): number[] {
  const ins = raw.prepare(
    'INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at) ' +
      "VALUES (?, '基准患者', ?, '1975-05-05', 'jzhz', 'jizhunhuanzhe', ?, ?)",
  );
  return raw.transaction(() =>
    Array.from({ length: n }, (_, i) => Number(ins.run(`BW${tag}${i}`, i % 2 ? 'M' : 'F', now, now).lastInsertRowid)),
  )();
}
