// Orders (处方、检查治疗单): drafts, checks, signing, cancelling. Every prescribing rule is
// checked when a draft is saved and again inside the signing transaction; signing prices
// each line once (lineAmountFen) and tells the cashier.
import type { Actor } from '../../http/actor.js';
import { DomainError, conflict, forbidden, notFound, staleVersion } from '../../../core/errors.js';
import { t, type Lang } from '../../../core/i18n.js';
import type { Tx } from '../../lib/uow.js';
import type { Idempotency } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { enqueuePrint, enqueuePrintJob, type PrintOutcome } from '../printing/index.js';
import { businessToday, getInstitutionSettings } from '../settings/index.js';
import { titleLevel } from '../staff/index.js';
import { checkOrder, type DraftOrder, type ItemRow, type Problem } from './checks.js';
import { planOrder, unconfirmedInvoiceCategory, type OrderPlan } from './plan.js';
import { orderCancelled, orderRefused, orderSigned } from './events.js';
import * as lifecycle from './lifecycle.js';
import * as repo from './repo.js';
import type { CancelOrder, CheckResult, CreateOrder, OrderView, SignOrder, UpdateOrder } from './schema.js';
import { FREQUENCIES, ROUTES } from '../../../core/orders-vocabulary.js';

export const ORDER = t('处方', 'Order');
const VISIT = t('就诊', 'Visit');

type Db = ModuleContext['db'];
type Visit = NonNullable<Awaited<ReturnType<typeof repo.visit>>>;

/** The visit is this doctor's and the consultation is open. */
export function assertOwnOpenVisit(actor: Actor, visit: Visit): void {
  if (visit.doctor_staff_id !== actor.staffId) {
    throw forbidden(
      'not_your_visit',
      t('这不是您接诊的患者,不能修改', 'This visit is not yours; you cannot change it'),
    );
  }
  if (visit.status !== 'in_consultation') {
    throw conflict(
      'visit_not_in_consultation',
      t('该就诊不在接诊中(已结束或未开始)', 'This visit is not in consultation (finished or not started)'),
      'visitId',
    );
  }
}

function problemError(problems: Problem[]): DomainError {
  const first = problems[0]!;
  return new DomainError(first.status, first.code, first.text, first.field, {
    problems: problems.map((p) => ({ code: p.code, field: p.field, zh: p.text.zh, en: p.text.en })),
  });
}

function today(db: Db | Tx['db'], now: number): Promise<string> {
  return businessToday(db, now);
}

type Prepared = OrderPlan & { items: Map<number, ItemRow> };

/** Runs every check on a draft and prices its lines (with today's prices): reads, then plans (plan.ts). */
async function prepare(
  db: Db | Tx['db'],
  actor: Actor,
  visit: Visit,
  order: DraftOrder,
  exceptOrderId: number | null,
): Promise<Prepared> {
  const settings = await getInstitutionSettings(db);
  const items = await repo.items(
    db,
    order.lines.map((l) => l.itemId),
  );
  const doctor = await repo.staff(db, actor.staffId);
  const outcome = checkOrder(order, {
    items,
    allergies: await repo.patientAllergies(db, visit.patient_id),
    otherDrugNames: await repo.otherDrugNames(db, visit.id, exceptOrderId),
    settings: settings.prescription,
    titleLevel: doctor ? titleLevel(doctor.title) : 'none',
    mayPrescribeControlled: actor.permissions.has('outpatient.controlled'),
    pharmacyValid: order.pharmacyId !== null && (await repo.isActivePharmacy(db, order.pharmacyId)),
  });
  return { ...planOrder(order, items, outcome), items };
}

/** Signing refuses an item whose invoice category was never saved (plan.ts). */
function assertInvoiceConfirmed(p: Prepared, order: DraftOrder): void {
  const e = unconfirmedInvoiceCategory(order, p.items);
  if (e) throw e;
}

function draftOf(input: CreateOrder | UpdateOrder): DraftOrder {
  return {
    kind: input.kind,
    emergency: input.emergency,
    supplyReason: input.supplyReason,
    allergyOverrideReason: input.allergyOverrideReason,
    herbalDoses: input.kind === 'herbal' ? input.herbalDoses : null,
    pharmacyId: input.kind === 'service' ? null : input.pharmacyId,
    lines: input.lines,
  };
}

export function createOrdersService(m: ModuleContext) {
  const { db, uow, clock } = m;
  /** Inside the caller's transaction when given one (signing from the visit saves and signs in one go). */
  const within = <T>(outer: Tx | undefined, fn: (tx: Tx) => Promise<T>, idem?: Idempotency): Promise<T> =>
    outer ? fn(outer) : uow.write(fn, idem);

  async function viewOf(q: Db | Tx['db'], id: number, now: number): Promise<OrderView> {
    const row = await repo.orderRow(q, id);
    if (!row) throw notFound(ORDER, id);
    const [v] = await repo.views(q, [row], await today(q, now));
    return v!;
  }

  async function loadForWrite(tx: Tx, actor: Actor, id: number) {
    const row = await repo.orderRow(tx.db, id);
    if (!row) throw notFound(ORDER, id);
    if (row.doctor_staff_id !== actor.staffId)
      throw forbidden('not_your_order', t('这不是您开具的处方', 'This order is not yours'));
    return row;
  }

  return {
    vocabulary() {
      return {
        frequencies: FREQUENCIES.map(({ code, zh, en }) => ({ code, zh, en })),
        routes: ROUTES.map(({ code, zh, en }) => ({ code, zh, en })),
      };
    },

    async get(actor: Actor, id: number): Promise<OrderView> {
      const v = await viewOf(db, id, clock.now());
      await m.audit.recordPatientRead(actor, v.patientId, `order ${id}`);
      return v;
    },

    /** Runs the checks without writing: the editor shows each problem beside its line. */
    async check(actor: Actor, input: CreateOrder & { orderId?: number | undefined }, lang: Lang): Promise<CheckResult> {
      const visit = await repo.visit(db, input.visitId);
      if (!visit) throw notFound(VISIT, input.visitId, 'visitId');
      assertOwnOpenVisit(actor, visit);
      const order = draftOf(input);
      const p = await prepare(db, actor, visit, order, input.orderId ?? null);
      const stock = order.pharmacyId
        ? await repo.onHand(
            db,
            order.lines.map((l) => l.itemId),
            order.pharmacyId,
            await today(db, clock.now()),
          )
        : null;
      return {
        problems: p.problems.map((x) => ({ code: x.code, field: x.field, message: x.text[lang] })),
        lines: order.lines.map((l, i) => ({
          itemId: l.itemId,
          quantity: p.quantities[i] ?? null,
          onHand: stock ? (stock.get(l.itemId) ?? 0) : null,
        })),
      };
    },

    create(actor: Actor, input: CreateOrder, idem?: Idempotency, outer?: Tx): Promise<OrderView> {
      return within(
        outer,
        async (tx) => {
          const visit = await repo.visit(tx.db, input.visitId);
          if (!visit) throw notFound(VISIT, input.visitId, 'visitId');
          assertOwnOpenVisit(actor, visit);
          const order = draftOf(input);
          const p = await prepare(tx.db, actor, visit, order, null);
          if (p.problems.length) throw problemError(p.problems);
          const settings = await getInstitutionSettings(tx.db);
          const id = await repo.insertOrder(
            tx.db,
            {
              visitId: visit.id,
              patientId: visit.patient_id,
              doctorStaffId: actor.staffId,
              departmentId: visit.department_id,
              kind: order.kind,
              pharmacyId: order.pharmacyId,
              herbalDoses: order.herbalDoses,
              emergency: order.emergency,
              supplyReason: order.supplyReason,
              allergyOverrideReason: order.allergyOverrideReason,
              validDays: settings.prescription.validDays,
            },
            p.totalFen,
            tx.now,
          );
          await repo.replaceLines(tx.db, id, p.lines);
          const after = await viewOf(tx.db, id, tx.now);
          await tx.audit(actor, {
            action: 'order.create',
            entity: 'order',
            entityId: id,
            patientId: visit.patient_id,
            before: null,
            after,
          });
          return after;
        },
        idem,
      );
    },

    update(actor: Actor, id: number, input: UpdateOrder, outer?: Tx): Promise<OrderView> {
      return within(outer, async (tx) => {
        const row = await loadForWrite(tx, actor, id);
        if (row.status !== 'draft')
          throw conflict('order_not_draft', t('只有草稿处方可以修改', 'Only a draft order can be changed'));
        if (row.version !== input.version) throw staleVersion(ORDER);
        const visit = (await repo.visit(tx.db, row.visit_id))!;
        assertOwnOpenVisit(actor, visit);
        const before = await viewOf(tx.db, id, tx.now);
        const order = draftOf(input);
        const p = await prepare(tx.db, actor, visit, order, id);
        if (p.problems.length) throw problemError(p.problems);
        assertInvoiceConfirmed(p, order);
        await repo.replaceLines(tx.db, id, p.lines);
        await repo.updateDraft(tx.db, id, order, p.totalFen, tx.now);
        const after = await viewOf(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'order.update',
          entity: 'order',
          entityId: id,
          patientId: row.patient_id,
          before,
          after,
        });
        return after;
      });
    },

    sign(actor: Actor, id: number, input: SignOrder, idem?: Idempotency, outer?: Tx): Promise<OrderView> {
      return within(
        outer,
        async (tx) => {
          const row = await loadForWrite(tx, actor, id);
          if (row.status === 'signed' || row.status === 'paid' || row.status === 'dispensed')
            return viewOf(tx.db, id, tx.now);
          if (row.status !== 'draft')
            throw conflict(
              'order_not_draft',
              t('该处方已作废,不能签名', 'This order was cancelled and cannot be signed'),
            );
          if (row.version !== input.version) throw staleVersion(ORDER);
          const visit = (await repo.visit(tx.db, row.visit_id))!;
          assertOwnOpenVisit(actor, visit);
          const diagnoses = JSON.parse(visit.diagnoses_json) as unknown[];
          if (!Array.isArray(diagnoses) || diagnoses.length === 0) {
            throw new DomainError(
              422,
              'diagnosis_required',
              t('签名前请先填写至少一个诊断', 'Add at least one diagnosis before signing'),
              'diagnoses',
            );
          }
          // The draft's lines only (no stock on hand, no business day): the checks below price them.
          const [before] = await repo.views(tx.db, [row], null);
          if (!before) throw notFound(ORDER, id);
          const order: DraftOrder = {
            kind: row.kind,
            emergency: row.emergency === 1,
            supplyReason: row.supply_reason,
            allergyOverrideReason: row.allergy_override_reason,
            herbalDoses: row.herbal_doses,
            pharmacyId: row.pharmacy_id,
            lines: before.lines.map((l) => ({
              itemId: l.itemId,
              dose: l.dose,
              doseUnit: l.doseUnit,
              frequency: l.frequency,
              route: l.route,
              days: l.days,
              quantity: l.quantity,
              note: l.note,
            })),
          };
          const p = await prepare(tx.db, actor, visit, order, id);
          if (p.problems.length) throw problemError(p.problems);
          assertInvoiceConfirmed(p, order);
          const lineIds = await repo.replaceLines(tx.db, id, p.lines);
          await lifecycle.sign(tx, id, p.totalFen, tx.now);
          // The signed order as viewOf would read it back: the draft's view with what signing wrote.
          const stock =
            row.pharmacy_id === null
              ? null
              : await repo.onHand(
                  tx.db,
                  p.lines.map((l) => l.itemId),
                  row.pharmacy_id,
                  await today(tx.db, tx.now),
                );
          const after: OrderView = {
            ...before,
            status: 'signed',
            totalFen: p.totalFen,
            signedAt: tx.now,
            version: row.version + 1,
            lines: repo.writtenLineViews(p.lines, lineIds, p.items, stock),
          };
          const patient = await repo.slipPatient(tx.db, row.patient_id);
          // after.doctorName is the order's doctor, who is this actor (loadForWrite checked it).
          await enqueuePrintJob(tx, {
            workstationId: actor.workstationId,
            layout: 'rx-slip',
            userId: actor.userId,
            ref: { type: 'order', id },
            payload: rxSlip(
              after,
              patient,
              diagnoses,
              after.doctorName || actor.staffName,
              await businessToday(tx.db, tx.now),
            ),
          });
          await tx.audit(actor, {
            action: 'order.sign',
            entity: 'order',
            entityId: id,
            patientId: row.patient_id,
            before: { status: before.status, totalFen: before.totalFen },
            after: { status: after.status, totalFen: after.totalFen },
          });
          tx.emit(
            orderSigned(
              { orderId: id, patientId: row.patient_id, visitId: row.visit_id, totalFen: after.totalFen },
              row.department_id,
            ),
          );
          return after;
        },
        idem,
      );
    },

    cancel(actor: Actor, id: number, input: CancelOrder, idem?: Idempotency): Promise<OrderView> {
      return uow.write(async (tx) => {
        const row = await loadForWrite(tx, actor, id);
        if (row.status === 'cancelled') return viewOf(tx.db, id, tx.now);
        if (row.status !== 'draft' && row.status !== 'signed') {
          throw conflict(
            'order_not_cancellable',
            t('该处方已收费,请先到收费处退费', 'This order has been paid; refund it at the cashier first'),
          );
        }
        await lifecycle.cancel(tx, id, tx.now);
        const after = await viewOf(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'order.cancel',
          entity: 'order',
          entityId: id,
          patientId: row.patient_id,
          before: { status: row.status },
          after: { status: 'cancelled' },
          summary: input.reason ? { reason: input.reason } : {},
        });
        tx.emit(
          orderCancelled(
            { orderId: id, patientId: row.patient_id, visitId: row.visit_id, totalFen: row.total_fen },
            row.department_id,
          ),
        );
        return after;
      }, idem);
    },

    /** Prints the prescription slip again. */
    print(actor: Actor, id: number): Promise<{ printJobId: number; print: PrintOutcome }> {
      return uow.write(async (tx) => {
        const row = await loadForWrite(tx, actor, id);
        if (row.status === 'draft' || row.status === 'cancelled')
          throw conflict('order_not_signed', t('处方签名后才能打印', 'Sign the order before printing it'));
        const v = await viewOf(tx.db, id, tx.now);
        const visit = (await repo.visit(tx.db, row.visit_id))!;
        const patient = await tx.db
          .selectFrom('patients')
          .select(['id', 'mrn', 'name', 'sex', 'birth_date'])
          .where('id', '=', row.patient_id)
          .executeTakeFirstOrThrow();
        const print = await enqueuePrint(tx, {
          workstationId: actor.workstationId,
          layout: 'rx-slip',
          userId: actor.userId,
          ref: { type: 'order', id },
          payload: rxSlip(
            v,
            patient,
            JSON.parse(visit.diagnoses_json) as unknown[],
            v.doctorName,
            await businessToday(tx.db, row.signed_at ?? tx.now),
          ),
        });
        const printJobId = print.jobId;
        await tx.audit(actor, {
          action: 'order.print',
          entity: 'order',
          entityId: id,
          patientId: row.patient_id,
          summary: { printJobId },
        });
        return { printJobId, print };
      });
    },
  };
}

function rxSlip(
  o: OrderView,
  patient: { mrn: string; name: string; sex: string; birth_date: string },
  diagnoses: unknown[],
  doctor: string,
  day: string,
) {
  return {
    orderId: o.id,
    kind: o.kind,
    day,
    patient: { name: patient.name, sex: patient.sex, birthDate: patient.birth_date, mrn: patient.mrn },
    diagnoses,
    herbalDoses: o.herbalDoses,
    lines: o.lines.map((l) => ({
      name: l.name,
      spec: l.spec,
      dose: l.dose,
      doseUnit: l.doseUnit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      quantity: l.quantity,
      unit: l.unit,
      amountFen: l.amountFen,
    })),
    totalFen: o.totalFen,
    doctor,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;

/**
 * 拒发 — the pharmacy's command on a paid prescription (the orders module owns orders.status):
 * records who refused it, when and why, inside the caller's transaction, and tells the doctor's
 * clinic, the cashier and the pharmacy after commit. Only a paid, undispensed drug prescription
 * of that pharmacy that was not refused yet; the caller audits.
 */
export async function refuseOrder(
  tx: Tx,
  input: { orderId: number; pharmacyId: number; reason: string; userId: number; userName: string },
): Promise<{ patientId: number; visitId: number; totalFen: number }> {
  const row = await repo.orderRow(tx.db, input.orderId);
  if (!row) throw notFound(ORDER, input.orderId);
  if (row.kind === 'service')
    throw conflict(
      'not_a_prescription',
      t('这不是药品处方，药房无需处理', 'This is not a drug prescription; the pharmacy has nothing to do with it'),
    );
  if (row.refused_at !== null)
    throw conflict('already_refused', t('该处方已被药房拒发', 'The pharmacy has already refused this prescription'));
  if (row.status === 'draft' || row.status === 'signed')
    throw conflict(
      'not_paid',
      t(
        '该处方尚未缴费，药房无需拒发',
        'This prescription is not paid yet; there is nothing for the pharmacy to refuse',
      ),
    );
  if (row.status === 'cancelled')
    throw conflict('order_cancelled', t('该处方已作废', 'This prescription was cancelled'));
  if (row.status !== 'paid')
    throw conflict(
      'already_dispensed',
      t(
        '该处方已发药，不能拒发；如需退药请用“退药”',
        'This prescription was dispensed and cannot be refused; take the drugs back with a return instead',
      ),
    );
  if (row.pharmacy_id !== input.pharmacyId) {
    throw conflict(
      'wrong_pharmacy',
      t(
        '该处方不在本药房发药，不能拒发',
        'This prescription is dispensed by another pharmacy; it cannot be refused here',
      ),
      'pharmacyId',
    );
  }
  await lifecycle.markRefused(tx, row.id, { userId: input.userId, reason: input.reason }, tx.now);
  tx.emit(
    orderRefused(
      {
        orderId: row.id,
        patientId: row.patient_id,
        visitId: row.visit_id,
        totalFen: row.total_fen,
        pharmacyId: input.pharmacyId,
        reason: input.reason,
        refusedBy: input.userName,
      },
      row.department_id,
    ),
  );
  return { patientId: row.patient_id, visitId: row.visit_id, totalFen: row.total_fen };
}

/** The orders of these visits with their lines (for the visit views of the outpatient module). */
export async function ordersOfVisits(q: Db | Tx['db'], visitIds: number[], day: string | null): Promise<OrderView[]> {
  return repo.views(q, await repo.ordersOfVisits(q, visitIds), day);
}
