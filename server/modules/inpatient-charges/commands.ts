// The charge ledger's commands, in the caller's transaction: postCharges (the only writer of
// stay_charges: a manual charge, the nightly bed fees, next session's order charges), reverseCharge
// (冲账) and the nightly bed run of a ward and day. Each keeps stays' charges_fen through
// stays.addChargeTotal in the same transaction and emits `stay-charge:posted`.
import { DomainError, conflict, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { lineAmountFen } from '../../../core/money.js';
import type { Calendar } from '../../../core/calendar.js';
import type { AuditWho, Tx } from '../../lib/uow.js';
import { calendarOf } from '../settings/index.js';
import { addChargeTotal, stayForWrite, type StayRow } from '../stays/index.js';
import { chargePosted } from './events.js';
import { nightlyBedPlan, reversalOf, reversalRefusal, type NewCharge } from './plan.js';
import * as repo from './repo.js';

export const CHARGE = t('费用明细', 'Charge');

/** A charge to post: the price, name and category come from the catalog at charge time. */
export interface ChargeIn {
  stayId: number;
  chargeDay: string;
  catalogItemId: number;
  /** Smallest units, > 0. */
  quantity: number;
  source: 'bed' | 'manual' | 'order';
  /** Idempotency key within (stay, source), e.g. 'order:<detailId>:<day>'; a key already posted is skipped. */
  sourceKey?: string | null;
  bedId?: number | null;
  reason?: string | null;
  /** Billing department: default the stay's ward. */
  deptId?: number;
  execDeptId?: number | null;
  /** Default the stay's attending doctor. */
  doctorId?: number | null;
  emergency?: boolean;
}

const NAMES: Record<StayRow['state'], ReturnType<typeof t>> = {
  pending: t('待入', 'waiting for a bed'),
  in_ward: t('在院', 'in the ward'),
  transferring: t('待转入', 'being transferred'),
  pre_discharge: t('预出院', 'pre-discharged'),
  discharged: t('已出院', 'discharged'),
  cancelled: t('已作废', 'cancelled'),
};

function closed(stay: StayRow, what: 'charge' | 'reverse'): DomainError {
  const s = NAMES[stay.state];
  return conflict(
    'stay_closed',
    what === 'charge'
      ? t(`住院号 ${stay.stay_no} ${s.zh},不能记账`, `Stay ${stay.stay_no} is ${s.en}: it takes no charge`)
      : t(`住院号 ${stay.stay_no} ${s.zh},不能冲账`, `Stay ${stay.stay_no} is ${s.en}: no reversal`),
    'stayId',
  );
}

/**
 * Whether `stay` takes a new charge dated `day` (INPATIENT.md §0, §11.3–4): 待入/在院/待转入 within
 * [admission day, today]; 预出院 only a missed charge dated before its discharge day; none once 出院 or
 * 作废. Throws a DomainError naming `field`.
 */
export function assertChargeable(stay: StayRow, day: string, today: string, cal: Calendar, field = 'day'): void {
  const admitted = cal.dayOf(stay.admitted_at);
  if (stay.state === 'discharged' || stay.state === 'cancelled') throw closed(stay, 'charge');
  if (day > today)
    throw new DomainError(
      422,
      'invalid',
      t(`记账日期 ${day} 不能晚于今天`, `The charge day ${day} is in the future`),
      field,
    );
  if (day < admitted)
    throw new DomainError(
      422,
      'invalid',
      t(`记账日期 ${day} 早于入院日期 ${admitted}`, `The charge day ${day} is before admission (${admitted})`),
      field,
    );
  if (stay.state === 'pre_discharge') {
    const discharged = stay.discharged_at === null ? null : cal.dayOf(stay.discharged_at);
    if (discharged === null || day >= discharged)
      throw conflict(
        'stay_pre_discharge',
        t(
          `住院号 ${stay.stay_no} 已预出院,只能补记出院日(${discharged ?? '—'})之前的费用或冲账`,
          `Stay ${stay.stay_no} is pre-discharged: only charges dated before the discharge day ` +
            `(${discharged ?? '—'}) or reversals`,
        ),
        field,
      );
  }
}

/** Inserts rows of one stay, keeps its total, emits the event; returns the rows as shown. */
async function writeRows(
  tx: Tx,
  stay: StayRow,
  rows: NewCharge[],
  who: AuditWho,
  cause: 'manual' | 'reversal' | 'nightly' | 'order',
): Promise<repo.ChargeRow[]> {
  if (!rows.length) return [];
  const ids = await repo.insertCharges(tx.db, rows, who.userId, tx.now);
  const total = rows.reduce((s, r) => s + r.amountFen, 0);
  await addChargeTotal(tx, stay.id, total);
  const written = await repo.chargesByIds(tx.db, ids);
  tx.emit(chargePosted({ stayId: stay.id, wardId: stay.ward_id, cause, rows: written, totalFen: total }));
  return written;
}

/**
 * Posts charges (any stays): each row is checked against its stay's state and dates, priced from the
 * catalog now (an inactive item, or one whose 发票归类 is not confirmed, is refused), a row whose
 * (source, sourceKey) is already posted is skipped (idempotent), stays' charges_fen is kept and
 * `stay-charge:posted` emitted per stay. Returns the rows written. Audit is the caller's.
 */
export async function postCharges(
  tx: Tx,
  rows: ChargeIn[],
  who: AuditWho,
  cause: 'manual' | 'nightly' | 'order' = 'order',
): Promise<repo.ChargeRow[]> {
  const cal = await calendarOf(tx.db);
  const today = cal.today(tx.now);
  const byStay = new Map<number, NewCharge[]>();
  const stays = new Map<number, StayRow>();
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const stay = stays.get(r.stayId) ?? (await stayForWrite(tx, r.stayId));
    stays.set(stay.id, stay);
    assertChargeable(stay, r.chargeDay, today, cal, rows.length > 1 ? `rows.${i}.chargeDay` : 'day');
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0)
      throw new DomainError(
        422,
        'invalid',
        t('数量必须是正整数', 'The quantity must be a positive whole number'),
        'quantity',
      );
    const item = await repo.catalogItem(tx.db, r.catalogItemId);
    if (!item) throw notFound(t('收费项目', 'Item'), r.catalogItemId, 'itemId');
    if (item.active !== 1 || item.invoice_confirmed !== 1)
      throw new DomainError(
        422,
        'item_not_chargeable',
        item.active !== 1
          ? t(`“${item.name}”已停用,不能记账`, `"${item.name}" is deactivated and cannot be charged`)
          : t(`“${item.name}”的发票归类尚未确认,不能记账`, `"${item.name}" has no confirmed invoice category yet`),
        'itemId',
      );
    const key = r.sourceKey ?? null;
    if (key !== null) {
      const k = `${stay.id}|${r.source}|${key}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if ((await repo.existingSourceKeys(tx.db, stay.id, r.source, [key])).size) continue;
    }
    const list = byStay.get(stay.id) ?? [];
    list.push({
      stayId: stay.id,
      chargeDay: r.chargeDay,
      catalogItemId: item.id,
      itemName: item.name,
      itemSpec: item.spec,
      itemUnit: item.unit,
      packSize: item.pack_size,
      chargeCategory: item.charge_category,
      quantity: r.quantity,
      unitPriceFen: item.price_fen,
      amountFen: lineAmountFen(r.quantity, item.price_fen, item.pack_size),
      source: r.source,
      sourceKey: key,
      bedId: r.bedId ?? null,
      reversesId: null,
      reason: r.reason ?? null,
      deptId: r.deptId ?? stay.ward_id,
      execDeptId: r.execDeptId === undefined ? stay.ward_id : r.execDeptId,
      doctorId: r.doctorId === undefined ? stay.attending_doctor_id : r.doctorId,
      emergency: r.emergency ? 1 : 0,
    });
    byStay.set(stay.id, list);
  }
  const out: repo.ChargeRow[] = [];
  for (const [stayId, list] of byStay) out.push(...(await writeRows(tx, stays.get(stayId)!, list, who, cause)));
  return out;
}

/**
 * 冲账: a reversal row of `chargeId` (negative quantity and amount, same day and category). Refused: an
 * unknown row (404), a row of another stay (404), a reversal row or one reversed already (409
 * `already_reversed`), a settled row (409 `charge_settled`), a stay 出院/作废 (409 `stay_closed`).
 */
export async function reverseCharge(
  tx: Tx,
  stayId: number,
  chargeId: number,
  reason: string,
  who: AuditWho,
): Promise<repo.ChargeRow> {
  const stay = await stayForWrite(tx, stayId);
  const row = await repo.chargeById(tx.db, chargeId);
  if (!row || row.stayId !== stayId) throw notFound(CHARGE, chargeId, 'chargeId');
  if (stay.state === 'discharged' || stay.state === 'cancelled') throw closed(stay, 'reverse');
  const refusal = reversalRefusal(row);
  if (refusal === 'settled')
    throw conflict(
      'charge_settled',
      t('该费用已结算,不能冲账', 'This charge is settled and cannot be reversed'),
      'chargeId',
    );
  if (refusal === 'is_reversal' || row.reversedById !== null)
    throw conflict(
      'already_reversed',
      refusal === 'is_reversal'
        ? t('这是一条冲账记录,不能再冲', 'This row is itself a reversal')
        : t('该费用已冲账', 'This charge has already been reversed'),
      'chargeId',
    );
  const [written] = await writeRows(
    tx,
    stay,
    [reversalOf({ ...row, emergency: row.emergency ? 1 : 0 }, reason)],
    who,
    'reversal',
  );
  return written!;
}

export interface NightlyOutcome {
  wardId: number;
  day: string;
  rows: number;
  amountFen: number;
  stays: number;
}

/**
 * The nightly bed fees of `day` for one ward (or every ward: wardId null): the plan over the beds held
 * now and their items at today's catalog prices, minus what is already charged (idempotent), posted
 * per stay; one stay_charge_runs row per ward. A stay whose state no longer takes the day's charge is
 * left out (the plan), never refused.
 */
export async function runNightly(
  tx: Tx,
  wardIds: number[],
  day: string,
  trigger: 'job' | 'manual',
  who: AuditWho,
): Promise<NightlyOutcome[]> {
  const cal = await calendarOf(tx.db);
  const out: NightlyOutcome[] = [];
  for (const wardId of wardIds) {
    const held = await repo.heldBeds(tx.db, wardId, (at) => cal.dayOf(at));
    const items = await repo.bedItems(
      tx.db,
      held.map((h) => h.bedId),
    );
    const existing = await repo.existingKeys(tx.db, [...new Set(held.map((h) => h.stayId))], `bed:${day}:`);
    const plan = nightlyBedPlan(day, held, items, existing);
    const byStay = new Map<number, NewCharge[]>();
    for (const r of plan) byStay.set(r.stayId, [...(byStay.get(r.stayId) ?? []), r]);
    let amountFen = 0;
    let rows = 0;
    for (const [stayId, list] of byStay) {
      const stay = await stayForWrite(tx, stayId);
      await writeRows(tx, stay, list, who, 'nightly');
      amountFen += list.reduce((s, r) => s + r.amountFen, 0);
      rows += list.length;
    }
    await repo.insertRun(tx.db, { wardId, day, trigger, rows, amountFen }, who.userId, tx.now);
    out.push({ wardId, day, rows, amountFen, stays: byStay.size });
  }
  return out;
}
