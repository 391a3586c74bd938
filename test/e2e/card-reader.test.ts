// Browser test on the real PC/SC stack: the registration desk of the workstation bound to
// the vpcd reader; a virtual social security card inserted through vpcd is read by the
// server (pcsclite) and the page picks the registered patient it belongs to — or, for a
// person not registered yet, opens the new-patient form pre-filled from the card.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { VpcdCard } from '../../devices/virtual/vpcd-card.js';
import { socialSecurityCard } from '../../devices/virtual/social-security-card.js';
import { registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { killPcscd, requirePcscStack, startPcscd, waitUntil } from '../helpers/pcsc.js';

const READER = /^Virtual PCD.* 00$/;

describe(
  'browser: a card inserted at the bound reader brings up the patient at the registration ' +
    'desk (real pcscd + vpcd)',
  function () {
    this.timeout(180_000);
    let browser: Browser;
    let ts: TestServer;
    let admin: ApiClient;
    let w: RegistrationWorld;
    let context: BrowserContext;
    let page: Page;
    let readerName = '';
    /**
     * Pulls the card and waits until the server saw it go (vpcd polls presence: a re-insert sooner would read as no
     * change).
     */
    const pull = async () => {
      await card.remove();
      await waitUntil(async () => {
        const r = (
          (await admin.get('/api/devices/readers')).body.readers as Array<{ name: string; state: string }>
        ).find((x) => x.name === readerName);
        return !r || r.state === 'no-card' || r.state === 'gone';
      }, 'the card to be seen removed');
    };
    const card = new VpcdCard(
      socialSecurityCard({
        idNumber: '110105198003040024',
        name: '李秀英',
        sexCode: '2',
        ethnicityCode: '01',
        birthDate: '19800304',
        cardNumber: 'B00000001',
      }),
    );

    before(async function () {
      await requirePcscStack(this);
      assertClientBuilt();
      ts = await startTestServer({ config: { cardReaders: 'pcsc' } });
      admin = await adminClient(ts);
      w = await registrationWorld(ts, admin);
      const readers = async () =>
        (await admin.get('/api/devices/readers')).body.readers as Array<{ name: string; state: string }>;
      await waitUntil(
        async () => (await readers()).some((r) => READER.test(r.name) && r.state !== 'gone'),
        'the vpcd reader',
      );
      readerName = (await readers()).find((r) => READER.test(r.name))!.name;
      const ws = await admin.post('/api/workstations', {
        code: 'REG-CARD',
        name: '挂号窗口(读卡)',
        cardReader: readerName,
      });
      expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
      browser = await launchBrowser();
      ({ context, page } = await newPage(browser, ts));
      await bindBrowser(context, ts, ws.body.id);
      await signIn(page, w.registrar.username, STRONG_PASSWORD);
      await page.goto('/registration');
      await page.getByRole('heading', { level: 1, name: '门诊挂号' }).waitFor();
    });

    after(async () => {
      await card.remove();
      await context?.close().catch(() => undefined);
      await browser?.close();
      await ts?.stop();
      await startPcscd().catch(() => undefined);
    });

    it('a registered patient is found by the ID number on the card and chosen on the desk', async () => {
      const p = await w.registrar.client.post('/api/patients', {
        name: '李秀英',
        sex: 'F',
        birthDate: '1980-03-04',
        idNumber: '110105198003040024',
      });
      expect(p.status, JSON.stringify(p.body)).to.equal(201);
      await waitForLiveLink(page);
      await card.insert();
      await page
        .locator(`.reg-patient[data-patient-id="${p.body.id}"]`, { hasText: '李秀英' })
        .waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-card-note="info"]').textContent()).to.include('李秀英');
      await screenshot(page, 'registration-card-read');
      await pull();
    });

    it('a person not registered yet opens the new-patient form pre-filled from the card', async () => {
      await page.getByRole('button', { name: '换一位' }).click();
      card.setBehaviour(
        socialSecurityCard({
          idNumber: '110105199003071239',
          name: '赵建国',
          sexCode: '1',
          ethnicityCode: '01',
          birthDate: '19900307',
          cardNumber: 'B00000002',
        }),
      );
      await card.insert();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor({ timeout: 30_000 });
      expect(await dialog.locator('input[name="name"]').inputValue()).to.equal('赵建国');
      expect(await dialog.locator('input[name="idNumber"]').inputValue()).to.equal('110105199003071239');
      expect(await dialog.locator('[name="sex"]').inputValue()).to.equal('M');
      expect(await dialog.locator('input[name="birthDate"]').inputValue()).to.equal('1990-03-07');
      await pull();
    });

    it(
      'the cashier desk bound to the reader shows the patient of the inserted card; the devices ' +
        'page shows the reader',
      async () => {
        const ws = await admin.post('/api/workstations', {
          code: 'SF-CARD',
          name: '收费窗口(读卡)',
          cardReader: readerName,
        });
        expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
        const cashier = await newPage(browser, ts);
        await bindBrowser(cashier.context, ts, ws.body.id);
        try {
          await signIn(cashier.page, w.registrar.username, STRONG_PASSWORD);
          await cashier.page.goto('/cashier');
          await waitForLiveLink(cashier.page);
          card.setBehaviour(
            socialSecurityCard({
              idNumber: '110105198003040024',
              name: '李秀英',
              sexCode: '2',
              ethnicityCode: '01',
              birthDate: '19800304',
              cardNumber: 'B00000001',
            }),
          );
          await card.insert();
          await cashier.page.locator('.cs-main h2', { hasText: '李秀英' }).waitFor({ timeout: 30_000 });
          await screenshot(cashier.page, 'cashier-card-read');

          // The administrator's devices page: the reader, its bindings, the last read masked.
          const adm = await newPage(browser, ts);
          try {
            await signIn(adm.page, ts.admin.username, ts.admin.password);
            await adm.page.goto('/devices');
            const row = adm.page.locator(`tr[data-reader="${readerName}"]`);
            await row.waitFor();
            expect(await row.textContent())
              .to.include('收费窗口(读卡)')
              .and.include('李*英')
              .and.include('1101**********0024')
              .and.not.include('李秀英');
            await row.getByRole('button', { name: '测试读卡' }).click();
            await row.locator('.test-result', { hasText: '读卡成功' }).waitFor();
            await screenshot(adm.page, 'devices-readers');
          } finally {
            await adm.context.close();
          }
        } finally {
          await pull();
          await cashier.context.close();
        }
      },
    );

    it(
      'pcscd stopped: the desk says the card service is not running (not "读卡器已断开"); pcscd ' +
        'back: the message goes without a card',
      async () => {
        await page.goto('/registration');
        await page.getByRole('heading', { level: 1, name: '门诊挂号' }).waitFor();
        await waitForLiveLink(page);
        const note = page.locator('[data-card-note="error"]');
        await killPcscd();
        try {
          await note.waitFor({ timeout: 30_000 });
          expect(await note.textContent())
            .to.include('pcscd')
            .and.not.include('读卡器已断开');
          await screenshot(page, 'card-service-down');
        } finally {
          await startPcscd();
        }
        await note.waitFor({ state: 'detached', timeout: 30_000 });
      },
    );
  },
);

/** The page's live link is up (the card push needs the workstation's socket). */
async function waitForLiveLink(page: Page): Promise<void> {
  await page
    .locator('.topbar .link[data-state="up"], .topbar .link[data-state="recovered"]')
    .waitFor({ timeout: 20_000 });
}
