// Browser test of the nurse station (护士站): a ward of 40 beds in 10 rooms, most of them occupied; two
// nurses open the board of the same ward; one places a waiting patient (安床) from the waiting list,
// and the other's board shows the patient in that bed live, without a reload. Screenshot at 1366×768.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { factories, type Factories, type UserMade } from '../helpers/factories.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const key = () => ({ 'Idempotency-Key': randomUUID() });

describe('browser: nurse station bed board', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let browser: Browser;
  let f: Factories;
  let nurseA: UserMade;
  let nurseB: UserMade;
  let ward: { id: number; name: string };
  let waitingName: string;
  let freeBeds: Array<{ id: number; code: string }>;
  let nurseBPage: Page;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    f = await factories(ts);
    ward = await f.department({ kind: 'ward', name: '内科病区' });
    const cashier = await f.user(['registrar']);
    nurseA = await f.user(['nurse'], { departmentId: ward.id });
    nurseB = await f.user(['nurse'], { departmentId: ward.id });
    await f.diagnosis('J18.900', '肺炎');
    const fee = await f.service({ name: '床位费(普通)', priceFen: 2500, unit: '日' });
    const beds: Array<{ id: number; code: string; version: number }> = [];
    for (let r = 1; r <= 10; r++) {
      const room = await f.admin.post(`/api/ward-setup/${ward.id}/rooms`, { code: `30${r}`, name: `30${r}室` });
      const made = await f.admin.post(
        `/api/ward-setup/${ward.id}/beds`,
        {
          roomId: room.body.id,
          prefix: '',
          from: r * 4 - 3,
          to: r * 4,
          type: 'normal',
          items: [{ catalogItemId: fee.id, quantity: 1 }],
        },
        key(),
      );
      expect(made.status, JSON.stringify(made.body)).to.equal(201);
      beds.push(...made.body.beds);
    }
    const admit = async (deposit: number) => {
      const p = await f.patient();
      const r = await cashier.client.post(
        '/api/stays',
        {
          patientId: p.id,
          wardId: ward.id,
          admissionWay: 'outpatient',
          admissionCondition: 'general',
          admissionDiagCode: 'J18.900',
          patientType: 'self',
          ...(deposit ? { deposit: { amountFen: deposit, method: 'cash' } } : {}),
        },
        key(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return { id: r.body.summary.id as number, name: p.name as string };
    };
    // 30 of the 40 beds occupied (every third one with a balance under the warning line), 2 waiting.
    for (let i = 0; i < 30; i++) {
      const s = await admit(i % 3 === 0 ? 10_000 : 200_000);
      const b = beds[i]!;
      const r = await nurseA.client.post(`/api/beds/${b.id}/place`, { stayId: s.id, version: b.version }, key());
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
    }
    waitingName = (await admit(0)).name;
    await admit(300_000);
    freeBeds = beds.slice(30);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('one nurse places a waiting patient; the other nurse sees it live', async () => {
    const a = await newPage(browser, ts);
    await signIn(a.page, nurseA.username, nurseA.password);
    await a.page.goto('/nurse');
    const b = await newPage(browser, ts);
    await signIn(b.page, nurseB.username, nurseB.password);
    await b.page.goto('/nurse');
    // Both boards: 40 cards, 10 free, the waiting list with two patients.
    for (const p of [a.page, b.page]) {
      await p.getByRole('heading', { name: '待安床 (2)' }).waitFor();
      expect(await p.locator('.bed-card').count()).to.equal(40);
      expect(await p.locator('.bed-card[data-state="free"]').count()).to.equal(10);
    }
    // Balances under the warning line are red.
    expect(await b.page.locator('.bed-card .bed-balance-warn').count()).to.equal(10);
    const target = freeBeds[0]!;
    // Nurse A: 安床 from the waiting list into the first free bed.
    await a.page.locator('.waiting-item', { hasText: waitingName }).getByRole('button', { name: '安床' }).click();
    const dialog = a.page.getByRole('dialog');
    await dialog.getByLabel('床位').selectOption({ label: target.code });
    await dialog.getByLabel('主治医生').selectOption({ index: 1 });
    await dialog.getByRole('button', { name: '安床' }).click();
    await a.page.getByText(`已安置到 ${target.code}床`).waitFor();
    // Nurse B's board shows the patient in that bed, live (no reload), and the waiting list shrinks.
    const card = b.page.locator(`.bed-card[data-bed="${target.code}"]`);
    await card.getByText(waitingName).waitFor();
    expect(await card.getAttribute('data-state')).to.equal('occupied');
    await b.page.getByRole('heading', { name: '待安床 (1)' }).waitFor();
    expect(await b.page.locator('.bed-card[data-state="free"]').count()).to.equal(9);
    // The whole board fits the 1366×768 screen: the last card is within the board's view.
    const box = await b.page.locator('.bed-board').boundingBox();
    expect(box!.x + box!.width).to.be.at.most(1366);
    await screenshot(b.page, 'nurse-station-board');
    // Nurse B opens the card: the bed history shows the placement.
    await card.click();
    await b.page.getByRole('dialog').getByRole('button', { name: '床位变动记录' }).click();
    await b.page.getByRole('dialog').getByRole('cell', { name: '安床' }).first().waitFor();
    await b.page.keyboard.press('Escape');
    // Nurse B moves the patient to the next free bed (换床); nurse A's board follows.
    const next = freeBeds[1]!;
    await card.click();
    await b.page.getByRole('dialog').getByRole('button', { name: '换床' }).click();
    await b.page.getByRole('dialog').getByLabel('换到床位').selectOption({ label: next.code });
    await b.page.getByRole('dialog').getByRole('button', { name: '换床' }).click();
    await b.page.getByText(`已换到 ${next.code}床`).waitFor();
    await a.page.locator(`.bed-card[data-bed="${next.code}"]`).getByText(waitingName).waitFor();
    await a.page.locator(`.bed-card[data-bed="${target.code}"][data-state="free"]`).waitFor();
    nurseBPage = b.page;
  });

  it('病区床位设置: the administrator adds a room and two beds with their fee; the board shows them live', async () => {
    const admin = await f.user(['admin']);
    const a = await newPage(browser, ts);
    await signIn(a.page, admin.username, admin.password);
    await a.page.goto('/admin/wards');
    await a.page.getByLabel('病区').selectOption({ label: ward.name });
    await a.page.getByRole('button', { name: '添加病房' }).click();
    const dialog = a.page.getByRole('dialog');
    await dialog.getByLabel('病房号').fill('311');
    await dialog.getByLabel('名称').fill('311室');
    await dialog.getByRole('button', { name: '保存' }).click();
    await a.page.getByRole('button', { name: '311室' }).waitFor();
    await a.page.getByLabel('病房', { exact: true }).selectOption({ label: '311室' });
    await a.page.getByLabel('起始床号').fill('41');
    await a.page.getByLabel('结束床号').fill('42');
    await a.page.getByLabel('添加收费项目').fill('床位费');
    await a.page.getByRole('button', { name: /床位费\(普通\)/ }).click();
    await a.page.getByRole('button', { name: '添加床位' }).click();
    await a.page.getByText('已添加 2 张床位').waitFor();
    await a.page.locator('tr[data-bed="42"]').getByText('床位费(普通)×1').waitFor();
    // The nurse's board (still open) shows the two new free beds.
    await nurseBPage.locator('.bed-card[data-bed="42"][data-state="free"]').waitFor();
    expect(await nurseBPage.locator('.bed-card').count()).to.equal(42);
  });
});
