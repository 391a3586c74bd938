// Browser test helpers: Debian's Chromium through playwright-core, pages at 1366×768,
// signing in through the real UI, screenshots under .tmp/screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { projectRoot } from '../../server/lib/paths.js';
import {
  STRONG_PASSWORD,
  adminClient,
  startTestServer,
  workstationCookie,
  type ApiClient,
  type TestServer,
} from './server.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const VIEWPORT = { width: 1366, height: 768 };
export const SCREENSHOT_DIR = path.join(projectRoot(), '.tmp', 'screenshots');

/** Fails with a clear message when the client was not built (npm test builds it first). */
export function assertClientBuilt(): void {
  const index = path.join(projectRoot(), 'client', 'dist', 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`${index} is missing: run "npm run build:client" first (npm test does it before mocha)`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  // chromium.launch gives every browser a fresh temporary profile (user data).
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser, ts: { url: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: ts.url, viewport: VIEWPORT, locale: 'zh-CN' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[browser page error]', e));
  return { context, page };
}

/**
 * Binds this browser (context) to a workstation the way the server knows it: a workstation
 * token issued through the server (as an administrator binding the computer would), put in
 * the context as the HttpOnly workstation cookie. Call before the page loads the app.
 */
export async function bindBrowser(context: BrowserContext, ts: TestServer, workstationId: number): Promise<void> {
  const pair = await workstationCookie(ts, workstationId);
  const i = pair.indexOf('=');
  await context.addCookies([
    { name: pair.slice(0, i), value: pair.slice(i + 1), url: ts.url, httpOnly: true, sameSite: 'Strict' },
  ]);
}

/** Fills the sign-in form (Chinese labels) and presses Enter; waits for the server's answer. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<number> {
  if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
  // The app boots (who am I? the institution's name) before the form settles: a re-render
  // in that moment could drop what was typed, so fill until both fields hold their values.
  await page.waitForLoadState('networkidle');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    if (
      (await page.getByLabel('用户名').inputValue()) === username &&
      (await page.getByLabel('密码').inputValue()) === password
    )
      break;
  }
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in') && r.request().method() === 'POST'),
    page.getByLabel('密码').press('Enter'),
  ]);
  return res.status();
}

/** Signs in through the UI and waits for the home page. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const status = await submitSignIn(page, username, password);
  if (status !== 200) throw new Error(`sign-in as ${username} answered ${status}`);
  await page.waitForURL((u) => u.pathname === '/');
}

/** The first administrator's first sign-in: the generated password, then the forced change. */
export async function firstAdminSignIn(page: Page, ts: TestServer, newPassword = STRONG_PASSWORD): Promise<void> {
  const status = await submitSignIn(page, ts.admin.username, ts.admin.password);
  if (status !== 200) throw new Error(`first admin sign-in answered ${status}`);
  await page.waitForURL((u) => u.pathname === '/change-password');
  await page.getByLabel('当前密码').fill(ts.admin.password);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('再次输入新密码').fill(newPassword);
  await page.getByLabel('再次输入新密码').press('Enter');
  await page.waitForURL((u) => u.pathname === '/');
  ts.admin.password = newPassword;
}

/** The live-link indicator's state: off | connecting | up | down | recovered. */
export function linkIndicator(page: Page) {
  return page.locator('.topbar .link');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface AdminBrowserWorld {
  ts: TestServer;
  /** The first administrator, signed in through the API (password changed). */
  api: ApiClient;
  browser: Browser;
}

/**
 * The usual world of an admin page's browser test, made in the describe's `before` and torn
 * down in its `after`: a test server, the administrator's API client and a browser. Read the
 * fields inside the tests (they are set once `before` has run).
 */
export function adminBrowserWorld(): AdminBrowserWorld {
  const w = {} as AdminBrowserWorld;
  before(async () => {
    assertClientBuilt();
    w.ts = await startTestServer();
    w.api = await adminClient(w.ts);
    w.browser = await launchBrowser();
  });
  after(async () => {
    await w.browser?.close();
    await w.ts?.stop();
  });
  return w;
}

/**
 * Routes the page's live link (Socket.IO) through a gate the test controls: `cut()` closes
 * every open socket and refuses reconnects until `reopen()`. Set it up before the page connects.
 */
export async function linkGate(page: Page): Promise<{ cut(): Promise<void>; reopen(): void }> {
  let isOpen = true;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (!isOpen) return void ws.close({ code: 1011, reason: 'test gate closed' });
    ws.connectToServer();
    open.push(ws);
  });
  return {
    async cut() {
      isOpen = false;
      for (const ws of open.splice(0)) await ws.close({ code: 1011, reason: 'test cut' });
    },
    reopen() {
      isOpen = true;
    },
  };
}
