// Events published by the settings module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const SETTINGS_CHANGED = EVENTS.settingsChanged;

/** `id` is the settings key, e.g. 'institution'. */
export function settingsChanged(key: string): DomainEvent<EntityChangedPayload> {
  return { name: SETTINGS_CHANGED, rooms: [rooms.admin()], payload: { id: key, action: 'updated' } };
}
