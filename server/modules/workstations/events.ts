// Events published by the workstations module: to the admin room and to the workstation's own room.
import { publish } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const WORKSTATION_CHANGED = EVENTS.workstationChanged;

export function workstationChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(WORKSTATION_CHANGED, { id, action }, [rooms.admin(), rooms.workstation(id)]);
}
