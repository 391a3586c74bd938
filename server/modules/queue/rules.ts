// The queue's change of one entry as data (pure, no database): what to write, and the entry as it
// is afterwards — computed from the entry already read, so a change never reads its row again.
import type { QueueStatus } from '../../../db/schema.js';
import type { QueueEntryView } from './schema.js';

/** The columns one action writes (repo.update); bumpCalls adds one call. */
export interface EntryUpdate {
  status: QueueStatus;
  doctorStaffId?: number | null;
  calledByStaffId?: number | null;
  calledAt?: number | null;
  bumpCalls?: boolean;
  room?: string | null;
  position?: number;
}

/** Who acts: a staff member named in the entry after the change (doctor or caller) is them. */
export interface Who {
  staffId: number;
  staffName: string;
}

/** The name shown for `staffId` after the change: the actor, or who the entry already named. */
function nameOf(e: QueueEntryView, staffId: number | null, who: Who | undefined): string | null {
  if (staffId === null) return null;
  if (who && staffId === who.staffId) return who.staffName;
  if (staffId === e.doctorStaffId) return e.doctorName;
  if (staffId === e.calledByStaffId) return e.calledByName;
  throw new Error(`queue rules: no name for staff ${staffId}`);
}

/** The entry as it reads after `u` was written at `now` (version + 1, updatedAt = now). */
export function afterUpdate(e: QueueEntryView, u: EntryUpdate, now: number, who?: Who): QueueEntryView {
  const doctorStaffId = u.doctorStaffId !== undefined ? u.doctorStaffId : e.doctorStaffId;
  const calledByStaffId = u.calledByStaffId !== undefined ? u.calledByStaffId : e.calledByStaffId;
  return {
    ...e,
    status: u.status,
    doctorStaffId,
    doctorName: u.doctorStaffId !== undefined ? nameOf(e, doctorStaffId, who) : e.doctorName,
    calledByStaffId,
    calledByName: u.calledByStaffId !== undefined ? nameOf(e, calledByStaffId, who) : e.calledByName,
    calledAt: u.calledAt !== undefined ? u.calledAt : e.calledAt,
    callCount: u.bumpCalls ? e.callCount + 1 : e.callCount,
    room: u.room !== undefined ? u.room : e.room,
    position: u.position ?? e.position,
    version: e.version + 1,
    updatedAt: now,
  };
}
