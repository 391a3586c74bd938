// The inpatient transactions under faults (timeout and settled-no-answer on 2304/2305, error on
// 2301, a timed-out 2401 voided by 2601), reconciliation (3201 by clr_type 21, 3202 with a 2305
// reversal) and a restart that keeps the stays (an older data file gains the new columns).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { call, envelope } from './client.js';
import { type InsurerSimulator, startInsurerSimulator } from './server.js';
import type { StayRow } from './store.js';
import { admit, checkIdentities, codeOf, personNamed, type StayLineSpec } from './testing.js';

const JIA = codeOf('阿莫西林胶囊', '0.25g×24粒');

async function hook(sim: InsurerSimulator, path: string, body?: unknown) {
  const url = sim.url.replace('/fsi/api', path);
  const res = await fetch(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

/** Posts and expects no answer (the socket held or dropped). */
async function unanswered(p: Promise<unknown>): Promise<void> {
  let error: unknown = null;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, 'the call must not be answered').to.not.equal(null);
}

describe('insurer simulator: inpatient faults, reconciliation, restart', () => {
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true });
  });
  after(async () => {
    await sim.close();
  });
  afterEach(async () => {
    await hook(sim, '/__sim/reset', {});
  });
  const stateOf = (mdtrtId: string) => sim.store.get<StayRow>('SELECT * FROM stays WHERE mdtrt_id = ?', mdtrtId)!.state;

  it('2304: timeout applies nothing; settled-no-answer applies, 5203 finds it by omsgid; resend replays', async () => {
    const s = await admit(sim.url, '王建国', [{ code: JIA, pric: 100, cnt: 10 }]);
    expect((await s.discharge()).infcode).to.equal(0);
    await hook(sim, '/__sim/faults', { infno: '2304', mode: 'timeout' });
    await unanswered(call(sim.url, '2304', s.settleData(1000), { signal: AbortSignal.timeout(300) }));
    expect(stateOf(s.mdtrtId)).to.equal('discharged');
    const n = sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM settlements WHERE mdtrt_id = ?', s.mdtrtId);
    expect(n!.n).to.equal(0);

    await hook(sim, '/__sim/faults', { infno: '2304', mode: 'settled-no-answer' });
    const msgid = 'H33078200001202612081200000001';
    await unanswered(call(sim.url, '2304', s.settleData(1000), { msgid }));
    expect(stateOf(s.mdtrtId)).to.equal('settled');
    const q = await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, omsgid: msgid } });
    expect(q.output!.setlinfo).to.include({ infno: '2304', msgid, medfee_sumamt: 1000, hifp_pay: 720 });
    const again = await call(sim.url, '2304', s.settleData(1000), { msgid });
    expect(again.output!.setlinfo.setl_id).to.equal(q.output!.setlinfo!.setl_id);
    const state = await hook(sim, '/__sim/state');
    expect((state.calls as Array<{ fault: string | null }>).map((c) => c.fault)).to.include('settled-no-answer');

    // 2305 settled-no-answer: the reversal is applied; 5203 by its msgid shows it
    await hook(sim, '/__sim/faults', { infno: '2305', mode: 'settled-no-answer' });
    const cancel = 'H33078200001202612081200000002';
    const setlId = q.output!.setlinfo!.setl_id;
    await unanswered(call(sim.url, '2305', { data: { ...s.ids, setl_id: setlId } }, { msgid: cancel }));
    const r = await call(sim.url, '5203', { data: { psn_no: s.ids.psn_no, omsgid: cancel } });
    expect(r.output!.setlinfo).to.include({ infno: '2305', init_setl_id: setlId, medfee_sumamt: -1000 });
    expect(stateOf(s.mdtrtId)).to.equal('discharged');
  });

  it('a timed-out 2401 never applied: 2601 succeeds changing nothing and the msgid is refused after', async () => {
    const msgid = 'H33078200001202612081200000003';
    await hook(sim, '/__sim/faults', { infno: '2401', mode: 'timeout' });
    const signal = AbortSignal.timeout(300);
    await unanswered(admit(sim.url, '陈静', [], { client: { msgid, signal } as never }));
    // the hook held the call: nothing was admitted
    expect(sim.store.get('SELECT 1 FROM stays WHERE msgid = ?', msgid)).to.equal(undefined);
    const p = personNamed('陈静');
    const v = await call(sim.url, '2601', { data: { psn_no: p.psn_no, omsgid: msgid, oinfno: '2401' } });
    expect(v.output).to.deep.equal({ omsgid: msgid, oinfno: '2401', undone: '0' });
    const late = await admit(sim.url, '陈静', [], { client: { msgid } as never }).catch((e: Error) => e);
    expect(String(late)).to.contain('已被冲正');
  });

  it('error on 2301: infcode -1 with the message, no line stored', async () => {
    const s = await admit(sim.url, '刘子涵', []);
    await hook(sim, '/__sim/faults', { infno: '2301', mode: 'error', errMsg: '系统维护中' });
    const a = await s.upload([{ code: JIA, pric: 10, cnt: 1 }]);
    expect([a.infcode, a.err_msg]).to.deep.equal([-1, '系统维护中']);
    const n = sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM fee_lines WHERE mdtrt_id = ?', s.mdtrtId);
    expect(n!.n).to.equal(0);
  });

  it('3201 counts inpatient settlements under clr_type 21 (reversals too); 3202 checks them by setl_id', async () => {
    const fresh = await startInsurerSimulator({ port: 0 });
    try {
      const s = await admit(fresh.url, '马国庆', [{ code: JIA, pric: 100, cnt: 10 }]);
      await s.discharge();
      const first = (await call(fresh.url, '2304', s.settleData(1000))).output!.setlinfo;
      const rev = (await call(fresh.url, '2305', { data: { ...s.ids, setl_id: first.setl_id } })).output!.setlinfo;
      const last = (await call(fresh.url, '2304', s.settleData(1000))).output!.setlinfo;
      const day = first.setl_time.slice(0, 10);
      const ask = (clrType: '11' | '21', medfee: number, fund: number, cnt: number) =>
        call(fresh.url, '3201', {
          data: {
            insutype: '390',
            clr_type: clrType,
            setl_optins: first.clr_optins,
            stmt_begndate: day,
            stmt_enddate: day,
            medfee_sumamt: medfee,
            fund_pay_sumamt: fund,
            acct_pay: 0,
            fixmedins_setl_cnt: cnt,
          },
        });
      // 1,000 − 1,000 + 1,000; fund 720 each way; three rows
      const good = (await ask('21', 1000, 720, 3)).output!.stmtinfo;
      expect([good.stmt_rslt, good.stmt_rslt_dscr]).to.deep.equal(['0', '对账平']);
      const off = (await ask('21', 1000, 720, 1)).output!.stmtinfo;
      expect(off.stmt_rslt_dscr).to.contain('结算笔数：医药机构 1，中心 3');
      const outpatient = (await ask('11', 0, 0, 0)).output!.stmtinfo;
      expect(outpatient.stmt_rslt).to.equal('0');

      const row = (x: typeof first, refd: string) =>
        [x.setl_id, x.mdtrt_id, x.psn_no, x.medfee_sumamt.toFixed(2), x.fund_pay_sumamt.toFixed(2), '0.00', refd].join(
          '\t',
        );
      const detail = async (rows: string[]) => {
        const zip = zipSync({ 'detail.txt': strToU8(rows.join('\n')) });
        const up = await call(fresh.url, '9101', {
          fsUploadIn: { in: Buffer.from(zip).toString('base64'), filename: 'd.zip', fixmedins_code: 'H33078200001' },
        });
        const r = await call(fresh.url, '3202', {
          data: {
            setl_optins: first.clr_optins,
            file_qury_no: up.output!.file_qury_no,
            stmt_begndate: day,
            stmt_enddate: day,
            medfee_sumamt: 1000,
            fund_pay_sumamt: 720,
            cash_payamt: 280,
            fixmedins_setl_cnt: rows.length,
          },
        });
        expect(r.infcode, r.err_msg ?? '').to.equal(0);
        const f = r.output!.fileinfo;
        const res = await fetch(fresh.url, {
          method: 'POST',
          body: JSON.stringify(
            envelope('9102', {
              fsDownloadIn: { file_qury_no: f.file_qury_no, filename: f.filename, fixmedins_code: 'H33078200001' },
            }),
          ),
        });
        const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
        const text = strFromU8(Object.values(files)[0]!);
        return text ? text.split('\n').map((l) => l.split('\t')) : [];
      };
      expect(await detail([row(first, '0'), row(rev, '1'), row(last, '0')])).to.deep.equal([]);
      // the HIS took the reversal for a settlement and lacks the last one
      const diff = await detail([row(first, '0'), row(rev, '0')]);
      expect(diff.map((r) => [r[2], r[4], r[5]])).to.deep.equal([
        [rev.setl_id, '3', '1'],
        [last.setl_id, '2', '0'],
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('a restart keeps the stays; an older data file gains the inpatient columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'insurer-ipt-'));
    const dataFile = join(dir, 'insurer.sqlite');
    try {
      // a data file of the first release: fee_lines and settlements without the new columns
      const old = new Database(dataFile);
      old.exec(`CREATE TABLE fee_lines (
        mdtrt_id TEXT NOT NULL, feedetl_sn TEXT NOT NULL, chrg_bchno TEXT NOT NULL, psn_no TEXT NOT NULL,
        med_list_codg TEXT NOT NULL, amount INTEGER NOT NULL, overlmt INTEGER NOT NULL, fulamt INTEGER NOT NULL,
        preselfpay INTEGER NOT NULL, inscp INTEGER NOT NULL, result TEXT NOT NULL, setl_id TEXT, msgid TEXT NOT NULL,
        PRIMARY KEY (mdtrt_id, feedetl_sn))`);
      old.close();
      const first = await startInsurerSimulator({ port: 0, dataFile });
      const s = await admit(first.url, '孙丽娟', [{ code: JIA, pric: 100, cnt: 10, sn: 'K1' }]);
      await first.close();
      const second = await startInsurerSimulator({ port: 0, dataFile });
      try {
        const again = await admit(second.url, '孙丽娟', []).catch((e: Error) => e);
        expect(String(again)).to.contain(s.mdtrtId);
        const k1 = s.first!.output!.result[0]!;
        expect(k1.feedetl_sn).to.equal('K1');
        const r = await call(second.url, '2301', {
          feedetail: [
            {
              feedetl_sn: 'K2',
              init_feedetl_sn: 'K1',
              ...s.ids,
              med_type: '21',
              fee_ocur_time: '2026-12-03 08:00:00',
              med_list_codg: JIA,
              medins_list_codg: 'L1',
              det_item_fee_sumamt: -400,
              cnt: -4,
              pric: 100,
              bilg_dept_codg: 'A03.01',
              bilg_dept_name: '内科',
              bilg_dr_codg: 'D330782000001',
              bilg_dr_name: '李医生',
              hosp_appr_flag: '0',
            },
          ],
        });
        expect(r.infcode, r.err_msg ?? '').to.equal(0);
        const cancel = await call(second.url, '2302', { data: { ...s.ids, feedetl_sn: 'K1' } });
        expect(cancel.err_msg).to.contain('有退费明细 K2');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('insurer simulator: every inpatient infno under the fault hooks; random stays', () => {
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0, faults: true });
  });
  after(async () => {
    await sim.close();
  });

  it("'error' answers each new infno with its message and applies nothing; 'slow' delays it", async () => {
    for (const infno of ['2401', '2402', '2403', '2404', '2405', '2301', '2302', '2303', '2304', '2305']) {
      const set = await hook(sim, '/__sim/faults', { infno, mode: 'error', errMsg: `维护 ${infno}` });
      expect(set.ok, infno).to.equal(true);
      const a = await call(sim.url, infno as '2401', {} as never);
      expect([a.infcode, a.err_msg], infno).to.deep.equal([-1, `维护 ${infno}`]);
    }
    expect(sim.store.counts().stays).to.equal(0);
    await hook(sim, '/__sim/faults', { infno: '2303', mode: 'slow', delayMs: 250 });
    const t0 = Date.now();
    const a = await call(sim.url, '2303', {} as never);
    expect(Date.now() - t0).to.be.at.least(230);
    expect(a.err_msg).to.contain('缺少节点 data');
  });

  it('random stays (refunds, mid-stay settlements, 2305, resettle): identities, lines, accumulators', async () => {
    let seed = 20261208;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const items = [
      { code: JIA, pric: 100 },
      { code: codeOf('头孢克洛胶囊'), pric: 40 },
      { code: codeOf('金嗓子喉片'), pric: 10 },
      { code: codeOf('普通门诊诊察费'), pric: 25.5 },
    ];
    const names = ['王建国', '李秀英', '张卫东', '刘子涵', '陈静', '吴桂兰', '马国庆', '朱红梅', '杨明', '赵丽华'];
    const f = (y: number) => Math.round(y * 100);
    for (let round = 0; round < 12; round += 1) {
      const name = names[round % names.length]!;
      const s = await admit(sim.url, name, []);
      const sent: Array<{ sn: string; item: (typeof items)[number]; cnt: number }> = [];
      let unsettled = 0;
      let n = 0;
      const settle = async (mid: '0' | '1') => {
        const a = await call(sim.url, '2304', s.settleData(unsettled / 100, mid, rnd(2) ? '1' : '0'));
        expect(a.infcode, a.err_msg ?? '').to.equal(0);
        checkIdentities(a.output!.setlinfo, a.output!.setldetail);
        unsettled = 0;
        return a.output!.setlinfo;
      };
      for (let step = 0; step < 3; step += 1) {
        const lines: StayLineSpec[] = [];
        for (let k = 0; k < 1 + rnd(3); k += 1) {
          const item = items[rnd(items.length)]!;
          const cnt = 1 + rnd(5);
          n += 1;
          sent.push({ sn: `Q${n}`, item, cnt });
          lines.push({ code: item.code, pric: item.pric, cnt, sn: `Q${n}` });
          unsettled += f(item.pric) * cnt;
        }
        const orig = sent[rnd(sent.length)]!;
        if (rnd(2) && orig.cnt > 1 && !lines.some((l) => l.sn === orig.sn)) {
          n += 1;
          lines.push({ code: orig.item.code, pric: orig.item.pric, cnt: -1, sn: `Q${n}`, init: orig.sn });
          orig.cnt -= 1;
          unsettled -= f(orig.item.pric);
        }
        const up = await s.upload(lines);
        expect(up.infcode, up.err_msg ?? '').to.equal(0);
        if (rnd(2) && unsettled > 0) await settle('1');
      }
      expect((await s.discharge()).infcode).to.equal(0);
      const last = await settle('0');
      if (rnd(2)) {
        const r = await call(sim.url, '2305', { data: { ...s.ids, setl_id: last.setl_id } });
        expect(r.infcode, r.err_msg ?? '').to.equal(0);
        unsettled = -f(r.output!.setlinfo.medfee_sumamt);
        await settle('0');
      }
      // every line is settled, and the stay's settlements (net of reversals) cover exactly its lines
      const lines = sim.store.get<{ n: number; total: number }>(
        'SELECT COUNT(*) AS n, SUM(amount) AS total FROM fee_lines WHERE mdtrt_id = ? AND setl_id IS NULL',
        s.mdtrtId,
      )!;
      expect(lines.n).to.equal(0);
      const net = sim.store.get<{ medfee: number }>(
        "SELECT SUM(medfee) AS medfee FROM settlements WHERE mdtrt_id = ? AND state = 'valid'",
        s.mdtrtId,
      )!;
      const uploaded = sim.store.get<{ total: number }>(
        'SELECT SUM(amount) AS total FROM fee_lines WHERE mdtrt_id = ?',
        s.mdtrtId,
      )!;
      expect(net.medfee).to.equal(uploaded.total);
    }
    // the accumulators are the sums of the settlements not reversed (a reversal and its original cancel out)
    const rows = sim.store.all<{ psn_no: string; hifp: number; kept: number }>(
      `SELECT a.psn_no, a.hifp, (SELECT COALESCE(SUM(hifp), 0) FROM settlements s WHERE s.psn_no = a.psn_no
         AND s.state = 'valid' AND s.infno IN ('2207', '2304') AND s.refd = 0) AS kept FROM accumulators a`,
    );
    expect(rows.length).to.be.greaterThan(5);
    for (const r of rows) expect(r.hifp, r.psn_no).to.equal(r.kept);
  });
});
