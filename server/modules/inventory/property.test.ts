// Property test: a seeded PRNG drives thousands of random stock operations through the real
// services on a real SQLite file — receipts (some with past expiries or clashing lots),
// transfers, supplier returns, losses, consumption (some more than on hand, some from expired
// lots), reversals, stock-takes with dispensing during the count, pharmacy dispensings and
// returns, and price adjustments (调价: at once or at a later time the clock reaches, some
// revaluing every lot of the item, some refused: the same price, an item already waiting,
// reversing one that took effect). Operations that must be refused are part of the mix. After every refused operation
// nothing has changed; after every batch every lot's qty_on_hand equals the sum of its moves,
// none is negative, every lot matches an independent model of what each successful operation
// should have done, and every revaluation is value(qty, new) − value(qty, old) with each lot's
// prices chained (a revaluation starts from the price the last one left).
import { expect } from 'chai';
import type { Actor } from '../../http/actor.js';
import { DomainError } from '../../../core/errors.js';
import { seedItem, seedStockWorld, type StockWorld } from '../../../test/helpers/inventory.js';
import { ledgerBreaks, seedLot, seedOrder } from '../../../test/helpers/pharmacy.js';
import { ManualClock, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { createPharmacyService } from '../pharmacy/service.js';
import { lineAmountFen } from '../../../core/money.js';
import { applyDuePriceAdjustments } from './price-adjustment.js';
import { createInventoryService } from './service.js';
import type { StockDoc } from './schema.js';
import { prng } from '../../../demo/outpatient/patients.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);
const OPS = Number(process.env.PROPERTY_OPS ?? 2500);
const BATCH = 50;

const mulberry32 = prng; // the seed's mulberry32

describe('stock documents property test', function () {
  this.timeout(240_000);
  let ts: TestServer;
  let w: StockWorld;
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0));

  before(async () => {
    ts = await startTestServer({ clock });
    w = await seedStockWorld(ts);
  });
  after(async () => {
    await ts.stop();
  });

  it(
    `keeps every balance equal to the sum of its moves, never negative, and refused operations change ` +
      `nothing (${OPS} random operations, seed ${SEED})`,
    async () => {
      const rnd = mulberry32(SEED);
      const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const raw = ts.server.open.raw;
      const m = ts.server.modules;
      const inv = createInventoryService(m);
      const pharmacy = createPharmacyService(m);
      const u = await makeUser(ts, ['storekeeper', 'pharmacist']);
      const actor: Actor = {
        userId: u.userId,
        username: u.username,
        staffId: 1,
        staffName: '测试员',
        departmentId: w.storeId,
        roles: ['storekeeper', 'pharmacist'],
        permissions: new Set([
          'inventory.read',
          'inventory.draft',
          'inventory.post',
          'pharmacy.dispense',
          'pharmacy.return',
        ]),
        sessionId: 'property',
        mustChangePassword: false,
        ip: null,
        workstationId: null,
        lang: 'en',
      };

      const locations = [w.storeId, w.pharmacyId, w.otherPharmacyId];
      const pharmacies = [w.pharmacyId, w.otherPharmacyId];
      const items: number[] = [];
      for (let i = 0; i < 5; i++)
        items.push(
          await seedItem(ts, {
            name: `随机药品${i}`,
            packSize: 10 + i,
            kind: i === 4 ? 'material' : 'drug',
            reorderLevel: i * 20,
          }),
        );
      // A lot number fixes its expiry and price, except the clashing variants the generator makes on purpose.
      const lotNos = ['A1', 'B2', 'C3', 'D4', 'E5', 'F6'];
      const expiryOf = (lotNo: string) => `2027-0${1 + lotNos.indexOf(lotNo)}-15`;
      // Some expired stock at every location, for the expired-lot rules.
      const model = new Map<number, number>();
      for (const loc of locations) {
        for (const item of items.slice(0, 2))
          model.set(
            await seedLot(ts, { itemId: item, locationId: loc, lotNo: `OLD-${loc}`, expiry: '2026-10-31', qty: 40 }),
            40,
          );
      }
      const docEffects = new Map<number, Map<number, number>>();
      const posted: StockDoc[] = [];
      const dispensed: Array<{ orderId: number; lines: Array<{ orderLineId: number; qty: number }> }> = [];
      let openStocktake: StockDoc | null = null;
      const stats = { ok: 0, refused: 0, byOp: {} as Record<string, [number, number]> };

      const lotsAt = (loc: number) =>
        raw
          .prepare('SELECT id, item_id, qty_on_hand, expiry_date FROM stock_lots WHERE location_id = ?')
          .all(loc) as Array<{ id: number; item_id: number; qty_on_hand: number; expiry_date: string }>;
      const fingerprint = () =>
        JSON.stringify([
          raw.prepare('SELECT count(*) n, coalesce(max(id),0) mx, coalesce(sum(qty_delta),0) s FROM stock_moves').get(),
          raw.prepare('SELECT count(*) n, coalesce(sum(qty_on_hand * id),0) s FROM stock_lots').get(),
          raw.prepare("SELECT count(*) n, coalesce(sum(version),0) v, sum(status = 'posted') p FROM stock_docs").get(),
          raw
            .prepare(
              'SELECT count(*) n, coalesce(sum(coalesce(quantity,0) * id),0) q, ' +
                'coalesce(sum(coalesce(counted_qty,0)),0) c FROM stock_doc_lines',
            )
            .get(),
          raw.prepare('SELECT count(*) n, coalesce(sum(amount_fen),0) a FROM stock_revaluations').get(),
          raw.prepare('SELECT count(*) n, coalesce(sum(purchase_price_fen * id),0) p FROM stock_lots').get(),
          raw.prepare('SELECT coalesce(sum(price_fen * id),0) p, coalesce(sum(version),0) v FROM catalog_items').get(),
          raw.prepare('SELECT count(*) n FROM price_adjustment_applied').get(),
          raw.prepare('SELECT count(*) n FROM audit_log').get(),
          raw.prepare('SELECT count(*) n FROM event_log').get(),
          raw.prepare('SELECT count(*) n FROM dispensations').get(),
        ]);
      const effectsOf = (docId: number) => {
        const e = new Map<number, number>();
        for (const r of raw
          .prepare("SELECT lot_id, qty_delta FROM stock_moves WHERE ref_type = 'stock_doc' AND ref_id = ?")
          .all(docId) as Array<{ lot_id: number; qty_delta: number }>) {
          e.set(r.lot_id, (e.get(r.lot_id) ?? 0) + r.qty_delta);
        }
        return e;
      };
      const applyModel = (e: Map<number, number>) => {
        for (const [lot, d] of e) model.set(lot, (model.get(lot) ?? 0) + d);
      };
      const lotIdOf = (item: number, loc: number, lotNo: string) =>
        (
          raw
            .prepare('SELECT id FROM stock_lots WHERE item_id = ? AND location_id = ? AND lot_no = ?')
            .get(item, loc, lotNo) as { id: number } | undefined
        )?.id;

      /** Runs one operation; a DomainError is a refusal and must leave everything as it was. */
      async function attempt(name: string, fn: () => Promise<void>): Promise<void> {
        const before = fingerprint();
        const s = (stats.byOp[name] ??= [0, 0]);
        try {
          await fn();
          stats.ok++;
          s[0]++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          expect(e.status, `${name}: ${e.message}`).to.be.within(400, 499);
          expect(fingerprint(), `${name} was refused (${e.code}: ${e.message}) but changed something`).to.equal(before);
          stats.refused++;
          s[1]++;
        }
      }

      async function postDoc(d: StockDoc, expected?: Map<number, number>) {
        // Short-dated lots are confirmed (the refusal without it is an API test).
        const p = await inv.post(actor, d.id, { version: d.version, confirmShortExpiry: true });
        const e = effectsOf(p.id);
        if (expected)
          expect([...e].sort(), `moves of ${p.docNo}`).to.deep.equal([...expected].filter(([, v]) => v !== 0).sort());
        applyModel(e);
        docEffects.set(p.id, e);
        posted.push(p);
      }

      /** A line out of a random lot at `loc` (expired ones included: the rules decide). */
      function outgoingLine(loc: number) {
        const lots = lotsAt(loc).filter((l) => l.qty_on_hand > 0 || rnd() < 0.1);
        if (!lots.length) return null;
        const lot = pick(lots);
        // Mostly within stock, sometimes more than on hand (must be refused).
        const qty = rnd() < 0.85 ? int(1, Math.max(1, lot.qty_on_hand)) : lot.qty_on_hand + int(1, 30);
        return { itemId: lot.item_id, lotId: lot.id, quantity: qty, reason: null };
      }

      const priceOf = (item: number) =>
        (raw.prepare('SELECT price_fen FROM catalog_items WHERE id = ?').get(item) as { price_fen: number }).price_fen;
      const packOf = (item: number) =>
        (raw.prepare('SELECT pack_size FROM catalog_items WHERE id = ?').get(item) as { pack_size: number }).pack_size;
      /**
       * Every revaluation is value(new) − value(old) of its quantity, and each lot's prices chain up to its price now.
       */
      function revaluationBreaks(): string[] {
        const out: string[] = [];
        const rows = raw
          .prepare(
            'SELECT id, lot_id, item_id, qty, old_price_fen, new_price_fen, amount_fen FROM stock_revaluations ' +
              'ORDER BY id',
          )
          .all() as Array<{
          id: number;
          lot_id: number;
          item_id: number;
          qty: number;
          old_price_fen: number;
          new_price_fen: number;
          amount_fen: number;
        }>;
        const last = new Map<number, number>();
        for (const r of rows) {
          const pack = packOf(r.item_id);
          if (
            r.amount_fen !==
            lineAmountFen(r.qty, r.new_price_fen, pack) - lineAmountFen(r.qty, r.old_price_fen, pack)
          )
            out.push(`revaluation ${r.id}: amount`);
          const prev = last.get(r.lot_id);
          if (prev !== undefined && prev !== r.old_price_fen)
            out.push(`revaluation ${r.id}: old price ${r.old_price_fen} after ${prev}`);
          last.set(r.lot_id, r.new_price_fen);
        }
        for (const [lot, price] of last) {
          const now = (
            raw.prepare('SELECT purchase_price_fen p FROM stock_lots WHERE id = ?').get(lot) as { p: number }
          ).p;
          if (now !== price) out.push(`lot ${lot}: price ${now}, last revaluation ${price}`);
        }
        return out;
      }

      const ops: Array<[number, string, () => Promise<void>]> = [
        [
          20,
          'receipt',
          async () => {
            const lines = Array.from({ length: int(1, 3) }, () => {
              const lotNo = pick(lotNos);
              const clash = rnd() < 0.05;
              return {
                itemId: pick(items),
                lotNo,
                expiryDate: rnd() < 0.05 ? '2026-11-20' : clash ? '2029-12-31' : expiryOf(lotNo),
                purchasePriceFen: 100 * (1 + lotNos.indexOf(lotNo)),
                quantity: int(1, 300),
                reason: null,
              };
            });
            const d = await inv.create(actor, {
              type: 'receipt',
              locationId: w.storeId,
              supplierId: w.supplierId,
              supplierInvoiceNo: `FP${int(1, 9999)}`,
              reason: null,
              note: null,
              lines,
            });
            const expected = new Map<number, number>();
            await postDoc(d);
            for (const l of lines) {
              const id = lotIdOf(l.itemId, w.storeId, l.lotNo)!;
              expected.set(id, (expected.get(id) ?? 0) + l.quantity);
            }
            expect([...docEffects.get(posted.at(-1)!.id)!].sort()).to.deep.equal([...expected].sort());
          },
        ],
        [
          16,
          'transfer',
          async () => {
            const from = rnd() < 0.7 ? w.storeId : pick(pharmacies);
            const to = pick(locations.filter((l) => l !== from));
            const line = outgoingLine(from);
            if (!line) return;
            const d = await inv.create(actor, {
              type: 'transfer',
              locationId: from,
              counterpartId: to,
              supplierInvoiceNo: null,
              reason: null,
              note: null,
              lines: [line],
            });
            await postDoc(d);
          },
        ],
        [
          6,
          'supplier_return',
          async () => {
            const line = outgoingLine(w.storeId);
            if (!line) return;
            const d = await inv.create(actor, {
              type: 'supplier_return',
              locationId: w.storeId,
              supplierId: w.supplierId,
              supplierInvoiceNo: null,
              reason: null,
              note: null,
              lines: [line],
            });
            await postDoc(d, new Map([[line.lotId, -line.quantity]]));
          },
        ],
        [
          6,
          'loss',
          async () => {
            const loc = pick(locations);
            const line = outgoingLine(loc);
            if (!line) return;
            const d = await inv.create(actor, {
              type: 'loss',
              locationId: loc,
              supplierInvoiceNo: null,
              reason: rnd() < 0.9 ? '破损' : null,
              note: null,
              lines: [line],
            });
            await postDoc(d, new Map([[line.lotId, -line.quantity]]));
          },
        ],
        [
          6,
          'consumption',
          async () => {
            const line = outgoingLine(w.storeId);
            if (!line) return;
            const d = await inv.create(actor, {
              type: 'consumption',
              locationId: w.storeId,
              counterpartId: w.clinicId,
              supplierInvoiceNo: null,
              reason: null,
              note: null,
              lines: [line],
            });
            await postDoc(d, new Map([[line.lotId, -line.quantity]]));
          },
        ],
        [
          6,
          'reversal',
          async () => {
            if (!posted.length) return;
            const d = pick(posted);
            const r = await inv.reverse(actor, d.id, { reason: '随机冲销' });
            const e = effectsOf(r.id);
            const orig = docEffects.get(d.id)!;
            expect([...e].sort()).to.deep.equal(
              [...orig]
                .filter(([, v]) => v !== 0)
                .map(([k, v]) => [k, -v] as [number, number])
                .sort(),
            );
            applyModel(e);
          },
        ],
        [
          18,
          'dispense',
          async () => {
            const ph = pick(pharmacies);
            const lines = Array.from({ length: int(1, 2) }, () => ({
              itemId: pick(items.slice(0, 4)),
              quantity: int(1, 60),
            }));
            const o = await seedOrder(ts, w, lines, { pharmacyId: ph });
            const before = fingerprint();
            try {
              const r = await pharmacy.dispense(actor, o.orderId, ph);
              for (const l of r.lines)
                for (const a of l.allocations) model.set(a.lotId, (model.get(a.lotId) ?? 0) - a.quantity);
              dispensed.push({
                orderId: o.orderId,
                lines: r.lines.map((l) => ({
                  orderLineId: l.orderLineId,
                  qty: l.allocations.reduce((s, a) => s + a.quantity, 0),
                })),
              });
            } catch (e) {
              if (!(e instanceof DomainError)) throw e;
              expect(fingerprint(), 'a refused dispensing changed something').to.equal(before);
              throw e;
            }
          },
        ],
        [
          5,
          'dispense_return',
          async () => {
            if (!dispensed.length) return;
            const d = pick(dispensed);
            const line = pick(d.lines);
            const qty = rnd() < 0.9 ? int(1, Math.max(1, line.qty)) : line.qty + 1;
            const r = await pharmacy.returnDrugs(actor, d.orderId, {
              lines: [{ orderLineId: line.orderLineId, quantity: qty }],
              reason: '患者退药',
            });
            for (const l of r.lines)
              for (const a of l.allocations) model.set(a.lotId, (model.get(a.lotId) ?? 0) + a.quantity);
            line.qty -= qty;
          },
        ],
        [
          5,
          'price_adjustment',
          async () => {
            const item = pick(items);
            const old = priceOf(item);
            // Now and then the same price (refused); mostly a change, half of them revaluing the lots.
            const newPriceFen = rnd() < 0.1 ? old : Math.max(1, old + int(-300, 300) || 7);
            const purchasePriceFen = rnd() < 0.5 ? int(50, 900) : null;
            const effectiveAt = rnd() < 0.3 ? clock.now() + int(1, 5) * 60_000 : null;
            const d = await inv.create(actor, {
              type: 'price_adjustment',
              locationId: w.storeId,
              supplierInvoiceNo: null,
              reason: null,
              note: null,
              effectiveAt,
              lines: [{ itemId: item, newPriceFen, purchasePriceFen, reason: null }],
            });
            // A price adjustment moves no stock: its expected effect is empty.
            await postDoc(d, new Map());
            if (!effectiveAt) expect(priceOf(item), 'price after an immediate adjustment').to.equal(newPriceFen);
          },
        ],
        [
          3,
          'clock',
          async () => {
            // Time passes; the job applies the adjustments that became due.
            clock.advance(int(1, 4) * 60_000);
            await applyDuePriceAdjustments(m);
          },
        ],
        [
          4,
          'stocktake',
          async () => {
            if (!openStocktake) {
              openStocktake = await inv.createStocktake(actor, { locationId: pick(locations), note: null, kind: null });
              return;
            }
            const st: StockDoc = openStocktake;
            if (rnd() < 0.6) {
              // Someone counts (sometimes only part of the sheet; now and then a found lot, which may already be on
              // it).
              const found =
                rnd() < 0.3
                  ? [
                      {
                        itemId: pick(items),
                        lotNo: `FOUND${int(1, 3)}`,
                        expiryDate: '2027-09-30',
                        purchasePriceFen: 150,
                        countedQty: int(0, 20),
                      },
                    ]
                  : [];
              const counts = st.lines
                .filter(() => rnd() < 0.9)
                .map((l) => ({
                  lineId: l.id,
                  countedQty: Math.max(0, (l.snapshotQty ?? 0) + int(-5, 3) - (rnd() < 0.05 ? 200 : 0)),
                }));
              openStocktake = await inv.saveCounts(actor, st.id, { counts, added: found });
              return;
            }
            const p = await inv.post(actor, st.id, { version: st.version });
            openStocktake = null;
            const e = effectsOf(p.id);
            for (const l of p.lines) {
              expect(l.quantity, `stock-take line ${l.lineNo} variance`).to.equal(l.countedQty! - l.snapshotQty!);
              expect(e.get(l.lotId!) ?? 0, `stock-take line ${l.lineNo} move`).to.equal(l.quantity);
            }
            applyModel(e);
          },
        ],
      ];
      const weights = ops.reduce((s, [wgt]) => s + wgt, 0);

      for (let i = 1; i <= OPS; i++) {
        let r = rnd() * weights;
        const op = ops.find(([wgt]) => (r -= wgt) < 0) ?? ops[0]!;
        await attempt(op[1], op[2]);
        if (i % BATCH === 0 || i === OPS) {
          expect(ledgerBreaks(ts), `after ${i} operations`).to.deep.equal([]);
          expect(revaluationBreaks(), `revaluations after ${i} operations`).to.deep.equal([]);
          const lots = raw
            .prepare('SELECT id, qty_on_hand FROM stock_lots WHERE location_id IN (?, ?, ?)')
            .all(...locations) as Array<{ id: number; qty_on_hand: number }>;
          for (const l of lots)
            expect(l.qty_on_hand, `lot ${l.id} against the model after ${i} operations`).to.equal(model.get(l.id) ?? 0);
        }
      }
      // The mix really exercised both sides of every rule.
      for (const name of [
        'receipt',
        'transfer',
        'supplier_return',
        'loss',
        'consumption',
        'reversal',
        'dispense',
        'stocktake',
        'price_adjustment',
      ]) {
        const [ok, refused] = stats.byOp[name] ?? [0, 0];
        expect(ok, `${name} succeeded at least once`).to.be.greaterThan(0);
        if (name !== 'consumption' && name !== 'supplier_return')
          expect(refused, `${name} was refused at least once`).to.be.greaterThan(0);
      }
      if (process.env.PROPERTY_VERBOSE) console.log(JSON.stringify(stats));
      expect(stats.ok + stats.refused).to.equal(OPS);
      expect(
        (raw.prepare('SELECT count(*) n FROM stock_revaluations WHERE amount_fen <> 0').get() as { n: number }).n,
        'some stock was revalued',
      ).to.be.greaterThan(0);
      expect(
        (
          raw
            .prepare(
              'SELECT count(*) n FROM price_adjustment_applied a JOIN stock_docs d ON d.id = a.doc_id WHERE ' +
                'd.effective_at IS NOT NULL AND d.reverses_id IS NULL',
            )
            .get() as { n: number }
        ).n,
        'some adjustment took effect later',
      ).to.be.greaterThan(0);
    },
  );
});
