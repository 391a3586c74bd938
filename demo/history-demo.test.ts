// The demo center's 30 days of history, seeded through the real services: visits every past
// day and none today, bills that add up and are paid, stock ledger consistent, dispensed
// prescriptions fully allocated, shifts closed each day, no stale events or pending print
// jobs left behind, and a second run changes nothing.
import { expect } from 'chai';
import { businessDay } from '../server/lib/clock.js';
import { dayRange } from '../server/modules/billing/day.js';
import { getInstitutionSettings } from '../server/modules/settings/service.js';
import { ApiClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedDemo } from './demo.js';
import { HISTORY_DAYS, HISTORY_DEMO_KEY, seedHistoryDemo, type HistoryDemoResult } from './history-demo.js';

describe('demo history (30 days of outpatient activity)', function () {
  this.timeout(300_000);
  let ts: TestServer;
  let password: string;
  let seedMs: number;
  let history: HistoryDemoResult;
  let today: string;
  let tz: string;

  before(async () => {
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    const t0 = performance.now();
    password = (await seedDemo({ db, uow, clock }))!.password;
    seedMs = performance.now() - t0;
    history = JSON.parse(
      (
        ts.server.open.raw.prepare('SELECT value_json FROM settings WHERE key = ?').get(HISTORY_DEMO_KEY) as {
          value_json: string;
        }
      ).value_json,
    ) as HistoryDemoResult;
    tz = (await getInstitutionSettings(db)).timeZone;
    today = businessDay(clock.now(), tz);
    console.log(
      `      whole demo seed: ${Math.round(seedMs)} ms, of which the history ${history.ms} ms:`,
      JSON.stringify({ ...history, ms: undefined }),
    );
  });
  after(() => ts?.stop());

  const raw = () => ts.server.open.raw;
  const n = (q: string, ...args: unknown[]) =>
    Number(
      (
        raw()
          .prepare(q)
          .get(...args) as { n: number | null }
      ).n ?? 0,
    );

  it('finished and recorded what it did', () => {
    expect(history.days).to.equal(HISTORY_DAYS);
    expect(history.visits).to.be.above(HISTORY_DAYS * 25);
    expect(history.cancelled).to.be.above(0);
    expect(history.refunds).to.be.above(0);
    expect(history.dispensed).to.be.above(history.visits / 3);
    expect(history.shifts).to.be.at.least(HISTORY_DAYS);
  });

  it('has 25–60 visits on each of the last 30 days and none today', () => {
    const rows = raw().prepare('SELECT day, count(*) AS n FROM visits GROUP BY day ORDER BY day').all() as Array<{
      day: string;
      n: number;
    }>;
    const byDay = new Map(rows.map((r) => [r.day, r.n]));
    for (let back = 1; back <= HISTORY_DAYS; back++) {
      const day = new Date(Date.parse(today + 'T00:00:00Z') - back * 86_400_000).toISOString().slice(0, 10);
      expect(byDay.get(day), day).to.be.within(25, 60);
    }
    expect(byDay.get(today) ?? 0).to.equal(0);
    expect(n('SELECT count(*) AS n FROM queue_entries WHERE day = ?', today)).to.equal(0);
    // Every seen visit finished, with 1–2 catalog diagnoses, its queue entry done.
    expect(n("SELECT count(*) AS n FROM visits WHERE status NOT IN ('finished', 'cancelled')")).to.equal(0);
    expect(
      n(
        "SELECT count(*) AS n FROM visits WHERE status = 'finished' AND json_array_length(diagnoses_json) NOT " +
          'BETWEEN 1 AND 2',
      ),
    ).to.equal(0);
    expect(
      n(
        'SELECT count(*) AS n FROM visits v, json_each(v.diagnoses_json) j WHERE json_extract(j.value, ' +
          "'$.code') NOT IN (SELECT code FROM diagnoses)",
      ),
    ).to.equal(0);
    expect(
      n(
        'SELECT count(*) AS n FROM queue_entries q JOIN visits v ON v.id = q.visit_id WHERE v.status = ' +
          "'finished' AND q.status <> 'done'",
      ),
    ).to.equal(0);
    expect(n("SELECT count(*) AS n FROM registrations WHERE status = 'cancelled'")).to.equal(history.cancelled);
  });

  it('bills: lines sum to totals, payments cover the patient part, charges at the cashier have invoice numbers', () => {
    expect(
      n(
        'SELECT count(*) AS n FROM bills b WHERE total_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM ' +
          'bill_lines l WHERE l.bill_id = b.id)',
      ),
    ).to.equal(0);
    expect(
      n(
        "SELECT count(*) AS n FROM bills b WHERE kind = 'charge' AND patient_pay_fen > (SELECT " +
          'coalesce(sum(amount_fen), 0) FROM payments p WHERE p.bill_id = b.id)',
      ),
    ).to.equal(0);
    expect(
      n(
        "SELECT count(*) AS n FROM bills b WHERE kind = 'charge' AND EXISTS (SELECT 1 FROM bill_lines l WHERE " +
          'l.bill_id = b.id AND l.order_line_id IS NOT NULL) AND invoice_no IS NULL',
      ),
    ).to.equal(0);
    expect(n("SELECT count(*) AS n FROM bills WHERE kind = 'charge' AND invoice_no IS NOT NULL")).to.be.above(
      HISTORY_DAYS * 10,
    );
    expect(n('SELECT count(DISTINCT invoice_no) AS n FROM bills WHERE invoice_no IS NOT NULL')).to.equal(
      n('SELECT count(*) AS n FROM bills WHERE invoice_no IS NOT NULL'),
    );
    const feeRefunds = n("SELECT count(*) AS n FROM registrations WHERE status = 'cancelled' AND bill_id IS NOT NULL");
    expect(n("SELECT count(*) AS n FROM bills WHERE kind = 'refund'")).to.equal(history.refunds + feeRefunds);
    const methods = (raw().prepare('SELECT DISTINCT method FROM payments').all() as Array<{ method: string }>).map(
      (r) => r.method,
    );
    expect(methods).to.include.members(['cash', 'wechat']);
  });

  it('stock: every lot equals the sum of its moves and is never negative; dispensed orders are fully allocated', () => {
    expect(
      n(
        'SELECT count(*) AS n FROM stock_lots l WHERE qty_on_hand <> (SELECT coalesce(sum(qty_delta), 0) FROM ' +
          'stock_moves m WHERE m.lot_id = l.id)',
      ),
    ).to.equal(0);
    expect(n('SELECT count(*) AS n FROM stock_lots WHERE qty_on_hand < 0')).to.equal(0);
    expect(n("SELECT count(*) AS n FROM stock_moves WHERE reason = 'dispense'")).to.be.above(history.dispensed);
    expect(n("SELECT count(*) AS n FROM orders WHERE status = 'dispensed'")).to.equal(history.dispensed);
    expect(
      n(
        `SELECT count(*) AS n FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.status = 'dispensed'
           AND ol.quantity <> (SELECT coalesce(sum(dl.quantity), 0) FROM dispense_lines dl WHERE dl.order_line_id ` +
          `= ol.id)`,
      ),
    ).to.equal(0);
    // Paid prescriptions were either dispensed or refunded: none waits at the pharmacy.
    expect(n("SELECT count(*) AS n FROM orders WHERE kind = 'western' AND status = 'paid'")).to.equal(0);
    // Dispensing took from lots that were not expired on that day (FEFO never picks expired stock).
    expect(
      n(
        `SELECT count(*) AS n FROM dispense_lines dl JOIN dispensations d ON d.id = dl.dispensation_id JOIN ` +
          `stock_lots l ON l.id = dl.lot_id
           WHERE l.expiry_date < strftime('%Y-%m-%d', d.at / 1000, 'unixepoch', '+8 hours')`,
      ),
    ).to.equal(0);
  });

  it('closes every cashier shift of every past day with its totals', () => {
    const days = new Set(
      (
        raw()
          .prepare('SELECT opened_at FROM shifts WHERE closed_at IS NOT NULL AND totals_json IS NOT NULL')
          .all() as Array<{ opened_at: number }>
      ).map((s) => businessDay(s.opened_at, tz)),
    );
    expect(days.size).to.equal(HISTORY_DAYS);
    expect(n('SELECT count(*) AS n FROM shifts WHERE closed_at IS NULL')).to.equal(0);
    expect(n('SELECT count(*) AS n FROM bills b JOIN shifts s ON s.id = b.shift_id WHERE b.at > s.closed_at')).to.equal(
      0,
    );
  });

  it('leaves no old events for clients and no old print jobs for the printers', () => {
    const start = dayRange(today, tz).from;
    expect(n('SELECT count(*) AS n FROM event_log WHERE at < ?', start)).to.equal(0);
    expect(n("SELECT count(*) AS n FROM print_jobs WHERE status = 'pending' AND created_at < ?", start)).to.equal(0);
    expect(n("SELECT count(*) AS n FROM audit_log WHERE action = 'billing.charge' AND at < ?", start)).to.equal(
      history.charges,
    );
  });

  it("shows in the stations: the cashier sees closed shifts and yesterday's bills, a doctor a past visit", async () => {
    const c = new ApiClient(ts.url);
    expect((await c.signIn('registrar2', password)).status).to.equal(200);
    const shifts = await c.get('/api/billing/shifts');
    expect(shifts.status).to.equal(200);
    expect(shifts.body.items.length).to.be.above(0);
    const yesterday = new Date(Date.parse(today + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);
    const bills = await c.get(`/api/billing/bills?day=${yesterday}`);
    expect(bills.status).to.equal(200);
    expect(bills.body.items.length).to.be.above(10);
    const d = new ApiClient(ts.url);
    expect((await d.signIn('doctor1', password)).status).to.equal(200);
    const patientId = n("SELECT patient_id AS n FROM visits WHERE status = 'finished' ORDER BY id LIMIT 1");
    const visits = await d.get(`/api/visits?patientId=${patientId}`);
    expect(visits.status).to.equal(200);
    expect(visits.body.items[0].diagnoses.length).to.be.at.least(1);
  });

  it('a second run changes nothing', async () => {
    const tables = [
      'visits',
      'registrations',
      'orders',
      'bills',
      'payments',
      'stock_moves',
      'dispensations',
      'shifts',
      'audit_log',
      'roster',
      'event_log',
    ];
    const before = tables.map((t) => n(`SELECT count(*) AS n FROM ${t}`));
    const { db, uow, clock } = ts.server.modules;
    expect(await seedDemo({ db, uow, clock })).to.equal(null);
    expect(await seedHistoryDemo({ db, clock })).to.equal(null);
    expect(tables.map((t) => n(`SELECT count(*) AS n FROM ${t}`))).to.deep.equal(before);
  });
});
