// Browser test of 发票归类 (invoice categorization), as the manual describes it: the
// administrator chooses a category, its never-saved items are red, "保存" turns them black;
// then finds 保安费 by its pinyin initials, double-clicks it and saves it into another
// category. A save made elsewhere shows up live.
import { expect } from 'chai';
import { pinyinKeys } from '../../db/pinyin.js';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';

describe('browser: invoice categorization page (发票归类)', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();

  it('saves the red items of a category, moves a searched item into another, updates live', async () => {
    const { ts, api, browser } = world;
    const raw = ts.server.open.raw;
    const now = Date.now();
    const item = (code: string, name: string, kind: string, cat: string, confirmed: 0 | 1) => {
      const py = pinyinKeys(name);
      return Number(
        raw
          .prepare(
            `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category, ` +
              `drug_class, pinyin_initials, pinyin_full, invoice_confirmed, created_at, updated_at)
             VALUES (?, ?, ?, '次', '次', 1, 500, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(code, kind, name, cat, kind === 'drug' ? 'western' : null, py.initials, py.full, confirmed, now, now)
          .lastInsertRowid,
      );
    };
    const glucose = item('YP901', '葡萄糖注射液', 'drug', '09', 0);
    item('YP902', '维生素C片', 'drug', '09', 1);
    const guard = item('FW001', '保安费', 'service', '14', 0);
    const heating = item('FW002', '取暖费', 'service', '14', 0);
    const state = (id: number) =>
      raw.prepare('SELECT charge_category AS c, invoice_confirmed AS ok FROM catalog_items WHERE id = ?').get(id) as {
        c: string;
        ok: number;
      };

    const { context, page } = await newPage(browser, ts);
    await signIn(page, ts.admin.username, ts.admin.password);
    await page.goto('/admin');
    await page.locator('nav.side').getByRole('link', { name: '发票归类', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/invoice-mapping');
    await page.getByRole('heading', { level: 1, name: '发票归类' }).waitFor();

    // 09 西药费: one red item.
    const cat09 = page.locator('[data-cat="09"]');
    await cat09.getByText('1 项未归类').waitFor();
    await cat09.click();
    await page.getByTestId('chosen-category').getByText('09 西药费').waitFor();
    const table = page.getByRole('table', { name: '西药费' });
    const redRow = table.locator('tbody tr.im-unmapped').filter({ hasText: '葡萄糖注射液' });
    await redRow.waitFor();
    expect(
      await redRow
        .locator('td')
        .nth(2)
        .evaluate(
          (td) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(td).color,
        ),
    ).to.equal('rgb(180, 35, 24)');
    await table.locator('tbody tr').filter({ hasText: '维生素C片' }).waitFor();
    expect(await table.locator('tbody tr.im-unmapped').count()).to.equal(1);

    await page.getByTestId('save-category').getByText('保存(1 项未归类)').click();
    await table.locator('tbody tr:not(.im-unmapped)').filter({ hasText: '葡萄糖注射液' }).waitFor();
    await page.getByTestId('save-category').getByText('本类项目都已归类').waitFor();
    await cat09.getByText('1 项未归类').waitFor({ state: 'detached' });
    expect(state(glucose)).to.deep.equal({ c: '09', ok: 1 });

    // 保安费 found by initials from 05 治疗费, double-clicked, put into 05 and saved.
    await page.locator('[data-cat="05"]').click();
    await page.getByTestId('chosen-category').getByText('05 治疗费').waitFor();
    await page.getByRole('searchbox').fill('baf');
    const found = page.getByRole('table', { name: '检索项目归入本类' });
    const row = found.locator('tbody tr').filter({ hasText: '保安费' });
    await row.getByText('14 其他费').waitFor();
    await row.getByText('保安费').dblclick();
    expect(await row.getByRole('checkbox').isChecked()).to.equal(true);
    await page.getByTestId('move-selected').getByText('归入“治疗费”并保存(1 项)').click();
    await page
      .getByRole('table', { name: '治疗费' })
      .locator('tbody tr:not(.im-unmapped)')
      .filter({ hasText: '保安费' })
      .waitFor();
    expect(state(guard)).to.deep.equal({ c: '05', ok: 1 });
    expect(state(heating)).to.deep.equal({ c: '14', ok: 0 });

    // Saved elsewhere: the 14 category's red count goes away live.
    const cat14 = page.locator('[data-cat="14"]');
    await cat14.getByText('1 项未归类').waitFor();
    expect((await api.post('/api/invoice-mapping/save', { category: '14', itemIds: [heating] })).status).to.equal(200);
    await cat14.getByText('1 项未归类').waitFor({ state: 'detached' });
    await context.close();
  });
});
