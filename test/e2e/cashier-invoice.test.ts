// Browser test of the cashier's bill view (issue 9 item 20): 查看 a bill, 打印发票 prints it on the
// workstation's invoice printer (a fake `lp` records the job), the same number is not offered
// again, 补打 (confirmed) voids it and prints a new number, PDF opens the A4 invoice; the bills
// list shows the new number and a refund row shows ↩ the invoice it reverses.
import { expect } from 'chai';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { giveBook, seedWorld, signedOrder, type BillingWorld } from '../helpers/billing.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

describe('browser: cashier bill view — 打印发票, 补打, PDF', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let w: BillingWorld;
  let lpDir: string;
  const savedLp = process.env.LP_COMMAND;
  const lpCalls = () => readdirSync(lpDir).filter((f) => f.startsWith('args.')).length;

  before(async () => {
    assertClientBuilt();
    lpDir = mkdtempSync(join(tmpdir(), 'fake-lp-e2e-'));
    writeFileSync(
      join(lpDir, 'lp'),
      `#!/bin/sh\nn=$(date +%s%N)\nprintf '%s\\n' "$@" > "${lpDir}/args.$n"\ncat > "${lpDir}/pdf.$n"\nexit 0\n`,
    );
    chmodSync(join(lpDir, 'lp'), 0o755);
    process.env.LP_COMMAND = join(lpDir, 'lp');
    ts = await startTestServer();
    w = seedWorld(ts.server.modules.raw, Date.now(), { patientName: '赵晓燕' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
    if (savedLp === undefined) delete process.env.LP_COMMAND;
    else process.env.LP_COMMAND = savedLp;
    rmSync(lpDir, { recursive: true, force: true });
  });

  it(
    'prints the invoice, reprints it under a new number (old one voided) and opens the PDF from ' + 'the bill view',
    async () => {
      const raw = ts.server.modules.raw;
      const u = await makeUser(ts, ['registrar']);
      giveBook(raw, u.userId, 1, 50, 'F');
      const wsId = Number(
        raw
          .prepare(
            'INSERT INTO workstations (code, name, invoice_printer, pinyin_initials, created_at, updated_at) ' +
              "VALUES ('SF-INV', '收费窗口发票', 'Invoice_Form_1', 'sfck', 0, 0)",
          )
          .run().lastInsertRowid,
      );
      // Two orders: the service order is refunded later, so part of the bill is kept.
      const drug = signedOrder(raw, w, Date.now(), [{ itemId: w.drugId, quantity: 24 }]);
      const svc = signedOrder(raw, w, Date.now(), [{ itemId: w.serviceId, quantity: 1 }], 'service');
      const charged = await u.client.post(
        '/api/billing/charges',
        {
          patientId: w.patientId,
          orderIds: [drug.orderId, svc.orderId],
          payer: 'cash',
          payments: [{ method: 'cash', amountFen: drug.totalFen + svc.totalFen }],
        },
        { 'Idempotency-Key': `e2e-inv-${process.pid}` },
      );
      expect(charged.status, JSON.stringify(charged.body)).to.equal(201);
      expect(charged.body.invoiceNo).to.equal('F00000001');
      const billId = charged.body.billId as number;

      const { context, page } = await newPage(browser, ts);
      await bindBrowser(context, ts, wsId);
      await signIn(page, u.username, STRONG_PASSWORD);
      await page.goto('/cashier');
      await page.locator('#cs-tab-bills').click();
      const row = page.locator('tr', { has: page.locator(`[data-view-bill="${billId}"]`) });
      await row.getByText('F00000001').waitFor();
      await row.getByText('(未打印)').waitFor();
      await page.locator(`[data-view-bill="${billId}"]`).click();
      const dialog = page.getByRole('dialog', { name: `收费单 #${billId}：赵晓燕` });
      await dialog.getByTestId('bill-invoice').getByText('F00000001').waitFor();

      // 打印发票: sent to the workstation's CUPS queue once; the button is then off.
      await dialog.locator('button[name="print-invoice"]').click();
      await page.getByText('发票 F00000001 已发送到发票打印机').waitFor();
      await dialog.getByText('已打印').waitFor();
      expect(lpCalls()).to.equal(1);
      expect(await dialog.locator('button[name="print-invoice"]').isDisabled()).to.equal(true);

      // 补打: asks first; the old number is voided, a new one printed.
      await dialog.locator('button[name="reprint-invoice"]').click();
      const confirm = page.getByRole('dialog', { name: '补打发票' });
      await confirm.getByText('补打将作废原发票号 F00000001').waitFor();
      await screenshot(page, 'cashier-invoice-reprint-confirm');
      await confirm.getByRole('button', { name: '补打' }).click();
      await page.getByText('已补打：新发票号 F00000002，原号 F00000001 已作废').waitFor();
      await dialog.getByTestId('bill-invoice').getByText('F00000002').waitFor();
      const history = dialog.locator('.cs-inv-history');
      await history.locator('tr.cs-voided', { hasText: 'F00000001' }).getByText('补打').waitFor();
      await history.locator('tr', { hasText: 'F00000002' }).getByText('补打换号').waitFor();
      expect(lpCalls()).to.equal(2);
      await screenshot(page, 'cashier-invoice-reprinted');

      // PDF: the A4 invoice opens in a new tab.
      const pdf = context.waitForEvent('response', (r) => r.url().endsWith(`/api/printing/invoices/${billId}.pdf`));
      await dialog.locator('a[name="invoice-pdf"]').click();
      const res = await pdf;
      expect(res.status()).to.equal(200);
      expect(res.headers()['content-type']).to.match(/application\/pdf/);

      // A partial refund from the bill view (the blood test only) voids the number, issues one for
      // the kept part and prints it at once; the refund row shows ↩ the invoice it reverses.
      await dialog.getByRole('button', { name: '退费' }).click();
      const refundDialog = page.getByRole('dialog', { name: /退费：赵晓燕/ });
      const drugLine = (await u.client.get(`/api/billing/bills/${billId}`)).body.lines.find(
        (l: any) => l.orderId === drug.orderId,
      );
      await refundDialog.locator(`input[name="qty-${drugLine.id}"]`).fill('0');
      await refundDialog.locator('input[name="reason"]').fill('检查取消');
      await refundDialog.locator('button[type="submit"]').click();
      await page.getByText('原发票 F00000002 已作废,保留部分开具新发票 F00000003').waitFor();
      await page.getByText('发票 F00000003 已发送到发票打印机').waitFor();
      expect(lpCalls()).to.equal(3);
      await dialog.getByTestId('bill-invoice').getByText('F00000003').waitFor();
      await dialog.getByRole('button', { name: '关闭' }).last().click();
      await row.getByText('F00000003').waitFor();
      const refundId = (
        ts.server.modules.raw.prepare("SELECT id FROM bills WHERE kind = 'refund' AND reverses_id = ?").get(billId) as {
          id: number;
        }
      ).id;
      const refundRow = page.locator('tr', { has: page.locator(`[data-view-bill="${refundId}"]`) });
      await refundRow.getByText('↩ F00000002').waitFor();
      await screenshot(page, 'cashier-invoice-refund-row');

      // The shift tab: the cashier's book accounted for (used / voided / reprinted / unused, gaps),
      // and 作废 of a spoiled blank (the form in the printer) with a reason.
      await page.locator('#cs-tab-shift').click();
      const book = page.locator('.cs-mybooks tr', { hasText: 'F00000001–F00000050' });
      await book.getByText('1 / 2 / 1 / 47').waitFor();
      await page
        .getByTestId('shift-invoices')
        .getByText(/开具 3 张，作废 2 张，补打 1 张/)
        .waitFor();
      await book.getByRole('button', { name: '作废空白票' }).click();
      const voidDialog = page.getByRole('dialog', { name: /作废空白发票/ });
      expect(await voidDialog.locator('input[name="number"]').inputValue()).to.equal('4');
      await voidDialog.locator('input[name="reason"]').fill('卡纸撕坏');
      await voidDialog.getByRole('button', { name: '作废空白票' }).click();
      await page.getByText('发票号 F00000004 已作废').waitFor();
      await book.getByText('1 / 3 / 1 / 46').waitFor();
      await book.getByText('F00000005').waitFor();
      await page
        .getByTestId('shift-invoices')
        .getByText(/作废 3 张/)
        .waitFor();
      await screenshot(page, 'cashier-invoice-books');
    },
  );
});
