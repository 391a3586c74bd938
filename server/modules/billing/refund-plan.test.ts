// The refund plan (pure): table-driven, no database, no server.
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import type { LineBalance } from './ledger.js';
import { planRefund, share, type RefundBillLine, type RefundOrderRow, type RefundPlanInput } from './refund-plan.js';

// A charge of 2000 fen: a prescription (order 1: 24 capsules for 1250, 10 bags for 748) and a
// service (order 2: 4 units for 2 fen).
const line = (id: number, orderLineId: number, quantity: number, amount: number): RefundBillLine => ({
  id,
  bill_id: 1,
  order_line_id: orderLineId,
  registration_id: null,
  item_id: 100 + id,
  quantity,
  unit_price_fen: 1,
  amount_fen: amount,
  charge_category: '01',
  reverses_line_id: null,
});
const LINES = [line(1, 11, 24, 1250), line(2, 12, 10, 748), line(3, 21, 4, 2)];

function balances(b: Record<number, Partial<LineBalance>> = {}): Map<number, LineBalance> {
  return new Map(
    LINES.map((l) => {
      const x = { refunded: 0, refundedFen: 0, outstanding: 0, ...b[l.id] };
      const refundable = Math.max(0, l.quantity - x.refunded - x.outstanding);
      return [l.id, { billLineId: l.id, paid: l.quantity, refundable, ...x }];
    }),
  );
}

const orders = (status1: RefundOrderRow['status'] = 'paid'): RefundOrderRow[] => [
  { order_line_id: 11, order_id: 1, kind: 'western', status: status1, pharmacy_id: 5 },
  { order_line_id: 12, order_id: 1, kind: 'western', status: status1, pharmacy_id: 5 },
  { order_line_id: 21, order_id: 2, kind: 'service', status: 'paid', pharmacy_id: null },
];

function input(over: Partial<RefundPlanInput> = {}, lines = [{ billLineId: 3, quantity: 1 }]): RefundPlanInput {
  return {
    input: { originalBillId: 1, lines, method: null },
    original: { id: 1, kind: 'charge', total_fen: 2000, insurance_fund_fen: 0 },
    lines: LINES,
    balances: balances(),
    orders: orders(),
    orderLines: [
      { id: 11, order_id: 1 },
      { id: 12, order_id: 1 },
      { id: 21, order_id: 2 },
    ],
    payments: [
      { method: 'cash', amount_fen: 500 },
      { method: 'wechat', amount_fen: 1500 },
    ],
    ...over,
  };
}

function refusal(i: RefundPlanInput): DomainError {
  try {
    planRefund(i);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the plan did not refuse');
}

describe('refund plan (退费, pure)', () => {
  const refused: Array<[string, RefundPlanInput, number, string, string]> = [
    ['a missing bill', input({ original: undefined }), 404, 'not_found', 'billId'],
    [
      'a refund bill',
      input({ original: { id: 1, kind: 'refund', total_fen: -1, insurance_fund_fen: 0 } }),
      409,
      'not_a_charge',
      'billId',
    ],
    ['no lines', input({}, []), 422, 'invalid', 'lines'],
    [
      'an unknown method',
      input({ input: { originalBillId: 1, lines: [{ billLineId: 3, quantity: 1 }], method: 'gold' as never } }),
      422,
      'invalid',
      'method',
    ],
    ['a line of another bill', input({}, [{ billLineId: 99, quantity: 1 }]), 422, 'invalid', 'lines.0.billLineId'],
    [
      'a line twice',
      input({}, [
        { billLineId: 3, quantity: 1 },
        { billLineId: 3, quantity: 1 },
      ]),
      422,
      'invalid',
      'lines.1.billLineId',
    ],
    ['a fractional quantity', input({}, [{ billLineId: 3, quantity: 1.5 }]), 422, 'invalid', 'lines.0.quantity'],
    [
      'more than is refundable',
      input({}, [{ billLineId: 3, quantity: 5 }]),
      409,
      'refund_exceeds_refundable',
      'lines.0.quantity',
    ],
    [
      'drugs dispensed and not returned',
      input({ balances: balances({ 1: { outstanding: 20 } }), orders: orders('dispensed') }, [
        { billLineId: 1, quantity: 5 },
      ]),
      409,
      'refund_exceeds_refundable',
      'lines.0.quantity',
    ],
    [
      'part of an undispensed prescription',
      input({}, [{ billLineId: 1, quantity: 24 }]),
      409,
      'refund_whole_prescription',
      'lines',
    ],
  ];
  for (const [what, i, status, code, field] of refused) {
    it(`refuses ${what} (${status} ${code})`, () => {
      const e = refusal(i);
      expect({ status: e.status, code: e.code, field: e.field }).to.deep.equal({ status, code, field });
    });
  }

  const planned: Array<[string, RefundPlanInput, Record<string, unknown>]> = [
    [
      'a whole undispensed prescription: cancelled, back by the main payment',
      input({}, [
        { billLineId: 1, quantity: 24 },
        { billLineId: 2, quantity: 10 },
      ]),
      {
        refundTotal: 1998,
        patientBack: 1998,
        fundBack: 0,
        method: 'wechat',
        keptFen: 2,
        cancelledOrderIds: [1],
        orderIds: [1],
        pharmacyIds: [5],
      },
    ],
    [
      'part of a dispensed prescription at its half-up share (4/24 of 1250 = 208)',
      input({ balances: balances({ 1: { outstanding: 20 } }), orders: orders('dispensed') }, [
        { billLineId: 1, quantity: 4 },
      ]),
      { refundTotal: 208, cancelledOrderIds: [], orderIds: [1] },
    ],
    [
      'the last part of a line gets what is left of it',
      input({ balances: balances({ 2: { refunded: 9, refundedFen: 675 } }), orders: orders('dispensed') }, [
        { billLineId: 2, quantity: 1 },
      ]),
      { refundTotal: 73, priorRefunds: 675 },
    ],
    [
      'a service in part, by the method chosen',
      input({ input: { originalBillId: 1, lines: [{ billLineId: 3, quantity: 2 }], method: 'cash' } }),
      { refundTotal: 1, method: 'cash', cancelledOrderIds: [], orderIds: [2], pharmacyIds: [] },
    ],
    [
      'rounding capped: small refunds never give back more than the line (1 of 4 after 2 fen given back)',
      input({ balances: balances({ 3: { refunded: 2, refundedFen: 2 } }) }, [{ billLineId: 3, quantity: 1 }]),
      { refundTotal: 0, patientBack: 0, method: null },
    ],
    [
      "the fund's part back in proportion",
      input({ original: { id: 1, kind: 'charge', total_fen: 2000, insurance_fund_fen: 1200 } }, [
        { billLineId: 1, quantity: 24 },
        { billLineId: 2, quantity: 10 },
      ]),
      { refundTotal: 1998, fundBack: 1199, patientBack: 799 },
    ],
  ];
  for (const [what, i, expected] of planned) {
    it(`plans ${what}`, () => {
      expect(planRefund(i)).to.deep.include(expected);
    });
  }

  it('share is half-up on whole fen', () => {
    expect([share(1250, 4, 24), share(750, 3, 10), share(2, 1, 4), share(1, 1, 2)]).to.deep.equal([208, 225, 1, 1]);
  });
});
