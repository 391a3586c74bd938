// The simulator over real HTTP: the worked example of INSURANCE.md §5, 大病, 救助, 门诊统筹, the
// account, 2206 persisting nothing, 2207's identities, 2208 and the accumulators, 2601, replays.
import { expect } from 'chai';
import { call } from './client.js';
import { type InsurerSimulator, startInsurerSimulator } from './server.js';
import { checkIdentities, codeOf, openVisit, personNamed } from './testing.js';

const JIA = codeOf('阿莫西林胶囊', '0.25g×24粒'); // 甲
const YI = codeOf('头孢克洛胶囊'); // 乙, default 10%
const BING = codeOf('金嗓子喉片'); // 丙
const EXAMPLE = [
  { code: JIA, pric: 100, cnt: 20 },
  { code: YI, pric: 40, cnt: 20 },
  { code: BING, pric: 10, cnt: 20 },
];

describe('insurer simulator: settlement', () => {
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true });
  });
  after(async () => {
    await sim.close();
  });

  it('finds a person by ID number, card (its card_sn) and e-voucher; an unknown one is 人员信息不存在', async () => {
    const p = personNamed('王建国');
    const byId = await call(sim.url, '1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: p.certno } });
    expect(byId.infcode).to.equal(0);
    expect(byId.output!.baseinfo.psn_no).to.equal(p.psn_no);
    expect(byId.output!.insuinfo[0]!.insutype).to.equal('390');
    const byCard = await call(sim.url, '1101', {
      data: { mdtrt_cert_type: '03', mdtrt_cert_no: p.card_no, card_sn: p.card_sn },
    });
    expect(byCard.output!.baseinfo.certno).to.equal(p.certno);
    const noSn = await call(sim.url, '1101', { data: { mdtrt_cert_type: '03', mdtrt_cert_no: p.card_no } });
    expect(noSn.infcode).to.equal(-1);
    expect(noSn.err_msg).to.contain('card_sn');
    // a card number with another card's 卡识别码 (a copied number, a replaced card) finds no one
    const other = personNamed('李秀英');
    const wrongSn = await call(sim.url, '1101', {
      data: { mdtrt_cert_type: '03', mdtrt_cert_no: p.card_no, card_sn: other.card_sn },
    });
    expect([wrongSn.infcode, wrongSn.output]).to.deep.equal([-1, null]);
    expect(wrongSn.err_msg).to.contain('卡识别码 data.card_sn 与社会保障卡不符');
    const lower = await call(sim.url, '1101', {
      data: { mdtrt_cert_type: '03', mdtrt_cert_no: p.card_no, card_sn: p.card_sn.toLowerCase() },
    });
    expect(lower.infcode).to.equal(0);
    const byVoucher = await call(sim.url, '1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: p.ecert_code } });
    expect(byVoucher.output!.baseinfo.psn_name).to.equal('王建国');
    const unknown = await call(sim.url, '1101', {
      data: { mdtrt_cert_type: '02', mdtrt_cert_no: '110101199001011234' },
    });
    expect(unknown.infcode).to.equal(-1);
    expect(unknown.err_msg).to.equal('人员信息不存在');
    expect(unknown.output).to.equal(null);
  });

  it('the worked example: 乡镇, 3,000.00 → fund 2,268.00, cash 732.00', async () => {
    const v = await openVisit(sim.url, '王建国', EXAMPLE, { medType: '21' });
    const lines = v.upload!.output!.result;
    expect(lines.map((l) => [l.chrgitm_lv, l.preselfpay_amt, l.fulamt_ownpay_amt, l.inscp_scp_amt])).to.deep.equal([
      ['01', 0, 0, 2000],
      ['02', 80, 0, 720],
      ['03', 0, 200, 0],
    ]);
    const pre = await call(sim.url, '2206', v.settleData());
    expect(pre.infcode, pre.err_msg ?? '').to.equal(0);
    const s = pre.output!.setlinfo;
    expect(s.setl_id).to.equal('');
    expect([s.medfee_sumamt, s.fulamt_ownpay_amt, s.preselfpay_amt, s.inscp_scp_amt]).to.deep.equal([
      3000, 200, 80, 2720,
    ]);
    expect([s.act_pay_dedc, s.hifp_pay, s.pool_prop_selfpay, s.hifmi_pay]).to.deep.equal([200, 2268, 0.9, 0]);
    expect([s.fund_pay_sumamt, s.psn_part_amt, s.psn_cash_pay, s.clr_type]).to.deep.equal([2268, 732, 732, '21']);
    expect(pre.output!.setldetail.map((d) => [d.fund_pay_type, d.fund_payamt])).to.deep.equal([['390100', 2268]]);
    checkIdentities(s, pre.output!.setldetail);
  });

  it('the worked example in a county hospital: fund 1,776.00, patient 1,224.00', async () => {
    const county = await startInsurerSimulator({ port: 0, institution: { level: 'county' } });
    try {
      const v = await openVisit(county.url, '王建国', EXAMPLE, { medType: '21' });
      const a = await call(county.url, '2207', v.settleData());
      expect(a.infcode, a.err_msg ?? '').to.equal(0);
      const s = a.output!.setlinfo;
      expect([s.act_pay_dedc, s.hifp_pay, s.fund_pay_sumamt, s.psn_cash_pay]).to.deep.equal([500, 1776, 1776, 1224]);
      checkIdentities(s, a.output!.setldetail);
    } finally {
      await county.close();
    }
  });

  it('2206 persists nothing: called twice it answers the same, then 2207 settles exactly that', async () => {
    const v = await openVisit(sim.url, '陈静', EXAMPLE, { medType: '21' });
    const count0 = sim.store.counts().settlements ?? 0;
    const a = await call(sim.url, '2206', v.settleData());
    const b = await call(sim.url, '2206', v.settleData());
    expect(sim.store.counts().settlements).to.equal(count0);
    const strip = (s: Record<string, unknown>) => ({ ...s, setl_id: '', setl_time: '', medins_setl_id: '' });
    expect(strip(b.output!.setlinfo as never)).to.deep.equal(strip(a.output!.setlinfo as never));
    const c = await call(sim.url, '2207', v.settleData());
    expect(c.infcode).to.equal(0);
    expect(c.output!.setlinfo.setl_id).to.match(/^\d+$/);
    expect(strip(c.output!.setlinfo as never)).to.deep.equal(strip(a.output!.setlinfo as never));
    expect(sim.store.counts().settlements).to.equal(count0 + 1);
    checkIdentities(c.output!.setlinfo, c.output!.setldetail);
    // a second 2207 of the same visit has nothing left to settle
    const again = await call(sim.url, '2207', v.settleData());
    expect(again.infcode).to.equal(-1);
    expect(again.err_msg).to.contain('没有待结算的费用明细');
  });

  it('a later admission of the year pays half the deductible', async () => {
    const v = await openVisit(sim.url, '陈静', EXAMPLE, { medType: '21' });
    const a = await call(sim.url, '2206', v.settleData());
    expect(a.output!.setlinfo.act_pay_dedc).to.equal(100);
    expect(a.output!.setlinfo.hifp_pay).to.equal(2358); // (2720 − 100) × 0.9
  });

  it("大病: the year's 合规自付 over 12,000.00 is paid at 60%", async () => {
    const service = codeOf('普通门诊诊察费');
    const v = await openVisit(sim.url, '马国庆', [{ code: service, pric: 150000, cnt: 1 }], { medType: '21' });
    const a = await call(sim.url, '2207', v.settleData());
    const s = a.output!.setlinfo;
    // dedc 200; pool (149,800 × 0.9 = 134,820); 合规自付 15,180; 大病 (15,180 − 12,000) × 0.6 = 1,908
    expect([s.act_pay_dedc, s.hifp_pay, s.hifmi_pay, s.fund_pay_sumamt, s.psn_cash_pay]).to.deep.equal([
      200, 134820, 1908, 136728, 13272,
    ]);
    expect(a.output!.setldetail.map((d) => d.fund_pay_type)).to.deep.equal(['390100', '390200']);
    checkIdentities(s, a.output!.setldetail);
    // the year's basic cap (150,000) leaves 15,180 for a second admission
    const v2 = await openVisit(sim.url, '马国庆', [{ code: service, pric: 30000, cnt: 1 }], { medType: '21' });
    const b = (await call(sim.url, '2206', v2.settleData())).output!.setlinfo;
    expect(b.act_pay_dedc).to.equal(100);
    expect(b.hifp_pay).to.equal(15180);
  });

  it('医疗救助: a 特困 person gets 80% of the remaining 合规自付', async () => {
    const v = await openVisit(sim.url, '李秀英', EXAMPLE, { medType: '21' });
    const a = await call(sim.url, '2207', v.settleData());
    const s = a.output!.setlinfo;
    expect([s.hifp_pay, s.hifmi_pay, s.maf_pay, s.fund_pay_sumamt, s.psn_cash_pay]).to.deep.equal([
      2268, 0, 361.6, 2629.6, 370.4,
    ]);
    expect(a.output!.setldetail.map((d) => [d.fund_pay_type, d.fund_payamt])).to.deep.equal([
      ['390100', 2268],
      ['610100', 361.6],
    ]);
    checkIdentities(s, a.output!.setldetail);
  });

  it('门诊统筹 (11): a 50.00 yearly deductible, 60%, and a 400.00 yearly cap', async () => {
    const service = codeOf('普通门诊诊察费');
    const v = await openVisit(sim.url, '徐浩然', [{ code: service, pric: 100, cnt: 1 }]);
    const a = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    expect([a.act_pay_dedc, a.hifp_pay, a.psn_cash_pay, a.pool_prop_selfpay, a.clr_type]).to.deep.equal([
      50,
      30,
      70,
      0.6,
      '11',
    ]);
    const v2 = await openVisit(sim.url, '徐浩然', [{ code: service, pric: 1000, cnt: 1 }]);
    const b = (await call(sim.url, '2207', v2.settleData())).output!;
    expect([b.setlinfo.act_pay_dedc, b.setlinfo.hifp_pay]).to.deep.equal([0, 370]);
    expect(b.setldetail[0]!.crt_payb_lmt_amt).to.equal(0);
  });

  it('职工: the personal account pays the personal part when asked, and its balance moves', async () => {
    const service = codeOf('普通门诊诊察费');
    const v = await openVisit(sim.url, '杨明', [{ code: service, pric: 300, cnt: 1 }]);
    const a = await call(sim.url, '2207', v.settleData('1'));
    const s = a.output!.setlinfo;
    expect([s.act_pay_dedc, s.hifp_pay, s.psn_part_amt, s.acct_pay, s.psn_cash_pay, s.balc]).to.deep.equal([
      200, 60, 240, 240, 0, 3020.5,
    ]);
    checkIdentities(s, a.output!.setldetail);
    const p = personNamed('杨明');
    const info = await call(sim.url, '1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: p.certno } });
    expect(info.output!.insuinfo[0]!.balc).to.equal(3020.5);
  });

  it('2208 (低保: 救助 70%) reverses with its own setl_id, puts the accumulators back; 5203 shows both', async () => {
    const v = await openVisit(sim.url, '张卫东', EXAMPLE, { medType: '21' });
    const first = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    expect(first.act_pay_dedc).to.equal(200);
    const rev = await call(sim.url, '2208', {
      data: { setl_id: first.setl_id, mdtrt_id: v.mdtrtId, psn_no: v.person.psn_no },
    });
    expect(rev.infcode, rev.err_msg ?? '').to.equal(0);
    const r = rev.output!.setlinfo;
    expect(r.setl_id).to.not.equal(first.setl_id);
    expect(r.init_setl_id).to.equal(first.setl_id);
    expect([r.medfee_sumamt, r.hifp_pay, r.maf_pay, r.psn_cash_pay]).to.deep.equal([-3000, -2268, -316.4, -415.6]);
    checkIdentities(r, rev.output!.setldetail);
    const twice = await call(sim.url, '2208', {
      data: { setl_id: first.setl_id, mdtrt_id: v.mdtrtId, psn_no: v.person.psn_no },
    });
    expect(twice.err_msg).to.contain('已撤销');
    // the lines are free again and the deductible is owed again: the same settlement
    const again = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    expect([again.act_pay_dedc, again.hifp_pay, again.maf_pay]).to.deep.equal([200, 2268, 316.4]);
    const q = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, setl_id: first.setl_id } });
    expect(q.output!.setlinfo!.refd_setl_flag).to.equal('1');
    const latest = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, mdtrt_id: v.mdtrtId } });
    expect(latest.output!.setlinfo!.setl_id).to.equal(again.setl_id);
  });

  it('2601 of an unknown msgid succeeds changing nothing, and that msgid is refused afterwards', async () => {
    const p = personNamed('朱红梅');
    const omsgid = 'H33078200001202612080900009999';
    const a = await call(sim.url, '2601', { data: { psn_no: p.psn_no, omsgid, oinfno: '2207' } });
    expect(a.infcode).to.equal(0);
    expect(a.output!.undone).to.equal('0');
    const late = await call(
      sim.url,
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: p.certno } },
      {
        msgid: omsgid,
      },
    );
    expect(late.infcode).to.equal(-1);
    expect(late.err_msg).to.contain('冲正');
  });

  it('2601 of an applied 2207 undoes it once; a second 2601 is a no-op success', async () => {
    const v = await openVisit(sim.url, '朱红梅', EXAMPLE, { medType: '21' });
    const msgid = 'H33078200001202612080901000001';
    const s = await call(sim.url, '2207', v.settleData(), { msgid });
    expect(s.infcode).to.equal(0);
    const found = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, omsgid: msgid } });
    expect(found.output!.setlinfo!.setl_id).to.equal(s.output!.setlinfo.setl_id);
    const u = await call(sim.url, '2601', { data: { psn_no: v.person.psn_no, omsgid: msgid, oinfno: '2207' } });
    expect(u.output!.undone).to.equal('1');
    const gone = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, omsgid: msgid } });
    expect(gone.output!.setlinfo).to.equal(null);
    const u2 = await call(sim.url, '2601', { data: { psn_no: v.person.psn_no, omsgid: msgid, oinfno: '2207' } });
    expect([u2.infcode, u2.output!.undone]).to.deep.equal([0, '0']);
    // nothing was moved: settling again owes the full deductible
    const again = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    expect(again.act_pay_dedc).to.equal(200);
  });

  it('2601 of a 2208 restores the settlement; of a 2201 cancels the visit; 2205/2202 refuse the settled', async () => {
    const v = await openVisit(sim.url, '黄志强', [{ code: JIA, pric: 50, cnt: 10 }]);
    const s = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    const cancel2205 = await call(sim.url, '2205', {
      data: { mdtrt_id: v.mdtrtId, chrg_bchno: 'B1', psn_no: v.person.psn_no },
    });
    expect(cancel2205.err_msg).to.contain('已结算');
    const revMsgid = 'H33078200001202612080903000001';
    const rev = await call(
      sim.url,
      '2208',
      { data: { setl_id: s.setl_id, mdtrt_id: v.mdtrtId, psn_no: v.person.psn_no } },
      { msgid: revMsgid },
    );
    expect(rev.infcode).to.equal(0);
    const u = await call(sim.url, '2601', { data: { psn_no: v.person.psn_no, omsgid: revMsgid, oinfno: '2208' } });
    expect(u.output!.undone).to.equal('1');
    const q = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, setl_id: s.setl_id } });
    expect(q.output!.setlinfo!.refd_setl_flag).to.equal('0');
    const cancel2202 = await call(sim.url, '2202', {
      data: { psn_no: v.person.psn_no, mdtrt_id: v.mdtrtId, ipt_otp_no: v.iptOtpNo },
    });
    expect(cancel2202.err_msg).to.contain('已结算');

    const regMsgid = 'H33078200001202612080903000002';
    const reg = await call(
      sim.url,
      '2201',
      {
        data: {
          psn_no: v.person.psn_no,
          insutype: '310',
          begntime: '2026-12-08 10:00:00',
          mdtrt_cert_type: '02',
          mdtrt_cert_no: v.person.certno,
          ipt_otp_no: 'MZ-2601',
          atddr_no: 'D1',
          dr_name: '李',
          dept_code: 'A03',
          dept_name: '全科',
          caty: 'A03',
        },
      },
      { msgid: regMsgid },
    );
    const undo = await call(sim.url, '2601', { data: { psn_no: v.person.psn_no, omsgid: regMsgid, oinfno: '2201' } });
    expect(undo.output!.undone).to.equal('1');
    const after = await call(sim.url, '2203', {
      mdtrtinfo: {
        mdtrt_id: reg.output!.data.mdtrt_id,
        psn_no: v.person.psn_no,
        med_type: '11',
        begntime: '2026-12-08 10:00:00',
      },
      diseinfo: [],
    });
    expect(after.err_msg).to.contain('已撤销');
    const wrongInfno = await call(sim.url, '2601', {
      data: { psn_no: v.person.psn_no, omsgid: regMsgid, oinfno: '2207' },
    });
    expect(wrongInfno.err_msg).to.contain('2201');
  });

  it("requireSignIn: only a signed-in operator's sign_no is served", async () => {
    const strict = await startInsurerSimulator({ port: 0, requireSignIn: true });
    try {
      const p = personNamed('王建国');
      const q = { data: { mdtrt_cert_type: '02' as const, mdtrt_cert_no: p.certno } };
      expect((await call(strict.url, '1101', q)).err_msg).to.contain('签到');
      const s = await call(strict.url, '9001', { signIn: { opter_no: 'D001', mac: 'm', ip: '127.0.0.1' } });
      const ok = await call(strict.url, '1101', q, { sign_no: s.output!.signinoutb.sign_no });
      expect(ok.infcode).to.equal(0);
    } finally {
      await strict.close();
    }
  });

  it('a resend of an answered msgid gets the same answer and settles once', async () => {
    const v = await openVisit(sim.url, '孙丽娟', [{ code: JIA, pric: 10, cnt: 3 }]);
    const msgid = 'H33078200001202612080902000001';
    const a = await call(sim.url, '2207', v.settleData(), { msgid });
    const b = await call(sim.url, '2207', v.settleData(), { msgid });
    expect(b).to.deep.equal(a);
    const n = sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM settlements WHERE mdtrt_id = ?', v.mdtrtId);
    expect(n!.n).to.equal(1);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const v = await openVisit(sim.url, '赵丽华', []);
    const bad = await call(sim.url, '2204', {
      feedetail: [
        {
          ...{ feedetl_sn: 'X1', mdtrt_id: v.mdtrtId, psn_no: v.person.psn_no, chrg_bchno: 'B1', rx_circ_flag: '0' },
          fee_ocur_time: '2026-12-08 09:00:00',
          med_list_codg: JIA,
          medins_list_codg: 'L1',
          det_item_fee_sumamt: 10,
          cnt: 1,
          pric: 10,
          bilg_dept_codg: 'A03',
          bilg_dept_name: '全科',
          bilg_dr_codg: 'D1',
          bilg_dr_name: '李',
          hosp_appr_flag: '0',
        },
        {
          ...{ feedetl_sn: 'X2', mdtrt_id: v.mdtrtId, psn_no: v.person.psn_no, chrg_bchno: 'B1', rx_circ_flag: '0' },
          fee_ocur_time: '2026-12-08 09:00:00',
          med_list_codg: 'XNOSUCHCODE',
          medins_list_codg: 'L2',
          det_item_fee_sumamt: 10,
          cnt: 1,
          pric: 10,
          bilg_dept_codg: 'A03',
          bilg_dept_name: '全科',
          bilg_dr_codg: 'D1',
          bilg_dr_name: '李',
          hosp_appr_flag: '0',
        },
      ],
    });
    expect(bad.infcode).to.equal(-1);
    expect(bad.err_msg).to.contain('X2').and.contain('XNOSUCHCODE');
    expect(
      sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ?', v.mdtrtId)!.n,
    ).to.equal(0);
    const missing = await call(sim.url, '2206', {
      data: { ...v.settleData().data, medfee_sumamt: undefined as unknown as number },
    });
    expect(missing.err_msg).to.contain('medfee_sumamt');
    const text = await call(sim.url, '2206', { data: { ...v.settleData().data, medfee_sumamt: 'abc' as never } });
    expect(text.err_msg).to.contain('medfee_sumamt').and.contain('数值');
    const env = await fetch(sim.url, { method: 'POST', body: JSON.stringify({ infno: '1101', input: {} }) });
    expect(((await env.json()) as { err_msg: string }).err_msg).to.contain('msgid');
  });

  it('refuses a suspended person (周晓燕) at registration', async () => {
    const p = personNamed('周晓燕');
    const a = await call(sim.url, '2201', {
      data: {
        psn_no: p.psn_no,
        insutype: '390',
        begntime: '2026-12-08 09:00:00',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: p.certno,
        ipt_otp_no: 'MZ-SUSP',
        atddr_no: 'D1',
        dr_name: '李',
        dept_code: 'A03',
        dept_name: '全科',
        caty: 'A03',
      },
    });
    expect(a.infcode).to.equal(-1);
    expect(a.err_msg).to.contain('暂停');
  });

  it('a restricted drug is own pay unless the doctor confirms the indication; a price cap makes 超限价', async () => {
    const oseltamivir = codeOf('奥司他韦胶囊'); // 乙, restricted, cap 3.50 per capsule
    const v = await openVisit(sim.url, '赵丽华', [
      { code: oseltamivir, pric: 3.98, cnt: 10, appr: '1' },
      { code: oseltamivir, pric: 3.98, cnt: 10, appr: '0' },
    ]);
    const [yes, no] = v.upload!.output!.result;
    expect([yes!.overlmt_amt, yes!.preselfpay_amt, yes!.inscp_scp_amt, yes!.lmt_used_flag]).to.deep.equal([
      4.8,
      3.5,
      31.5,
      '1',
    ]);
    expect([no!.overlmt_amt, no!.fulamt_ownpay_amt, no!.inscp_scp_amt]).to.deep.equal([4.8, 35, 0]);
    expect(no!.memo).to.contain('全自费');
  });
});
