// Insured settlement benchmark (issue 11): a 3-line bill of an insured patient settled end to end over
// HTTP against the insurer simulator on localhost — POST /api/insurance/settlement/prepare (2201 visit,
// 2203 diagnoses, 2204 fee upload, 2206 pre-settlement) then POST …/settle (2207, then the bill, its
// lines, the fund and cash payments, the receipt) — beside the same bill settled as cash
// (POST /api/billing/charges), alternated in rounds. The simulator's own time is measured apart: its
// HTTP server's request listener is wrapped (request in → response finished) and summed per
// settlement, and the figure without it (Jiceng + the loopback hops) is printed too. Server and
// simulator run in this process (one event loop; the server waits on the socket while the
// simulator works). Each sample is a new visit of one of five 城乡居民 persons (390, township).
// Run alone: `npx tsx bench/insurance.ts` (BENCH_INSURED, default 60). Prints a table and one JSON
// line per figure, like bench/run.ts; `benchInsurance()` returns the figures for it.
import http from 'node:http';
import { startInsurerSimulator, type InsurerSimulator } from '../simulator/insurer/server.js';
import { giveBook, seedWorld, signedOrder } from '../test/helpers/billing.js';
import { adminClient, startTestServer } from '../test/helpers/server.js';
import { makeUser } from '../test/realtime/socket-helpers.js';
import { KeepAliveClient } from './lib/http.js';
import { alternate, summarize, type Figure } from './lib/stats.js';
import { runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');
const PERSONS = [
  '330782195603126270',
  '330782201905177055',
  '33078219880214730X',
  '330782200910118872',
  '330782194910019390',
];

/** Starts the simulator with its request listener timed; `simMs.total` sums the time spent inside it. */
async function timedSimulator(): Promise<{ sim: InsurerSimulator; simMs: { total: number; calls: number } }> {
  const simMs = { total: 0, calls: 0 };
  const original = http.createServer;
  const wrapped = ((...args: unknown[]) => {
    const listener = args.find((a) => typeof a === 'function') as http.RequestListener;
    return original((req, res) => {
      const t0 = performance.now();
      res.on('finish', () => {
        simMs.total += performance.now() - t0;
        simMs.calls++;
      });
      listener(req, res);
    });
  }) as typeof http.createServer;
  http.createServer = wrapped;
  try {
    return { sim: await startInsurerSimulator({ port: 0 }), simMs };
  } finally {
    http.createServer = original;
  }
}

export async function benchInsurance(n = Number(process.env.BENCH_INSURED ?? 60)): Promise<Figure[]> {
  const { sim, simMs } = await timedSimulator();
  const ts = await startTestServer();
  try {
    const raw = ts.server.open.raw;
    const admin = await adminClient(ts);
    const cfg = await admin.get('/api/insurance/config');
    const put = await admin.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: sim.url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: 'BENCH',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 10_000,
      facilityLevel: 1,
    });
    if (put.status !== 200) throw new Error(`insurance config: ${put.status} ${JSON.stringify(put.body)}`);

    const now = Date.now();
    const w = seedWorld(raw, now);
    raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
    // The three items matched and reviewed (as the settlement module's tests make them).
    const match = (itemId: number, code: string, listType: string) => {
      raw
        .prepare(
          `INSERT OR IGNORE INTO insurer_catalog_items (list_type, med_list_codg, name, chrgitm_lv, source_infno,
             version, updated_at) VALUES (?, ?, ?, '01', '1301', '20250101001', ?)`,
        )
        .run(listType, code, code, now);
      raw
        .prepare(
          `INSERT INTO insurance_item_matches (catalog_item_id, med_list_codg, list_type, state, matched_at)
           VALUES (?, ?, ?, 'reviewed', ?)`,
        )
        .run(itemId, code, listType, now);
    };
    match(w.drugId, 'X000001A0022693', '101');
    match(w.drug2Id, 'Z000166A0038972', '102');
    match(w.serviceId, '002501010150000', '201');
    raw
      .prepare(
        `INSERT INTO insurance_department_codes (department_id, caty, caty_name, matched_at) VALUES (?, ?, ?, ?)`,
      )
      .run(w.clinicId, 'A03', '内科', now);
    raw
      .prepare(`INSERT INTO insurance_staff_codes (staff_id, national_code, matched_at) VALUES (?, ?, ?)`)
      .run(w.doctorStaffId, 'D330782000001', now);
    raw
      .prepare(
        `INSERT OR IGNORE INTO insurance_disease_codes (local_code, dise_code, dise_name, matched_at)
         VALUES ('J06.900', 'J06.900', '急性上呼吸道感染', ?)`,
      )
      .run(now);

    const cashier = await makeUser(ts, ['registrar']);
    giveBook(raw, cashier.userId, 1, 1_000_000, 'B', now);
    const api = new KeepAliveClient(ts.url);
    api.cookie = cashier.client.cookie;

    // One patient per insured person, looked up once (1101), as the desk does before the first visit.
    const patients: number[] = [];
    for (const certNo of PERSONS) {
      const p = Number(
        raw
          .prepare(
            `INSERT INTO patients (mrn, name, sex, birth_date, id_number, pinyin_initials, pinyin_full, created_at,
               updated_at) VALUES (?, '参保人', 'F', '1980-01-02', ?, '', '', ?, ?)`,
          )
          .run(`MI${certNo}`, certNo, now, now).lastInsertRowid,
      );
      const r = await api.request('POST', '/api/insurance/person', { certType: '02', certNo, patientId: p });
      if (r.status !== 200) throw new Error(`1101 ${certNo}: ${r.status} ${r.body.slice(0, 300)}`);
      patients.push(p);
    }
    const visitOf = (patientId: number, payer: 'insured' | 'cash') =>
      Number(
        raw
          .prepare(
            `INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, status, payer, diagnoses_json,
               created_at, updated_at) VALUES (?, ?, ?, '2026-11-26', 'walk_in', 'in_consultation', ?, ?, ?, ?)`,
          )
          .run(
            patientId,
            w.clinicId,
            w.doctorStaffId,
            payer,
            JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]),
            now,
            now,
          ).lastInsertRowid,
      );
    const lines = [
      { itemId: w.drugId, quantity: 24 },
      { itemId: w.drug2Id, quantity: 10 },
      { itemId: w.serviceId, quantity: 1 },
    ];
    const total = n + 20;
    log(`insurance bench: seeding ${2 * total} visits with a signed 3-line order ...`);
    const insured = Array.from({ length: total }, (_, i) => {
      const patientId = patients[i % patients.length]!;
      return signedOrder(raw, w, now, lines, 'western', patientId, visitOf(patientId, 'insured'));
    });
    const cash = Array.from({ length: total }, () =>
      signedOrder(raw, w, now, lines, 'western', w.patientId, w.visitId),
    );

    const e2e: number[] = [];
    const inSim: number[] = [];
    const appOnly: number[] = [];
    const prepMs: number[] = [];
    const settleInsured = async (i: number) => {
      const o = insured[i]!;
      const patientId = patients[i % patients.length]!;
      const sim0 = simMs.total;
      const t0 = performance.now();
      const p = await api.request('POST', '/api/insurance/settlement/prepare', { patientId, orderIds: [o.orderId] });
      if (p.status !== 200) throw new Error(`prepare: ${p.status} ${p.body.slice(0, 300)}`);
      const prep = JSON.parse(p.body) as { status: string; chrgBchno: string; cashToCollectFen: number };
      if (prep.status !== 'ready') throw new Error(`prepare: ${p.body.slice(0, 300)}`);
      const due = prep.cashToCollectFen;
      const tPrep = performance.now() - t0;
      const s = await api.request(
        'POST',
        '/api/insurance/settlement/settle',
        {
          patientId,
          orderIds: [o.orderId],
          chrgBchno: prep.chrgBchno,
          payments: due > 0 ? [{ method: 'cash', amountFen: due, tenderedFen: due + 1000 }] : [],
        },
        { 'idempotency-key': `bench-ins-${process.pid}-${i}` },
      );
      if (s.status !== 200 && s.status !== 201) throw new Error(`settle: ${s.status} ${s.body.slice(0, 300)}`);
      const ms = performance.now() - t0;
      const simPart = simMs.total - sim0;
      if (i >= 20) {
        e2e.push(ms);
        inSim.push(simPart);
        appOnly.push(ms - simPart);
        prepMs.push(tPrep);
      }
      return ms;
    };
    const settleCash = (i: number) => {
      const o = cash[i]!;
      return api.timed(
        'POST',
        '/api/billing/charges',
        201,
        {
          patientId: w.patientId,
          orderIds: [o.orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: o.totalFen, tenderedFen: o.totalFen + 1000 }],
        },
        { 'idempotency-key': `bench-cash-${process.pid}-${i}` },
      );
    };
    const calls0 = simMs.calls;
    const { b } = await alternate(settleInsured, settleCash, n);
    const perSettlement = (simMs.calls - calls0) / total;
    api.close();
    // Per transaction, from the outbox (ms clock): written → sent, and sent → answer recorded.
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const rows = raw
      .prepare(
        `SELECT infno, sent_at - created_at AS w, answered_at - sent_at AS a FROM insurance_calls
         WHERE infno IN ('2201', '2203', '2204', '2206', '2207') AND answered_at IS NOT NULL`,
      )
      .all() as Array<{ infno: string; w: number; a: number }>;
    const per = ['2201', '2203', '2204', '2206', '2207']
      .map((no) => {
        const r = rows.filter((x) => x.infno === no);
        return `${no} ${med(r.map((x) => x.w))}+${med(r.map((x) => x.a))}`;
      })
      .join(', ');
    const note =
      `insurer calls per settlement ${perSettlement.toFixed(1)}; prepare p50 ${summarize(prepMs).p50.toFixed(1)} ms ` +
      `of the whole; outbox p50 ms written→sent + sent→answered: ${per}; ` +
      `simulator in this process, loopback HTTP; load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`;
    return [
      {
        figure: 'insured settlement end to end (2201-2206 pre-settle + 2207 settle, 3 lines, HTTP)',
        unit: 'ms',
        value: summarize(e2e),
        raw: summarize(b),
        rawLabel: 'the same 3-line bill settled as cash (POST /api/billing/charges)',
        target: {},
        note,
      },
      {
        figure: "insured settlement: the simulator's own time (its HTTP handler, summed per settlement)",
        unit: 'ms',
        value: summarize(inSim),
        target: {},
      },
      {
        figure: 'insured settlement minus the simulator (Jiceng + loopback hops)',
        unit: 'ms',
        value: summarize(appOnly),
        raw: summarize(b),
        rawLabel: 'the same bill settled as cash',
        target: {},
      },
    ];
  } finally {
    await ts.stop();
    await sim.close();
  }
}

await runAlone(import.meta.url, benchInsurance);
