// Browser test of the doctor station: the queue is live (a ticket appears, F2 calls it),
// a patient is seen without registration (F4 walk-in), the allergy shows in the header, a
// diagnosis is found by pinyin, a prescription line gets its quantity computed and its
// check message beside it, stock on hand follows stock:changed, F9 signs and the cashier's
// socket hears order:signed.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { RoomListener, userViaApi } from '../helpers/admin.js';
import { assertClientBuilt, launchBrowser, newPage, screenshot, signIn } from '../helpers/browser.js';
import { insertPatient, key, seedDoctorWorld, type DoctorFixture } from '../helpers/doctor.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { rawEvent } from '../helpers/raw-event.js';

describe('browser: doctor station', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let browser: Browser;
  let f: DoctorFixture;
  let cashier: RoomListener;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    const reg = await userViaApi(ts, admin, ['registrar']);
    cashier = await RoomListener.open(ts, reg.client.cookie, ['cashier']);
    browser = await launchBrowser();
  });
  after(async () => {
    cashier?.close();
    await browser?.close();
    await ts?.stop();
  });

  it(
    'queue live and F2; walk-in F4, diagnosis, prescription with computed quantity, checks and ' +
      'live stock, F9 signs and the cashier hears it',
    async () => {
      const { page } = await newPage(browser, ts);
      await signIn(page, f.doctor.username, STRONG_PASSWORD);
      await page.goto('/doctor');
      await page.getByText('暂无候诊患者').waitFor();

      // A registered patient joins the queue: it appears without reload; F2 calls it.
      const db = ts.server.modules.db;
      const now = Date.now();
      const day = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(now);
      const v = await db
        .insertInto('visits')
        .values({
          patient_id: f.plainPatientId,
          department_id: f.clinicId,
          doctor_staff_id: null,
          day,
          kind: 'registered',
          status: 'waiting',
          chief_complaint: null,
          history: null,
          examination: null,
          notes: null,
          started_at: null,
          finished_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const qe = await db
        .insertInto('queue_entries')
        .values({
          visit_id: v.id,
          department_id: f.clinicId,
          doctor_staff_id: null,
          day,
          queue_no: 1,
          queue_label: 'A001',
          status: 'waiting',
          called_by_staff_id: null,
          called_at: null,
          room: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ts.server.modules.uow.write(async (tx) => {
        // Only a nudge to reload (the screen does not read this partial payload).
        tx.emit(rawEvent('queue:changed', [`dept:${f.clinicId}`], { entryId: qe.id }));
      });
      const entry = page.locator(`[data-entry="${qe.id}"]`);
      await entry.getByText('A001').waitFor();
      await page.keyboard.press('F2');
      await entry.getByText('已叫号').waitFor();

      // Walk-in: F4, find 张三 by pinyin initials, Enter.
      await page.keyboard.press('F4');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await page.keyboard.type('zs');
      await dialog.getByText('查找结果').waitFor();
      await dialog.locator(`[data-patient-id="${f.patientId}"][aria-selected="true"]`).waitFor();
      await dialog.locator('[aria-busy="false"]').waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.patient-name', { hasText: '张三' }).waitFor();
      await page.getByTestId('allergies').getByText('青霉素').waitFor();

      // Record and a diagnosis found by pinyin initials.
      await page.locator('textarea[name="chiefComplaint"]').fill('咳嗽三天');
      await page.getByRole('searchbox', { name: /诊断检索/ }).fill('jxsh');
      await page.getByRole('option', { name: /急性上呼吸道感染/ }).waitFor();
      await page.getByRole('searchbox', { name: /诊断检索/ }).press('Enter');
      await page.locator('.chip', { hasText: '急性上呼吸道感染' }).waitFor();
      await page.keyboard.press('F6');
      await page.getByText('病历已保存').waitFor();

      // A drug the patient is allergic to: the check message sits beside the line.
      const search = page.getByRole('searchbox', { name: /药品\/项目检索/ });
      await search.fill('amxl');
      await page.getByRole('option', { name: /阿莫西林胶囊/ }).waitFor();
      await search.press('Enter');
      await page.locator('.rx-problem', { hasText: '过敏' }).waitFor();
      await page.getByRole('button', { name: '删除第 1 行' }).click();
      await page.locator('.rx-problem').waitFor({ state: 'detached' });

      // 二甲双胍 0.5 g bid × 7 days = 28 tablets, computed; stock on hand shown and live.
      await search.fill('ejsg');
      await page.getByRole('option', { name: /二甲双胍片/ }).waitFor();
      await search.press('Enter');
      await page.locator('input[name="lines.0.days"]').fill('7');
      await page.getByTestId('qty-0').getByText('28片').waitFor();
      await page.getByTestId('stock-0').getByText('100片').waitFor();
      await ts.server.modules.uow.write(async (tx) => {
        tx.emit({
          name: 'stock:changed',
          rooms: [`pharmacy:${f.pharmacyId}`],
          payload: { itemId: f.items.MET!, locationId: f.pharmacyId, onHand: 20 },
        });
      });
      await page.getByTestId('stock-0').getByText('20片').waitFor();
      expect(
        await page.locator('[data-testid="stock-0"].stock-low').count(),
        'less stock than the quantity is flagged, not blocked',
      ).to.equal(1);
      await screenshot(page, 'doctor-prescription');

      // F9 saves the draft and signs it; the cashier's socket hears it.
      await page.keyboard.press('F9');
      const card = page.locator('.order-card[data-status="signed"]');
      await card.waitFor();
      await card.getByText('二甲双胍片').waitFor();
      await card.getByText('¥5.60').waitFor();
      await page.getByText('在上方检索并添加药品或项目').waitFor();
      const orderId = Number(await card.getAttribute('data-order'));
      const ev = await cashier.waitFor('order:signed', { orderId });
      expect(ev.payload).to.deep.include({ patientId: f.patientId, totalFen: 560 });
      await screenshot(page, 'doctor-signed');

      // Finish the visit (F10): the workspace clears.
      await page.keyboard.press('F10');
      await page.getByText('就诊已结束').waitFor();
      expect(
        ts.server.open.raw
          .prepare('SELECT status FROM visits WHERE id = ?')
          .pluck()
          .get(ev.payload && (ev.payload as { visitId: number }).visitId),
      ).to.equal('finished');
    },
  );

  it(
    '叫下一位 with nobody for this doctor says who waits for whom; 转我接诊 takes the patient ' +
      'and the other doctor sees it live',
    async () => {
      const db = ts.server.modules.db;
      const now = Date.now();
      const day = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(now);
      const patientId = await insertPatient(ts, '钱七');
      const v = await db
        .insertInto('visits')
        .values({
          patient_id: patientId,
          department_id: f.clinicId,
          doctor_staff_id: f.other.staffId,
          day,
          kind: 'registered',
          status: 'waiting',
          chief_complaint: null,
          history: null,
          examination: null,
          notes: null,
          started_at: null,
          finished_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const qe = await db
        .insertInto('queue_entries')
        .values({
          visit_id: v.id,
          department_id: f.clinicId,
          doctor_staff_id: f.other.staffId,
          day,
          queue_no: 7,
          queue_label: 'A007',
          status: 'waiting',
          called_by_staff_id: null,
          called_at: null,
          room: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      const mine = await newPage(browser, ts);
      await signIn(mine.page, f.doctor.username, STRONG_PASSWORD);
      await mine.page.goto('/doctor');
      const theirs = await newPage(browser, ts);
      await signIn(theirs.page, f.other.username, STRONG_PASSWORD);
      await theirs.page.goto('/doctor');
      const theirEntry = theirs.page.locator(`[data-entry="${qe.id}"]`);
      await theirEntry.getByText('候诊').waitFor();

      // The entry says whose it is, and offers 转我接诊 rather than a plain 叫号.
      const entry = mine.page.locator(`[data-entry="${qe.id}"]`);
      await entry.getByText('挂 王医生 的号').waitFor();
      expect(await entry.getByRole('button', { name: '叫号' }).count()).to.equal(0);

      await mine.page.keyboard.press('F2');
      const panel = mine.page.getByTestId('queue-others');
      await panel.getByText(/没有您的候诊患者;本诊室还有 1 位在等 王医生/).waitFor();
      await panel.getByText('钱七').waitFor();
      await screenshot(mine.page, 'doctor-nobody-for-you');
      await panel.getByRole('button', { name: '转我接诊' }).click();
      await entry.getByText('已叫号').waitFor();
      await panel.waitFor({ state: 'detached' });
      // The other doctor's list hears it without reload.
      await theirEntry.getByText(/已叫号 · 李医生/).waitFor();
      const row = ts.server.open.raw
        .prepare('SELECT doctor_staff_id AS d, status FROM queue_entries WHERE id = ?')
        .get(qe.id) as { d: number; status: string };
      expect(row).to.deep.equal({ d: f.doctor.staffId, status: 'called' });
      expect(
        ts.server.open.raw
          .prepare("SELECT count(*) FROM audit_log WHERE action = 'queue.take-over' AND entity_id = ?")
          .pluck()
          .get(String(qe.id)),
      ).to.equal(1);
      await mine.page.context().close();
      await theirs.page.context().close();
    },
  );

  it(
    '签名 right after picking a diagnosis, without 保存病历: the record, the diagnosis and the ' +
      'prescription are saved and signed together',
    async () => {
      // An open consultation of this doctor (walk-in, no diagnosis yet).
      const patientId = await insertPatient(ts, '赵六');
      const walk = await f.doctor.client.post('/api/visits/walk-in', { patientId, departmentId: f.clinicId }, key());
      expect(walk.status).to.equal(201);
      const { page } = await newPage(browser, ts);
      await signIn(page, f.doctor.username, STRONG_PASSWORD);
      await page.goto('/doctor');
      await page.locator('.mine-item', { hasText: '赵六' }).click();
      await page.locator('.patient-name', { hasText: '赵六' }).waitFor();

      // Complaint and diagnosis typed and picked, never saved with 保存病历 (F6).
      await page.locator('textarea[name="chiefComplaint"]').fill('发热一天');
      await page.getByRole('searchbox', { name: /诊断检索/ }).fill('jxsh');
      await page.getByRole('option', { name: /急性上呼吸道感染/ }).waitFor();
      await page.getByRole('searchbox', { name: /诊断检索/ }).press('Enter');
      await page.locator('.chip', { hasText: '急性上呼吸道感染' }).waitFor();
      const search = page.getByRole('searchbox', { name: /药品\/项目检索/ });
      await search.fill('维生素');
      await page.getByRole('option', { name: /维生素C片/ }).waitFor();
      await search.press('Enter');
      await page.locator('input[name="lines.0.dose"]').fill('0.1');
      await page.locator('input[name="lines.0.doseUnit"]').fill('g');
      await page.getByTestId('qty-0').getByText('9片').waitFor();
      await page.getByRole('button', { name: '签名 F9' }).click();

      const card = page.locator('.order-card[data-status="signed"]');
      await card.waitFor();
      await card.getByText('维生素C片').waitFor();
      expect(await page.locator('.rx [role="alert"]').count(), 'no refusal and no duplicate warning').to.equal(0);
      const row = ts.server.open.raw
        .prepare('SELECT chief_complaint AS c, diagnoses_json AS d FROM visits WHERE id = ?')
        .get(walk.body.id) as { c: string; d: string };
      expect(row.c).to.equal('发热一天');
      expect(JSON.parse(row.d)).to.deep.equal([{ code: 'J06.900', name: '急性上呼吸道感染' }]);
      const orders = ts.server.open.raw
        .prepare('SELECT status FROM orders WHERE visit_id = ?')
        .pluck()
        .all(walk.body.id);
      expect(orders).to.deep.equal(['signed']);
      await screenshot(page, 'doctor-sign-unsaved-diagnosis');
      await page.context().close();
    },
  );
});
