import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import {
  ApiClient,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { TITLES } from './titles.js';
import { idCheckChar } from '../../lib/id-number.js';

const editable = (s: Record<string, unknown>) => {
  const { code, name, gender, idNumber, phone, departmentId, title, active, version } = s;
  return { code, name, gender, idNumber, phone, departmentId, title, active, version };
};

describe('staff API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  let deptId: number;
  let otherDeptId: number;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
    deptId = (await admin.post('/api/departments', { code: 'NK', name: '内科', kind: 'clinic' })).body.id;
    otherDeptId = (await admin.post('/api/departments', { code: 'WK', name: '外科', kind: 'clinic' })).body.id;
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  it('serves the professional title catalog with track and level', async () => {
    const r = await admin.get('/api/staff/titles');
    expect(r.status).to.equal(200);
    expect(r.body).to.have.length(21);
    expect(r.body.map((x: { zh: string }) => x.zh)).to.include.members([
      '医士',
      '主治医师',
      '主任护师',
      '主管药师',
      '副主任技师',
      '无',
    ]);
    expect(r.body.find((x: { zh: string }) => x.zh === '主治医师')).to.deep.equal({
      code: 'attending-physician',
      zh: '主治医师',
      en: 'Attending physician',
      track: 'physician',
      level: 'intermediate',
    });
    expect(r.body.find((x: { zh: string }) => x.zh === '副主任医师').level).to.equal('senior');
    expect(r.body).to.deep.equal(TITLES);
  });

  let wang: Record<string, any>;

  // The suite's two staff members (单丽萍, and 王建国 after a refused duplicate), made once by
  // whichever test needs them first: a test run alone with --grep finds them too.
  let staffMade: Promise<Record<'r' | 'dup' | 'old', ApiResponse>> | undefined;
  const makeStaff = () =>
    (staffMade ??= (async () => {
      const r = await admin.post('/api/staff', {
        code: 'D001',
        name: '单丽萍',
        gender: 'F',
        idNumber: '11010519491231002x',
        phone: '13800138000',
        departmentId: deptId,
        title: 'attending-physician',
      });
      // The same person's old 15-digit number upgrades to the 18-character one: a duplicate.
      const dup = await admin.post('/api/staff', {
        code: 'D002',
        name: '王建国',
        gender: 'F',
        idNumber: '110105491231002',
        departmentId: deptId,
        title: 'physician',
      });
      const old = await admin.post('/api/staff', {
        code: 'D002',
        name: '王建国',
        gender: 'M',
        idNumber: '440524800101001',
        departmentId: deptId,
        title: 'physician',
        phone: '0571-88886666',
      });
      wang ??= old.body;
      return { r, dup, old };
    })());

  it('creates staff with a checked ID number, surname pinyin, audit and staff:changed', async () => {
    const { r, dup, old } = await makeStaff();
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({
      id: r.body.id,
      code: 'D001',
      name: '单丽萍',
      gender: 'F',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      departmentId: deptId,
      departmentName: '内科',
      title: 'attending-physician',
      active: true,
      pinyinInitials: r.body.pinyinInitials,
      userId: null,
      username: null,
      version: 1,
    });
    expect(r.body.pinyinInitials.split(' ')).to.include('slp'); // 单 as a surname reads shan
    await listener.waitFor('staff:changed', { id: r.body.id, action: 'created' });
    const [a] = auditRows(ts, 'staff.create', r.body.id);
    expect(a!.summary.changes!.idNumber).to.deep.equal({ after: '11010519491231002X' });

    // The same person's old 15-digit number upgrades to the 18-character one: a duplicate.
    expect(dup.status).to.equal(409);
    expect(dup.body.error.field).to.equal('idNumber');
    expect(old.status).to.equal(201);
    expect(old.body.idNumber).to.equal('44052419800101001' + idCheckChar('44052419800101001'));
    wang = old.body;
  });

  it('searches by pinyin initials, full pinyin, name, code, ID number and phone', async () => {
    await makeStaff();
    const names = async (q: string) =>
      ((await admin.get('/api/staff?q=' + encodeURIComponent(q))).body.items as Array<{ name: string }>)
        .map((s) => s.name)
        .sort();
    expect(await names('slp')).to.deep.equal(['单丽萍']);
    expect(await names('shanliping')).to.deep.equal(['单丽萍']);
    expect(await names('wjg')).to.deep.equal(['王建国']);
    expect(await names('建国')).to.deep.equal(['王建国']);
    expect(await names('d00')).to.deep.equal(['单丽萍', '王建国']);
    expect(await names('13800138')).to.deep.equal(['单丽萍']);
    expect(await names('0571-8888')).to.deep.equal(['王建国']);
    const byDept = await admin.get(`/api/staff?departmentId=${otherDeptId}`);
    expect(byDept.body.items).to.deep.equal([]);
    expect((await admin.get('/api/staff?active=false')).body.items).to.deep.equal([]);
  });

  it('rejects bad ID numbers, gender mismatches and duplicates with 422/409 on idNumber, writing nothing', async () => {
    await makeStaff();
    const before = snapshot(ts);
    const base = { code: 'D009', name: '李四', gender: 'M', departmentId: deptId, title: 'physician' };
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ ...base, idNumber: '110105194912310021' }, 422, 'idNumber'], // check digit
      [{ ...base, idNumber: '11010519491331002X' }, 422, 'idNumber'], // month 13
      [{ ...base, idNumber: '1101051949123' }, 422, 'idNumber'], // length
      [{ ...base, idNumber: '440524188001010014', gender: 'F' }, 422, 'idNumber'], // male number, female chosen
      [{ ...base, idNumber: '11010519491231002X', gender: 'F' }, 409, 'idNumber'], // duplicate
      [{ ...base, idNumber: 'x'.repeat(19) }, 422, 'idNumber'],
      [{ ...base, phone: '1380013800' }, 422, 'phone'],
      [{ ...base, phone: '0571--8888666' }, 422, 'phone'],
      [{ ...base, phone: 13800138000 }, 422, 'phone'],
      [{ ...base, departmentId: 99999 }, 422, 'departmentId'],
      [{ ...base, departmentId: '1' }, 422, 'departmentId'],
      [{ ...base, title: 'surgeon' }, 422, 'title'],
      [{ ...base, gender: 'X' }, 422, 'gender'],
      [{ ...base, code: 'd001' }, 409, 'code'],
      [{ ...base, name: '李'.repeat(31) }, 422, 'name'],
      [{ ...base, userId: 1 }, 422, 'userId'],
      [{ code: 'D009', name: '李四', gender: 'M', title: 'physician' }, 422, 'departmentId'],
    ];
    for (const [body, status, field] of bad) {
      const r = await admin.post('/api/staff', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
    }
    const mismatch = await admin.post('/api/staff', { ...base, idNumber: '440524188001010014', gender: 'F' });
    expect(mismatch.body.error.message).to.match(/male/);
    expect(snapshot(ts)).to.equal(before);
    expect((await admin.put('/api/staff/424242', { ...editable(wang) })).status).to.equal(404);
    const stale = await admin.put(`/api/staff/${wang.id}`, { ...editable(wang), name: '王二', version: 7 });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.field).to.equal('version');
    expect(snapshot(ts)).to.equal(before);
  });

  it('moves a staff member to another department and refuses a deactivated one', async () => {
    await makeStaff();
    const r = await admin.put(`/api/staff/${wang.id}`, {
      ...editable(wang),
      departmentId: otherDeptId,
      idNumber: null,
      gender: 'M',
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({
      departmentId: otherDeptId,
      departmentName: '外科',
      idNumber: null,
      gender: 'M',
      version: 2,
    });
    const [a] = auditRows(ts, 'staff.update', wang.id);
    expect(a!.summary.changes!.departmentName).to.deep.equal({ before: '内科', after: '外科' });
    await listener.waitFor('staff:changed', { id: wang.id, action: 'updated' });
    wang = r.body;
    const closed = await admin.post('/api/departments', { code: 'OLD', name: '旧科室', kind: 'clinic' });
    await admin.put(`/api/departments/${closed.body.id}`, {
      code: 'OLD',
      name: '旧科室',
      kind: 'clinic',
      phone: null,
      location: null,
      active: false,
      version: 1,
    });
    const refused = await admin.put(`/api/staff/${wang.id}`, { ...editable(wang), departmentId: closed.body.id });
    expect(refused.status).to.equal(422);
    expect(refused.body.error.field).to.equal('departmentId');
  });

  it('deactivating a staff member ends their user sessions at once (HTTP 401, socket session-ended)', async () => {
    const u = await userViaApi(ts, admin, ['admin'], { departmentId: deptId });
    const sock = await RoomListener.open(ts, u.client.cookie);
    const ended = new Promise<string>((resolve) =>
      sock.socket.once('session-ended', (m: { reason: string }) => resolve(m.reason)),
    );
    expect((await u.client.get('/api/auth/me')).status).to.equal(200);
    const s = (await admin.get('/api/staff?q=TS')).body.items.find((x: { id: number }) => x.id === u.staffId);
    expect(s.userId).to.equal(u.userId);
    expect(s.username).to.equal(u.username);
    const r = await admin.put(`/api/staff/${u.staffId}`, { ...editable(s), active: false });
    expect(r.status).to.equal(200);
    expect((await u.client.get('/api/auth/me')).status).to.equal(401);
    expect(await ended).to.be.a('string');
    sock.close();
    const again = new ApiClient(ts.url);
    expect((await again.signIn(u.username, u.password)).status).to.equal(403);
  });

  it('refuses to deactivate the staff record of the last account that can manage users', async () => {
    const me = (await admin.get('/api/auth/me')).body;
    const list = await admin.get('/api/staff?q=A0001');
    const self = list.body.items[0];
    expect(self.id).to.equal(me.staffId);
    const before = snapshot(ts);
    const r = await admin.put(`/api/staff/${self.id}`, { ...editable(self), active: false });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('last_admin');
    expect(snapshot(ts)).to.equal(before);
    expect((await admin.get('/api/auth/me')).status).to.equal(200);
  });

  it('needs admin.staff to list or write (403 names the permission); titles are for every signed-in user', async () => {
    const doctor = await userViaApi(ts, admin, ['doctor'], { departmentId: deptId });
    expect((await doctor.client.get('/api/staff/titles')).status).to.equal(200);
    const l = await doctor.client.get('/api/staff');
    expect(l.status).to.equal(403);
    expect(l.body.error.message).to.contain('admin.staff');
    const before = snapshot(ts);
    const w = await doctor.client.post('/api/staff', {
      code: 'Z1',
      name: '某',
      gender: 'M',
      departmentId: deptId,
      title: 'none',
    });
    expect(w.status).to.equal(403);
    expect(snapshot(ts)).to.equal(before);
  });
});
