// The charge ledger's pure plans: table-driven, no database, no server.
import { expect } from 'chai';
import { calendarFor } from '../../../core/calendar.js';
import {
  bedSourceKey,
  chargedOnDay,
  daysOfStay,
  feeList,
  nightlyBedPlan,
  reversalOf,
  reversalRefusal,
  type BedItem,
  type ChargeRowLike,
  type HeldBed,
} from './plan.js';

const cal = calendarFor('Asia/Shanghai');
const D = '2026-12-09';

function held(over: Partial<HeldBed> = {}): HeldBed {
  return {
    stayId: 1,
    state: 'in_ward',
    wardId: 7,
    bedId: 10,
    slot: 'main',
    admittedDay: '2026-12-05',
    dischargedDay: null,
    doctorId: 3,
    ...over,
  };
}

function item(over: Partial<BedItem> = {}): BedItem {
  return {
    bedId: 10,
    catalogItemId: 100,
    quantity: 1,
    name: '床位费',
    spec: null,
    unit: '日',
    packSize: 1,
    priceFen: 2000,
    chargeCategory: '01',
    ...over,
  };
}

describe('inpatient-charges plan: chargedOnDay (算入不算出)', () => {
  const cases: Array<[string, Partial<HeldBed>, string, boolean]> = [
    ['in ward, a day of the stay', {}, D, true],
    ['admitted today', { admittedDay: D }, D, true],
    ['admitted tomorrow', { admittedDay: '2026-12-10' }, D, false],
    ['transferring (待转入) still holding a bed', { state: 'transferring' }, D, true],
    ['pre-discharge on its discharge day', { state: 'pre_discharge', dischargedDay: D }, D, false],
    [
      'pre-discharge, a day before discharge (missed night)',
      { state: 'pre_discharge', dischargedDay: D },
      '2026-12-08',
      true,
    ],
    ['pre-discharge without a discharge time', { state: 'pre_discharge' }, D, false],
    ['discharged, its discharge day', { state: 'discharged', dischargedDay: D }, D, false],
    ['discharged, after discharge', { state: 'discharged', dischargedDay: '2026-12-08' }, D, false],
    ['cancelled', { state: 'cancelled' }, D, false],
    ['pending (no bed yet)', { state: 'pending' }, D, false],
  ];
  for (const [name, over, day, want] of cases) {
    it(name, () => expect(chargedOnDay(held(over), day)).to.equal(want));
  }
});

describe('inpatient-charges plan: nightlyBedPlan', () => {
  it('charges each item of each held bed once, with the key, ward and doctor', () => {
    const rows = nightlyBedPlan(
      D,
      [held()],
      [item(), item({ catalogItemId: 101, name: '取暖费', priceFen: 500 })],
      new Set(),
    );
    expect(rows.map((r) => [r.sourceKey, r.amountFen, r.deptId, r.doctorId, r.source])).to.deep.equal([
      ['bed:2026-12-09:main:100', 2000, 7, 3, 'bed'],
      ['bed:2026-12-09:main:101', 500, 7, 3, 'bed'],
    ]);
  });

  it('is idempotent: the keys already charged give nothing more', () => {
    const first = nightlyBedPlan(D, [held()], [item()], new Set());
    const existing = new Set(first.map((r) => `${r.stayId}|${r.sourceKey}`));
    expect(nightlyBedPlan(D, [held()], [item()], existing)).to.deep.equal([]);
  });

  it('包床 charges the second bed too, in its own slot', () => {
    const rows = nightlyBedPlan(
      D,
      [held({ bedId: 11, slot: 'reserved' }), held()],
      [item(), item({ bedId: 11 })],
      new Set(),
    );
    expect(rows.map((r) => [r.bedId, r.sourceKey])).to.deep.equal([
      [10, 'bed:2026-12-09:main:100'],
      [11, 'bed:2026-12-09:r11:100'],
    ]);
  });

  it('换床 after the run does not charge the same item again that day', () => {
    const existing = new Set([`1|${bedSourceKey(D, 'main', 10, 100)}`]);
    expect(nightlyBedPlan(D, [held({ bedId: 12 })], [item({ bedId: 12 })], existing)).to.deep.equal([]);
  });

  it('leaves out stays not charged that day and beds without items', () => {
    const rows = nightlyBedPlan(
      D,
      [
        held({ stayId: 2, state: 'pre_discharge', dischargedDay: D }),
        held({ stayId: 3, admittedDay: '2026-12-10' }),
        held({ stayId: 4, bedId: 99 }),
      ],
      [item()],
      new Set(),
    );
    expect(rows).to.deep.equal([]);
  });

  it('rounds a pack price per line half-up (quantity × price / pack size)', () => {
    const rows = nightlyBedPlan(D, [held()], [item({ quantity: 1, priceFen: 1001, packSize: 2 })], new Set());
    expect(rows[0]!.amountFen).to.equal(501);
  });
});

describe('inpatient-charges plan: daysOfStay', () => {
  const at = (day: string, h: number) => cal.wallTimeToMs(day, h, 0, 0);
  const cases: Array<[string, number, number | null, number, number]> = [
    ['admitted and discharged the same day', at(D, 8), at(D, 17), at(D, 18), 1],
    ['admitted 23:59, discharged next morning', at(D, 23), at('2026-12-10', 9), at('2026-12-10', 10), 1],
    ['three nights', at('2026-12-06', 10), at(D, 10), at(D, 11), 3],
    ['in the ward since today', at(D, 8), null, at(D, 20), 1],
    ['in the ward since yesterday (today counts)', at('2026-12-08', 8), null, at(D, 1), 2],
  ];
  for (const [name, admitted, discharged, now, want] of cases) {
    it(name, () => expect(daysOfStay(admitted, discharged, cal, now)).to.equal(want));
  }
});

function row(over: Partial<ChargeRowLike> = {}): ChargeRowLike {
  return {
    id: 5,
    stayId: 1,
    chargeDay: D,
    catalogItemId: 100,
    itemName: '床位费',
    itemSpec: null,
    itemUnit: '日',
    packSize: 1,
    chargeCategory: '01',
    quantity: 2,
    unitPriceFen: 2000,
    amountFen: 4000,
    source: 'manual',
    bedId: null,
    reversesId: null,
    deptId: 7,
    execDeptId: 7,
    doctorId: null,
    settlementId: null,
    emergency: 0,
    ...over,
  };
}

describe('inpatient-charges plan: reversalOf', () => {
  it('is the negative row on the same day and category, pointing at the row', () => {
    const r = reversalOf(row(), '录错');
    expect(r).to.include({
      quantity: -2,
      amountFen: -4000,
      reversesId: 5,
      chargeDay: D,
      reason: '录错',
      sourceKey: null,
    });
  });
  const refused: Array<[string, Partial<ChargeRowLike>, string]> = [
    ['a reversal row', { reversesId: 4, quantity: -1, amountFen: -2000 }, 'is_reversal'],
    ['a settled row', { settlementId: 9 }, 'settled'],
  ];
  for (const [name, over, why] of refused) {
    it(`refuses ${name}`, () => {
      expect(reversalRefusal(row(over))).to.equal(why);
      expect(() => reversalOf(row(over), 'x')).to.throw(RangeError);
    });
  }
});

describe('inpatient-charges plan: feeList', () => {
  it('groups by day and category with totals, reversals netted, a fully reversed item left out', () => {
    const rows = [
      row({ chargeDay: '2026-12-08', amountFen: 2000, quantity: 1 }),
      row({ chargeDay: D, amountFen: 2000, quantity: 1 }),
      row({
        chargeDay: D,
        catalogItemId: 200,
        itemName: '换药',
        chargeCategory: '05',
        quantity: 1,
        unitPriceFen: 1500,
        amountFen: 1500,
      }),
      row({
        chargeDay: D,
        catalogItemId: 200,
        itemName: '换药',
        chargeCategory: '05',
        quantity: -1,
        unitPriceFen: 1500,
        amountFen: -1500,
        reversesId: 6,
      }),
      row({
        chargeDay: D,
        catalogItemId: 300,
        itemName: '吸氧',
        chargeCategory: '05',
        quantity: 3,
        unitPriceFen: 300,
        amountFen: 900,
      }),
    ];
    const f = feeList(rows);
    expect(f.totalFen).to.equal(4900);
    expect(f.categories).to.deep.equal([
      { category: '01', amountFen: 4000 },
      { category: '05', amountFen: 900 },
    ]);
    expect(f.days.map((d) => [d.day, d.totalFen])).to.deep.equal([
      ['2026-12-08', 2000],
      [D, 2900],
    ]);
    expect(f.days[1]!.items.map((i) => [i.name, i.quantity, i.amountFen])).to.deep.equal([
      ['床位费', 1, 2000],
      ['吸氧', 3, 900],
    ]);
    expect(f.days[1]!.categories).to.deep.equal([
      { category: '01', amountFen: 2000 },
      { category: '05', amountFen: 900 },
    ]);
  });
  it('is empty for no rows', () => expect(feeList([])).to.deep.equal({ days: [], categories: [], totalFen: 0 }));
});
