import { expect } from 'chai';
import {
  addDays,
  addMonths,
  ageOn,
  calendarFor,
  dayOf,
  dayRange,
  dayStart,
  daysBetween,
  isCalendarDate,
  isTimeZone,
  monthDays,
  nextDayStart,
  wallParts,
  wallTimeToMs,
  weekday,
} from './calendar.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const H = 3_600_000;

describe('core/calendar', () => {
  it('gives the business day of an instant in a zone', () => {
    const cases: Array<[number, string, string]> = [
      [Date.UTC(2026, 10, 26, 15, 59, 59), SH, '2026-11-26'],
      [Date.UTC(2026, 10, 26, 16, 0, 0), SH, '2026-11-27'],
      [Date.UTC(2026, 10, 26, 1, 0, 0), NY, '2026-11-25'],
      [Date.UTC(2026, 2, 8, 4, 59, 0), NY, '2026-03-07'], // before the spring change: -5 h
      [Date.UTC(2026, 2, 8, 5, 0, 0), NY, '2026-03-08'],
      [Date.UTC(2026, 6, 1, 3, 59, 0), NY, '2026-06-30'], // summer: -4 h
      [Date.UTC(2026, 6, 1, 4, 0, 0), NY, '2026-07-01'],
      [Date.UTC(2024, 1, 28, 16, 0, 0), SH, '2024-02-29'],
      [Date.UTC(2026, 11, 31, 16, 0, 0), SH, '2027-01-01'],
    ];
    for (const [at, tz, day] of cases) expect(dayOf(at, tz), `${new Date(at).toISOString()} ${tz}`).to.equal(day);
  });

  it('gives the range [from, to) of a day, 23 or 25 hours long across daylight-saving changes', () => {
    const cases: Array<[string, string, number, number]> = [
      ['2026-11-26', SH, Date.UTC(2026, 10, 25, 16), 24],
      ['2024-02-29', SH, Date.UTC(2024, 1, 28, 16), 24],
      ['2026-11-26', NY, Date.UTC(2026, 10, 26, 5), 24],
      ['2026-03-08', NY, Date.UTC(2026, 2, 8, 5), 23], // spring forward
      ['2026-11-01', NY, Date.UTC(2026, 10, 1, 4), 25], // fall back
      ['2026-07-01', NY, Date.UTC(2026, 6, 1, 4), 24],
      ['2026-03-29', 'Europe/London', Date.UTC(2026, 2, 29, 0), 23],
    ];
    for (const [day, tz, from, hours] of cases) {
      const r = dayRange(day, tz);
      expect(r.from, `${day} ${tz}`).to.equal(from);
      expect(r.to - r.from, `${day} ${tz} length`).to.equal(hours * H);
      expect(dayOf(r.from, tz)).to.equal(day);
      expect(dayOf(r.from - 1, tz)).to.equal(addDays(day, -1));
      expect(dayOf(r.to - 1, tz)).to.equal(day);
      expect(dayOf(r.to, tz)).to.equal(addDays(day, 1));
    }
  });

  it('starts a day whose midnight a daylight-saving change skips at its first real instant', () => {
    // Chile moves its clocks from 00:00 to 01:00 in September.
    const tz = 'America/Santiago';
    const day = '2026-09-06';
    const from = dayStart(day, tz);
    expect(dayOf(from, tz)).to.equal(day);
    expect(dayOf(from - 1, tz)).to.equal('2026-09-05');
  });

  it('gives the start of the next business day', () => {
    expect(nextDayStart(Date.UTC(2026, 10, 26, 1, 0, 0), SH)).to.equal(Date.UTC(2026, 10, 26, 16, 0, 0));
    expect(nextDayStart(Date.UTC(2026, 10, 26, 15, 59, 30), SH)).to.equal(Date.UTC(2026, 10, 26, 16, 0, 0));
    expect(nextDayStart(Date.UTC(2026, 10, 26, 16, 0, 0), SH)).to.equal(Date.UTC(2026, 10, 27, 16, 0, 0));
    expect(nextDayStart(Date.UTC(2026, 2, 8, 12, 0, 0), NY)).to.equal(Date.UTC(2026, 2, 9, 4, 0, 0));
  });

  it('adds days across months, years and leap days', () => {
    const cases: Array<[string, number, string]> = [
      ['2026-11-26', 2, '2026-11-28'],
      ['2026-11-30', 1, '2026-12-01'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2027-01-01', -1, '2026-12-31'],
      ['2024-02-28', 1, '2024-02-29'],
      ['2023-02-28', 1, '2023-03-01'],
      ['2100-02-28', 1, '2100-03-01'], // not a leap year
      ['2000-02-28', 1, '2000-02-29'], // a leap year
      ['2026-11-26', 0, '2026-11-26'],
      ['2026-01-01', 365, '2027-01-01'],
      ['2026-03-08', 1, '2026-03-09'], // independent of any zone's daylight saving
    ];
    for (const [day, n, out] of cases) expect(addDays(day, n), `${day} + ${n}`).to.equal(out);
    expect(daysBetween('2024-02-28', '2024-03-01')).to.equal(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).to.equal(-2);
  });

  it('adds months clamped to the month end, and gives a month’s days', () => {
    expect(addMonths('2026-11-30', 3)).to.equal('2027-02-28');
    expect(addMonths('2027-11-30', 3)).to.equal('2028-02-29');
    expect(addMonths('2026-01-31', 1)).to.equal('2026-02-28');
    expect(addMonths('2026-05-15', -6)).to.equal('2025-11-15');
    expect(monthDays('2024-02')).to.deep.equal({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthDays('2026-02')).to.deep.equal({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthDays('2026-12')).to.deep.equal({ first: '2026-12-01', last: '2026-12-31' });
  });

  it('counts ages in whole years, birthdays and 29 February included', () => {
    const cases: Array<[string, string, number]> = [
      ['1990-05-10', '2026-05-09', 35],
      ['1990-05-10', '2026-05-10', 36], // on the birthday
      ['1990-05-10', '2026-05-11', 36],
      ['2000-02-29', '2026-02-28', 25], // common year: not yet
      ['2000-02-29', '2026-03-01', 26],
      ['2000-02-29', '2024-02-29', 24],
      ['2026-11-26', '2026-11-26', 0], // born today
      ['2026-11-27', '2026-11-26', 0], // never negative
      ['1926-01-01', '2026-12-31', 100],
    ];
    for (const [birth, day, age] of cases) expect(ageOn(birth, day), `${birth} on ${day}`).to.equal(age);
  });

  it('knows weekdays, calendar dates and zone names', () => {
    expect(weekday('2026-11-26')).to.equal(4); // Thursday
    expect(weekday('2024-02-29')).to.equal(4);
    expect(weekday('2026-11-29')).to.equal(0);
    for (const s of ['2024-02-29', '2026-12-31', '2000-02-29']) expect(isCalendarDate(s), s).to.equal(true);
    for (const s of ['2026-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', 'x'])
      expect(isCalendarDate(s), s).to.equal(false);
    expect(isTimeZone(SH)).to.equal(true);
    expect(isTimeZone('Mars/Olympus')).to.equal(false);
  });

  it('converts wall-clock times of the zone to instants and back', () => {
    expect(wallTimeToMs('2026-12-07', 8, 30, 0, SH)).to.equal(Date.UTC(2026, 11, 7, 0, 30));
    expect(wallTimeToMs('2026-07-01', 8, 30, 0, NY)).to.equal(Date.UTC(2026, 6, 1, 12, 30));
    expect(wallTimeToMs('2026-12-01', 8, 30, 0, NY)).to.equal(Date.UTC(2026, 11, 1, 13, 30));
    expect(wallParts(Date.UTC(2026, 11, 7, 16, 5, 7), SH)).to.deep.equal({
      year: '2026',
      month: '12',
      day: '08',
      hour: '00',
      minute: '05',
      second: '07',
    });
  });

  it('binds a zone into one kept Calendar object', () => {
    const c = calendarFor(SH);
    expect(calendarFor(SH)).to.equal(c);
    expect(c.timeZone).to.equal(SH);
    expect(c.today(Date.UTC(2026, 10, 26, 16))).to.equal('2026-11-27');
    expect(c.dayRange('2026-11-26')).to.deep.equal(dayRange('2026-11-26', SH));
    expect(c.ageOn('2000-02-29', '2026-03-01')).to.equal(26);
    expect(() => calendarFor('Nowhere/Else')).to.throw(RangeError);
  });
});
