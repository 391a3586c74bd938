import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { creditCodeCheckChar } from './credit-code.js';

const VALID = '91350100M000100Y43';

describe('suppliers API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  // Business day 2026-11-26 in Asia/Shanghai.
  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  /** Every row an admin write could touch. */
  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['suppliers', 'audit_log', 'event_log'].map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()),
    );
  };

  it('computes the GB 32100-2015 check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).to.equal('3');
    expect(creditCodeCheckChar('91350100M000100YI')).to.equal(null);
  });

  let gyy: { id: number; version: number };

  // The suite's suppliers, made once by whichever test needs them first (a test run alone with
  // --grep finds them too: no test depends on another having run).
  let gyyMade: Promise<ApiResponse> | undefined;
  const makeGyy = async () => {
    gyyMade ??= admin.post('/api/suppliers', {
      code: 'GY01',
      name: '国药控股福州有限公司',
      shortName: '国药福州',
      contactPerson: '林敏',
      phone: '0591-88001234',
      address: '福州市鼓楼区',
      creditCode: VALID.toLowerCase(),
      drugLicenceNo: '闽AA5910001',
      drugLicenceExpiresOn: '2026-12-10',
    });
    const r = await gyyMade;
    gyy ??= r.body;
    return r;
  };
  let othersMade: Promise<ApiResponse> | undefined;
  const makeOthers = () =>
    (othersMade ??= (async () => {
      const typed = await admin.post('/api/suppliers', { code: 'JM02', name: '九州通医药', pinyinInitials: 'JZT YY' });
      await admin.post('/api/suppliers', { code: 'HR03', name: '华润医药商业' });
      return typed;
    })());

  it('creates a supplier with generated pinyin, audits it and publishes supplier:changed to admin', async () => {
    const r = await makeGyy();
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.deep.equal({
      id: r.body.id,
      code: 'GY01',
      name: '国药控股福州有限公司',
      shortName: '国药福州',
      contactPerson: '林敏',
      phone: '0591-88001234',
      address: '福州市鼓楼区',
      creditCode: VALID,
      drugLicenceNo: '闽AA5910001',
      drugLicenceExpiresOn: '2026-12-10',
      pinyinInitials: r.body.pinyinInitials,
      active: true,
      version: 1,
    });
    expect(r.body.pinyinInitials.split(' ')).to.include('gykgfzyxgs');
    gyy = r.body;
    const ev = await listener.waitFor('supplier:changed', { id: r.body.id });
    expect(ev.payload).to.deep.equal({ id: r.body.id, action: 'created' });
    const [a] = auditRows(ts, 'supplier.create', r.body.id);
    expect(a!.entity).to.equal('supplier');
    expect(a!.summary.changes!.creditCode).to.deep.equal({ after: VALID });
  });

  it(
    'finds suppliers by pinyin initials, full pinyin, code, name; typed initials are kept; ' + 'filters by active',
    async () => {
      await makeGyy();
      const typed = await makeOthers();
      expect(typed.status).to.equal(201);
      expect(typed.body.pinyinInitials).to.equal('jzt yy');
      const names = async (qs: string) =>
        ((await admin.get('/api/suppliers' + qs)).body.items as Array<{ name: string }>).map((s) => s.name);
      expect(await names('?q=gykg')).to.deep.equal(['国药控股福州有限公司']);
      expect(await names('?q=GYKG')).to.deep.equal(['国药控股福州有限公司']);
      expect(await names('?q=guoyao')).to.deep.equal(['国药控股福州有限公司']);
      expect(await names('?q=hryy')).to.deep.equal(['华润医药商业']);
      expect(await names('?q=yy')).to.deep.equal(['九州通医药']); // the typed second alternative
      expect(await names('?q=hr03')).to.deep.equal(['华润医药商业']);
      expect(await names('?q=%E5%8D%8E%E6%B6%A6')).to.deep.equal(['华润医药商业']); // 华润
      expect(await names('?q=zzzz')).to.deep.equal([]);
      expect(await names('?active=false')).to.deep.equal([]);
      expect((await names('?active=true')).length).to.equal(3);
    },
  );

  it(
    'updates with the version, regenerates pinyin for a new name, refuses a stale version ' + 'without writing',
    async () => {
      await makeGyy();
      await makeOthers();
      const body = {
        code: 'GY01',
        name: '国药控股',
        shortName: null,
        contactPerson: '林敏',
        phone: null,
        address: '',
        creditCode: VALID,
        drugLicenceNo: '闽AA5910001',
        drugLicenceExpiresOn: '2026-12-10',
        pinyinInitials: gyy && (await admin.get('/api/suppliers?q=GY01')).body.items[0].pinyinInitials,
        active: true,
        version: 1,
      };
      const r = await admin.put(`/api/suppliers/${gyy.id}`, body);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({
        name: '国药控股',
        version: 2,
        shortName: null,
        address: null,
        pinyinInitials: 'gykg',
      });
      const [a] = auditRows(ts, 'supplier.update', gyy.id);
      expect(a!.summary.changes!.name).to.deep.equal({ before: '国药控股福州有限公司', after: '国药控股' });
      await listener.waitFor('supplier:changed', { id: gyy.id, action: 'updated' });

      const before = snapshot();
      const stale = await admin.put(`/api/suppliers/${gyy.id}`, { ...body, name: '别的名字', version: 1 });
      expect(stale.status).to.equal(409);
      expect(stale.body.error).to.include({ code: 'stale_version', field: 'version' });
      expect(snapshot()).to.equal(before);
    },
  );

  it('refuses bad input with a clear 4xx naming the field, and writes nothing', async () => {
    await makeGyy();
    await makeOthers();
    const before = snapshot();
    const ok = { code: 'X1', name: '甲公司' };
    const cases: Array<[unknown, number, string, RegExp?]> = [
      [{ ...ok, creditCode: '91350100M000100Y44' }, 422, 'creditCode', /18th character should be "3", not "4"/],
      [{ ...ok, creditCode: '91350100M000100Y4' }, 422, 'creditCode', /18 characters/],
      [{ ...ok, creditCode: '91350100M000100I43' }, 422, 'creditCode', /character 16 "I"/],
      [{ ...ok, creditCode: VALID + '0' }, 422, 'creditCode'],
      [{ ...ok, drugLicenceExpiresOn: '2026/12/01' }, 422, 'drugLicenceExpiresOn', /YYYY-MM-DD/],
      [{ ...ok, drugLicenceExpiresOn: '2026-02-30' }, 422, 'drugLicenceExpiresOn'],
      [{ ...ok, drugLicenceExpiresOn: 20261201 }, 422, 'drugLicenceExpiresOn'],
      [{ ...ok, pinyinInitials: 'ab-c' }, 422, 'pinyinInitials'],
      [{ ...ok, extra: 1 }, 422, 'extra'],
      [{ code: 'X1' }, 422, 'name'],
      [{ ...ok, name: '甲'.repeat(101) }, 422, 'name'],
      [{ ...ok, code: 'X'.repeat(21) }, 422, 'code'],
      [{ ...ok, shortName: 'x'.repeat(31) }, 422, 'shortName'],
      [{ ...ok, address: 'x'.repeat(201) }, 422, 'address'],
      [{ ...ok, drugLicenceNo: 'x'.repeat(51) }, 422, 'drugLicenceNo'],
      [{ ...ok, contactPerson: 'a\u0000b' }, 422, 'contactPerson'],
      [{ ...ok, code: 'gy01' }, 409, 'code', /GY01|gy01/],
      [{ ...ok, name: '华润医药商业' }, 409, 'name'],
      [{ ...ok, creditCode: VALID }, 409, 'creditCode'],
      [[1, 2], 422, 'body'],
    ];
    for (const [body, status, field, msg] of cases) {
      const r = await admin.post('/api/suppliers', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      expect(r.body.error.message).to.be.a('string').and.not.equal('');
      if (msg) expect(r.body.error.message, JSON.stringify(body)).to.match(msg);
    }
    const put = (id: number | string, b: unknown) => admin.put(`/api/suppliers/${id}`, b);
    const full = {
      code: 'X1',
      name: '甲',
      shortName: null,
      contactPerson: null,
      phone: null,
      address: null,
      creditCode: null,
      drugLicenceNo: null,
      drugLicenceExpiresOn: null,
      pinyinInitials: null,
      active: true,
      version: 1,
    };
    expect((await put(99999, full)).status).to.equal(404);
    expect((await put('abc', full)).status).to.equal(400);
    const { active: _a, ...noActive } = full;
    const missing = await put(gyy.id, noActive);
    expect(missing.status).to.equal(422);
    expect(missing.body.error.field).to.equal('active');
    // Not the row's version, whichever tests ran before (it is 2 after the update test, else 1).
    const stale = await admin.post(`/api/suppliers/${gyy.id}/deactivate`, { version: 99 });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('stale_version');
    expect((await admin.get('/api/suppliers?active=yes')).body.error.field).to.equal('active');
    expect((await admin.get('/api/suppliers/expiring?days=-1')).body.error.field).to.equal('days');
    expect((await admin.get('/api/suppliers?bogus=1')).status).to.equal(422);
    expect(snapshot()).to.equal(before);
  });

  it(
    'lists licences expiring within N days (default 30) or expired, soonest first; inactive ones ' + 'are left out',
    async () => {
      await makeGyy();
      await admin.post('/api/suppliers', { code: 'E1', name: '过期公司', drugLicenceExpiresOn: '2026-11-20' });
      await admin.post('/api/suppliers', { code: 'E2', name: '远期公司', drugLicenceExpiresOn: '2027-02-01' });
      const today = await admin.post('/api/suppliers', {
        code: 'E3',
        name: '今天到期公司',
        drugLicenceExpiresOn: '2026-11-26',
      });
      const r = await admin.get('/api/suppliers/expiring');
      expect(r.status).to.equal(200);
      expect(r.body.today).to.equal('2026-11-26');
      expect(r.body.days).to.equal(30);
      expect(
        r.body.items.map((s: { code: string; daysLeft: number; expired: boolean }) => [s.code, s.daysLeft, s.expired]),
      ).to.deep.equal([
        ['E1', -6, true],
        ['E3', 0, false],
        ['GY01', 14, false],
      ]);
      const wide = await admin.get('/api/suppliers/expiring?days=90');
      expect(wide.body.items.map((s: { code: string }) => s.code)).to.deep.equal(['E1', 'E3', 'GY01', 'E2']);

      const d = await admin.post(`/api/suppliers/${today.body.id}/deactivate`, { version: 1 });
      expect(d.status).to.equal(200);
      expect(d.body).to.include({ active: false, version: 2 });
      expect(auditRows(ts, 'supplier.deactivate', today.body.id)).to.have.length(1);
      await listener.waitFor('supplier:changed', { id: today.body.id, action: 'updated' });
      expect(
        (await admin.get('/api/suppliers/expiring')).body.items.map((s: { code: string }) => s.code),
      ).to.deep.equal(['E1', 'GY01']);
      const again = await admin.post(`/api/suppliers/${today.body.id}/deactivate`, { version: 2 });
      expect(again.status).to.equal(409);
      expect(again.body.error.field).to.equal('active');
    },
  );

  it('requires dictionaries.manage', async () => {
    const { client: clerk } = await userViaApi(ts, admin, ['doctor']);
    const raw = ts.server.open.raw;
    const before = JSON.stringify(raw.prepare('SELECT * FROM suppliers ORDER BY id').all());
    const r = await clerk.post('/api/suppliers', { code: 'Z9', name: '乙公司' });
    expect(r.status).to.equal(403);
    expect((await clerk.get('/api/suppliers')).status).to.equal(403);
    expect(JSON.stringify(raw.prepare('SELECT * FROM suppliers ORDER BY id').all())).to.equal(before);
  });
});
