import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { key, openVisit, seedDoctorWorld, type DoctorFixture } from '../../../test/helpers/doctor.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { lineAmountFen } from '../../../core/money.js';

const TABLES = ['orders', 'order_lines', 'visits', 'print_jobs', 'event_log', 'idempotency_keys', 'queue_entries'];

describe('orders API (prescriptions, checks, signing)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let f: DoctorFixture;
  let doc: ApiClient;
  let cashier: RoomListener;
  let visit: { id: number; version: number };

  const snap = () =>
    JSON.stringify(TABLES.map((tb) => ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));
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

  /** POSTs a draft that must be refused: status, code and field as given, and nothing written. */
  async function refused(client: ApiClient, body: unknown, status: number, code: string, field: string) {
    const before = snap();
    const r = await client.post('/api/orders', body, key());
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    expect(r.body.error.code, JSON.stringify(r.body)).to.equal(code);
    expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    expect(r.body.error.message).to.be.a('string').and.not.equal('');
    expect(snap()).to.equal(before);
    return r;
  }

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    doc = f.doctor.client;
    const reg = await userViaApi(ts, admin, ['registrar']);
    cashier = await RoomListener.open(ts, reg.client.cookie, ['cashier']);
    visit = await openVisit(doc, f.clinicId, f.patientId);
  });
  after(async () => {
    cashier.close();
    await ts.stop();
  });

  it(
    'computes the quantity (0.5 g bid × 7 days of 0.25 g tablets ' + '= 28), prices it and shows stock on hand',
    async () => {
      const r = await doc.post('/api/orders', rx([met()]), key());
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({ status: 'draft', kind: 'western', version: 1, pharmacyId: f.pharmacyId });
      const [line] = r.body.lines;
      expect(line).to.include({
        quantity: 28,
        dose: '0.5',
        doseUnit: 'g',
        frequency: 'bid',
        days: 7,
        onHand: 100,
        unitPriceFen: 960,
        packSize: 48,
      });
      expect(line.amountFen)
        .to.equal(lineAmountFen(28, 960, 48))
        .and.equal(560);
      expect(r.body.totalFen).to.equal(560);
      const check = await doc.post('/api/orders/check', { ...rx([met({ days: 3 })]), orderId: r.body.id });
      expect(check.status).to.equal(200);
      expect(check.body).to.deep.equal({ problems: [], lines: [{ itemId: f.items.MET, quantity: 12, onHand: 100 }] });
      await doc.post(`/api/orders/${r.body.id}/cancel`, {}, key());
    },
  );

  it(
    'refuses a drug the patient is allergic to (class map 青霉素 → ' + '阿莫西林) unless an override reason is given',
    async () => {
      const amx = { itemId: f.items.AMX, dose: '0.5', doseUnit: 'g', frequency: 'tid', route: 'po', days: 3 };
      const r = await refused(doc, rx([amx]), 422, 'allergy', 'lines.0.itemId');
      expect(r.body.error.message).to.contain('青霉素');
      const ok = await doc.post('/api/orders', rx([amx], { allergyOverrideReason: '皮试阴性,患者知情同意' }), key());
      expect(ok.status).to.equal(201);
      expect(ok.body.allergyOverrideReason).to.equal('皮试阴性,患者知情同意');
      expect(ok.body.lines[0].quantity).to.equal(18);
      await doc.post(`/api/orders/${ok.body.id}/cancel`, {}, key());
    },
  );

  it('refuses the same drug twice on one prescription and across the visit', async () => {
    await refused(doc, rx([met(), met({ days: 3 })]), 422, 'duplicate_drug', 'lines.1.itemId');
    const first = await doc.post('/api/orders', rx([met()]), key());
    expect(first.status).to.equal(201);
    await refused(doc, rx([met({ days: 2 })]), 422, 'duplicate_drug_visit', 'lines.0.itemId');
    const cancelled = await doc.post(`/api/orders/${first.body.id}/cancel`, {}, key());
    expect(cancelled.body.status).to.equal('cancelled');
    const again = await doc.post('/api/orders', rx([met({ days: 2 })]), key());
    expect(again.status).to.equal(201);
    await doc.post(`/api/orders/${again.body.id}/cancel`, {}, key());
  });

  it('needs a reason beyond 7 days (3 when emergency), up to the chronic limit', async () => {
    await refused(doc, rx([met({ days: 10 })]), 422, 'supply_reason_required', 'lines.0.days');
    await refused(doc, rx([met({ days: 4 })], { emergency: true }), 422, 'supply_reason_required', 'lines.0.days');
    await refused(
      doc,
      rx([met({ days: 40 })], { supplyReason: '慢性病' }),
      422,
      'supply_days_exceeded',
      'lines.0.days',
    );
    const ok = await doc.post('/api/orders', rx([met({ days: 28 })], { supplyReason: '慢性病长期用药' }), key());
    expect(ok.status).to.equal(201);
    expect(ok.body.lines[0].quantity).to.equal(112);
    await doc.post(`/api/orders/${ok.body.id}/cancel`, {}, key());
  });

  it('allows at most 5 drugs on a Western prescription', async () => {
    const codes = ['MET', 'VC', 'LOR', 'OME', 'APAP', 'IBU'];
    const lines = codes.map((c) => ({ itemId: f.items[c], quantity: 6 }));
    await refused(doc, rx(lines), 422, 'too_many_drugs', 'lines');
    const ok = await doc.post('/api/orders/check', rx(lines.slice(0, 5)));
    expect(ok.body.problems).to.deep.equal([]);
  });

  it('keeps herbal pieces on their own prescription with 剂数, and services on service orders', async () => {
    const hq = { itemId: f.items.HQ, dose: '15', doseUnit: 'g', route: 'decoct' };
    await refused(doc, rx([met(), hq]), 422, 'herbal_separate', 'lines.1.itemId');
    await refused(doc, rx([hq, met()], { kind: 'herbal', herbalDoses: 7 }), 422, 'herbal_only', 'lines.1.itemId');
    await refused(doc, rx([hq], { kind: 'herbal' }), 422, 'herbal_doses_required', 'herbalDoses');
    await refused(doc, rx([met(), { itemId: f.items.CBC }]), 422, 'service_on_prescription', 'lines.1.itemId');
    await refused(
      doc,
      { visitId: visit.id, kind: 'service', lines: [{ itemId: f.items.CBC }, met()] },
      422,
      'drug_on_service_order',
      'lines.1.itemId',
    );
    const herbal = await doc.post(
      '/api/orders',
      rx([hq, { itemId: f.items.GC, dose: '6', doseUnit: 'g' }], { kind: 'herbal', herbalDoses: 7 }),
      key(),
    );
    expect(herbal.status, JSON.stringify(herbal.body)).to.equal(201);
    expect(herbal.body.lines.map((l: { quantity: number }) => l.quantity)).to.deep.equal([105, 42]);
    expect(herbal.body.totalFen).to.equal(105 * 12 + 42 * 8);
    const svc = await doc.post(
      '/api/orders',
      { visitId: visit.id, kind: 'service', lines: [{ itemId: f.items.CBC }, { itemId: f.items.BAND, quantity: 3 }] },
      key(),
    );
    expect(svc.status, JSON.stringify(svc.body)).to.equal(201);
    expect(svc.body.pharmacyId).to.equal(null);
    expect(svc.body.lines.map((l: { quantity: number }) => l.quantity)).to.deep.equal([1, 3]);
    expect(svc.body.totalFen).to.equal(1500 + 360);
    for (const id of [herbal.body.id, svc.body.id]) await doc.post(`/api/orders/${id}/cancel`, {}, key());
  });

  it("matches the antibiotic tier against the doctor's title; special-use never in outpatient", async () => {
    const cxm = { itemId: f.items.CXM, dose: '0.25', doseUnit: 'g', frequency: 'bid', route: 'po', days: 3 };
    await refused(doc, rx([cxm]), 403, 'antibiotic_tier', 'lines.0.itemId');
    await refused(
      doc,
      rx([{ itemId: f.items.IPM, quantity: 1 }]),
      403,
      'antibiotic_special_outpatient',
      'lines.0.itemId',
    );
    await ts.server.modules.db
      .updateTable('staff')
      .set({ title: 'attending-physician' })
      .where('id', '=', f.doctor.staffId)
      .execute();
    try {
      const ok = await doc.post('/api/orders', rx([cxm]), key());
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      expect(ok.body.lines[0].quantity).to.equal(6);
      await doc.post(`/api/orders/${ok.body.id}/cancel`, {}, key());
      await ts.server.modules.db
        .updateTable('staff')
        .set({ title: 'chief-physician' })
        .where('id', '=', f.doctor.staffId)
        .execute();
      await refused(
        doc,
        rx([{ itemId: f.items.IPM, quantity: 1 }]),
        403,
        'antibiotic_special_outpatient',
        'lines.0.itemId',
      );
    } finally {
      await ts.server.modules.db
        .updateTable('staff')
        .set({ title: 'physician' })
        .where('id', '=', f.doctor.staffId)
        .execute();
    }
  });

  it('needs the controlled-drug prescriber right (outpatient.controlled) and keeps its limits', async () => {
    const dzp = { itemId: f.items.DZP, dose: '2.5', doseUnit: 'mg', frequency: 'qn', route: 'po', days: 7 };
    const r = await refused(doc, rx([dzp]), 403, 'controlled_right', 'lines.0.itemId');
    expect(r.body.error.message).to.match(/controlled/i);
    const role = await admin.post('/api/roles', {
      code: 'ctl_doctor',
      nameZh: '麻精处方医生',
      nameEn: 'Controlled prescriber',
      permissions: ['patients.read', 'outpatient.consult', 'outpatient.controlled'],
    });
    expect(role.status, JSON.stringify(role.body)).to.equal(201);
    const ctl = await userViaApi(ts, admin, ['ctl_doctor'], { departmentId: f.clinicId });
    const v = await openVisit(ctl.client, f.clinicId, f.plainPatientId);
    const body = (lines: unknown[]) => ({ visitId: v.id, kind: 'western', pharmacyId: f.pharmacyId, lines });
    await refused(ctl.client, body([{ ...dzp, days: 8 }]), 422, 'controlled_days', 'lines.0.days');
    const mor = { itemId: f.items.MOR, dose: '10', doseUnit: 'mg', frequency: 'st', route: 'im' };
    await refused(
      ctl.client,
      body([{ ...mor, quantity: 2 }]),
      422,
      'controlled_injection_one_dose',
      'lines.0.quantity',
    );
    await refused(ctl.client, body([{ ...mor, frequency: 'bid', days: 4 }]), 422, 'controlled_days', 'lines.0.days');
    const ok = await ctl.client.post('/api/orders', body([dzp, mor]), key());
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect(ok.body.lines.map((l: { quantity: number }) => l.quantity)).to.deep.equal([7, 1]);
  });

  it(
    'refuses inactive and unknown items, fractional or negative ' +
      'quantities and doses, missing pharmacy, prn without quantity',
    async () => {
      await refused(doc, rx([{ itemId: f.items.OLD, quantity: 10 }]), 422, 'item_inactive', 'lines.0.itemId');
      await refused(doc, rx([{ itemId: 999999, quantity: 10 }]), 422, 'item_not_found', 'lines.0.itemId');
      await refused(doc, rx([met({ quantity: 1.5 })]), 422, 'invalid', 'lines.0.quantity');
      await refused(doc, rx([met({ quantity: -3 })]), 422, 'invalid', 'lines.0.quantity');
      await refused(doc, rx([met({ dose: '-1' })]), 422, 'invalid', 'lines.0.dose');
      await refused(doc, rx([met({ dose: '0' })]), 422, 'invalid', 'lines.0.dose');
      await refused(doc, rx([met({ dose: 0.5 })]), 422, 'invalid', 'lines.0.dose');
      await refused(doc, rx([met({ days: 2.5 })]), 422, 'invalid', 'lines.0.days');
      await refused(doc, rx([met({ frequency: 'hourly' })]), 422, 'invalid', 'lines.0.frequency');
      await refused(doc, rx([met({ doseUnit: 'ml' })]), 422, 'quantity_cannot_compute', 'lines.0.doseUnit');
      await refused(doc, rx([met({ frequency: 'prn' })]), 422, 'quantity_cannot_compute', 'lines.0.quantity');
      await refused(doc, rx([met({ days: null })]), 422, 'quantity_cannot_compute', 'lines.0.days');
      await refused(doc, rx([met()], { pharmacyId: null }), 422, 'pharmacy_required', 'pharmacyId');
      await refused(doc, rx([met()], { pharmacyId: f.clinicId }), 422, 'pharmacy_required', 'pharmacyId');
      await refused(doc, rx([]), 422, 'invalid', 'lines');
      await refused(doc, rx([met()], { extra: 1 }), 422, 'invalid', 'extra');
      await refused(doc, rx([met()], { visitId: 999999 }), 404, 'not_found', 'visitId');
      const noKey = await doc.post('/api/orders', rx([met()]));
      expect(noKey.status).to.equal(400);
      const prn = await doc.post('/api/orders', rx([met({ frequency: 'prn', quantity: 10 })]), key());
      expect(prn.status).to.equal(201);
      expect(prn.body.lines[0].quantity).to.equal(10);
      await doc.post(`/api/orders/${prn.body.id}/cancel`, {}, key());
    },
  );

  it("refuses writing on another doctor's visit (403) and on a visit not in consultation (409)", async () => {
    const r = await f.other.client.post('/api/orders', rx([met()]), key());
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('not_your_visit');
    const done = await openVisit(doc, f.clinicId, f.plainPatientId);
    await ts.server.modules.db.updateTable('visits').set({ status: 'finished' }).where('id', '=', done.id).execute();
    await refused(doc, { ...rx([met()]), visitId: done.id }, 409, 'visit_not_in_consultation', 'visitId');
  });

  it(
    'signs once per idempotency key, prices the lines, queues the ' + 'rx slip, and tells the cashier after commit',
    async () => {
      const d = await doc.post('/api/orders', rx([met()]), key());
      const k = key();
      const before = ts.server.open.raw
        .prepare("SELECT count(*) AS n FROM print_jobs WHERE layout = 'rx-slip'")
        .get() as { n: number };
      const s1 = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, k);
      expect(s1.status, JSON.stringify(s1.body)).to.equal(200);
      expect(s1.body).to.include({ status: 'signed', totalFen: 560, version: 2 });
      expect(s1.body.signedAt).to.be.a('number');
      const s2 = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, k);
      expect(s2.status).to.equal(200);
      expect(s2.body).to.deep.equal(s1.body);
      const after = ts.server.open.raw
        .prepare("SELECT count(*) AS n FROM print_jobs WHERE layout = 'rx-slip'")
        .get() as {
        n: number;
      };
      expect(after.n).to.equal(before.n + 1);
      const job = ts.server.open.raw
        .prepare("SELECT payload_json FROM print_jobs WHERE ref_type = 'order' AND ref_id = ?")
        .get(d.body.id) as { payload_json: string };
      const payload = JSON.parse(job.payload_json);
      expect(payload.patient.name).to.equal('张三');
      expect(payload.diagnoses).to.deep.equal([{ code: 'J06.900', name: '急性上呼吸道感染' }]);
      expect(payload.lines[0]).to.include({
        dose: '0.5',
        doseUnit: 'g',
        frequency: 'bid',
        route: 'po',
        days: 7,
        quantity: 28,
      });
      expect(payload.doctor).to.equal('李医生');
      const ev = await cashier.waitFor('order:signed', { orderId: d.body.id });
      expect(ev.payload).to.deep.equal({
        orderId: d.body.id,
        patientId: f.patientId,
        visitId: visit.id,
        totalFen: 560,
      });
      const signedEvents = (await cashier.flushed()).filter(
        (e) => e.name === 'order:signed' && (e.payload as { orderId: number }).orderId === d.body.id,
      );
      expect(signedEvents).to.have.length(1);
      const rooms = JSON.parse(
        (
          ts.server.open.raw
            .prepare("SELECT rooms_json FROM event_log WHERE name = 'order:signed' ORDER BY seq DESC")
            .get() as { rooms_json: string }
        ).rooms_json,
      );
      expect(rooms).to.deep.equal(['cashier', `dept:${f.clinicId}`]);
      expect(auditRows(ts, 'order.sign', d.body.id)).to.have.length(1);
      // Another key on a signed order: no second effect.
      const s3 = await doc.post(`/api/orders/${d.body.id}/sign`, { version: 2 }, key());
      expect(s3.body).to.deep.equal(s1.body);
      // Printing the slip again (补打): one more rx-slip job for this order, audited; a draft cannot be printed.
      const reprint = await doc.post(`/api/orders/${d.body.id}/print`, {});
      expect(reprint.status, JSON.stringify(reprint.body)).to.equal(200);
      const jobs = ts.server.open.raw
        .prepare("SELECT id, payload_json FROM print_jobs WHERE ref_type = 'order' AND ref_id = ? ORDER BY id")
        .all(d.body.id) as Array<{ id: number; payload_json: string }>;
      expect(jobs.map((j) => j.id)).to.deep.equal([jobs[0]!.id, reprint.body.printJobId]);
      expect(JSON.parse(jobs[1]!.payload_json)).to.deep.include({ orderId: d.body.id, doctor: '李医生' });
      expect(auditRows(ts, 'order.print', d.body.id)).to.have.length(1);
      const draft = await doc.post(
        '/api/orders',
        rx([{ itemId: f.items.VC, quantity: 10, frequency: 'tid', route: 'po', days: 3, dose: '0.1', doseUnit: 'g' }]),
        key(),
      );
      expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
      const draftPrint = await doc.post(`/api/orders/${draft.body.id}/print`, {});
      expect(draftPrint.status).to.equal(409);
      expect(draftPrint.body.error.code).to.equal('order_not_signed');
      expect(
        ts.server.open.raw
          .prepare("SELECT count(*) FROM print_jobs WHERE ref_type = 'order' AND ref_id = ?")
          .pluck()
          .get(draft.body.id),
      ).to.equal(0);
      await doc.post(`/api/orders/${draft.body.id}/cancel`, { reason: '测试' }, key());
      // A signed order is not a draft any more.
      const put = await doc.put(`/api/orders/${d.body.id}`, {
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [met({ days: 2 })],
        version: 2,
      });
      expect(put.status).to.equal(409);
      expect(put.body.error.code).to.equal('order_not_draft');
      // Cancel a signed, unpaid order: the cashier hears of it.
      const c = await doc.post(`/api/orders/${d.body.id}/cancel`, { reason: '患者不取药' }, key());
      expect(c.body.status).to.equal('cancelled');
      await cashier.waitFor('order:cancelled', { orderId: d.body.id });
    },
  );

  it('refuses a stale version (409) on update and sign, and changes a draft with the right one', async () => {
    const d = await doc.post('/api/orders', rx([met()]), key());
    const u = await doc.put(`/api/orders/${d.body.id}`, {
      kind: 'western',
      pharmacyId: f.pharmacyId,
      lines: [met({ days: 3 })],
      version: 1,
    });
    expect(u.status, JSON.stringify(u.body)).to.equal(200);
    expect(u.body).to.include({ version: 2, totalFen: lineAmountFen(12, 960, 48) });
    const before = snap();
    const stale = await doc.put(`/api/orders/${d.body.id}`, {
      kind: 'western',
      pharmacyId: f.pharmacyId,
      lines: [met({ days: 5 })],
      version: 1,
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error).to.include({ code: 'stale_version', field: 'version' });
    const staleSign = await doc.post(`/api/orders/${d.body.id}/sign`, { version: 1 }, key());
    expect(staleSign.status).to.equal(409);
    expect(staleSign.body.error.code).to.equal('stale_version');
    const otherSign = await f.other.client.post(`/api/orders/${d.body.id}/sign`, { version: 2 }, key());
    expect(otherSign.status).to.equal(403);
    const otherCancel = await f.other.client.post(`/api/orders/${d.body.id}/cancel`, {}, key());
    expect(otherCancel.status).to.equal(403);
    expect(snap()).to.equal(before);
    await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
  });

  it('re-runs the checks when signing: a drug deactivated after drafting is refused', async () => {
    const d = await doc.post(
      '/api/orders',
      rx([{ itemId: f.items.VC, dose: '0.1', doseUnit: 'g', frequency: 'tid', route: 'po', days: 3 }]),
      key(),
    );
    expect(d.status).to.equal(201);
    await ts.server.modules.db.updateTable('catalog_items').set({ active: 0 }).where('id', '=', f.items.VC!).execute();
    try {
      const before = snap();
      const s = await doc.post(`/api/orders/${d.body.id}/sign`, { version: 1 }, key());
      expect(s.status).to.equal(422);
      expect(s.body.error).to.include({ code: 'item_inactive', field: 'lines.0.itemId' });
      expect(snap()).to.equal(before);
    } finally {
      await ts.server.modules.db
        .updateTable('catalog_items')
        .set({ active: 1 })
        .where('id', '=', f.items.VC!)
        .execute();
    }
    await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
  });

  it("prices at signing with the price of the day, and checks only the doctor's own open visit", async () => {
    const d = await doc.post(
      '/api/orders',
      rx([{ itemId: f.items.LOR, dose: '10', doseUnit: 'mg', frequency: 'qd', route: 'po', days: 6 }]),
      key(),
    );
    expect(d.body.totalFen).to.equal(1850);
    await ts.server.modules.db
      .updateTable('catalog_items')
      .set({ price_fen: 1900 })
      .where('id', '=', f.items.LOR!)
      .execute();
    const s = await doc.post(`/api/orders/${d.body.id}/sign`, { version: 1 }, key());
    expect(s.body).to.include({ status: 'signed', totalFen: 1900 });
    expect(s.body.lines[0]).to.include({ unitPriceFen: 1900, amountFen: 1900, quantity: 6 });
    const other = await f.other.client.post('/api/orders/check', rx([met()]));
    expect(other.status).to.equal(403);
    await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
  });

  it('needs a diagnosis on the visit to sign', async () => {
    const v = await openVisit(doc, f.clinicId, f.plainPatientId, false);
    const d = await doc.post(
      '/api/orders',
      { visitId: v.id, kind: 'western', pharmacyId: f.pharmacyId, lines: [met()] },
      key(),
    );
    expect(d.status).to.equal(201);
    const before = snap();
    const s = await doc.post(`/api/orders/${d.body.id}/sign`, { version: 1 }, key());
    expect(s.status).to.equal(422);
    expect(s.body.error).to.include({ code: 'diagnosis_required', field: 'diagnoses' });
    expect(snap()).to.equal(before);
    await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
  });

  it(
    'refuses to sign an item whose invoice category was never saved ' +
      '(naming the line); the draft keeps it; signs once saved',
    async () => {
      const db = ts.server.modules.db;
      await db.updateTable('catalog_items').set({ invoice_confirmed: 0 }).where('id', '=', f.items.LOR!).execute();
      try {
        const vc = { itemId: f.items.VC, dose: '0.1', doseUnit: 'g', frequency: 'tid', route: 'po', days: 2 };
        const lor = { itemId: f.items.LOR, dose: '10', doseUnit: 'mg', frequency: 'qd', route: 'po', days: 6 };
        const d = await doc.post('/api/orders', rx([vc, lor]), key());
        expect(d.status, JSON.stringify(d.body)).to.equal(201);
        const before = snap();
        doc.lang = 'zh';
        const s = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key());
        doc.lang = 'en';
        expect(s.status, JSON.stringify(s.body)).to.equal(422);
        expect(s.body.error).to.include({ code: 'invoice_unconfirmed', field: 'lines.1.itemId' });
        expect(s.body.error.message).to.equal('“氯雷他定片”尚未做发票归类,暂不能开具;请联系管理员在“发票归类”中保存');
        const en = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key());
        expect(en.body.error.message).to.contain('Invoice categories').and.contain('氯雷他定片');
        expect(snap(), 'nothing written').to.equal(before);
        expect((await doc.get(`/api/orders/${d.body.id}`)).body.status).to.equal('draft');
        await db.updateTable('catalog_items').set({ invoice_confirmed: 1 }).where('id', '=', f.items.LOR!).execute();
        const ok = await doc.post(`/api/orders/${d.body.id}/sign`, { version: d.body.version }, key());
        expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
        expect(ok.body.status).to.equal('signed');
        await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
      } finally {
        await db.updateTable('catalog_items').set({ invoice_confirmed: 1 }).where('id', '=', f.items.LOR!).execute();
      }
    },
  );

  it('refuses to cancel a paid order and changes nothing', async () => {
    const d = await doc.post('/api/orders', rx([met({ days: 1 })]), key());
    await doc.post(`/api/orders/${d.body.id}/sign`, { version: 1 }, key());
    // Billing marks an order paid in its own transaction; here we set it directly.
    await ts.server.modules.db
      .updateTable('orders')
      .set({ status: 'paid', paid_at: Date.now() })
      .where('id', '=', d.body.id)
      .execute();
    const before = snap();
    const c = await doc.post(`/api/orders/${d.body.id}/cancel`, {}, key());
    expect(c.status).to.equal(409);
    expect(c.body.error.code).to.equal('order_not_cancellable');
    expect(snap()).to.equal(before);
  });

  it('lets only doctors write orders (403 names the permission)', async () => {
    const ph = await userViaApi(ts, admin, ['pharmacist']);
    const r = await ph.client.post('/api/orders', rx([met()]), key());
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('outpatient.consult');
    const vocab = await ph.client.get('/api/orders/vocabulary');
    expect(vocab.status).to.equal(200);
    expect(vocab.body.frequencies.map((x: { code: string }) => x.code)).to.include.members([
      'qd',
      'bid',
      'tid',
      'qid',
      'q8h',
      'q12h',
      'qn',
      'st',
      'prn',
      'qw',
    ]);
  });
});
