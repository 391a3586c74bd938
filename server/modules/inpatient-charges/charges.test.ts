// The stay's charge ledger over real HTTP and SQLite, one server for the file: 补记账 (arrears limit,
// emergency items, bad input, permissions, double submit), 冲账 (once, two nurses at once), the nightly
// bed fees (算入不算出, 包床, twice → once, the job's missed night), the fee list, and a random replay
// of deposits, charges, reversals and nightly runs checking caches = Σ rows to the fen.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { calendarFor } from '../../../core/calendar.js';
import { ManualClock } from '../../lib/clock.js';
import { auditRows, RoomListener } from '../../../test/helpers/admin.js';
import { factories, type Factories, type UserMade } from '../../../test/helpers/factories.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { createInpatientChargesService } from './service.js';

const cal = calendarFor('Asia/Shanghai');
const DAY1 = '2026-12-09';
const key = () => ({ 'Idempotency-Key': randomUUID() });

describe('inpatient-charges: the stay charge ledger (HTTP)', function () {
  this.timeout(120_000);
  const clock = new ManualClock(cal.wallTimeToMs(DAY1, 9, 0, 0));
  let ts: TestServer;
  let f: Factories;
  let nurse: UserMade;
  let nurse2: UserMade;
  let cashier: UserMade;
  let doctor: UserMade;
  let ward: { id: number };
  let bedItem: { id: number };
  let heating: { id: number };
  let dressing: { id: number };
  let rescue: { id: number };
  let drug: { id: number };
  let roomId: number;
  const freeBeds: Array<{ id: number; version: number }> = [];
  let made = 0;

  /** Moves the clock and signs everyone in again (a session ends after its idle or maximum time). */
  async function setClock(at: number): Promise<void> {
    clock.set(at);
    for (const u of [nurse, nurse2, cashier]) await ok('sign in', u.client.signIn(u.username, u.password));
    await ok('admin sign in', f.admin.signIn(ts.admin.username, ts.admin.password));
  }

  async function ok<T = any>(what: string, p: Promise<{ status: number; body: any }>, want = [200, 201]): Promise<T> {
    const r = await p;
    if (!want.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  }

  async function addBeds(n: number): Promise<void> {
    const u = `${Date.now() % 100000}${freeBeds.length}`;
    const before = await ok('setup', f.admin.get(`/api/ward-setup/${ward.id}`));
    const had = new Set<number>(before.beds.map((b: any) => b.id));
    await ok(
      'beds',
      f.admin.post(`/api/ward-setup/${ward.id}/beds`, {
        roomId,
        prefix: `B${u}-`,
        from: 1,
        to: n,
        type: 'normal',
        items: [
          { catalogItemId: bedItem.id, quantity: 1 },
          { catalogItemId: heating.id, quantity: 1 },
        ],
      }),
    );
    const after = await ok('setup', f.admin.get(`/api/ward-setup/${ward.id}`));
    for (const b of after.beds) if (!had.has(b.id)) freeBeds.push({ id: b.id, version: b.version });
  }

  /** A patient admitted (with a deposit) and, unless `bed: false`, placed in a free bed. */
  async function stay(opts: { depositFen?: number; bed?: boolean; admittedAt?: number } = {}) {
    const u = `${Date.now() % 100000}${++made}`;
    const p = await ok(
      'patient',
      cashier.client.post('/api/patients', { name: `住院${u}`, sex: 'M', birthDate: '1960-05-06' }),
    );
    const body: Record<string, unknown> = {
      patientId: p.id,
      wardId: ward.id,
      admissionWay: 'outpatient',
      admissionCondition: 'general',
      admissionDiagCode: 'J18.9',
      patientType: 'self',
      attendingDoctorId: doctor.staffId,
    };
    if (opts.admittedAt) body.admittedAt = opts.admittedAt;
    if (opts.depositFen) body.deposit = { amountFen: opts.depositFen, method: 'cash' };
    const s = await ok('admit', cashier.client.post('/api/stays', body, key()));
    const id: number = s.summary.id;
    let bedId: number | null = null;
    if (opts.bed !== false) {
      if (!freeBeds.length) await addBeds(5);
      const b = freeBeds.shift()!;
      await ok('place', nurse.client.post(`/api/beds/${b.id}/place`, { stayId: id, version: b.version }, key()));
      bedId = b.id;
    }
    return { id, bedId, patientId: p.id };
  }

  const charge = (u: UserMade, stayId: number, body: unknown) =>
    u.client.post(`/api/stays/${stayId}/charges`, body, key());
  const reverse = (u: UserMade, stayId: number, chargeId: number, reason = '录入错误') =>
    u.client.post(`/api/stays/${stayId}/charges/${chargeId}/reverse`, { reason }, key());
  const raw = () => ts.server.open.raw;
  const cache = (stayId: number) =>
    raw().prepare('SELECT deposits_fen, charges_fen FROM inpatient_stays WHERE id = ?').get(stayId) as {
      deposits_fen: number;
      charges_fen: number;
    };
  const sums = (stayId: number) => ({
    deposits_fen: (
      raw().prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM stay_deposits WHERE stay_id = ?').get(stayId) as {
        s: number;
      }
    ).s,
    charges_fen: (
      raw()
        .prepare(
          'SELECT coalesce(sum(amount_fen), 0) AS s FROM stay_charges WHERE stay_id = ? AND settlement_id IS NULL',
        )
        .get(stayId) as { s: number }
    ).s,
  });
  const count = (sql: string, ...args: unknown[]) =>
    (
      raw()
        .prepare(sql)
        .get(...args) as { n: number }
    ).n;

  before(async () => {
    ts = await startTestServer({ clock });
    f = await factories(ts);
    ward = await f.department({ kind: 'ward' });
    nurse = await f.user(['nurse'], { departmentId: ward.id });
    nurse2 = await f.user(['nurse'], { departmentId: ward.id });
    cashier = await f.user(['registrar']);
    doctor = await f.user(['doctor'], { departmentId: ward.id });
    await f.diagnosis('J18.9', '肺炎');
    bedItem = await f.service({ name: '床位费', priceFen: 2000, chargeCategory: '01', unit: '日', packUnit: '日' });
    heating = await f.service({ name: '取暖费', priceFen: 500, chargeCategory: '14', unit: '日', packUnit: '日' });
    dressing = await f.service({ name: '换药', priceFen: 1500, chargeCategory: '05' });
    rescue = await f.service({ name: '抢救费', priceFen: 50_000, chargeCategory: '05' });
    drug = await f.drug({ priceFen: 1000, packSize: 10 });
    const room = await ok('room', f.admin.post(`/api/ward-setup/${ward.id}/rooms`, { code: '301', name: '301 室' }));
    roomId = room.id ?? room.room?.id;
    await addBeds(6);
    await ok('emergency items', f.admin.put('/api/inpatient-charges/emergency-items', { itemIds: [rescue.id] }));
  });
  after(() => ts?.stop());

  describe('补记账 (manual charge)', () => {
    it('posts a row priced from the catalog, keeps the cache, audits, pushes to the ward and the cashier', async () => {
      const s = await stay({ depositFen: 100_000 });
      const listener = await RoomListener.open(ts, cashier.client.cookie, ['cashier']);
      try {
        const r = await charge(nurse, s.id, { itemId: dressing.id, quantity: 2, reason: '伤口换药' });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.rows[0]).to.include({
          quantity: 2,
          unitPriceFen: 1500,
          amountFen: 3000,
          source: 'manual',
          chargeDay: DAY1,
          reason: '伤口换药',
        });
        expect(r.body.balance.chargesFen).to.equal(3000);
        expect(r.body.balance.balanceFen).to.equal(97_000);
        const e = await listener.waitFor('stay-charge:posted', { stayId: s.id });
        expect((e.payload as any).rows[0].id).to.equal(r.body.rows[0].id);
        await listener.waitFor('stay:changed', { action: 'charged' });
      } finally {
        listener.socket.close();
      }
      expect(cache(s.id)).to.deep.equal(sums(s.id));
      expect(auditRows(ts, 'stay_charge.manual')[0]!.user_id).to.equal(nurse.userId);
    });

    it('refuses bad input naming the field, writing nothing', async () => {
      const s = await stay({ depositFen: 100_000, bed: false });
      const before = count('SELECT count(*) AS n FROM stay_charges');
      const cases: Array<[unknown, number, string]> = [
        [{ itemId: dressing.id, quantity: 0, reason: 'x' }, 422, 'quantity'],
        [{ itemId: dressing.id, quantity: 1.5, reason: 'x' }, 422, 'quantity'],
        [{ itemId: dressing.id, quantity: 1, reason: '  ' }, 422, 'reason'],
        [{ itemId: dressing.id, quantity: 1 }, 422, 'reason'],
        [{ itemId: dressing.id, quantity: 1, reason: 'x', day: '2026-02-30' }, 422, 'day'],
        [{ itemId: dressing.id, quantity: 1, reason: 'x', day: '2026-12-10' }, 422, 'day'],
        [{ itemId: dressing.id, quantity: 1, reason: 'x', day: '2026-12-01' }, 422, 'day'],
        [{ itemId: 999_999, quantity: 1, reason: 'x' }, 404, 'itemId'],
        [{ itemId: drug.id, quantity: 1, reason: 'x' }, 422, 'itemId'],
        [{ itemId: dressing.id, quantity: 1, reason: 'x', extra: 1 }, 422, 'extra'],
      ];
      for (const [body, status, field] of cases) {
        const r = await charge(nurse, s.id, body);
        expect(r.status, JSON.stringify(body)).to.equal(status);
        expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
      }
      const unknown = await charge(nurse, 999_999, { itemId: dressing.id, quantity: 1, reason: 'x' });
      expect(unknown.status).to.equal(404);
      expect(count('SELECT count(*) AS n FROM stay_charges')).to.equal(before);
    });

    it('needs inpatient.nurse to write (403); the cashier reads the charges', async () => {
      const s = await stay({ depositFen: 10_000, bed: false });
      const r = await charge(cashier, s.id, { itemId: dressing.id, quantity: 1, reason: 'x' });
      expect(r.status).to.equal(403);
      expect((await cashier.client.get(`/api/stays/${s.id}/charges`)).status).to.equal(200);
      const pharmacist = await f.user(['pharmacist']);
      expect((await pharmacist.client.get(`/api/stays/${s.id}/charges`)).status).to.equal(403);
      expect((await pharmacist.client.post(`/api/wards/${ward.id}/nightly-charges`, {})).status).to.equal(403);
    });

    it('refuses over the arrears limit (您已欠费) but for an emergency item', async () => {
      const s = await stay({ depositFen: 10_000, bed: false });
      // Balance 100.00; the default limit −1000.00: 100 − 1200 = −1100 < −1000.
      const r = await charge(nurse, s.id, { itemId: dressing.id, quantity: 80, reason: '多次换药' });
      expect(r.status).to.equal(422);
      expect(r.body.error.code).to.equal('arrears_limit');
      expect(count('SELECT count(*) AS n FROM stay_charges WHERE stay_id = ?', s.id)).to.equal(0);
      expect(cache(s.id).charges_fen).to.equal(0);
      const e = await charge(nurse, s.id, { itemId: rescue.id, quantity: 3, reason: '抢救' });
      expect(e.status, JSON.stringify(e.body)).to.equal(200);
      expect(e.body.rows[0]).to.include({ emergency: true, amountFen: 150_000 });
      expect(e.body.balance).to.include({ balanceFen: -140_000, arrears: true });
    });

    it('a double submit with the same key posts once', async () => {
      const s = await stay({ depositFen: 100_000, bed: false });
      const k = key();
      const body = { itemId: dressing.id, quantity: 1, reason: '换药' };
      const [a, b] = await Promise.all([
        nurse.client.post(`/api/stays/${s.id}/charges`, body, k),
        nurse.client.post(`/api/stays/${s.id}/charges`, body, k),
      ]);
      expect(a.status).to.equal(200);
      expect(b.status).to.equal(200);
      expect(b.body.rows[0].id).to.equal(a.body.rows[0].id);
      expect(count('SELECT count(*) AS n FROM stay_charges WHERE stay_id = ?', s.id)).to.equal(1);
    });
  });

  describe('冲账 (reversal)', () => {
    it('adds a negative row once; two nurses at once give one reversal; a reversal row is not reversed', async () => {
      const s = await stay({ depositFen: 100_000, bed: false });
      const c = await ok('charge', charge(nurse, s.id, { itemId: dressing.id, quantity: 2, reason: '换药' }));
      const id = c.rows[0].id;
      const [a, b] = await Promise.all([reverse(nurse, s.id, id), reverse(nurse2, s.id, id)]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).to.deep.equal([200, 409]);
      const good = a.status === 200 ? a : b;
      const bad = a.status === 200 ? b : a;
      expect(bad.body.error.code).to.equal('already_reversed');
      expect(good.body.rows[0]).to.include({ quantity: -2, amountFen: -3000, reversesId: id, reason: '录入错误' });
      expect(good.body.balance.chargesFen).to.equal(0);
      const again = await reverse(nurse, s.id, good.body.rows[0].id);
      expect(again.status).to.equal(409);
      expect(count('SELECT count(*) AS n FROM stay_charges WHERE stay_id = ?', s.id)).to.equal(2);
      expect(cache(s.id)).to.deep.equal(sums(s.id));
      const list = await ok('charges', nurse.client.get(`/api/stays/${s.id}/charges`));
      expect(list.rows.find((r: any) => r.id === id).reversedById).to.equal(good.body.rows[0].id);
      expect(list.feeList.totalFen).to.equal(0);
      expect(list.feeList.days[0].items).to.deep.equal([]);
      expect(auditRows(ts, 'stay_charge.reverse', id)).to.have.length(1);
    });

    it('refuses a missing reason, an unknown row and a row of another stay', async () => {
      const s = await stay({ depositFen: 100_000, bed: false });
      const o = await stay({ depositFen: 100_000, bed: false });
      const c = await ok('charge', charge(nurse, s.id, { itemId: dressing.id, quantity: 1, reason: '换药' }));
      const r1 = await nurse.client.post(`/api/stays/${s.id}/charges/${c.rows[0].id}/reverse`, {}, key());
      expect([r1.status, r1.body.error.field]).to.deep.equal([422, 'reason']);
      expect((await reverse(nurse, s.id, 999_999)).status).to.equal(404);
      const r3 = await reverse(nurse, o.id, c.rows[0].id);
      expect([r3.status, r3.body.error.field]).to.deep.equal([404, 'chargeId']);
      expect(count('SELECT count(*) AS n FROM stay_charges WHERE reverses_id = ?', c.rows[0].id)).to.equal(0);
    });
  });

  describe('the nightly bed fees', () => {
    it('charges each held bed its items for today once (run twice → no double), 包床 too', async () => {
      const s = await stay({ depositFen: 100_000 });
      const extra = freeBeds.shift()!;
      await ok(
        'reserve',
        nurse.client.post(`/api/stays/${s.id}/reserve`, { bedId: extra.id, version: extra.version }, key()),
      );
      const r1 = await ok('run', nurse.client.post(`/api/wards/${ward.id}/nightly-charges`, {}, key()));
      expect(r1.day).to.equal(DAY1);
      const rows = () =>
        raw()
          .prepare("SELECT bed_id, catalog_item_id, amount_fen FROM stay_charges WHERE stay_id = ? AND source = 'bed'")
          .all(s.id) as Array<{ bed_id: number; catalog_item_id: number; amount_fen: number }>;
      expect(
        rows()
          .map((r) => [r.bed_id, r.catalog_item_id, r.amount_fen])
          .sort(),
      ).to.deep.equal(
        [
          [s.bedId, bedItem.id, 2000],
          [s.bedId, heating.id, 500],
          [extra.id, bedItem.id, 2000],
          [extra.id, heating.id, 500],
        ].sort(),
      );
      const r2 = await ok(
        'run again',
        nurse.client.post(`/api/wards/${ward.id}/nightly-charges`, { day: DAY1 }, key()),
      );
      expect(r2.rows).to.equal(0);
      expect(rows()).to.have.length(4);
      expect(cache(s.id)).to.deep.equal(sums(s.id));
      const fl = await ok('fee list', cashier.client.get(`/api/stays/${s.id}/fee-list`));
      expect(fl.feeList.categories).to.deep.include({ category: '01', amountFen: 4000 });
      expect(fl.balance.chargesFen).to.equal(5000);
    });

    it('refuses a future day, an unknown ward, and a day too far back', async () => {
      const a = await nurse.client.post(`/api/wards/${ward.id}/nightly-charges`, { day: '2026-12-10' }, key());
      expect([a.status, a.body.error.field]).to.deep.equal([422, 'day']);
      const b = await nurse.client.post(`/api/wards/${ward.id}/nightly-charges`, { day: '2026-10-01' }, key());
      expect([b.status, b.body.error.field]).to.deep.equal([422, 'day']);
      const c = await nurse.client.post('/api/wards/999999/nightly-charges', {}, key());
      expect(c.status).to.equal(404);
    });

    it('the job fills a missed night at start and never doubles it', async () => {
      // The job's service, as module.ts builds it (stateless: a second one over the same database).
      const svc = createInpatientChargesService({ db: ts.server.modules.db, uow: ts.server.modules.uow, clock });
      // The job's last day: today (a run at 23:30 of DAY1).
      await setClock(cal.wallTimeToMs(DAY1, 23, 31, 0));
      const s = await stay({ depositFen: 100_000 });
      await svc.runDue();
      const after1 = count("SELECT count(*) AS n FROM stay_charges WHERE stay_id = ? AND source = 'bed'", s.id);
      expect(after1).to.equal(2);
      // The server was down for two nights: at 10:00 on DAY1+3 the job fills DAY1+1 and DAY1+2.
      await setClock(cal.wallTimeToMs(cal.addDays(DAY1, 3), 10, 0, 0));
      const out = await svc.runDue();
      expect([...new Set(out.map((o) => o.day))]).to.deep.equal([cal.addDays(DAY1, 1), cal.addDays(DAY1, 2)]);
      expect(count("SELECT count(*) AS n FROM stay_charges WHERE stay_id = ? AND source = 'bed'", s.id)).to.equal(6);
      expect(await svc.runDue()).to.deep.equal([]);
      expect(count("SELECT count(*) AS n FROM stay_charges WHERE stay_id = ? AND source = 'bed'", s.id)).to.equal(6);
      expect(cache(s.id)).to.deep.equal(sums(s.id));
    });
  });

  describe('settings: the nightly time and the emergency items', () => {
    it('read by anyone signed in, written with inpatient.wards only, bad input named', async () => {
      const n = await ok('nurse reads', nurse.client.get('/api/inpatient-charges/settings'));
      expect(n.time).to.equal('23:30');
      const items = await ok('admin reads', f.admin.get('/api/inpatient-charges/emergency-items'));
      expect(items.items.map((i: any) => i.id)).to.deep.equal([rescue.id]);
      expect((await nurse.client.put('/api/inpatient-charges/settings', { time: '22:00' })).status).to.equal(403);
      const pharmacist = await f.user(['pharmacist']);
      expect((await pharmacist.client.put('/api/inpatient-charges/emergency-items', { itemIds: [] })).status).to.equal(
        403,
      );
      for (const time of ['24:00', '7:30', '']) {
        const r = await f.admin.put('/api/inpatient-charges/settings', { time });
        expect([r.status, r.body.error.field]).to.deep.equal([422, 'time']);
      }
      const bad = await f.admin.put('/api/inpatient-charges/emergency-items', { itemIds: [rescue.id, 999_999] });
      expect([bad.status, bad.body.error.field]).to.deep.equal([404, 'itemIds.1']);
      const saved = await ok('time', f.admin.put('/api/inpatient-charges/settings', { time: '23:00' }));
      expect(saved.time).to.equal('23:00');
      await ok('time back', f.admin.put('/api/inpatient-charges/settings', { time: '23:30' }));
      expect(auditRows(ts, 'stay_charge.nightly_settings')).to.have.length(2);
      expect((await ok('items', nurse.client.get('/api/inpatient-charges/emergency-items'))).items).to.have.length(1);
    });
  });

  describe('money replay', () => {
    it('random deposits, charges, reversals, nightly runs over several days: caches = Σ rows to the fen', async () => {
      let seed = 20261209;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const stays = [
        await stay({ depositFen: 500_000 }),
        await stay({ depositFen: 300_000 }),
        await stay({ depositFen: 200_000, bed: false }),
      ];
      const start = cal.dayOf(clock.now());
      for (let d = 0; d < 3; d++) {
        await setClock(cal.wallTimeToMs(cal.addDays(start, d), 10, 0, 0));
        for (let i = 0; i < 12; i++) {
          const s = stays[rnd(stays.length)]!;
          const op = rnd(4);
          if (op === 0) {
            await ok(
              'deposit',
              cashier.client.post(`/api/stays/${s.id}/deposits`, { amountFen: 1 + rnd(50_000), method: 'cash' }, key()),
            );
          } else if (op === 1) {
            await ok('charge', charge(nurse, s.id, { itemId: dressing.id, quantity: 1 + rnd(3), reason: '换药' }));
          } else if (op === 2) {
            const open = raw()
              .prepare(
                `SELECT c.id FROM stay_charges c WHERE c.stay_id = ? AND c.reverses_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM stay_charges r WHERE r.reverses_id = c.id) ORDER BY c.id`,
              )
              .all(s.id) as Array<{ id: number }>;
            if (open.length) await ok('reverse', reverse(nurse, s.id, open[rnd(open.length)]!.id));
          } else {
            await ok('run', nurse.client.post(`/api/wards/${ward.id}/nightly-charges`, {}, key()));
          }
        }
      }
      for (const s of stays) {
        expect(cache(s.id), `stay ${s.id}`).to.deep.equal(sums(s.id));
        const fl = await ok('fee list', nurse.client.get(`/api/stays/${s.id}/fee-list`));
        expect(fl.feeList.totalFen).to.equal(sums(s.id).charges_fen);
        expect(fl.balance.balanceFen).to.equal(sums(s.id).deposits_fen - sums(s.id).charges_fen);
        const days = fl.feeList.days.reduce((t: number, d: any) => t + d.totalFen, 0);
        const cats = fl.feeList.categories.reduce((t: number, c: any) => t + c.amountFen, 0);
        expect([days, cats]).to.deep.equal([fl.feeList.totalFen, fl.feeList.totalFen]);
      }
      expect(
        count(
          `SELECT count(*) AS n FROM (SELECT stay_id, source_key FROM stay_charges WHERE source_key IS NOT NULL
             GROUP BY stay_id, source_key HAVING count(*) > 1)`,
        ),
      ).to.equal(0);
    });
  });
});
