// The insurer's inpatient side over real HTTP: the stay's life (2401 → 2403 → 2301/2302 → 2402 →
// 2303/2304 → 2305 → 2405 → 2404), refunds of lines, mid-stay settlement, the inpatient policy (a
// table of stays computed by hand from policy.json), 2601 of 2401/2402/2301/2304/2305, 5203.
import { expect } from 'chai';
import type { Out2304 } from '../../core/insurance-wire.js';
import { call } from './client.js';
import { type InsurerSimulator, startInsurerSimulator } from './server.js';
import type { StayRow } from './store.js';
import { admit, checkIdentities, codeOf, type StayLineSpec } from './testing.js';

const JIA = codeOf('阿莫西林胶囊', '0.25g×24粒'); // 甲
const YI = codeOf('头孢克洛胶囊'); // 乙, default 10%
const BING = codeOf('金嗓子喉片'); // 丙
const SERVICE = codeOf('普通门诊诊察费'); // 甲
/** INSURANCE.md §5's worked example: 3,000.00 = 甲 2,000 + 乙 800 + 丙 200 */
const EXAMPLE: StayLineSpec[] = [
  { code: JIA, pric: 100, cnt: 20 },
  { code: YI, pric: 40, cnt: 20 },
  { code: BING, pric: 10, cnt: 20 },
];

type Split = [dedc: number, hifp: number, hifmi: number, maf: number, fund: number, acct: number, cash: number];
const split = (o: Out2304): Split => {
  const s = o.setlinfo;
  return [s.act_pay_dedc, s.hifp_pay, s.hifmi_pay, s.maf_pay, s.fund_pay_sumamt, s.acct_pay, s.psn_cash_pay];
};

function ok<T>(a: { infcode: number; err_msg: string | null; output: T | null }): T {
  expect(a.infcode, a.err_msg ?? '').to.equal(0);
  return a.output!;
}

function refused(a: { infcode: number; err_msg: string | null }, text: string): void {
  expect(a.infcode).to.equal(-1);
  expect(a.err_msg).to.contain(text);
}

describe('insurer simulator: inpatient stays', () => {
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true });
  });
  after(async () => {
    await sim.close();
  });
  const stateOf = (mdtrtId: string) => sim.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', mdtrtId)!.state;

  it('the inpatient policy: a table of stays (乡镇, later admissions, 大病, 救助, 封顶线, 职工)', async () => {
    // [person, lines of the stay, expected act_pay_dedc, hifp, hifmi, maf, fund, acct, cash] — by hand from
    // policy.json (390 乡镇: 起付线 200 (later ×0.5), 90%, cap 150,000; 大病 over 12,000 at 60% (困难 ×0.5
    // threshold, +5 points); 救助 特困 80%, 低保 70%; 310 乡镇: 起付线 300, 95%, the account pays first)
    const table: Array<[string, StayLineSpec[], Split, '0' | '1']> = [
      // the worked example: inscp 2,720 − 200 = 2,520 × 0.9 = 2,268; cash 732
      ['王建国', EXAMPLE, [200, 2268, 0, 0, 2268, 0, 732], '0'],
      // 特困: 合规自付 452 × 0.8 = 361.60 救助
      ['李秀英', EXAMPLE, [200, 2268, 0, 361.6, 2629.6, 0, 370.4], '0'],
      // 低保 (张卫东): 452 × 0.7 = 316.40
      ['张卫东', EXAMPLE, [200, 2268, 0, 316.4, 2584.4, 0, 415.6], '0'],
      // 150,000 甲: 149,800 × 0.9 = 134,820; 合规自付 15,180 − 12,000 = 3,180 × 0.6 = 1,908 大病
      ['马国庆', [{ code: SERVICE, pric: 150000, cnt: 1 }], [200, 134820, 1908, 0, 136728, 0, 13272], '0'],
      // a second stay: 起付线 100; pool capped at 150,000 − 134,820 = 15,180; 合规自付 30,000 − 15,180 =
      // 14,820 all over the threshold (year 15,180 already) × 0.6 = 8,892
      ['马国庆', [{ code: SERVICE, pric: 30000, cnt: 1 }], [100, 15180, 8892, 0, 24072, 0, 5928], '0'],
      // 职工 (杨明, account 3,260.50): (2,720 − 300) × 0.95 = 2,299; the account pays 701, cash 0
      ['杨明', EXAMPLE, [300, 2299, 0, 0, 2299, 701, 0], '1'],
    ];
    for (const [name, lines, expected, acct] of table) {
      const s = await admit(sim.url, name, lines);
      const medfee = lines.reduce((t, l) => t + l.pric * l.cnt, 0);
      ok(await s.discharge());
      const pre = ok(await call(sim.url, '2303', s.settleData(medfee, '0', acct)));
      expect(split(pre), `${name} 2303`).to.deep.equal(expected);
      const done = ok(await call(sim.url, '2304', s.settleData(medfee, '0', acct)));
      expect(split(done), `${name} 2304`).to.deep.equal(expected);
      expect(done.setlinfo.clr_type).to.equal('21');
      expect(done.setlinfo.mid_setl_flag).to.equal('0');
      checkIdentities(done.setlinfo, done.setldetail);
      expect(stateOf(s.mdtrtId)).to.equal('settled');
    }
  });

  it('by facility level: 县级 500 / 80%, 三级 1,000 / 60% on the worked example', async () => {
    for (const [level, expected] of [
      ['county', [500, 1776, 0, 0, 1776, 0, 1224]],
      ['tertiary', [1000, 1032, 0, 0, 1032, 0, 1968]],
    ] as const) {
      const other = await startInsurerSimulator({ port: 0, institution: { level } });
      try {
        const s = await admit(other.url, '王建国', EXAMPLE);
        ok(await s.discharge());
        expect(split(ok(await call(other.url, '2304', s.settleData(3000))))).to.deep.equal(expected);
      } finally {
        await other.close();
      }
    }
  });

  it('a mid-stay settlement settles what is uploaded so far, the stay stays open; the two add up to one', async () => {
    const s = await admit(sim.url, '陈静', [EXAMPLE[0]!]);
    // 2,000 甲 now: 起付线 200, (2,000 − 200) × 0.9 = 1,620
    refused(await call(sim.url, '2304', s.settleData(2000, '0')), '尚未办理出院');
    const mid = ok(await call(sim.url, '2304', s.settleData(2000, '1')));
    expect(split(mid)).to.deep.equal([200, 1620, 0, 0, 1620, 0, 380]);
    expect(mid.setlinfo.mid_setl_flag).to.equal('1');
    expect(stateOf(s.mdtrtId)).to.equal('admitted');
    refused(await call(sim.url, '2304', s.settleData(2000, '1')), '没有待结算的费用明细');
    ok(await s.upload(EXAMPLE.slice(1)));
    ok(await s.discharge());
    refused(await call(sim.url, '2304', s.settleData(1000, '1')), '请按出院结算');
    refused(await call(sim.url, '2304', s.settleData(3000, '0')), '与未结算的上传费用明细合计 1000 不符');
    // the rest: the deductible is paid for this stay; 720 × 0.9 = 648
    const last = ok(await call(sim.url, '2304', s.settleData(1000, '0')));
    expect(split(last)).to.deep.equal([0, 648, 0, 0, 648, 0, 352]);
    expect(mid.setlinfo.hifp_pay + last.setlinfo.hifp_pay).to.equal(2268);
    expect(stateOf(s.mdtrtId)).to.equal('settled');
    // the mid-stay settlement cannot be cancelled under the discharge settlement
    refused(await call(sim.url, '2305', { data: { ...s.ids, setl_id: mid.setlinfo.setl_id } }), '请先撤销出院结算');
    refused(await call(sim.url, '2301', { feedetail: [] }), 'feedetail 不能为空');
    refused(await s.upload([{ code: JIA, pric: 1, cnt: 1 }]), '已出院结算，不能上传费用明细');
  });

  it('one open stay per person; 2401 refuses a non-inpatient med_type and unknown diagnoses', async () => {
    const s = await admit(sim.url, '刘子涵', []);
    const again = await admit(sim.url, '刘子涵', []).catch((e: Error) => e);
    expect(String(again)).to.contain('已有在院的住院登记');
    const base = {
      psn_no: s.person.psn_no,
      insutype: '390' as const,
      begntime: '2026-12-01 09:00:00',
      mdtrt_cert_type: '02' as const,
      mdtrt_cert_no: s.person.certno,
      med_type: '11' as const,
      ipt_no: 'ZYX1',
      atddr_no: 'D1',
      chfpdr_name: '李医生',
      adm_diag_dscr: '发热',
      adm_dept_codg: 'A03',
      adm_dept_name: '内科',
      adm_bed: '1',
      dscg_maindiag_code: 'J18.900',
      dscg_maindiag_name: '肺炎',
    };
    refused(await call(sim.url, '2401', { mdtrtinfo: base, diseinfo: [] }), '不是住院医疗类别');
    refused(
      await call(sim.url, '2401', {
        mdtrtinfo: { ...base, med_type: '21', dscg_maindiag_code: 'X99.999' },
        diseinfo: [],
      }),
      'mdtrtinfo.dscg_maindiag_code X99.999 不在医保疾病诊断目录中',
    );
    // 2403 changes the bed and doctor while admitted
    ok(await call(sim.url, '2403', { adminfo: { ...s.ids, adm_bed: '8床', chfpdr_name: '王医生' } }));
    const adm = JSON.parse(sim.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', s.mdtrtId)!.adm);
    expect([adm.mdtrtinfo.adm_bed, adm.mdtrtinfo.chfpdr_name]).to.deep.equal(['8床', '王医生']);
    refused(await call(sim.url, '2403', { adminfo: { ...s.ids, insutype: '310' } }), 'adminfo.insutype 不能变更');
    // 2404 only without fee lines: 2302 "0000" first
    ok(await s.upload([{ code: JIA, pric: 10, cnt: 2 }]));
    refused(await call(sim.url, '2404', { data: s.ids }), '请先撤销(2302 feedetl_sn "0000")');
    ok(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: '0000' } }));
    ok(await call(sim.url, '2404', { data: s.ids }));
    expect(stateOf(s.mdtrtId)).to.equal('cancelled');
    refused(await call(sim.url, '2404', { data: s.ids }), '已撤销入院登记');
    // the person may be admitted again
    const next = await admit(sim.url, '刘子涵', []);
    ok(await next.discharge());
    refused(await call(sim.url, '2404', { data: next.ids }), '请先撤销出院(2405)');
    refused(await next.discharge(), '不能重复办理出院');
    ok(await call(sim.url, '2405', { data: next.ids }));
    expect(stateOf(next.mdtrtId)).to.equal('admitted');
    refused(await call(sim.url, '2405', { data: next.ids }), '未办理出院');
    ok(await call(sim.url, '2404', { data: next.ids }));
  });

  it('2301: feedetl_sn unique in the stay; a negative cnt refunds what is left of its line; 2302 by line', async () => {
    const s = await admit(sim.url, '吴桂兰', [{ code: JIA, pric: 100, cnt: 20, sn: 'A1' }]);
    expect(s.first!.output!.result[0]!.inscp_scp_amt).to.equal(2000);
    refused(await s.upload([{ code: JIA, pric: 100, cnt: 1, sn: 'A1' }]), 'feedetail[0].feedetl_sn A1 已上传');
    refused(await s.upload([{ code: JIA, pric: 100, cnt: -1, sn: 'R0' }]), '必须填写 init_feedetl_sn');
    refused(await s.upload([{ code: YI, pric: 100, cnt: -1, sn: 'R0', init: 'A1' }]), '与原明细 A1');
    refused(await s.upload([{ code: JIA, pric: 100, cnt: 1, sn: 'R0', init: 'A1' }]), '只有退费明细');
    refused(await s.upload([{ code: JIA, pric: 1, cnt: 1, at: '2026-11-30 23:00:00' }]), '早于入院日期');
    const r = ok(await s.upload([{ code: JIA, pric: 100, cnt: -5, sn: 'R1', init: 'A1' }]));
    expect(r.result[0]).to.include({ feedetl_sn: 'R1', init_feedetl_sn: 'A1', cnt: -5, det_item_fee_sumamt: -500 });
    expect(r.result[0]!.inscp_scp_amt).to.equal(-500);
    refused(await s.upload([{ code: JIA, pric: 100, cnt: -16, sn: 'R2', init: 'A1' }]), '超过原明细 A1 的剩余数量 15');
    refused(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: 'A1' } }), '有退费明细 R1');
    // 1,500: 起付线 200, 1,300 × 0.9 = 1,170; 吴桂兰 is 返贫致贫 (2301): 救助 70% of 330 = 231
    const mid = ok(await call(sim.url, '2304', s.settleData(1500, '1')));
    expect(split(mid)).to.deep.equal([200, 1170, 0, 231, 1401, 0, 99]);
    // a refund of a settled line goes into the next settlement, negative
    ok(
      await s.upload([
        { code: JIA, pric: 100, cnt: -5, sn: 'R3', init: 'A1' },
        { code: JIA, pric: 100, cnt: 10, sn: 'A2' },
      ]),
    );
    refused(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: 'A1' } }), '已结算');
    ok(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: 'A2' } }));
    refused(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: 'A2' } }), '不存在');
    ok(await s.upload([{ code: JIA, pric: 100, cnt: 10, sn: 'A4', at: '2026-12-09 08:00:00' }]));
    refused(await s.discharge('2026-12-08 10:00:00'), '费用明细 A4 的发生时间 2026-12-09 08:00:00 晚于出院日期');
    ok(await call(sim.url, '2302', { data: { ...s.ids, feedetl_sn: 'A4' } }));
    ok(await s.discharge());
    refused(await s.upload([{ code: JIA, pric: 1, cnt: 1, at: '2026-12-09 00:00:00' }]), '晚于出院日期');
    refused(await call(sim.url, '2304', s.settleData(-500)), '退费多于费用');
    ok(await s.upload([{ code: JIA, pric: 100, cnt: 10, sn: 'A3' }]));
    // 1,000 − 500 = 500 甲: no deductible left, × 0.9 = 450; 救助 70% of 50 = 35
    const last = ok(await call(sim.url, '2304', s.settleData(500)));
    expect(split(last)).to.deep.equal([0, 450, 0, 35, 485, 0, 15]);
  });

  it('2305 reverses a discharge settlement (accumulators back, stay discharged); 2405 reopens it', async () => {
    const s = await admit(sim.url, '朱红梅', EXAMPLE);
    ok(await s.discharge());
    const first = ok(await call(sim.url, '2304', s.settleData(3000)));
    refused(await call(sim.url, '2405', { data: s.ids }), '请先撤销结算(2305)');
    refused(await call(sim.url, '2304', s.settleData(3000)), '不能重复结算');
    const rev = ok(await call(sim.url, '2305', { data: { ...s.ids, setl_id: first.setlinfo.setl_id } }));
    expect(rev.setlinfo.init_setl_id).to.equal(first.setlinfo.setl_id);
    expect(rev.setlinfo.setl_id).to.not.equal(first.setlinfo.setl_id);
    expect(split(rev)).to.deep.equal(split(first).map((n) => (n === 0 ? 0 : -n)));
    checkIdentities(rev.setlinfo, rev.setldetail);
    expect(stateOf(s.mdtrtId)).to.equal('discharged');
    refused(await call(sim.url, '2305', { data: { ...s.ids, setl_id: first.setlinfo.setl_id } }), '已撤销');
    // the deductible is owed again: the same settlement
    const pre = ok(await call(sim.url, '2303', s.settleData(3000)));
    expect(split(pre)).to.deep.equal(split(first));
    ok(await call(sim.url, '2405', { data: s.ids }));
    expect(stateOf(s.mdtrtId)).to.equal('admitted');
    // 5203 by mdtrt_id finds no settlement left; by setl_id the reversed one, flagged
    const none = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, mdtrt_id: s.mdtrtId } }));
    expect(none.setlinfo).to.equal(null);
    const q = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, setl_id: first.setlinfo.setl_id } }));
    expect([q.setlinfo!.infno, q.setlinfo!.refd_setl_flag, q.setlinfo!.mid_setl_flag]).to.deep.equal([
      '2304',
      '1',
      '0',
    ]);
  });

  it('2601 undoes 2401, 2402, 2301, 2304 and 2305 once; 5203 by omsgid and by mdtrt_id finds 2304', async () => {
    const s = await admit(sim.url, '赵丽华', []);
    const up = 'H33078200001202612081100000001';
    ok(await s.upload([{ code: JIA, pric: 100, cnt: 10 }], { msgid: up }));
    // 2301 undone: its lines are gone
    const u = ok(await call(sim.url, '2601', { data: { psn_no: s.ids.psn_no, omsgid: up, oinfno: '2301' } }));
    expect(u.undone).to.equal('1');
    expect(sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM fee_lines WHERE msgid = ?', up)!.n).to.equal(0);
    ok(await s.upload([{ code: JIA, pric: 100, cnt: 10 }]));
    const dscg = 'H33078200001202612081100000002';
    ok(await s.discharge(undefined, { msgid: dscg }));
    ok(await call(sim.url, '2601', { data: { psn_no: s.ids.psn_no, omsgid: dscg, oinfno: '2402' } }));
    expect(stateOf(s.mdtrtId)).to.equal('admitted');
    ok(await s.discharge());
    const setl = 'H33078200001202612081100000003';
    const first = ok(await call(sim.url, '2304', s.settleData(1000, '0', '1'), { msgid: setl }));
    expect(first.setlinfo.acct_pay).to.be.greaterThan(0);
    const found = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, omsgid: setl } }));
    expect([found.setlinfo!.setl_id, found.setlinfo!.infno]).to.deep.equal([first.setlinfo.setl_id, '2304']);
    const latest = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, mdtrt_id: s.mdtrtId } }));
    expect(latest.setlinfo!.setl_id).to.equal(first.setlinfo.setl_id);
    const spentBefore = sim.store.accountSpent(s.ids.psn_no, '310');
    // 2601 of the 2304: the settlement is gone, the account and the stay back
    const x = ok(await call(sim.url, '2601', { data: { psn_no: s.ids.psn_no, omsgid: setl, oinfno: '2304' } }));
    expect(x.undone).to.equal('1');
    expect(sim.store.accountSpent(s.ids.psn_no, '310')).to.equal(
      spentBefore - Math.round(first.setlinfo.acct_pay * 100),
    );
    expect(stateOf(s.mdtrtId)).to.equal('discharged');
    const gone = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, omsgid: setl } }));
    expect(gone.setlinfo).to.equal(null);
    const twice = ok(await call(sim.url, '2601', { data: { psn_no: s.ids.psn_no, omsgid: setl, oinfno: '2304' } }));
    expect(twice.undone).to.equal('0');
    // resettle (a new msgid), cancel it, and undo the cancellation: the settlement is back, the stay settled
    const again = ok(await call(sim.url, '2304', s.settleData(1000, '0', '1')));
    expect(split(again)).to.deep.equal(split(first));
    const cancel = 'H33078200001202612081100000004';
    const data = { ...s.ids, setl_id: again.setlinfo.setl_id };
    ok(await call(sim.url, '2305', { data }, { msgid: cancel }));
    expect(stateOf(s.mdtrtId)).to.equal('discharged');
    ok(await call(sim.url, '2601', { data: { psn_no: s.ids.psn_no, omsgid: cancel, oinfno: '2305' } }));
    expect(stateOf(s.mdtrtId)).to.equal('settled');
    const back = ok(await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, mdtrt_id: s.mdtrtId } }));
    expect([back.setlinfo!.setl_id, back.setlinfo!.refd_setl_flag]).to.deep.equal([again.setlinfo.setl_id, '0']);
    // 2601 of a 2401 with a settlement is refused; an admission whose outcome was unknown is undone
    refused(
      await call(sim.url, '2601', {
        data: {
          psn_no: s.ids.psn_no,
          omsgid: sim.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', s.mdtrtId)!.msgid,
          oinfno: '2401',
        },
      }),
      '不能冲正入院登记',
    );
    const other = await admit(sim.url, '黄志强', [{ code: JIA, pric: 10, cnt: 1 }]);
    const admMsgid = sim.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', other.mdtrtId)!.msgid;
    ok(await call(sim.url, '2601', { data: { psn_no: other.ids.psn_no, omsgid: admMsgid, oinfno: '2401' } }));
    expect(stateOf(other.mdtrtId)).to.equal('cancelled');
    refused(await other.upload([{ code: JIA, pric: 10, cnt: 1 }]), '已撤销入院登记');
  });
});
