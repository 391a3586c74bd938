// Browser test of the stay's fee panel (issue 12, inpatient-charges): the nurse opens a bed card's 费用
// panel, adds a manual charge (补记账: item searched by name, quantity, reason), then reverses it (冲账 with
// a reason); the cashier, with the stay page open in another browser, sees the balance and the fee list
// change live each time, without a reload. Bad input first: 补记账 without a reason names the field.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { factories, type Factories, type UserMade } from '../helpers/factories.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const key = () => ({ 'Idempotency-Key': randomUUID() });

describe('browser: the stay fee panel (补记账, 冲账) seen live by the cashier', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let f: Factories;
  let nurse: UserMade;
  let cashier: UserMade;
  let stayNo: string;
  let bedCode: string;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    f = await factories(ts);
    const ward = await f.department({ kind: 'ward', name: '内科病区' });
    nurse = await f.user(['nurse'], { departmentId: ward.id });
    cashier = await f.user(['registrar']);
    await f.diagnosis('J18.900', '肺炎');
    const fee = await f.service({ name: '床位费(普通)', priceFen: 2500, unit: '日' });
    await f.service({ name: '大换药', priceFen: 1500, chargeCategory: '05' });
    const room = await f.admin.post(`/api/ward-setup/${ward.id}/rooms`, { code: '301', name: '301室' });
    const made = await f.admin.post(
      `/api/ward-setup/${ward.id}/beds`,
      {
        roomId: room.body.id,
        prefix: '',
        from: 1,
        to: 2,
        type: 'normal',
        items: [{ catalogItemId: fee.id, quantity: 1 }],
      },
      key(),
    );
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    const bed = made.body.beds[0];
    bedCode = bed.code;
    const p = await f.patient({ name: '费住院' });
    const s = await cashier.client.post(
      '/api/stays',
      {
        patientId: p.id,
        wardId: ward.id,
        admissionWay: 'outpatient',
        admissionCondition: 'general',
        admissionDiagCode: 'J18.900',
        patientType: 'self',
        deposit: { amountFen: 100_000, method: 'cash' },
      },
      key(),
    );
    expect(s.status, JSON.stringify(s.body)).to.equal(201);
    stayNo = s.body.summary.stayNo;
    const placed = await nurse.client.post(
      `/api/beds/${bed.id}/place`,
      { stayId: s.body.summary.id, version: bed.version },
      key(),
    );
    expect(placed.status, JSON.stringify(placed.body)).to.equal(200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('the nurse charges and reverses; the cashier sees the balance change live', async () => {
    const c = await newPage(browser, ts);
    await signIn(c.page, cashier.username, cashier.password);
    await c.page.goto('/cashier/stays');
    await c.page.getByTestId(`stay-${stayNo}`).click();
    const balance = c.page.getByTestId('stay-view').getByTestId('balance');
    await balance.filter({ hasText: '1000.00' }).waitFor();
    // The cashier's copy of the fee panel: read-only (no 补记账), no charges yet.
    const cashierPanel = c.page.getByTestId('charges-panel');
    await cashierPanel.getByText('还没有费用').waitFor();
    expect(await cashierPanel.getByRole('button', { name: '补记账' }).count()).to.equal(0);

    const n = await newPage(browser, ts);
    await signIn(n.page, nurse.username, nurse.password);
    await n.page.goto('/nurse');
    await n.page.locator(`.bed-card[data-bed="${bedCode}"]`).click();
    await n.page.getByRole('dialog').getByRole('button', { name: '费用' }).click();
    const panel = n.page.getByTestId('charges-panel');
    await panel.getByRole('button', { name: '补记账' }).click();
    const add = n.page.getByRole('dialog', { name: /补记账/ });
    await add.getByLabel('收费项目').fill('大换药');
    await add.getByRole('option', { name: /大换药/ }).click();
    await add.getByTestId('charge-item').waitFor();
    await add.getByLabel('数量').fill('2');
    // No reason: the server names the field, nothing is charged.
    await add.getByRole('button', { name: '记账' }).click();
    await add.locator('.field-invalid input[name="reason"]').waitFor();
    await add.getByLabel('原因').fill('伤口换药');
    await add.getByRole('button', { name: '记账' }).click();
    await n.page.getByText('已补记账 30.00 元').waitFor();
    await panel.getByTestId('charges-balance').getByText('970.00').waitFor();

    // The cashier's page follows, live.
    await balance.filter({ hasText: '970.00' }).waitFor();
    await cashierPanel.getByTestId('charges-by-day').getByText('30.00').first().waitFor();

    // 冲账 of the row, with a reason.
    await panel.getByRole('tab', { name: '明细' }).click();
    await panel.getByRole('button', { name: '冲账 大换药' }).click();
    const rev = n.page.getByRole('dialog', { name: /冲账/ });
    await rev.getByLabel('冲账原因').fill('录入错误');
    await rev.getByRole('button', { name: '确认冲账' }).click();
    await n.page.getByText('已冲账 30.00 元').waitFor();
    await panel.locator('tr.ch-neg').getByText('冲账:录入错误').waitFor();
    expect(await panel.getByRole('button', { name: '冲账 大换药' }).count()).to.equal(0);
    await balance.filter({ hasText: '1000.00' }).waitFor();
    expect((await balance.textContent())?.trim()).to.equal('1000.00');
    await screenshot(n.page, 'stay-charges-panel');
  });
});
