import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import {
  dayOf,
  idem,
  insertPatient,
  registrationWorld,
  type RegistrationWorld,
} from '../../../test/helpers/registration.js';
import { giveLookup } from '../../../test/helpers/insurance-lookup.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

const TABLES = [
  'visits',
  'registrations',
  'queue_entries',
  'bills',
  'bill_lines',
  'payments',
  'print_jobs',
  'sequences',
  'event_log',
  'idempotency_keys',
  'shifts',
];

function snapshot(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify(TABLES.map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));
}

function row<T = any>(ts: TestServer, sql: string, ...args: unknown[]): T {
  return ts.server.open.raw.prepare(sql).get(...args) as T;
}

describe('registration API (挂号)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let desk: ApiClient;
  let listener: RoomListener;
  let wang: number;
  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    desk = w.registrar.client;
    listener = await RoomListener.open(ts, desk.cookie, ['registration', `dept:${w.clinicA}`]);
    wang = await insertPatient(ts, '王小明');
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it("lists clinics with settings, today's rostered doctors and queue length", async () => {
    const r = await desk.get('/api/clinics');
    expect(r.status).to.equal(200);
    const a = r.body.find((c: any) => c.departmentId === w.clinicA);
    expect(a).to.include({
      configured: true,
      queuePrefix: w.prefixA,
      registrationFeeFen: 500,
      feeItemId: w.feeItem,
      room: '2',
      day: w.day,
      waiting: 0,
    });
    expect(a.doctorsToday.map((d: any) => d.name)).to.have.members(['李明华', '张秀英']);
    expect(r.body.find((c: any) => c.departmentId === w.unconfigured)).to.include({
      configured: false,
      queuePrefix: null,
    });
    expect(r.body.some((c: any) => c.departmentId === w.ward)).to.equal(false);
  });

  it(
    'registers with a cash fee: visit, registration, queue entry, bill with change, ticket print ' +
      'job, events, audit — one transaction',
    async () => {
      const r = await desk.post(
        '/api/registrations',
        {
          patientId: wang,
          departmentId: w.clinicA,
          doctorStaffId: w.doctor1.staffId,
          payer: 'cash',
          payment: { method: 'cash', tenderedFen: 1000 },
        },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.queueLabel).to.equal(`${w.prefixA}001`);
      expect(r.body.registration).to.include({
        patientName: '王小明',
        departmentId: w.clinicA,
        doctorStaffId: w.doctor1.staffId,
        doctorName: '李明华',
        feeFen: 500,
        status: 'active',
        queueStatus: 'waiting',
        payer: 'cash',
        day: w.day,
      });
      expect(r.body.ticket).to.include({
        number: `${w.prefixA}001`,
        room: '2',
        ahead: 0,
        patient: '王*明',
        feeFen: 500,
        changeFen: 500,
        doctor: '李明华',
      });
      const visit = row(ts, 'SELECT * FROM visits WHERE id = ?', r.body.visitId);
      expect(visit).to.include({
        kind: 'registered',
        status: 'waiting',
        payer: 'cash',
        department_id: w.clinicA,
        doctor_staff_id: w.doctor1.staffId,
      });
      const q = row(ts, 'SELECT * FROM queue_entries WHERE visit_id = ?', r.body.visitId);
      expect(q).to.include({
        status: 'waiting',
        queue_no: 1,
        queue_label: `${w.prefixA}001`,
        room: '2',
        doctor_staff_id: w.doctor1.staffId,
      });
      const bill = row(ts, 'SELECT * FROM bills WHERE id = ?', r.body.registration.billId);
      expect(bill).to.include({
        kind: 'charge',
        total_fen: 500,
        patient_pay_fen: 500,
        visit_id: r.body.visitId,
        payer: 'cash',
      });
      const line = row(ts, 'SELECT * FROM bill_lines WHERE bill_id = ?', bill.id);
      expect(line).to.include({
        registration_id: r.body.registration.id,
        item_id: w.feeItem,
        quantity: 1,
        amount_fen: 500,
        charge_category: '13',
      });
      const pay = row(ts, 'SELECT * FROM payments WHERE bill_id = ?', bill.id);
      expect(pay).to.include({ method: 'cash', amount_fen: 500, tendered_fen: 1000, change_fen: 500 });
      // The fee's bill:paid goes to the cashiers and the clinic's room (the visit's department).
      const paid = ts.server.open.raw
        .prepare(`SELECT rooms_json, payload_json FROM event_log WHERE name = 'bill:paid' ORDER BY seq DESC LIMIT 1`)
        .get() as { rooms_json: string; payload_json: string };
      expect(JSON.parse(paid.payload_json)).to.include({ billId: bill.id, totalFen: 500 });
      expect(JSON.parse(paid.rooms_json)).to.include(`dept:${w.clinicA}`);
      const job = row(ts, 'SELECT * FROM print_jobs WHERE id = ?', r.body.printJobId);
      expect(job).to.include({
        layout: 'queue-ticket',
        status: 'pending',
        ref_type: 'registration',
        ref_id: r.body.registration.id,
      });
      expect(JSON.parse(job.payload_json)).to.include({
        number: `${w.prefixA}001`,
        patient: '王*明',
        room: '2',
        ahead: 0,
      });
      const created = await listener.waitFor('registration:created', { registrationId: r.body.registration.id });
      expect(created.payload).to.deep.include({
        departmentId: w.clinicA,
        queueLabel: `${w.prefixA}001`,
        status: 'active',
        queueEntryId: q.id,
        cancelledAt: null,
      });
      const qe = await listener.waitFor('queue:changed', { entryId: q.id });
      expect(qe.payload).to.deep.equal({
        entryId: q.id,
        departmentId: w.clinicA,
        label: `${w.prefixA}001`,
        maskedName: '王*明',
        room: '2',
        status: 'waiting',
        callCount: 0,
        visitId: r.body.visitId,
        queueNo: 1,
        position: q.position,
        doctorStaffId: r.body.registration.doctorStaffId,
        doctorName: r.body.registration.doctorName,
        calledByStaffId: null,
        calledByName: null,
        version: 1,
        // the clinic's line after the registration (the desk's count, no reload): this ticket
        day: r.body.registration.day,
        waiting: 1,
      });
      expect(JSON.stringify(qe.payload)).to.not.include('王小明');
      const [a] = auditRows(ts, 'registration.create', r.body.registration.id);
      expect(a!.user_id).to.equal(w.registrar.userId);
      expect(a!.summary.changes!.queueLabel).to.deep.equal({ after: `${w.prefixA}001` });
    },
  );

  it('numbers per clinic per day; a free clinic makes no bill; patients ahead are counted', async () => {
    const li = await insertPatient(ts, '李四');
    const r2 = await desk.post(
      '/api/registrations',
      {
        patientId: li,
        departmentId: w.clinicA,
        payer: 'insured',
        insuranceLookupId: giveLookup(ts.server.open.raw, li, { at: ts.clock.now() }),
        payment: { method: 'wechat', reference: 'WX20261126001' },
      },
      idem(),
    );
    expect(r2.status, JSON.stringify(r2.body)).to.equal(201);
    expect(r2.body.queueLabel).to.equal(`${w.prefixA}002`);
    expect(r2.body.ticket).to.include({ ahead: 1, patient: '李*', room: '2', doctor: null });
    expect(
      row(ts, 'SELECT reference, method FROM payments WHERE bill_id = ?', r2.body.registration.billId),
    ).to.deep.equal({ reference: 'WX20261126001', method: 'wechat' });
    expect(row(ts, 'SELECT payer FROM bills WHERE id = ?', r2.body.registration.billId)).to.deep.equal({
      payer: 'insured',
    });
    const rb = await desk.post('/api/registrations', { patientId: li, departmentId: w.clinicB, payer: 'cash' }, idem());
    expect(rb.status, JSON.stringify(rb.body)).to.equal(201);
    expect(rb.body.queueLabel).to.equal(`${w.prefixB}001`);
    expect(rb.body.registration).to.include({ feeFen: 0, billId: null });
    const clinics = (await desk.get('/api/clinics')).body;
    expect(clinics.find((c: any) => c.departmentId === w.clinicA).waiting).to.equal(2);
  });

  it('registers without the fee when asked (waiveFee), with a doctor rostered for the afternoon only too', async () => {
    const p = await insertPatient(ts, '欧阳娜娜');
    const r = await desk.post(
      '/api/registrations',
      {
        patientId: p,
        departmentId: w.clinicA,
        doctorStaffId: w.doctor2.staffId,
        payer: 'insured',
        insuranceLookupId: giveLookup(ts.server.open.raw, p, { at: ts.clock.now() }),
        waiveFee: true,
      },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.registration).to.include({ feeFen: 0, billId: null });
    expect(r.body.ticket).to.include({ patient: '欧*娜', room: '3' });
  });

  it('is idempotent: the same key twice gives one registration and one queue number', async () => {
    const p = await insertPatient(ts, '赵六');
    const h = idem();
    const body = {
      patientId: p,
      departmentId: w.clinicA,
      payer: 'cash',
      payment: { method: 'bank_card', reference: 'POS-1' },
    };
    const [a, b] = await Promise.all([
      desk.post('/api/registrations', body, h),
      desk.post('/api/registrations', body, h),
    ]);
    expect(a.status).to.equal(201);
    expect(b.status).to.equal(201);
    expect(b.body).to.deep.equal(a.body);
    const again = await desk.post('/api/registrations', body, h);
    expect(again.body).to.deep.equal(a.body);
    expect(row(ts, 'SELECT count(*) AS n FROM registrations WHERE patient_id = ?', p)).to.deep.equal({ n: 1 });
    expect(row(ts, 'SELECT count(*) AS n FROM bills WHERE patient_id = ?', p)).to.deep.equal({ n: 1 });
    // The same key for a different request is refused.
    const other = await desk.post('/api/registrations', { ...body, payer: 'insured' }, h);
    expect(other.status).to.equal(409);
    expect(other.body.error.code).to.equal('idempotency_key_reused');
  });

  it(
    'refuses a fee other than the clinic’s current one (a stale page) with 409 fee_changed, ' + 'writing nothing',
    async () => {
      const p = await insertPatient(ts, '冯十二');
      const before = snapshot(ts);
      const r = await desk.post(
        '/api/registrations',
        {
          patientId: p,
          departmentId: w.clinicA,
          payer: 'cash',
          feeFen: 300,
          payment: { method: 'bank_card', reference: 'POS-9' },
        },
        idem(),
      );
      expect(r.status).to.equal(409);
      expect(r.body.error).to.include({ code: 'fee_changed', field: 'feeFen' });
      expect(r.body.error.message).to.include('5.00');
      expect(snapshot(ts)).to.equal(before);
      const ok = await desk.post(
        '/api/registrations',
        {
          patientId: p,
          departmentId: w.clinicA,
          payer: 'cash',
          feeFen: 500,
          payment: { method: 'bank_card', reference: 'POS-9' },
        },
        idem(),
      );
      expect(ok.status).to.equal(201);
    },
  );

  it('refuses a second open registration of the same patient at the same clinic today', async () => {
    const before = snapshot(ts);
    const r = await desk.post(
      '/api/registrations',
      { patientId: wang, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash' } },
      idem(),
    );
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ code: 'already_registered', field: 'patientId' });
    expect(snapshot(ts)).to.equal(before);
  });

  it('refuses bad input with a clear 4xx naming the field, and writes nothing', async () => {
    const p = await insertPatient(ts, '钱七');
    const base = {
      patientId: p,
      departmentId: w.clinicA,
      payer: 'cash',
      payment: { method: 'cash', tenderedFen: 500 },
    };
    const cases: Array<[string, unknown, number, string, string?]> = [
      ['unknown patient', { ...base, patientId: 999999 }, 404, 'patientId'],
      ['unknown clinic', { ...base, departmentId: 999999 }, 404, 'departmentId'],
      ['not a clinic', { ...base, departmentId: w.ward }, 422, 'departmentId', 'not_a_clinic'],
      [
        'clinic without settings',
        { ...base, departmentId: w.unconfigured },
        422,
        'departmentId',
        'clinic_not_configured',
      ],
      ['unknown doctor', { ...base, doctorStaffId: 999999 }, 404, 'doctorStaffId'],
      ['doctor not on the roster', { ...base, doctorStaffId: w.doctor3.staffId }, 422, 'doctorStaffId', 'not_rostered'],
      ['no payment for a fee', { ...base, payment: undefined }, 422, 'payment'],
      ['WeChat without reference', { ...base, payment: { method: 'wechat' } }, 422, 'payment.reference'],
      ['Alipay without reference', { ...base, payment: { method: 'alipay', reference: '' } }, 422, 'payment.reference'],
      [
        'tendered below the fee',
        { ...base, payment: { method: 'cash', tenderedFen: 499 } },
        422,
        'payment.tenderedFen',
      ],
      ['fractional fen', { ...base, payment: { method: 'cash', tenderedFen: 500.5 } }, 422, 'payment.tenderedFen'],
      ['negative tendered', { ...base, payment: { method: 'cash', tenderedFen: -1 } }, 422, 'payment.tenderedFen'],
      ['fractional fee shown', { ...base, feeFen: 500.5 }, 422, 'feeFen'],
      ['negative fee shown', { ...base, feeFen: -500 }, 422, 'feeFen'],
      ['unknown method', { ...base, payment: { method: 'cheque' } }, 422, 'payment.method'],
      ['bad payer', { ...base, payer: 'free' }, 422, 'payer'],
      ['unknown field', { ...base, extra: 1 }, 422, 'extra'],
      ['string id', { ...base, patientId: String(p) }, 422, 'patientId'],
      ['missing clinic', { patientId: p, payer: 'cash' }, 422, 'departmentId'],
    ];
    const before = snapshot(ts);
    for (const [what, body, status, field, code] of cases) {
      const r = await desk.post('/api/registrations', body, idem());
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.field, what).to.equal(field);
      if (code) expect(r.body.error.code, what).to.equal(code);
      expect(r.body.error.message, what).to.be.a('string').and.not.equal('');
    }
    const noKey = await desk.post('/api/registrations', base);
    expect(noKey.status).to.equal(400);
    expect(noKey.body.error.code).to.equal('idempotency_key_required');
    expect(snapshot(ts)).to.equal(before);
  });

  it('needs registration.register (a doctor cannot register)', async () => {
    const r = await w.doctor1.client.post(
      '/api/registrations',
      { patientId: wang, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(r.status).to.equal(403);
    expect((await w.doctor1.client.get('/api/registrations')).status).to.equal(403);
  });

  it("lists today's registrations newest first", async () => {
    const r = await desk.get('/api/registrations');
    expect(r.status).to.equal(200);
    expect(r.body.day).to.equal(w.day);
    expect(r.body.items.length).to.be.greaterThan(3);
    expect(r.body.items[r.body.items.length - 1].queueLabel).to.equal(`${w.prefixA}001`);
    const onlyB = await desk.get(`/api/registrations?departmentId=${w.clinicB}`);
    expect(onlyB.body.items.map((x: any) => x.queueLabel)).to.deep.equal([`${w.prefixB}001`]);
  });

  it(
    'cancels (退号) a waiting registration: reversing bill for the fee, visit and queue entry ' +
      'cancelled, idempotent',
    async () => {
      const p = await insertPatient(ts, '孙八');
      const reg = await desk.post(
        '/api/registrations',
        { patientId: p, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash', tenderedFen: 500 } },
        idem(),
      );
      expect(reg.status).to.equal(201);
      const id = reg.body.registration.id;
      const h = idem();
      const c = await desk.post(`/api/registrations/${id}/cancel`, { reason: '患者有事' }, h);
      expect(c.status, JSON.stringify(c.body)).to.equal(200);
      expect(c.body.registration).to.include({ status: 'cancelled', queueStatus: 'cancelled' });
      expect(c.body.refundFen).to.equal(500);
      const refund = row(ts, 'SELECT * FROM bills WHERE id = ?', c.body.refundBillId);
      expect(refund).to.include({ kind: 'refund', reverses_id: reg.body.registration.billId, total_fen: -500 });
      expect(row(ts, 'SELECT status FROM visits WHERE id = ?', reg.body.visitId)).to.deep.equal({
        status: 'cancelled',
      });
      await listener.waitFor('registration:cancelled', { registrationId: id });
      const qc = await listener.waitFor('queue:changed', {
        entryId: reg.body.registration.queueEntryId,
        status: 'cancelled',
      });
      // the count the desk applies is the clinic list's own (the cancelled ticket left the line)
      const { departmentId } = qc.payload as { departmentId: number };
      const clinic = (await desk.get('/api/clinics')).body.find((c: any) => c.departmentId === departmentId);
      expect(qc.payload).to.include({ waiting: clinic.waiting, day: clinic.day });
      expect(auditRows(ts, 'registration.cancel', id)).to.have.length(1);
      const replay = await desk.post(`/api/registrations/${id}/cancel`, { reason: '患者有事' }, h);
      expect(replay.body).to.deep.equal(c.body);
      const before = snapshot(ts);
      const again = await desk.post(`/api/registrations/${id}/cancel`, {}, idem());
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('already_cancelled');
      expect(snapshot(ts)).to.equal(before);
      // The patient may register again after cancelling.
      const re = await desk.post(
        '/api/registrations',
        { patientId: p, departmentId: w.clinicA, payer: 'cash', payment: { method: 'cash' } },
        idem(),
      );
      expect(re.status).to.equal(201);
    },
  );

  it('cancels a free registration without a bill', async () => {
    const p = await insertPatient(ts, '周九');
    const reg = await desk.post(
      '/api/registrations',
      {
        patientId: p,
        departmentId: w.clinicB,
        payer: 'insured',
        insuranceLookupId: giveLookup(ts.server.open.raw, p, { at: ts.clock.now() }),
      },
      idem(),
    );
    const c = await desk.post(`/api/registrations/${reg.body.registration.id}/cancel`, {}, idem());
    expect(c.status).to.equal(200);
    expect(c.body).to.include({ refundBillId: null, refundFen: 0 });
  });

  it('refuses to cancel once the patient was called (409) and writes nothing; unknown id 404', async () => {
    const p = await insertPatient(ts, '吴十');
    const reg = await desk.post('/api/registrations', { patientId: p, departmentId: w.clinicB, payer: 'cash' }, idem());
    const entryId = reg.body.registration.queueEntryId;
    const call = await w.doctor1.client.post(`/api/queue/${entryId}/call`);
    expect(call.status, JSON.stringify(call.body)).to.equal(200);
    const before = snapshot(ts);
    const c = await desk.post(`/api/registrations/${reg.body.registration.id}/cancel`, {}, idem());
    expect(c.status).to.equal(409);
    expect(c.body.error.code).to.equal('already_called');
    expect(snapshot(ts)).to.equal(before);
    const unknown = await desk.post('/api/registrations/999999/cancel', {}, idem());
    expect(unknown.status).to.equal(404);
  });

  it('a new business day starts the numbers again', async () => {
    (ts.clock as ManualClock).advance(24 * 3600_000);
    // the old session expired
    expect((await desk.signIn(w.registrar.username, w.registrar.password)).status).to.equal(200);
    const p = await insertPatient(ts, '郑十一');
    const day2 = dayOf(ts);
    expect(day2).to.not.equal(w.day);
    const r = await desk.post('/api/registrations', { patientId: p, departmentId: w.clinicB, payer: 'cash' }, idem());
    expect(r.status).to.equal(201);
    expect(r.body.queueLabel).to.equal(`${w.prefixB}001`);
    expect(r.body.registration.day).to.equal(day2);
    // Yesterday's roster does not carry over: a doctor must be rostered today.
    const d = await desk.post(
      '/api/registrations',
      {
        patientId: p,
        departmentId: w.clinicA,
        doctorStaffId: w.doctor1.staffId,
        payer: 'cash',
        payment: { method: 'cash' },
      },
      idem(),
    );
    expect(d.status).to.equal(422);
    expect(d.body.error.code).to.equal('not_rostered');
  });

  it('an insured registration needs a recent 1101 look-up of this patient: chosen, not suspended', async () => {
    const raw = ts.server.open.raw;
    const p = await insertPatient(ts, '钱医保');
    const other = await insertPatient(ts, '孙别人');
    const now = ts.clock.now();
    const base = { patientId: p, departmentId: w.clinicB, payer: 'insured' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['no look-up', base, 'needs the insurance look-up'],
      ['unknown look-up', { ...base, insuranceLookupId: 99_999_999 }, 'does not exist'],
      ['another patient’s', { ...base, insuranceLookupId: giveLookup(raw, other, { at: now }) }, 'not of this patient'],
      [
        'a look-up of nobody',
        { ...base, insuranceLookupId: giveLookup(raw, null, { at: now }) },
        'not of this patient',
      ],
      ['13 h old', { ...base, insuranceLookupId: giveLookup(raw, p, { at: now - 13 * 3600_000 }) }, 'older than 12 h'],
      [
        'no insutype chosen',
        { ...base, insuranceLookupId: giveLookup(raw, p, { at: now, insutype: null }) },
        'Choose the insurance type',
      ],
      [
        'suspended',
        { ...base, insuranceLookupId: giveLookup(raw, p, { at: now, suspended: true }) },
        'register as cash',
      ],
    ];
    const before = snapshot(ts);
    for (const [what, body, words] of cases) {
      const r = await desk.post('/api/registrations', body, idem());
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).to.equal(422);
      expect(r.body.error.field, what).to.equal('insuranceLookupId');
      expect(r.body.error.message, what).to.contain(words);
    }
    const zh = await desk.post('/api/registrations', base, { ...idem(), 'x-lang': 'zh' });
    expect(zh.body.error.message).to.contain('查询参保信息');
    expect(snapshot(ts)).to.equal(before);
    // 11 h old, chosen, normal: registered insured.
    const ok = await desk.post(
      '/api/registrations',
      { ...base, insuranceLookupId: giveLookup(raw, p, { at: now - 11 * 3600_000 }) },
      idem(),
    );
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect(ok.body.registration.payer).to.equal('insured');
    // A cash registration needs none.
    const cash = await desk.post(
      '/api/registrations',
      { patientId: other, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(cash.status, JSON.stringify(cash.body)).to.equal(201);
  });
});
