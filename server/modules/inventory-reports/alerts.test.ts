// Live stock alerts: below_reorder pushed to the pharmacy's room when a dispensing takes an
// item under its reorder level (once, at the crossing), and the expiry alert published at
// server start (and daily) to each location holding near-expiry or expired lots.
import { expect } from 'chai';
import type { StockAlertPayload } from '../../../core/contract.js';
import { seedDrug, seedLot, seedOrder, seedPharmacyWorld } from '../../../test/helpers/pharmacy.js';
import { ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { Collector, connect, makeUser, settle, subscribeOk } from '../../../test/realtime/socket-helpers.js';

// 10:00 on 2026-11-26 in Asia/Shanghai.
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);

function alertEvents(ts: TestServer): Array<{ rooms: string; payload: StockAlertPayload }> {
  const rows = ts.server.open.raw
    .prepare(`SELECT rooms_json, payload_json FROM event_log WHERE name = 'stock:alert' ORDER BY seq`)
    .all() as Array<{ rooms_json: string; payload_json: string }>;
  return rows.map((r) => ({ rooms: r.rooms_json, payload: JSON.parse(r.payload_json) as StockAlertPayload }));
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('stock alerts, live', function () {
  this.timeout(60_000);
  let ts: TestServer | undefined;
  let second: TestServer | undefined;
  afterEach(async () => {
    await ts?.stop();
    await second?.stop();
    ts = second = undefined;
  });

  it(
    'a dispensing that takes an item below its reorder level pushes stock:alert below_reorder to ' +
      'the pharmacy room, once; the ledger shows the prescription',
    async () => {
      ts = await startTestServer({ clock: new ManualClock(NOW) });
      const w = await seedPharmacyWorld(ts);
      const item = await seedDrug(ts, { name: '布洛芬缓释胶囊' });
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: 'L1', expiry: '2028-01-01', qty: 20 });
      ts.server.open.raw.prepare('UPDATE catalog_items SET reorder_level = 12 WHERE id = ?').run(item);
      const pharmacist = await makeUser(ts, ['pharmacist']);
      const s = await connect(ts.url, pharmacist.client.cookie);
      const c = new Collector().attach(s);
      try {
        await subscribeOk(s, [`pharmacy:${w.pharmacyId}`], null);
        const dispense = async (qty: number, key: string) => {
          const o = await seedOrder(ts!, w, [{ itemId: item, quantity: qty }]);
          const r = await pharmacist.client.post(
            `/api/pharmacy/orders/${o.orderId}/dispense`,
            { pharmacyId: w.pharmacyId },
            { 'idempotency-key': key },
          );
          expect(r.status, JSON.stringify(r.body)).to.equal(200);
          return o.orderId;
        };
        const alerts = () =>
          c.received.filter((e) => e.name === 'stock:alert').map((e) => e.payload as StockAlertPayload);
        // 20 → 14: still at or above 12, nothing.
        await dispense(6, 'reorder-key-1');
        await c.until(() => c.received.some((e) => e.name === 'stock:changed'), 'stock:changed');
        await settle(s);
        expect(alerts()).to.deep.equal([]);
        // 14 → 8: crossed.
        const orderId = await dispense(6, 'reorder-key-2');
        await c.until(() => alerts().length === 1, 'stock:alert');
        expect(alerts()[0]).to.deep.include({ locationId: w.pharmacyId, kind: 'below_reorder' });
        expect(alerts()[0]!.items).to.deep.equal([
          { itemId: item, code: alerts()[0]!.items[0]!.code, name: '布洛芬缓释胶囊', onHand: 8, reorderLevel: 12 },
        ]);
        // 8 → 5: still below, no second push.
        await dispense(3, 'reorder-key-3');
        await c.until(() => c.received.filter((e) => e.name === 'stock:changed').length === 3, 'third stock:changed');
        await settle(s);
        expect(alerts()).to.have.length(1);

        const list = await pharmacist.client.get(`/api/stock/alerts?locationId=${w.pharmacyId}`);
        expect(
          list.body.belowReorder.map((b: { itemId: number; onHand: number }) => [b.itemId, b.onHand]),
        ).to.deep.equal([[item, 5]]);
        const ledger = await pharmacist.client.get(
          `/api/stock/reports/ledger?itemId=${item}&locationId=${w.pharmacyId}&from=2026-11-26&to=2026-11-26`,
        );
        expect(ledger.status, JSON.stringify(ledger.body)).to.equal(200);
        expect(ledger.body.opening.qty + ledger.body.totals.qtyIn - ledger.body.totals.qtyOut).to.equal(
          ledger.body.closing.qty,
        );
        expect(ledger.body.closing.qty).to.equal(5);
        const second = ledger.body.items.filter((m: { reason: string }) => m.reason === 'dispense')[1];
        expect(second).to.deep.include({
          refType: 'dispensation',
          orderId,
          qtyOut: 6,
          balance: 8,
          reasonText: 'Dispensed',
        });
      } finally {
        s.disconnect();
      }
    },
  );

  it(
    'publishes nothing at start when no lot is near expiry, and near_expiry / expired per ' +
      'location after a restart when lots are',
    async () => {
      ts = await startTestServer({ clock: new ManualClock(NOW), keepData: true });
      const w = await seedPharmacyWorld(ts);
      const item = await seedDrug(ts, { name: '阿莫西林胶囊' });
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: 'FAR', expiry: '2029-01-01', qty: 10 });
      expect(alertEvents(ts), 'nothing near expiry at the first start').to.deep.equal([]);
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: 'NEAR', expiry: '2027-01-15', qty: 4 });
      await seedLot(ts, { itemId: item, locationId: w.otherPharmacyId, lotNo: 'OLD', expiry: '2026-11-25', qty: 2 });
      await seedLot(ts, { itemId: item, locationId: w.otherPharmacyId, lotNo: 'EMPTY', expiry: '2026-10-01', qty: 0 });
      const dataDir = ts.dataDir;
      await ts.stop();
      ts = undefined;

      second = await startTestServer({ clock: new ManualClock(NOW), dataDir });
      const t2 = second;
      await until(() => alertEvents(t2).length >= 2, 'stock:alert at start');
      const evs = alertEvents(t2);
      expect(evs).to.have.length(2);
      const expired = evs.find((e) => e.payload.kind === 'expired')!;
      const near = evs.find((e) => e.payload.kind === 'near_expiry')!;
      expect(expired.rooms).to.contain(`pharmacy:${w.otherPharmacyId}`);
      expect(expired.payload.items.map((i) => [i.lotNo, i.onHand, i.expiryDate])).to.deep.equal([
        ['OLD', 2, '2026-11-25'],
      ]);
      expect(near.rooms).to.contain(`pharmacy:${w.pharmacyId}`);
      expect(near.payload.items.map((i) => [i.lotNo, i.onHand])).to.deep.equal([['NEAR', 4]]);
    },
  );
});
