// Faults over real HTTP (timeout, settled-no-answer then 5203, error, slow), and a restart that
// keeps the settlements (a file database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { call, envelope } from './client.js';
import { type InsurerSimulator, startInsurerSimulator } from './server.js';
import { codeOf, openVisit } from './testing.js';

const JIA = codeOf('阿莫西林胶囊', '0.25g×24粒');

async function hook(sim: InsurerSimulator, path: string, body?: unknown) {
  const url = sim.url.replace('/fsi/api', path);
  const res = await fetch(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

describe('insurer simulator: faults and restarts', () => {
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

  it('timeout: the call is held unanswered and applies nothing; the next call is answered', async () => {
    const v = await openVisit(sim.url, '王建国', [{ code: JIA, pric: 10, cnt: 2 }]);
    expect((await hook(sim, '/__sim/faults', { infno: '2207', mode: 'timeout' })).ok).to.equal(true);
    const abort = AbortSignal.timeout(400);
    const t0 = Date.now();
    let error: unknown = null;
    try {
      await call(sim.url, '2207', v.settleData(), { signal: abort });
    } catch (e) {
      error = e;
    }
    expect(error, 'the call must not be answered').to.not.equal(null);
    expect(Date.now() - t0).to.be.at.least(350);
    const n = sim.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM settlements WHERE mdtrt_id = ?', v.mdtrtId);
    expect(n!.n).to.equal(0);
    const state = await hook(sim, '/__sim/state');
    expect((state.calls as Array<{ fault: string }>).some((c) => c.fault === 'timeout')).to.equal(true);
    const ok = await call(sim.url, '2207', v.settleData());
    expect(ok.infcode).to.equal(0);
  });

  it('settled-no-answer: the settlement is applied, the connection dropped; 5203 by msgid finds it', async () => {
    const v = await openVisit(sim.url, '陈静', [{ code: JIA, pric: 10, cnt: 5 }]);
    await hook(sim, '/__sim/faults', { infno: '2207', mode: 'settled-no-answer' });
    const msgid = 'H33078200001202612081000000001';
    let error: unknown = null;
    try {
      await call(sim.url, '2207', v.settleData(), { msgid });
    } catch (e) {
      error = e;
    }
    expect(error, 'no answer').to.not.equal(null);
    const q = await call(sim.url, '5203', { data: { psn_no: v.person.psn_no, omsgid: msgid } });
    expect(q.infcode).to.equal(0);
    expect(q.output!.setlinfo!.mdtrt_id).to.equal(v.mdtrtId);
    expect(q.output!.setlinfo!.medfee_sumamt).to.equal(50);
    expect(q.output!.setlinfo!.msgid).to.equal(msgid);
    // a resend of the same msgid gets the settlement's answer, not a second settlement
    const again = await call(sim.url, '2207', v.settleData(), { msgid });
    expect(again.output!.setlinfo.setl_id).to.equal(q.output!.setlinfo!.setl_id);
  });

  it('error: infcode -1 with the message, nothing applied; times counts the calls affected', async () => {
    const v = await openVisit(sim.url, '徐浩然', [{ code: JIA, pric: 10, cnt: 1 }]);
    await hook(sim, '/__sim/faults', { infno: '2206', mode: 'error', times: 2, errMsg: '系统维护中' });
    const a = await call(sim.url, '2206', v.settleData());
    const b = await call(sim.url, '2206', v.settleData());
    const c = await call(sim.url, '2206', v.settleData());
    expect([a.infcode, a.err_msg, b.infcode, c.infcode]).to.deep.equal([-1, '系统维护中', -1, 0]);
  });

  it("slow: answered after the delay; '*' applies to every transaction", async () => {
    await hook(sim, '/__sim/faults', { infno: '*', mode: 'slow', delayMs: 300 });
    const t0 = Date.now();
    const a = await call(sim.url, '1301', { data: { ver: '20260601001' } });
    expect(a.infcode).to.equal(0);
    expect(Date.now() - t0).to.be.at.least(280);
  });

  it('refuses a bad fault and serves no hooks without faults: true', async () => {
    const bad = await hook(sim, '/__sim/faults', { infno: '2207', mode: 'explode' });
    expect(String(bad.error)).to.contain('mode');
    const plain = await startInsurerSimulator({ port: 0 });
    try {
      const res = await fetch(plain.url.replace('/fsi/api', '/__sim/state'));
      expect(res.status).to.equal(404);
    } finally {
      await plain.close();
    }
  });

  it('a restart keeps the settlements, the accumulators and the msgid log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'insurer-'));
    const dataFile = join(dir, 'insurer.sqlite');
    try {
      const first = await startInsurerSimulator({ port: 0, dataFile });
      const v = await openVisit(first.url, '吴桂兰', [{ code: JIA, pric: 100, cnt: 30 }], { medType: '21' });
      const msgid = 'H33078200001202612081100000001';
      const s = (await call(first.url, '2207', v.settleData(), { msgid })).output!.setlinfo;
      expect(s.act_pay_dedc).to.equal(200);
      await first.close();

      const second = await startInsurerSimulator({ port: 0, dataFile });
      try {
        const q = await call(second.url, '5203', { data: { psn_no: v.person.psn_no, omsgid: msgid } });
        expect(q.output!.setlinfo!.setl_id).to.equal(s.setl_id);
        // the admission's deductible is paid: a second admission pays half
        const v2 = await openVisit(second.url, '吴桂兰', [{ code: JIA, pric: 100, cnt: 10 }], { medType: '21' });
        const pre = (await call(second.url, '2206', v2.settleData())).output!.setlinfo;
        expect(pre.act_pay_dedc).to.equal(100);
        // ids keep counting: no setl_id is issued twice
        const s2 = (await call(second.url, '2207', v2.settleData())).output!.setlinfo;
        expect(s2.setl_id).to.not.equal(s.setl_id);
        const resend = await fetch(second.url, {
          method: 'POST',
          body: JSON.stringify(envelope('2207', v.settleData(), {}, msgid)),
        });
        const body = (await resend.json()) as { output: { setlinfo: { setl_id: string } } };
        expect(body.output.setlinfo.setl_id).to.equal(s.setl_id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
