// The posting plan of stock documents, table-driven (pure: no database, no server).
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import { type KnownLot, type LinesPlan, planLines, planReversal, planStocktake } from './posting.js';
import type { NewLine } from './repo.js';

const STORE = 1;
const PHARMACY = 2;

function line(v: Partial<NewLine> & { itemId: number; quantity: number }): NewLine {
  return {
    lotId: null,
    lotNo: null,
    expiryDate: null,
    purchasePriceFen: null,
    reason: null,
    ...v,
  };
}

const stored = [{ id: 501 }, { id: 502 }, { id: 503 }];
const sources = new Map([
  [11, { manufacturer: '甲药厂', approval_no: '国药准字H1' }],
  [12, { manufacturer: null, approval_no: null }],
]);

const short = (p: LinesPlan) => ({
  newLots: p.newLots.map((l) => [l.itemId, l.locationId, l.lotNo, l.manufacturer]),
  moves: p.moves.map((m) => [m.line, 'id' in m.lot ? m.lot.id : `new${m.lot.newLot}`, m.locationId, m.delta, m.reason]),
  lineLots: p.lineLots.map((u) => [u.lineId, 'id' in u.lot ? u.lot.id : `new${u.lot.newLot}`, u.quantity]),
  touched: p.touched.map((t) => [t.itemId, t.locationId]),
});

describe('stock posting plan (pure)', () => {
  const cases: Array<{
    name: string;
    type: string;
    counterpartId?: number;
    lines: NewLine[];
    receiving?: Array<[key: string, lot: KnownLot]>;
    want: ReturnType<typeof short>;
  }> = [
    {
      name: 'receipt: a new lot per new lot number, an existing one filled; the lines get their lots',
      type: 'receipt',
      lines: [
        line({ itemId: 7, quantity: 100, lotNo: 'A', expiryDate: '2028-01-01', purchasePriceFen: 500 }),
        line({ itemId: 7, quantity: 50, lotNo: 'B', expiryDate: '2028-02-01', purchasePriceFen: 500 }),
        line({
          itemId: 8,
          quantity: 10,
          lotNo: 'A',
          expiryDate: '2029-01-01',
          purchasePriceFen: 90,
          manufacturer: '乙',
        }),
      ],
      receiving: [['7\nB', { id: 40, expiry_date: '2028-02-01', purchase_price_fen: 500 }]],
      want: {
        newLots: [
          [7, STORE, 'A', null],
          [8, STORE, 'A', '乙'],
        ],
        moves: [
          [0, 'new0', STORE, 100, 'receipt'],
          [1, 40, STORE, 50, 'receipt'],
          [2, 'new1', STORE, 10, 'receipt'],
        ],
        lineLots: [
          [501, 'new0', 100],
          [502, 40, 50],
          [503, 'new1', 10],
        ],
        touched: [
          [7, STORE],
          [7, STORE],
          [8, STORE],
        ],
      },
    },
    {
      name: 'receipt: two lines of one new lot create it once',
      type: 'receipt',
      lines: [
        line({ itemId: 7, quantity: 1, lotNo: 'A', expiryDate: '2028-01-01', purchasePriceFen: 500 }),
        line({ itemId: 7, quantity: 2, lotNo: 'A', expiryDate: '2028-01-01', purchasePriceFen: 500 }),
      ],
      want: {
        newLots: [[7, STORE, 'A', null]],
        moves: [
          [0, 'new0', STORE, 1, 'receipt'],
          [1, 'new0', STORE, 2, 'receipt'],
        ],
        lineLots: [
          [501, 'new0', 1],
          [502, 'new0', 2],
        ],
        touched: [
          [7, STORE],
          [7, STORE],
        ],
      },
    },
    {
      name: 'transfer: out of the source lot, into the receiving lot (found, or made with the source lot’s maker)',
      type: 'transfer',
      counterpartId: PHARMACY,
      lines: [
        line({ itemId: 7, quantity: 3, lotId: 11, lotNo: 'A', expiryDate: '2028-01-01', purchasePriceFen: 500 }),
        line({ itemId: 8, quantity: 4, lotId: 12, lotNo: 'C', expiryDate: '2028-01-01', purchasePriceFen: 90 }),
      ],
      receiving: [['8\nC', { id: 60, expiry_date: '2028-01-01', purchase_price_fen: 90 }]],
      want: {
        newLots: [[7, PHARMACY, 'A', '甲药厂']],
        moves: [
          [0, 11, STORE, -3, 'transfer_out'],
          [0, 'new0', PHARMACY, 3, 'transfer_in'],
          [1, 12, STORE, -4, 'transfer_out'],
          [1, 60, PHARMACY, 4, 'transfer_in'],
        ],
        lineLots: [],
        touched: [
          [7, STORE],
          [7, PHARMACY],
          [8, STORE],
          [8, PHARMACY],
        ],
      },
    },
    {
      name: 'loss: out of the lot, nothing created',
      type: 'loss',
      lines: [line({ itemId: 7, quantity: 5, lotId: 11, lotNo: 'A' })],
      want: { newLots: [], moves: [[0, 11, STORE, -5, 'loss']], lineLots: [], touched: [[7, STORE]] },
    },
    {
      name: 'requisition: moves nothing',
      type: 'requisition',
      counterpartId: PHARMACY,
      lines: [line({ itemId: 7, quantity: 5 })],
      want: { newLots: [], moves: [], lineLots: [], touched: [] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = planLines(
        { type: c.type, locationId: STORE, counterpartId: c.counterpartId ?? null },
        stored,
        c.lines,
        new Map(c.receiving ?? []),
        sources,
      );
      expect(short(p)).to.deep.equal(c.want);
    });
  }

  const clashes: Array<{ name: string; type: string; lines: NewLine[]; field: string }> = [
    {
      name: 'a receipt line at another price than the existing lot',
      type: 'receipt',
      lines: [line({ itemId: 7, quantity: 1, lotNo: 'B', expiryDate: '2028-02-01', purchasePriceFen: 501 })],
      field: 'lines.0.lotNo',
    },
    {
      name: 'a transfer into a lot of another expiry',
      type: 'transfer',
      lines: [line({ itemId: 7, quantity: 1, lotId: 11, lotNo: 'B', expiryDate: '2028-03-01', purchasePriceFen: 500 })],
      field: 'lines.0.lotId',
    },
    {
      name: 'a second receipt line of a new lot with another expiry',
      type: 'receipt',
      lines: [
        line({ itemId: 9, quantity: 1, lotNo: 'N', expiryDate: '2028-01-01', purchasePriceFen: 5 }),
        line({ itemId: 9, quantity: 1, lotNo: 'N', expiryDate: '2028-01-02', purchasePriceFen: 5 }),
      ],
      field: 'lines.1.lotNo',
    },
  ];
  for (const c of clashes) {
    it(`refuses 409 lot_clash: ${c.name}`, () => {
      const receiving = new Map([['7\nB', { id: 40, expiry_date: '2028-02-01', purchase_price_fen: 500 }]]);
      expect(() =>
        planLines({ type: c.type, locationId: STORE, counterpartId: PHARMACY }, stored, c.lines, receiving, sources),
      )
        .to.throw(DomainError)
        .that.satisfies((e: DomainError) => e.status === 409 && e.code === 'lot_clash' && e.field === c.field);
    });
  }

  describe('stock-take', () => {
    // A stock-take line as stored: counted or not, with its lot (null: found at the count).
    const st = (
      id: number,
      v: { itemId: number; lotId: number | null; lotNo: string; snapshot: number | null; counted: number | null },
    ) =>
      ({
        id,
        doc_id: 1,
        line_no: id,
        item_id: v.itemId,
        lot_id: v.lotId,
        lot_no: v.lotNo,
        expiry_date: '2028-01-01',
        purchase_price_fen: 100,
        quantity: null,
        snapshot_qty: v.snapshot,
        counted_qty: v.counted,
        counted_by: null,
        counted_at: null,
        reason: null,
        old_price_fen: null,
        new_price_fen: null,
        manufacturer: null,
        approval_no: null,
      }) as Parameters<typeof planStocktake>[1][number];

    const cases: Array<{
      name: string;
      lines: ReturnType<typeof st>[];
      existing?: Array<[string, KnownLot]>;
      since?: Array<[number, number]>;
      moves: Array<[line: number, lot: number | string, delta: number]>;
      lineLots: Array<[lineId: number, lot: number | string, variance: number]>;
    }> = [
      {
        name: 'count − snapshot per lot; a lot counted as booked moves nothing',
        lines: [
          st(1, { itemId: 7, lotId: 11, lotNo: 'A', snapshot: 10, counted: 8 }),
          st(2, { itemId: 7, lotId: 12, lotNo: 'B', snapshot: 5, counted: 5 }),
        ],
        moves: [[0, 11, -2]],
        lineLots: [
          [1, 11, -2],
          [2, 12, 0],
        ],
      },
      {
        name: 'moves since the snapshot carry over (dispensing while counting)',
        lines: [st(1, { itemId: 7, lotId: 11, lotNo: 'A', snapshot: 10, counted: 6 })],
        since: [[11, -4]],
        moves: [[0, 11, -4]],
        lineLots: [[1, 11, -4]],
      },
      {
        name: 'a found lot: the one already there, else a new one',
        lines: [
          st(1, { itemId: 7, lotId: null, lotNo: 'OLD', snapshot: 0, counted: 3 }),
          st(2, { itemId: 8, lotId: null, lotNo: 'NEW', snapshot: 0, counted: 2 }),
        ],
        existing: [['7\nOLD', { id: 40, expiry_date: '2028-01-01', purchase_price_fen: 100 }]],
        moves: [
          [0, 40, 3],
          [1, 'new0', 2],
        ],
        lineLots: [
          [1, 40, 3],
          [2, 'new0', 2],
        ],
      },
    ];
    const ref = (r: { id: number } | { newLot: number }) => ('id' in r ? r.id : `new${r.newLot}`);
    for (const c of cases) {
      it(c.name, () => {
        const p = planStocktake(STORE, c.lines, new Map(c.existing ?? []), new Map(c.since ?? []));
        expect(p.moves.map((m) => [m.line, ref(m.lot), m.delta])).to.deep.equal(c.moves);
        expect(p.lineLots.map((u) => [u.lineId, ref(u.lot), u.quantity])).to.deep.equal(c.lineLots);
        expect(p.moves.every((m) => m.reason === 'stocktake' && m.locationId === STORE)).to.equal(true);
      });
    }

    const refused: Array<{
      name: string;
      lines: ReturnType<typeof st>[];
      since?: Array<[number, number]>;
      code: string;
      field: string;
    }> = [
      {
        name: 'a line not counted yet',
        lines: [
          st(1, { itemId: 7, lotId: 11, lotNo: 'A', snapshot: 10, counted: 10 }),
          st(2, { itemId: 7, lotId: 12, lotNo: 'B', snapshot: 5, counted: null }),
        ],
        code: 'invalid',
        field: 'lines.1.countedQty',
      },
      {
        name: 'more went out since the snapshot than was counted',
        lines: [st(1, { itemId: 7, lotId: 11, lotNo: 'A', snapshot: 10, counted: 2 })],
        since: [[11, -3]],
        code: 'would_go_negative',
        field: 'lines.0.countedQty',
      },
    ];
    for (const c of refused) {
      it(`refuses: ${c.name}`, () => {
        expect(() => planStocktake(STORE, c.lines, new Map(), new Map(c.since ?? [])))
          .to.throw(DomainError)
          .that.satisfies((e: DomainError) => e.code === c.code && e.field === c.field);
      });
    }
  });

  describe('reversal', () => {
    it(
      'negates every move, taking stock back before giving it back, each naming its line and the move ' + 'it undoes',
      () => {
        const moves = [
          { id: 90, lot_id: 11, item_id: 7, location_id: STORE, qty_delta: -3, reason: 'transfer_out' as const },
          { id: 91, lot_id: 21, item_id: 7, location_id: PHARMACY, qty_delta: 3, reason: 'transfer_in' as const },
          { id: 92, lot_id: 12, item_id: 8, location_id: STORE, qty_delta: -4, reason: 'transfer_out' as const },
          { id: 93, lot_id: 22, item_id: 8, location_id: PHARMACY, qty_delta: 4, reason: 'transfer_in' as const },
        ];
        const lots = new Map([
          [11, { lot_no: 'A' }],
          [21, { lot_no: 'A' }],
          [12, { lot_no: 'C' }],
          [22, { lot_no: 'C' }],
        ]);
        const lines = [
          { item_id: 7, lot_no: 'A' },
          { item_id: 8, lot_no: 'C' },
        ];
        expect(
          planReversal(moves, lots, lines).map((m) => [m.line, m.lotId, m.delta, m.reason, m.reversesId]),
        ).to.deep.equal([
          [0, 21, -3, 'transfer_in', 91],
          [1, 22, -4, 'transfer_in', 93],
          [0, 11, 3, 'transfer_out', 90],
          [1, 12, 4, 'transfer_out', 92],
        ]);
      },
    );
  });
});
