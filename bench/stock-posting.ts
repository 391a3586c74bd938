// Stock document posting benchmark: POST /api/stock/docs/:id/post of a 10-line transfer
// (store → pharmacy: auth, zod, idempotency key, every rule checked again, 10 transfer_out
// + 10 transfer_in moves with guarded lot updates, receiving lots found, status flip,
// audit, event_log, stock:changed per item and side, reorder check, publish) beside its raw
// primitive: a bare Koa route running the same ledger writes (guarded lot updates, moves,
// receiving-lot lookups, status flip) as one bare better-sqlite3 transaction on the same
// database, called by the same keep-alive client. Drafts are made beforehand, untimed.
// Run alone: `npx tsx bench/stock-posting.ts` (BENCH_POSTINGS, default 200).
import { seedItem, seedStockWorld } from '../test/helpers/inventory.js';
import { seedLot } from '../test/helpers/pharmacy.js';
import { startTestServer } from '../test/helpers/server.js';
import { makeUser } from '../test/realtime/socket-helpers.js';
import type { Figure } from './lib/stats.js';
import { benchWrite, runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

export async function benchStockPosting(n = Number(process.env.BENCH_POSTINGS ?? 200)): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const w = await seedStockWorld(ts);
    const items: number[] = [];
    const lots: number[] = [];
    for (let k = 0; k < 10; k++) {
      const item = await seedItem(ts, { name: `调拨测试药品${k}`, packSize: 10, reorderLevel: 100 });
      items.push(item);
      lots.push(
        await seedLot(ts, {
          itemId: item,
          locationId: w.storeId,
          lotNo: `BIG-${k}`,
          expiry: '2099-12-31',
          qty: 100_000_000,
        }),
      );
      // The receiving lot exists after the first posting; make it now so both sides find it.
      await seedLot(ts, { itemId: item, locationId: w.pharmacyId, lotNo: `BIG-${k}`, expiry: '2099-12-31', qty: 0 });
    }
    const keeper = await makeUser(ts, ['storekeeper']);
    const lines = items.map((itemId, k) => ({ itemId, lotId: lots[k]!, quantity: 3 + k }));
    const warm = 20;
    log(`stock posting bench: drafting ${2 * (n + warm)} ten-line transfers ...`);
    const drafts: Array<{ id: number; version: number }> = [];
    const rawDrafts: number[] = [];
    for (let i = 0; i < n + warm; i++) {
      for (const list of [drafts, null]) {
        const r = await keeper.client.post(
          '/api/stock/docs',
          { type: 'transfer', locationId: w.storeId, counterpartId: w.pharmacyId, lines },
          { 'idempotency-key': `bench-draft-${process.pid}-${i}-${list ? 'a' : 'b'}` },
        );
        if (r.status !== 201) throw new Error(`draft answered ${r.status}: ${JSON.stringify(r.body)}`);
        if (list) list.push({ id: r.body.id, version: r.body.version });
        else rawDrafts.push(r.body.id);
      }
    }

    // The raw primitive: the same ledger writes in one bare transaction behind a bare Koa route.
    const raw = ts.server.open.raw;
    const userId = keeper.userId;
    const q = {
      doc: raw.prepare(
        "SELECT id, status, location_id, counterpart_id FROM stock_docs WHERE id = ? AND type = 'transfer'",
      ),
      lines: raw.prepare(
        'SELECT l.item_id, l.lot_id, l.lot_no, l.quantity FROM stock_doc_lines l WHERE l.doc_id = ? ORDER BY l.line_no',
      ),
      lot: raw.prepare('UPDATE stock_lots SET qty_on_hand = qty_on_hand + ? WHERE id = ? AND qty_on_hand >= ?'),
      dest: raw.prepare('SELECT id FROM stock_lots WHERE item_id = ? AND location_id = ? AND lot_no = ?'),
      move: raw.prepare(
        'INSERT INTO stock_moves (lot_id, item_id, location_id, qty_delta, reason, ref_type, ref_id, at, ' +
          "user_id) VALUES (?, ?, ?, ?, ?, 'stock_doc', ?, ?, ?)",
      ),
      post: raw.prepare(
        "UPDATE stock_docs SET status = 'posted', posted_by = ?, posted_at = ?, version = version + 1, " +
          "updated_at = ? WHERE id = ? AND status = 'draft'",
      ),
    };
    const rawPost = raw.transaction((docId: number, now: number) => {
      const d = q.doc.get(docId) as { status: string; location_id: number; counterpart_id: number };
      if (d.status !== 'draft') throw new Error('not a draft');
      for (const l of q.lines.all(docId) as Array<{
        item_id: number;
        lot_id: number;
        lot_no: string;
        quantity: number;
      }>) {
        if (q.lot.run(-l.quantity, l.lot_id, l.quantity).changes !== 1) throw new Error('short');
        q.move.run(l.lot_id, l.item_id, d.location_id, -l.quantity, 'transfer_out', docId, now, userId);
        const dest = (q.dest.get(l.item_id, d.counterpart_id, l.lot_no) as { id: number }).id;
        q.lot.run(l.quantity, dest, 0);
        q.move.run(dest, l.item_id, d.counterpart_id, l.quantity, 'transfer_in', docId, now, userId);
      }
      q.post.run(userId, now, now, docId);
      return docId;
    });
    return [
      await benchWrite({
        figure: 'post a 10-line transfer (HTTP, rules re-checked, 20 moves)',
        rawLabel: 'bare Koa route + the same ledger writes in a bare transaction',
        n,
        warmup: warm,
        server: { url: ts.url, cookie: keeper.client.cookie },
        call: (i) => ({
          path: `/api/stock/docs/${drafts[i]!.id}/post`,
          body: { version: drafts[i]!.version },
          key: `bench-post-${process.pid}-${i}`,
        }),
        bareRoutes: (router) =>
          router.post('/post/:id', (ctx) => {
            ctx.body = { id: rawPost(Number(ctx.params.id), Date.now()) };
          }),
        rawCall: (i) => ({ path: `/post/${rawDrafts[i]}` }),
      }),
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchStockPosting);
