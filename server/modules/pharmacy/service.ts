// Pharmacy (药房): the rules of dispensing and taking back. Dispensing allocates each
// line's quantity from this pharmacy's lots first-expiry-first-out, never from an expired
// lot, and refuses (changing nothing) when the stock is not there. A return puts stock back
// into the very lots it came from, newest allocation first, never more than was dispensed.
import type { Db } from '../../../db/connection.js';
import type { Actor } from '../../http/actor.js';
import { DomainError, conflict, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { addDays, ageOn, calendarFor } from '../../../core/calendar.js';
import type { Idempotency, Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { stockOnHandMany } from '../catalog/index.js';
import { enqueuePrints } from '../printing/index.js';
import { businessToday, getInstitutionSettings } from '../settings/index.js';
import { reorderAlerts } from '../inventory-reports/index.js';
import { applyMoves, movesOfRefs, type StockMove } from '../inventory/index.js';
import { isExpired, packs, type Allocation } from './allocate.js';
import { fefoOf, insufficient, planDispense, planReturn, type StockChange } from './plan.js';
import { markDispensed, markReturned, refuseOrder } from '../orders/index.js';
import { dispenseCompleted, dispensePrepared, dispenseReturned, stockChanged } from './events.js';
import * as repo from './repo.js';
import type {
  DispenseResult,
  PrepareResult,
  RefuseBody,
  RefuseResult,
  ReturnBody,
  ReturnResult,
  Rx,
  RxLine,
  StockItem,
  StockQuery,
} from './schema.js';

const ORDER = t('处方', 'Prescription');

/** Why this order cannot be dispensed at this pharmacy now (null: it can). */
function refusal(order: repo.OrderRow, pharmacyId: number): DomainError | null {
  if (order.kind !== 'western' && order.kind !== 'herbal') {
    return conflict(
      'not_a_prescription',
      t('这不是药品处方，药房无需发药', 'This is not a drug prescription; the pharmacy has nothing to dispense'),
    );
  }
  if (order.status === 'cancelled')
    return conflict(
      'order_cancelled',
      t('该处方已作废，不能发药', 'This prescription was cancelled; it cannot be dispensed'),
    );
  if (order.refused_at !== null) {
    return conflict(
      'order_refused',
      t(
        `该处方已被药房拒发（${order.refused_reason ?? ''}），不能发药`,
        `The pharmacy refused this prescription (${order.refused_reason ?? ''}); it cannot be dispensed`,
      ),
    );
  }
  if (order.status === 'draft' || order.status === 'signed') {
    return conflict(
      'not_paid',
      t(
        '该处方尚未缴费，请患者先到收费处缴费',
        'This prescription is not paid yet; send the patient to the cashier first',
      ),
    );
  }
  if (order.status === 'dispensed' || order.status === 'returned') {
    return conflict('already_dispensed', t('该处方已发药，不能重复发药', 'This prescription was already dispensed'));
  }
  if (order.pharmacy_id !== pharmacyId) {
    return conflict(
      'wrong_pharmacy',
      t(
        '该处方不在本药房发药，请患者到开方指定的药房取药',
        'This prescription is dispensed by another pharmacy; send the patient there',
      ),
      'pharmacyId',
    );
  }
  return null;
}

function parseJsonList<T>(json: string, keep: (x: unknown) => x is T): T[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter(keep) : [];
  } catch {
    return [];
  }
}
const isText = (x: unknown): x is string => typeof x === 'string';
const isDiagnosis = (x: unknown): x is { code: string; name: string } =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as { code?: unknown }).code === 'string' &&
  typeof (x as { name?: unknown }).name === 'string';

export function createPharmacyService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'audit'>) {
  const { db, uow, clock } = deps;

  const today = businessToday;

  async function assertPharmacy(q: Db | Trx, id: number, field = 'pharmacyId'): Promise<repo.PharmacyRow> {
    const d = await repo.findDepartment(q, id);
    if (!d) throw notFound(t('药房', 'Pharmacy'), id, field);
    if (d.kind !== 'pharmacy') throw invalid(field, t(`“${d.name}”不是药房`, `"${d.name}" is not a pharmacy`));
    return d;
  }

  /** Prescriptions with their lines, and what was dispensed / returned per line and lot. */
  async function buildRx(q: Db | Trx, orders: repo.OrderRow[], day: string): Promise<Rx[]> {
    const ids = orders.map((o) => o.id);
    const lines = await repo.orderLines(q, ids);
    const dls = await repo.dispenseLinesOf(
      q,
      lines.map((l) => l.id),
    );
    const disps = await repo.dispensationsOf(q, ids);
    const preps = new Map((await repo.preparationsOf(q, ids)).map((p) => [p.order_id, p]));
    return orders.map((o) => {
      const prep = preps.get(o.id);
      const lastDispense = [...disps].reverse().find((d) => d.order_id === o.id && d.kind === 'dispense');
      return {
        orderId: o.id,
        kind: o.kind,
        status: o.status,
        pharmacyId: o.pharmacy_id,
        patient: {
          id: o.patient_id,
          mrn: o.patient_mrn,
          name: o.patient_name,
          sex: o.patient_sex,
          age: ageOn(o.patient_birth_date, day),
        },
        doctorName: o.doctor_name,
        departmentName: o.department_name,
        herbalDoses: o.herbal_doses,
        paidAt: o.paid_at,
        dispensedAt: o.dispensed_at,
        dispensedBy: lastDispense?.pharmacist_name ?? null,
        version: o.version,
        allergies: parseJsonList(o.patient_allergies_json, isText),
        diagnoses: parseJsonList(o.visit_diagnoses_json, isDiagnosis).map((d) => ({ code: d.code, name: d.name })),
        preparation: prep ? { userId: prep.prepared_by, by: prep.prepared_by_name, at: prep.at } : null,
        refusal: o.refused_at !== null ? { reason: o.refused_reason ?? '', at: o.refused_at } : null,
        lines: lines
          .filter((l) => l.order_id === o.id)
          .map((l) =>
            rxLine(
              l,
              dls.filter((d) => d.order_line_id === l.id),
            ),
          ),
      };
    });
  }

  function rxLine(l: repo.LineRow, dls: repo.DispenseLineRow[]): RxLine {
    const net = new Map<number, Allocation>();
    for (const d of dls) {
      const a = net.get(d.lot_id) ?? { lotId: d.lot_id, lotNo: d.lot_no, expiryDate: d.expiry_date, quantity: 0 };
      a.quantity += d.quantity;
      net.set(d.lot_id, a);
    }
    return {
      orderLineId: l.id,
      lineNo: l.line_no,
      itemId: l.item_id,
      code: l.code,
      name: l.name,
      spec: l.spec,
      unit: l.unit,
      packUnit: l.pack_unit,
      packSize: l.pack_size,
      quantity: l.quantity,
      ...packs(l.quantity, l.pack_size),
      dose: l.dose,
      doseUnit: l.dose_unit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      note: l.note,
      dispensed: dls.filter((d) => d.quantity > 0).reduce((s, d) => s + d.quantity, 0),
      returned: -dls.filter((d) => d.quantity < 0).reduce((s, d) => s + d.quantity, 0),
      allocations: [...net.values()].filter((a) => a.quantity > 0),
    };
  }

  /** stock:changed per (item, location), then the below-reorder alerts of the items that crossed their level. */
  async function emitStock(tx: Tx, changes: StockChange[], lines: repo.LineRow[]) {
    for (const c of changes) tx.emit(stockChanged({ itemId: c.itemId, locationId: c.locationId, onHand: c.after }));
    // The lines carry each drug's reorder level: no read for the alert check.
    const known = new Map(lines.map((l) => [l.item_id, { ...l, id: l.item_id }]));
    for (const e of await reorderAlerts(tx.db, changes, known)) tx.emit(e);
  }

  /** 配药/核对: with the setting on, the order was prepared, and by someone else than the dispenser. */
  async function assertTwoPersonCheck(tx: Tx, actor: Actor, orderId: number): Promise<void> {
    if (!(await getInstitutionSettings(tx.db)).pharmacy.twoPersonCheck) return;
    const [prep] = await repo.preparationsOf(tx.db, [orderId]);
    if (!prep) {
      throw conflict(
        'not_prepared',
        t(
          '本院实行配药、核对双人复核：请先由一名药师“配药”，再由另一名药师核对发药',
          'This center checks in two steps: one pharmacist records the preparation (配药) first, then another ' +
            'checks and dispenses',
        ),
      );
    }
    if (prep.prepared_by === actor.userId) {
      throw new DomainError(
        403,
        'same_pharmacist',
        t(
          '配药与核对发药须由两名不同的药师完成：该处方由您配药，请由另一名药师核对发药',
          'Preparing and checking must be done by two different pharmacists: you prepared this prescription, ' +
            'so another pharmacist must check and dispense it',
        ),
      );
    }
  }

  return {
    /** 配药: the first pharmacist of the two-person check records that the drugs are prepared. */
    prepare(actor: Actor, orderId: number, pharmacyId: number, idem?: Idempotency): Promise<PrepareResult> {
      return uow.write(async (tx) => {
        await assertPharmacy(tx.db, pharmacyId);
        if (!(await getInstitutionSettings(tx.db)).pharmacy.twoPersonCheck) {
          throw conflict(
            'two_person_check_off',
            t(
              '本院未开启配药、核对双人复核，直接发药即可',
              'The two-person check (配药/核对) is not turned on; dispense directly',
            ),
          );
        }
        const order = await repo.findOrder(tx.db, orderId);
        if (!order) throw notFound(ORDER, orderId);
        const why = refusal(order, pharmacyId);
        if (why) throw why;
        const [prep] = await repo.preparationsOf(tx.db, [orderId]);
        if (prep)
          throw conflict(
            'already_prepared',
            t(
              `该处方已由${prep.prepared_by_name}配药，请核对发药`,
              `${prep.prepared_by_name} already prepared this prescription; check and dispense it`,
            ),
          );
        await repo.insertPreparation(tx.db, { orderId, pharmacyId, userId: actor.userId, at: tx.now });
        await tx.audit(actor, {
          action: 'pharmacy.prepare',
          entity: 'order',
          entityId: orderId,
          patientId: order.patient_id,
          after: { pharmacyId, preparedBy: actor.userId },
        });
        tx.emit(dispensePrepared({ orderId, patientId: order.patient_id, pharmacyId, preparedBy: actor.staffName }));
        return { orderId, preparedBy: actor.staffName, at: tx.now };
      }, idem);
    },

    /**
     * 拒发: the pharmacist refuses a paid prescription with a reason; it goes back to the doctor and the cashier
     * refunds it.
     */
    refuse(actor: Actor, orderId: number, input: RefuseBody, idem?: Idempotency): Promise<RefuseResult> {
      return uow.write(async (tx) => {
        await assertPharmacy(tx.db, input.pharmacyId);
        const order = await repo.findOrder(tx.db, orderId);
        if (!order) throw notFound(ORDER, orderId);
        // Refused already: the orders command says so (already_refused).
        const why = order.refused_at === null ? refusal(order, input.pharmacyId) : null;
        if (why) throw why;
        await refuseOrder(tx, {
          orderId,
          pharmacyId: input.pharmacyId,
          reason: input.reason,
          userId: actor.userId,
          userName: actor.staffName,
        });
        await tx.audit(actor, {
          action: 'pharmacy.refuse',
          entity: 'order',
          entityId: orderId,
          patientId: order.patient_id,
          before: { status: order.status, refused: false },
          after: { status: order.status, refused: true, reason: input.reason, pharmacyId: input.pharmacyId },
        });
        return { orderId, status: 'refused', reason: input.reason, at: tx.now };
      }, idem);
    },

    async queue(pharmacyId: number) {
      const ph = await assertPharmacy(db, pharmacyId);
      const now = clock.now();
      const settings = await getInstitutionSettings(db);
      const calendar = calendarFor(settings.timeZone);
      const day = calendar.today(now);
      const waiting = await buildRx(db, await repo.paidOrders(db, pharmacyId), day);
      // Today's dispensings: the last 36 hours, kept when their business day is today.
      const recent = (await repo.dispensingsSince(db, pharmacyId, now - 36 * 3_600_000)).filter(
        (d) => calendar.dayOf(d.at) === day,
      );
      const orderIds = [...new Set(recent.map((d) => d.order_id))];
      const byId = new Map((await repo.ordersByIds(db, orderIds)).map((o) => [o.id, o]));
      const dispensedToday = await buildRx(db, orderIds.map((id) => byId.get(id)!).filter(Boolean), day);
      const twoPersonCheck = settings.pharmacy.twoPersonCheck;
      return { pharmacy: { id: ph.id, name: ph.name }, day, waiting, dispensedToday, twoPersonCheck };
    },

    /** The pick list: the lots FEFO would take now, or why it cannot (nothing is written). */
    async pick(actor: Actor, orderId: number, pharmacyId: number) {
      await assertPharmacy(db, pharmacyId);
      const order = await repo.findOrder(db, orderId);
      if (!order) throw notFound(ORDER, orderId);
      const why = refusal(order, pharmacyId);
      if (why) throw why;
      const day = await today(db, clock.now());
      const lines = await repo.orderLines(db, [orderId]);
      const lots = await repo.lotsFefo(
        db,
        pharmacyId,
        lines.map((l) => l.item_id),
      );
      const plan = fefoOf(lines, lots, day);
      const bad = plan.findIndex((p) => p.short > 0);
      await deps.audit.recordPatientRead(actor, order.patient_id, `pharmacy.pick order ${orderId}`);
      return {
        orderId,
        pharmacyId,
        ok: bad < 0,
        message: bad < 0 ? null : insufficient(lines[bad]!, plan[bad]!, bad).text[actor.lang],
        lines: plan.map((p, i) => ({ ...p, name: lines[i]!.name, unit: lines[i]!.unit })),
      };
    },

    dispense(actor: Actor, orderId: number, pharmacyId: number, idem?: Idempotency): Promise<DispenseResult> {
      return uow.write(async (tx) => {
        const ph = await assertPharmacy(tx.db, pharmacyId);
        const order = await repo.findOrder(tx.db, orderId);
        if (!order) throw notFound(ORDER, orderId);
        // Re-checked inside the transaction: a second pharmacist's click waits here and sees the first's result.
        const why = refusal(order, pharmacyId);
        if (why) throw why;
        await assertTwoPersonCheck(tx, actor, orderId);
        const day = await today(tx.db, tx.now);
        const lines = await repo.orderLines(tx.db, [orderId]);
        if (!lines.length) throw conflict('empty_order', t('该处方没有药品', 'This prescription has no lines'));
        const lots = await repo.lotsFefo(
          tx.db,
          pharmacyId,
          lines.map((l) => l.item_id),
        );
        const plan = planDispense({
          order,
          lines,
          lots,
          day,
          pharmacyId,
          pharmacyName: ph.name,
          pharmacistName: actor.staffName,
          at: tx.now,
        });

        const dispensationId = await repo.insertDispensation(tx.db, {
          orderId,
          pharmacyId,
          kind: 'dispense',
          reversesId: null,
          userId: actor.userId,
          at: tx.now,
          reason: null,
        });
        await repo.insertDispenseLines(tx.db, dispensationId, plan.takes);
        const moves: StockMove[] = plan.takes.map((k) => ({
          lotId: k.lotId,
          itemId: k.itemId,
          locationId: pharmacyId,
          delta: -k.quantity,
          reason: 'dispense',
          refType: 'dispensation',
          refId: dispensationId,
          reversesId: null,
          at: tx.now,
          userId: actor.userId,
        }));
        // The guard's twin of the CHECK: a lot never goes negative (refused naming the line).
        await applyMoves(tx.db, moves, (i) => {
          const k = plan.takes[i]!;
          return insufficient(lines[k.line]!, { ...plan.fefo[k.line]!, short: k.quantity }, k.line);
        });
        await markDispensed(tx, orderId, tx.now);

        const ref = { type: 'dispensation', id: dispensationId };
        // The labels, then the slip: one read of the workstation's printers for all of them.
        const job = { workstationId: actor.workstationId, userId: actor.userId, ref };
        const prints = await enqueuePrints(tx, [
          ...plan.labels.map((payload) => ({ ...job, layout: 'drug-label' as const, payload })),
          { ...job, layout: 'rx-slip' as const, payload: plan.slip },
        ]);
        const slipPrint = prints.pop()!;
        const labels = prints.map((p) => p.jobId);

        const result: DispenseResult = {
          orderId,
          dispensationId,
          status: 'dispensed',
          lines: plan.fefo.map((p) => ({ orderLineId: p.orderLineId, itemId: p.itemId, allocations: p.allocations })),
          printJobs: { labels, slip: slipPrint.jobId },
          print: slipPrint,
        };
        await tx.audit(actor, {
          action: 'pharmacy.dispense',
          entity: 'order',
          entityId: orderId,
          patientId: order.patient_id,
          before: { status: order.status },
          after: { status: 'dispensed', dispensationId, pharmacyId, lines: result.lines },
        });
        tx.emit(dispenseCompleted({ orderId, patientId: order.patient_id, pharmacyId }));
        await emitStock(tx, plan.stock, lines);
        return result;
      }, idem);
    },

    returnDrugs(actor: Actor, orderId: number, input: ReturnBody, idem?: Idempotency): Promise<ReturnResult> {
      return uow.write(async (tx) => {
        const order = await repo.findOrder(tx.db, orderId);
        if (!order) throw notFound(ORDER, orderId);
        if (order.status === 'returned')
          throw conflict(
            'already_returned',
            t('该处方的药品已全部退回', 'Everything on this prescription was already returned'),
          );
        if (order.status !== 'dispensed')
          throw conflict(
            'not_dispensed',
            t('该处方尚未发药，无药可退', 'This prescription was not dispensed; there is nothing to take back'),
          );
        const disps = await repo.dispensationsOf(tx.db, [orderId]);
        const original = [...disps].reverse().find((d) => d.kind === 'dispense');
        if (!original)
          throw conflict(
            'not_dispensed',
            t('该处方尚未发药，无药可退', 'This prescription was not dispensed; there is nothing to take back'),
          );
        const pharmacyId = original.pharmacy_id;
        const lines = await repo.orderLines(tx.db, [orderId]);
        const dls = await repo.dispenseLinesOf(
          tx.db,
          lines.map((l) => l.id),
        );
        const day = await today(tx.db, tx.now);
        // Every requested line is checked before anything is written.
        const { work, givebacks, status } = planReturn(input.lines, lines, dls);

        const dispensationId = await repo.insertDispensation(tx.db, {
          orderId,
          pharmacyId,
          kind: 'return',
          reversesId: original.id,
          userId: actor.userId,
          at: tx.now,
          reason: input.reason,
        });
        await repo.insertDispenseLines(
          tx.db,
          dispensationId,
          givebacks.map((g) => ({ ...g, quantity: -g.quantity })),
        );
        // Each move back reverses the dispense move that took this lot's stock out.
        const sources = await movesOfRefs(
          tx.db,
          'dispensation',
          givebacks.map((g) => g.sourceDispensationId),
          'dispense',
        );
        const moveOf = (g: (typeof givebacks)[number]) =>
          sources.find((m) => m.ref_id === g.sourceDispensationId && m.lot_id === g.lotId)?.id ?? null;
        await applyMoves(
          tx.db,
          givebacks.map((g) => ({
            lotId: g.lotId,
            itemId: g.itemId,
            locationId: pharmacyId,
            delta: g.quantity,
            reason: 'dispense_return',
            refType: 'dispensation',
            refId: dispensationId,
            reversesId: moveOf(g),
            at: tx.now,
            userId: actor.userId,
          })),
          () => new Error('a return cannot take a lot below zero'),
        );
        await markReturned(tx, orderId, status, tx.now);

        const result: ReturnResult = {
          orderId,
          dispensationId,
          status,
          lines: work.map((w) => ({ orderLineId: w.line.id, itemId: w.line.item_id, allocations: w.take })),
        };
        await tx.audit(actor, {
          action: 'pharmacy.return',
          entity: 'order',
          entityId: orderId,
          patientId: order.patient_id,
          before: { status: order.status },
          after: { status, dispensationId, reason: input.reason, lines: result.lines },
        });
        tx.emit(
          dispenseReturned({
            orderId,
            patientId: order.patient_id,
            pharmacyId,
            orderLineIds: work.map((w) => w.line.id),
          }),
        );
        const back = new Map<number, number>();
        for (const w of work) back.set(w.line.item_id, (back.get(w.line.item_id) ?? 0) + w.quantity);
        const onHand = await stockOnHandMany(tx.db, [...back.keys()], pharmacyId, day);
        await emitStock(
          tx,
          [...back].map(([itemId, q]) => ({
            itemId,
            locationId: pharmacyId,
            before: onHand.get(itemId)! - q,
            after: onHand.get(itemId)!,
          })),
          lines,
        );
        return result;
      }, idem);
    },

    async stock(pharmacyId: number, q: StockQuery) {
      await assertPharmacy(db, pharmacyId);
      const day = await today(db, clock.now());
      const until = addDays(day, q.nearExpiryDays);
      const rows = await repo.stockLots(db, pharmacyId, q.q || undefined, 200);
      const items = new Map<number, StockItem>();
      for (const r of rows) {
        let it = items.get(r.item_id);
        if (!it) {
          it = {
            itemId: r.item_id,
            code: r.code,
            name: r.name,
            spec: r.spec,
            unit: r.unit,
            packUnit: r.pack_unit,
            packSize: r.pack_size,
            onHand: 0,
            expiredQty: 0,
            lots: [],
          };
          items.set(r.item_id, it);
        }
        const expired = isExpired(r.expiry_date, day);
        if (expired) it.expiredQty += r.qty_on_hand;
        else it.onHand += r.qty_on_hand;
        if (r.qty_on_hand > 0)
          it.lots.push({
            lotId: r.lot_id,
            lotNo: r.lot_no,
            expiryDate: r.expiry_date,
            qty: r.qty_on_hand,
            expired,
            nearExpiry: !expired && r.expiry_date <= until,
          });
      }
      return { pharmacyId, day, nearExpiryBefore: until, items: [...items.values()] };
    },
  };
}

export type PharmacyService = ReturnType<typeof createPharmacyService>;
