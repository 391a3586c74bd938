// Browser test of the registration desk's insurance look-up (农合读卡 / 输入卡号查询, issue 11)
// against the insurer simulator: a social security card read at the desk's (fake) reader brings
// up the patient and fills the ID number; 医保查询 shows the insured person and insutype; choosing
// it switches the payer to 医保 and the visit is registered insured, the look-up kept for the
// settlement. A typed ID number of a suspended person shows the insutype red, not selectable.
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import type { FakeCardReaders } from '../../devices/card-reader/fake.js';
import { socialSecurityCard } from '../../devices/virtual/social-security-card.js';
import { cardReadersOf } from '../../server/modules/devices/index.js';
import { lastPersonInfo } from '../../server/modules/insurance/index.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../simulator/insurer/server.js';
import { factories } from '../helpers/factories.js';
import { registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, startTestServer, STRONG_PASSWORD, type ApiClient, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, bindBrowser, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';

const WANG = '330782195603126270';
const ZHOU = '330782197509038345';

describe('browser: the registration desk looks the insured person up and registers an insured visit', function () {
  this.timeout(180_000);
  let browser: Browser;
  let ts: TestServer;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let fake: FakeCardReaders;
  let workstationId: number;
  const contexts: BrowserContext[] = [];

  before(async () => {
    assertClientBuilt();
    sim = await startInsurerSimulator({ port: 0 });
    ts = await startTestServer({ config: { cardReaders: 'fake' } });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    fake = cardReadersOf(ts.server.modules).service as FakeCardReaders;
    fake.addReader('Fake Reader 0');
    const ws = await admin.post('/api/workstations', { code: 'REG-INS', name: '挂号一', cardReader: 'Fake Reader 0' });
    expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
    workstationId = ws.body.id;
    const cfg = await admin.get('/api/insurance/config');
    const r = await admin.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: sim.url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: '',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 5000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
    await sim?.close();
  });

  it('card read → 医保查询 → insutype chosen → registered insured; a suspended person is not selectable', async () => {
    const f = await factories(ts, admin);
    const wang = await f.patient({ name: '王建国', idNumber: WANG });

    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await bindBrowser(context, ts, workstationId);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    await page.getByRole('heading', { level: 1, name: '门诊挂号' }).waitFor();
    await page.locator('[data-testid="reg-insurance"]').waitFor();
    await page.waitForLoadState('networkidle');

    fake.insert(
      'Fake Reader 0',
      socialSecurityCard({
        idNumber: WANG,
        name: '王建国',
        sexCode: '1',
        ethnicityCode: '01',
        birthDate: '19560312',
        cardNumber: 'QS8000123701',
      }),
    );
    await page.locator(`.reg-patient[data-patient-id="${wang.id}"]`).waitFor();
    const panel = page.locator('[data-testid="reg-insurance"]');
    // The ID number read from the chip is shown masked (and sent in full).
    await panel.locator('input[name="certNo"][data-from-card="1"]').waitFor();
    expect(await panel.locator('input[name="certNo"]').inputValue()).to.equal('330782********6270');
    await panel.locator('[data-testid="reg-insurance-lookup"]').click();
    const line = panel.locator('li[data-insutype="390"]');
    await line.waitFor();
    expect(await line.textContent()).to.contain('城乡居民基本医疗保险');
    expect(await panel.textContent()).to.contain('王建国');
    await line.getByRole('button', { name: '按此险种挂号' }).click();
    await line.locator('.badge-ok').waitFor();
    expect(await page.locator('input[name="payer"][value="insured"]').isChecked()).to.equal(true);
    await screenshot(page, 'registration-insurance');

    await page.locator('.reg-clinic', { hasText: '内科' }).first().click();
    await page.getByLabel('实收(元)').fill('5');
    // A look-up older than the setting (12 h) is refused on its own line, nothing registered.
    const raw = ts.server.modules.raw;
    const age = (ms: number) =>
      raw.prepare('UPDATE insurance_person_lookups SET at = at + ? WHERE patient_id = ?').run(ms, wang.id);
    age(-13 * 3600_000);
    await page.getByLabel('实收(元)').press('Enter');
    await page.getByRole('alert').filter({ hasText: '参保查询已超过 12 小时' }).waitFor();
    expect(
      (raw.prepare('SELECT COUNT(*) AS n FROM registrations WHERE patient_id = ?').get(wang.id) as any).n,
    ).to.equal(0);
    age(13 * 3600_000);
    await page.getByLabel('实收(元)').press('Enter');
    await page.locator('.reg-ticket-label').waitFor();
    const regs = await w.registrar.client.get('/api/registrations');
    const mine = (regs.body.items as Array<{ patientId: number; payer: string }>).find((x) => x.patientId === wang.id);
    expect(mine?.payer).to.equal('insured');
    const kept = await lastPersonInfo(ts.server.modules.db, wang.id);
    expect(kept).to.include({ insutype: '390', patientId: wang.id, certType: '02' });

    // Next patient: a typed ID number of a suspended person.
    await page.keyboard.press('Escape');
    const certNo = page.locator('[data-testid="reg-insurance"] input[name="certNo"]');
    // The desk resets the panel when the patient is cleared; type once it has.
    for (let n = 0; (await certNo.inputValue()) !== '' && n < 100; n++) await page.waitForTimeout(50);
    await certNo.fill(ZHOU);
    expect(await certNo.inputValue()).to.equal(ZHOU);
    await page.locator('[data-testid="reg-insurance-lookup"]').click();
    const zhou = page.locator('[data-testid="reg-insurance"] li[data-insutype="390"]');
    await zhou.waitFor();
    expect(await zhou.getAttribute('data-suspended')).to.equal('1');
    expect(await zhou.getByRole('button').count()).to.equal(0);
    expect(await zhou.textContent()).to.contain('暂停参保');
  });

  it('医保接口设置: a bad address is named on its field; 测试连接 answers in words; the calls are listed', async () => {
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, 'admin', ts.admin.password);
    await page.goto('/admin/insurance');
    await page.getByRole('heading', { level: 1, name: '医保接口设置' }).waitFor();
    const url = page.locator('input[name="gatewayUrl"]');
    await url.waitFor();
    expect(await url.inputValue()).to.equal(sim.url);
    expect(await page.locator('input[name="signerSecret"]').inputValue()).to.equal('');
    await url.fill('ftp://example/fsi');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('input[name="gatewayUrl"][aria-invalid="true"]').waitFor();
    await url.fill(sim.url);
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('input[name="gatewayUrl"]:not([aria-invalid="true"])').waitFor();
    await page.getByText('已保存').first().waitFor();
    await page.getByRole('button', { name: '测试连接' }).click();
    const result = page.locator('[data-testid="insurance-test-result"]');
    await result.waitFor();
    expect(await result.textContent()).to.contain('连接成功');
    // The list shows the calls, the 9001 of the test among them (live).
    await page.locator('table[aria-label="调用记录"] tbody tr', { hasText: '9001' }).first().waitFor();
    await screenshot(page, 'admin-insurance');
  });
});
