// Browser test of issue 9 item 5: a double click on 确认不是重复 in the new-patient dialog
// registers one patient. The dialog sends one Idempotency-Key per submission: the same
// content again (a double click, a retry) reuses it, other content gets a new one.
import { expect } from 'chai';
import { userViaApi } from '../helpers/admin.js';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';

describe('browser: one patient per submission of the new-patient dialog', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();
  let registrar: Awaited<ReturnType<typeof userViaApi>>;

  before(async () => {
    registrar = await userViaApi(world.ts, world.api, ['registrar']);
  });

  it('a double click on 确认不是重复 registers one patient, with one key', async () => {
    const existing = await registrar.client.post('/api/patients', { name: '王五', sex: 'M', birthDate: '1970-02-03' });
    expect(existing.status).to.equal(201);
    const { context, page } = await newPage(world.browser, world.ts);
    const posts: { key: string; body: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/patients')
        posts.push({ key: r.headers()['idempotency-key'] ?? '', body: r.postData() ?? '' });
    });
    await signIn(page, registrar.username, registrar.password);
    await page.goto('/patients');
    await page.getByRole('combobox', { name: '查找患者' }).waitFor();
    await page.keyboard.press('F2');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('姓名').fill('王五');
    await dialog.getByLabel('性别').selectOption('M');
    await dialog.getByLabel('出生日期').fill('1970-02-03');
    await dialog.getByLabel('姓名').press('Enter');
    const confirm = dialog.locator('button[name="confirmNotDuplicate"]');
    await confirm.waitFor();
    // Two clicks in the same moment (what a double click on a slow connection does).
    await confirm.evaluate((b) => {
      b.click();
      b.click();
    });
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.pt-detail').getByRole('heading', { name: /王五/ }).waitFor();
    const count = (
      world.ts.server.open.raw.prepare(`SELECT count(*) AS n FROM patients WHERE name = '王五'`).get() as { n: number }
    ).n;
    expect(count).to.equal(2); // the existing one and the confirmed one
    const confirmed = posts.filter((p) => p.body.includes('confirmNotDuplicate'));
    // Both clicks reach the server (the dialog does not swallow the second): the key makes them one.
    expect(confirmed.length).to.equal(2);
    for (const p of confirmed)
      expect(p.key)
        .to.match(/^[0-9a-f]{32}$/)
        .and.equal(confirmed[0]!.key);
    const first = posts.find((p) => !p.body.includes('confirmNotDuplicate'))!;
    expect(first.key, 'the first submission (other content) had its own key').to.not.equal(confirmed[0]!.key);
    await context.close();
  });
});
