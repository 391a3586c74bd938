// Issue 9 item 6: a total above what the dose needs (rounded up to whole packs) is refused,
// when a draft is saved, when it is checked in the editor and again when it is signed.
import { expect } from 'chai';
import { key, openVisit, seedDoctorWorld, type DoctorFixture } from '../../../test/helpers/doctor.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

describe('orders: the total against dose × frequency × days (超量)', () => {
  let ts: TestServer;
  let f: DoctorFixture;
  let doc: ApiClient;
  let visit: { id: number; version: number };

  const snap = () =>
    JSON.stringify(
      ['orders', 'order_lines', 'print_jobs', 'event_log'].map((tb) =>
        ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  // 二甲双胍片 0.25 g, 48 a box: 0.5 g bid × 7 days = 28 tablets; whole boxes: at most 48.
  const met = (extra: Record<string, unknown> = {}) => ({
    itemId: f.items.MET,
    dose: '0.5',
    doseUnit: 'g',
    frequency: 'bid',
    route: 'po',
    days: 7,
    ...extra,
  });
  const rx = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
    visitId: visit.id,
    kind: 'western',
    pharmacyId: f.pharmacyId,
    lines,
    ...extra,
  });

  async function refused(body: unknown, field = 'lines.0.quantity') {
    const before = snap();
    const r = await doc.post('/api/orders', body, key());
    expect(r.status, JSON.stringify(r.body)).to.equal(422);
    expect(r.body.error).to.include({ code: 'quantity_exceeds_need', field });
    expect(snap()).to.equal(before);
    return r;
  }
  async function accepted(body: unknown) {
    const r = await doc.post('/api/orders', body, key());
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await doc.post(`/api/orders/${r.body.id}/cancel`, {}, key());
    return r.body;
  }

  before(async () => {
    ts = await startTestServer();
    const admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    doc = f.doctor.client;
    visit = await openVisit(doc, f.clinicId, f.plainPatientId);
  });
  after(() => ts.stop());

  it(
    'refuses 99999 tablets where the dose needs 28, with a sentence ' +
      'naming the line, the need and the most allowed',
    async () => {
      const r = await refused(rx([met({ quantity: 99999 })]));
      expect(r.body.error.message).to.include('99999').and.include('28').and.include('48').and.include('二甲双胍片');
      const en = await doc.post('/api/orders', rx([met({ quantity: 99999 })]), { ...key(), 'Accept-Language': 'en' });
      expect(en.body.error.message).to.match(/exceeds what is needed/);
    },
  );

  it('allows up to the need rounded up to whole packs (one box of 48), not one tablet more', async () => {
    expect((await accepted(rx([met({ quantity: 48 })]))).lines[0].quantity).to.equal(48);
    expect((await accepted(rx([met({ quantity: 20 })]))).lines[0].quantity).to.equal(20);
    await refused(rx([met({ quantity: 49 })]));
    // Seven more days needs 56: two boxes (96) at most.
    expect(
      (await accepted(rx([met({ days: 14, quantity: 96 })], { supplyReason: '慢性病' }))).lines[0].quantity,
    ).to.equal(96);
    await refused(rx([met({ days: 14, quantity: 97 })], { supplyReason: '慢性病' }));
  });

  it(
    'caps 必要时 (at most 4 times a day over the days), totals without days, ' +
      'totals without a dose (three packs) and herbal pieces',
    async () => {
      // prn 0.5 g (2 tablets) × 4 a day × 3 days = 24 → one box.
      await accepted(rx([met({ frequency: 'prn', days: 3, quantity: 48 })]));
      await refused(rx([met({ frequency: 'prn', days: 3, quantity: 49 })]));
      // No days: the supply limit (7 days): tid 2 tablets × 3 × 7 = 42 → one box.
      await refused(rx([met({ frequency: 'tid', days: null, quantity: 200 })]));
      // No dose at all: three packs at most (维生素C片, 100 a box).
      await accepted(rx([{ itemId: f.items.VC, quantity: 300 }]));
      const r = await refused(rx([{ itemId: f.items.VC, quantity: 301 }]));
      expect(r.body.error.message).to.match(/剂量|dose/);
      // Herbal: 15 g × 7 剂 = 105 g (pieces are sold by the gram).
      const hq = { itemId: f.items.HQ, dose: '15', doseUnit: 'g', route: 'decoct' };
      await accepted(rx([{ ...hq, quantity: 105 }], { kind: 'herbal', herbalDoses: 7 }));
      await refused(rx([{ ...hq, quantity: 106 }], { kind: 'herbal', herbalDoses: 7 }));
    },
  );

  it("shows the problem in the editor's check before anything is sent", async () => {
    const c = await doc.post(
      '/api/orders/check',
      rx([met(), met({ itemId: f.items.LOR, dose: '10', doseUnit: 'mg', frequency: 'qd', days: 3, quantity: 600 })]),
    );
    expect(c.status).to.equal(200);
    expect(c.body.problems).to.have.length(1);
    expect(c.body.problems[0]).to.include({ code: 'quantity_exceeds_need', field: 'lines.1.quantity' });
  });

  it(
    'checks again at signing: a draft whose total was raised ' + 'behind the editor is refused and nothing changes',
    async () => {
      const d = await doc.post('/api/orders', rx([met({ quantity: 28 })]), key());
      expect(d.status).to.equal(201);
      ts.server.open.raw.prepare('UPDATE order_lines SET quantity = 99999 WHERE order_id = ?').run(d.body.id);
      const before = snap();
      const s = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key());
      expect(s.status, JSON.stringify(s.body)).to.equal(422);
      expect(s.body.error).to.include({ code: 'quantity_exceeds_need', field: 'lines.0.quantity' });
      expect(snap()).to.equal(before);
      ts.server.open.raw.prepare('UPDATE order_lines SET quantity = 28 WHERE order_id = ?').run(d.body.id);
      const ok = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key());
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body).to.include({ status: 'signed' });
      await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
    },
  );
});
