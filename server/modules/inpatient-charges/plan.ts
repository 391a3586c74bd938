// Pure plans of the charge ledger (no database, no clock): what the nightly run charges, how
// many days a stay counts, the reversal of a row, and the fee list (费用清单) of a stay's rows.
// INPATIENT.md §7, §8, §11. Table-driven tests: plan.test.ts.
import { lineAmountFen } from '../../../core/money.js';
import type { Calendar } from '../../../core/calendar.js';

/** A stay's states, as in inpatient_stays.state (stays module). */
export type ChargeStayState = 'pending' | 'in_ward' | 'transferring' | 'pre_discharge' | 'discharged' | 'cancelled';

/** A bed held by a stay at the run: its own bed ('main') or a 包床 ('reserved'). */
export interface HeldBed {
  stayId: number;
  state: ChargeStayState;
  wardId: number;
  bedId: number;
  slot: 'main' | 'reserved';
  /** Business day of admission and of discharge (预出院/出院 time), null while in the ward. */
  admittedDay: string;
  dischargedDay: string | null;
  doctorId: number | null;
}

/** One daily item of a bed (bed_charge_items joined with the catalog's current price). */
export interface BedItem {
  bedId: number;
  catalogItemId: number;
  quantity: number;
  name: string;
  spec: string | null;
  unit: string;
  packSize: number;
  priceFen: number;
  chargeCategory: string;
}

/** A row to insert into stay_charges (camelCase; the repo maps it). */
export interface NewCharge {
  stayId: number;
  chargeDay: string;
  catalogItemId: number;
  itemName: string;
  itemSpec: string | null;
  itemUnit: string;
  packSize: number;
  chargeCategory: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  source: 'bed' | 'manual' | 'order';
  sourceKey: string | null;
  bedId: number | null;
  reversesId: number | null;
  reason: string | null;
  deptId: number;
  execDeptId: number | null;
  doctorId: number | null;
  emergency: 0 | 1;
}

/**
 * The idempotency key of a bed's daily item: one per (stay, day, slot, item). The slot is 'main'
 * for the stay's own bed, so a 换床 after the run does not charge the same item twice that day
 * (INPATIENT.md §3: one bed fee a day, for the bed held at the run); a 包床 is its own slot.
 */
export function bedSourceKey(day: string, slot: 'main' | 'reserved', bedId: number, itemId: number): string {
  return `bed:${day}:${slot === 'main' ? 'main' : `r${bedId}`}:${itemId}`;
}

/** Whether a stay holding a bed is charged the bed's items for `day` (算入不算出). */
export function chargedOnDay(h: Pick<HeldBed, 'state' | 'admittedDay' | 'dischargedDay'>, day: string): boolean {
  if (h.admittedDay > day) return false;
  if (h.dischargedDay !== null && day >= h.dischargedDay) return false;
  switch (h.state) {
    case 'in_ward':
    case 'transferring':
      return true;
    case 'pre_discharge':
    case 'discharged':
      // Their discharge day is not charged; days before it (missed nights) are.
      return h.dischargedDay !== null;
    default:
      return false;
  }
}

/**
 * The nightly bed-fee rows for `day`: every bed held (occupied or 包床) by a stay charged that
 * day × the bed's daily items, minus the keys already charged (`existing`: `${stayId}|${key}`).
 * Idempotent: the same inputs with the rows inserted give nothing more.
 */
export function nightlyBedPlan(
  day: string,
  held: readonly HeldBed[],
  items: readonly BedItem[],
  existing: ReadonlySet<string>,
): NewCharge[] {
  const byBed = new Map<number, BedItem[]>();
  for (const i of items) {
    const list = byBed.get(i.bedId) ?? [];
    list.push(i);
    byBed.set(i.bedId, list);
  }
  const out: NewCharge[] = [];
  const planned = new Set<string>();
  // Own beds first, so a stay's main slot is taken by its own bed, never by a 包床.
  const ordered = [...held].sort((a, b) => (a.slot === b.slot ? a.bedId - b.bedId : a.slot === 'main' ? -1 : 1));
  for (const h of ordered) {
    if (!chargedOnDay(h, day)) continue;
    for (const item of byBed.get(h.bedId) ?? []) {
      if (item.quantity <= 0) continue;
      const key = bedSourceKey(day, h.slot, h.bedId, item.catalogItemId);
      const k = `${h.stayId}|${key}`;
      if (existing.has(k) || planned.has(k)) continue;
      planned.add(k);
      out.push({
        stayId: h.stayId,
        chargeDay: day,
        catalogItemId: item.catalogItemId,
        itemName: item.name,
        itemSpec: item.spec,
        itemUnit: item.unit,
        packSize: item.packSize,
        chargeCategory: item.chargeCategory,
        quantity: item.quantity,
        unitPriceFen: item.priceFen,
        amountFen: lineAmountFen(item.quantity, item.priceFen, item.packSize),
        source: 'bed',
        sourceKey: key,
        bedId: h.bedId,
        reversesId: null,
        reason: null,
        deptId: h.wardId,
        execDeptId: h.wardId,
        doctorId: h.doctorId,
        emergency: 0,
      });
    }
  }
  return out;
}

/**
 * 住院天数 (INPATIENT.md §8): discharge date − admission date, at least 1; a stay still in the
 * ward counts today (its bed is charged today), so admitted yesterday = 2 days.
 */
export function daysOfStay(
  admittedAt: number,
  dischargedAt: number | null,
  calendar: Pick<Calendar, 'dayOf' | 'daysBetween'>,
  now: number,
): number {
  const from = calendar.dayOf(admittedAt);
  if (dischargedAt !== null) return Math.max(1, calendar.daysBetween(from, calendar.dayOf(dischargedAt)));
  return Math.max(1, calendar.daysBetween(from, calendar.dayOf(now)) + 1);
}

/** The columns of a stay_charges row a reversal needs. */
export interface ChargeRowLike {
  id: number;
  stayId: number;
  chargeDay: string;
  catalogItemId: number;
  itemName: string;
  itemSpec: string | null;
  itemUnit: string;
  packSize: number;
  chargeCategory: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  source: 'bed' | 'manual' | 'order';
  bedId: number | null;
  reversesId: number | null;
  deptId: number;
  execDeptId: number | null;
  doctorId: number | null;
  settlementId: number | null;
  emergency: 0 | 1;
}

/** Why a row cannot be reversed, or null when it can (the caller also checks it was not reversed yet). */
export function reversalRefusal(
  row: Pick<ChargeRowLike, 'reversesId' | 'settlementId'>,
): 'is_reversal' | 'settled' | null {
  if (row.reversesId !== null) return 'is_reversal';
  if (row.settlementId !== null) return 'settled';
  return null;
}

/** 冲账: the negative row of `row`, on the same day and category, pointing at it. */
export function reversalOf(row: ChargeRowLike, reason: string): NewCharge {
  const refusal = reversalRefusal(row);
  if (refusal) throw new RangeError(`charge ${row.id} cannot be reversed: ${refusal}`);
  return {
    stayId: row.stayId,
    chargeDay: row.chargeDay,
    catalogItemId: row.catalogItemId,
    itemName: row.itemName,
    itemSpec: row.itemSpec,
    itemUnit: row.itemUnit,
    packSize: row.packSize,
    chargeCategory: row.chargeCategory,
    quantity: -row.quantity,
    unitPriceFen: row.unitPriceFen,
    amountFen: -row.amountFen,
    source: row.source,
    sourceKey: null,
    bedId: row.bedId,
    reversesId: row.id,
    reason,
    deptId: row.deptId,
    execDeptId: row.execDeptId,
    doctorId: row.doctorId,
    emergency: row.emergency,
  };
}

export interface FeeListItem {
  catalogItemId: number;
  name: string;
  spec: string | null;
  unit: string;
  unitPriceFen: number;
  packSize: number;
  chargeCategory: string;
  quantity: number;
  amountFen: number;
}
export interface FeeListDay {
  day: string;
  totalFen: number;
  categories: Array<{ category: string; amountFen: number }>;
  items: FeeListItem[];
}
export interface FeeList {
  days: FeeListDay[];
  categories: Array<{ category: string; amountFen: number }>;
  totalFen: number;
}

type FeeRow = Pick<
  ChargeRowLike,
  | 'chargeDay'
  | 'catalogItemId'
  | 'itemName'
  | 'itemSpec'
  | 'itemUnit'
  | 'packSize'
  | 'unitPriceFen'
  | 'chargeCategory'
  | 'quantity'
  | 'amountFen'
>;

const byCategory = (m: Map<string, number>) =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([category, amountFen]) => ({ category, amountFen }));

/**
 * 费用清单: the rows by day (ascending) × charge category, and per day the items (一日清单: same
 * item at the same price netted, a fully reversed item left out), with totals. A reversal row is
 * on its original's day and category, so it nets there.
 */
export function feeList(rows: readonly FeeRow[]): FeeList {
  const days = new Map<string, { cats: Map<string, number>; items: Map<string, FeeListItem>; total: number }>();
  const cats = new Map<string, number>();
  let totalFen = 0;
  for (const r of rows) {
    let d = days.get(r.chargeDay);
    if (!d) {
      d = { cats: new Map(), items: new Map(), total: 0 };
      days.set(r.chargeDay, d);
    }
    d.total += r.amountFen;
    d.cats.set(r.chargeCategory, (d.cats.get(r.chargeCategory) ?? 0) + r.amountFen);
    cats.set(r.chargeCategory, (cats.get(r.chargeCategory) ?? 0) + r.amountFen);
    totalFen += r.amountFen;
    const k = `${r.catalogItemId}|${r.unitPriceFen}|${r.packSize}`;
    const it = d.items.get(k);
    if (it) {
      it.quantity += r.quantity;
      it.amountFen += r.amountFen;
    } else {
      d.items.set(k, {
        catalogItemId: r.catalogItemId,
        name: r.itemName,
        spec: r.itemSpec,
        unit: r.itemUnit,
        unitPriceFen: r.unitPriceFen,
        packSize: r.packSize,
        chargeCategory: r.chargeCategory,
        quantity: r.quantity,
        amountFen: r.amountFen,
      });
    }
  }
  return {
    days: [...days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, d]) => ({
        day,
        totalFen: d.total,
        categories: byCategory(d.cats),
        items: [...d.items.values()]
          .filter((i) => i.quantity !== 0 || i.amountFen !== 0)
          .sort((a, b) =>
            a.chargeCategory === b.chargeCategory
              ? a.catalogItemId - b.catalogItemId
              : a.chargeCategory < b.chargeCategory
                ? -1
                : 1,
          ),
      })),
    categories: byCategory(cats),
    totalFen,
  };
}
