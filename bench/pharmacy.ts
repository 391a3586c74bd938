// Dispensing benchmark: POST /api/pharmacy/orders/:id/dispense (auth, zod, idempotency key,
// FEFO over several lots incl. an expired one, ledger rows, audit, event_log, print jobs,
// publish) beside its raw primitive: a bare Koa route running the same ledger writes as one
// bare better-sqlite3 transaction on the same database, called by the same keep-alive client.
// Run alone: `npx tsx bench/pharmacy.ts` (BENCH_DISPENSES, default 300). Prints a table and
// one JSON line per figure, like bench/run.ts; `benchDispense()` returns the figures for it.
import { seedDrug, seedLot, seedOrder, seedPharmacyWorld } from '../test/helpers/pharmacy.js';
import { startTestServer } from '../test/helpers/server.js';
import { makeUser } from '../test/realtime/socket-helpers.js';
import { insertHistoryPatients, seedYearOfVisits, todayInShanghai } from './lib/history.js';
import type { Figure } from './lib/stats.js';
import { benchWrite, runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

export async function benchDispense(n = Number(process.env.BENCH_DISPENSES ?? 300)): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const w = await seedPharmacyWorld(ts);
    const big = 10_000_000;
    const items = [await seedDrug(ts, { name: '阿莫西林胶囊' }), await seedDrug(ts, { name: '布洛芬缓释胶囊' })];
    for (const item of items) {
      await seedLot(ts, {
        itemId: item,
        locationId: w.pharmacyId,
        lotNo: `OLD-${item}`,
        expiry: '2000-01-01',
        qty: 100,
      });
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: `A-${item}`, expiry: '2099-01-01', qty: big });
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: `B-${item}`, expiry: '2099-06-01', qty: big });
    }
    const hist = await seedYearOfVisits(ts.server.open.raw, {
      clinicIds: [w.clinicId],
      doctorStaffIds: [w.doctorStaffId],
      itemId: items[0]!,
      pharmacyId: w.pharmacyId,
      patientIds: insertHistoryPatients(ts.server.open.raw),
      today: todayInShanghai(),
    });
    log(`pharmacy bench: a year of history, ${hist.visits} visits in ${(hist.ms / 1000).toFixed(1)} s`);
    log(`pharmacy bench: seeding ${2 * (n + 20)} paid prescriptions ...`);
    const orders: number[] = [];
    const rawOrders: Array<{ orderId: number; lineIds: number[] }> = [];
    for (let i = 0; i < n + 20; i++) {
      orders.push(
        (
          await seedOrder(ts, w, [
            { itemId: items[0]!, quantity: 24 },
            { itemId: items[1]!, quantity: 20 },
          ])
        ).orderId,
      );
      const r = await seedOrder(ts, w, [
        { itemId: items[0]!, quantity: 24 },
        { itemId: items[1]!, quantity: 20 },
      ]);
      rawOrders.push({ orderId: r.orderId, lineIds: r.lineIds });
    }
    const pharmacist = await makeUser(ts, ['pharmacist']);

    // The raw primitive: the same ledger writes in one bare transaction behind a bare Koa route.
    const raw = ts.server.open.raw;
    const userId = pharmacist.userId;
    const q = {
      order: raw.prepare('SELECT id, status, pharmacy_id FROM orders WHERE id = ?'),
      lines: raw.prepare('SELECT id, item_id, quantity FROM order_lines WHERE order_id = ? ORDER BY line_no'),
      lots: raw.prepare(
        'SELECT id, qty_on_hand FROM stock_lots WHERE location_id = ? AND item_id = ? AND expiry_date >= ? AND ' +
          'qty_on_hand > 0 ORDER BY expiry_date, id',
      ),
      disp: raw.prepare(
        'INSERT INTO dispensations (order_id, pharmacy_id, kind, pharmacist_user_id, at) VALUES (?, ?, ' +
          "'dispense', ?, ?)",
      ),
      dline: raw.prepare(
        'INSERT INTO dispense_lines (dispensation_id, order_line_id, lot_id, quantity) VALUES (?, ?, ?, ?)',
      ),
      lot: raw.prepare('UPDATE stock_lots SET qty_on_hand = qty_on_hand - ? WHERE id = ? AND qty_on_hand >= ?'),
      move: raw.prepare(
        'INSERT INTO stock_moves (lot_id, item_id, location_id, qty_delta, reason, ref_type, ref_id, at, ' +
          "user_id) VALUES (?, ?, ?, ?, 'dispense', 'dispensation', ?, ?, ?)",
      ),
      mark: raw.prepare("UPDATE orders SET status = 'dispensed', dispensed_at = ?, version = version + 1 WHERE id = ?"),
    };
    const rawDispense = raw.transaction((orderId: number, now: number) => {
      const o = q.order.get(orderId) as { status: string; pharmacy_id: number };
      if (o.status !== 'paid') throw new Error('not paid');
      const d = Number(q.disp.run(orderId, w.pharmacyId, userId, now).lastInsertRowid);
      for (const l of q.lines.all(orderId) as Array<{ id: number; item_id: number; quantity: number }>) {
        let need = l.quantity;
        for (const lot of q.lots.all(w.pharmacyId, l.item_id, '2026-11-26') as Array<{
          id: number;
          qty_on_hand: number;
        }>) {
          if (need === 0) break;
          const take = Math.min(need, lot.qty_on_hand);
          q.dline.run(d, l.id, lot.id, take);
          q.lot.run(take, lot.id, take);
          q.move.run(lot.id, l.item_id, w.pharmacyId, -take, d, now, userId);
          need -= take;
        }
      }
      q.mark.run(now, orderId);
      return d;
    });
    return [
      await benchWrite({
        figure: 'dispense a prescription (2 lines, FEFO over 3 lots, HTTP)',
        rawLabel: 'bare Koa route + the same ledger writes in a bare transaction',
        n,
        server: { url: ts.url, cookie: pharmacist.client.cookie },
        call: (i) => ({
          path: `/api/pharmacy/orders/${orders[i]}/dispense`,
          body: { pharmacyId: w.pharmacyId },
          key: `bench-dispense-${process.pid}-${i}`,
        }),
        bareRoutes: (router) =>
          router.post('/dispense/:id', (ctx) => {
            ctx.body = { dispensationId: rawDispense(Number(ctx.params.id), Date.now()) };
          }),
        rawCall: (i) => ({ path: `/dispense/${rawOrders[i]!.orderId}` }),
      }),
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchDispense);
