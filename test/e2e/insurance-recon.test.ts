// Browser test of 医保对账 (issue 11 item 6): the finance clerk opens it from the cashier station,
// sees the day's group with the HIS's figures, reconciles (3201 against the simulator): 不平 in
// red with the insurer's words; 对明细账 (3202) lists the settlement only the insurer has; the
// report tab shows the day by insutype and fund and exports Excel. A run made by someone else
// shows up live, and so does a settlement made at a desk meanwhile.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import type { UserMade } from '../helpers/factories.js';
import { PERSONS, RECON_DAY, startReconWorld, type ReconWorld } from '../helpers/insurance-recon.js';

describe('browser: insurance reconciliation page (医保对账)', function () {
  this.timeout(180_000);
  let w: ReconWorld;
  let browser: Browser;
  let finance: UserMade;
  let other: UserMade;

  before(async () => {
    assertClientBuilt();
    w = await startReconWorld();
    finance = await w.f.user(['finance']);
    other = await w.f.user(['finance']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('reconciles the day, lists the differing settlement, shows and exports the report, live', async () => {
    const kept = await w.mirror(await w.settleAtInsurer(PERSONS[0], 12000));
    const onlyInsurer = await w.settleAtInsurer(PERSONS[1], 3000);

    const { context, page } = await newPage(browser, w.ts);
    await signIn(page, finance.username, finance.password);
    await page.goto('/cashier');
    await page.getByRole('link', { name: '医保对账' }).click();
    await page.waitForURL((u) => u.pathname === '/cashier/insurance-recon');
    await page.getByRole('heading', { level: 1, name: '医保对账与结算报表' }).waitFor();

    // The day's group with the HIS's own figures, not yet reconciled.
    const table = page.getByRole('table', { name: '对账' });
    const row = table.locator('tbody tr').filter({ hasText: '城乡居民基本医疗保险' });
    await row.getByText('未对账').waitFor();
    const fee = (kept.setlinfo.medfee_sumamt as number).toFixed(2);
    await row.getByText(fee, { exact: true }).first().waitFor();

    // F9 reconciles: 不平, in red, with the insurer's words.
    await page.keyboard.press('F9');
    const badge = row.locator('[data-state="unbalanced"]');
    await badge.waitFor();
    expect(await badge.textContent()).to.equal('不平');
    const color = await badge.evaluate(
      (el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color,
    );
    expect(color).to.equal('rgb(180, 35, 24)');
    await row.getByText('对账不平', { exact: false }).waitFor();

    // 对明细账: the settlement only the insurer has, without a bill here.
    await row.getByRole('button', { name: '对明细账' }).click();
    const panel = page.locator('section.recon-diffs');
    await panel.waitFor();
    const diff = panel.locator('tbody tr').filter({ hasText: onlyInsurer.setlId });
    await diff.getByText('中心有,本院无').waitFor();
    await diff.getByText('本院无票据').waitFor();
    await screenshot(page, 'insurance-recon-detail');
    await panel.getByRole('button', { name: '收起' }).click();
    await panel.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: '查看明细(1)' }).click();
    await panel.locator('tbody tr').filter({ hasText: onlyInsurer.setlId }).waitFor();

    // Someone else reconciles the same day: the page follows live.
    const before = await w.raw.prepare('SELECT COUNT(*) AS n FROM insurance_reconciliations').get();
    w.sim.fault({ infno: '3201', mode: 'error', times: 1, errMsg: '对账服务维护中' });
    const r = await other.client.post('/api/insurance/recon/run', { from: RECON_DAY, to: RECON_DAY });
    expect(r.status).to.equal(200);
    expect(w.raw.prepare('SELECT COUNT(*) AS n FROM insurance_reconciliations').get()).to.not.deep.equal(before);
    await row.locator('[data-state="failed"]').waitFor();
    await row.getByText('对账服务维护中', { exact: false }).waitFor();
    await screenshot(page, 'insurance-recon-failed');

    // A settlement made at a desk meanwhile: the HIS's totals follow live, flagged as changed since.
    await w.settleAtDesk(PERSONS[1]);
    await row.getByText('2 (2/0)').waitFor();
    await row.getByText('对账后本院数据有变化').waitFor();

    // The report: the day by insutype and fund; Excel downloads.
    await page.getByRole('tab', { name: '结算报表' }).click();
    const byInsutype = page.getByRole('table', { name: '按险种' });
    const { sum } = w.raw
      .prepare("SELECT SUM(medfee_sumamt_fen) AS sum FROM insurance_settlements WHERE state = 'settled'")
      .get() as { sum: number };
    await byInsutype
      .locator('tbody tr')
      .filter({ hasText: '390' })
      .getByText((sum / 100).toFixed(2))
      .first()
      .waitFor();
    await page.getByRole('table', { name: '按基金' }).getByText('现金').first().waitFor();
    await screenshot(page, 'insurance-recon-report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`医保结算报表 ${RECON_DAY}.xlsx`);

    // Any period: 本月 (the month so far) holds the same; 上月 is empty; a period over a year is said on its field.
    const period = page.getByRole('group', { name: '期间' });
    await period.getByRole('button', { name: '本月' }).click();
    expect(await period.locator('input[name="from"]').inputValue()).to.equal(`${RECON_DAY.slice(0, 7)}-01`);
    expect(await period.getByRole('button', { name: '本月' }).getAttribute('aria-pressed')).to.equal('true');
    await byInsutype
      .locator('tbody tr')
      .filter({ hasText: '390' })
      .getByText((sum / 100).toFixed(2))
      .first()
      .waitFor();
    await period.getByRole('button', { name: '上月' }).click();
    await page.getByText('该期间没有医保结算').first().waitFor();
    await period.locator('input[name="from"]').fill('2025-01-01');
    await period.getByRole('alert').getByText('期间最长一年').waitFor();
    expect(await period.locator('input[name="from"]').getAttribute('aria-invalid')).to.equal(null);
    expect(await period.locator('input[name="to"]').getAttribute('aria-invalid')).to.equal('true');
    await screenshot(page, 'insurance-recon-period');
    await context.close();
  });
});
