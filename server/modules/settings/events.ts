// Events published by the settings module.
import { publish } from '../../realtime/bus.js';
import { EVENTS } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const SETTINGS_CHANGED = EVENTS.settingsChanged;

/** `id` is the settings key, e.g. 'institution'. */
export function settingsChanged(key: string) {
  return publish(SETTINGS_CHANGED, { id: key, action: 'updated' }, [rooms.admin()]);
}
