import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import {
  ApiClient,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

describe('departments API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  let neike: { id: number; version: number };
  // The suite's first department, made once by whichever test needs it first (a test run alone
  // with --grep finds it too: no test depends on another having run).
  let neikeMade: Promise<ApiResponse> | undefined;
  const makeNeike = async () => {
    neikeMade ??= admin.post('/api/departments', {
      code: 'NK',
      name: '内科',
      kind: 'clinic',
      phone: '8001',
      location: '门诊楼二层',
    });
    const r = await neikeMade;
    neike ??= r.body;
    return r;
  };
  let othersMade: Promise<unknown> | undefined;
  const makeOthers = () =>
    (othersMade ??= (async () => {
      await admin.post('/api/departments', { code: 'WK', name: '外科', kind: 'clinic' });
      await admin.post('/api/departments', { code: 'YF', name: '西药房', kind: 'pharmacy' });
      await admin.post('/api/departments', { code: 'A_B', name: '100%测试', kind: 'lab' });
    })());

  it('creates a department with pinyin, audits it and publishes department:changed', async () => {
    const r = await makeNeike();
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({
      id: r.body.id,
      code: 'NK',
      name: '内科',
      kind: 'clinic',
      phone: '8001',
      location: '门诊楼二层',
      active: true,
      pinyinInitials: 'nk',
      version: 1,
    });
    neike = r.body;
    const ev = await listener.waitFor('department:changed', { id: r.body.id });
    expect(ev.payload).to.deep.equal({ id: r.body.id, action: 'created' });
    const [a] = auditRows(ts, 'department.create', r.body.id);
    expect(a!.outcome).to.equal('ok');
    expect(a!.entity).to.equal('department');
    expect(a!.summary.changes!.name).to.deep.equal({ after: '内科' });
  });

  it('finds departments by pinyin initials, full pinyin, code and name; filters by kind and active', async () => {
    await makeNeike();
    await makeOthers();
    const names = async (qs: string) =>
      ((await admin.get('/api/departments' + qs)).body.items as Array<{ name: string }>).map((d) => d.name);
    expect(await names('?q=nk')).to.deep.equal(['内科']);
    expect(await names('?q=NK')).to.deep.equal(['内科']);
    expect(await names('?q=neike')).to.deep.equal(['内科']);
    expect(await names('?q=%E5%86%85')).to.deep.equal(['内科']); // 内
    expect(await names('?q=xyf')).to.deep.equal(['西药房']);
    expect(await names('?kind=pharmacy')).to.deep.equal(['西药房']);
    // LIKE wildcards in the search text match themselves only.
    expect(await names('?q=%25')).to.deep.equal(['100%测试']);
    expect(await names('?q=_')).to.deep.equal(['100%测试']);
    expect(await names('?q=zzzz')).to.deep.equal([]);
    expect((await names('?active=true')).length).to.be.greaterThan(3);
    expect(await names('?active=false')).to.deep.equal([]);
  });

  it('updates with the version and refuses a stale version without writing', async () => {
    await makeNeike();
    const r = await admin.put(`/api/departments/${neike.id}`, {
      code: 'NK',
      name: '内科门诊',
      kind: 'clinic',
      phone: null,
      location: '',
      active: true,
      version: 1,
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ name: '内科门诊', version: 2, phone: null, location: null, pinyinInitials: 'nkmz' });
    const [a] = auditRows(ts, 'department.update', neike.id);
    expect(a!.summary.changes!.name).to.deep.equal({ before: '内科', after: '内科门诊' });
    expect(a!.summary.changes!.phone).to.deep.equal({ before: '8001', after: null });
    await listener.waitFor('department:changed', { id: neike.id, action: 'updated' });

    const before = snapshot(ts);
    const stale = await admin.put(`/api/departments/${neike.id}`, {
      code: 'NK',
      name: '别的名字',
      kind: 'clinic',
      phone: null,
      location: null,
      active: true,
      version: 1,
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error).to.include({ code: 'stale_version', field: 'version' });
    expect(snapshot(ts)).to.equal(before);
  });

  it('refuses bad input with a clear 4xx naming the field, and writes nothing', async () => {
    await makeNeike();
    await makeOthers();
    const before = snapshot(ts);
    const cases: Array<[unknown, number, string]> = [
      [{ code: 'X1', name: '甲', kind: 'clinic', extra: 1 }, 422, 'extra'],
      [{ code: 'X1', kind: 'clinic' }, 422, 'name'],
      [{ code: 12, name: '甲', kind: 'clinic' }, 422, 'code'],
      [{ code: 'X1', name: '甲', kind: 'hospital' }, 422, 'kind'],
      [{ code: 'X1', name: '甲'.repeat(51), kind: 'clinic' }, 422, 'name'],
      [{ code: 'X'.repeat(21), name: '甲', kind: 'clinic' }, 422, 'code'],
      [{ code: "X1'; DROP TABLE departments;--", name: '甲', kind: 'clinic' }, 422, 'code'],
      [{ code: 'X1', name: '   ', kind: 'clinic' }, 422, 'name'],
      [{ code: 'X1', name: 'a\u0000b', kind: 'clinic' }, 422, 'name'],
      [{ code: 'X1', name: '甲', kind: 'clinic', phone: 123 }, 422, 'phone'],
      [{ code: 'X1', name: '甲', kind: 'clinic', location: 'x'.repeat(101) }, 422, 'location'],
      [{ code: 'nk', name: '新科室', kind: 'clinic' }, 409, 'code'],
      [{ code: 'NEW', name: '外科', kind: 'clinic' }, 409, 'name'],
      [[1, 2], 422, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post('/api/departments', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      expect(r.body.error.message).to.be.a('string').and.not.equal('');
    }
    const malformed = await admin.request('POST', '/api/departments', '{"code": "X1",', {
      'content-type': 'application/json',
    });
    expect(malformed.status).to.equal(400);
    const huge = await admin.post('/api/departments', {
      code: 'X1',
      name: '甲',
      kind: 'clinic',
      location: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).to.equal(413);
    expect(
      (
        await admin.put('/api/departments/99999', {
          code: 'X1',
          name: '甲',
          kind: 'clinic',
          phone: null,
          location: null,
          active: true,
          version: 1,
        })
      ).status,
    ).to.equal(404);
    expect(
      (
        await admin.put('/api/departments/abc', {
          code: 'X1',
          name: '甲',
          kind: 'clinic',
          phone: null,
          location: null,
          active: true,
          version: 1,
        })
      ).status,
    ).to.equal(400);
    const missingActive = await admin.put(`/api/departments/${neike.id}`, {
      code: 'NK',
      name: '内科',
      kind: 'clinic',
      phone: null,
      location: null,
      version: 2,
    });
    expect(missingActive.status).to.equal(422);
    expect(missingActive.body.error.field).to.equal('active');
    const badQuery = await admin.get('/api/departments?active=yes');
    expect(badQuery.status).to.equal(422);
    expect(badQuery.body.error.field).to.equal('active');
    expect((await admin.get('/api/departments?bogus=1')).status).to.equal(422);
    expect(snapshot(ts)).to.equal(before);
  });

  it('stores SQL- and HTML-looking names verbatim and returns them as data', async () => {
    const name = `<img src=x onerror=alert(1)>'; --`;
    const r = await admin.post('/api/departments', {
      code: 'XSS',
      name,
      kind: 'admin',
      location: "Robert'); DROP TABLE staff;--",
    });
    expect(r.status).to.equal(201);
    expect(r.body.name).to.equal(name);
    const list = await admin.get('/api/departments?q=' + encodeURIComponent('onerror'));
    expect(list.body.items.map((d: { name: string }) => d.name)).to.deep.equal([name]);
    expect(list.body.items[0].location).to.equal("Robert'); DROP TABLE staff;--");
    expect(list.headers.get('content-type')).to.match(/application\/json/);
  });

  it('refuses to deactivate a department that has active staff (409), allows it once they are gone', async () => {
    const d = await admin.post('/api/departments', { code: 'EK', name: '儿科', kind: 'clinic' });
    const s = await admin.post('/api/staff', {
      code: 'E01',
      name: '王医生',
      gender: 'M',
      departmentId: d.body.id,
      title: 'physician',
    });
    expect(s.status).to.equal(201);
    const before = snapshot(ts);
    const r = await admin.put(`/api/departments/${d.body.id}`, {
      code: 'EK',
      name: '儿科',
      kind: 'clinic',
      phone: null,
      location: null,
      active: false,
      version: 1,
    });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('department_has_staff');
    expect(snapshot(ts)).to.equal(before);
    const off = await admin.put(`/api/staff/${s.body.id}`, { ...pick(s.body), active: false, version: 1 });
    expect(off.status).to.equal(200);
    const ok = await admin.put(`/api/departments/${d.body.id}`, {
      code: 'EK',
      name: '儿科',
      kind: 'clinic',
      phone: null,
      location: null,
      active: false,
      version: 1,
    });
    expect(ok.status).to.equal(200);
    expect(ok.body.active).to.equal(false);
  });

  it('lets any signed-in user list, but only admin.departments write (403 names the permission)', async () => {
    await makeNeike();
    const doctor = await userViaApi(ts, admin, ['doctor']);
    expect((await doctor.client.get('/api/departments')).status).to.equal(200);
    const before = snapshot(ts);
    const r = await doctor.client.post('/api/departments', { code: 'NO', name: '不允许', kind: 'clinic' });
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('admin.departments');
    const u = await doctor.client.put(`/api/departments/${neike.id}`, {
      code: 'NK',
      name: 'x',
      kind: 'clinic',
      phone: null,
      location: null,
      active: true,
      version: 2,
    });
    expect(u.status).to.equal(403);
    expect(snapshot(ts)).to.equal(before);
    expect((await new ApiClient(ts.url).get('/api/departments')).status).to.equal(401);
  });
});

function pick(s: Record<string, unknown>) {
  const { code, name, gender, idNumber, phone, departmentId, title } = s;
  return { code, name, gender, idNumber, phone, departmentId, title };
}
