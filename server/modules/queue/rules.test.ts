// The entry after a change is computed from the one already read (pure): table-driven cases.
import { expect } from 'chai';
import { afterUpdate, type EntryUpdate } from './rules.js';
import type { QueueEntryView } from './schema.js';

const entry = {
  id: 1,
  status: 'waiting',
  doctorStaffId: 7,
  doctorName: '张医生',
  calledByStaffId: null,
  calledByName: null,
  calledAt: null,
  callCount: 0,
  room: '2',
  position: 3,
  version: 4,
  updatedAt: 100,
} as unknown as QueueEntryView;
const me = { staffId: 9, staffName: '李医生' };

describe('queue rules: the entry after a change (pure)', () => {
  const cases: Array<[string, QueueEntryView, EntryUpdate, Partial<QueueEntryView>]> = [
    [
      'call: called by me, in my room, one more call',
      entry,
      { status: 'called', calledByStaffId: 9, calledAt: 500, bumpCalls: true, room: '5' },
      { status: 'called', calledByStaffId: 9, calledByName: '李医生', calledAt: 500, callCount: 1, room: '5' },
    ],
    [
      'take over: the ticket becomes mine',
      entry,
      { status: 'called', doctorStaffId: 9, calledByStaffId: 9, calledAt: 500, bumpCalls: true, room: '5' },
      { doctorStaffId: 9, doctorName: '李医生', calledByName: '李医生', callCount: 1 },
    ],
    [
      'start by the caller: the caller stays, the doctor is me',
      { ...entry, status: 'called', calledByStaffId: 7, calledByName: '张医生', callCount: 2 },
      { status: 'in_consultation', doctorStaffId: 9, calledByStaffId: 7, room: '2' },
      { doctorName: '李医生', calledByStaffId: 7, calledByName: '张医生', callCount: 2 },
    ],
    [
      'pass keeps the rest',
      entry,
      { status: 'passed' },
      { status: 'passed', doctorName: '张医生', room: '2', position: 3 },
    ],
    ['requeue: a new place at the back', entry, { status: 'waiting', position: 11 }, { position: 11 }],
    ['done (finish) without an actor', entry, { status: 'done' }, { status: 'done', calledByName: null }],
    ['a room set to nothing', entry, { status: 'called', room: null }, { room: null }],
  ];
  for (const [name, before, update, want] of cases) {
    it(name, () => {
      const after = afterUpdate(before, update, 777, me);
      expect(after).to.deep.include({ ...want, version: before.version + 1, updatedAt: 777 });
    });
  }

  it('a staff member it cannot name is a bug, not a blank', () => {
    expect(() => afterUpdate(entry, { status: 'called', calledByStaffId: 42 }, 1)).to.throw(/no name for staff 42/);
  });
});
