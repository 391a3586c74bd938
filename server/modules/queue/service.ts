// Queue (候诊队列): doctors call the next patient, recall (重呼), pass (过号), requeue and
// start the consultation. uow.write serialises writes and every rule re-checks the entry's
// state inside the transaction, so two doctors calling at once get distinct patients and a
// doctor acting on an entry someone else called gets 409 already_called.
import type { Actor } from '../../http/actor.js';
import { conflict, DomainError, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { AuditWho, Tx } from '../../lib/uow.js';
import { QUEUE_EVENTS } from '../../../core/contract.js';
import type { ModuleContext } from '../context.js';
import { startConsultation, visitStatus } from '../outpatient/index.js';
import { lineOfEntry, queueEvent, queueRooms, type QueueEventName } from './events.js';
import { today } from './day.js';
import * as repo from './repo.js';
import { afterUpdate, type EntryUpdate } from './rules.js';
import type { QueueEntryView, QueueList, QueueQuery } from './schema.js';

export const QUEUE_ENTRY = t('候诊记录', 'Queue entry');

type TicketFields = Pick<
  QueueEntryView,
  | 'id'
  | 'departmentId'
  | 'label'
  | 'maskedName'
  | 'room'
  | 'status'
  | 'callCount'
  | 'visitId'
  | 'queueNo'
  | 'position'
  | 'doctorStaffId'
  | 'doctorName'
  | 'calledByStaffId'
  | 'calledByName'
  | 'version'
>;

/** Publishes an entry's change to its clinic, the displays showing it and the registration desk. */
export async function emitEntry(
  tx: Tx,
  e: TicketFields,
  name: QueueEventName = QUEUE_EVENTS.changed,
  /** The entry's day and its line's waiting-or-passed count, when the caller counted them in this transaction. */
  known?: { day: string; waiting: number },
): Promise<void> {
  const roomList = await queueRooms(tx.db, e.departmentId);
  const line = known ?? (await lineOfEntry(tx.db, e.id));
  tx.emit(
    queueEvent(name, roomList, {
      entryId: e.id,
      departmentId: e.departmentId,
      label: e.label,
      maskedName: e.maskedName,
      room: e.room,
      status: e.status,
      callCount: e.callCount,
      visitId: e.visitId,
      queueNo: e.queueNo,
      position: e.position,
      doctorStaffId: e.doctorStaffId,
      doctorName: e.doctorName,
      calledByStaffId: e.calledByStaffId,
      calledByName: e.calledByName,
      version: e.version,
      day: line.day,
      waiting: line.waiting,
    }),
  );
}

/** What one action writes and the event it publishes. */
interface Planned {
  name: QueueEventName;
  update: EntryUpdate;
}

const brief = (e: QueueEntryView) => ({
  status: e.status,
  callCount: e.callCount,
  calledByStaffId: e.calledByStaffId,
  room: e.room,
  position: e.position,
});

/** Waiting entries of the clinic registered to other doctors, grouped by doctor (for "who waits for whom"). */
export interface WaitingForOthers {
  doctorStaffId: number;
  doctorName: string;
  // Masked names only: the doctor's own queue list (GET /api/queue) carries the full names.
  entries: Array<{ id: number; label: string; maskedName: string }>;
}

function waitingForOthers(items: QueueEntryView[], staffId: number): WaitingForOthers[] {
  const groups = new Map<number, WaitingForOthers>();
  for (const e of items) {
    if (e.status !== 'waiting' || e.doctorStaffId === null || e.doctorStaffId === staffId) continue;
    let g = groups.get(e.doctorStaffId);
    if (!g)
      groups.set(
        e.doctorStaffId,
        (g = { doctorStaffId: e.doctorStaffId, doctorName: e.doctorName ?? '', entries: [] }),
      );
    g.entries.push({ id: e.id, label: e.label, maskedName: e.maskedName });
  }
  return [...groups.values()];
}

/** 叫下一位 found nobody for this doctor: say who waits for whom (with the list in details). */
function nobodyForYou(others: WaitingForOthers[]): DomainError {
  if (!others.length)
    return conflict('queue_empty', t('本诊室没有候诊的患者', 'Nobody is waiting in this clinic'), 'departmentId');
  const zh = others.map((g) => `${g.entries.length} 位在等 ${g.doctorName}`).join('、');
  const en = others.map((g) => `${g.entries.length} for ${g.doctorName}`).join(', ');
  return new DomainError(
    409,
    'queue_empty',
    t(
      `没有您的候诊患者;本诊室还有 ${zh}(如需由您接诊,请在列表中点“转我接诊”)`,
      `Nobody is waiting for you; in this ` +
        (`clinic ${en} ${others.reduce((n, g) => n + g.entries.length, 0) === 1 ? 'is' : 'are'} waiting (to see ` +
          `one yourself, use "Take over" in the list)`),
    ),
    'departmentId',
    { waiting: others },
  );
}

/** Calling or starting a ticket registered to another doctor needs the explicit take-over. */
function assignedToOther(e: QueueEntryView): DomainError {
  const who = e.doctorName ?? '';
  return conflict(
    'assigned_to_other',
    t(
      `${e.label} 号挂的是 ${who} 的号;如需由您接诊,请点“转我接诊”`,
      `Ticket ${e.label} is registered to ${who}; to see this patient yourself, use "Take over"`,
    ),
    'doctorStaffId',
  );
}

/**
 * For the doctor's finish-visit transaction: marks the visit's queue entry done (if it has
 * one that is not already done or cancelled), audits and publishes it. Returns the entry.
 */
export async function finishQueueEntry(tx: Tx, visitId: number, who?: AuditWho): Promise<QueueEntryView | null> {
  const before = await repo.findByVisit(tx.db, visitId);
  if (!before || before.status === 'done' || before.status === 'cancelled') return before ?? null;
  const update: EntryUpdate = { status: 'done' };
  await repo.update(tx.db, before.id, update, tx.now);
  const after = afterUpdate(before, update, tx.now);
  if (who)
    await tx.audit(who, {
      action: 'queue.done',
      entity: 'queue_entry',
      entityId: after.id,
      patientId: after.patientId,
      before: brief(before),
      after: brief(after),
    });
  await emitEntry(tx, after);
  return after;
}

function alreadyCalled(e: QueueEntryView): DomainError {
  const by = e.calledByName ?? '';
  return conflict(
    'already_called',
    t(
      `${e.label} 号已被${by ? ` ${by} ` : '其他'}医生叫号,请刷新队列`,
      `Ticket ${e.label} was already called${by ? ` by ${by}` : ' by another doctor'}; reload the queue`,
    ),
  );
}

function notActionable(e: QueueEntryView, action: { zh: string; en: string }): DomainError {
  const statusZh: Record<string, string> = {
    waiting: '候诊中',
    called: '已叫号',
    in_consultation: '就诊中',
    passed: '已过号',
    done: '已就诊',
    cancelled: '已退号',
  };
  return conflict(
    'queue_state',
    t(
      `${e.label} 号当前状态为“${statusZh[e.status]}”,不能${action.zh}`,
      `Ticket ${e.label} is ${e.status.replace('_', ' ')}; it cannot be ${action.en}`,
    ),
    'status',
  );
}

export function createQueueService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;

  async function assertClinic(departmentId: number, field = 'departmentId') {
    const d = await repo.departmentKind(db, departmentId);
    if (!d) throw notFound(t('科室', 'Department'), departmentId, field);
    if (d.kind !== 'clinic')
      throw new DomainError(
        422,
        'not_a_clinic',
        t(`“${d.name}”不是门诊科室`, `"${d.name}" is not an outpatient clinic`),
        field,
      );
  }

  /** One entry changing state: load inside the transaction, check, update, audit, publish. */
  function change(
    actor: Actor,
    id: number,
    action: string,
    fn: (tx: Tx, e: QueueEntryView) => Promise<Planned>,
  ): Promise<QueueEntryView> {
    return uow.write(async (tx) => {
      const before = await repo.findById(tx.db, id);
      if (!before) throw notFound(QUEUE_ENTRY, id);
      const { name, update } = await fn(tx, before);
      const after = await apply(tx, actor, before, update);
      await tx.audit(actor, {
        action,
        entity: 'queue_entry',
        entityId: id,
        patientId: after.patientId,
        before: brief(before),
        after: brief(after),
      });
      await emitEntry(tx, after, name);
      return after;
    });
  }

  /** Writes the planned update and returns the entry as it now reads (computed: no second read). */
  async function apply(tx: Tx, actor: Actor, e: QueueEntryView, update: EntryUpdate): Promise<QueueEntryView> {
    await repo.update(tx.db, e.id, update, tx.now);
    return afterUpdate(e, update, tx.now, actor);
  }

  async function call(tx: Tx, actor: Actor, e: QueueEntryView): Promise<Planned> {
    if (e.status === 'called' || e.status === 'in_consultation') throw alreadyCalled(e);
    if (e.status !== 'waiting' && e.status !== 'passed') throw notActionable(e, { zh: '叫号', en: 'called' });
    if (e.doctorStaffId !== null && e.doctorStaffId !== actor.staffId) throw assignedToOther(e);
    const room = await repo.roomFor(tx.db, e.departmentId, e.day, actor.staffId);
    return {
      name: QUEUE_EVENTS.ticketCalled,
      update: { status: 'called', calledByStaffId: actor.staffId, calledAt: tx.now, bumpCalls: true, room },
    };
  }

  /** Recall, pass and start act on a called entry only by the doctor who called it. */
  function mine(actor: Actor, e: QueueEntryView): void {
    if (e.status === 'called' && e.calledByStaffId !== null && e.calledByStaffId !== actor.staffId)
      throw alreadyCalled(e);
  }

  return {
    async list(q: QueueQuery): Promise<QueueList> {
      await assertClinic(q.departmentId);
      const day = q.day ?? (await today(db, clock));
      const page = { limit: q.limit + 1, offset: q.offset, open: q.open === 'true', afterId: q.afterId };
      const rows = await repo.listDay(db, q.departmentId, day, page);
      const items = rows.slice(0, q.limit);
      return { day, departmentId: q.departmentId, items, next: rows.length > q.limit ? q.offset + q.limit : null };
    },

    async callNext(actor: Actor, departmentId: number): Promise<QueueEntryView> {
      await assertClinic(departmentId);
      return uow.write(async (tx) => {
        const day = await today(tx.db, { now: () => tx.now });
        const id = await repo.nextWaiting(tx.db, departmentId, day, actor.staffId);
        if (id === undefined)
          throw nobodyForYou(waitingForOthers(await repo.listDay(tx.db, departmentId, day), actor.staffId));
        const before = (await repo.findById(tx.db, id))!;
        const { name, update } = await call(tx, actor, before);
        const after = await apply(tx, actor, before, update);
        await tx.audit(actor, {
          action: 'queue.call',
          entity: 'queue_entry',
          entityId: id,
          patientId: after.patientId,
          before: brief(before),
          after: brief(after),
        });
        await emitEntry(tx, after, name);
        return after;
      });
    },

    call(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.call', (tx, e) => call(tx, actor, e));
    },

    recall(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.recall', async (tx, e) => {
        mine(actor, e);
        if (e.status !== 'called') throw notActionable(e, { zh: '重呼', en: 'recalled' });
        return {
          name: QUEUE_EVENTS.ticketRecalled,
          update: { status: 'called', calledAt: tx.now, bumpCalls: true },
        };
      });
    },

    pass(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.pass', async (tx, e) => {
        mine(actor, e);
        if (e.status !== 'called') throw notActionable(e, { zh: '过号', en: 'passed' });
        return { name: QUEUE_EVENTS.ticketPassed, update: { status: 'passed' } };
      });
    },

    requeue(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.requeue', async (tx, e) => {
        if (e.status !== 'passed') throw notActionable(e, { zh: '重新排队', en: 'requeued' });
        const position = await repo.nextPosition(tx.db, e.departmentId, e.day);
        return { name: QUEUE_EVENTS.changed, update: { status: 'waiting', position } };
      });
    },

    start(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.start', async (tx, e) => {
        if (e.status === 'in_consultation') {
          throw conflict(
            'already_started',
            t(`${e.label} 号已在就诊中`, `Ticket ${e.label} is already in consultation`),
            'status',
          );
        }
        mine(actor, e);
        if (e.status !== 'called' && e.status !== 'waiting' && e.status !== 'passed')
          throw notActionable(e, { zh: '接诊', en: 'started' });
        if (e.status !== 'called' && e.doctorStaffId !== null && e.doctorStaffId !== actor.staffId)
          throw assignedToOther(e);
        const visit = await visitStatus(tx.db, e.visitId);
        if (visit.status !== 'waiting') {
          throw conflict(
            'visit_state',
            t(
              '该就诊已开始、结束或已退号,请刷新队列',
              'This visit has already started, finished or been cancelled; reload the queue',
            ),
            'status',
          );
        }
        const room = e.room ?? (await repo.roomFor(tx.db, e.departmentId, e.day, actor.staffId));
        await startConsultation(tx.db, e.visitId, actor.staffId, tx.now);
        // The entry now belongs to the doctor who sees the patient.
        return {
          name: QUEUE_EVENTS.changed,
          update: {
            status: 'in_consultation',
            doctorStaffId: actor.staffId,
            calledByStaffId: e.calledByStaffId ?? actor.staffId,
            room,
          },
        };
      });
    },

    /**
     * 转我接诊: a doctor of the clinic (on its roster that day, or of that department) takes a
     * waiting or passed ticket registered to another doctor: the ticket becomes this doctor's
     * and is called at once (display, waiting room and the other doctor's list hear it).
     * Audited as queue.take-over with the doctor before and after.
     */
    takeOver(actor: Actor, id: number): Promise<QueueEntryView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(QUEUE_ENTRY, id);
        if (before.status === 'called' || before.status === 'in_consultation') throw alreadyCalled(before);
        if (before.status !== 'waiting' && before.status !== 'passed')
          throw notActionable(before, { zh: '转接', en: 'taken over' });
        if (!(await repo.isClinicDoctor(tx.db, before.departmentId, before.day, actor.staffId))) {
          throw new DomainError(
            403,
            'not_clinic_doctor',
            t(
              `您不是${before.departmentName}当天排班或所属的医生,不能接诊该诊室的患者`,
              `You are neither ` +
                `on ${before.departmentName}'s roster that day nor a doctor of it; you cannot take its patients`,
            ),
            'departmentId',
          );
        }
        const room = await repo.roomFor(tx.db, before.departmentId, before.day, actor.staffId);
        const after = await apply(tx, actor, before, {
          status: 'called',
          doctorStaffId: actor.staffId,
          calledByStaffId: actor.staffId,
          calledAt: tx.now,
          bumpCalls: true,
          room,
        });
        await tx.audit(actor, {
          action: 'queue.take-over',
          entity: 'queue_entry',
          entityId: id,
          patientId: after.patientId,
          before: { ...brief(before), doctorStaffId: before.doctorStaffId, doctorName: before.doctorName },
          after: { ...brief(after), doctorStaffId: after.doctorStaffId, doctorName: after.doctorName },
        });
        await emitEntry(tx, after, QUEUE_EVENTS.ticketCalled);
        return after;
      });
    },

    done(actor: Actor, id: number): Promise<QueueEntryView> {
      return change(actor, id, 'queue.done', async (tx, e) => {
        if (e.status !== 'in_consultation') throw notActionable(e, { zh: '标记为已就诊', en: 'marked done' });
        return { name: QUEUE_EVENTS.changed, update: { status: 'done' } };
      });
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
