// Times on screens are the center's times (issue 9 item 23): tickets, receipts and exports
// print the institution's time zone, so every page formats epoch ms in that zone too, never
// in the browser's (a laptop set to another zone, a misconfigured PC). The zone comes from
// the institution settings (GET /api/settings/public, read at boot; the settings page sets
// it again after a save). Every page formats times through these helpers only.
import { signal } from '@preact/signals';
import { isTimeZone, wallParts, wallTimeToMs, type WallParts } from '../../core/calendar.js';

/** The server's default until the settings answer (server/modules/settings/defaults.ts). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const centerTimeZone = signal<string>(DEFAULT_TIME_ZONE);

/** Sets the center's zone; an unknown zone name is ignored (the previous one stays). */
export function setCenterTimeZone(tz: string | null | undefined): void {
  if (!tz || tz === centerTimeZone.value || !isTimeZone(tz)) return;
  centerTimeZone.value = tz;
}

/** The wall-clock parts of `ms` in the center's zone (or `tz`): core/calendar, one formatter per zone. */
export function centerParts(ms: number, tz = centerTimeZone.value): WallParts {
  return wallParts(ms, tz);
}

type Ms = number | null | undefined;

/** "09:05" */
export function timeText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.hour}:${p.minute}`;
}

/** "09:05:07" */
export function timeSecondsText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "2026-12-07" */
export function dateText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2026-12-07 09:05" */
export function dateTimeText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-12-07 09:05:07": audit rows, print jobs, device events. */
export function dateTimeSecondsText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "12-07 09:05": month-day and time, for rows of other days in a short list. */
export function monthDayTimeText(ms: Ms): string {
  if (ms === null || ms === undefined) return '';
  const p = centerParts(ms);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Today at the center, "2026-12-07". */
export function centerToday(now = Date.now()): string {
  return dateText(now);
}

/**
 * The epoch ms of a wall-clock time at the center: "2026-12-07" + "08:30" (a date or
 * datetime-local input) means 08:30 in the center's zone, whatever the browser's zone.
 * Returns undefined for text that is not a date.
 */
export function centerTimeToMs(date: string, time = '00:00', tz = centerTimeZone.value): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const h = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!m || !h) return undefined;
  // The zone's offset is looked up twice (the first guess may sit across a DST change).
  return wallTimeToMs(date, Number(h[1]), Number(h[2]), Number(h[3] ?? 0), tz);
}

/** A datetime-local input's value ("2026-12-07T08:30") as center time. */
export function centerDateTimeLocalToMs(v: string): number | undefined {
  const [d, t] = v.split('T');
  return d ? centerTimeToMs(d, t ?? '00:00') : undefined;
}
