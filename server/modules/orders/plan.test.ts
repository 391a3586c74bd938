// The draft's plan (pure): table-driven, no database, no server.
import { expect } from 'chai';
import type { CheckOutcome, DraftOrder, ItemRow } from './checks.js';
import { planOrder, unconfirmedInvoiceCategory } from './plan.js';

const item = (id: number, over: Partial<ItemRow> = {}): ItemRow =>
  ({
    id,
    name: `药品${id}`,
    unit: '粒',
    dose_unit: 'g',
    price_fen: 2400,
    pack_size: 24,
    charge_category: '01',
    invoice_confirmed: 1,
    ...over,
  }) as ItemRow;

const draft = (itemIds: number[]): DraftOrder => ({
  kind: 'western',
  emergency: false,
  supplyReason: null,
  allergyOverrideReason: null,
  herbalDoses: null,
  pharmacyId: 9,
  lines: itemIds.map((itemId) => ({
    itemId,
    dose: '0.5',
    doseUnit: null,
    frequency: 'bid',
    route: 'po',
    days: 3,
    quantity: null,
    note: null,
  })),
});

const outcome = (quantities: Array<number | null>): CheckOutcome =>
  ({ problems: [], quantities }) as unknown as CheckOutcome;

describe('order plan (pure): priced lines and the signing check', () => {
  const cases: Array<[string, ItemRow[], Array<number | null>, number[], number]> = [
    ['a whole pack', [item(1)], [24], [2400], 2400],
    ['a part pack, half-up once per line (13 of 24 at 2400 = 1300)', [item(1)], [13], [1300], 1300],
    ['a line the checks could not count is left out', [item(1), item(2)], [null, 12], [1200], 1200],
    ['an unknown item is left out', [], [24], [], 0],
  ];
  for (const [what, items, quantities, amounts, total] of cases) {
    it(what, () => {
      const ids = quantities.map((_, i) => i + 1);
      const p = planOrder(draft(ids), new Map(items.map((x) => [x.id, x])), outcome(quantities));
      expect(p.lines.map((l) => l.amountFen)).to.deep.equal(amounts);
      expect(p.totalFen).to.equal(total);
    });
  }

  it("takes the item's dose unit when the line gives a dose without one, and the item's category", () => {
    const p = planOrder(draft([1]), new Map([[1, item(1, { charge_category: '02' })]]), outcome([24]));
    expect(p.lines[0]).to.include({ doseUnit: 'g', chargeCategory: '02', unitPriceFen: 2400, packSize: 24 });
  });

  it('refuses to sign an item without a saved invoice category, naming the line', () => {
    const items = new Map([
      [1, item(1)],
      [2, item(2, { invoice_confirmed: 0 })],
    ]);
    const e = unconfirmedInvoiceCategory(draft([1, 2]), items);
    expect({ status: e?.status, code: e?.code, field: e?.field }).to.deep.equal({
      status: 422,
      code: 'invoice_unconfirmed',
      field: 'lines.1.itemId',
    });
    expect(unconfirmedInvoiceCategory(draft([1]), items)).to.equal(null);
  });
});
