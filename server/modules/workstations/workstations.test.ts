import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import {
  ApiClient,
  adminClient,
  type ApiResponse,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';

const editable = (w: Record<string, unknown>) => {
  const {
    code,
    name,
    departmentId,
    receiptPrinter,
    labelPrinter,
    invoicePrinter,
    cardReader,
    defaultPharmacyId,
    active,
    version,
  } = w;
  return {
    code,
    name,
    departmentId,
    receiptPrinter,
    labelPrinter,
    invoicePrinter,
    cardReader,
    defaultPharmacyId,
    active,
    version,
  };
};

describe('workstations API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  let clinicId: number;
  let pharmacyId: number;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
    clinicId = (await admin.post('/api/departments', { code: 'NK', name: '内科', kind: 'clinic' })).body.id;
    pharmacyId = (await admin.post('/api/departments', { code: 'MZYF', name: '门诊药房', kind: 'pharmacy' })).body.id;
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  let ws: Record<string, any>;
  // The suite's workstation, made once by whichever test needs it first (a test run alone with
  // --grep finds it too: no test depends on another having run).
  let wsMade: Promise<ApiResponse> | undefined;
  const makeWs = async () => {
    wsMade ??= admin.post('/api/workstations', {
      code: 'NK-1',
      name: '内科诊室1',
      departmentId: clinicId,
      receiptPrinter: 'tcp://192.168.1.50:9100',
      invoicePrinter: 'HP_LaserJet_Invoice',
      cardReader: 'Virtual PCD 00 00',
      defaultPharmacyId: pharmacyId,
    });
    const r = await wsMade;
    ws ??= r.body;
    return r;
  };

  let ghMade: Promise<ApiResponse> | undefined;
  const makeGh = () => (ghMade ??= admin.post('/api/workstations', { code: 'GH', name: '挂号窗口' }));

  it('creates a workstation with devices and defaults, audited, with workstation:changed', async () => {
    const r = await makeWs();
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({
      id: r.body.id,
      code: 'NK-1',
      name: '内科诊室1',
      departmentId: clinicId,
      departmentName: '内科',
      receiptPrinter: 'tcp://192.168.1.50:9100',
      labelPrinter: null,
      invoicePrinter: 'HP_LaserJet_Invoice',
      cardReader: 'Virtual PCD 00 00',
      defaultPharmacyId: pharmacyId,
      active: true,
      version: 1,
    });
    ws = r.body;
    await listener.waitFor('workstation:changed', { id: ws.id, action: 'created' });
    const [a] = auditRows(ts, 'workstation.create', ws.id);
    expect(a!.summary.changes!.receiptPrinter).to.deep.equal({ after: 'tcp://192.168.1.50:9100' });
    const bare = await makeGh();
    expect(bare.status).to.equal(201);
    expect(bare.body).to.include({ departmentId: null, departmentName: null, defaultPharmacyId: null });
  });

  it('lists for any signed-in user, filtered by active and searchable by pinyin', async () => {
    await makeWs();
    await makeGh();
    const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: clinicId });
    const r = await doc.client.get('/api/workstations?active=true');
    expect(r.status).to.equal(200);
    expect(r.body.items.map((w: { code: string }) => w.code)).to.deep.equal(['GH', 'NK-1']);
    expect((await admin.get('/api/workstations?q=nkzs')).body.items.map((w: { code: string }) => w.code)).to.deep.equal(
      ['NK-1'],
    );
    expect((await admin.get('/api/workstations?q=ghck')).body.items.map((w: { code: string }) => w.code)).to.deep.equal(
      ['GH'],
    );
    const denied = await doc.client.post('/api/workstations', { code: 'X', name: 'x' });
    expect(denied.status).to.equal(403);
    expect(denied.body.error.message).to.contain('admin.workstations');
  });

  it(
    'refuses bad input (a non-pharmacy default pharmacy, unknown departments, overlong names) ' + 'and writes nothing',
    async () => {
      await makeWs();
      const before = snapshot(ts);
      const cases: Array<[unknown, number, string]> = [
        [{ code: 'W2', name: '甲', defaultPharmacyId: clinicId }, 422, 'defaultPharmacyId'],
        [{ code: 'W2', name: '甲', defaultPharmacyId: 99999 }, 422, 'defaultPharmacyId'],
        [{ code: 'W2', name: '甲', departmentId: 99999 }, 422, 'departmentId'],
        [{ code: 'W2', name: '甲', departmentId: 'one' }, 422, 'departmentId'],
        [{ code: 'W2', name: '甲', receiptPrinter: 'p'.repeat(101) }, 422, 'receiptPrinter'],
        [{ code: 'W2', name: '甲', cardReader: 'r'.repeat(101) }, 422, 'cardReader'],
        [{ code: 'W2', name: '甲', labelPrinter: 42 }, 422, 'labelPrinter'],
        [{ code: 'W2', name: '甲', ip: '10.0.0.1' }, 422, 'ip'],
        [{ code: 'nk-1', name: '甲' }, 409, 'code'],
        [{ name: '甲' }, 422, 'code'],
      ];
      for (const [body, status, field] of cases) {
        const r = await admin.post('/api/workstations', body);
        expect(r.status, JSON.stringify(body)).to.equal(status);
        expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      }
      expect((await admin.put('/api/workstations/99999', editable(ws))).status).to.equal(404);
      const stale = await admin.put(`/api/workstations/${ws.id}`, { ...editable(ws), version: 9 });
      expect(stale.status).to.equal(409);
      expect(stale.body.error.field).to.equal('version');
      const partial = await admin.put(`/api/workstations/${ws.id}`, {
        code: 'NK-1',
        name: '内科诊室1',
        active: true,
        version: 1,
      });
      expect(partial.status).to.equal(422);
      expect(snapshot(ts)).to.equal(before);
    },
  );

  it('stores printer names that look like SQL or HTML verbatim', async () => {
    await makeWs();
    const weird = `<b>lp0</b>'; DELETE FROM workstations;--`;
    const r = await admin.put(`/api/workstations/${ws.id}`, { ...editable(ws), labelPrinter: weird });
    expect(r.status).to.equal(200);
    expect(r.body.labelPrinter).to.equal(weird);
    expect(r.body.version).to.equal(2);
    ws = r.body;
    const [a] = auditRows(ts, 'workstation.update', ws.id);
    expect(a!.summary.changes!.labelPrinter).to.deep.equal({ before: null, after: weird });
  });

  it('publishes changes to the workstation room too, and a deactivated workstation is no longer accepted', async () => {
    await makeWs();
    const doc = await userViaApi(ts, admin, ['doctor'], { departmentId: clinicId });
    doc.client.workstationId = ws.id;
    expect((await doc.client.get('/api/auth/me')).body.workstationId).to.equal(ws.id);
    const room = await RoomListener.open(ts, doc.client.cookie, [`workstation:${ws.id}`], ws.id);
    const r = await admin.put(`/api/workstations/${ws.id}`, { ...editable(ws), active: false });
    expect(r.status).to.equal(200);
    expect(r.body.active).to.equal(false);
    const ev = await room.waitFor('workstation:changed', { id: ws.id });
    expect(ev.payload).to.deep.equal({ id: ws.id, action: 'updated' });
    room.close();
    expect((await doc.client.get('/api/auth/me')).body.workstationId).to.equal(null);
    expect(
      (await admin.get('/api/workstations?active=false')).body.items.map((w: { id: number }) => w.id),
    ).to.deep.equal([ws.id]);
  });

  it('keeps a department that workstations dispense from a pharmacy', async () => {
    await makeWs();
    const d = (await admin.get('/api/departments?kind=pharmacy')).body.items[0];
    const before = snapshot(ts);
    const r = await admin.put(`/api/departments/${d.id}`, {
      code: d.code,
      name: d.name,
      kind: 'clinic',
      phone: null,
      location: null,
      active: true,
      version: d.version,
    });
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ code: 'department_in_use', field: 'kind' });
    expect(snapshot(ts)).to.equal(before);
  });

  it('is refused to anonymous callers', async () => {
    expect((await new ApiClient(ts.url).get('/api/workstations')).status).to.equal(401);
  });
});
