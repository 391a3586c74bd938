// The insurer's time and date strings in the center's time zone (core/calendar).
import { calendarFor } from '../../../core/calendar.js';

/** "yyyy-MM-dd HH:mm:ss" of an instant in the center's zone (settings' timeZone, e.g. Asia/Shanghai). */
export function insurerTime(ms: number, timeZone = 'Asia/Shanghai'): string {
  const p = calendarFor(timeZone).wallParts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "yyyy-MM-dd" of an instant in the center's zone. */
export function insurerDate(ms: number, timeZone = 'Asia/Shanghai'): string {
  return calendarFor(timeZone).dayOf(ms);
}
