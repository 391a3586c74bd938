// Browser test of the pharmacy station: a paid prescription arrives live when bill:paid is
// published, the pharmacist sees the FEFO pick list, dispenses with the keyboard, the queue
// empties, and another pharmacist's stock view drops live; then a return puts it back.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import {
  ledgerBreaks,
  seedDrug,
  seedLot,
  seedOrder,
  seedPharmacyWorld,
  type PharmacyWorld,
} from '../helpers/pharmacy.js';
import { ManualClock, STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { makeUser } from '../realtime/socket-helpers.js';

describe('browser: pharmacy station', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: PharmacyWorld;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    w = await seedPharmacyWorld(ts);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  async function pharmacistInPharmacy(): Promise<string> {
    const u = await makeUser(ts, ['pharmacist']);
    // Their department is the pharmacy, so the page picks it without asking.
    ts.server.open.raw
      .prepare('UPDATE staff SET department_id = ? WHERE id = (SELECT staff_id FROM users WHERE id = ?)')
      .run(w.pharmacyId, u.userId);
    return u.username;
  }

  it(
    'a paid prescription appears live, is dispensed from the page, the queue empties and the ' + 'stock drops',
    async () => {
      const drug = await seedDrug(ts, { name: '阿莫西林胶囊', unit: '粒', packUnit: '盒', packSize: 24 });
      await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'E2E-LATE', expiry: '2027-09-30', qty: 20 });
      await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'E2E-SOON', expiry: '2026-12-31', qty: 10 });
      await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'E2E-OLD', expiry: '2026-10-31', qty: 5 });

      const a = await newPage(browser, ts);
      await signIn(a.page, await pharmacistInPharmacy(), STRONG_PASSWORD);
      await a.page.goto('/pharmacy');
      await a.page.getByText('暂无待发药处方').waitFor();

      const b = await newPage(browser, ts);
      await signIn(b.page, await pharmacistInPharmacy(), STRONG_PASSWORD);
      await b.page.goto('/pharmacy');
      await b.page.getByRole('tab', { name: /库存/ }).click();
      const stockRow = b.page.locator('table.data tr', { hasText: '阿莫西林胶囊' });
      await stockRow.locator('.on-hand').getByText('1盒6粒 (30粒)').waitFor();
      await stockRow.getByText('已过期').waitFor();
      await stockRow.getByText('近效期').waitFor();

      // Payment at the cashier: the order becomes paid and bill:paid reaches pharmacy:<id>.
      const o = await seedOrder(
        ts,
        w,
        [{ itemId: drug, quantity: 12, dose: '0.5', frequency: 'tid', route: 'po', days: 2 }],
        { patientName: '孙丽华' },
      );
      await ts.server.modules.uow.write(async (tx) => {
        tx.emit({
          name: 'bill:paid',
          rooms: ['cashier', `pharmacy:${w.pharmacyId}`],
          payload: {
            billId: 1,
            patientId: o.patientId,
            orderIds: [o.orderId],
            pharmacyIds: [w.pharmacyId],
            totalFen: 600,
          },
        });
      });

      const item = a.page.locator('.rx-item', { hasText: '孙丽华' });
      await item.waitFor();
      await item.getByText('新', { exact: true }).waitFor();
      await item.click();
      const pick = a.page.getByRole('table', { name: /配药单/ });
      await pick.getByText('E2E-SOON').waitFor();
      await pick.getByText('E2E-LATE').waitFor();
      expect(await pick.getByText('E2E-OLD').count(), 'expired lots are never picked').to.equal(0);
      await screenshot(a.page, 'pharmacy-pick-list');
      // Focus sits on the dispense button: Enter dispenses.
      await a.page.getByRole('button', { name: /确认发药/ }).waitFor();
      expect(
        await a.page.evaluate<string>('document.activeElement ? document.activeElement.textContent : ""'),
      ).to.contain('确认发药');
      await a.page.keyboard.press('Enter');
      await a.page
        .locator('.rx-done')
        .getByText(/标签打印任务 #\d+；处方单 #\d+/)
        .waitFor();
      await a.page.getByText('暂无待发药处方').waitFor();
      await stockRow.locator('.on-hand').getByText('18粒').waitFor();
      await screenshot(b.page, 'pharmacy-stock-after-dispense');

      // Today's list, and a return of 4 粒 from it; the other screen's stock comes back up.
      await a.page.keyboard.press('F3');
      const done = a.page.locator('table.data tr', { hasText: '孙丽华' });
      await done.getByText('已发药').waitFor();
      await done.getByRole('button', { name: '退药' }).click();
      const dialog = a.page.locator('dialog[open]');
      await dialog.getByLabel('阿莫西林胶囊 退药数量').fill('20');
      await dialog.getByLabel('退药原因').fill('患者过敏停药');
      // Above what may be returned: said on the line before anything is sent (item 11).
      let returnPosts = 0;
      a.page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/return')) returnPosts++;
      });
      await dialog.getByRole('button', { name: '确认退药' }).click();
      await dialog.locator('.field-msg', { hasText: '退药数量不能超过可退数量 12粒' }).waitFor();
      expect(returnPosts).to.equal(0);
      await screenshot(a.page, 'pharmacy-return-over');
      await dialog.getByLabel('阿莫西林胶囊 退药数量').fill('4');
      await dialog.getByRole('button', { name: '确认退药' }).click();
      await dialog.waitFor({ state: 'detached' });
      await done.getByText('（已退 4粒）').waitFor();
      await stockRow.locator('.on-hand').getByText('22粒').waitFor();
      expect(ledgerBreaks(ts)).to.deep.equal([]);
      await a.context.close();
      await b.context.close();
    },
  );

  it('opens the default pharmacy of the workstation, else asks which pharmacy this screen serves', async () => {
    const u = await makeUser(ts, ['pharmacist']); // their department is not a pharmacy
    const { context, page } = await newPage(browser, ts);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/pharmacy');
    await page.getByRole('heading', { name: '选择药房' }).waitFor();
    const other = ts.server.open.raw.prepare('SELECT name FROM departments WHERE id = ?').get(w.otherPharmacyId) as {
      name: string;
    };
    await page.getByRole('button', { name: other.name }).click();
    expect(await page.locator('select[name="pharmacyId"]').inputValue()).to.equal(String(w.otherPharmacyId));
    await page.getByText('暂无待发药处方').waitFor();

    // A workstation whose default pharmacy is the first one: a fresh screen there opens it directly.
    const ws = ts.server.open.raw
      .prepare(
        'INSERT INTO workstations (code, name, default_pharmacy_id, pinyin_initials, created_at, updated_at) ' +
          "VALUES ('YF-1', '西药房窗口1', ?, 'xyfck', 0, 0)",
      )
      .run(w.pharmacyId);
    const fresh = await newPage(browser, ts);
    await bindBrowser(fresh.context, ts, Number(ws.lastInsertRowid));
    await signIn(fresh.page, u.username, STRONG_PASSWORD);
    await fresh.page.goto('/pharmacy');
    await fresh.page.locator('select[name="pharmacyId"]').waitFor();
    expect(await fresh.page.locator('select[name="pharmacyId"]').inputValue()).to.equal(String(w.pharmacyId));
    await context.close();
    await fresh.context.close();
  });
});
