// Browser test of a stale pharmacy page: the pharmacist has a paid prescription's pick list
// open while the live link is cut; meanwhile the cashier refunds it in full (the order is
// cancelled); 确认发药 gets the clear "cancelled" message, which stays (with the patient's
// name) when the re-read queue no longer has the prescription; no stock moves, nothing is
// dispensed, and the page is never reloaded.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import {
  ledgerBreaks,
  seedDrug,
  seedLot,
  seedOrder,
  seedPharmacyWorld,
  type PharmacyWorld,
} from '../helpers/pharmacy.js';
import { assertClientBuilt, launchBrowser, newPage, signIn, linkGate } from '../helpers/browser.js';
import { STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: a stale pharmacy page', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: PharmacyWorld;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    w = await seedPharmacyWorld(ts);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('dispensing a prescription refunded meanwhile: a clear message, no stock moved, nothing dispensed', async () => {
    const raw = ts.server.open.raw;
    const u = await makeUser(ts, ['pharmacist']);
    raw
      .prepare('UPDATE staff SET department_id = ? WHERE id = (SELECT staff_id FROM users WHERE id = ?)')
      .run(w.pharmacyId, u.userId);
    const drug = await seedDrug(ts, { name: '阿莫西林胶囊', unit: '粒', packUnit: '盒', packSize: 24 });
    await seedLot(ts, { itemId: drug, locationId: w.pharmacyId, lotNo: 'ST-1', expiry: '2027-09-30', qty: 48 });
    const o = await seedOrder(
      ts,
      w,
      [{ itemId: drug, quantity: 12, dose: '0.5', frequency: 'tid', route: 'po', days: 2 }],
      { patientName: '钟敏' },
    );

    const { context, page } = await newPage(browser, ts);
    const gate = await linkGate(page);
    await signIn(page, u.username, STRONG_PASSWORD);
    await page.goto('/pharmacy');
    await waitForLink(page, 'up');
    await page.locator('.rx-item', { hasText: '钟敏' }).click();
    await page
      .getByRole('table', { name: /配药单/ })
      .getByText('ST-1')
      .waitFor();
    let loads = 0;
    page.on('load', () => loads++);

    // The link drops; the cashier refunds the prescription in full: the order is cancelled.
    await gate.cut();
    await waitForLink(page, 'down');
    await ts.server.modules.uow.write(async (tx) => {
      await tx.db
        .updateTable('orders')
        .set({ status: 'cancelled', updated_at: tx.now })
        .where('id', '=', o.orderId)
        .execute();
      tx.emit({
        name: 'bill:refunded',
        rooms: ['cashier', `pharmacy:${w.pharmacyId}`],
        payload: {
          billId: 1,
          originalBillId: 1,
          patientId: o.patientId,
          orderIds: [o.orderId],
          pharmacyIds: [w.pharmacyId],
          totalFen: 0,
        },
      });
    });
    const state = () =>
      JSON.stringify(
        ['stock_lots', 'stock_moves', 'dispensations', 'dispense_lines', 'print_jobs'].map((tb) =>
          raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
        ),
      );
    const before = state();

    await page.getByRole('button', { name: /确认发药/ }).click();
    // The refusal re-reads the queue: the prescription is gone, its reason stays, with the patient.
    const failed = page.locator('.rx-failed', { hasText: '钟敏' });
    await failed.getByText('该处方已作废，不能发药').waitFor();
    await page.getByText('暂无待发药处方').waitFor();
    expect(state(), 'nothing dispensed, no stock moved').to.equal(before);
    expect(ledgerBreaks(ts)).to.deep.equal([]);

    gate.reopen();
    await waitForLink(page, 'up');
    expect(loads).to.equal(0);
    await context.close();
  });
});
