// The insurer's inpatient answers checked before anything is stored (pure, table-driven): 2401's
// mdtrt_id and echoes, 2301's per-line parts (refunds negative), 2303/2304's identities, signs,
// echoes and clr_type, 2305's reversal against the settlement it cancels.
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import {
  parseAdmission,
  parseInpatientFeeResults,
  parseInpatientReversal,
  parseInpatientSettlement,
} from './inpatient-answers.js';

/** INSURANCE.md §5's worked example as a 2304 answer (3,000.00: fund 2,268.00, cash 732.00). */
function answer(over: Record<string, unknown> = {}, detail?: unknown[]) {
  return {
    setlinfo: {
      mdtrt_id: 'M1',
      setl_id: 'S1',
      psn_no: 'P1',
      psn_name: '王建国',
      insutype: '390',
      med_type: '21',
      setl_time: '2026-12-08 10:00:00',
      medfee_sumamt: 3000,
      fulamt_ownpay_amt: 200,
      overlmt_selfpay: 0,
      preselfpay_amt: 80,
      inscp_scp_amt: 2720,
      act_pay_dedc: 200,
      hifp_pay: 2268,
      pool_prop_selfpay: 0.9,
      cvlserv_pay: 0,
      hifes_pay: 0,
      hifmi_pay: 0,
      hifob_pay: 0,
      maf_pay: 0,
      oth_pay: 0,
      fund_pay_sumamt: 2268,
      psn_part_amt: 732,
      acct_pay: 0,
      psn_cash_pay: 732,
      hosp_part_amt: 0,
      balc: 0,
      acct_mulaid_pay: 0,
      medins_setl_id: 'X',
      clr_optins: '330782',
      clr_way: '1',
      clr_type: '21',
      mid_setl_flag: '0',
      ...over,
    },
    setldetail: detail ?? [{ fund_pay_type: '390100', fund_payamt: 2268, inscp_scp_amt: 2720, crt_payb_lmt_amt: 0 }],
  };
}

/** The 2305 reversal of answer(): its own setl_id, money negated, init_setl_id S1. */
function reversal(over: Record<string, unknown> = {}) {
  const a = answer();
  const neg: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.setlinfo)) {
    neg[k] = typeof v === 'number' && k !== 'balc' && k !== 'pool_prop_selfpay' && v !== 0 ? -v : v;
  }
  return {
    setlinfo: { ...neg, setl_id: 'S2', init_setl_id: 'S1', ...over },
    setldetail: [{ fund_pay_type: '390100', fund_payamt: -2268, inscp_scp_amt: -2720, crt_payb_lmt_amt: 0 }],
  };
}

const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(DomainError);
    expect((e as DomainError).code).to.equal('insurer_bad_answer');
    return e as DomainError;
  }
  throw new Error('not refused');
};

const EXPECT = { mdtrtId: 'M1', psnNo: 'P1', medfeeFen: 300000, midSetlFlag: '0' as const, needSetlId: true };

describe('insurance: the inpatient answers checked (pure)', () => {
  it('2304: the worked example parses to fen with its mid_setl_flag', () => {
    const s = parseInpatientSettlement(answer(), EXPECT);
    expect([s.money.fund_pay_sumamt_fen, s.money.psn_cash_pay_fen, s.money.act_pay_dedc_fen]).to.deep.equal([
      226800, 73200, 20000,
    ]);
    expect([s.setlId, s.clrType, s.midSetlFlag, s.poolPropSelfpay]).to.deep.equal(['S1', '21', '0', '0.9']);
    expect(s.funds).to.deep.equal([
      { fundPayType: '390100', fundPayamtFen: 226800, inscpScpAmtFen: 272000, crtPaybLmtAmtFen: 0, setlProcInfo: null },
    ]);
    // 2303: no setl_id; an answer without the flag takes the one sent
    const pre = parseInpatientSettlement(answer({ setl_id: '', mid_setl_flag: undefined }), {
      ...EXPECT,
      midSetlFlag: '1',
      needSetlId: false,
    });
    expect([pre.setlId, pre.midSetlFlag]).to.deep.equal(['', '1']);
  });

  const cases: Array<[string, Record<string, unknown>, string, unknown[]?]> = [
    ['a part that does not add up to the total', { preselfpay_amt: 81 }, 'setlinfo.medfee_sumamt'],
    ['funds that do not add up', { hifp_pay: 2267 }, 'setlinfo.fund_pay_sumamt'],
    ['a patient part that is not total − funds', { psn_part_amt: 733, psn_cash_pay: 733 }, 'setlinfo.psn_part_amt'],
    ['cash + account ≠ the patient part', { psn_cash_pay: 700 }, 'setlinfo.psn_cash_pay'],
    ['a non-numeric amount', { hifp_pay: '2268元' }, 'setlinfo.hifp_pay'],
    ['a missing amount', { act_pay_dedc: undefined }, 'setlinfo.act_pay_dedc'],
    ['a missing fund (大病)', { hifmi_pay: null }, 'setlinfo.hifmi_pay'],
    ['another stay', { mdtrt_id: 'M2' }, 'setlinfo.mdtrt_id'],
    ['another person', { psn_no: 'P2' }, 'setlinfo.psn_no'],
    ['no setl_id on a settlement', { setl_id: '' }, 'setlinfo.setl_id'],
    ['an outpatient clearing type', { clr_type: '11' }, 'setlinfo.clr_type'],
    ['another mid_setl_flag', { mid_setl_flag: '1' }, 'setlinfo.mid_setl_flag'],
    ['a mid_setl_flag not 0/1', { mid_setl_flag: '2' }, 'setlinfo.mid_setl_flag'],
    ['an init_setl_id on a settlement', { init_setl_id: 'S0' }, 'setlinfo.init_setl_id'],
    [
      'a negative fund on a settlement',
      { hifp_pay: -10, fund_pay_sumamt: -10, psn_part_amt: 3010, psn_cash_pay: 3010 },
      'setlinfo.hifp_pay',
      [{ fund_pay_type: '390100', fund_payamt: -10 }],
    ],
    ['setldetail off the fund total', {}, 'setldetail', [{ fund_pay_type: '390100', fund_payamt: 2000 }]],
    ['a bad fund type', {}, 'setldetail[0].fund_pay_type', [{ fund_pay_type: '39', fund_payamt: 2268 }]],
    [
      'a fund type twice',
      {},
      'setldetail',
      [
        { fund_pay_type: '390100', fund_payamt: 2000 },
        { fund_pay_type: '390100', fund_payamt: 268 },
      ],
    ],
  ];
  for (const [name, over, field, detail] of cases) {
    it(`2304 refuses ${name} (${field})`, () => {
      expect(refused(() => parseInpatientSettlement(answer(over, detail), EXPECT)).field).to.equal(field);
    });
  }

  it('2304 refuses a total other than the uploaded unsettled one, and a missing setlinfo', () => {
    expect(refused(() => parseInpatientSettlement(answer(), { ...EXPECT, medfeeFen: 299900 })).field).to.equal(
      'setlinfo.medfee_sumamt',
    );
    expect(refused(() => parseInpatientSettlement({ setldetail: [] }, EXPECT)).field).to.equal('setlinfo');
    expect(refused(() => parseInpatientSettlement(null, EXPECT)).field).to.equal('output');
  });

  it('2305: the reversal of the settlement it names, money the negative of the original', () => {
    const original = parseInpatientSettlement(answer(), EXPECT).money;
    const r = parseInpatientReversal(reversal(), { mdtrtId: 'M1', psnNo: 'P1', setlId: 'S1', original });
    expect([r.setlId, r.initSetlId, r.money.fund_pay_sumamt_fen, r.money.psn_cash_pay_fen]).to.deep.equal([
      'S2',
      'S1',
      -226800,
      -73200,
    ]);
    const base = { mdtrtId: 'M1', psnNo: 'P1', setlId: 'S1' };
    const table: Array<[string, Record<string, unknown>, string, boolean]> = [
      ['another settlement reversed', { init_setl_id: 'S9' }, 'setlinfo.init_setl_id', false],
      ['no init_setl_id', { init_setl_id: '' }, 'setlinfo.init_setl_id', false],
      ['its own setl_id = the original', { setl_id: 'S1' }, 'setlinfo.setl_id', false],
      ['a positive amount without the original', { act_pay_dedc: 200 }, 'setlinfo.act_pay_dedc', false],
      ['a deductible other than the original', { act_pay_dedc: -100 }, 'setlinfo.act_pay_dedc', true],
    ];
    for (const [name, over, field, withOriginal] of table) {
      const e = refused(() => parseInpatientReversal(reversal(over), withOriginal ? { ...base, original } : base));
      expect(e.field, name).to.equal(field);
    }
  });

  it('2401: the mdtrt_id, with psn_no and ipt_no echoed', () => {
    const sent = { psnNo: 'P1', iptNo: 'ZY1' };
    expect(parseAdmission({ result: { mdtrt_id: 'M1', psn_no: 'P1', ipt_no: 'ZY1' } }, sent)).to.deep.equal({
      mdtrtId: 'M1',
    });
    const table: Array<[unknown, string]> = [
      [{ result: { psn_no: 'P1' } }, 'result.mdtrt_id'],
      [{ result: { mdtrt_id: 'M'.repeat(31) } }, 'result.mdtrt_id'],
      [{ result: { mdtrt_id: 'M1', psn_no: 'P2' } }, 'result.psn_no'],
      [{ result: { mdtrt_id: 'M1', ipt_no: 'ZY2' } }, 'result.ipt_no'],
      [{ data: { mdtrt_id: 'M1' } }, 'result'],
    ];
    for (const [output, field] of table) expect(refused(() => parseAdmission(output, sent)).field).to.equal(field);
  });

  it('2301: per line the parts add up with the sign of the line; a refund echoes its init_feedetl_sn', () => {
    const sent = new Map([
      ['L1', { amountFen: 200000 }],
      ['R1', { amountFen: -50000, initFeedetlSn: 'L1' }],
    ]);
    const line = (sn: string, parts: number[], over: Record<string, unknown> = {}) => ({
      feedetl_sn: sn,
      fulamt_ownpay_amt: parts[0],
      overlmt_amt: parts[1],
      preselfpay_amt: parts[2],
      inscp_scp_amt: parts[3],
      chrgitm_lv: '01',
      ...over,
    });
    const good = parseInpatientFeeResults(
      { result: [line('L1', [0, 0, 0, 2000]), line('R1', [0, 0, 0, -500], { init_feedetl_sn: 'L1' })] },
      sent,
    );
    expect(good.map((g) => [g.feedetlSn, g.initFeedetlSn, g.inscpScpFen])).to.deep.equal([
      ['L1', null, 200000],
      ['R1', 'L1', -50000],
    ]);
    const table: Array<[string, unknown[], string]> = [
      ['parts off the amount', [line('L1', [0, 0, 1, 2000]), line('R1', [0, 0, 0, -500])], 'result[0].inscp_scp_amt'],
      [
        'a positive part on a refund',
        [line('L1', [0, 0, 0, 2000]), line('R1', [10, 0, 0, -510])],
        'result[1].fulamt_ownpay_amt',
      ],
      [
        'a negative part on a charge',
        [line('L1', [-1, 0, 0, 2001]), line('R1', [0, 0, 0, -500])],
        'result[0].fulamt_ownpay_amt',
      ],
      [
        'another init_feedetl_sn',
        [line('L1', [0, 0, 0, 2000]), line('R1', [0, 0, 0, -500], { init_feedetl_sn: 'L9' })],
        'result[1].init_feedetl_sn',
      ],
      ['a line not sent', [line('L9', [0, 0, 0, 1])], 'result[0].feedetl_sn'],
      ['a line twice', [line('L1', [0, 0, 0, 2000]), line('L1', [0, 0, 0, 2000])], 'result[1].feedetl_sn'],
      ['a line missing', [line('L1', [0, 0, 0, 2000])], 'result'],
      [
        'a non-numeric part',
        [line('L1', [0, 0, 0, 'x' as never]), line('R1', [0, 0, 0, -500])],
        'result[0].inscp_scp_amt',
      ],
    ];
    for (const [name, result, field] of table) {
      expect(refused(() => parseInpatientFeeResults({ result }, sent)).field, name).to.equal(field);
    }
    expect(refused(() => parseInpatientFeeResults({}, sent)).field).to.equal('result');
  });
});
