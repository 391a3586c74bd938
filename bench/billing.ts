// Settling a bill benchmark: POST /api/billing/charges (auth, zod, idempotency key, order
// re-checks, invoice number from the cashier's book, bill + lines + payment in the cashier's
// shift, orders paid, receipt print job, audit, event_log, publish) beside its raw primitive:
// a bare Koa route writing the same rows (bill, lines, payment, orders, invoice book, print
// job, audit, event_log, idempotency key) as one bare better-sqlite3 transaction on the same
// database, called by the same keep-alive client.
// Run alone: `npx tsx bench/billing.ts` (BENCH_CHARGES, default 300). Prints a table and one
// JSON line per figure, like bench/run.ts; `benchCharge()` returns the figures for it.
import { giveBook, seedWorld, signedOrder } from '../test/helpers/billing.js';
import { startTestServer } from '../test/helpers/server.js';
import { makeUser } from '../test/realtime/socket-helpers.js';
import { insertHistoryPatients, seedYearOfVisits, todayInShanghai } from './lib/history.js';
import type { Figure } from './lib/stats.js';
import { benchWrite, runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

export async function benchCharge(n = Number(process.env.BENCH_CHARGES ?? 300)): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const raw = ts.server.open.raw;
    const now = Date.now();
    const w = seedWorld(raw, now);
    const hist = await seedYearOfVisits(raw, {
      clinicIds: [w.clinicId],
      doctorStaffIds: [w.doctorStaffId],
      itemId: w.drugId,
      pharmacyId: w.pharmacyId,
      patientIds: [w.patientId, ...insertHistoryPatients(raw)],
      today: todayInShanghai(now),
    });
    log(`billing bench: a year of history, ${hist.visits} visits in ${(hist.ms / 1000).toFixed(1)} s`);
    log(`billing bench: seeding ${2 * (n + 20)} signed orders ...`);
    const lines = [
      { itemId: w.drugId, quantity: 24 },
      { itemId: w.drug2Id, quantity: 10 },
      { itemId: w.serviceId, quantity: 1 },
    ];
    const orders = Array.from({ length: n + 20 }, () => signedOrder(raw, w, now, lines));
    const rawOrders = Array.from({ length: n + 20 }, () => signedOrder(raw, w, now, lines));
    const cashier = await makeUser(ts, ['registrar']);
    giveBook(raw, cashier.userId, 1, 1_000_000, 'B', now);
    const rawCashier = await makeUser(ts, ['registrar']);
    giveBook(raw, rawCashier.userId, 1, 1_000_000, 'Z', now);

    // The raw primitive: the same rows in one bare transaction behind a bare Koa route.
    const userId = rawCashier.userId;
    const q = {
      order: raw.prepare('SELECT id, status, patient_id, visit_id FROM orders WHERE id = ?'),
      lines: raw.prepare(
        'SELECT id, item_id, quantity, unit_price_fen, amount_fen, charge_category FROM order_lines WHERE ' +
          'order_id = ? ORDER BY line_no',
      ),
      shift: raw.prepare('SELECT id FROM shifts WHERE cashier_user_id = ? AND closed_at IS NULL'),
      openShift: raw.prepare('INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)'),
      book: raw.prepare(
        "SELECT id, prefix, next_no, end_no FROM invoice_books WHERE cashier_user_id = ? AND status = 'active' " +
          'ORDER BY id LIMIT 1',
      ),
      take: raw.prepare('UPDATE invoice_books SET next_no = next_no + 1 WHERE id = ?'),
      bill: raw.prepare(
        'INSERT INTO bills (patient_id, visit_id, kind, payer, invoice_no, total_fen, insurance_fund_fen, ' +
          "patient_pay_fen, cashier_user_id, shift_id, at) VALUES (?, ?, 'charge', 'cash', ?, ?, 0, ?, ?, ?, ?)",
      ),
      line: raw.prepare(
        'INSERT INTO bill_lines (bill_id, order_line_id, item_id, quantity, unit_price_fen, amount_fen, ' +
          'charge_category) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      pay: raw.prepare(
        'INSERT INTO payments (bill_id, method, amount_fen, tendered_fen, change_fen, shift_id, at, user_id) ' +
          "VALUES (?, 'cash', ?, ?, ?, ?, ?, ?)",
      ),
      mark: raw.prepare("UPDATE orders SET status = 'paid', paid_at = ?, version = version + 1 WHERE id = ?"),
      job: raw.prepare(
        'INSERT INTO print_jobs (layout, payload_json, ref_type, ref_id, created_by, created_at, updated_at) ' +
          "VALUES ('receipt', ?, 'bill', ?, ?, ?, ?)",
      ),
      idemGet: raw.prepare('SELECT response_json FROM idempotency_keys WHERE key = ? AND user_id = ?'),
      idemPut: raw.prepare(
        'INSERT INTO idempotency_keys (key, user_id, operation, request_hash, status, response_json, ' +
          "created_at) VALUES (?, ?, 'billing.charge', 'x', 200, ?, ?)",
      ),
      audit: raw.prepare(
        'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, patient_id, ip, ' +
          "workstation_id, summary_json) VALUES (?, ?, 'z', 'billing.charge', 'ok', 'bill', ?, ?, '127.0.0.1', " +
          'NULL, ?)',
      ),
      event: raw.prepare("INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, 'bill:paid', ?, ?)"),
    };
    const rawCharge = raw.transaction((orderId: number, at: number, key: string) => {
      if (q.idemGet.get(key, userId)) throw new Error('replayed');
      const o = q.order.get(orderId) as { status: string; patient_id: number; visit_id: number };
      if (o.status !== 'signed') throw new Error('not signed');
      const ls = q.lines.all(orderId) as Array<{
        id: number;
        item_id: number;
        quantity: number;
        unit_price_fen: number;
        amount_fen: number;
        charge_category: string;
      }>;
      const total = ls.reduce((s, l) => s + l.amount_fen, 0);
      const shift =
        (q.shift.get(userId) as { id: number } | undefined)?.id ?? Number(q.openShift.run(userId, at).lastInsertRowid);
      const b = q.book.get(userId) as { id: number; prefix: string; next_no: number };
      q.take.run(b.id);
      const billId = Number(
        q.bill.run(
          o.patient_id,
          o.visit_id,
          `${b.prefix}${String(b.next_no).padStart(8, '0')}`,
          total,
          total,
          userId,
          shift,
          at,
        ).lastInsertRowid,
      );
      for (const l of ls)
        q.line.run(billId, l.id, l.item_id, l.quantity, l.unit_price_fen, l.amount_fen, l.charge_category);
      q.pay.run(billId, total, total + 1000, 1000, shift, at, userId);
      q.mark.run(at, orderId);
      q.job.run(JSON.stringify({ billId, totalFen: total, lines: ls }), billId, userId, at, at);
      q.audit.run(at, userId, String(billId), o.patient_id, JSON.stringify({ orderIds: [orderId], totalFen: total }));
      q.event.run(
        at,
        JSON.stringify(['cashier', `pharmacy:${w.pharmacyId}`, `dept:${w.clinicId}`]),
        JSON.stringify({ billId, patientId: o.patient_id, orderIds: [orderId] }),
      );
      q.idemPut.run(key, userId, JSON.stringify({ billId }), at);
      return billId;
    });
    return [
      await benchWrite({
        figure: 'settle a bill (3 lines, invoice number, cash with change, HTTP)',
        rawLabel:
          'bare Koa route + the same rows (bill, lines, payment, orders, print job, audit, event, key) in a ' +
          'bare transaction',
        n,
        server: { url: ts.url, cookie: cashier.client.cookie },
        call: (i) => {
          const o = orders[i]!;
          const body = {
            patientId: w.patientId,
            orderIds: [o.orderId],
            payer: 'cash',
            payments: [{ method: 'cash', amountFen: o.totalFen, tenderedFen: o.totalFen + 1000 }],
          };
          return { path: '/api/billing/charges', body, key: `bench-charge-${process.pid}-${i}`, status: 201 };
        },
        bareRoutes: (router) =>
          router.post('/charge/:id', (ctx) => {
            ctx.body = { billId: rawCharge(Number(ctx.params.id), Date.now(), String(ctx.get('idempotency-key'))) };
          }),
        rawCall: (i) => ({ path: `/charge/${rawOrders[i]!.orderId}`, key: `bench-raw-${process.pid}-${i}` }),
      }),
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchCharge);
