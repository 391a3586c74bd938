// assertChargeable (pure): which stay takes a new charge dated `day` — table-driven, no database.
import { expect } from 'chai';
import { calendarFor } from '../../../core/calendar.js';
import { DomainError } from '../../../core/errors.js';
import type { StayRow } from '../stays/index.js';
import { assertChargeable } from './commands.js';

const cal = calendarFor('Asia/Shanghai');
const TODAY = '2026-12-09';
const at = (day: string, h = 10) => cal.wallTimeToMs(day, h, 0, 0);

function stay(over: Partial<StayRow>): StayRow {
  return {
    id: 1,
    stay_no: '202600001',
    state: 'in_ward',
    admitted_at: at('2026-12-05'),
    discharged_at: null,
    ...over,
  } as StayRow;
}

describe('inpatient-charges: assertChargeable', () => {
  const cases: Array<[string, Partial<StayRow>, string, string | null]> = [
    ['in the ward, today', {}, TODAY, null],
    ['in the ward, the admission day', {}, '2026-12-05', null],
    ['pending (待入) takes charges', { state: 'pending' }, TODAY, null],
    ['transferring (待转入) takes charges', { state: 'transferring' }, TODAY, null],
    ['a day in the future', {}, '2026-12-10', 'invalid'],
    ['a day before admission', {}, '2026-12-04', 'invalid'],
    [
      'pre-discharge: a missed charge before the discharge day',
      { state: 'pre_discharge', discharged_at: at(TODAY) },
      '2026-12-08',
      null,
    ],
    [
      'pre-discharge: the discharge day',
      { state: 'pre_discharge', discharged_at: at(TODAY) },
      TODAY,
      'stay_pre_discharge',
    ],
    ['pre-discharge without a discharge time', { state: 'pre_discharge' }, '2026-12-08', 'stay_pre_discharge'],
    ['discharged', { state: 'discharged', discharged_at: at(TODAY) }, '2026-12-08', 'stay_closed'],
    ['cancelled', { state: 'cancelled' }, TODAY, 'stay_closed'],
  ];
  for (const [name, over, day, code] of cases) {
    it(name, () => {
      let got: string | null = null;
      try {
        assertChargeable(stay(over), day, TODAY, cal);
      } catch (e) {
        expect(e).to.be.instanceOf(DomainError);
        got = (e as DomainError).code;
      }
      expect(got).to.equal(code);
    });
  }
});
