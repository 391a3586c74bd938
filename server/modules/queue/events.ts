// Events published by the queue: every change of an entry goes to its clinic's room, to
// every waiting-room display showing that clinic, and to the registration desk.
import { publish } from '../../realtime/bus.js';
import type { QUEUE_EVENTS, QueueTicketPayload } from '../../../core/contract.js';
import { prepared } from '../../../db/prepared.js';
import { rooms } from '../../realtime/rooms.js';
import { displaysShowing } from './repo.js';
import type { Trx } from '../../lib/uow.js';

export type QueueEventName =
  | typeof QUEUE_EVENTS.ticketCalled
  | typeof QUEUE_EVENTS.ticketRecalled
  | typeof QUEUE_EVENTS.ticketPassed
  | typeof QUEUE_EVENTS.changed;

/** Active displays whose department list includes this clinic. */
export function displayIdsFor(db: Trx, departmentId: number): Promise<number[]> {
  return displaysShowing(db, departmentId);
}

export async function queueRooms(db: Trx, departmentId: number): Promise<string[]> {
  const displays = await displayIdsFor(db, departmentId);
  return [rooms.dept(departmentId), rooms.registration(), ...displays.map((id) => rooms.display(id))];
}

const lineOfEntryQ = prepared((db, p: { id: number }) =>
  db
    .selectFrom('queue_entries as e')
    .select((eb) => [
      'e.day',
      eb
        .selectFrom('queue_entries as w')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('w.day', '=', 'e.day')
        .whereRef('w.department_id', '=', 'e.department_id')
        .where('w.status', 'in', ['waiting', 'passed'])
        .as('waiting'),
    ])
    .where('e.id', '=', p.id),
);

/**
 * The entry's day and how many wait in its clinic's line that day (waiting or passed), as the
 * desk's clinic list counts them: sent with each change, so the desk need not reload its clinics.
 */
export async function lineOfEntry(db: Trx, entryId: number): Promise<{ day: string; waiting: number }> {
  const r = await lineOfEntryQ.first(db, { id: entryId });
  if (!r) throw new Error(`queue entry ${entryId} not found`);
  return { day: r.day, waiting: Number(r.waiting ?? 0) };
}

export function queueEvent(name: QueueEventName, roomList: string[], payload: QueueTicketPayload) {
  return publish(name, payload, roomList);
}
