// Events published by the beds module: `bed:changed` with the changed beds, to the ward's room.
import { BED_EVENTS, type BedChangedPayload } from '../../../core/contract.js';
import { publish } from '../../realtime/bus.js';
import { rooms } from '../../realtime/rooms.js';
import type { BedView } from './schema.js';

export const BED_CHANGED = BED_EVENTS.changed;

export function bedChanged(wardId: number, cause: BedChangedPayload['cause'], stayId: number | null, beds: BedView[]) {
  return publish(
    BED_CHANGED,
    {
      wardId,
      cause,
      stayId,
      beds: beds.map((b) => ({
        id: b.id,
        roomId: b.roomId,
        code: b.code,
        type: b.type,
        state: b.state,
        stayId: b.stayId,
        active: b.active,
        sort: b.sort,
        version: b.version,
      })),
    },
    [rooms.ward(wardId)],
  );
}
