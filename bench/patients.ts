// Patient search at a million patients: a generator (raw better-sqlite3, one transaction,
// into a temp database made by the real migrations) and GET /api/patients?q= by name, pinyin
// initials, ID number and phone (auth, zod, prefix range scans on patient_search, masking)
// beside its raw primitive: a bare Koa route running the bare indexed SELECT (the same range
// scan joined to patients) on the same database, called by the same keep-alive client; plus the bare SELECT alone.
// Run alone: `npx tsx bench/patients.ts` (BENCH_PATIENTS, default 1,000_000; BENCH_SEARCHES,
// default 400 per kind). `benchPatientSearch()` returns the figures for bench/run.ts.
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { idCheckChar } from '../server/lib/id-number.js';
import { pinyinKeys } from '../db/pinyin.js';
import { INNER, prefixEnd } from '../server/modules/patients/keys.js';
import { formatMrn } from '../server/modules/patients/service.js';
import { FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, SURNAMES, VILLAGES } from '../demo/outpatient/people.js';
import { prng } from '../demo/outpatient/patients.js';
import { userViaApi } from '../test/helpers/admin.js';
import { adminClient, startTestServer, tempDir } from '../test/helpers/server.js';
import { KeepAliveClient } from './lib/http.js';
import { summarize, type Figure } from './lib/stats.js';
import { bareServer, runAlone, timeSync } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

/** Pinyin of one surname or given-name character, computed once: initials readings and full. */
function charPinyin(ch: string, surname: boolean): { initials: string[]; full: string } {
  const k = pinyinKeys(ch, { surname });
  return { initials: k.initials.split(' '), full: k.full };
}

export interface Generated {
  patients: number;
  keys: number;
  ms: number;
  samples: { name: string[]; initials: string[]; id: string[]; phone: string[]; inner: string[] };
}

/**
 * Fills `file` (already migrated) with `n` patients and their search keys. Raw better-sqlite3,
 * one transaction, journal off while loading (a generator, not the server's write path);
 * the patient_id index of patient_search is rebuilt after the sorted bulk insert.
 */
export function generatePatients(file: string, n: number, seed = 1): Generated {
  const t0 = performance.now();
  let tp = t0;
  const phase = (what: string) => {
    const t = performance.now();
    log(`  ${what}: ${((t - tp) / 1000).toFixed(1)} s`);
    tp = t;
  };
  const db = new SQLite(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  const rand = prng(seed);
  const int = (k: number) => Math.floor(rand() * k);
  const total = SURNAMES.reduce((s, [, w]) => s + w, 0);
  const sur = SURNAMES.map(([s, w]) => ({ s, w, py: charPinyin(s, true) }));
  const given = (pool: string) => [...pool].map((c) => ({ c, py: charPinyin(c, false) }));
  const male = given(MALE_CHARS);
  const female = given(FEMALE_CHARS);
  const perDay = new Map<string, number>();
  const samples: Generated['samples'] = { name: [], initials: [], id: [], phone: [], inner: [] };
  const startMs = Date.UTC(1936, 0, 1);
  const spanDays = Math.floor((Date.UTC(2026, 0, 1) - startMs) / 86_400_000);

  // Secondary indexes are rebuilt after the load (a sort each) instead of growing by random inserts.
  db.exec('DROP INDEX IF EXISTS patient_search_patient');
  db.exec('DROP INDEX IF EXISTS patients_name_birth');
  db.exec('DROP INDEX IF EXISTS patients_phone');
  db.exec('CREATE TEMP TABLE keys (key TEXT NOT NULL, patient_id INTEGER NOT NULL)');
  const insPatient = db.prepare(
    `INSERT INTO patients (id, mrn, name, sex, birth_date, id_number, phone, address, insurance_no, ` +
      `allergies_json, chronic_json, pinyin_initials, pinyin_full, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '[]', '[]', ?, ?, ?, ?)`,
  );
  const insKey = db.prepare('INSERT INTO temp.keys (key, patient_id) VALUES (?, ?)');
  let keyCount = 0;
  const now = Date.now();
  const base = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM patients').get() as { m: number }).m;
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const id = base + i;
      let r = rand() * total;
      let s = sur[0]!;
      for (const x of sur) {
        r -= x.w;
        if (r < 0) {
          s = x;
          break;
        }
      }
      const sex = rand() < 0.5 ? 'M' : 'F';
      const pool = sex === 'M' ? male : female;
      const g = rand() < 0.7 ? [pool[int(pool.length)]!, pool[int(pool.length)]!] : [pool[int(pool.length)]!];
      const name = s.s + g.map((x) => x.c).join('');
      const full = s.py.full + g.map((x) => x.py.full).join('');
      let inits = s.py.initials;
      for (const x of g) inits = inits.flatMap((a) => x.py.initials.map((b) => a + b)).slice(0, 8);
      const birth = new Date(startMs + int(spanDays) * 86_400_000).toISOString().slice(0, 10);
      const dayKey = birth + sex;
      const k = perDay.get(dayKey) ?? 0;
      perDay.set(dayKey, k + 1);
      const seq = (k * 2 + (sex === 'M' ? 1 : 0)) % 1000;
      const area = k < 500 ? '330782' : '330783';
      const first17 = area + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
      const idNo = first17 + idCheckChar(first17);
      const phone = MOBILE_PREFIXES[int(MOBILE_PREFIXES.length)]! + String(int(100_000_000)).padStart(8, '0');
      const mrn = formatMrn(id);
      insPatient.run(
        id,
        mrn,
        name,
        sex,
        birth,
        idNo,
        phone,
        `${VILLAGES[int(VILLAGES.length)]}${1 + int(180)}号`,
        inits.join(' '),
        full,
        now,
        now,
      );
      const keys = new Set([name, ...inits, full, idNo.toLowerCase(), phone, mrn.toLowerCase()]);
      // Word starts inside the name (as searchKeys adds them: a leading space, no one-letter keys).
      for (let j = 0; j < g.length; j++) {
        const rest = g.slice(j);
        const ini = rest.map((x) => x.py.initials[0]!).join('');
        const ful = rest.map((x) => x.py.full).join('');
        if (ini.length > 1) keys.add(INNER + ini);
        if (ful.length > 1) keys.add(INNER + ful);
      }
      for (const key of keys) insKey.run(key, id);
      keyCount += keys.size;
      if (i % 2500 === 0) {
        samples.name.push(name);
        samples.initials.push(inits[0]!);
        samples.id.push(idNo.slice(0, 14));
        samples.phone.push(phone.slice(0, 7));
        if (g.length === 2) samples.inner.push(g.map((x) => x.py.full).join(''));
      }
    }
    phase('patients and raw keys');
    db.exec(
      'INSERT INTO patient_search (key, patient_id) SELECT key, patient_id FROM temp.keys ORDER BY key, patient_id',
    );
    phase('sorted search keys');
    db.exec('CREATE INDEX patient_search_patient ON patient_search(patient_id)');
    db.exec('CREATE INDEX patients_name_birth ON patients(name, birth_date)');
    db.exec('CREATE INDEX patients_phone ON patients(phone) WHERE phone IS NOT NULL');
    phase('secondary indexes');
    db.prepare(
      "INSERT INTO sequences (name, value) VALUES ('mrn', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
    ).run(base + n);
  })();
  db.exec('DROP TABLE temp.keys');
  db.exec('ANALYZE');
  phase('commit and ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  return { patients: n, keys: keyCount, ms: performance.now() - t0, samples };
}

export async function benchPatientSearch(
  n = Number(process.env.BENCH_PATIENTS ?? 1_000_000),
  per = Number(process.env.BENCH_SEARCHES ?? 400),
): Promise<Figure[]> {
  const dataDir = tempDir('jiceng-bench-patients-');
  try {
    // 1. The real server makes the database (migrations, first admin) and a searching user.
    let ts = await startTestServer({ dataDir, keepData: true });
    const admin = await adminClient(ts);
    const clerk = await userViaApi(ts, admin, ['registrar']);
    await ts.stop();
    // 2. A million patients straight into that file.
    log(`patients bench: generating ${n.toLocaleString('en')} patients ...`);
    const file = fs.readdirSync(dataDir).find((f) => f.endsWith('.db') || f.endsWith('.sqlite'));
    if (!file) throw new Error(`no database file in ${dataDir}`);
    const gen = generatePatients(`${dataDir}/${file}`, n);
    log(
      `patients bench: ${gen.patients.toLocaleString('en')} patients, ${gen.keys.toLocaleString('en')} search keys ` +
        `in ${(gen.ms / 1000).toFixed(1)} s`,
    );
    // 3. The server again, on the big database.
    ts = await startTestServer({ dataDir, keepData: true });
    const api = new KeepAliveClient(ts.url);
    const signIn = await api.request('POST', '/api/auth/sign-in', {
      username: clerk.username,
      password: clerk.password,
    });
    if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);

    // The raw primitive: the bare indexed range scan on patient_search behind a bare Koa route.
    const raw = ts.server.open.raw;
    // The same range scan joined to patients as the service runs, without auth, validation,
    // Kysely, masking or the summary shape.
    const scan = raw.prepare(
      'SELECT s.key, p.* FROM patient_search s JOIN patients p ON p.id = s.patient_id WHERE s.key >= ? AND ' +
        's.key < ? ORDER BY s.key LIMIT 100',
    );
    // Then, as the service does when the page is not full, the keys of word starts inside names.
    const bothScans = (q: string) => {
      const rows = scan.all(q, prefixEnd(q)) as Array<{ id: number }>;
      return new Set(rows.map((r) => r.id)).size < 20 && /^[a-z][a-z0-9]*$/.test(q)
        ? rows.concat(scan.all(INNER + q, prefixEnd(INNER + q)) as Array<{ id: number }>)
        : rows;
    };
    const bare = await bareServer((router) =>
      router.get('/search', (ctx) => {
        const q = String(ctx.query.q ?? '').toLowerCase();
        ctx.body = { items: bothScans(q).slice(0, 20) };
      }),
    );

    const figures: Figure[] = [];
    const kinds: Array<[string, string[]]> = [
      ['name', gen.samples.name],
      ['pinyin initials', gen.samples.initials],
      ['ID number (14-digit prefix)', gen.samples.id],
      ['phone (7-digit prefix)', gen.samples.phone],
      ['given name in full pinyin (a word start inside the name)', gen.samples.inner],
    ];
    try {
      for (const [label, qs] of kinds) {
        const pick = (i: number) => encodeURIComponent(qs[i % qs.length]!);
        const jiceng = async (i: number) => {
          const t0 = performance.now();
          const r = await api.request('GET', `/api/patients?q=${pick(i)}&limit=20`);
          const ms = performance.now() - t0;
          if (r.status !== 200) throw new Error(`search answered ${r.status}: ${r.body}`);
          if (i < qs.length && !JSON.parse(r.body).items.length) throw new Error(`no hit for ${qs[i % qs.length]}`);
          return ms;
        };
        const bareOne = (i: number) => bare.client.timed('GET', `/search?q=${pick(i)}`, 200);
        const sql = (i: number) => {
          const q = qs[i % qs.length]!.toLowerCase();
          return timeSync(() => bothScans(q));
        };
        for (let i = 0; i < 20; i++) {
          await jiceng(i);
          await bareOne(i);
        }
        const a: number[] = [];
        const b: number[] = [];
        const c: number[] = [];
        const chunk = Math.max(1, Math.ceil(per / 10));
        for (let i = 0; i < per; i += chunk) {
          for (let k = i; k < Math.min(i + chunk, per); k++) a.push(await jiceng(k));
          for (let k = i; k < Math.min(i + chunk, per); k++) b.push(await bareOne(k));
          for (let k = i; k < Math.min(i + chunk, per); k++) c.push(sql(k));
        }
        figures.push({
          figure: `patient search by ${label} at ${n.toLocaleString('en')} patients (HTTP)`,
          unit: 'ms',
          value: summarize(a),
          raw: summarize(b),
          rawLabel: 'bare Koa route + the bare indexed SELECT on patient_search',
          target: { percentile: 'p95', limit: 10, maxRatio: 2 },
        });
        figures.push({
          figure: `  bare indexed SELECT on patient_search (${label})`,
          unit: 'ms',
          value: summarize(c),
          target: {},
        });
      }
    } finally {
      api.close();
      bare.close();
      await ts.stop();
    }
    figures.push({
      figure: `generate ${n.toLocaleString('en')} patients (${gen.keys.toLocaleString('en')} search keys)`,
      unit: 'ms',
      value: summarize([gen.ms]),
      target: { percentile: 'p99', limit: 90_000 },
    });
    return figures;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runAlone(import.meta.url, benchPatientSearch);
