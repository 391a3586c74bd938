// The one calendar (issue 10 item 4): the center's business days in its time zone. Pure
// functions of (instant, zone) or of 'YYYY-MM-DD' day strings, used by the server, the client
// and the seeds alike. Intl formatters are costly to build (a new one per call was 4–7% of
// the CPU of a registration), so one of each kind is kept per time zone.
//
// Days are ISO calendar days 'YYYY-MM-DD'; instants are epoch milliseconds. A day's range is
// [from, to): `from` is the first instant of the day in the zone, `to` the first of the next.

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f;
}

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is a zone name this runtime knows ('Asia/Shanghai'). */
export function isTimeZone(timeZone: string): boolean {
  try {
    partFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in a zone, as two-digit strings (year: four digits). */
export interface WallParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** The wall clock of `at` in `timeZone`. */
export function wallParts(at: number, timeZone: string): WallParts {
  const out: Record<string, string> = {};
  for (const p of partFormat(timeZone).formatToParts(at)) out[p.type] = p.value;
  // Some engines print midnight as 24 even with h23.
  const hour = out.hour === '24' ? '00' : (out.hour ?? '00');
  return {
    year: out.year ?? '',
    month: out.month ?? '',
    day: out.day ?? '',
    hour,
    minute: out.minute ?? '00',
    second: out.second ?? '00',
  };
}

/** The business day ('2026-11-26') of an instant in a time zone. */
export function dayOf(at: number, timeZone: string): string {
  return dayFormat(timeZone).format(at); // en-CA formats as YYYY-MM-DD
}

/** The zone's offset from UTC (ms) at instant `at` (whole seconds). */
export function offsetAt(at: number, timeZone: string): number {
  const p = wallParts(at, timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

function split(day: string): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number];
}

/**
 * The instant of a wall-clock time in a zone: '2026-12-07' 08:30 at the center. The offset is
 * looked up twice (the first guess may sit across a daylight-saving change).
 */
export function wallTimeToMs(day: string, hour: number, minute: number, second: number, timeZone: string): number {
  const [y, m, d] = split(day);
  const asUtc = Date.UTC(y, m - 1, d, hour, minute, second);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** The first instant of `day` in `timeZone` (its 00:00, or later where midnight is skipped). */
export function dayStart(day: string, timeZone: string): number {
  const at = wallTimeToMs(day, 0, 0, 0, timeZone);
  // Where a daylight-saving change skips midnight, 00:00 maps to the previous day's last hour.
  if (dayOf(at, timeZone) < day) return at + 3_600_000;
  return at;
}

/** The instants [from, to) of a business day. */
export function dayRange(day: string, timeZone: string): { from: number; to: number } {
  return { from: dayStart(day, timeZone), to: dayStart(addDays(day, 1), timeZone) };
}

/** The first instant after `at` that belongs to the next business day. */
export function nextDayStart(at: number, timeZone: string): number {
  return dayStart(addDays(dayOf(at, timeZone), 1), timeZone);
}

/** '2026-11-28' from '2026-11-26' and 2 (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = split(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = split(from);
  const [y2, m2, d2] = split(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** First and last day of a month 'YYYY-MM'. */
export function monthDays(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

/** '2027-02-28' from '2026-11-30' and 3: whole months later, clamped to the month's last day. */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = split(day);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, lastOfTarget))).toISOString().slice(0, 10);
}

/** Day of the week of a day: 0 Sunday … 6 Saturday. */
export function weekday(day: string): number {
  const [y, m, d] = split(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True for a real calendar day 'YYYY-MM-DD' (no 02-30, 13th month, …). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = split(s);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Whole years between a birth date and a day (both 'YYYY-MM-DD'); never negative. A person
 * born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = split(birthDate);
  const [ty, tm, td] = split(day);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return Math.max(0, age);
}

/** The calendar of one time zone: the functions above with the zone bound. */
export interface Calendar {
  readonly timeZone: string;
  /** The business day of an instant. */
  dayOf(at: number): string;
  /** Today's business day at `now`. */
  today(now: number): string;
  dayStart(day: string): number;
  dayRange(day: string): { from: number; to: number };
  nextDayStart(at: number): number;
  wallParts(at: number): WallParts;
  wallTimeToMs(day: string, hour: number, minute: number, second?: number): number;
  addDays(day: string, n: number): string;
  nextDay(day: string): string;
  daysBetween(from: string, to: string): number;
  monthDays(month: string): { first: string; last: string };
  addMonths(day: string, n: number): string;
  weekday(day: string): number;
  ageOn(birthDate: string, day: string): number;
}

const calendars = new Map<string, Calendar>();

/** The calendar of `timeZone` (one object per zone, kept). */
export function calendarFor(timeZone: string): Calendar {
  let c = calendars.get(timeZone);
  if (c) return c;
  dayFormat(timeZone); // throws RangeError on an unknown zone, before it is kept
  c = Object.freeze({
    timeZone,
    dayOf: (at: number) => dayOf(at, timeZone),
    today: (now: number) => dayOf(now, timeZone),
    dayStart: (day: string) => dayStart(day, timeZone),
    dayRange: (day: string) => dayRange(day, timeZone),
    nextDayStart: (at: number) => nextDayStart(at, timeZone),
    wallParts: (at: number) => wallParts(at, timeZone),
    wallTimeToMs: (day: string, hour: number, minute: number, second = 0) =>
      wallTimeToMs(day, hour, minute, second, timeZone),
    addDays,
    nextDay,
    daysBetween,
    monthDays,
    addMonths,
    weekday,
    ageOn,
  });
  calendars.set(timeZone, c);
  return c;
}
