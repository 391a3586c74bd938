// GET /api/registrations and GET /api/queue are paged (issue 10): the screens load the first page and
// apply pushed changes; they fetch only what they have not seen (after / afterId) or more (next).
import { expect } from 'chai';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('paged day lists: registrations (newest first) and the queue (line order)', () => {
  let ts: TestServer;
  let w: RegistrationWorld;
  let desk: ApiClient;
  let doc: ApiClient;
  const regIds: number[] = [];
  const entryIds: number[] = [];

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    w = await registrationWorld(ts, await adminClient(ts));
    desk = w.registrar.client;
    doc = w.doctor1.client;
    for (const name of ['甲一', '乙二', '丙三', '丁四', '戊五']) {
      const p = await insertPatient(ts, name);
      const r = await desk.post(
        '/api/registrations',
        { patientId: p, departmentId: w.clinicA, payer: 'cash', waiveFee: true },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      regIds.push(r.body.registration.id);
      entryIds.push(r.body.registration.queueEntryId);
    }
  });
  after(() => ts.stop());

  it('registrations: the default page is the whole (small) day, newest first, with no next page', async () => {
    const r = await desk.get('/api/registrations');
    expect(r.status).to.equal(200);
    expect(r.body.items.map((i: { id: number }) => i.id)).to.deep.equal([...regIds].reverse());
    expect(r.body.next).to.equal(null);
  });

  it('registrations: limit and before page backwards; after gives only the newer ones', async () => {
    const p1 = await desk.get('/api/registrations?limit=2');
    expect(p1.body.items.map((i: { id: number }) => i.id)).to.deep.equal([regIds[4], regIds[3]]);
    expect(p1.body.next).to.equal(regIds[3]);
    const p2 = await desk.get(`/api/registrations?limit=2&before=${p1.body.next}`);
    expect(p2.body.items.map((i: { id: number }) => i.id)).to.deep.equal([regIds[2], regIds[1]]);
    const p3 = await desk.get(`/api/registrations?limit=2&before=${p2.body.next}`);
    expect(p3.body.items.map((i: { id: number }) => i.id)).to.deep.equal([regIds[0]]);
    expect(p3.body.next).to.equal(null);
    const newer = await desk.get(`/api/registrations?after=${regIds[2]}`);
    expect(newer.body.items.map((i: { id: number }) => i.id)).to.deep.equal([regIds[4], regIds[3]]);
    expect((await desk.get('/api/registrations?limit=0')).status).to.equal(422);
    expect((await desk.get('/api/registrations?limit=501')).status).to.equal(422);
  });

  it('queue: offset pages in line order; open=true leaves out done and cancelled; afterId the newer ones', async () => {
    const q = (qs: string) => doc.get(`/api/queue?departmentId=${w.clinicA}&${qs}`);
    const all = await q('');
    expect(all.body.items.map((e: { id: number }) => e.id)).to.deep.equal(entryIds);
    expect(all.body.next).to.equal(null);
    const p1 = await q('limit=3');
    expect(p1.body.items.map((e: { id: number }) => e.id)).to.deep.equal(entryIds.slice(0, 3));
    expect(p1.body.next).to.equal(3);
    const p2 = await q(`limit=3&offset=${p1.body.next}`);
    expect(p2.body.items.map((e: { id: number }) => e.id)).to.deep.equal(entryIds.slice(3));
    expect(p2.body.next).to.equal(null);

    const cancel = await desk.post(`/api/registrations/${regIds[0]}/cancel`, {}, idem());
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    const open = await q('open=true');
    expect(open.body.items.map((e: { id: number }) => e.id)).to.deep.equal(entryIds.slice(1));
    expect((await q('')).body.items).to.have.length(5);
    const newer = await q(`open=true&afterId=${entryIds[3]}`);
    expect(newer.body.items.map((e: { id: number }) => e.id)).to.deep.equal([entryIds[4]]);
  });
});
