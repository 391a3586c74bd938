// Browser test of 单据使用设置 (document settings), as the manual describes it: the
// administrator chooses the department, then the document type, clicks "加入" and sees it in
// the list; the dialog changes a pharmacy's role and documents; a rule broken shows on its
// field with nothing written; a change made elsewhere shows up live.
import { expect } from 'chai';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';

describe('browser: document settings page (单据使用设置)', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();

  it('adds a document type, edits role and documents, shows a rule on its field, updates live', async () => {
    const { ts, api, browser } = world;
    const raw = ts.server.open.raw;
    const store = (await api.post('/api/departments', { code: 'ZXYK', name: '中心药库', kind: 'store' })).body
      .id as number;
    const pharmacy = (await api.post('/api/departments', { code: 'MZYF', name: '门诊药房', kind: 'pharmacy' })).body
      .id as number;
    const types = (id: number) =>
      raw
        .prepare('SELECT doc_type FROM location_doc_types WHERE location_id = ? ORDER BY doc_type')
        .pluck()
        .all(id) as string[];
    const loc = (id: number) =>
      raw
        .prepare('SELECT role, supplied_by_id AS s, version AS v FROM stock_locations WHERE department_id = ?')
        .get(id) as { role: string; s: number | null; v: number };

    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin');
    await page.locator('nav.side').getByRole('link', { name: '单据使用设置', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/stock-locations');
    await page.getByRole('heading', { level: 1, name: '单据使用设置' }).waitFor();
    const table = page.getByRole('table', { name: '单据使用设置' });
    const pharmacyRow = table.locator('tbody tr').filter({ hasText: '门诊药房' }).filter({ hasText: 'MZYF' });
    await pharmacyRow.getByText('请领').waitFor();
    expect(await pharmacyRow.getByText('中心药库').count()).to.equal(1);

    // The manual's way: department, document type, 加入.
    await page.getByLabel('科室').selectOption({ label: '门诊药房(门诊药房)' });
    await page.getByLabel('单据类型').selectOption({ label: '采购入库' });
    await page.getByRole('button', { name: '加入', exact: true }).click();
    await pharmacyRow.getByText('采购入库').waitFor();
    expect(types(pharmacy)).to.deep.equal(['loss', 'receipt', 'requisition', 'stocktake', 'transfer']);

    // The dialog: 住院药房, without 报损.
    await pharmacyRow.getByRole('button', { name: '设置' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('角色').selectOption({ label: '住院药房' });
    await dialog.getByLabel('报损').uncheck();
    // A pharmacy using requisitions needs a supplying store: shown on the field, nothing written.
    await dialog.getByLabel('供货库房').selectOption({ label: '(无)' });
    const before = loc(pharmacy);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByRole('alert').getByText('使用请领单需要先选择供货库房').waitFor();
    expect(loc(pharmacy)).to.deep.equal(before);
    await dialog.getByLabel('供货库房').selectOption({ label: '中心药库' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pharmacyRow.getByText('住院药房').waitFor();
    await pharmacyRow.getByText('报损').waitFor({ state: 'detached' });
    expect(loc(pharmacy)).to.deep.equal({ role: 'inpatient_pharmacy', s: store, v: before.v + 1 });
    expect(types(pharmacy)).to.deep.equal(['receipt', 'requisition', 'stocktake', 'transfer']);

    // A new pharmacy created elsewhere appears live with its defaults.
    await api.post('/api/departments', { code: 'ZYYF2', name: '分院药房', kind: 'pharmacy' });
    await table.locator('tbody tr').filter({ hasText: '分院药房' }).getByText('盘点').waitFor();
    await context.close();
  });

  it('the settings page saves 近效期预警天数 (1–730; 0 is shown on the field, nothing saved)', async () => {
    const { ts, api, browser } = world;
    const current = (await api.get('/api/settings/institution')).body;
    expect(
      (await api.put('/api/settings/institution', { ...current, name: '青山镇卫生院', code: 'QS01' })).status,
    ).to.equal(200);
    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin/settings');
    await page.locator('.topbar .link[data-state="up"]').waitFor();
    const days = page.getByLabel('近效期预警天数');
    // The form shows the saved settings (the name saved above) before anything is typed.
    const nameField = page.locator('input[name="name"]');
    for (let i = 0; i < 100 && (await nameField.inputValue()) !== '青山镇卫生院'; i++) await page.waitForTimeout(100);
    expect(await nameField.inputValue()).to.equal('青山镇卫生院');
    // The page puts the cursor in its first field one animation frame after loading; typing
    // before that frame lands in the first field (headless Chromium can hold frames back).
    const nameFocused = () =>
      nameField.evaluate(
        (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      );
    for (let i = 0; i < 100 && !(await nameFocused()); i++) await page.waitForTimeout(100);
    expect(await days.inputValue()).to.equal('90');
    const saved = async () => (await api.get('/api/settings/institution')).body.inventory.nearExpiryDays as number;
    await days.fill('0');
    expect(await days.inputValue()).to.equal('0');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/settings/institution') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: '保存', exact: true }).click(),
    ]);
    expect(res.status(), `sent ${res.request().postData()}`).to.equal(422);
    await page
      .locator('.field-invalid')
      .filter({ has: page.getByLabel('近效期预警天数') })
      .waitFor();
    expect(await saved()).to.equal(90);
    await days.fill('120');
    const [ok] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/settings/institution') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: '保存', exact: true }).click(),
    ]);
    expect(ok.status()).to.equal(200);
    expect(await saved()).to.equal(120);
    await context.close();
  });
});
