import { expect } from 'chai';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import { insertFeeItem, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

const snapshot = (ts: TestServer) =>
  JSON.stringify(
    ['clinics', 'roster', 'event_log', 'audit_log'].map((tb) =>
      ts.server.open.raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
    ),
  );

describe('clinic settings and roster (门诊设置、排班)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let listener: RoomListener;
  before(async () => {
    ts = await startTestServer({ clock: new ManualClock() });
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    listener = await RoomListener.open(ts, w.registrar.client.cookie, ['registration']);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it('saves clinic settings with a version, audits and publishes clinic:changed', async () => {
    const r = await admin.put(`/api/clinics/${w.unconfigured}`, {
      queuePrefix: 'K',
      registrationFeeFen: 0,
      feeItemId: null,
      room: '口腔 1',
      version: null,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ configured: true, queuePrefix: 'K', room: '口腔 1', version: 1 });
    await listener.waitFor('clinic:changed', { departmentId: w.unconfigured });
    const fee = await insertFeeItem(ts, 300);
    const r2 = await admin.put(`/api/clinics/${w.unconfigured}`, {
      queuePrefix: 'K',
      registrationFeeFen: 300,
      feeItemId: fee,
      room: null,
      version: 1,
    });
    expect(r2.body).to.include({
      registrationFeeFen: 300,
      feeItemId: fee,
      feeItemName: '普通挂号费',
      room: null,
      version: 2,
    });
    const [a] = auditRows(ts, 'clinic.update', w.unconfigured);
    expect(a!.summary.changes!.registration_fee_fen).to.deep.equal({ before: 0, after: 300 });
  });

  it('refuses bad clinic settings and writes nothing', async () => {
    const base = {
      queuePrefix: 'K',
      registrationFeeFen: 300,
      feeItemId: null as number | null,
      room: null,
      version: 2,
    };
    const cases: Array<[string, number, unknown, number, string, string?]> = [
      ['stale version', w.unconfigured, { ...base, version: 1 }, 409, 'version', 'stale_version'],
      ['fee without item', w.unconfigured, base, 422, 'feeItemId'],
      ['unknown item', w.unconfigured, { ...base, feeItemId: 999999 }, 404, 'feeItemId'],
      [
        'prefix taken',
        w.unconfigured,
        { ...base, queuePrefix: w.prefixA, feeItemId: w.feeItem },
        409,
        'queuePrefix',
        'duplicate',
      ],
      ['lower-case prefix', w.unconfigured, { ...base, queuePrefix: 'k' }, 422, 'queuePrefix'],
      ['long prefix', w.unconfigured, { ...base, queuePrefix: 'KKK' }, 422, 'queuePrefix'],
      ['fractional fee', w.unconfigured, { ...base, registrationFeeFen: 1.5 }, 422, 'registrationFeeFen'],
      ['negative fee', w.unconfigured, { ...base, registrationFeeFen: -1 }, 422, 'registrationFeeFen'],
      ['not a clinic', w.ward, { ...base, version: null }, 422, 'departmentId', 'not_a_clinic'],
      ['unknown department', 999999, { ...base, version: null }, 404, 'departmentId'],
    ];
    const before = snapshot(ts);
    for (const [what, id, body, status, field, code] of cases) {
      const r = await admin.put(`/api/clinics/${id}`, body);
      expect(r.status, `${what} ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.field, what).to.equal(field);
      if (code) expect(r.body.error.code, what).to.equal(code);
    }
    expect((await w.registrar.client.put(`/api/clinics/${w.unconfigured}`, base)).status).to.equal(403);
    expect(snapshot(ts)).to.equal(before);
  });

  it('reads the roster of a day; the desk (roster.manage) replaces it, audited, roster:changed', async () => {
    const r = await w.doctor1.client.get(`/api/roster?day=${w.day}`);
    expect(r.status).to.equal(200);
    expect(r.body.items.map((x: any) => [x.doctorName, x.session, x.room])).to.have.deep.members([
      ['李明华', 'all', null],
      ['张秀英', 'am', '3'],
    ]);
    const next = '2026-11-27';
    const put = await w.registrar.client.put(`/api/roster/${next}`, {
      entries: [{ departmentId: w.clinicB, doctorStaffId: w.doctor3.staffId, session: 'pm', room: '5' }],
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body.items).to.have.length(1);
    await listener.waitFor('roster:changed', { day: next });
    expect(auditRows(ts, 'roster.update', next)).to.have.length(1);
    const only = await admin.get(`/api/roster?day=${next}&departmentId=${w.clinicB}`);
    expect(only.body.items[0]).to.include({ doctorStaffId: w.doctor3.staffId, session: 'pm', room: '5' });
    const doctors = await w.registrar.client.get('/api/roster/doctors');
    expect(doctors.status).to.equal(200);
    expect(doctors.body.items.map((d: any) => d.staffId)).to.include.members([
      w.doctor1.staffId,
      w.doctor2.staffId,
      w.doctor3.staffId,
    ]);
    expect(doctors.body.items.map((d: any) => d.staffId)).to.not.include(w.registrar.staffId);
    expect((await w.doctor1.client.get('/api/roster/doctors')).status).to.equal(403);
    // Replacing with nothing clears the day.
    const clear = await admin.put(`/api/roster/${next}`, { entries: [] });
    expect(clear.body.items).to.deep.equal([]);
  });

  it('refuses a bad roster and users without roster.manage / admin.departments; writes nothing', async () => {
    const e = { departmentId: w.clinicA, doctorStaffId: w.doctor1.staffId, session: 'am' };
    const cases: Array<[string, string, unknown, number, string]> = [
      ['not a clinic', w.day, { entries: [{ ...e, departmentId: w.ward }] }, 422, 'entries.0.departmentId'],
      ['unknown clinic', w.day, { entries: [{ ...e, departmentId: 999999 }] }, 404, 'entries.0.departmentId'],
      ['unknown doctor', w.day, { entries: [e, { ...e, doctorStaffId: 999999 }] }, 404, 'entries.1.doctorStaffId'],
      ['twice', w.day, { entries: [e, e] }, 409, 'entries.1'],
      ['bad session', w.day, { entries: [{ ...e, session: 'night' }] }, 422, 'entries.0.session'],
      ['bad day', '2026-13-01', { entries: [] }, 400, 'day'],
      ['unknown field', w.day, { entries: [], extra: true }, 422, 'extra'],
    ];
    const before = snapshot(ts);
    for (const [what, day, body, status, field] of cases) {
      const r = await admin.put(`/api/roster/${day}`, body);
      expect(r.status, `${what} ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.field, what).to.equal(field);
    }
    const doc = await w.doctor1.client.put(`/api/roster/${w.day}`, { entries: [] });
    expect(doc.status).to.equal(403);
    expect(snapshot(ts)).to.equal(before);
  });
});
