// The reports agree with each other on a random ledger: 1,500 random moves (every reason,
// times scattered over 14 months incl. around Shanghai midnight, lots never negative) at a
// store and a pharmacy, with price adjustments (调价) revaluing random lots now and then; then
// for every month and location: each class balances in value (opening + receipts − issues +
// revaluation = closing) and each item in quantity, a month opens where the previous one closed, the last month closes
// at the
// on-hand report's totals, and the item ledgers of the month add up to the monthly figures.
import { expect } from 'chai';
import { lineAmountFen } from '../../../core/money.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { ManualClock, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { makeUser } from '../../../test/realtime/socket-helpers.js';
import { catalogItemRow } from '../../../test/helpers/inventory.js';
import { prng } from '../../../demo/outpatient/patients.js';

const sh = (y: number, m: number, d: number, h = 0, mi = 0) => Date.UTC(y, m - 1, d, h - 8, mi);
const NOW = sh(2026, 11, 26, 10);
const MONTHS = [
  '2025-10',
  '2025-11',
  '2025-12',
  ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
];
const REASONS = [
  'opening',
  'receipt',
  'dispense',
  'dispense_return',
  'transfer_in',
  'transfer_out',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
] as const;

const rng = prng; // the seed's mulberry32

interface QV {
  qty: number;
  valueFen: number;
}

describe('stock reports agree with each other on a random ledger', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let api: ApiClient;
  const locations: number[] = [];
  const items: Array<{ id: number; group: string }> = [];

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(NOW) });
    const k = await makeUser(ts, ['storekeeper']);
    const keeperId = k.userId;
    api = k.client;
    const rand = rng(42);
    await ts.server.modules.uow.write(async (tx) => {
      const now = tx.now;
      for (const [code, name, kind] of [
        ['K1', '随机药库', 'store'],
        ['F1', '随机药房', 'pharmacy'],
      ] as const) {
        const py = pinyinKeys(name);
        locations.push(
          (
            await tx.db
              .insertInto('departments')
              .values({
                code,
                name,
                kind,
                phone: null,
                location: null,
                pinyin_initials: py.initials,
                pinyin_full: py.full,
                created_at: now,
                updated_at: now,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        );
      }
      const defs = [
        ['western', 'drug', 3],
        ['western', 'drug', 24],
        ['patent', 'drug', 7],
        ['herbal', 'drug', 1],
        ['material', 'material', 10],
        ['material', 'material', 1],
      ] as const;
      for (const [i, [group, kind, pack]] of defs.entries()) {
        const id = (
          await tx.db
            .insertInto('catalog_items')
            .values(
              catalogItemRow(now, {
                code: `R${i}`,
                kind,
                name: `随机品种${i}`,
                unit: '个',
                pack_unit: '盒',
                pack_size: pack,
                price_fen: 100,
                charge_category: '09',
                drug_class: kind === 'drug' ? group : null,
                pinyin_initials: 'sjpz',
                pinyin_full: 'suijipinzhong',
              }),
            )
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        items.push({ id, group });
      }
      // Three lots per item and location with awkward prices; moves in time order, never below zero.
      const lots: Array<{ id: number; item: number; loc: number; qty: number; price: number; pack: number }> = [];
      const packOf = new Map<number, number>(items.map((it, i) => [it.id, defs[i]![2]]));
      // The price adjustment document the revaluations belong to.
      const adjId = (
        await tx.db
          .insertInto('stock_docs')
          .values({
            doc_no: 'TJ-RANDOM',
            type: 'price_adjustment',
            status: 'draft',
            location_id: locations[0]!,
            created_by: keeperId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (const it of items) {
        for (const loc of locations) {
          for (let n = 0; n < 3; n++) {
            const price = 1 + Math.floor(rand() * 9999);
            const id = (
              await tx.db
                .insertInto('stock_lots')
                .values({
                  item_id: it.id,
                  location_id: loc,
                  lot_no: `L${n}`,
                  expiry_date: '2028-01-01',
                  purchase_price_fen: price,
                  qty_on_hand: 0,
                  created_at: now,
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
            lots.push({ id, item: it.id, loc, qty: 0, price, pack: packOf.get(it.id)! });
          }
        }
      }
      const start = sh(2025, 10, 1);
      const times = Array.from({ length: 1500 }, () => {
        const t = start + Math.floor(rand() * (NOW - start));
        // A third of them within ten minutes of a Shanghai midnight.
        if (rand() < 0.33) {
          const dayStart = sh(2025, 10, 1) + Math.floor((t - sh(2025, 10, 1)) / 86_400_000) * 86_400_000;
          return dayStart + Math.floor((rand() - 0.5) * 1_200_000);
        }
        return t;
      }).sort((a, b) => a - b);
      for (const at of times) {
        const lot = lots[Math.floor(rand() * lots.length)]!;
        if (rand() < 0.04) {
          // 调价: the lot revalued at a new price.
          const price = 1 + Math.floor(rand() * 9999);
          const amount = lineAmountFen(lot.qty, price, lot.pack) - lineAmountFen(lot.qty, lot.price, lot.pack);
          await tx.db
            .insertInto('stock_revaluations')
            .values({
              lot_id: lot.id,
              item_id: lot.item,
              location_id: lot.loc,
              doc_id: adjId,
              qty: lot.qty,
              old_price_fen: lot.price,
              new_price_fen: price,
              amount_fen: amount,
              at,
              user_id: null,
            })
            .execute();
          lot.price = price;
          continue;
        }
        const reason = REASONS[Math.floor(rand() * REASONS.length)]!;
        const inbound =
          reason === 'opening' ||
          reason === 'receipt' ||
          reason === 'transfer_in' ||
          reason === 'dispense_return' ||
          (reason === 'stocktake' && rand() < 0.5);
        let delta = inbound ? 1 + Math.floor(rand() * 200) : -Math.min(lot.qty, 1 + Math.floor(rand() * 60));
        // Now and then a reversal: a receipt taken back (negative receipt) or a dispensing undone (positive dispense).
        if (reason === 'receipt' && lot.qty > 0 && rand() < 0.1) delta = -Math.min(lot.qty, 5);
        if (delta === 0) continue;
        lot.qty += delta;
        await tx.db
          .insertInto('stock_moves')
          .values({
            lot_id: lot.id,
            item_id: lot.item,
            location_id: lot.loc,
            qty_delta: delta,
            reason,
            ref_type: null,
            ref_id: null,
            reverses_id: null,
            at,
            user_id: null,
          })
          .execute();
      }
      for (const l of lots)
        await tx.db
          .updateTable('stock_lots')
          .set({ qty_on_hand: l.qty, purchase_price_fen: l.price })
          .where('id', '=', l.id)
          .execute();
      await tx.db
        .updateTable('stock_docs')
        .set({ status: 'posted', posted_by: keeperId, posted_at: now })
        .where('id', '=', adjId)
        .execute();
    });
  });
  after(async () => ts.stop());

  it(
    'every month and location balances; months chain; the last month closes at on-hand; ledgers ' +
      'add up to the monthly report',
    async () => {
      for (const loc of locations) {
        let previous: Record<string, QV> | null = null;
        let last: { qty: number; valueFen: number } | null = null;
        let revaluedSomewhere = false;
        for (const month of MONTHS) {
          const r = await api.get(`/api/stock/reports/monthly?locationId=${loc}&month=${month}`);
          expect(r.status, JSON.stringify(r.body)).to.equal(200);
          const byGroup: Record<string, QV> = {};
          for (const x of r.body.itemRows)
            expect(x.opening.qty + x.receipts.qty - x.issues.qty, `${month} item ${x.itemId}`).to.equal(x.closing.qty);
          for (const x of r.body.items) {
            expect(
              x.opening.valueFen + x.receipts.valueFen - x.issues.valueFen + x.revaluation.valueFen,
              `${month} ${x.group}`,
            ).to.equal(x.closing.valueFen);
            if (previous)
              expect(x.opening, `${month} ${x.group} opens at the last close`).to.deep.equal(previous[x.group]);
            byGroup[x.group] = x.closing;
          }
          // The month's ledgers, item by item, summed per class.
          const [y, m] = month.split('-').map(Number) as [number, number];
          const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
          const sums: Record<string, { opening: QV; net: number; closing: QV; revaluationFen: number }> = {};
          for (const it of items) {
            const l = await api.get(
              `/api/stock/reports/ledger?itemId=${it.id}&locationId=${loc}&from=${month}-01&to=${lastDay}`,
            );
            expect(l.status).to.equal(200);
            expect(l.body.opening.qty + l.body.totals.qtyIn - l.body.totals.qtyOut).to.equal(l.body.closing.qty);
            expect(
              l.body.opening.valueFen +
                l.body.totals.valueInFen -
                l.body.totals.valueOutFen +
                l.body.totals.revaluationFen,
            ).to.equal(l.body.closing.valueFen);
            const revRows = l.body.items.filter((x: { reason: string }) => x.reason === 'revaluation');
            expect(
              revRows.reduce((n: number, x: { revaluationFen: number }) => n + x.revaluationFen, 0),
              'the ledger shows each revaluation as its own row',
            ).to.equal(l.body.totals.revaluationFen);
            const s = (sums[it.group] ??= {
              opening: { qty: 0, valueFen: 0 },
              net: 0,
              closing: { qty: 0, valueFen: 0 },
              revaluationFen: 0,
            });
            s.revaluationFen += l.body.totals.revaluationFen;
            if (revRows.length) revaluedSomewhere = true;
            s.opening.qty += l.body.opening.qty;
            s.opening.valueFen += l.body.opening.valueFen;
            s.net += l.body.totals.qtyIn - l.body.totals.qtyOut;
            s.closing.qty += l.body.closing.qty;
            s.closing.valueFen += l.body.closing.valueFen;
          }
          for (const x of r.body.items) {
            const s = sums[x.group] ?? {
              opening: { qty: 0, valueFen: 0 },
              net: 0,
              closing: { qty: 0, valueFen: 0 },
              revaluationFen: 0,
            };
            const rows = r.body.itemRows.filter((y: { group: string }) => y.group === x.group);
            const q = (k: 'opening' | 'receipts' | 'issues' | 'closing') =>
              rows.reduce((n: number, y: Record<string, QV>) => n + y[k]!.qty, 0);
            expect(s.opening, `${month} ${x.group} ledger opening`).to.deep.equal({
              qty: q('opening'),
              valueFen: x.opening.valueFen,
            });
            expect(s.closing, `${month} ${x.group} ledger closing`).to.deep.equal({
              qty: q('closing'),
              valueFen: x.closing.valueFen,
            });
            expect(s.net, `${month} ${x.group} net movement`).to.equal(q('receipts') - q('issues'));
            expect(s.revaluationFen, `${month} ${x.group} revaluation`).to.equal(x.revaluation.valueFen);
          }
          previous = byGroup;
          last = {
            qty: r.body.itemRows.reduce((n: number, y: Record<string, QV>) => n + y.closing!.qty, 0),
            valueFen: r.body.totals.closing.valueFen,
          };
        }
        expect(revaluedSomewhere, 'the random ledger has revaluations').to.equal(true);
        const onHand = await api.get(`/api/stock/reports/on-hand?locationId=${loc}`);
        expect(onHand.body.totals, 'the last month closes at what is on hand').to.deep.equal(last);
      }
    },
  );
});
