// Stock reports: on hand with value, the movement ledger of an item (进销存台账), the monthly
// receipts–issues–balance report (月度进销存报表) and the expiry / reorder alerts. Reports only
// read. Values follow one rule so that every figure balances to the fen: a quantity state is
// valued lot by lot (lineAmountFen(qty, lot price per pack, pack size)), so opening, closing and
// in/receipts are Σ over lots of their valued quantities, and out/issues := opening + in +
// revaluation − closing. A lot's price at an instant is the price its revaluations (调价) had
// left then: the old price of its first revaluation at or after that instant, else its price now.
import type { Db } from '../../../db/connection.js';
import { invalid } from '../../../core/errors.js';
import { t, type Lang } from '../../../core/i18n.js';
import { lineAmountFen } from '../../../core/money.js';
import type { ModuleContext } from '../context.js';
import { getInstitutionSettings } from '../settings/index.js';
import { addDays, dayOf, dayStart, monthDays, nextDay } from '../../../core/calendar.js';
import * as repo from './repo.js';
import {
  GROUPS,
  LEDGER_MAX_YEARS,
  ON_HAND_MAX_ROWS,
  type AlertsQuery,
  type AlertsReport,
  type Group,
  type LedgerQuery,
  type LedgerReport,
  type LedgerRow,
  type LotRow,
  type MonthlyQuery,
  type MonthlyReport,
  type MonthlyItemRow,
  type MonthlyRow,
  type MoveReason,
  type Value,
  type OnHandQuery,
  type OnHandReport,
  type QtyValue,
  type ReportToday,
} from './schema.js';

/** Value of a (possibly negative) quantity of a lot, in fen. */
export function valueFen(qty: number, packPriceFen: number, packSize: number): number {
  return qty < 0 ? -lineAmountFen(-qty, packPriceFen, packSize) : lineAmountFen(qty, packPriceFen, packSize);
}

const REASONS: Record<Exclude<MoveReason, 'stocktake'> | 'revaluation', [string, string]> = {
  revaluation: ['调价', 'Price adjustment'],
  opening: ['期初', 'Opening stock'],
  receipt: ['入库', 'Receipt'],
  dispense: ['发药', 'Dispensed'],
  dispense_return: ['退药', 'Returned by patient'],
  transfer_in: ['调入', 'Transfer in'],
  transfer_out: ['调出', 'Transfer out'],
  supplier_return: ['退货', 'Returned to supplier'],
  loss: ['报损', 'Loss'],
  consumption: ['消耗', 'Consumption'],
};

/** The reason of a move in words; a stock-take move is a gain (盘盈) or a loss (盘亏). */
export function reasonText(reason: MoveReason | 'revaluation', delta: number, lang: Lang): string {
  if (reason === 'stocktake')
    return delta >= 0 ? (lang === 'zh' ? '盘盈' : 'Stock-take gain') : lang === 'zh' ? '盘亏' : 'Stock-take loss';
  const r = REASONS[reason];
  return lang === 'zh' ? r[0] : r[1];
}

/** Receipts side of the monthly report (the rest are issues); stock-take by direction. */
const RECEIPT_REASONS = new Set<MoveReason>(['opening', 'receipt', 'transfer_in', 'dispense_return']);

export function groupOf(kind: string, drugClass: string | null): Group {
  if (kind === 'drug') return (drugClass as Group | null) ?? 'western';
  return 'material';
}

const zero = (): QtyValue => ({ qty: 0, valueFen: 0 });
const zeroV = (): Value => ({ valueFen: 0 });
const add = (a: QtyValue, qty: number, value: number) => {
  a.qty += qty;
  a.valueFen += value;
};

/**
 * Each lot's price at an instant: the old price of the lot's first revaluation at or after it,
 * else the lot's price now. `revals` must be oldest first.
 */
export function pricer(
  revals: Array<{ lot_id: number; at: number; old_price_fen: number }>,
  current: (lotId: number) => number,
) {
  const byLot = new Map<number, Array<{ at: number; old: number }>>();
  for (const r of revals) {
    const xs = byLot.get(r.lot_id) ?? [];
    xs.push({ at: r.at, old: r.old_price_fen });
    byLot.set(r.lot_id, xs);
  }
  return (lotId: number, at: number): number => {
    const first = byLot.get(lotId)?.find((r) => r.at >= at);
    return first ? first.old : current(lotId);
  };
}

export function createInventoryReportsService(deps: Pick<ModuleContext, 'db' | 'clock'>) {
  const { db, clock } = deps;

  async function context(q: Db = db) {
    const s = await getInstitutionSettings(q);
    const today = dayOf(clock.now(), s.timeZone);
    const nearExpiryDays = s.inventory.nearExpiryDays;
    return {
      timeZone: s.timeZone,
      today,
      nearExpiryDays,
      nearUntil: addDays(today, nearExpiryDays),
      shortShelfLifeMonths: s.inventory.shortShelfLifeMonths,
    };
  }

  async function location(id: number | undefined, field = 'locationId'): Promise<repo.LocationRow | null> {
    if (id === undefined) return null;
    const d = await repo.findLocation(db, id);
    if (!d) throw invalid(field, t(`库房 ${id} 不存在`, `Stock location ${id} does not exist`));
    if (d.kind !== 'store' && d.kind !== 'pharmacy')
      throw invalid(field, t(`“${d.name}”不是药库或药房`, `"${d.name}" is not a store or pharmacy`));
    return { id: d.id, name: d.name };
  }

  function lotRow(r: repo.LotDbRow, today: string, nearUntil: string): LotRow {
    const expired = r.expiry_date < today;
    return {
      locationId: r.location_id,
      locationName: r.location_name,
      itemId: r.item_id,
      itemCode: r.item_code,
      itemName: r.item_name,
      spec: r.spec,
      unit: r.unit,
      packUnit: r.pack_unit,
      packSize: r.pack_size,
      lotId: r.lot_id,
      lotNo: r.lot_no,
      expiryDate: r.expiry_date,
      qty: r.qty_on_hand,
      purchasePriceFen: r.purchase_price_fen,
      valueFen: valueFen(r.qty_on_hand, r.purchase_price_fen, r.pack_size),
      expired,
      nearExpiry: !expired && r.expiry_date < nearUntil,
    };
  }

  return {
    context,

    /** The institution's business day and month (the report pages' default dates). */
    async today(): Promise<ReportToday> {
      const c = await context();
      return {
        today: c.today,
        month: c.today.slice(0, 7),
        timeZone: c.timeZone,
        shortShelfLifeMonths: c.shortShelfLifeMonths,
      };
    },

    /**
     * Lots with stock; `items` lists at most `maxRows` of them (`truncated` says so), while
     * `totals` and `lotCount` always cover every lot matching the filters.
     */
    async onHand(q: OnHandQuery, maxRows: number = q.limit ?? ON_HAND_MAX_ROWS): Promise<OnHandReport> {
      const loc = await location(q.locationId);
      const c = await context();
      const rows = await repo.lotsOnHand(db, {
        locationId: q.locationId,
        kind: q.kind,
        drugClass: q.drugClass,
        q: q.q || undefined,
        notExpiredOn: q.includeExpired ? undefined : c.today,
      });
      const totals = zero();
      for (const r of rows) add(totals, r.qty_on_hand, valueFen(r.qty_on_hand, r.purchase_price_fen, r.pack_size));
      const items = rows.slice(0, maxRows).map((r) => lotRow(r, c.today, c.nearUntil));
      return {
        locationName: loc?.name ?? null,
        today: c.today,
        nearExpiryDays: c.nearExpiryDays,
        items,
        lotCount: rows.length,
        truncated: rows.length > items.length,
        totals,
      };
    },

    async ledger(q: LedgerQuery, lang: Lang): Promise<LedgerReport> {
      if (q.from > q.to)
        throw invalid('to', t('结束日期不能早于开始日期', 'The end date cannot be before the start date'));
      const limit = `${Number(q.from.slice(0, 4)) + LEDGER_MAX_YEARS}${q.from.slice(4)}`;
      if (q.to >= limit) {
        throw invalid(
          'to',
          t(
            `台账期间最长 ${LEDGER_MAX_YEARS} 年:结束日期应早于 ${limit}`,
            `A ledger period is at most ${LEDGER_MAX_YEARS} years: the end date must be before ${limit}`,
          ),
        );
      }
      const item = await repo.findItem(db, q.itemId);
      if (!item) throw invalid('itemId', t(`项目 ${q.itemId} 不存在`, `Item ${q.itemId} does not exist`));
      const loc = await location(q.locationId);
      const c = await context();
      const start = dayStart(q.from, c.timeZone);
      const end = dayStart(nextDay(q.to), c.timeZone);
      const locId = loc?.id ?? null;
      const lots = new Map((await repo.lotsOfItem(db, item.id, locId)).map((l) => [l.lot_id, l]));
      const revals = await repo.itemRevaluations(db, item.id, locId, start);
      const priceAt = pricer(revals, (lotId) => lots.get(lotId)!.purchase_price_fen);
      const qtyByLot = new Map<number, number>();
      for (const b of await repo.itemBalancesBefore(db, item.id, locId, start)) qtyByLot.set(b.lot_id, Number(b.qty));
      const value = (byLot: Map<number, number>, at: number) => {
        let v = 0;
        for (const [lotId, qty] of byLot) v += valueFen(qty, priceAt(lotId, at), item.pack_size);
        return v;
      };
      const opening: QtyValue = {
        qty: [...qtyByLot.values()].reduce((s, n) => s + n, 0),
        valueFen: value(qtyByLot, start),
      };

      const moves = await repo.itemMoves(db, item.id, locId, start, end);
      // In value: each lot's incoming quantity at the price the lot had when it came in.
      const inByLotPrice = new Map<string, { qty: number; price: number }>();
      let balance = opening.qty;
      let qtyIn = 0;
      let qtyOut = 0;
      let revaluationFen = 0;
      const inPeriod = revals.filter((r) => r.at < end && (r.qty > 0 || r.amount_fen !== 0));
      let ri = 0;
      const rows: LedgerRow[] = [];
      const revalRow = (r: repo.RevaluationRow): LedgerRow => {
        revaluationFen += r.amount_fen;
        return {
          moveId: -r.id,
          at: r.at,
          locationId: r.location_id,
          locationName: r.location_name,
          reason: 'revaluation' as MoveReason,
          reasonText: reasonText('revaluation', 0, lang),
          docNo: r.doc_no,
          refType: 'stock_doc',
          refId: null,
          orderId: null,
          lotNo: r.lot_no,
          expiryDate: r.expiry_date,
          qtyIn: 0,
          qtyOut: 0,
          balance,
          revaluationFen: r.amount_fen,
        };
      };
      for (const m of moves) {
        // A revaluation counted the moves committed before it, so it comes after those at the same instant.
        while (ri < inPeriod.length && inPeriod[ri]!.at < m.at) rows.push(revalRow(inPeriod[ri++]!));
        const inQ = m.qty_delta > 0 ? m.qty_delta : 0;
        const outQ = m.qty_delta < 0 ? -m.qty_delta : 0;
        balance += m.qty_delta;
        qtyIn += inQ;
        qtyOut += outQ;
        qtyByLot.set(m.lot_id, (qtyByLot.get(m.lot_id) ?? 0) + m.qty_delta);
        if (inQ) {
          const price = priceAt(m.lot_id, m.at);
          const k = `${m.lot_id}:${price}`;
          const cur = inByLotPrice.get(k) ?? { qty: 0, price };
          cur.qty += inQ;
          inByLotPrice.set(k, cur);
        }
        rows.push({
          moveId: m.id,
          at: m.at,
          locationId: m.location_id,
          locationName: m.location_name,
          reason: m.reason,
          reasonText: reasonText(m.reason, m.qty_delta, lang),
          docNo: m.doc_no,
          refType: m.ref_type,
          refId: m.ref_id,
          orderId: m.order_id,
          lotNo: m.lot_no,
          expiryDate: m.expiry_date,
          qtyIn: inQ,
          qtyOut: outQ,
          balance,
          revaluationFen: null,
        });
      }
      while (ri < inPeriod.length) rows.push(revalRow(inPeriod[ri++]!));
      const closing: QtyValue = { qty: balance, valueFen: value(qtyByLot, end) };
      let valueInFen = 0;
      for (const x of inByLotPrice.values()) valueInFen += valueFen(x.qty, x.price, item.pack_size);
      return {
        item: {
          id: item.id,
          code: item.code,
          name: item.name,
          spec: item.spec,
          unit: item.unit,
          packUnit: item.pack_unit,
          packSize: item.pack_size,
        },
        locationId: loc?.id ?? null,
        locationName: loc?.name ?? null,
        from: q.from,
        to: q.to,
        opening,
        items: rows,
        totals: {
          qtyIn,
          qtyOut,
          valueInFen,
          valueOutFen: opening.valueFen + valueInFen + revaluationFen - closing.valueFen,
          revaluationFen,
        },
        closing,
      };
    },

    async monthly(q: MonthlyQuery): Promise<MonthlyReport> {
      const loc = await location(q.locationId);
      const c = await context();
      const { first, last } = monthDays(q.month);
      const start = dayStart(first, c.timeZone);
      const end = dayStart(nextDay(last), c.timeZone);
      const locations = loc ? [loc] : await repo.stockLocations(db);
      const items: MonthlyRow[] = [];
      const itemRows: MonthlyItemRow[] = [];
      for (const l of locations) {
        const m = await monthlyAt(l, start, end);
        items.push(...m.groups);
        itemRows.push(...m.items);
      }
      const totals = { opening: zeroV(), receipts: zeroV(), issues: zeroV(), revaluation: zeroV(), closing: zeroV() };
      for (const r of items) {
        for (const k of ['opening', 'receipts', 'issues', 'revaluation', 'closing'] as const)
          totals[k].valueFen += r[k].valueFen;
      }
      return { month: q.month, from: first, to: last, items, itemRows, totals };
    },

    async alerts(q: Pick<AlertsQuery, 'locationId'>): Promise<AlertsReport> {
      const loc = await location(q.locationId);
      const c = await context();
      const lots = (await repo.lotsExpiringBefore(db, c.nearUntil, q.locationId)).map((r) =>
        lotRow(r, c.today, c.nearUntil),
      );
      const below = await repo.belowReorder(db, c.today, q.locationId);
      return {
        locationName: loc?.name ?? null,
        today: c.today,
        nearExpiryDays: c.nearExpiryDays,
        nearExpiry: lots.filter((l) => l.nearExpiry),
        expired: lots.filter((l) => l.expired),
        belowReorder: below.map((b) => ({
          locationId: b.location_id,
          locationName: b.location_name,
          itemId: b.item_id,
          itemCode: b.item_code,
          itemName: b.item_name,
          spec: b.spec,
          unit: b.unit,
          onHand: Number(b.on_hand),
          reorderLevel: b.reorder_level,
        })),
      };
    },
  };

  /**
   * One location's month, per class (values) and per item (quantities and values): per-lot
   * quantities, valued lot by lot at the lot's price at each instant (revaluations, 调价, move
   * a lot's price; a lot revalued within the month has its receipts valued move by move).
   */
  async function monthlyAt(
    l: repo.LocationRow,
    start: number,
    end: number,
  ): Promise<{ groups: MonthlyRow[]; items: MonthlyItemRow[] }> {
    const lots = await repo.periodLots(db, l.id, start, end);
    const revals = await repo.locationRevaluations(db, l.id, start);
    const current = new Map(lots.map((x) => [x.lot_id, x.purchase_price_fen]));
    const priceAt = pricer(revals, (lotId) => current.get(lotId) ?? 0);
    const revalued = new Map<number, number>();
    for (const r of revals) if (r.at < end) revalued.set(r.lot_id, (revalued.get(r.lot_id) ?? 0) + r.amount_fen);
    const isReceipt = (reason: MoveReason, gain: boolean) =>
      reason === 'stocktake' ? gain : RECEIPT_REASONS.has(reason);
    const receipts = new Map<number, number>();
    const issues = new Map<number, number>();
    for (const s of await repo.periodSums(db, l.id, start, end)) {
      const qty = Number(s.qty);
      if (isReceipt(s.reason, Number(s.gain) === 1)) receipts.set(s.lot_id, (receipts.get(s.lot_id) ?? 0) + qty);
      else issues.set(s.lot_id, (issues.get(s.lot_id) ?? 0) - qty);
    }
    // Receipts value of the lots revalued within the month: move by move, at the price of the moment.
    const receiptValue = new Map<number, number>();
    for (const m of await repo.lotMoves(db, [...revalued.keys()], start, end)) {
      if (!isReceipt(m.reason, m.qty_delta > 0)) continue;
      const pack = lots.find((x) => x.lot_id === m.lot_id)?.pack_size ?? 1;
      receiptValue.set(
        m.lot_id,
        (receiptValue.get(m.lot_id) ?? 0) + valueFen(m.qty_delta, priceAt(m.lot_id, m.at), pack),
      );
    }
    const rows = new Map<Group, MonthlyRow>(
      GROUPS.map((g) => [
        g,
        {
          locationId: l.id,
          locationName: l.name,
          group: g,
          opening: zeroV(),
          receipts: zeroV(),
          issues: zeroV(),
          revaluation: zeroV(),
          closing: zeroV(),
        },
      ]),
    );
    const byItem = new Map<number, MonthlyItemRow>();
    for (const lot of lots) {
      const o = Number(lot.opening);
      const r = receipts.get(lot.lot_id) ?? 0;
      const i = issues.get(lot.lot_id) ?? 0;
      const rev = revalued.get(lot.lot_id) ?? 0;
      if (o === 0 && r === 0 && i === 0 && rev === 0) continue;
      const cl = o + r - i;
      const group = groupOf(lot.kind, lot.drug_class);
      const row = rows.get(group)!;
      const ov = valueFen(o, priceAt(lot.lot_id, start), lot.pack_size);
      const rv = receiptValue.get(lot.lot_id) ?? valueFen(r, priceAt(lot.lot_id, end), lot.pack_size);
      const cv = valueFen(cl, priceAt(lot.lot_id, end), lot.pack_size);
      const iv = ov + rv + rev - cv;
      row.opening.valueFen += ov;
      row.receipts.valueFen += rv;
      row.revaluation.valueFen += rev;
      row.closing.valueFen += cv;
      row.issues.valueFen += iv;
      let it = byItem.get(lot.item_id);
      if (!it) {
        it = {
          locationId: l.id,
          locationName: l.name,
          group,
          itemId: lot.item_id,
          itemCode: lot.item_code,
          itemName: lot.item_name,
          spec: lot.spec,
          unit: lot.unit,
          opening: zero(),
          receipts: zero(),
          issues: zero(),
          revaluation: zeroV(),
          closing: zero(),
        };
        byItem.set(lot.item_id, it);
      }
      add(it.opening, o, ov);
      add(it.receipts, r, rv);
      add(it.issues, i, iv);
      add(it.closing, cl, cv);
      it.revaluation.valueFen += rev;
    }
    const order = (x: MonthlyItemRow) => GROUPS.indexOf(x.group);
    const items = [...byItem.values()].sort((a, b) => order(a) - order(b) || a.itemCode.localeCompare(b.itemCode));
    return { groups: [...rows.values()], items };
  }
}

export type InventoryReportsService = ReturnType<typeof createInventoryReportsService>;
