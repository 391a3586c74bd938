// The queue module's public entry: what other modules (registration, outpatient, display, roster,
// clinics) use. The queue's commands are the only writers of `queue_entries`.
export { today, nextDayStart } from './day.js';
export { maskName } from './mask.js';
export { dayField } from './schema.js';
export type { QueueEntryView } from './schema.js';
export {
  cancelByVisit as cancelQueueEntry,
  findById as queueEntry,
  insert as enqueue,
  lineStats,
} from './repo.js';
export { emitEntry, finishQueueEntry } from './service.js';
