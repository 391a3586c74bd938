// Browser tests of the client shell in Debian's Chromium: first sign-in with the generated
// password, the forced password change, navigation to the admin pages, wrong password and
// lockout messages, sign-out, and the language switch.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { ApiClient, startTestServer, type TestServer } from '../helpers/server.js';
import { userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, submitSignIn } from '../helpers/browser.js';

describe('browser: client shell', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  async function adminApi(): Promise<ApiClient> {
    const c = new ApiClient(ts.url);
    const r = await c.signIn(ts.admin.username, ts.admin.password);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return c;
  }

  it('sends a visitor to the sign-in page, in Chinese, with the cursor in the username field', async () => {
    const { context, page } = await newPage(browser, ts);
    await page.goto('/admin/users');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.name')).to.equal('username');
    expect(await page.evaluate('document.documentElement.lang')).to.equal('zh-CN');
    const file = await screenshot(page, 'sign-in');
    expect(file).to.match(/sign-in\.png$/);
    await context.close();
  });

  it('signs the first admin in with the generated password and forces a password change', async () => {
    const { context, page } = await newPage(browser, ts);
    const status = await submitSignIn(page, ts.admin.username, ts.admin.password);
    expect(status).to.equal(200);
    await page.waitForURL((u) => u.pathname === '/change-password');
    await page.getByText('首次登录或密码被重置后').waitFor();
    // The rules are shown.
    await page.getByText('至少 8 个字符').waitFor();
    // Other pages are not reachable before the change.
    await page.goto('/admin/departments');
    await page.waitForURL((u) => u.pathname === '/change-password');

    // The repeat does not match: said next to the repeat field.
    await page.getByLabel('当前密码').fill(ts.admin.password);
    await page.getByLabel('新密码', { exact: true }).fill('Better2026pw');
    await page.getByLabel('再次输入新密码').fill('Better2026px');
    await page.getByLabel('再次输入新密码').press('Enter');
    await page.getByText('两次输入的新密码不一致').waitFor();

    // A weak password: the server's message appears next to the new-password field.
    await page.getByLabel('新密码', { exact: true }).fill('short1');
    await page.getByLabel('再次输入新密码').fill('short1');
    const [weak] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/change-password')),
      page.getByLabel('再次输入新密码').press('Enter'),
    ]);
    expect(weak.status()).to.equal(422);
    const newField = page.locator('.field', { has: page.getByLabel('新密码', { exact: true }) });
    await newField.locator('.field-msg').waitFor();
    expect(await newField.getAttribute('class')).to.contain('field-invalid');

    await page.getByLabel('新密码', { exact: true }).fill('Better2026pw');
    await page.getByLabel('再次输入新密码').fill('Better2026pw');
    await page.getByLabel('再次输入新密码').press('Enter');
    await page.waitForURL((u) => u.pathname === '/');
    ts.admin.password = 'Better2026pw';

    // Home: only the stations that exist and are allowed.
    const tiles = page.locator('.tiles .tile-title');
    await tiles.first().waitFor();
    // The administrator's stations: administration, password, and the desks it configures
    // (挂号: roster, clinics, displays; 收费: invoice books; 设备 and 打印: devices.manage).
    expect(await tiles.allTextContents()).to.deep.equal(['系统管理', '修改密码', '挂号', '收费', '设备', '打印']);
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await context.close();
  });

  it('navigates to every admin page from the home tile and the side menu', async () => {
    const { context, page } = await newPage(browser, ts);
    await submitSignIn(page, ts.admin.username, ts.admin.password);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('link', { name: /系统管理/ }).click();
    await page.waitForURL((u) => u.pathname === '/admin');
    const pages: Array<[string, string, string]> = [
      ['用户账号', '/admin/users', 'admin'],
      ['角色权限', '/admin/roles', '系统管理员'],
      ['科室', '/admin/departments', '科室编码'],
      ['人员', '/admin/staff', '系统管理员'],
      ['工作站', '/admin/workstations', '工作站编码'],
      ['审计日志', '/admin/audit', 'auth.sign-in'],
    ];
    for (const [label, path, text] of pages) {
      await page.locator('nav.side').getByRole('link', { name: label, exact: true }).click();
      await page.waitForURL((u) => u.pathname === path);
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      await page.locator('main').getByText(text, { exact: true }).first().waitFor();
    }
    await page.locator('nav.side').getByRole('link', { name: '机构参数', exact: true }).click();
    await page.getByLabel('机构名称').waitFor();
    await page.getByLabel('处方有效天数').waitFor();
    await screenshot(page, 'admin-settings');

    // Keyboard: a dialog opens with the cursor in its first field and Esc closes it.
    await page.locator('nav.side').getByRole('link', { name: '科室', exact: true }).click();
    await page.getByRole('button', { name: '新建科室' }).click();
    await page.locator('dialog[open]').waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.name')).to.equal('code');
    await screenshot(page, 'admin-department-dialog');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await screenshot(page, 'admin-departments');
    await page.locator('nav.side').getByRole('link', { name: '用户账号', exact: true }).click();
    await page.locator('main').getByText('admin', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-users');
    await context.close();
  });

  it("shows the server's message for a wrong password", async () => {
    const { context, page } = await newPage(browser, ts);
    const status = await submitSignIn(page, ts.admin.username, 'not-the-password1');
    expect(status).to.equal(401);
    const alert = page.locator('.form-error');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal('用户名或密码错误。连续输错 5 次,账号将锁定 15 分钟,可请管理员解锁');
    expect(page.url()).to.match(/\/sign-in$/);
    await context.close();
  });

  it(
    'shows the lockout rule with every wrong password, and a locked account answers like a wrong ' + 'password',
    async () => {
      const admin = await adminApi();
      const user = await userViaApi(ts, admin, ['doctor']);
      const { context, page } = await newPage(browser, ts);
      for (let i = 1; i <= 5; i++) {
        expect(await submitSignIn(page, user.username, `wrong-pass${i}`)).to.equal(401);
        expect(await page.locator('.form-error').textContent()).to.equal(
          '用户名或密码错误。连续输错 5 次,账号将锁定 15 分钟,可请管理员解锁',
        );
      }
      // Locked now: the right password gets the same answer (which usernames exist is not told).
      expect(await submitSignIn(page, user.username, user.password)).to.equal(401);
      expect(await page.locator('.form-error').textContent()).to.contain('用户名或密码错误');
      expect(page.url()).to.match(/\/sign-in$/);
      await context.close();
    },
  );

  it('signs out: back to the sign-in page, and admin pages need a new sign-in', async () => {
    const { context, page } = await newPage(browser, ts);
    await submitSignIn(page, ts.admin.username, ts.admin.password);
    await page.waitForURL((u) => u.pathname === '/');
    await page.goto('/admin/roles');
    await page.getByRole('heading', { level: 1, name: '角色权限' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.goto('/admin/roles');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    const me = await page.evaluate('fetch("/api/auth/me").then((r) => r.status)');
    expect(me).to.equal(401);
    await context.close();
  });

  it('switches the language: Chinese by default, English on request (remembered), and back', async () => {
    const { context, page } = await newPage(browser, ts);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).to.equal('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The server's messages follow the language too.
    await page.getByLabel('Username').fill(ts.admin.username);
    await page.getByLabel('Password').fill('wrong-password9');
    await page.getByLabel('Password').press('Enter');
    await page.locator('.form-error', { hasText: 'Wrong username or password' }).waitFor();

    await page.getByLabel('Password').fill(ts.admin.password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto('/admin/roles');
    await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
    await page.locator('main').getByText('Administrator', { exact: true }).waitFor();
    await screenshot(page, 'admin-roles-en');
    await page.goto('/');
    // The home page renders once the app has booted (who am I, the center's time zone): wait for its tiles.
    await page.locator('.tiles .tile-title').last().waitFor();
    expect(await page.locator('.tiles .tile-title').allTextContents()).to.deep.equal([
      'Administration',
      'My password',
      'Registration',
      'Cashier',
      'Devices',
      'Printing',
    ]);

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await page.locator('.tiles .tile-title').allTextContents()).to.deep.equal([
      '系统管理',
      '修改密码',
      '挂号',
      '收费',
      '设备',
      '打印',
    ]);
    expect(await page.evaluate('localStorage.getItem("jiceng.lang")')).to.equal('zh');
    await context.close();
  });
});
