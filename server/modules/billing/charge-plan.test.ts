// The charge plan (pure): table-driven, no database, no server.
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import { planCharge, unusualAmount, type ChargePlanInput, type OrderedLine } from './charge-plan.js';

const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 11, 7, 4, 0, 0); // 2026-12-07 12:00 in Shanghai
const DAY = 86_400_000;

function line(over: Partial<OrderedLine> = {}): OrderedLine {
  return {
    id: 11,
    order_id: 1,
    line_no: 1,
    item_id: 100,
    quantity: 2,
    unit_price_fen: 1500,
    pack_size: 1,
    amount_fen: 3000,
    charge_category: '01',
    name: '阿莫西林胶囊',
    spec: '0.25g×24粒',
    unit: '粒',
    pack_unit: '盒',
    invoice_confirmed: 1,
    item_charge_category: '01',
    ...over,
  };
}

function input(over: Partial<ChargePlanInput> = {}): ChargePlanInput {
  return {
    patientId: 7,
    orderIds: [1],
    payer: 'cash',
    confirmUnusual: false,
    orders: [{ id: 1, patient_id: 7, visit_id: 3, status: 'signed', kind: 'western', signed_at: NOW, valid_days: 1 }],
    lines: [line()],
    now: NOW,
    timeZone: TZ,
    warn: { lineWarnFen: 50_000, billWarnFen: 200_000 },
    otherPayerVisits: [],
    ...over,
  };
}

function refusal(i: ChargePlanInput): DomainError {
  try {
    planCharge(i);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the plan did not refuse');
}

const order = (over: Partial<ChargePlanInput['orders'][number]>) => [{ ...input().orders[0]!, ...over }];

describe('charge plan (划价收费, pure)', () => {
  const refused: Array<[string, Partial<ChargePlanInput>, number, string, string]> = [
    ['an unknown order', { orders: [] }, 404, 'not_found', 'orderIds'],
    ["another patient's order", { orders: order({ patient_id: 8 }) }, 422, 'invalid', 'orderIds'],
    ['a cancelled order', { orders: order({ status: 'cancelled' }) }, 409, 'order_cancelled', 'orderIds'],
    ['a draft', { orders: order({ status: 'draft' }) }, 409, 'order_not_signed', 'orderIds'],
    ['a paid order', { orders: order({ status: 'paid' }) }, 409, 'already_paid', 'orderIds'],
    ['a dispensed order', { orders: order({ status: 'dispensed' }) }, 409, 'already_paid', 'orderIds'],
    [
      'a prescription past its validity',
      { orders: order({ signed_at: NOW - 3 * DAY, valid_days: 3 }) },
      409,
      'prescription_expired',
      'orderIds',
    ],
    [
      'an item without a saved invoice category',
      { lines: [line({ invoice_confirmed: 0 })] },
      422,
      'invalid',
      'orderIds',
    ],
    [
      'a line above the line warning',
      { lines: [line({ amount_fen: 50_001 })] },
      409,
      'unusual_amount',
      'confirmUnusual',
    ],
    [
      'a bill above the bill warning',
      {
        lines: [line({ amount_fen: 150_000 }), line({ id: 12, amount_fen: 50_001 })],
        warn: { lineWarnFen: 0, billWarnFen: 200_000 },
      },
      409,
      'unusual_amount',
      'confirmUnusual',
    ],
  ];
  for (const [what, over, status, code, field] of refused) {
    it(`refuses ${what} (${status} ${code})`, () => {
      const e = refusal(input(over));
      expect({ status: e.status, code: e.code, field: e.field }).to.deep.equal({ status, code, field });
    });
  }

  const allowed: Array<[string, Partial<ChargePlanInput>]> = [
    ['a prescription on its last valid day', { orders: order({ signed_at: NOW - 2 * DAY, valid_days: 3 }) }],
    ['a service order signed long ago', { orders: order({ kind: 'service', signed_at: NOW - 30 * DAY }) }],
    ['an unusual amount the cashier confirmed', { lines: [line({ amount_fen: 90_000 })], confirmUnusual: true }],
    [
      'any amount when both warnings are off',
      { lines: [line({ amount_fen: 900_000 })], warn: { lineWarnFen: 0, billWarnFen: 0 } },
    ],
    ['a line exactly at the line warning', { lines: [line({ amount_fen: 50_000 })] }],
  ];
  for (const [what, over] of allowed) {
    it(`charges ${what}`, () => {
      expect(() => planCharge(input(over))).to.not.throw();
    });
  }

  it("charges at the item's saved category, the newest visit, and the visits whose payer switches", () => {
    const p = planCharge(
      input({
        orderIds: [1, 2],
        payer: 'insured',
        orders: [...order({}), { ...order({})[0]!, id: 2, visit_id: 5 }],
        lines: [
          line({ charge_category: '01', item_charge_category: '02' }),
          line({ id: 12, order_id: 2, amount_fen: 120 }),
        ],
        otherPayerVisits: [{ id: 3, payer: 'cash', version: 4 }],
      }),
    );
    expect(p.visitId).to.equal(5);
    expect(p.totalFen).to.equal(3120);
    expect(p.chargeLines.map((l) => [l.orderLineId, l.chargeCategory, l.amountFen])).to.deep.equal([
      [11, '02', 3000],
      [12, '01', 120],
    ]);
    expect(p.payerSwitches).to.deep.equal([{ visitId: 3, from: 'cash', version: 4 }]);
  });

  it('the unusual-amount refusal names the lines and the thresholds', () => {
    const e = unusualAmount(
      [{ name: '胰岛素', amount_fen: 60_000 }],
      60_000,
      { lineWarnFen: 50_000, billWarnFen: 0 },
      false,
    );
    expect(e?.details).to.deep.equal({
      totalFen: 60_000,
      lineWarnFen: 50_000,
      billWarnFen: 0,
      lines: [{ name: '胰岛素', amountFen: 60_000 }],
    });
    expect(e?.text.zh).to.contain('“胰岛素”金额 ¥600.00 超过单项提醒额 ¥500.00');
  });
});
