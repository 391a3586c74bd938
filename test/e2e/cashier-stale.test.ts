// Browser test of a stale cashier page: the cashier has a patient's signed order open while
// the live link is cut; the doctor cancels the order meanwhile; Enter (charge) gets the clear
// "cancelled by the doctor" message (kept beside the now empty list) and nothing is charged;
// no reload.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { giveBook, seedWorld, signedOrder, type BillingWorld } from '../helpers/billing.js';
import { assertClientBuilt, launchBrowser, newPage, signIn, linkGate } from '../helpers/browser.js';
import { STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

async function waitForLink(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .link[data-state="${state}"]`).waitFor();
}

describe('browser: a stale cashier page', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: BillingWorld;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    w = seedWorld(ts.server.modules.raw, Date.now(), { patientName: '周芳' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it(
    'charging an order the doctor cancelled meanwhile: a clear message that stays, nothing ' +
      'charged, the list re-read',
    async () => {
      const raw = ts.server.open.raw;
      const u = await makeUser(ts, ['registrar']);
      giveBook(raw, u.userId, 1, 50, 'S');
      const o = signedOrder(raw, w, Date.now(), [{ itemId: w.drugId, quantity: 7 }]);
      const { context, page } = await newPage(browser, ts);
      const gate = await linkGate(page);
      await signIn(page, u.username, STRONG_PASSWORD);
      await page.goto('/cashier');
      await waitForLink(page, 'up');
      await page.locator('.cs-waiting-item', { hasText: '周芳' }).click();
      await page.locator('.cs-order').getByText('阿莫西林胶囊').waitFor();
      const tendered = page.locator('input[name="payments.0.tenderedFen"]');
      await tendered.fill('10');
      let loads = 0;
      page.on('load', () => loads++);

      // The link drops; the doctor cancels the order (committed, published to the cashier room).
      await gate.cut();
      await waitForLink(page, 'down');
      await ts.server.modules.uow.write(async (tx) => {
        await tx.db
          .updateTable('orders')
          .set({ status: 'cancelled', updated_at: tx.now })
          .where('id', '=', o.orderId)
          .execute();
        tx.emit({
          name: 'order:cancelled',
          rooms: ['cashier', `dept:${w.clinicId}`],
          payload: { orderId: o.orderId, patientId: w.patientId, visitId: w.visitId, totalFen: o.totalFen },
        });
      });
      const ledger = () =>
        JSON.stringify(
          ['bills', 'bill_lines', 'payments', 'print_jobs'].map((tb) =>
            raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
          ),
        );
      const before = ledger();

      // The stale page still shows the order; Enter charges it: refused with the reason.
      expect(await page.locator('.cs-order').getByText('阿莫西林胶囊').count()).to.equal(1);
      await tendered.press('Enter');
      const message = page.getByRole('alert').getByText(`医嘱 ${o.orderId} 已被医生作废,请刷新`);
      await message.waitFor();
      expect(ledger(), 'nothing charged').to.equal(before);
      expect(raw.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(o.orderId)).to.equal('cancelled');

      // The refusal re-reads the patient's unpaid orders: the cancelled one is gone, the
      // message stays beside the empty list.
      await page.getByTestId('no-unpaid').waitFor();
      expect(await page.locator('.cs-order').count()).to.equal(0);
      expect(await message.count()).to.equal(1);

      // The link comes back; the page was never reloaded.
      gate.reopen();
      await waitForLink(page, 'up');
      expect(loads).to.equal(0);
      await context.close();
    },
  );
});
