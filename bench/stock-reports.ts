// Stock report benchmark: ten years of stock moves for a realistic center (400 items, a
// store and two pharmacies: monthly receipts into the store, monthly transfers to each
// pharmacy, ~300 dispensing moves a day; ≈ 1.2 M moves, written with raw prepared
// statements in one transaction), then
//   - the monthly receipts–issues–balance report of the busiest pharmacy for a month in the
//     middle of the ten years (GET /api/stock/reports/monthly), beside its raw primitive: the
//     same SQL through bare better-sqlite3 on the same file (the lots that matter with their
//     opening found by seeks in stock_moves_lot_at, migration 094, + the month's moves per lot
//     and reason); the naive Σ of every move since the month began is noted for context;
//   - an item's ledger for a year (GET /api/stock/reports/ledger), beside the bare SQL of the
//     item's opening per lot and its year of moves.
// Target: p95 ≤ 500 ms each. Run alone: `npx tsx bench/stock-reports.ts` (BENCH_STOCK_YEARS,
// BENCH_STOCK_RUNS); `benchStockReports()` returns the figures for bench/run.ts.
import { startTestServer } from '../test/helpers/server.js';
import { makeUser } from '../test/realtime/socket-helpers.js';
import { KeepAliveClient } from './lib/http.js';
import { alternate, summarize, type Figure } from './lib/stats.js';
import { runAlone, timeSync } from './lib/write.js';
import { prng } from '../demo/outpatient/patients.js';

const log = (s: string) => process.stderr.write(s + '\n');
const DAY = 86_400_000;

/** The seed's deterministic PRNG (mulberry32), so every run generates the same center. */
const rng = prng;

const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface Generated {
  moves: number;
  lots: number;
  ms: number;
  storeId: number;
  pharmacyIds: number[];
  itemIds: number[];
  start: number;
  end: number;
}

/** Ten years (by default) of a center's stock, straight into the database. */
export function generateStock(raw: import('better-sqlite3').Database, years: number, end: number): Generated {
  const t0 = performance.now();
  const rand = rng(20261126);
  const now = end;
  const deptIns = raw.prepare(
    'INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, created_at, updated_at) VALUES ' +
      "(?, ?, ?, 'x', 'x', ?, ?)",
  );
  const itemIns = raw.prepare(
    'INSERT INTO catalog_items (code, kind, name, spec, unit, pack_unit, pack_size, price_fen, ' +
      'charge_category, drug_class, pinyin_initials, pinyin_full, purchase_price_fen, reorder_level, ' +
      "created_at, updated_at) VALUES (?, ?, ?, '规格', '片', '盒', ?, ?, ?, ?, 'x', 'x', ?, 0, ?, ?)",
  );
  const lotIns = raw.prepare(
    'INSERT INTO stock_lots (id, item_id, location_id, lot_no, expiry_date, purchase_price_fen, qty_on_hand, ' +
      'created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const moveIns = raw.prepare(
    'INSERT INTO stock_moves (lot_id, item_id, location_id, qty_delta, reason, ref_type, ref_id, reverses_id, ' +
      'at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL)',
  );
  const out = { moves: 0, lots: 0 } as { moves: number; lots: number };
  let storeId = 0;
  const pharmacyIds: number[] = [];
  const itemIds: number[] = [];
  const packs: number[] = [];
  const prices: number[] = [];
  const start = end - years * 365 * DAY;

  raw.transaction(() => {
    storeId = Number(deptIns.run('BSTORE', '基准药库', 'store', now, now).lastInsertRowid);
    pharmacyIds.push(Number(deptIns.run('BPH1', '基准门诊药房', 'pharmacy', now, now).lastInsertRowid));
    pharmacyIds.push(Number(deptIns.run('BPH2', '基准中药房', 'pharmacy', now, now).lastInsertRowid));
    for (let i = 0; i < 400; i++) {
      const kind = i < 340 ? 'drug' : 'material';
      const drugClass = i < 240 ? 'western' : i < 300 ? 'patent' : i < 340 ? 'herbal' : null;
      const pack = [1, 6, 10, 12, 24, 100][i % 6]!;
      const price = 150 + Math.floor(rand() * 20_000);
      packs.push(pack);
      prices.push(price);
      itemIds.push(
        Number(
          itemIns.run(
            `BI${String(i).padStart(4, '0')}`,
            kind,
            `基准品种${i}`,
            pack,
            price + 100,
            kind === 'drug' ? '09' : '08',
            drugClass,
            price,
            now,
            now,
          ).lastInsertRowid,
        ),
      );
    }
    const maxLot = (raw.prepare('SELECT coalesce(max(id), 0) AS m FROM stock_lots').get() as { m: number }).m;
    let lotId = maxLot;
    const lotQty = new Map<number, number>();
    const lotRows: Array<[number, number, number, string, string, number, number]> = [];
    const newLot = (itemIdx: number, location: number, lotNo: string, at: number) => {
      lotId++;
      lotRows.push([lotId, itemIds[itemIdx]!, location, lotNo, ymd(at + 730 * DAY), prices[itemIdx]!, at]);
      lotQty.set(lotId, 0);
      return lotId;
    };
    // Lots must exist before their moves (foreign key): collect moves per month, then insert.
    const move = (
      lot: number,
      itemIdx: number,
      location: number,
      delta: number,
      reason: string,
      at: number,
      ref: [string, number] | null,
    ) => {
      lotQty.set(lot, lotQty.get(lot)! + delta);
      pending.push([lot, itemIds[itemIdx]!, location, delta, reason, ref?.[0] ?? null, ref?.[1] ?? null, at]);
    };
    let pending: Array<[number, number, number, number, string, string | null, number | null, number]> = [];
    const flush = () => {
      for (const l of lotRows) lotIns.run(l[0], l[1], l[2], l[3], l[4], l[5], 0, l[6]);
      lotRows.length = 0;
      for (const m of pending) moveIns.run(...m);
      out.moves += pending.length;
      pending = [];
    };
    let docId = 0;
    let dispId = 0;
    // Lots per location and item, oldest first (FEFO); quantities in lotQty.
    const fifo = new Map<string, number[]>();
    const lotsAt = (location: number, i: number) => {
      const key = `${location}:${i}`;
      let l = fifo.get(key);
      if (!l) fifo.set(key, (l = []));
      return l;
    };
    const onHand = (location: number, i: number) => lotsAt(location, i).reduce((s, id) => s + lotQty.get(id)!, 0);
    /** Takes `qty` first-expiry-first-out; returns [lot, taken] pairs (nothing when short). */
    const take = (location: number, i: number, qty: number): Array<[number, number]> => {
      const lots = lotsAt(location, i);
      const out: Array<[number, number]> = [];
      let need = qty;
      for (const id of lots) {
        if (need === 0) break;
        const q = Math.min(need, lotQty.get(id)!);
        if (q > 0) out.push([id, q]);
        need -= q;
      }
      if (need > 0) return [];
      while (lots.length && lotQty.get(lots[0]!)! - (out.find((o) => o[0] === lots[0])?.[1] ?? 0) === 0) lots.shift();
      return out;
    };
    const phLotOf = new Map<string, number>();
    const lotNoOf = new Map<number, string>();
    // Demand skew: popular items are dispensed far more often (≈ 300 moves a day in all).
    const pick = () => Math.min(399, Math.floor(400 * rand() * rand()));
    const dispensedLastMonth = pharmacyIds.map(() => new Array<number>(400).fill(300));
    for (let monthStart = start; monthStart < end; monthStart += 30 * DAY) {
      const tag = ymd(monthStart).replace(/-/g, '');
      for (let i = 0; i < 400; i++) {
        // Transfers top each pharmacy up to 1.5 months of last month's use; the store buys what that needs.
        const want = pharmacyIds.map((ph, k) =>
          Math.max(0, Math.ceil(dispensedLastMonth[k]![i]! * 1.5) + 20 - onHand(ph, i)),
        );
        const need = want.reduce((s, n) => s + n, 0) - onHand(storeId, i);
        if (need > 0) {
          const lot = newLot(i, storeId, `L${tag}`, monthStart);
          lotNoOf.set(lot, `L${tag}`);
          lotsAt(storeId, i).push(lot);
          move(lot, i, storeId, need + 50, 'receipt', monthStart + 9 * 3_600_000, ['stock_doc', ++docId]);
        }
        for (const [k, ph] of pharmacyIds.entries()) {
          if (want[k]! <= 0) continue;
          const at = monthStart + DAY + k * 60_000;
          ++docId;
          for (const [storeLot, q] of take(storeId, i, want[k]!)) {
            const key = `${ph}:${storeLot}`;
            let phLot = phLotOf.get(key);
            if (!phLot) {
              phLot = newLot(i, ph, lotNoOf.get(storeLot)!, monthStart);
              phLotOf.set(key, phLot);
              lotsAt(ph, i).push(phLot);
            }
            move(storeLot, i, storeId, -q, 'transfer_out', at, ['stock_doc', docId]);
            move(phLot, i, ph, q, 'transfer_in', at, ['stock_doc', docId]);
          }
        }
      }
      for (const d of dispensedLastMonth) d.fill(0);
      // ~300 dispensing moves a day over both pharmacies (a few returns), a loss now and then.
      for (let d = 1; d < 30 && monthStart + d * DAY < end; d++) {
        const day = monthStart + d * DAY;
        for (let n = 0; n < 280; n++) {
          const k = n % 3 === 0 ? 1 : 0;
          const i = pick();
          const q = 1 + Math.floor(rand() * 20);
          const at = day + 8 * 3_600_000 + Math.floor((n / 300) * 9 * 3_600_000);
          const got = take(pharmacyIds[k]!, i, q);
          dispensedLastMonth[k]![i]! += q;
          if (!got.length) continue;
          ++dispId;
          for (const [lot, tq] of got) move(lot, i, pharmacyIds[k]!, -tq, 'dispense', at, ['dispensation', dispId]);
          if (n % 97 === 0) {
            const [lot] = got[got.length - 1]!;
            move(lot, i, pharmacyIds[k]!, 1, 'dispense_return', at + 600_000, ['dispensation', ++dispId]);
          }
        }
        if (d % 10 === 0) {
          const i = pick();
          for (const [lot, q] of take(pharmacyIds[0]!, i, 2))
            move(lot, i, pharmacyIds[0]!, -q, 'loss', day + 15 * 3_600_000, ['stock_doc', ++docId]);
        }
      }
      flush();
    }
    const setQty = raw.prepare('UPDATE stock_lots SET qty_on_hand = ? WHERE id = ?');
    for (const [id, q] of lotQty) if (q !== 0) setQty.run(q, id);
    out.lots = lotQty.size;
  })();
  raw.exec('ANALYZE');
  return { ...out, ms: performance.now() - t0, storeId, pharmacyIds, itemIds, start, end };
}

export async function benchStockReports(
  years = Number(process.env.BENCH_STOCK_YEARS ?? 10),
  runs = Number(process.env.BENCH_STOCK_RUNS ?? 30),
): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const raw = ts.server.open.raw;
    log(`stock reports bench: generating ${years} years of stock moves ...`);
    const g = generateStock(raw, years, Date.now());
    log(`stock reports bench: ${g.moves} moves in ${g.lots} lots in ${(g.ms / 1000).toFixed(1)} s`);
    const keeper = await makeUser(ts, ['storekeeper']);
    const api = new KeepAliveClient(ts.url);
    api.cookie = keeper.client.cookie;

    // A month in the middle of the ten years, at the busiest pharmacy.
    const mid = new Date(g.start + (g.end - g.start) / 2);
    const month = `${mid.getUTCFullYear()}-${String(mid.getUTCMonth() + 1).padStart(2, '0')}`;
    const ph = g.pharmacyIds[0]!;
    const monthPath = `/api/stock/reports/monthly?locationId=${ph}&month=${month}`;
    const first = await api.request('GET', monthPath);
    if (first.status !== 200) throw new Error(`monthly answered ${first.status}: ${first.body.slice(0, 300)}`);
    // Class totals are values only (units differ between items); quantities balance per item.
    type QV = { qty: number; valueFen: number };
    const report = JSON.parse(first.body) as {
      totals: Record<'opening' | 'receipts' | 'issues' | 'revaluation' | 'closing', { valueFen: number }>;
      itemRows: Array<Record<'opening' | 'receipts' | 'issues' | 'closing', QV>>;
    };
    const t = report.totals;
    const badItem = report.itemRows.find((x) => x.opening.qty + x.receipts.qty - x.issues.qty !== x.closing.qty);
    if (
      badItem ||
      t.opening.valueFen + t.receipts.valueFen - t.issues.valueFen + t.revaluation.valueFen !== t.closing.valueFen
    ) {
      throw new Error(`the monthly report does not balance: ${JSON.stringify(badItem ?? t)}`);
    }
    // Month bounds as the server computes them (Asia/Shanghai, UTC+8 without DST).
    const [y, m] = month.split('-').map(Number) as [number, number];
    const mStart = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
    const mEnd = Date.UTC(y, m, 1) - 8 * 3_600_000;
    const lotsQ = raw.prepare(
      `
      SELECT l.id AS lot_id, l.purchase_price_fen, i.pack_size, i.kind, i.drug_class,
        l.qty_on_hand - (SELECT coalesce(sum(m.qty_delta), 0) FROM stock_moves m WHERE m.lot_id = l.id AND m.at ` +
        `>= @start) AS opening
      FROM stock_lots l JOIN catalog_items i ON i.id = l.item_id
      WHERE l.location_id = @loc
        AND (SELECT min(m.at) FROM stock_moves m WHERE m.lot_id = l.id) < @end
        AND (l.qty_on_hand <> 0 OR (SELECT max(m.at) FROM stock_moves m WHERE m.lot_id = l.id) >= @start)`,
    );
    const period = raw.prepare(
      'SELECT lot_id, reason, qty_delta > 0 AS gain, sum(qty_delta) AS q FROM stock_moves WHERE location_id = ' +
        '? AND at >= ? AND at < ? GROUP BY lot_id, reason, qty_delta > 0',
    );
    const rawMonthly = async () =>
      timeSync(() => {
        lotsQ.all({ loc: ph, start: mStart, end: mEnd });
        period.all(ph, mStart, mEnd);
      });
    // For context: the naive aggregate (Σ per lot of every move since the month began).
    const since = raw.prepare(
      'SELECT lot_id, sum(qty_delta) AS q FROM stock_moves WHERE location_id = ? AND at >= ? GROUP BY lot_id',
    );
    const naive: number[] = [];
    for (let k = 0; k < 5; k++) naive.push(timeSync(() => since.all(ph, mStart)));
    log(`stock reports bench: ${runs} x the monthly report (${month}) vs its bare SQL aggregates ...`);
    const mr = await alternate(() => api.timed('GET', monthPath, 200), rawMonthly, runs, 3);

    // The most dispensed item's ledger at that pharmacy for a year in the middle.
    const item = g.itemIds[0]!;
    const from = `${mid.getUTCFullYear()}-01-01`;
    const to = `${mid.getUTCFullYear()}-12-31`;
    const ledgerPath = `/api/stock/reports/ledger?itemId=${item}&locationId=${ph}&from=${from}&to=${to}`;
    const lg = await api.request('GET', ledgerPath);
    if (lg.status !== 200) throw new Error(`ledger answered ${lg.status}: ${lg.body.slice(0, 300)}`);
    const ledger = JSON.parse(lg.body) as {
      items: unknown[];
      opening: { qty: number };
      closing: { qty: number };
      totals: { qtyIn: number; qtyOut: number };
    };
    if (ledger.opening.qty + ledger.totals.qtyIn - ledger.totals.qtyOut !== ledger.closing.qty)
      throw new Error('the ledger does not balance');
    const yStart = Date.UTC(mid.getUTCFullYear(), 0, 1) - 8 * 3_600_000;
    const yEnd = Date.UTC(mid.getUTCFullYear() + 1, 0, 1) - 8 * 3_600_000;
    const openingQ = raw.prepare(
      'SELECT lot_id, sum(qty_delta) AS q FROM stock_moves WHERE item_id = ? AND location_id = ? AND at < ? ' +
        'GROUP BY lot_id',
    );
    const movesQ = raw.prepare(
      'SELECT m.id, m.at, m.lot_id, m.qty_delta, m.reason, m.ref_type, m.ref_id, l.lot_no FROM stock_moves m ' +
        'JOIN stock_lots l ON l.id = m.lot_id WHERE m.item_id = ? AND m.location_id = ? AND m.at >= ? AND m.at ' +
        '< ? ORDER BY m.at, m.id',
    );
    const rawLedger = async () =>
      timeSync(() => {
        openingQ.all(item, ph, yStart);
        movesQ.all(item, ph, yStart, yEnd);
      });
    log(
      `stock reports ` +
        (`bench: ${runs} x an item's ledger ` +
          `for ${mid.getUTCFullYear()} (${ledger.items.length} moves) vs its bare SQL ...`),
    );
    const lr = await alternate(() => api.timed('GET', ledgerPath, 200), rawLedger, runs, 3);
    api.close();
    const note = `${g.moves} moves over ${years} years, ${g.lots} lots, 400 items, 3 locations`;
    return [
      {
        figure: `monthly stock report, one pharmacy, month ${month} (HTTP)`,
        unit: 'ms',
        value: summarize(mr.a),
        raw: summarize(mr.b),
        rawLabel: "bare better-sqlite3: the same lot query (index 094) + the month's moves per lot/reason",
        target: { percentile: 'p95', limit: 500 },
        note:
          `${note}; the naive Σ of every move since the month began takes ` +
          `p50 ${summarize(naive).p50.toFixed(0)} ms alone`,
      },
      {
        figure: `item ledger for a year (${ledger.items.length} moves, HTTP)`,
        unit: 'ms',
        value: summarize(lr.a),
        raw: summarize(lr.b),
        rawLabel: "bare better-sqlite3: opening per lot + the year's moves",
        target: { percentile: 'p95', limit: 500 },
        note,
      },
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchStockReports);
