// The policy engine alone (integer fen, half-up): line splits, 困难群众 大病, 职工 大额, 救助 limits.
import { expect } from 'chai';
import { lineSplit, loadPolicy, type PolicyFile, settle, type YearUse } from './policy.js';
import policyFile from './policy.json' with { type: 'json' };

const policy = loadPolicy(policyFile as PolicyFile);
const none: YearUse = {
  dedcThisAdmission: 0,
  earlierAdmissions: 0,
  dedcOutpatient: 0,
  hifpInpatient: 0,
  hifpOutpatient: 0,
  compliant: 0,
  hifmi: 0,
  hifob: 0,
  maf: 0,
};
const base = {
  level: 'township' as const,
  medType: '21',
  fulamt: 0,
  overlmt: 0,
  preselfpay: 0,
  idetTypes: [] as string[],
  useAccount: false,
  balc: 0,
};

describe('insurer simulator: policy engine', () => {
  it('splits a line: over the cap, 乙 先行自付 half-up, 丙 and unapproved all own pay', () => {
    // 3 × 1.234567 with a cap of 1.00: over = 0.234567 × 3 = 0.703701 → 0.70
    expect(
      lineSplit({
        amount: 370,
        priceMicro: 1_234_567,
        cnt4: 30_000,
        capMicro: 1_000_000,
        lv: '02',
        selfpayBp: 1500,
        ownPay: false,
      }),
    ).to.deep.equal({ overlmt: 70, fulamt: 0, preselfpay: 45, inscp: 255, selfpayBp: 1500 });
    expect(
      lineSplit({
        amount: 1000,
        priceMicro: 10_000_000,
        cnt4: 10_000,
        capMicro: 0,
        lv: '01',
        selfpayBp: 1000,
        ownPay: true,
      }),
    ).to.deep.equal({ overlmt: 0, fulamt: 1000, preselfpay: 0, inscp: 0, selfpayBp: 10_000 });
  });

  it('困难群众 大病: half the threshold, five points more; then 救助 on what is left', () => {
    const a = settle(policy, {
      ...base,
      insutype: '390',
      medfee: 2_000_000,
      inscp: 2_000_000,
      idetTypes: ['2101'],
      year: { ...none, compliant: 500_000 },
    });
    // pool 17,820; 合规自付 2,180 → year 7,180 over 6,000: 1,180 × 65% = 767; 救助 (2,180 − 767) × 80%
    expect([a.dedc, a.hifp, a.hifmi, a.maf]).to.deep.equal([20_000, 1_782_000, 76_700, 113_040]);
    expect(a.fund + a.cash).to.equal(2_000_000);
  });

  it('职工 大额 pays 90% of what the basic yearly cap left', () => {
    const a = settle(policy, {
      ...base,
      insutype: '310',
      medfee: 1_000_000,
      inscp: 1_000_000,
      year: { ...none, hifpInpatient: 9_900_000 },
    });
    expect([a.dedc, a.hifp, a.hifob]).to.deep.equal([30_000, 100_000, 778_263]);
    expect(a.parts.map((p) => p.fund_pay_type)).to.deep.equal(['310100', '330100']);
  });

  it('救助 stops at its yearly limit; an uninsured insutype is refused', () => {
    const a = settle(policy, {
      ...base,
      insutype: '390',
      medfee: 300_000,
      inscp: 300_000,
      idetTypes: ['2201'],
      year: { ...none, maf: 4_999_000 },
    });
    expect(a.maf).to.equal(1_000);
    expect(() => settle(policy, { ...base, insutype: '510', medfee: 1, inscp: 1, year: none })).to.throw('510');
  });
});
