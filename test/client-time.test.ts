// The client's time helper (client/src/time.ts, issue 9 item 23): times are formatted in the
// center's time zone whatever the machine's zone is, and wall-clock inputs are read in it.
import { expect } from 'chai';
import {
  centerDateTimeLocalToMs,
  centerTimeToMs,
  centerTimeZone,
  centerToday,
  dateTimeSecondsText,
  dateTimeText,
  DEFAULT_TIME_ZONE,
  monthDayTimeText,
  setCenterTimeZone,
  timeText,
} from '../client/src/time.js';

describe('client time helper (the center time zone)', () => {
  const savedTz = process.env.TZ;
  before(() => {
    // The machine says New York; the center is in Shanghai.
    process.env.TZ = 'America/New_York';
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
    centerTimeZone.value = DEFAULT_TIME_ZONE;
  });

  // 2026-12-07 01:05:07 UTC = 09:05:07 in Shanghai = 20:05:07 the day before in New York.
  const at = Date.UTC(2026, 11, 7, 1, 5, 7);

  it('formats in the center zone, not the machine zone', () => {
    expect(new Date(at).getHours()).to.equal(20); // the machine's zone really is New York
    setCenterTimeZone('Asia/Shanghai');
    expect(timeText(at)).to.equal('09:05');
    expect(dateTimeText(at)).to.equal('2026-12-07 09:05');
    expect(dateTimeSecondsText(at)).to.equal('2026-12-07 09:05:07');
    expect(monthDayTimeText(at)).to.equal('12-07 09:05');
    expect(centerToday(at)).to.equal('2026-12-07');
    expect(timeText(null)).to.equal('');
    // Midnight is 00, not 24.
    expect(timeText(Date.UTC(2026, 11, 6, 16, 0, 0))).to.equal('00:00');
  });

  it('follows a change of the center zone and ignores an unknown zone name', () => {
    setCenterTimeZone('Europe/Berlin');
    expect(timeText(at)).to.equal('02:05');
    setCenterTimeZone('Mars/Olympus');
    expect(centerTimeZone.value).to.equal('Europe/Berlin');
    setCenterTimeZone('Asia/Shanghai');
    expect(timeText(at)).to.equal('09:05');
  });

  it('reads wall-clock inputs as center time (audit filters), across a DST change too', () => {
    setCenterTimeZone('Asia/Shanghai');
    expect(centerTimeToMs('2026-12-07', '09:05:07')).to.equal(at);
    expect(centerDateTimeLocalToMs('2026-12-07T09:05')).to.equal(Date.UTC(2026, 11, 7, 1, 5));
    expect(centerTimeToMs('bad')).to.equal(undefined);
    // Berlin: 2026-03-29 03:30 is summer time (UTC+2), 2026-03-28 is winter time (UTC+1).
    expect(centerTimeToMs('2026-03-29', '03:30', 'Europe/Berlin')).to.equal(Date.UTC(2026, 2, 29, 1, 30));
    expect(centerTimeToMs('2026-03-28', '03:30', 'Europe/Berlin')).to.equal(Date.UTC(2026, 2, 28, 2, 30));
  });
});
