// Signing a prescription benchmark: POST /api/orders/:id/sign (auth, zod, idempotency key,
// stale-version check, every prescription check re-run against the visit and the institution's
// rules, lines priced with the price of the day, order signed, rx slip print job, audit,
// event_log, publish to the cashier) beside its raw primitive: a bare Koa route writing the
// same rows (lines re-priced, order signed, print job, audit, event_log, idempotency key) as
// one bare better-sqlite3 transaction on the same database, called by the same keep-alive
// client. Each draft is a 2-line Western prescription on its own visit (with a diagnosis).
// Run alone: `npx tsx bench/orders.ts` (BENCH_SIGNS, default 300). Prints a table and one
// JSON line per figure, like bench/run.ts; `benchSign()` returns the figures for it.
import { key, openVisit, seedDoctorWorld } from '../test/helpers/doctor.js';
import { adminClient, startTestServer } from '../test/helpers/server.js';
import { insertHistoryPatients, seedYearOfVisits, todayInShanghai } from './lib/history.js';
import type { Figure } from './lib/stats.js';
import { benchWrite, runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

export async function benchSign(n = Number(process.env.BENCH_SIGNS ?? 300)): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const admin = await adminClient(ts);
    const f = await seedDoctorWorld(ts, admin);
    const raw = ts.server.open.raw;
    const doc = f.doctor.client;
    const hist = await seedYearOfVisits(raw, {
      clinicIds: [f.clinicId],
      doctorStaffIds: [f.doctor.staffId, f.other.staffId],
      itemId: f.items.MET!,
      pharmacyId: f.pharmacyId,
      patientIds: [f.plainPatientId, ...insertHistoryPatients(raw)],
      today: todayInShanghai(),
    });
    log(`orders bench: a year of history, ${hist.visits} visits in ${(hist.ms / 1000).toFixed(1)} s`);
    // One real visit with a diagnosis, then copies of it (one visit per draft, so the
    // "same drug twice across the visit" check sees one prescription each).
    const first = await openVisit(doc, f.clinicId, f.plainPatientId);
    const copy = raw.prepare(
      `INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, payer, status, chief_complaint, ` +
        (`diagnoses_json, started_at, created_at, updated_at)
       SELECT patient_id, department_id, doctor_staff_id, day, kind, payer, status, chief_complaint, ` +
          `diagnoses_json, started_at, created_at, updated_at FROM visits WHERE id = ?`),
    );
    log(`orders bench: drafting ${2 * (n + 20)} prescriptions ...`);
    const lines = [
      { itemId: f.items.MET, dose: '0.5', doseUnit: 'g', frequency: 'bid', route: 'po', days: 7 },
      { itemId: f.items.VC, dose: '0.1', doseUnit: 'g', frequency: 'tid', route: 'po', days: 7 },
    ];
    const drafts: Array<{ id: number; version: number }> = [];
    for (let i = 0; i < 2 * (n + 20); i++) {
      const visitId = i === 0 ? first.id : Number(copy.run(first.id).lastInsertRowid);
      const d = await doc.post('/api/orders', { visitId, kind: 'western', pharmacyId: f.pharmacyId, lines }, key());
      if (d.status !== 201) throw new Error(`draft answered ${d.status}: ${JSON.stringify(d.body)}`);
      drafts.push({ id: d.body.id, version: d.body.version });
    }
    const mine = drafts.filter((_, i) => i % 2 === 0);
    const bareDrafts = drafts.filter((_, i) => i % 2 === 1);

    // The raw primitive: the same rows in one bare transaction behind a bare Koa route.
    const userId = f.doctor.userId;
    const q = {
      idemGet: raw.prepare('SELECT response_json FROM idempotency_keys WHERE key = ? AND user_id = ?'),
      idemPut: raw.prepare(
        'INSERT INTO idempotency_keys (key, user_id, operation, request_hash, status, response_json, ' +
          "created_at) VALUES (?, ?, 'order.sign', 'x', 200, ?, ?)",
      ),
      order: raw.prepare('SELECT id, status, version, patient_id, visit_id, department_id FROM orders WHERE id = ?'),
      lines: raw.prepare(
        'SELECT l.*, i.price_fen AS price, i.pack_size AS pack FROM order_lines l JOIN catalog_items i ON i.id ' +
          '= l.item_id WHERE l.order_id = ? ORDER BY l.line_no',
      ),
      del: raw.prepare('DELETE FROM order_lines WHERE order_id = ?'),
      line: raw.prepare(
        'INSERT INTO order_lines (order_id, line_no, item_id, dose, dose_unit, frequency, route, days, ' +
          'quantity, unit_price_fen, pack_size, amount_fen, charge_category, note) VALUES (?, ?, ?, ?, ?, ?, ' +
          '?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      sign: raw.prepare(
        "UPDATE orders SET status = 'signed', total_fen = ?, signed_at = ?, updated_at = ?, version = version " +
          '+ 1 WHERE id = ?',
      ),
      job: raw.prepare(
        'INSERT INTO print_jobs (layout, payload_json, ref_type, ref_id, created_by, created_at, updated_at) ' +
          "VALUES ('rx-slip', ?, 'order', ?, ?, ?, ?)",
      ),
      audit: raw.prepare(
        'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, patient_id, ip, ' +
          "workstation_id, summary_json) VALUES (?, ?, 'z', 'order.sign', 'ok', 'order', ?, ?, '127.0.0.1', " +
          'NULL, ?)',
      ),
      event: raw.prepare("INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, 'order:signed', ?, ?)"),
    };
    type LineRow = {
      line_no: number;
      item_id: number;
      dose: string | null;
      dose_unit: string | null;
      frequency: string | null;
      route: string | null;
      days: number | null;
      quantity: number;
      charge_category: string;
      note: string | null;
      price: number;
      pack: number;
    };
    const rawSign = raw.transaction((orderId: number, version: number, at: number, k: string) => {
      if (q.idemGet.get(k, userId)) throw new Error('replayed');
      const o = q.order.get(orderId) as {
        status: string;
        version: number;
        patient_id: number;
        visit_id: number;
        department_id: number;
      };
      if (o.status !== 'draft' || o.version !== version) throw new Error('not a draft');
      const ls = q.lines.all(orderId) as LineRow[];
      q.del.run(orderId);
      let total = 0;
      for (const l of ls) {
        const amount = Math.floor((l.quantity * l.price * 2 + l.pack) / (2 * l.pack));
        total += amount;
        q.line.run(
          orderId,
          l.line_no,
          l.item_id,
          l.dose,
          l.dose_unit,
          l.frequency,
          l.route,
          l.days,
          l.quantity,
          l.price,
          l.pack,
          amount,
          l.charge_category,
          l.note,
        );
      }
      q.sign.run(total, at, at, orderId);
      q.job.run(JSON.stringify({ orderId, lines: ls, totalFen: total }), orderId, userId, at, at);
      q.audit.run(
        at,
        userId,
        String(orderId),
        o.patient_id,
        JSON.stringify({ before: { status: 'draft' }, after: { status: 'signed', totalFen: total } }),
      );
      q.event.run(
        at,
        JSON.stringify(['cashier', `dept:${o.department_id}`]),
        JSON.stringify({ orderId, patientId: o.patient_id, visitId: o.visit_id, totalFen: total }),
      );
      q.idemPut.run(k, userId, JSON.stringify({ orderId, totalFen: total }), at);
      return total;
    });
    return [
      await benchWrite({
        figure: 'sign a prescription (2 lines, all checks, rx slip job, HTTP)',
        rawLabel:
          'bare Koa route + the same rows (lines re-priced, order signed, print job, audit, event, key) in a ' +
          'bare transaction',
        n,
        server: { url: ts.url, cookie: doc.cookie },
        call: (i) => ({
          path: `/api/orders/${mine[i]!.id}/sign`,
          body: { version: mine[i]!.version },
          key: `bench-sign-${process.pid}-${i}`,
        }),
        bareRoutes: (router) =>
          router.post('/sign/:id/:version', (ctx) => {
            ctx.body = {
              totalFen: rawSign(
                Number(ctx.params.id),
                Number(ctx.params.version),
                Date.now(),
                String(ctx.get('idempotency-key')),
              ),
            };
          }),
        rawCall: (i) => ({
          path: `/sign/${bareDrafts[i]!.id}/${bareDrafts[i]!.version}`,
          key: `bench-raw-sign-${process.pid}-${i}`,
        }),
      }),
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchSign);
