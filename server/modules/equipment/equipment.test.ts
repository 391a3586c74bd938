import { expect } from 'chai';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, ManualClock, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

// 10:00 on 2026-11-26 in Asia/Shanghai.
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);
const TODAY = '2026-11-26';

function eqSnapshot(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify(
    ['equipment', 'equipment_log', 'audit_log', 'event_log'].map((tb) =>
      raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
    ),
  );
}

describe('equipment API', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  let deptId: number;
  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(NOW) });
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
    const d = await admin.post('/api/departments', { code: 'FSK', name: '放射科', kind: 'lab' });
    expect(d.status).to.equal(201);
    deptId = d.body.id;
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  const card = (over: Record<string, unknown> = {}) => ({
    assetCode: 'EQ-001',
    name: '心电图机',
    model: 'ECG-1200',
    serialNo: 'SN123',
    manufacturer: '某医疗器械公司',
    category: '诊断设备',
    locationId: deptId,
    purchaseDate: '2025-03-01',
    purchasePriceFen: 1_250_000,
    supplierName: '某供应商',
    warrantyUntil: '2027-03-01',
    maintenanceIntervalDays: 90,
    calibrationIntervalDays: 365,
    nextCalibrationDue: '2026-12-10',
    ...over,
  });

  let ecg: { id: number; version: number };

  it(
    'registers an item, defaults the next maintenance from the interval, audits it and publishes ' +
      'equipment:changed',
    async () => {
      const r = await admin.post('/api/equipment', card());
      expect(r.status).to.equal(201);
      expect(r.body).to.include({
        assetCode: 'EQ-001',
        name: '心电图机',
        status: 'in_use',
        locationName: '放射科',
        purchasePriceFen: 1_250_000,
        nextMaintenanceDue: '2027-02-24',
        nextCalibrationDue: '2026-12-10',
        pinyinInitials: 'xdtj',
        version: 1,
      });
      ecg = r.body;
      const ev = await listener.waitFor('equipment:changed', { id: r.body.id });
      expect(ev.payload).to.deep.equal({ id: r.body.id, action: 'created' });
      const [a] = auditRows(ts, 'equipment.create', r.body.id);
      expect(a!.summary.changes!.assetCode).to.deep.equal({ after: 'EQ-001' });
    },
  );

  it('searches by code, name and pinyin initials; filters by status and location', async () => {
    await admin.post(
      '/api/equipment',
      card({
        assetCode: 'EQ-002',
        name: 'B超机',
        serialNo: null,
        nextCalibrationDue: null,
        calibrationIntervalDays: null,
      }),
    );
    const codes = async (qs: string) =>
      ((await admin.get('/api/equipment' + qs)).body.items as Array<{ assetCode: string }>).map((e) => e.assetCode);
    expect(await codes('?q=xdt')).to.deep.equal(['EQ-001']);
    expect(await codes('?q=eq-002')).to.deep.equal(['EQ-002']);
    expect(await codes('?q=%E5%BF%83%E7%94%B5')).to.deep.equal(['EQ-001']); // 心电
    expect(await codes('?status=in_use')).to.deep.equal(['EQ-001', 'EQ-002']);
    expect(await codes('?status=scrapped')).to.deep.equal([]);
    expect(await codes(`?locationId=${deptId}`)).to.deep.equal(['EQ-001', 'EQ-002']);
    expect(await codes('?locationId=99999')).to.deep.equal([]);
    expect((await admin.get('/api/equipment?status=broken')).status).to.equal(422);
  });

  it('refuses bad input with a clear 4xx naming the field, and writes nothing', async () => {
    const before = eqSnapshot(ts);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [card({ assetCode: 'EQ-9', purchasePriceFen: 10.5 }), 422, 'purchasePriceFen'],
      [card({ assetCode: 'EQ-9', purchasePriceFen: -1 }), 422, 'purchasePriceFen'],
      [card({ assetCode: 'EQ-9', purchasePriceFen: '100' }), 422, 'purchasePriceFen'],
      [card({ assetCode: 'EQ-9', purchaseDate: '2025/03/01' }), 422, 'purchaseDate'],
      [card({ assetCode: 'EQ-9', purchaseDate: '2025-02-30' }), 422, 'purchaseDate'],
      [card({ assetCode: 'EQ-9', purchaseDate: '2026-11-27' }), 422, 'purchaseDate'],
      [card({ assetCode: 'EQ-9', warrantyUntil: 'soon' }), 422, 'warrantyUntil'],
      [card({ assetCode: 'EQ-9', locationId: 99999 }), 422, 'locationId'],
      [card({ assetCode: 'eq-001' }), 409, 'assetCode'],
      [card({ assetCode: 'EQ-9', maintenanceIntervalDays: 0 }), 422, 'maintenanceIntervalDays'],
      [card({ assetCode: 'EQ-9', status: 'scrapped' }), 422, 'status'],
      [card({ assetCode: 'EQ-9', extra: 1 }), 422, 'extra'],
      [card({ assetCode: 'EQ-9', name: ' ' }), 422, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const r = await admin.post('/api/equipment', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
      expect(r.body.error.message).to.be.a('string').and.not.equal('');
    }
    const full = { ...card(), nextMaintenanceDue: '2027-02-24', status: 'in_use', version: 1 };
    const stale = await admin.put(`/api/equipment/${ecg.id}`, { ...full, name: '别的', version: 9 });
    expect(stale.status).to.equal(409);
    expect(stale.body.error).to.include({ code: 'stale_version', field: 'version' });
    expect((await admin.put(`/api/equipment/${ecg.id}`, { ...full, locationId: 99999 })).status).to.equal(422);
    expect((await admin.put('/api/equipment/99999', full)).status).to.equal(404);
    const badLog = [
      [{ kind: 'maintenance', day: '2026-11-27', performedBy: '张工', version: 1 }, 'day'],
      [{ kind: 'maintenance', day: '26/11/2026', performedBy: '张工', version: 1 }, 'day'],
      [{ kind: 'maintenance', day: TODAY, performedBy: '张工', costFen: 0.1, version: 1 }, 'costFen'],
      [{ kind: 'cleaning', day: TODAY, performedBy: '张工', version: 1 }, 'kind'],
      [{ kind: 'maintenance', day: TODAY, version: 1 }, 'performedBy'],
    ] as const;
    for (const [body, field] of badLog) {
      const r = await admin.post(`/api/equipment/${ecg.id}/log`, body);
      expect(r.status, JSON.stringify(body)).to.equal(422);
      expect(r.body.error.field).to.equal(field);
    }
    const staleLog = await admin.post(`/api/equipment/${ecg.id}/log`, {
      kind: 'maintenance',
      day: TODAY,
      performedBy: '张工',
      version: 7,
    });
    expect(staleLog.status).to.equal(409);
    expect(eqSnapshot(ts)).to.equal(before);
  });

  it(
    'a maintenance entry moves the next maintenance date by the interval; calibration likewise; ' +
      'repair moves nothing',
    async () => {
      const m = await admin.post(`/api/equipment/${ecg.id}/log`, {
        kind: 'maintenance',
        day: '2026-11-20',
        performedBy: '张工',
        note: '清洁、检查导联线',
        costFen: 5000,
        result: '合格',
        version: 1,
      });
      expect(m.status).to.equal(201);
      expect(m.body.equipment).to.include({
        nextMaintenanceDue: '2027-02-18',
        nextCalibrationDue: '2026-12-10',
        version: 2,
      });
      expect(m.body.entry).to.include({ kind: 'maintenance', day: '2026-11-20', costFen: 5000, performedBy: '张工' });
      await listener.waitFor('equipment:changed', { id: ecg.id, action: 'logged' });
      expect(auditRows(ts, 'equipment.log.maintenance', ecg.id)).to.have.length(1);
      const c = await admin.post(`/api/equipment/${ecg.id}/log`, {
        kind: 'calibration',
        day: TODAY,
        performedBy: '计量所',
        version: 2,
      });
      expect(c.body.equipment).to.include({
        nextCalibrationDue: '2027-11-26',
        nextMaintenanceDue: '2027-02-18',
        version: 3,
      });
      const r = await admin.post(`/api/equipment/${ecg.id}/log`, {
        kind: 'repair',
        day: TODAY,
        performedBy: '厂家',
        costFen: 30000,
        version: 3,
      });
      expect(r.body.equipment).to.include({
        nextCalibrationDue: '2027-11-26',
        nextMaintenanceDue: '2027-02-18',
        version: 4,
      });
      const log = await admin.get(`/api/equipment/${ecg.id}/log`);
      expect(log.body.items.map((e: { kind: string }) => e.kind)).to.deep.equal([
        'repair',
        'calibration',
        'maintenance',
      ]);
      ecg.version = 4;
    },
  );

  it('the service log is append-only in the database', () => {
    const raw = ts.server.open.raw;
    expect(() => raw.prepare('UPDATE equipment_log SET cost_fen = 0').run()).to.throw(/append-only/);
    expect(() => raw.prepare('DELETE FROM equipment_log').run()).to.throw(/append-only/);
    expect((raw.prepare('SELECT count(*) AS n FROM equipment_log').get() as { n: number }).n).to.equal(3);
  });

  it('lists items due within N days (default 30) or overdue, never scrapped ones', async () => {
    const b = (await admin.get('/api/equipment?q=EQ-002')).body.items[0];
    // EQ-002: maintenance due 2027-02-24 (90 days); set it overdue.
    const u = await admin.put(`/api/equipment/${b.id}`, {
      ...pickCard(b),
      nextMaintenanceDue: '2026-11-01',
      version: b.version,
    });
    expect(u.status).to.equal(200);
    const d30 = await admin.get('/api/equipment/due');
    expect(d30.body).to.include({ today: TODAY, until: '2026-12-26' });
    expect(d30.body.items.map((e: { assetCode: string }) => e.assetCode)).to.deep.equal(['EQ-002']);
    const d365 = await admin.get('/api/equipment/due?days=365');
    expect(d365.body.items.map((e: { assetCode: string }) => e.assetCode)).to.deep.equal(['EQ-001', 'EQ-002']);
    expect((await admin.get('/api/equipment/due?days=-1')).status).to.equal(422);
  });

  it('scrapping is logged and final: no new entries, no un-scrapping', async () => {
    const b = (await admin.get('/api/equipment?q=EQ-002')).body.items[0];
    const s = await admin.put(`/api/equipment/${b.id}`, { ...pickCard(b), status: 'scrapped', version: b.version });
    expect(s.status).to.equal(200);
    expect(s.body.status).to.equal('scrapped');
    const log = (await admin.get(`/api/equipment/${b.id}/log`)).body.items;
    expect(log[0]).to.include({ kind: 'status_change', statusBefore: 'in_use', statusAfter: 'scrapped' });
    const before = eqSnapshot(ts);
    const m = await admin.post(`/api/equipment/${b.id}/log`, {
      kind: 'maintenance',
      day: TODAY,
      performedBy: '张工',
      version: s.body.version,
    });
    expect(m.status).to.equal(409);
    expect(m.body.error.code).to.equal('equipment_scrapped');
    const back = await admin.put(`/api/equipment/${b.id}`, {
      ...pickCard(s.body),
      status: 'in_use',
      version: s.body.version,
    });
    expect(back.status).to.equal(409);
    expect(back.body.error).to.include({ code: 'equipment_scrapped', field: 'status' });
    expect(eqSnapshot(ts)).to.equal(before);
    expect(
      (await admin.get('/api/equipment/due?days=3650')).body.items.map((e: { assetCode: string }) => e.assetCode),
    ).to.deep.equal(['EQ-001']);
  });

  it('needs equipment.manage (403 names it), and sign-in', async () => {
    const doctor = await userViaApi(ts, admin, ['doctor']);
    const before = eqSnapshot(ts);
    const r = await doctor.client.post('/api/equipment', card({ assetCode: 'NO-1' }));
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('equipment.manage');
    expect((await doctor.client.get('/api/equipment')).status).to.equal(403);
    expect((await new ApiClient(ts.url).get('/api/equipment')).status).to.equal(401);
    expect(eqSnapshot(ts)).to.equal(before);
  });
});

function pickCard(e: Record<string, unknown>) {
  const keys = [
    'assetCode',
    'name',
    'model',
    'serialNo',
    'manufacturer',
    'category',
    'locationId',
    'purchaseDate',
    'purchasePriceFen',
    'supplierName',
    'warrantyUntil',
    'status',
    'maintenanceIntervalDays',
    'calibrationIntervalDays',
    'nextMaintenanceDue',
    'nextCalibrationDue',
  ];
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}
