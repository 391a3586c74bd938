// The counting rule of reconciliation and reports on hand-made settlements (no database).
import { expect } from 'chai';
import { detailLines, entriesIn, groupTotals, settlementReport, type SettlementFact } from './facts.js';

let n = 0;
function fact(v: Partial<SettlementFact>): SettlementFact {
  n++;
  return {
    id: n,
    billId: n,
    setlId: `S${n}`,
    mdtrtId: `M${n}`,
    psnNo: `P${n}`,
    insutype: '390',
    clrType: '11',
    clrOptins: '110105',
    setlDay: '2026-12-08',
    cancelSetlId: null,
    cancelDay: null,
    medfeeSumamtFen: 300000,
    fundPaySumamtFen: 226800,
    acctPayFen: 0,
    psnCashPayFen: 73200,
    hifpPayFen: 226800,
    hifmiPayFen: 0,
    hifobPayFen: 0,
    mafPayFen: 0,
    funds: [{ type: '390100', amountFen: 226800 }],
    ...v,
  };
}

describe('insurance reconciliation: how settlements and reversals count', () => {
  it('a settlement and its reversal both in the period net to zero; the count sends both', () => {
    const a = fact({ cancelSetlId: 'R1', cancelDay: '2026-12-08' });
    const b = fact({ medfeeSumamtFen: 5000, fundPaySumamtFen: 2500, psnCashPayFen: 2500, hifpPayFen: 2500 });
    b.funds = [{ type: '390100', amountFen: 2500 }];
    const [g] = groupTotals(entriesIn([a, b], '2026-12-08', '2026-12-08'));
    expect(g!.totals).to.deep.equal({
      medfeeSumamtFen: 5000,
      fundPaySumamtFen: 2500,
      acctPayFen: 0,
      psnCashPayFen: 2500,
      count: 1,
      settled: 2,
      reversed: 1,
    });
    const lines = detailLines(entriesIn([a], '2026-12-08', '2026-12-08'));
    expect(lines.map((l) => [l.setlId, l.medfeeSumamtFen, l.refdSetlFlag])).to.deep.equal([
      [a.setlId, 300000, '0'],
      ['R1', -300000, '1'],
    ]);
  });

  it('a reversal on a later day counts on its own day only', () => {
    const a = fact({ cancelSetlId: 'R9', cancelDay: '2026-12-09' });
    expect(groupTotals(entriesIn([a], '2026-12-08', '2026-12-08'))[0]!.totals.medfeeSumamtFen).to.equal(300000);
    const next = groupTotals(entriesIn([a], '2026-12-09', '2026-12-09'))[0]!.totals;
    expect([next.medfeeSumamtFen, next.settled, next.reversed, next.count]).to.deep.equal([-300000, 0, 1, -1]);
    expect(entriesIn([a], '2026-12-07', '2026-12-07')).to.deep.equal([]);
  });

  it('lists a group known only from elsewhere (a 单边账) with zero totals', () => {
    const gs = groupTotals(entriesIn([fact({})], '2026-12-08', '2026-12-08'), [
      { insutype: '390', clrType: '11', clrOptins: '110105' },
      { insutype: '310', clrType: '11', clrOptins: '110105' },
    ]);
    expect(gs.map((g) => [g.insutype, g.totals.count, g.totals.medfeeSumamtFen])).to.deep.equal([
      ['310', 0, 0],
      ['390', 1, 300000],
    ]);
  });

  it('groups by insutype, clr_type and clr_optins', () => {
    const facts = [
      fact({}),
      fact({ insutype: '310' }),
      fact({ clrType: '21' }),
      fact({ clrOptins: '110106' }),
      fact({}),
    ];
    const gs = groupTotals(entriesIn(facts, '2026-12-01', '2026-12-31'));
    expect(gs.map((g) => [g.insutype, g.clrType, g.clrOptins, g.totals.count])).to.deep.equal([
      ['310', '11', '110105', 1],
      ['390', '11', '110105', 2],
      ['390', '11', '110106', 1],
      ['390', '21', '110105', 1],
    ]);
  });

  it('the report sums by insutype and by fund; funds + account + cash = medical fees', () => {
    const resident = fact({
      medfeeSumamtFen: 1500000,
      fundPaySumamtFen: 1200000,
      psnCashPayFen: 300000,
      hifpPayFen: 1000000,
      hifmiPayFen: 150000,
      mafPayFen: 50000,
      funds: [
        { type: '390100', amountFen: 1000000 },
        { type: '390200', amountFen: 150000 },
        { type: '610100', amountFen: 50000 },
      ],
    });
    const worker = fact({
      insutype: '310',
      medfeeSumamtFen: 10000,
      fundPaySumamtFen: 6000,
      acctPayFen: 3000,
      psnCashPayFen: 1000,
      hifpPayFen: 6000,
      funds: [],
    });
    const reversed = fact({ cancelSetlId: 'RX', cancelDay: '2026-12-08' });
    const r = settlementReport(entriesIn([resident, worker, reversed], '2026-12-08', '2026-12-08'), 'zh');
    expect(r.byInsutype.map((x) => [x.insutype, x.settled, x.reversed, x.count, x.medfeeSumamtFen])).to.deep.equal([
      ['310', 1, 0, 1, 10000],
      ['390', 2, 1, 1, 1500000],
    ]);
    expect(r.byInsutype[1]!.funds).to.deep.equal({
      pool: 1000000,
      serious: 150000,
      assistance: 50000,
      otherFund: 0,
      account: 0,
      cash: 300000,
    });
    expect(r.byFund.map((f) => [f.code, f.kind, f.count, f.amountFen])).to.deep.equal([
      ['310100', 'pool', 1, 6000],
      ['390100', 'pool', 1, 1000000],
      ['390200', 'serious', 1, 150000],
      ['610100', 'assistance', 1, 50000],
      ['account', 'account', 1, 3000],
      ['cash', 'cash', 2, 301000],
    ]);
    const sum = r.byFund.reduce((s, f) => s + f.amountFen, 0);
    expect(sum).to.equal(r.totals.medfeeSumamtFen);
    expect(r.totals.medfeeSumamtFen).to.equal(1510000);
  });
});
