// Registration (挂号): a patient, a clinic and (optionally) a rostered doctor, with or without
// the clinic's fee, cash or insured. One transaction makes the visit, the registration, the
// queue entry (number per clinic per day from a sequence) and the queue-ticket print job, and
// charges the fee through billing's ledger. Cancelling (退号) is allowed until the patient is
// called; a paid fee is refunded by a reversing bill.
import type { Actor } from '../../http/actor.js';
import { conflict, DomainError, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import { nextSequence } from '../../lib/sequences.js';
import { QUEUE_EVENTS } from '../../../core/contract.js';
import { recordCharge, recordRefund, type PaymentInput } from '../billing/index.js';
import { hasNumbers } from '../billing/index.js';
import type { ModuleContext } from '../context.js';
import { enqueuePrint } from '../printing/index.js';
import { businessDay } from '../../lib/clock.js';
import { cancelVisit, openVisit, visitStatus } from '../outpatient/index.js';
import * as queue from '../queue/index.js';
import { isRostered } from '../roster/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { registrationEvent } from './events.js';
import * as repo from './repo.js';
import type {
  CancelRegistration,
  CreateRegistration,
  RegistrationCancelled,
  RegistrationCreated,
  RegistrationList,
  RegistrationQuery,
  RegistrationView,
} from './schema.js';

export const REGISTRATION = t('挂号', 'Registration');

const bad = (field: string, zh: string, en: string, code = 'invalid') => new DomainError(422, code, t(zh, en), field);

/** The queue number as printed: prefix + at least 3 digits (A012). */
export function queueLabel(prefix: string, no: number): string {
  return prefix + String(no).padStart(3, '0');
}

/** The payment for a fee, checked with the registration's own field names. */
function paymentFor(feeFen: number, p: CreateRegistration['payment']): { payment: PaymentInput; changeFen: number } {
  if (!p) throw bad('payment', '请选择挂号费的支付方式', 'Choose how the registration fee is paid');
  if (p.method === 'cash') {
    if (p.reference) throw bad('payment.reference', '现金支付不需要交易号', 'A cash payment has no reference');
    const tendered = p.tenderedFen ?? feeFen;
    if (tendered < feeFen) {
      throw bad(
        'payment.tenderedFen',
        `实收 ${formatYuan(tendered)} 元少于挂号费 ${formatYuan(feeFen)} 元`,
        `Tendered ${formatYuan(tendered)} is less than the fee ${formatYuan(feeFen)}`,
      );
    }
    return {
      payment: { method: 'cash', amountFen: feeFen, tenderedFen: tendered, changeFen: tendered - feeFen },
      changeFen: tendered - feeFen,
    };
  }
  if (p.tenderedFen !== undefined)
    throw bad('payment.tenderedFen', '只有现金支付才有实收金额', 'Only a cash payment has a tendered amount');
  if ((p.method === 'wechat' || p.method === 'alipay') && !p.reference) {
    throw bad(
      'payment.reference',
      '微信、支付宝支付必须填写交易单号',
      'A WeChat or Alipay payment needs its transaction reference',
    );
  }
  return { payment: { method: p.method, amountFen: feeFen, reference: p.reference ?? null }, changeFen: 0 };
}

export function createRegistrationService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'audit'>) {
  const { db, uow, clock, audit } = deps;

  return {
    async list(q: RegistrationQuery): Promise<RegistrationList> {
      const day = q.day ?? (await queue.today(db, clock));
      const rows = await repo.listDay(db, day, { ...q, limit: q.limit + 1 });
      const items = rows.slice(0, q.limit);
      return { day, items, next: rows.length > q.limit ? items[items.length - 1]!.id : null };
    },

    /** One registration: it names the patient, so the read is audited (patient.read). */
    async get(actor: Actor, id: number): Promise<RegistrationView> {
      const r = await repo.findById(db, id);
      if (!r) throw notFound(REGISTRATION, id);
      await audit.recordPatientRead(actor, r.patientId, `registration ${id}`);
      return r;
    },

    register(
      actor: Actor,
      input: CreateRegistration,
      idem?: Parameters<typeof uow.write>[1],
    ): Promise<RegistrationCreated> {
      return uow.write(async (tx) => {
        const settings = await getInstitutionSettings(tx.db);
        const day = businessDay(tx.now, settings.timeZone);
        const patient = await repo.findPatient(tx.db, input.patientId);
        if (!patient) throw notFound(t('患者', 'Patient'), input.patientId, 'patientId');
        const clinic = await repo.findClinic(tx.db, input.departmentId);
        if (!clinic) throw notFound(t('科室', 'Department'), input.departmentId, 'departmentId');
        if (clinic.kind !== 'clinic')
          throw bad(
            'departmentId',
            `“${clinic.name}”不是门诊科室,不能挂号`,
            `"${clinic.name}" is not an outpatient clinic`,
            'not_a_clinic',
          );
        if (!clinic.active)
          throw bad('departmentId', `“${clinic.name}”已停用`, `"${clinic.name}" is inactive`, 'inactive');
        if (clinic.configured === null || !clinic.queue_prefix) {
          throw bad(
            'departmentId',
            `“${clinic.name}”尚未设置挂号(号段前缀、挂号费),请联系管理员`,
            `"${clinic.name}" has no registration settings yet (queue prefix, fee); ask an administrator`,
            'clinic_not_configured',
          );
        }
        let doctorName: string | null = null;
        const doctorId = input.doctorStaffId ?? null;
        if (doctorId !== null) {
          const doc = await repo.findStaff(tx.db, doctorId);
          if (!doc) throw notFound(t('医生', 'Doctor'), doctorId, 'doctorStaffId');
          if (!doc.active || !(await isRostered(tx.db, day, clinic.id, doctorId))) {
            throw bad(
              'doctorStaffId',
              `${doc.name}今天不在“${clinic.name}”出诊`,
              `${doc.name} is not on today's roster of "${clinic.name}"`,
              'not_rostered',
            );
          }
          doctorName = doc.name;
        }
        const feeFen = input.waiveFee ? 0 : (clinic.registration_fee_fen ?? 0);
        if (input.feeFen !== undefined && input.feeFen !== feeFen) {
          throw conflict(
            'fee_changed',
            t(
              `“${clinic.name}”的挂号费已改为 ${formatYuan(feeFen)} 元,请核对后重试`,
              `The registration fee of "${clinic.name}" is now ${formatYuan(feeFen)}; check and try again`,
            ),
            'feeFen',
          );
        }
        const pay = feeFen > 0 ? paymentFor(feeFen, input.payment) : null;
        if (feeFen > 0 && clinic.fee_item_id === null) {
          throw bad(
            'departmentId',
            `“${clinic.name}”的挂号费没有对应的收费项目,请联系管理员`,
            `"${clinic.name}" has a fee but no catalog item to charge it as; ask an administrator`,
            'clinic_not_configured',
          );
        }
        const open = await repo.openRegistration(tx.db, patient.id, clinic.id, day);
        if (open) {
          throw conflict(
            'already_registered',
            t(
              `${patient.name}今天已在“${clinic.name}”挂号(${open.queue_label}),尚未就诊完毕`,
              `${patient.name} is already registered at "${clinic.name}" today (${open.queue_label})`,
            ),
            'patientId',
          );
        }

        const queueNo = await nextSequence(tx.db, `queue:${day}:${clinic.id}`);
        const label = queueLabel(clinic.queue_prefix, queueNo);
        const { waiting: ahead, nextPosition: position } = await queue.lineStats(tx.db, clinic.id, day);
        const room = await queue.roomFor(tx.db, clinic.id, day, doctorId, clinic.room);
        const visitId = await openVisit(
          tx.db,
          { patientId: patient.id, departmentId: clinic.id, doctorStaffId: doctorId, day, payer: input.payer },
          tx.now,
        );
        const id = await repo.insertRegistration(
          tx.db,
          {
            visitId,
            patientId: patient.id,
            departmentId: clinic.id,
            doctorStaffId: doctorId,
            day,
            queueNo,
            label,
            feeFen,
            userId: actor.userId,
          },
          tx.now,
        );
        const entryId = await queue.enqueue(
          tx.db,
          { visitId, departmentId: clinic.id, doctorStaffId: doctorId, day, queueNo, label, room, position },
          tx.now,
        );
        let billId: number | null = null;
        let invoiceNo: string | null = null;
        if (pay) {
          const charge = await recordCharge(tx, {
            patientId: patient.id,
            visitId,
            payer: input.payer,
            cashierUserId: actor.userId,
            lines: [
              {
                itemId: clinic.fee_item_id!,
                quantity: 1,
                unitPriceFen: feeFen,
                amountFen: feeFen,
                chargeCategory: clinic.charge_category ?? '13',
                registrationId: id,
              },
            ],
            payments: [pay.payment],
            // The fee's invoice number comes from the registrar's invoice book like any bill;
            // a registrar without a book registers anyway and the cashier issues it later (打印发票).
            invoice: await hasNumbers(tx.db, actor.userId),
          });
          billId = charge.billId;
          invoiceNo = charge.invoiceNo;
          await repo.setBill(tx.db, id, billId);
        }
        const ticket = {
          number: label,
          clinic: clinic.name,
          room,
          doctor: doctorName,
          time: tx.now,
          ahead,
          patient: queue.maskName(patient.name),
          feeFen,
          changeFen: pay?.changeFen ?? 0,
          institution: settings.name,
          registrationId: id,
          day,
        };
        const print = await enqueuePrint(tx, {
          workstationId: actor.workstationId,
          layout: 'queue-ticket',
          payload: ticket,
          ref: { type: 'registration', id },
          userId: actor.userId,
        });
        const printJobId = print.jobId;
        const registration = repo.viewOf({
          id,
          visitId,
          patientId: patient.id,
          patientName: patient.name,
          mrn: patient.mrn,
          departmentId: clinic.id,
          departmentName: clinic.name,
          doctorStaffId: doctorId,
          doctorName,
          day,
          queueNo,
          queueLabel: label,
          queueEntryId: entryId,
          payer: input.payer,
          feeFen,
          billId,
          createdAt: tx.now,
        });
        await tx.audit(actor, {
          action: 'registration.create',
          entity: 'registration',
          entityId: id,
          patientId: patient.id,
          before: null,
          after: {
            visitId,
            departmentId: clinic.id,
            doctorStaffId: doctorId,
            queueLabel: label,
            feeFen,
            billId,
            payer: input.payer,
            method: input.payment?.method ?? null,
          },
        });
        tx.emit(
          registrationEvent(QUEUE_EVENTS.registrationCreated, {
            registrationId: id,
            departmentId: clinic.id,
            visitId,
            queueLabel: label,
            status: 'active',
            queueEntryId: entryId,
            cancelledAt: null,
          }),
        );
        await queue.emitEntry(tx, {
          id: entryId,
          departmentId: clinic.id,
          label,
          maskedName: ticket.patient,
          room,
          status: 'waiting',
          callCount: 0,
          visitId,
          queueNo,
          position,
          doctorStaffId: doctorId,
          doctorName,
          calledByStaffId: null,
          calledByName: null,
        });
        return { registration, visitId, queueLabel: label, printJobId, print, ticket, invoiceNo };
      }, idem);
    },

    cancel(
      actor: Actor,
      id: number,
      input: CancelRegistration,
      idem?: Parameters<typeof uow.write>[1],
    ): Promise<RegistrationCancelled> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(REGISTRATION, id);
        if (before.status === 'cancelled')
          throw conflict(
            'already_cancelled',
            t(`${before.queueLabel} 号已经退号`, `Ticket ${before.queueLabel} is already cancelled`),
          );
        const visit = await visitStatus(tx.db, before.visitId);
        if (
          (before.queueStatus !== null && before.queueStatus !== 'waiting' && before.queueStatus !== 'passed') ||
          visit.status !== 'waiting'
        ) {
          throw conflict(
            'already_called',
            t(
              `${before.patientName}已被叫号或已就诊,不能退号`,
              `${before.patientName} has already been called or seen; the registration cannot be cancelled`,
            ),
          );
        }
        let refundBillId: number | null = null;
        let refundFen = 0;
        if (before.billId !== null) {
          const line = await repo.feeLine(tx.db, before.billId, id);
          if (line) {
            const refund = await recordRefund(tx, {
              originalBillId: before.billId,
              lines: [{ billLineId: line.id, quantity: line.quantity }],
              userId: actor.userId,
              reason: input.reason ?? t('退号', 'Registration cancelled').zh,
            });
            refundBillId = refund.billId;
            refundFen = -refund.totalFen;
          }
        }
        await repo.markCancelled(tx.db, id, actor.userId, tx.now);
        await cancelVisit(tx.db, before.visitId, tx.now);
        await queue.cancelQueueEntry(tx.db, before.visitId, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'registration.cancel',
          entity: 'registration',
          entityId: id,
          patientId: before.patientId,
          before: { status: before.status, queueStatus: before.queueStatus },
          after: {
            status: after.status,
            queueStatus: after.queueStatus,
            refundBillId,
            refundFen,
            reason: input.reason ?? null,
          },
        });
        tx.emit(
          registrationEvent(QUEUE_EVENTS.registrationCancelled, {
            registrationId: id,
            departmentId: after.departmentId,
            visitId: after.visitId,
            queueLabel: after.queueLabel,
            status: after.status,
            queueEntryId: after.queueEntryId,
            cancelledAt: after.cancelledAt,
          }),
        );
        if (after.queueEntryId !== null)
          await queue.emitEntry(tx, (await queue.queueEntry(tx.db, after.queueEntryId))!);
        return { registration: after, refundBillId, refundFen };
      }, idem);
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
