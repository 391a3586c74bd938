// 调价 (price adjustment): a stock document that changes items' retail prices (through the
// catalog's price command: catalog owns the item table) and revalues the stock. Drafted by one
// person, posted by another with inventory.post, like the other documents; it moves no stock.
// A posted adjustment takes effect at once, or at its future `effective_at`: the minute job
// below applies it, and so does every stock-document write (so a receipt at the new price is
// never refused for a due adjustment the job has not reached yet). Applying it:
//  - sets each item's retail price (and the new purchase price when the line has one);
//  - for lines with a purchase price (always for zero-markup essential drugs: purchase = new
//    retail), every lot of the item at every location whose valuation price differs is set to
//    it, with one append-only stock_revaluations row per lot: amount = value(qty, new) −
//    value(qty, old), so the reports' value columns tie to the fen;
//  - writes price_adjustment_applied (once per document).
import type { Db } from '../../../db/connection.js';
import { conflict, invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan, lineAmountFen } from '../../../core/money.js';
import type { AuditWho, Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { setItemPrices } from '../catalog/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { stockDocChanged } from './events.js';
import type { Touched } from './posting.js';
import * as repo from './repo.js';
import type { LineIn } from './rules.js';

type Q = Db | Trx;

/** How often the job looks for adjustments that became due. */
export const PRICE_JOB_INTERVAL_MS = 60_000;

/** Value of a quantity of a lot at a pack price, in fen. */
const value = (qty: number, priceFen: number, packSize: number) => lineAmountFen(qty, priceFen, packSize);

/** Zero-markup essential drug: its purchase price must equal its retail price. */
const zeroMarkupItem = (zeroMarkup: boolean, item: repo.ItemRow) =>
  zeroMarkup && item.kind === 'drug' && item.essential === 1;

/**
 * The lines of a price adjustment as stored: old price = the item's retail price now. Refused
 * (4xx naming the field): no new price, the same price, an item twice, a zero-markup purchase
 * price other than the new retail price, an item with a posted adjustment still waiting, and
 * at posting an old price that is no longer the item's price (409 `price_changed`).
 */
export async function checkPriceLines(
  q: Q,
  docId: number | null,
  lines: LineIn[],
  items: Map<number, repo.ItemRow>,
  opts: { posting: boolean; oldPrices?: Array<number | null> },
): Promise<repo.NewLine[]> {
  const zeroMarkup = (await getInstitutionSettings(q)).zeroMarkupEssentialDrugs;
  const seen = new Set<number>();
  const out: repo.NewLine[] = [];
  for (const [i, l] of lines.entries()) {
    const item = items.get(l.itemId)!;
    if (seen.has(l.itemId))
      throw invalid(
        `lines.${i}.itemId`,
        t(`第 ${i + 1} 行:“${item.name}”在本单已有一行`, `Line ${i + 1}: "${item.name}" is already on this document`),
      );
    seen.add(l.itemId);
    if (l.newPriceFen === null || l.newPriceFen === undefined) {
      throw invalid(
        `lines.${i}.newPriceFen`,
        t(`第 ${i + 1} 行:请填写新零售价`, `Line ${i + 1}: give the new retail price`),
      );
    }
    const oldPrice = opts.posting ? (opts.oldPrices?.[i] ?? item.price_fen) : item.price_fen;
    if (opts.posting && oldPrice !== item.price_fen) {
      throw conflict(
        'price_changed',
        t(
          `第 ${i + 1} 行“${item.name}”的零售价已由 ${formatYuan(oldPrice)} 元` +
            `变为 ${formatYuan(item.price_fen)} 元,请重新编辑本单`,
          `Line ${i + 1}: the retail price ` +
            (`of "${item.name}" changed ` +
              `from ${formatYuan(oldPrice)} to ${formatYuan(item.price_fen)}; edit this document again`),
        ),
        `lines.${i}.newPriceFen`,
      );
    }
    if (l.newPriceFen === oldPrice && (l.purchasePriceFen === null || l.purchasePriceFen === undefined)) {
      throw invalid(
        `lines.${i}.newPriceFen`,
        t(
          `第 ${i + 1} 行:新零售价与现零售价 ${formatYuan(oldPrice)} 元相同`,
          `Line ${i + 1}: the new retail price equals the current one (${formatYuan(oldPrice)})`,
        ),
      );
    }
    let purchase = l.purchasePriceFen ?? null;
    if (zeroMarkupItem(zeroMarkup, item)) {
      if (purchase !== null && purchase !== l.newPriceFen) {
        throw invalid(
          `lines.${i}.purchasePriceFen`,
          t(
            `第 ${i + 1} 行“${item.name}”是基本药物,零差率:进价须等于新零售价 ${formatYuan(l.newPriceFen)} 元`,
            `Line ${i + 1}: "${item.name}" is an essential drug at zero markup: the purchase price must equal the ` +
              `new retail price ${formatYuan(l.newPriceFen)}`,
          ),
        );
      }
      purchase = l.newPriceFen;
    }
    out.push({
      itemId: l.itemId,
      lotId: null,
      lotNo: null,
      expiryDate: null,
      purchasePriceFen: purchase,
      quantity: null,
      reason: l.reason ?? null,
      oldPriceFen: oldPrice,
      newPriceFen: l.newPriceFen,
    });
  }
  const pending = await repo.pendingAdjustmentFor(q, [...seen], docId);
  if (pending) {
    const i = lines.findIndex((l) => l.itemId === pending.item_id);
    const name = items.get(pending.item_id)?.name ?? '';
    throw conflict(
      'pending_adjustment',
      t(
        `第 ${i + 1} 行“${name}”已有待生效的调价单 ${pending.doc_no},请等它生效或冲销后再调`,
        `Line ${i + 1}: "${name}" already has price adjustment ${pending.doc_no} waiting to take effect`,
      ),
      `lines.${i}.itemId`,
    );
  }
  return out;
}

/** The effective time of a draft: null (at posting) or a moment after now. */
export function checkEffectiveAt(effectiveAt: number | null | undefined, now: number): number | null {
  if (effectiveAt === null || effectiveAt === undefined) return null;
  if (effectiveAt <= now)
    throw invalid(
      'effectiveAt',
      t(
        '生效时间应晚于现在;立即生效请留空',
        'The effective time must be in the future; leave it empty to take effect when posted',
      ),
    );
  return effectiveAt;
}

/**
 * Applies a posted price adjustment (catalog prices, lot revaluation, applied mark) inside the caller's transaction.
 */
export async function applyPriceAdjustment(
  tx: Tx,
  doc: { id: number; doc_no: string; posted_by: number | null },
  who: AuditWho,
): Promise<Touched[]> {
  const lines = await repo.rawLines(tx.db, doc.id);
  const items = await repo.itemsByIds(
    tx.db,
    lines.map((l) => l.item_id),
  );
  await setItemPrices(
    tx,
    who,
    lines.map((l) => ({ itemId: l.item_id, priceFen: l.new_price_fen!, purchasePriceFen: l.purchase_price_fen })),
    { docNo: doc.doc_no },
  );
  const newPurchase = new Map(
    lines.filter((l) => l.purchase_price_fen !== null).map((l) => [l.item_id, l.purchase_price_fen!]),
  );
  const rows: Parameters<typeof repo.insertRevaluations>[1] = [];
  const touched: Touched[] = [];
  for (const lot of await repo.lotsOfItems(tx.db, [...newPurchase.keys()])) {
    const price = newPurchase.get(lot.item_id)!;
    if (lot.purchase_price_fen === price) continue;
    const pack = items.get(lot.item_id)!.pack_size;
    await repo.setLotPrice(tx.db, lot.id, price);
    rows.push({
      lotId: lot.id,
      itemId: lot.item_id,
      locationId: lot.location_id,
      docId: doc.id,
      qty: lot.qty_on_hand,
      oldPriceFen: lot.purchase_price_fen,
      newPriceFen: price,
      amountFen: value(lot.qty_on_hand, price, pack) - value(lot.qty_on_hand, lot.purchase_price_fen, pack),
      at: tx.now,
      userId: doc.posted_by,
    });
    if (lot.qty_on_hand > 0) touched.push({ itemId: lot.item_id, locationId: lot.location_id });
  }
  await repo.insertRevaluations(tx.db, rows);
  await repo.markApplied(tx.db, doc.id, tx.now, who.userId);
  return touched;
}

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

/** Applies every posted adjustment whose time has come (inside the caller's transaction); returns their ids. */
export async function applyDueInTx(tx: Tx): Promise<number[]> {
  const due = await repo.duePriceAdjustments(tx.db, tx.now);
  for (const { id } of due) {
    const d = (await repo.findDoc(tx.db, id))!;
    await applyPriceAdjustment(tx, d, SYSTEM);
    await tx.audit(SYSTEM, {
      action: 'stock_doc.apply',
      entity: 'stock_doc',
      entityId: id,
      summary: { docNo: d.doc_no, effectiveAt: d.effective_at },
    });
    tx.emit(
      stockDocChanged({
        id,
        docNo: d.doc_no,
        type: d.type,
        status: d.status,
        locationId: d.location_id,
        counterpartId: d.counterpart_id,
        action: 'updated',
      }),
    );
  }
  return due.map((d) => d.id);
}

/** What the job runs: applies the due adjustments in one write (none due: nothing written). */
export async function applyDuePriceAdjustments(m: Pick<ModuleContext, 'db' | 'uow' | 'clock'>): Promise<number[]> {
  if (!(await repo.duePriceAdjustments(m.db, m.clock.now())).length) return [];
  return m.uow.write((tx) => applyDueInTx(tx));
}

/** Every minute (and at start), apply the adjustments that became due; unref'd, stopped with the server. */
export function startPriceAdjustmentJob(m: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'devices' | 'logger'>): void {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = applyDuePriceAdjustments(m)
      .catch((err: unknown) => {
        if (!stopped) m.logger.error({ err }, 'price adjustment job failed');
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, PRICE_JOB_INTERVAL_MS);
  timer.unref();
  tick();
  m.devices.onStop(async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  });
}
