// Plans of the pharmacy's writes (pure: no database). The service reads, asks a plan what to
// write, and applies it in a short step: dispensing = FEFO allocation (allocate.ts), the
// dispense lines and stock moves per allocation, the stock figures after the write (from the
// lots already read: no re-read), and the label and slip print payloads; a return = which
// lots each returned quantity goes back to (newest allocation first), the moves it reverses,
// and the order's status after it.
import { DomainError, invalid } from '../../../core/errors.js';
import { ageOn } from '../../../core/calendar.js';
import { t } from '../../../core/i18n.js';
import { isExpired, packs, planFefo, type Allocation, type LinePlan, type Lot } from './allocate.js';
import type { DispenseLineRow, LineRow, LotRow, OrderRow } from './repo.js';

/** 409 insufficient_stock naming the line (its needed, available and expired quantities). */
export function insufficient(line: LineRow, plan: LinePlan, index: number): DomainError {
  const u = line.unit;
  const zhExpired = plan.expired > 0 ? `（另有 ${plan.expired} ${u}已过期）` : '';
  const enExpired = plan.expired > 0 ? ` (${plan.expired} ${u} more in expired lots)` : '';
  return new DomainError(
    409,
    'insufficient_stock',
    t(
      `${line.name} 库存不足：需要 ${line.quantity} ${u}，可用 ${plan.available} ${u}${zhExpired}`,
      `${line.name}: not enough stock: needs ${line.quantity} ${u}, ${plan.available} ${u} available${enExpired}`,
    ),
    `lines.${index}`,
    {
      orderLineId: line.id,
      itemId: line.item_id,
      needed: line.quantity,
      available: plan.available,
      expired: plan.expired,
    },
  );
}

export function lotsOf(rows: LotRow[]): Lot[] {
  return rows.map((l) => ({
    id: l.id,
    itemId: l.item_id,
    lotNo: l.lot_no,
    expiryDate: l.expiry_date,
    qty: l.qty_on_hand,
  }));
}

/** FEFO over the order's lines (the pick list and the dispensing share it). */
export function fefoOf(lines: LineRow[], lots: LotRow[], day: string): LinePlan[] {
  return planFefo(
    lines.map((l) => ({ orderLineId: l.id, itemId: l.item_id, quantity: l.quantity })),
    lotsOf(lots),
    day,
  );
}

/** One allocation taken out of a lot: a dispense line and a stock move. `line` indexes the order's lines. */
export interface Take {
  line: number;
  orderLineId: number;
  itemId: number;
  lotId: number;
  quantity: number;
}

/** An item's non-expired on hand at the pharmacy before and after the write. */
export interface StockChange {
  itemId: number;
  locationId: number;
  before: number;
  after: number;
}

export interface DispenseInput {
  order: OrderRow;
  lines: LineRow[];
  /** Every lot of the lines' items at the pharmacy, first expiry first (expired and empty included). */
  lots: LotRow[];
  day: string;
  pharmacyId: number;
  pharmacyName: string;
  pharmacistName: string;
  at: number;
}

export interface DispensePlan {
  fefo: LinePlan[];
  takes: Take[];
  stock: StockChange[];
  /** One drug label per line, in line order. */
  labels: unknown[];
  slip: unknown;
}

/** What dispensing writes; throws 409 insufficient_stock (naming the first short line) when the stock is not there. */
export function planDispense(v: DispenseInput): DispensePlan {
  const fefo = fefoOf(v.lines, v.lots, v.day);
  const bad = fefo.findIndex((p) => p.short > 0);
  if (bad >= 0) throw insufficient(v.lines[bad]!, fefo[bad]!, bad);

  const takes: Take[] = fefo.flatMap((p, line) =>
    p.allocations.map((a) => ({
      line,
      orderLineId: p.orderLineId,
      itemId: p.itemId,
      lotId: a.lotId,
      quantity: a.quantity,
    })),
  );

  // On hand after = the usable lots read minus what this write takes (items in line order).
  const onHand = new Map<number, number>();
  for (const l of v.lines) onHand.set(l.item_id, 0);
  for (const lot of v.lots) {
    if (onHand.has(lot.item_id) && !isExpired(lot.expiry_date, v.day) && lot.qty_on_hand > 0)
      onHand.set(lot.item_id, onHand.get(lot.item_id)! + lot.qty_on_hand);
  }
  const taken = new Map<number, number>();
  for (const l of v.lines) taken.set(l.item_id, (taken.get(l.item_id) ?? 0) + l.quantity);
  const stock = [...taken].map(([itemId, q]) => ({
    itemId,
    locationId: v.pharmacyId,
    before: onHand.get(itemId)!,
    after: onHand.get(itemId)! - q,
  }));

  const o = v.order;
  const patient = {
    name: o.patient_name,
    mrn: o.patient_mrn,
    sex: o.patient_sex,
    age: ageOn(o.patient_birth_date, v.day),
  };
  const labels = v.lines.map((l, i) => ({
    orderId: o.id,
    pharmacy: v.pharmacyName,
    patient,
    drug: { name: l.name, spec: l.spec },
    quantity: l.quantity,
    unit: l.unit,
    ...packs(l.quantity, l.pack_size),
    packUnit: l.pack_unit,
    dose: l.dose,
    doseUnit: l.dose_unit,
    frequency: l.frequency,
    route: l.route,
    days: l.days,
    note: l.note,
    lots: fefo[i]!.allocations.map((a) => ({ lotNo: a.lotNo, expiryDate: a.expiryDate })),
    at: v.at,
  }));
  const slip = {
    orderId: o.id,
    pharmacy: v.pharmacyName,
    patient,
    doctor: o.doctor_name,
    department: o.department_name,
    pharmacist: v.pharmacistName,
    herbalDoses: o.herbal_doses,
    lines: v.lines.map((l, i) => ({
      name: l.name,
      spec: l.spec,
      quantity: l.quantity,
      unit: l.unit,
      dose: l.dose,
      doseUnit: l.dose_unit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      lots: fefo[i]!.allocations.map((a) => ({ lotNo: a.lotNo, expiryDate: a.expiryDate, quantity: a.quantity })),
    })),
    at: v.at,
  };
  return { fefo, takes, stock, labels, slip };
}

/** A returned quantity of one line and the lots it goes back into. */
export interface ReturnWork {
  line: LineRow;
  quantity: number;
  take: Allocation[];
}

/** One lot's stock coming back: a negative dispense line and a move reversing the dispense move. */
export interface Giveback {
  orderLineId: number;
  itemId: number;
  lotId: number;
  quantity: number;
  /** The dispensation whose move this one reverses. */
  sourceDispensationId: number;
}

export interface ReturnPlan {
  work: ReturnWork[];
  givebacks: Giveback[];
  /** The order's status after the return: 'returned' when nothing dispensed is left. */
  status: 'returned' | 'dispensed';
}

/**
 * What a return writes: every requested line checked first (on this prescription, listed
 * once, no more than what is left dispensed), each quantity put back into the lots it came
 * from, newest allocation first. Throws (422 / 409 over_return) naming the line.
 */
export function planReturn(
  requested: Array<{ orderLineId: number; quantity: number }>,
  lines: LineRow[],
  dls: DispenseLineRow[],
): ReturnPlan {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  const work: ReturnWork[] = [];
  const givebacks: Giveback[] = [];
  for (const [i, r] of requested.entries()) {
    const line = byId.get(r.orderLineId);
    if (!line)
      throw invalid(
        `lines.${i}.orderLineId`,
        t(`第 ${i + 1} 行不属于该处方`, `Line ${i + 1} is not on this prescription`),
      );
    if (seen.has(r.orderLineId))
      throw invalid(`lines.${i}.orderLineId`, t(`第 ${i + 1} 行重复`, `Line ${i + 1} is listed twice`));
    seen.add(r.orderLineId);
    const mine = dls.filter((d) => d.order_line_id === line.id);
    const netByLot = new Map<number, number>();
    for (const d of mine) netByLot.set(d.lot_id, (netByLot.get(d.lot_id) ?? 0) + d.quantity);
    const returnable = [...netByLot.values()].reduce((s, n) => s + n, 0);
    if (r.quantity > returnable) {
      throw new DomainError(
        409,
        'over_return',
        t(
          `${line.name} 最多可退 ${returnable} ${line.unit}` +
            `（已发 ${line.quantity} ${line.unit}，已退 ${line.quantity - returnable} ${line.unit}）`,
          `${line.name}: at most ${returnable} ${line.unit} can be returned`,
        ),
        `lines.${i}.quantity`,
        { orderLineId: line.id, returnable },
      );
    }
    // Newest allocation first: walk the dispensed rows from the last one back.
    let need = r.quantity;
    const take: Allocation[] = [];
    for (const d of [...mine].reverse()) {
      if (need === 0) break;
      if (d.quantity <= 0) continue;
      const left = netByLot.get(d.lot_id) ?? 0;
      if (left <= 0) continue;
      const q = Math.min(left, need);
      take.push({ lotId: d.lot_id, lotNo: d.lot_no, expiryDate: d.expiry_date, quantity: q });
      netByLot.set(d.lot_id, left - q);
      need -= q;
    }
    work.push({ line, quantity: r.quantity, take });
    for (const a of take) {
      // The first dispensing of this line from this lot: its move is the one the return reverses.
      const source = mine.find((d) => d.lot_id === a.lotId && d.quantity > 0)!;
      givebacks.push({
        orderLineId: line.id,
        itemId: line.item_id,
        lotId: a.lotId,
        quantity: a.quantity,
        sourceDispensationId: source.dispensation_id,
      });
    }
  }
  const returnedNow = work.reduce((s, w) => s + w.quantity, 0);
  const netLeft = dls.reduce((s, d) => s + d.quantity, 0) - returnedNow;
  return { work, givebacks, status: netLeft === 0 ? 'returned' : 'dispensed' };
}
