// The pharmacy's write plans, table-driven (pure: no database, no server).
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import { planDispense, planReturn } from './plan.js';
import type { DispenseLineRow, LineRow, LotRow, OrderRow } from './repo.js';

const DAY = '2026-11-26';

const order: OrderRow = {
  id: 7,
  visit_id: 1,
  patient_id: 2,
  doctor_staff_id: 3,
  doctor_name: '李医生',
  department_id: 4,
  department_name: '内科',
  kind: 'western',
  status: 'paid',
  pharmacy_id: 9,
  herbal_doses: null,
  paid_at: 1,
  signed_at: 1,
  dispensed_at: null,
  version: 1,
  patient_name: '张三',
  patient_mrn: 'M1',
  patient_sex: 'M',
  patient_birth_date: '1990-11-27',
  patient_allergies_json: '[]',
  visit_diagnoses_json: '[]',
  refused_at: null,
  refused_reason: null,
};

function line(id: number, itemId: number, quantity: number): LineRow {
  return {
    id,
    order_id: 7,
    line_no: id,
    item_id: itemId,
    dose: null,
    dose_unit: null,
    frequency: null,
    route: null,
    days: null,
    quantity,
    note: null,
    code: `C${itemId}`,
    name: `药${itemId}`,
    spec: null,
    unit: '片',
    pack_unit: '盒',
    pack_size: 10,
    reorder_level: 0,
  };
}

function lot(id: number, itemId: number, expiry: string, qty: number): LotRow {
  return { id, item_id: itemId, lot_no: `L${id}`, expiry_date: expiry, qty_on_hand: qty };
}

function dispense(lines: LineRow[], lots: LotRow[]) {
  return planDispense({
    order,
    lines,
    lots,
    day: DAY,
    pharmacyId: 9,
    pharmacyName: '门诊药房',
    pharmacistName: '王药师',
    at: 100,
  });
}

describe('pharmacy plans (pure)', () => {
  describe('planDispense', () => {
    const cases: Array<{
      name: string;
      lines: LineRow[];
      lots: LotRow[];
      takes: Array<[line: number, lotId: number, qty: number]>;
      stock: Array<[itemId: number, before: number, after: number]>;
    }> = [
      {
        name: 'one line from the first-expiring lot',
        lines: [line(1, 100, 5)],
        lots: [lot(11, 100, '2027-01-01', 20), lot(12, 100, '2028-01-01', 20)],
        takes: [[0, 11, 5]],
        stock: [[100, 40, 35]],
      },
      {
        name: 'spills into the next lot, skipping an expired and an empty one (expired not in on hand)',
        lines: [line(1, 100, 25)],
        lots: [
          lot(10, 100, '2026-11-25', 50),
          lot(11, 100, '2027-01-01', 0),
          lot(12, 100, '2027-02-01', 20),
          lot(13, 100, '2028-01-01', 20),
        ],
        takes: [
          [0, 12, 20],
          [0, 13, 5],
        ],
        stock: [[100, 40, 15]],
      },
      {
        name: 'a lot expiring today is still usable',
        lines: [line(1, 100, 3)],
        lots: [lot(11, 100, DAY, 3)],
        takes: [[0, 11, 3]],
        stock: [[100, 3, 0]],
      },
      {
        name: 'two lines of the same item draw in turn; one stock figure per item, in line order',
        lines: [line(1, 200, 4), line(2, 100, 1), line(3, 200, 4)],
        lots: [lot(21, 200, '2027-01-01', 6), lot(22, 200, '2027-06-01', 6), lot(11, 100, '2027-01-01', 1)],
        takes: [
          [0, 21, 4],
          [1, 11, 1],
          [2, 21, 2],
          [2, 22, 2],
        ],
        stock: [
          [200, 12, 4],
          [100, 1, 0],
        ],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const p = dispense(c.lines, c.lots);
        expect(p.takes.map((k) => [k.line, k.lotId, k.quantity])).to.deep.equal(c.takes);
        for (const k of p.takes) {
          expect(k.orderLineId).to.equal(c.lines[k.line]!.id);
          expect(k.itemId).to.equal(c.lines[k.line]!.item_id);
        }
        expect(p.stock).to.deep.equal(
          c.stock.map(([itemId, before, after]) => ({ itemId, locationId: 9, before, after })),
        );
        expect(p.labels).to.have.length(c.lines.length);
      });
    }

    const refused: Array<{ name: string; lines: LineRow[]; lots: LotRow[]; field: string; details: object }> = [
      {
        name: 'not enough usable stock (expired stock named)',
        lines: [line(1, 100, 5)],
        lots: [lot(10, 100, '2026-01-01', 9), lot(11, 100, '2027-01-01', 4)],
        field: 'lines.0',
        details: { orderLineId: 1, itemId: 100, needed: 5, available: 4, expired: 9 },
      },
      {
        name: 'the second line of an item finds what the first left',
        lines: [line(1, 100, 3), line(2, 100, 3)],
        lots: [lot(11, 100, '2027-01-01', 5)],
        field: 'lines.1',
        details: { orderLineId: 2, itemId: 100, needed: 3, available: 2, expired: 0 },
      },
      {
        name: 'no lot at all',
        lines: [line(1, 100, 1)],
        lots: [],
        field: 'lines.0',
        details: { orderLineId: 1, itemId: 100, needed: 1, available: 0, expired: 0 },
      },
    ];
    for (const c of refused) {
      it(`refuses: ${c.name}`, () => {
        try {
          dispense(c.lines, c.lots);
          expect.fail('planned');
        } catch (e) {
          expect(e).to.be.instanceOf(DomainError);
          const d = e as DomainError;
          expect([d.status, d.code, d.field]).to.deep.equal([409, 'insufficient_stock', c.field]);
          expect(d.details).to.deep.equal(c.details);
        }
      });
    }

    it('shapes the label and the slip from what it planned (age on the day, packs, lots)', () => {
      const p = dispense([line(1, 100, 25)], [lot(11, 100, '2027-01-01', 20), lot(12, 100, '2027-02-01', 20)]);
      const label = p.labels[0] as Record<string, unknown>;
      expect(label.patient).to.deep.equal({ name: '张三', mrn: 'M1', sex: 'M', age: 35 });
      expect([label.packs, label.units, label.at]).to.deep.equal([2, 5, 100]);
      expect(label.lots).to.deep.equal([
        { lotNo: 'L11', expiryDate: '2027-01-01' },
        { lotNo: 'L12', expiryDate: '2027-02-01' },
      ]);
      const slip = p.slip as { pharmacist: string; lines: Array<{ lots: unknown[] }> };
      expect(slip.pharmacist).to.equal('王药师');
      expect(slip.lines[0]!.lots).to.deep.equal([
        { lotNo: 'L11', expiryDate: '2027-01-01', quantity: 20 },
        { lotNo: 'L12', expiryDate: '2027-02-01', quantity: 5 },
      ]);
    });
  });

  describe('planReturn', () => {
    const lines = [line(1, 100, 10), line(2, 200, 4)];
    // Line 1 was dispensed from lots 11 (6) and 12 (4) by dispensation 50; 2 went back to lot 12 (dispensation 51).
    const dl = (id: number, disp: number, orderLineId: number, lotId: number, quantity: number): DispenseLineRow => ({
      id,
      dispensation_id: disp,
      order_line_id: orderLineId,
      lot_id: lotId,
      quantity,
      lot_no: `L${lotId}`,
      expiry_date: '2027-01-01',
      item_id: orderLineId === 1 ? 100 : 200,
    });
    const dls = [dl(1, 50, 1, 11, 6), dl(2, 50, 1, 12, 4), dl(3, 50, 2, 21, 4), dl(4, 51, 1, 12, -2)];

    const cases: Array<{
      name: string;
      req: Array<{ orderLineId: number; quantity: number }>;
      back: Array<[orderLineId: number, lotId: number, qty: number, sourceDispensation: number]>;
      status: 'returned' | 'dispensed';
    }> = [
      {
        name: 'newest allocation first: what is left of lot 12, then lot 11',
        req: [{ orderLineId: 1, quantity: 5 }],
        back: [
          [1, 12, 2, 50],
          [1, 11, 3, 50],
        ],
        status: 'dispensed',
      },
      {
        name: 'everything left comes back: the order is returned',
        req: [
          { orderLineId: 2, quantity: 4 },
          { orderLineId: 1, quantity: 8 },
        ],
        back: [
          [2, 21, 4, 50],
          [1, 12, 2, 50],
          [1, 11, 6, 50],
        ],
        status: 'returned',
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const p = planReturn(c.req, lines, dls);
        expect(p.givebacks.map((g) => [g.orderLineId, g.lotId, g.quantity, g.sourceDispensationId])).to.deep.equal(
          c.back,
        );
        expect(p.status).to.equal(c.status);
        expect(p.work.map((w) => [w.line.id, w.quantity])).to.deep.equal(c.req.map((r) => [r.orderLineId, r.quantity]));
      });
    }

    const refused: Array<{
      name: string;
      req: Array<{ orderLineId: number; quantity: number }>;
      code: string;
      field: string;
    }> = [
      {
        name: 'a line of another prescription',
        req: [{ orderLineId: 99, quantity: 1 }],
        code: 'invalid',
        field: 'lines.0.orderLineId',
      },
      {
        name: 'a line listed twice',
        req: [
          { orderLineId: 1, quantity: 1 },
          { orderLineId: 1, quantity: 1 },
        ],
        code: 'invalid',
        field: 'lines.1.orderLineId',
      },
      {
        name: 'more than is left dispensed',
        req: [{ orderLineId: 1, quantity: 9 }],
        code: 'over_return',
        field: 'lines.0.quantity',
      },
    ];
    for (const c of refused) {
      it(`refuses: ${c.name}`, () => {
        expect(() => planReturn(c.req, lines, dls))
          .to.throw(DomainError)
          .that.satisfies((e: DomainError) => e.code === c.code && e.field === c.field);
      });
    }
  });
});
