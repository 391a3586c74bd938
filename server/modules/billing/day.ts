// Business days now live in core/calendar.ts (issue 10 item 4); this file only re-exports them
// for the importers outside billing (the demo seeds).
export { addDays, dayOf, dayRange } from '../../../core/calendar.js';
