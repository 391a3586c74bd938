// Browser test of issue 9 item 23: a browser whose own time zone is New York shows the
// center's time (the institution's zone, Asia/Shanghai by default) on the registration
// desk's list of today's registrations, the cashier's unpaid orders and the pharmacy's
// queue of paid prescriptions, as the printed
// tickets and receipts do — not the browser's.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedWorld, signedOrder } from '../helpers/billing.js';
import { seedDrug, seedOrder, seedPharmacyWorld } from '../helpers/pharmacy.js';
import { idem, insertPatient, registrationWorld } from '../helpers/registration.js';
import { adminClient, ManualClock, startTestServer, STRONG_PASSWORD, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, launchBrowser, screenshot, signIn, VIEWPORT } from '../helpers/browser.js';
import { makeUser } from '../realtime/socket-helpers.js';

const hhmm = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(ms),
  );

describe('browser: screens show the center time, not the browser time zone', function () {
  this.timeout(120_000);
  let browser: Browser;
  const servers: TestServer[] = [];
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    for (const s of servers) await s.stop();
  });

  /** A page in a browser context whose time zone is New York. */
  async function newYorkPage(ts: TestServer): Promise<Page> {
    const context = await browser.newContext({
      baseURL: ts.url,
      viewport: VIEWPORT,
      locale: 'zh-CN',
      timezoneId: 'America/New_York',
    });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[browser page error]', e));
    expect(await page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')).to.equal('America/New_York');
    return page;
  }

  it("the registration desk's list of today's registrations", async () => {
    const ts = await startTestServer();
    servers.push(ts);
    const w = await registrationWorld(ts, await adminClient(ts));
    const patient = await insertPatient(ts, '孙丽华');
    const r = await w.registrar.client.post(
      '/api/registrations',
      { patientId: patient, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const at = (
      ts.server.open.raw.prepare('SELECT created_at AS at FROM registrations ORDER BY id DESC LIMIT 1').get() as {
        at: number;
      }
    ).at;
    const center = hhmm(at, 'Asia/Shanghai');
    const browserTime = hhmm(at, 'America/New_York');
    expect(center).to.not.equal(browserTime);

    const page = await newYorkPage(ts);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    const row = page.locator('table tr', { hasText: '孙丽华' });
    await row.waitFor();
    await row.getByText(center, { exact: true }).waitFor();
    expect((await row.textContent()) ?? '').to.not.contain(browserTime);
    await screenshot(page, 'registration-center-time');
  });

  it("the cashier's unpaid order shows when it was signed, in center time", async () => {
    const ts = await startTestServer();
    servers.push(ts);
    const signedAt = Date.now() - 5 * 60_000;
    const w = seedWorld(ts.server.modules.raw, signedAt, { patientName: '周晓燕' });
    signedOrder(ts.server.modules.raw, w, signedAt, [{ itemId: w.drugId, quantity: 6 }]);
    const center = hhmm(signedAt, 'Asia/Shanghai');
    const browserTime = hhmm(signedAt, 'America/New_York');
    const u = await makeUser(ts, ['registrar']);

    const page = await newYorkPage(ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/cashier');
    await page.locator('input[name="patientQuery"]').fill('zxy');
    await page.locator('.pt-item', { hasText: '周晓燕' }).waitFor();
    await page.locator('input[name="patientQuery"]').press('Enter');
    const order = page.locator('.cs-order', { hasText: '阿莫西林胶囊' });
    await order.waitFor();
    await order.getByText(`${center} 签名`).waitFor();
    expect((await order.textContent()) ?? '').to.not.contain(`${browserTime} 签名`);
  });

  it("the pharmacy's queue shows when a prescription was paid, in center time", async () => {
    // 2026-11-26 01:00 UTC: 09:00 at the center, 20:00 the evening before in New York.
    const ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    servers.push(ts);
    const w = await seedPharmacyWorld(ts);
    const drug = await seedDrug(ts, { name: '阿莫西林胶囊', unit: '粒', packUnit: '盒', packSize: 24 });
    await seedOrder(ts, w, [{ itemId: drug, quantity: 12, dose: '0.5', frequency: 'tid', route: 'po', days: 2 }], {
      patientName: '孙丽华',
    });
    const u = await makeUser(ts, ['pharmacist']);
    ts.server.open.raw
      .prepare('UPDATE staff SET department_id = ? WHERE id = (SELECT staff_id FROM users WHERE id = ?)')
      .run(w.pharmacyId, u.userId);

    const page = await newYorkPage(ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/pharmacy');
    const item = page.locator('.rx-item', { hasText: '孙丽华' });
    await item.waitFor();
    await item.getByText(/09:00/).waitFor();
    expect((await item.textContent()) ?? '').to.not.contain('20:00');
  });
});
