// Browser test of 医保目录对照 (基础数据对应, issue 11 item 4) against the insurer simulator: a
// storekeeper runs 智能匹配 on the drugs (the proposal shows its score) and confirms those ≥ 90;
// the administrator's open page sees it live, reviews it (匹配审核 by another user) and uploads it
// (3301); the item left without a match stays red. Then 1318/1317: what the insurer holds shows
// beside the match; a 科别 set by the storekeeper waits until the administrator reviews it.
import { expect } from 'chai';
import { pinyinKeys } from '../../db/pinyin.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { userViaApi } from '../helpers/admin.js';
import { adminBrowserWorld, newPage, signIn } from '../helpers/browser.js';

/** Waits until `read` gives text containing `want` (live reloads land a moment later). */
async function expect_(read: () => Promise<string | null>, want: string): Promise<void> {
  const until = Date.now() + 10_000;
  let got: string | null = null;
  while (Date.now() < until) {
    got = await read();
    if (got?.includes(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(got).to.contain(want);
}

describe('browser: insurer catalog matching page (医保目录对照)', function () {
  this.timeout(180_000);
  const world = adminBrowserWorld();
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0 });
  });
  after(async () => sim?.close());

  it('smart match → confirm ≥ 90 → review by the administrator (live) → upload (3301)', async () => {
    const { ts, api, browser } = world;
    const raw = ts.server.open.raw;
    const cfg = await api.get('/api/insurance/config');
    const saved = await api.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: sim.url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: 'DESK01',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 5000,
      facilityLevel: 1,
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const now = Date.now();
    for (const [code, name, spec, form] of [
      ['YP001', '阿莫西林胶囊', '0.25g×24粒', '胶囊剂'],
      ['YP002', '本院自制止咳糖浆', '100ml', '糖浆剂'],
    ] as const) {
      const py = pinyinKeys(name);
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, spec, dosage_form, unit, pack_unit, pack_size, price_fen,
             charge_category, drug_class, pinyin_initials, pinyin_full, invoice_confirmed, created_at, updated_at)
           VALUES (?, 'drug', ?, ?, ?, '粒', '盒', 24, 1200, '09', 'western', ?, ?, 1, ?, ?)`,
        )
        .run(code, name, spec, form, py.initials, py.full, now, now);
    }
    const keeper = await userViaApi(ts, api, ['storekeeper']);

    // The administrator's page is open on the drugs: both items red.
    const admin = await newPage(browser, ts);
    await signIn(admin.page, ts.admin.username, ts.admin.password);
    await admin.page.goto('/admin');
    await admin.page.locator('nav.side').getByRole('link', { name: '医保目录对照', exact: true }).click();
    await admin.page.waitForURL((u) => u.pathname === '/admin/insurance-catalog');
    await admin.page.getByText('国家医保平台 V1.0').waitFor();
    const adminTable = admin.page.getByRole('table', { name: '药品' });
    await adminTable.locator('tbody tr.im-unmapped').filter({ hasText: '阿莫西林胶囊' }).waitFor();

    // The storekeeper downloads the drug catalog and the levels, then smart-matches.
    const k = await newPage(browser, ts);
    await signIn(k.page, keeper.username, keeper.password);
    await k.page.goto('/admin/insurance-catalog');
    await k.page.getByTestId('tab-download').click();
    await k.page.getByTestId('download-1301').click();
    await k.page.getByText(/西药中成药目录:新增 \d+ 个文件/).waitFor();
    await k.page.getByTestId('download-1312').click();
    await k.page.getByText(/医保目录\(甲乙丙类、限价、自付比例\):新增/).waitFor();
    await k.page.getByTestId('tab-drug').click();
    await k.page.getByTestId('smart').click();
    await k.page.getByText('智能匹配:1 项建议(其中 1 项 ≥ 90 分),1 项未找到').waitFor();
    const kTable = k.page.getByRole('table', { name: '药品' });
    const amox = kTable.locator('tbody tr').filter({ hasText: '阿莫西林胶囊' });
    await amox.getByText('待确认').waitFor();
    expect(await amox.locator('td').nth(7).textContent()).to.equal('95');
    await amox.getByText('甲类').waitFor();
    expect(await k.page.getByTestId('review-sel').count(), 'no review for the storekeeper').to.equal(0);
    await k.page.getByTestId('confirm-high').click();
    await amox.getByText('待审核').waitFor();

    // Live on the administrator's page: reviewed, then uploaded.
    const aRow = adminTable.locator('tbody tr').filter({ hasText: '阿莫西林胶囊' });
    await aRow.getByText('待审核').waitFor();
    await aRow.getByRole('checkbox').check();
    await admin.page.getByTestId('review-sel').click();
    await aRow.getByText('已审核').waitFor();
    await admin.page.getByTestId('upload').click();
    await admin.page.getByText('已上传 1 项(1 次调用)').waitFor();
    await aRow.getByText('已上传').waitFor();
    await amox.getByText('已上传').waitFor();
    await adminTable.locator('tbody tr.im-unmapped').filter({ hasText: '本院自制止咳糖浆' }).waitFor();

    const m = raw
      .prepare(
        `SELECT m.state, m.upload_msgid, m.matched_by, m.reviewed_by FROM insurance_item_matches m
         JOIN catalog_items i ON i.id = m.catalog_item_id WHERE i.code = 'YP001'`,
      )
      .get() as { state: string; upload_msgid: string; matched_by: number; reviewed_by: number };
    expect(m.state).to.equal('uploaded');
    expect(m.upload_msgid).to.match(/^H33078200001\d{18}$/);
    expect(m.matched_by).to.equal(keeper.userId);
    expect(m.reviewed_by).to.not.equal(keeper.userId);

    // 1317 (what the insurer holds for us) beside the match; 1318 downloads its dated caps
    await k.page.getByTestId('tab-download').click();
    await k.page.getByTestId('download-1318').click();
    await k.page.getByText(/医保目录限价信息:新增/).waitFor();
    await k.page.getByTestId('download-1317').click();
    await k.page.getByText(/医药机构目录匹配信息\(医保端\):新增/).waitFor();
    await admin.page.getByTestId('tab-download').click();
    await admin.page.getByTestId('tab-drug').click();
    await expect_(() => aRow.locator('td').nth(10).textContent(), 'X000001A0022693');

    // 科别: the storekeeper sets it, it waits for review; the administrator reviews it (匹配审核)
    const dep = await api.post('/api/departments', { code: 'MZB', name: '门诊部', kind: 'clinic' });
    expect(dep.status, JSON.stringify(dep.body)).to.equal(201);
    await k.page.getByTestId('tab-department').click();
    await k.page.getByLabel('医保科别 门诊部').selectOption('A02');
    const kDept = k.page.getByRole('table', { name: '科室' }).locator('tbody tr').filter({ hasText: '门诊部' });
    await kDept.getByText('待审核').waitFor();
    expect(await k.page.getByTestId('review-dept-MZB').count(), 'no review for the storekeeper').to.equal(0);
    await admin.page.getByTestId('tab-department').click();
    await admin.page.getByTestId('review-dept-MZB').click();
    await admin.page
      .getByRole('table', { name: '科室' })
      .locator('tbody tr')
      .filter({ hasText: '门诊部' })
      .getByText('已审核')
      .waitFor();
    const dc = raw.prepare(`SELECT state, matched_by, reviewed_by FROM insurance_department_codes`).get() as any;
    expect(dc).to.deep.include({ state: 'reviewed', matched_by: keeper.userId });
    await admin.context.close();
    await k.context.close();
  });
});
