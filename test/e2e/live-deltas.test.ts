// Browser test (issue 10): the registration desk and the doctor's queue apply pushed changes to
// what they show instead of reloading the whole day. Calls, passes and cancellations made
// elsewhere change the rows with no GET of /api/registrations or /api/queue; a registration made
// at another desk fetches only the rows the screen has not seen (after=/afterId=), never the day.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertClientBuilt, launchBrowser, newPage, signIn } from '../helpers/browser.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../helpers/registration.js';
import { adminClient, STRONG_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

/** The GETs of these list endpoints the page makes from now on (path with query). */
function listGets(page: Page, paths: string[]): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (r.method() === 'GET' && paths.includes(u.pathname)) seen.push(u.pathname + u.search);
  });
  return seen;
}

describe('browser: screens apply pushed changes (no whole-day reloads)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let ts: TestServer;
  let w: RegistrationWorld;
  const contexts: BrowserContext[] = [];

  const register = async (name: string) => {
    const p = await insertPatient(ts, name);
    const r = await w.registrar.client.post(
      '/api/registrations',
      { patientId: p, departmentId: w.clinicA, payer: 'cash', waiveFee: true },
      idem(),
    );
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body as { registration: { id: number; queueEntryId: number }; queueLabel: string };
  };

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    w = await registrationWorld(ts, await adminClient(ts));
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await ts?.stop();
  });

  it('the desk: a call and a cancel elsewhere change its rows, no request; a new one fetches only itself', async () => {
    const a = await register('赵一凡');
    const b = await register('钱二多');
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, w.registrar.username, STRONG_PASSWORD);
    await page.goto('/registration');
    const row = (name: string) => page.locator('.reg-today tbody tr', { hasText: name });
    await row('钱二多').waitFor();
    await row('赵一凡').getByText('候诊').waitFor();
    const gets = listGets(page, ['/api/registrations']);

    // A doctor calls 赵一凡; the desk cancels 钱二多 through the API (as another desk would).
    const call = await w.doctor1.client.post(`/api/queue/${a.registration.queueEntryId}/call`);
    expect(call.status, JSON.stringify(call.body)).to.equal(200);
    await row('赵一凡').getByText('已叫号').waitFor();
    const cancel = await w.registrar.client.post(`/api/registrations/${b.registration.id}/cancel`, {}, idem());
    expect(cancel.status).to.equal(200);
    await row('钱二多').getByText('已退号').waitFor();
    expect(gets, 'no list request for changes of rows on screen').to.deep.equal([]);

    // Another desk registers 孙三: only the rows newer than the newest shown are fetched.
    await register('孙三');
    await row('孙三').waitFor();
    expect(gets).to.have.length.of.at.most(1);
    expect(gets[0]).to.match(/[?&]after=\d+/);
  });

  it('the doctor: registrations and calls by others change the queue with no whole-day request', async () => {
    const c = await register('李四海');
    const { context, page } = await newPage(browser, ts);
    contexts.push(context);
    await signIn(page, w.doctor1.username, STRONG_PASSWORD);
    await page.goto('/doctor');
    const entry = (id: number) => page.locator(`[data-entry="${id}"]`);
    await entry(c.registration.queueEntryId).waitFor();
    const gets = listGets(page, ['/api/queue']);

    // Doctor 2 calls 李四海: the row changes from the pushed payload alone.
    const call = await w.doctor2.client.post(`/api/queue/${c.registration.queueEntryId}/call`);
    expect(call.status, JSON.stringify(call.body)).to.equal(200);
    await entry(c.registration.queueEntryId).getByText('已叫号').waitFor();
    expect(gets).to.deep.equal([]);

    // A new registration: fetched by afterId (the rows above the highest shown), not the day.
    const d = await register('周五洲');
    await entry(d.registration.queueEntryId).getByText('周五洲').waitFor();
    expect(gets).to.have.length.of.at.most(1);
    expect(gets[0]).to.match(/[?&]afterId=\d+/);

    // A cancelled entry leaves the list from its push too.
    const cancel = await w.registrar.client.post(
      `/api/registrations/${(await w.registrar.client.get(`/api/registrations?after=0`)).body.items[0].id}/cancel`,
      {},
      idem(),
    );
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    await entry(d.registration.queueEntryId).waitFor({ state: 'detached' });
    expect(gets).to.have.length.of.at.most(1);
  });
});
