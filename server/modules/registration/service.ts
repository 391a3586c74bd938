// Registration (挂号): a patient, a clinic and (optionally) a rostered doctor, with or without
// the clinic's fee, cash or insured. One transaction makes the visit, the registration, the
// queue entry (number per clinic per day from a sequence) and the queue-ticket print job, and
// charges the fee through billing's ledger. Cancelling (退号) is allowed until the patient is
// called; a paid fee is refunded by a reversing bill.
import type { Actor } from '../../http/actor.js';
import { notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { nextSequence } from '../../lib/sequences.js';
import { QUEUE_EVENTS } from '../../../core/contract.js';
import { recordCharge, recordRefund } from '../billing/index.js';
import type { ModuleContext } from '../context.js';
import { enqueuePrint } from '../printing/index.js';
import { dayOf } from '../../../core/calendar.js';
import { cancelVisit, openVisit } from '../outpatient/index.js';
import * as queue from '../queue/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { assertInsuredLookup } from '../insurance-settlement/index.js';
import { registrationEvent } from './events.js';
import { cancelledView, checkCancel, planRegistration, queueLabel } from './plan.js';
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

export { queueLabel };

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

    /**
     * `opts.withoutLookup`: only the demo's past days (history seed) register insured visits without
     * the desk's 1101 look-up; every request through the API must carry it (insuranceLookupId).
     */
    register(
      actor: Actor,
      input: CreateRegistration,
      idem?: Parameters<typeof uow.write>[1],
      opts: { withoutLookup?: boolean } = {},
    ): Promise<RegistrationCreated> {
      return uow.write(async (tx) => {
        const settings = await getInstitutionSettings(tx.db);
        const day = dayOf(tx.now, settings.timeZone);
        // Read what the rules need, decide (pure), then write.
        const plan = planRegistration(input, {
          patient: await repo.findPatient(tx.db, input.patientId),
          clinic: await repo.findClinic(tx.db, input.departmentId),
          doctor:
            input.doctorStaffId != null
              ? await repo.findDoctor(tx.db, input.doctorStaffId, day, input.departmentId)
              : undefined,
          open: await repo.openRegistration(tx.db, input.patientId, input.departmentId, day),
        });
        const { patient, clinic, doctorId, doctorName, room, feeFen, pay } = plan;
        if (input.payer === 'insured' && !opts.withoutLookup)
          await assertInsuredLookup(tx.db, {
            patientId: patient.id,
            lookupId: input.insuranceLookupId,
            now: tx.now,
            validHours: settings.insurance.lookupValidHours,
          });

        const queueNo = await nextSequence(tx.db, `queue:${day}:${clinic.id}`);
        const label = queueLabel(clinic.prefix, queueNo);
        const { waiting: ahead, passed, nextPosition: position } = await queue.lineStats(tx.db, clinic.id, day);
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
                itemId: clinic.feeItemId!,
                quantity: 1,
                unitPriceFen: feeFen,
                amountFen: feeFen,
                chargeCategory: clinic.chargeCategory,
                registrationId: id,
              },
            ],
            payments: [pay.payment],
            // The fee's invoice number comes from the registrar's invoice book like any bill;
            // a registrar without a book registers anyway and the cashier issues it later (打印发票).
            invoice: 'if-any',
            // Read and written just above: the patient, the new registration, the visit's clinic.
            known: { patient: true, newRegistrations: true, visitDepartmentId: clinic.id },
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
        await queue.emitEntry(
          tx,
          {
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
            version: 1,
          },
          QUEUE_EVENTS.changed,
          // The line as counted before this entry joined it (waiting or passed), plus this one.
          { day, waiting: ahead + passed + 1 },
        );
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
        const found = await repo.findWithVisit(tx.db, id);
        if (!found) throw notFound(REGISTRATION, id);
        const before = found.view;
        checkCancel(before, found.visitStatus);
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
        const after = cancelledView(before, tx.now);
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
