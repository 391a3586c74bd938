// Issue 9 item 1 in the browser: an administrator binds this computer on the "本机工作站"
// page (the server sets an HttpOnly cookie the page cannot read or forge); the binding
// outlives signing out; a user who may not bind is told the computer is not bound and who
// can bind it; the workstations page lists bound browsers and a revoke reaches the open page.
import { expect } from 'chai';
import { userViaApi } from '../helpers/admin.js';
import { adminBrowserWorld, newPage, screenshot, signIn } from '../helpers/browser.js';
import { STRONG_PASSWORD } from '../helpers/server.js';
import { SAMPLES } from '../../devices/printer/layouts/index.js';
import { enqueuePrintJob } from '../../server/modules/printing/jobs.js';

describe('browser: binding this computer to a workstation', function () {
  this.timeout(120_000);
  const w = adminBrowserWorld();

  it('an unbound computer says so and who can bind it; a nurse cannot bind', async () => {
    await w.api.post('/api/workstations', { code: 'HS-1', name: '护士站一' });
    const nurse = await userViaApi(w.ts, w.api, ['nurse']);
    const { context, page } = await newPage(w.browser, w.ts);
    try {
      await signIn(page, nurse.username, STRONG_PASSWORD);
      await expect(await page.locator('.ws-link').innerText()).to.contain('未绑定');
      await page.locator('.ws-link').click();
      await page.getByRole('heading', { level: 1, name: '本机工作站' }).waitFor();
      const notice = page.locator('[data-ws-state="unbound"]');
      await notice.getByText('这台电脑尚未绑定工作站').waitFor();
      expect(await notice.innerText()).to.contain('请系统管理员');
      expect(await page.getByRole('button', { name: /护士站一/ }).count()).to.equal(0);
      // The page cannot read the binding cookie, nor does a forged header help.
      expect(await page.evaluate('document.cookie')).not.to.contain('jiceng_ws');
      await screenshot(page, 'workstation-unbound');
    } finally {
      await context.close();
    }
  });

  it(
    'an administrator binds the computer; the shell names it; it outlives signing out; a revoke ' +
      'reaches the open page',
    async () => {
      const ws = (await w.api.post('/api/workstations', { code: 'GH-9', name: '挂号窗口九' })).body as { id: number };
      const nurse = await userViaApi(w.ts, w.api, ['nurse']);
      const { context, page } = await newPage(w.browser, w.ts);
      try {
        await signIn(page, w.ts.admin.username, w.ts.admin.password);
        await page.goto('/workstation');
        await page.getByRole('button', { name: /挂号窗口九/ }).click();
        await page.waitForURL((u) => u.pathname === '/');
        await page.locator('.ws-link', { hasText: '挂号窗口九' }).waitFor();
        const cookie = (await context.cookies()).find((c) => c.name === 'jiceng_ws')!;
        expect(cookie).to.include({ httpOnly: true, sameSite: 'Strict' });
        expect(await page.evaluate('document.cookie')).not.to.contain('jiceng_ws');

        // Sign out; the nurse signs in on the same computer: still 挂号窗口九.
        await page.getByRole('button', { name: '退出登录' }).click();
        await page.waitForURL((u) => u.pathname === '/sign-in');
        await signIn(page, nurse.username, STRONG_PASSWORD);
        await page.locator('.ws-link', { hasText: '挂号窗口九' }).waitFor();
        await page
          .locator('.topbar .link[data-state="up"], .topbar .link[data-state="recovered"]')
          .waitFor({ timeout: 20_000 });

        // The administrator (another computer) sees the bound browser and revokes it.
        const adminPage = await newPage(w.browser, w.ts);
        try {
          await signIn(adminPage.page, w.ts.admin.username, w.ts.admin.password);
          await adminPage.page.goto('/admin/workstations');
          const row = adminPage.page.locator('.ws-bindings tr', { hasText: '挂号窗口九' });
          await row.waitFor();
          expect(await row.innerText()).to.contain('Chrom');
          await screenshot(adminPage.page, 'workstation-bindings');
          await row.getByRole('button', { name: '撤销' }).click();
          await adminPage.page.getByRole('dialog').getByRole('button', { name: '撤销' }).click();
          await adminPage.page.getByText('已撤销该浏览器的工作站绑定').waitFor();
          await adminPage.page.locator('.ws-bindings tr', { hasText: '挂号窗口九' }).waitFor({ state: 'detached' });
        } finally {
          await adminPage.context.close();
        }
        // The nurse's open page learns it live: the shell says 未绑定 without a reload.
        await page.locator('.ws-link', { hasText: '未绑定' }).waitFor();
        expect((await w.api.get(`/api/workstations/bindings?workstationId=${ws.id}`)).body.items).to.deep.equal([]);
      } finally {
        await context.close();
      }
    },
  );

  it(
    "devices.manage sees every workstation's print jobs on the printing page without a bound " +
      'workstation (item 20)',
    async () => {
      const a = (await w.api.post('/api/workstations', { code: 'PJ-A', name: '收费窗口甲' })).body as { id: number };
      const b = (await w.api.post('/api/workstations', { code: 'PJ-B', name: '药房窗口乙' })).body as { id: number };
      const enqueue = (workstationId: number) =>
        w.ts.server.modules.uow.write((tx) =>
          enqueuePrintJob(tx, {
            workstationId,
            layout: 'queue-ticket',
            payload: SAMPLES['queue-ticket'] as Record<string, unknown>,
            userId: null,
          }),
        );
      const jobA = await enqueue(a.id);
      const jobB = await enqueue(b.id);
      const { context, page } = await newPage(w.browser, w.ts);
      try {
        await signIn(page, w.ts.admin.username, w.ts.admin.password);
        await page.goto('/printing');
        await page.locator(`tr[data-job="${jobA}"]`, { hasText: '收费窗口甲' }).waitFor();
        await page.locator(`tr[data-job="${jobB}"]`, { hasText: '药房窗口乙' }).waitFor();
        // The workstation filter is optional.
        await page.locator('select[data-filter="workstation"]').selectOption(String(b.id));
        await page.locator(`tr[data-job="${jobA}"]`).waitFor({ state: 'detached' });
        await page.locator(`tr[data-job="${jobB}"]`).waitFor();
        await screenshot(page, 'printing-all-workstations');
      } finally {
        await context.close();
      }
    },
  );
});
