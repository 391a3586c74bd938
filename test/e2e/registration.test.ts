// Browser test of the registration desk and the waiting-room display: a registrar registers
// a patient through the page (search, clinic, payment, Enter), the ticket shows on screen and
// in today's list; a TV opened with the display token (another browser context, no sign-in)
// shows the new ticket in line, and the call when a doctor calls through the API — live,
// without reload; the TV shows the offline badge while its link is cut and catches up.
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

describe('browser: registration desk and waiting-room display', function () {
  this.timeout(180_000);
  let browser: Browser;
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
  });

  it('registers a patient at the desk; the display shows the ticket and then the call live', async () => {
    const patientId = await insertPatient(ts, '陈美玲');
    const display = await admin.post('/api/displays', { name: '门诊大厅', departmentIds: [w.clinicA, w.clinicB] });
    expect(display.status).to.equal(201);

    // The TV: no sign-in, the token in the address.
    const tv = await browser.newContext({ baseURL: ts.url, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    contexts.push(tv);
    tv.setDefaultTimeout(15_000);
    const screen = await tv.newPage();
    screen.on('pageerror', (e) => console.error('[display page error]', e));
    await screen.goto(display.body.url);
    await screen.locator(`.dp-clinic[data-department="${w.clinicA}"] h2`).waitFor();
    await screen.evaluate(() => ((globalThis as unknown as { __marker: number }).__marker = 1));

    // The registration desk.
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    await page.getByRole('heading', { level: 1, name: '门诊挂号' }).waitFor();
    const search = page.locator('input[name="patientQuery"]');
    await search.fill('cml');
    await page.getByText('查找结果').waitFor();
    await page
      .locator(`.pt-results[aria-busy="false"] [data-patient-id="${patientId}"][aria-selected="true"]`)
      .waitFor();
    await search.press('Enter');
    await page.locator('.reg-patient', { hasText: '陈美玲' }).waitFor();
    await page.locator('.reg-clinic', { hasText: `内科` }).first().click();
    await page.getByLabel('实收(元)').fill('10');
    await page.locator('[data-change="500"]').waitFor(); // change 5.00 yuan shown before confirming
    await page.getByLabel('实收(元)').press('Enter');
    const label = `${w.prefixA}001`;
    await page.locator(`.reg-ticket-label[data-label="${label}"]`).waitFor();
    await screenshot(page, 'registration-ticket');
    await page.locator('.reg-today tbody tr', { hasText: '陈美玲' }).waitFor();
    expect(await page.locator('.reg-today tbody tr', { hasText: '陈美玲' }).textContent()).to.include(label);

    // The TV shows the new ticket in line (masked name), without a reload.
    const clinicA = screen.locator(`.dp-clinic[data-department="${w.clinicA}"]`);
    await clinicA.locator('.dp-next li', { hasText: label }).waitFor();
    expect(await clinicA.locator('.dp-next').textContent())
      .to.include('陈*玲')
      .and.not.include('陈美玲');

    // A doctor calls through the API: the TV shows the call, and (no zh voice in headless
    // Chromium) fetches the spoken call from the server.
    const speech = screen.waitForRequest((r) => r.url().includes('/api/display/speech?text='), { timeout: 20_000 });
    const call = await w.doctor1.client.post('/api/queue/call-next', { departmentId: w.clinicA });
    expect(call.status).to.equal(200);
    await clinicA.locator('.dp-now .dp-label', { hasText: label }).waitFor();
    expect(await clinicA.locator('.dp-now').textContent())
      .to.include('陈*玲')
      .and.include('2 诊室');
    const req = await speech;
    expect(decodeURIComponent(new URL(req.url()).searchParams.get('text')!)).to.equal(
      `请 ${label} 号 陈*玲 到 2 诊室 就诊`,
    );
    expect(req.headers()['x-display-token']).to.equal(display.body.token);
    await screenshot(screen, 'display-1920');

    // A recall repeats the spoken call.
    const again = screen.waitForRequest((r) => r.url().includes('/api/display/speech?text='), { timeout: 20_000 });
    expect((await w.doctor1.client.post(`/api/queue/${call.body.id}/recall`)).status).to.equal(200);
    expect(decodeURIComponent(new URL((await again).url()).searchParams.get('text')!)).to.equal(
      `请 ${label} 号 陈*玲 到 2 诊室 就诊`,
    );
    // no reload
    expect(await screen.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker)).to.equal(1);

    // The desk sees the status change live too, and its cancel button is gone.
    await page.locator('.reg-today tbody tr', { hasText: '陈美玲' }).locator('.badge', { hasText: '已叫号' }).waitFor();
  });

  it('the display shows an offline badge when its link is cut and catches up when it is back', async () => {
    const display = await admin.post('/api/displays', { name: '二楼', departmentIds: [w.clinicB] });
    const tv = await browser.newContext({ baseURL: ts.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    contexts.push(tv);
    tv.setDefaultTimeout(15_000);
    const screen = await tv.newPage();
    let gateOpen = true;
    const open: Array<{ close: (o?: { code?: number; reason?: string }) => Promise<void> }> = [];
    await screen.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (!gateOpen) return void ws.close({ code: 1011, reason: 'test gate closed' });
      ws.connectToServer();
      open.push(ws);
    });
    await screen.goto(display.body.url);
    const clinicB = screen.locator(`.dp-clinic[data-department="${w.clinicB}"]`);
    await clinicB.waitFor();
    await screen.locator('.dp[data-link="up"]').waitFor();
    await screen.evaluate(() => ((globalThis as unknown as { __marker: number }).__marker = 2));

    // Cut the link: the badge shows; a registration and a call happen meanwhile.
    gateOpen = false;
    await screen.context().setOffline(true);
    for (const ws of open) await ws.close({ code: 1001, reason: 'test cut' });
    await screen.locator('.dp-offline').waitFor();
    const p = await insertPatient(ts, '林志强');
    const reg = await w.registrar.client.post(
      '/api/registrations',
      { patientId: p, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(reg.status).to.equal(201);
    expect((await w.doctor2.client.post('/api/queue/call-next', { departmentId: w.clinicB })).status).to.equal(200);
    await screenshot(screen, 'display-1366-offline');

    // Back: the badge goes, the call is on screen, no reload.
    gateOpen = true;
    await screen.context().setOffline(false);
    await clinicB.locator('.dp-now .dp-label', { hasText: reg.body.queueLabel }).waitFor({ timeout: 30_000 });
    await screen.locator('.dp-offline').waitFor({ state: 'detached', timeout: 30_000 });
    await screen.locator('.dp[data-link="up"]').waitFor();
    expect(await clinicB.locator('.dp-now').textContent()).to.include('林*强');
    expect(await screen.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker)).to.equal(2);
  });

  it("the desk cancels (退号) a waiting registration from today's list, with the refund shown", async () => {
    const p = await insertPatient(ts, '黄晓燕');
    const reg = await w.registrar.client.post(
      '/api/registrations',
      { patientId: p, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash', tenderedFen: 500 } },
      idem(),
    );
    expect(reg.status).to.equal(201);
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    const row = page.locator('.reg-today tbody tr', { hasText: '黄晓燕' });
    await row.getByRole('button', { name: '退号' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('将退还挂号费 5.00 元').waitFor();
    await dialog.getByLabel('退号原因(可不填)').fill('患者离开');
    await dialog.getByLabel('退号原因(可不填)').press('Enter');
    await row.locator('.badge', { hasText: '已退号' }).waitFor();
    expect(await row.getByRole('button', { name: '退号' }).count()).to.equal(0);
    const refund = ts.server.open.raw
      .prepare("SELECT total_fen FROM bills WHERE kind = 'refund' AND reverses_id = ?")
      .get(reg.body.registration.billId) as { total_fen: number };
    expect(refund.total_fen).to.equal(-500);
  });

  it('an administrator sets up a display on the setup page and gets its address once', async () => {
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/registration');
    await page.waitForURL((u) => u.pathname === '/registration/setup');
    await page.getByRole('heading', { level: 2, name: '候诊大屏' }).waitFor();
    await page.getByRole('button', { name: '新建大屏' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('儿科候诊区');
    await dialog.locator('label', { hasText: '全科' }).locator('input').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    const url = page.getByLabel('大屏地址');
    await url.waitFor();
    const address = await url.inputValue();
    expect(address).to.match(/\/display\/[A-Za-z0-9_-]{32}$/);
    await screenshot(page, 'registration-setup-display');
    const tv = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    contexts.push(tv);
    const screen = await tv.newPage();
    await screen.goto(address);
    await screen.locator(`.dp-clinic[data-department="${w.clinicB}"]`).waitFor();
    await screen.getByText('儿科候诊区').waitFor();
  });

  it('a display address that was revoked shows a clear message', async () => {
    const display = await admin.post('/api/displays', { name: '三楼', departmentIds: [w.clinicA] });
    await admin.post(`/api/displays/${display.body.display.id}/token`);
    const tv = await browser.newContext({ baseURL: ts.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    contexts.push(tv);
    const screen = await tv.newPage();
    await screen.goto(display.body.url);
    await screen.getByText('大屏链接无效或已失效').waitFor();
  });
});
