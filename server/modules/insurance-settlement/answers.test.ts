// The insurer's answers checked before anything is stored (pure, table-driven): the 2207
// identities of INSURANCE.md §3, echoes, missing and non-numeric fields; 2204's per-line parts;
// cnt/pric as sent.
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import { cntPric, parseFeeResults, parseSettlement } from './answers.js';

/** The worked example of INSURANCE.md §5 (3,000.00: fund 2,268.00, cash 732.00). */
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
      ...over,
    },
    setldetail: detail ?? [{ fund_pay_type: '390100', fund_payamt: 2268, inscp_scp_amt: 2720, crt_payb_lmt_amt: 0 }],
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

describe('insurance settlement: the insurer answers checked (pure)', () => {
  it('the worked example parses to fen', () => {
    const s = parseSettlement(answer(), { mdtrtId: 'M1', psnNo: 'P1', medfeeFen: 300000, needSetlId: true });
    expect(s.money.fund_pay_sumamt_fen).to.equal(226800);
    expect(s.money.psn_cash_pay_fen).to.equal(73200);
    expect(s.funds).to.deep.equal([
      { fundPayType: '390100', fundPayamtFen: 226800, inscpScpAmtFen: 272000, crtPaybLmtAmtFen: 0, setlProcInfo: null },
    ]);
    expect(s.poolPropSelfpay).to.equal('0.9');
  });

  const cases: Array<[string, Record<string, unknown>, string, unknown[]?]> = [
    ['a part that does not add up to the total', { preselfpay_amt: 81 }, 'setlinfo.medfee_sumamt'],
    ['funds that do not add up', { hifp_pay: 2267 }, 'setlinfo.fund_pay_sumamt'],
    ['a patient part that is not total − funds', { psn_part_amt: 733, psn_cash_pay: 733 }, 'setlinfo.psn_part_amt'],
    ['cash + account ≠ the patient part', { psn_cash_pay: 700 }, 'setlinfo.psn_cash_pay'],
    ['a non-numeric amount', { hifp_pay: 'abc' }, 'setlinfo.hifp_pay'],
    ['a missing amount', { psn_cash_pay: undefined }, 'setlinfo.psn_cash_pay'],
    ['another visit', { mdtrt_id: 'M2' }, 'setlinfo.mdtrt_id'],
    ['another person', { psn_no: 'P2' }, 'setlinfo.psn_no'],
    ['no setl_id on a settlement', { setl_id: '' }, 'setlinfo.setl_id'],
    ['setldetail off the fund total', {}, 'setldetail', [{ fund_pay_type: '390100', fund_payamt: 2000 }]],
    ['a bad fund type', {}, 'setldetail[0].fund_pay_type', [{ fund_pay_type: '39', fund_payamt: 2268 }]],
  ];
  for (const [name, over, field, detail] of cases) {
    it(`refuses ${name} (${field})`, () => {
      const e = refused(() =>
        parseSettlement(answer(over, detail), { mdtrtId: 'M1', psnNo: 'P1', medfeeFen: 300000, needSetlId: true }),
      );
      expect(e.field).to.equal(field);
    });
  }

  it('refuses a total other than what was uploaded', () => {
    const e = refused(() => parseSettlement(answer(), { medfeeFen: 299900, needSetlId: true }));
    expect(e.field).to.equal('setlinfo.medfee_sumamt');
  });

  it('2204: parts per line add up to the line; every line answered once', () => {
    const sent = new Map([['OL1', { amountFen: 1000 }]]);
    const ok = parseFeeResults(
      {
        result: [
          {
            feedetl_sn: 'OL1',
            fulamt_ownpay_amt: 0,
            overlmt_amt: 0,
            preselfpay_amt: 1,
            inscp_scp_amt: 9,
            selfpay_prop: 0.1,
            chrgitm_lv: '02',
          },
        ],
      },
      sent,
    );
    expect(ok[0]).to.include({ preselfpayFen: 100, inscpScpFen: 900, chrgitmLv: '02', selfpayProp: '0.1' });
    refused(() =>
      parseFeeResults(
        { result: [{ feedetl_sn: 'OL1', fulamt_ownpay_amt: 0, overlmt_amt: 0, preselfpay_amt: 1, inscp_scp_amt: 8 }] },
        sent,
      ),
    );
    refused(() => parseFeeResults({ result: [] }, sent));
    refused(() =>
      parseFeeResults(
        { result: [{ feedetl_sn: 'OL9', fulamt_ownpay_amt: 0, overlmt_amt: 0, preselfpay_amt: 0, inscp_scp_amt: 10 }] },
        sent,
      ),
    );
  });

  it('cnt and pric: the local quantity and the price of one unit (≤ 6 decimals, half-up)', () => {
    expect(cntPric(24, 1250, 24)).to.deep.equal({ cnt: '24', pric: '0.520833' });
    expect(cntPric(1, 2000, 1)).to.deep.equal({ cnt: '1', pric: '20' });
    expect(cntPric(3, 1000, 3)).to.deep.equal({ cnt: '3', pric: '3.333333' });
  });
});
