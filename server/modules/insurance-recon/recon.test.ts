// Reconciliation (3201/3202) and settlement reports against the real insurer simulator over HTTP.
// The insurer's side of each settlement is made at the simulator through the adapter's gateway
// client (2201 → 2204 → 2207, 2208 for a reversal); the HIS's side is a real paid bill plus the
// settlement module's rows mirroring the insurer's answer (test/helpers/insurance-recon.ts), or
// deliberately wrong to make the day unbalanced.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type SQLite from 'better-sqlite3';
import { auditRows, userViaApi } from '../../../test/helpers/admin.js';
import type { UserMade } from '../../../test/helpers/factories.js';
import {
  AREA,
  PERSONS,
  sh,
  RECON_DAY as DAY,
  startReconWorld,
  type Made,
  type ReconWorld,
} from '../../../test/helpers/insurance-recon.js';
import type { ApiClient, TestServer } from '../../../test/helpers/server.js';
import { XLSX_TYPE } from '../../lib/xlsx.js';
import { toFen } from '../insurance/index.js';
import { settlementFaults } from '../insurance-settlement/index.js';

type Json = Record<string, any>;

describe('insurance reconciliation against the simulator (3201, 3202, reports)', function () {
  this.timeout(120_000);
  let w: ReconWorld;
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let finance: UserMade;

  before(async () => {
    w = await startReconWorld();
    ({ ts, raw, admin } = w);
    finance = await w.f.user(['finance']);
  });

  after(() => w?.stop());

  const sim = () => w.sim;
  const settleAtInsurer: ReconWorld['settleAtInsurer'] = (p, a) => w.settleAtInsurer(p, a);
  const mirror: ReconWorld['mirror'] = (s, o) => w.mirror(s, o);
  const reverse: ReconWorld['reverse'] = (m) => w.reverse(m);

  const overview = async (c: ApiClient = finance.client) => {
    const r = await c.get(`/api/insurance/recon?from=${DAY}&to=${DAY}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body as Json;
  };

  const kept: Made[] = [];

  it('a balanced day: settlements and a reversal netted, one 3201 per group, 平', async () => {
    const a = await mirror(await settleAtInsurer(PERSONS[0]!, 12000));
    const b = await mirror(await settleAtInsurer(PERSONS[1]!, 8000));
    const c = await mirror(await settleAtInsurer(PERSONS[0]!, 5000));
    await reverse(c);
    kept.push(a, b);
    const before = await overview();
    expect(before.groups).to.have.length(1);
    const g = before.groups[0];
    expect([g.insutype, g.clrType, g.clrOptins, g.last]).to.deep.equal(['390', '11', AREA, null]);
    expect(g.local.settled).to.equal(3);
    expect(g.local.reversed).to.equal(1);
    expect(g.local.count).to.equal(2);
    const fees = (m: Made) => toFen(m.setlinfo.medfee_sumamt, 'x');
    const fund = (m: Made) => toFen(m.setlinfo.fund_pay_sumamt, 'x');
    expect(g.local.medfeeSumamtFen).to.equal(fees(a) + fees(b));
    expect(g.local.fundPaySumamtFen).to.equal(fund(a) + fund(b));

    const run = await finance.client.post('/api/insurance/recon/run', { from: DAY, to: DAY });
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
    expect([run.body.balanced, run.body.unbalanced, run.body.failed]).to.deep.equal([1, 0, 0]);
    const item = run.body.items[0];
    expect(item.state).to.equal('balanced');
    expect(item.stmtRslt).to.equal('0');
    expect(item.sent.count).to.equal(4); // 3 settlements + 1 reversal, as the insurer counts
    const call = raw.prepare("SELECT state, input_json FROM insurance_calls WHERE infno = '3201'").get() as Json;
    expect(call.state).to.equal('ok');
    expect(JSON.parse(call.input_json).input.data.fixmedins_setl_cnt).to.equal(4);
    const after = await overview();
    expect(after.groups[0].last.state).to.equal('balanced');
    expect(after.groups[0].changedSince).to.equal(false);
    expect(auditRows(ts, 'insurance.reconcile').length).to.equal(1);
  });

  it('unbalanced: 3202 finds the insurer-only settlement, the changed amounts and the local-only one', async () => {
    const onlyInsurer = await settleAtInsurer(PERSONS[1]!, 3000);
    const changed = await mirror(await settleAtInsurer(PERSONS[0]!, 6000), { extraFen: 100 });
    const onlyLocal = await mirror(await settleAtInsurer(PERSONS[1]!, 2000), { setlId: 'LOCALONLY0001' });
    const run = await finance.client.post('/api/insurance/recon/run', { from: DAY, to: DAY });
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
    const rec = run.body.items[0];
    expect(rec.state).to.equal('unbalanced');
    expect(rec.stmtRsltDscr).to.contain('不平');
    const ov = await overview();
    expect(ov.groups[0].last.id).to.equal(rec.id);
    expect(ov.groups[0].last.state).to.equal('unbalanced');

    const d = await finance.client.post(`/api/insurance/recon/${rec.id}/detail`, {});
    expect(d.status, JSON.stringify(d.body)).to.equal(200);
    expect(d.body.reconciliation.detailState).to.equal('done');
    const by = (kind: string): Json[] => (d.body.diffs as Json[]).filter((x) => x.kind === kind);
    // The insurer has it, the HIS does not: no bill.
    const ins = by('only_insurer');
    expect(ins.map((x) => x.setlId)).to.include(onlyInsurer.setlId);
    expect(ins.find((x) => x.setlId === onlyInsurer.setlId)?.billId).to.equal(null);
    // 'LOCALONLY0001' is the HIS's only; the insurer's own setl_id of that settlement is the insurer's only.
    expect(by('only_local').map((x) => x.setlId)).to.deep.equal(['LOCALONLY0001']);
    expect(by('only_local')[0]?.billId).to.equal(onlyLocal.billId);
    expect(ins.map((x) => x.setlId)).to.include(onlyLocal.setlId);
    // Amounts differ: both sides' figures, linked to the bill.
    const [diff, ...more] = by('amount_differs');
    expect([diff?.setlId, more.length]).to.deep.equal([changed.setlId, 0]);
    expect(diff?.billId).to.equal(changed.billId);
    expect(diff?.local.medfeeSumamtFen - diff?.insurer.medfeeSumamtFen).to.equal(100);
    expect(d.body.diffs).to.have.length(4);
    // 9101, 3202 and 9102 went through the outbox; read back, the same list.
    const infnos = (raw.prepare('SELECT infno, state FROM insurance_calls ORDER BY id').all() as Json[]).slice(-3);
    expect(infnos).to.deep.equal([
      { infno: '9101', state: 'ok' },
      { infno: '3202', state: 'ok' },
      { infno: '9102', state: 'ok' },
    ]);
    const again = await finance.client.get(`/api/insurance/recon/${rec.id}`);
    expect(again.body.diffs).to.deep.equal(d.body.diffs);
    kept.push(changed, onlyLocal);
  });

  it('the report: by insutype and by fund, reversals subtracted, sums = the HIS rows', async () => {
    const r = await finance.client.get(`/api/insurance/reports/settlements?day=${DAY}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const rows = raw
      .prepare(
        `SELECT SUM(medfee_sumamt_fen) AS fee, SUM(fund_pay_sumamt_fen) AS fund, SUM(psn_cash_pay_fen) AS cash,
           COUNT(*) AS n FROM insurance_settlements WHERE state = 'settled'`,
      )
      .get() as Json;
    expect(r.body.span).to.equal('day');
    expect(r.body.byInsutype).to.have.length(1);
    const x = r.body.byInsutype[0];
    expect([x.insutype, x.count, x.medfeeSumamtFen, x.fundPaySumamtFen]).to.deep.equal([
      '390',
      rows.n,
      rows.fee,
      rows.fund,
    ]);
    expect(x.settled - x.reversed).to.equal(rows.n);
    expect(x.funds.cash).to.equal(rows.cash);
    const fundTotal = (r.body.byFund as Json[]).reduce((s, y) => s + y.amountFen, 0);
    expect(fundTotal).to.equal(rows.fee);
    expect((r.body.byFund as Json[]).map((y) => y.code)).to.include('cash');
    // The month answers the same (everything is on one day).
    const m = await finance.client.get('/api/insurance/reports/settlements?month=2026-12');
    expect(m.body.totals).to.deep.equal(r.body.totals);
    expect([m.body.from, m.body.to, m.body.span]).to.deep.equal(['2026-12-01', '2026-12-31', 'month']);
  });

  it('any period up to a year (the page’s from–to, quick picks): report and overview; 367 days refused', async () => {
    const day = await finance.client.get(`/api/insurance/reports/settlements?day=${DAY}`);
    // Last month up to the day (a period of several days) holds the same as the day; the week before, nothing.
    const span = await finance.client.get(`/api/insurance/reports/settlements?from=2026-11-01&to=${DAY}`);
    expect(span.status, JSON.stringify(span.body)).to.equal(200);
    expect([span.body.from, span.body.to, span.body.span]).to.deep.equal(['2026-11-01', DAY, 'period']);
    expect(span.body.totals).to.deep.equal(day.body.totals);
    const before = await finance.client.get('/api/insurance/reports/settlements?from=2026-12-01&to=2026-12-07');
    expect(before.body.byInsutype).to.deep.equal([]);
    const o = await finance.client.get(`/api/insurance/recon?from=2026-11-01&to=${DAY}`);
    expect(o.status).to.equal(200);
    expect(o.body.groups.map((g: Json) => g.local.count)).to.deep.equal(
      (await overview()).groups.map((g: Json) => g.local.count),
    );
    // A year (366 days, the longest) is accepted; a day more is refused on `to`.
    const year = await finance.client.get(`/api/insurance/reports/settlements?from=2025-12-08&to=${DAY}`);
    expect(year.status, JSON.stringify(year.body)).to.equal(200);
    expect((await finance.client.get(`/api/insurance/recon?from=2025-12-08&to=${DAY}`)).status).to.equal(200);
    const long = await finance.client.get(`/api/insurance/reports/settlements?from=2025-12-07&to=${DAY}`);
    expect([long.status, long.body.error.field]).to.deep.equal([422, 'to']);
    const longRecon = await finance.client.get(`/api/insurance/recon?from=2025-12-07&to=${DAY}`);
    expect([longRecon.status, longRecon.body.error.field]).to.deep.equal([422, 'to']);
  });

  it('the report opens in Excel (read back with exceljs), Chinese by default and English on request', async () => {
    const get = async (lang: 'zh' | 'en') => {
      const res = await fetch(`${ts.url}/api/insurance/reports/settlements?day=${DAY}&format=xlsx`, {
        headers: { cookie: finance.client.cookie, 'x-lang': lang },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.contain(XLSX_TYPE);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb;
    };
    const json = (await finance.client.get(`/api/insurance/reports/settlements?day=${DAY}`)).body;
    const wb = await get('zh');
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal([`医保结算 按险种 ${DAY}`, `医保结算 按基金 ${DAY}`]);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).to.equal('险种');
    expect(ws.getRow(2).getCell(1).value).to.equal('390');
    expect(ws.getRow(2).getCell(6).value).to.equal(json.byInsutype[0].medfeeSumamtFen / 100);
    const total = ws.getRow(ws.actualRowCount);
    expect(total.getCell(1).value).to.equal('合计');
    expect(total.getCell(6).value).to.equal(json.totals.medfeeSumamtFen / 100);
    const funds = wb.worksheets[1]!;
    expect(funds.actualRowCount).to.equal(json.byFund.length + 2);
    const en = await get('en');
    expect(en.worksheets[0]!.getRow(1).getCell(1).value).to.equal('Insutype');
  });

  it('only insurance.reconcile may reconcile or read the reports', async () => {
    const cashier = await userViaApi(ts, admin, ['registrar']);
    for (const [m, p] of [
      ['GET', `/api/insurance/recon?from=${DAY}&to=${DAY}`],
      ['POST', '/api/insurance/recon/run'],
      ['GET', `/api/insurance/reports/settlements?day=${DAY}`],
      ['GET', '/api/insurance/recon/today'],
    ] as const) {
      const r = await cashier.client.request(m, p, m === 'POST' ? { from: DAY, to: DAY } : undefined);
      expect(r.status, `${m} ${p}`).to.equal(403);
    }
    expect((await admin.get(`/api/insurance/recon?from=${DAY}&to=${DAY}`)).status).to.equal(200);
    expect((await finance.client.get('/api/insurance/recon/today')).body).to.deep.equal({
      today: DAY,
      month: '2026-12',
      timeZone: 'Asia/Shanghai',
    });
  });

  it('bad dates are refused on their field and change nothing', async () => {
    const rows = () => (raw.prepare('SELECT COUNT(*) AS n FROM insurance_reconciliations').get() as Json).n;
    const calls = () => (raw.prepare('SELECT COUNT(*) AS n FROM insurance_calls').get() as Json).n;
    const before = [rows(), calls()];
    const cases: Array<[unknown, string]> = [
      [{ from: '2026-02-30', to: DAY }, 'from'],
      [{ from: '2026/12/08', to: DAY }, 'from'],
      [{ from: DAY, to: '2026-12-07' }, 'to'],
      [{ from: DAY, to: '2026-12-09' }, 'to'],
      [{ from: '2025-01-01', to: DAY }, 'to'],
      [{ from: DAY }, 'to'],
      [{ from: DAY, to: DAY, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await finance.client.post('/api/insurance/recon/run', body);
      expect(r.status, JSON.stringify(body)).to.be.oneOf([400, 422]);
      expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    }
    const q = await finance.client.get('/api/insurance/recon?from=2026-12-08&to=2026-12-01');
    expect([q.status, q.body.error.field]).to.deep.equal([422, 'to']);
    const rep = await finance.client.get(`/api/insurance/reports/settlements?day=${DAY}&month=2026-12`);
    expect([rep.status, rep.body.error.field]).to.deep.equal([422, 'month']);
    const bad = await finance.client.get('/api/insurance/reports/settlements?month=2026-13');
    expect([bad.status, bad.body.error.field]).to.deep.equal([422, 'month']);
    const none = await finance.client.get('/api/insurance/reports/settlements');
    expect(none.status).to.equal(422);
    expect((await finance.client.get('/api/insurance/recon/999999')).status).to.equal(404);
    expect([rows(), calls()]).to.deep.equal(before);
  });

  it('the insurer answering an error: the run is recorded as failed with its words, then succeeds', async () => {
    sim().fault({ infno: '3201', mode: 'error', times: 1, errMsg: '对账服务维护中' });
    const r = await finance.client.post('/api/insurance/recon/run', { from: DAY, to: DAY });
    expect(r.status).to.equal(200);
    expect(r.body.failed).to.equal(1);
    expect(r.body.items[0].state).to.equal('failed');
    expect(r.body.items[0].error).to.contain('对账服务维护中');
    const again = await finance.client.post('/api/insurance/recon/run', { from: DAY, to: DAY });
    expect(again.body.items[0].state).to.equal('unbalanced');
  });

  it('no answer to 3202 (timeout): recorded as failed, resolved as no-effect in the outbox', async () => {
    const rec = (await finance.client.post('/api/insurance/recon/run', { from: DAY, to: DAY })).body.items[0];
    sim().fault({ infno: '3202', mode: 'timeout', times: 1 });
    const d = await finance.client.post(`/api/insurance/recon/${rec.id}/detail`, {});
    expect(d.status).to.equal(504);
    expect(d.body.error.code).to.equal('insurer_timeout');
    expect(d.body.error.message).to.match(/对账只是查询|reconciliation is a query/);
    expect(d.body.error.message).to.not.contain('5203');
    const call = raw
      .prepare("SELECT state, resolution FROM insurance_calls WHERE infno = '3202' ORDER BY id DESC LIMIT 1")
      .get() as Json;
    expect(call).to.deep.equal({ state: 'unknown', resolution: 'no-effect' });
    const row = (await finance.client.get(`/api/insurance/recon/${rec.id}`)).body.reconciliation;
    expect([row.detailState, row.detailError]).to.deep.equal(['failed', d.body.error.message]);
    // Run again: the differences come.
    const ok = await finance.client.post(`/api/insurance/recon/${rec.id}/detail`, {});
    expect([ok.status, ok.body.reconciliation.detailState, ok.body.diffs.length]).to.deep.equal([200, 'done', 4]);
  });
  it('settled and refunded at the desk (insurance-settlement writes the rows): the next day is 平', async () => {
    // The next morning: sessions of yesterday are over, sign in again.
    w.clock.set(sh(2026, 12, 9, 9));
    await w.resumeDesk();
    expect((await finance.client.signIn(finance.username, finance.password)).status).to.equal(200);
    const day = '2026-12-09';
    const a = await w.settleAtDesk(PERSONS[0]);
    const b = await w.settleAtDesk(PERSONS[1]);
    // a: the service line refunded (2208, the drug re-settled); b: refunded whole (2208 only).
    await w.refundAtDesk(a.billId, [{ billLineId: a.serviceLineId, quantity: 2 }]);
    const lines = raw.prepare('SELECT id, quantity FROM bill_lines WHERE bill_id = ?').all(b.billId) as Json[];
    await w.refundAtDesk(
      b.billId,
      lines.map((l) => ({ billLineId: l.id, quantity: l.quantity })),
    );
    const rows = raw
      .prepare('SELECT state, cancel_setl_id FROM insurance_settlements WHERE business_day = ? ORDER BY id')
      .all(day) as Json[];
    expect(rows.map((r) => r.state)).to.deep.equal(['cancelled', 'cancelled', 'settled']);
    const ov = (await finance.client.get(`/api/insurance/recon?from=${day}&to=${day}`)).body;
    expect(ov.groups).to.have.length(1);
    expect([ov.groups[0].local.settled, ov.groups[0].local.reversed, ov.groups[0].local.count]).to.deep.equal([
      3, 2, 1,
    ]);
    const run = await finance.client.post('/api/insurance/recon/run', { from: day, to: day });
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
    expect(run.body.items.map((x: Json) => [x.state, x.sent.count])).to.deep.equal([['balanced', 5]]);
    const d = await finance.client.post(`/api/insurance/recon/${run.body.items[0].id}/detail`, {});
    expect([d.status, d.body.diffs]).to.deep.equal([200, []]);
    // A 单边账: the insurer settles, the local write fails. Not the HIS's until completed: 不平, and
    // 3202 names it with its local settlement; completed at the desk, the day is 平 again.
    settlementFaults.failApply = 1;
    const c = await w.settleAtDesk(PERSONS[0], { status: 409 });
    expect(c.body.error.code).to.equal('settlement_not_applied');
    const one = await finance.client.post('/api/insurance/recon/run', { from: day, to: day });
    expect(one.body.items[0].state).to.equal('unbalanced');
    const od = await finance.client.post(`/api/insurance/recon/${one.body.items[0].id}/detail`, {});
    expect(od.body.diffs).to.have.length(1);
    const [x] = od.body.diffs as Json[];
    expect([x?.kind, x?.billId, x?.settlementId === null]).to.deep.equal(['only_insurer', null, false]);
    expect(x?.memo).to.contain('单边账');
    const open = await w.deskClient().get(`/api/insurance/settlement/patients/${c.patientId}`);
    const done = await w
      .deskClient()
      .post(`/api/insurance/settlement/settlements/${open.body.unapplied[0].id}/complete`, {});
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const two = await finance.client.post('/api/insurance/recon/run', { from: day, to: day });
    expect(two.body.items[0].state).to.equal('balanced');
    // Both days together: the first day's differences are still there, the second adds none.
    const both = await finance.client.post('/api/insurance/recon/run', { from: DAY, to: day });
    expect(both.body.items[0].state).to.equal('unbalanced');
    const report = (await finance.client.get(`/api/insurance/reports/settlements?day=${day}`)).body;
    const kept = raw
      .prepare(
        'SELECT SUM(medfee_sumamt_fen) AS fee FROM insurance_settlements ' +
          "WHERE business_day = ? AND state = 'settled' AND bill_id IS NOT NULL",
      )
      .get(day) as Json;
    expect([report.totals.count, report.totals.medfeeSumamtFen]).to.deep.equal([2, kept.fee]);
  });

  it('a day whose only settlement is a 单边账 is still reconciled: zero here against the insurer’s, 不平', async () => {
    w.clock.set(sh(2026, 12, 10, 9));
    await w.resumeDesk();
    expect((await finance.client.signIn(finance.username, finance.password)).status).to.equal(200);
    const day = '2026-12-10';
    settlementFaults.failApply = 1;
    await w.settleAtDesk(PERSONS[1], { status: 409 });
    const ov = (await finance.client.get(`/api/insurance/recon?from=${day}&to=${day}`)).body;
    expect(ov.groups.map((g: Json) => [g.insutype, g.local.count, g.local.medfeeSumamtFen])).to.deep.equal([
      ['390', 0, 0],
    ]);
    const run = await finance.client.post('/api/insurance/recon/run', { from: day, to: day });
    expect(run.body.items.map((x: Json) => [x.state, x.sent.count])).to.deep.equal([['unbalanced', 0]]);
    const d = await finance.client.post(`/api/insurance/recon/${run.body.items[0].id}/detail`, {});
    expect((d.body.diffs as Json[]).map((x) => [x.kind, x.billId, x.memo.slice(0, 3)])).to.deep.equal([
      ['only_insurer', null, '单边账'],
    ]);
  });
});
