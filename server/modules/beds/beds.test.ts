// Beds over real HTTP and SQLite (one server for the file): the setup (rooms, beds in bulk, charge
// items, deactivation), the board, and every move — 安床, 换床, 包床 / 取消包床, 释放, 转科 and 转入 —
// with bad input named by field and nothing written, permissions, double submits, and two nurses
// placing two patients into one bed at once.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { factories, type Factories, type UserMade } from '../../../test/helpers/factories.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { freeBedsForDischarge, heldBedsWithItems } from './index.js';

const key = () => ({ 'Idempotency-Key': randomUUID() });

interface Bed {
  id: number;
  code: string;
  state: string;
  stayId: number | null;
  version: number;
  roomId: number;
  items: Array<{ catalogItemId: number; quantity: number }>;
}

describe('beds: setup, board and bed moves', () => {
  let ts: TestServer;
  let f: Factories;
  let admin: Factories['admin'];
  let cashier: UserMade;
  let nurse: UserMade;
  let nurse2: UserMade;
  let doctor: UserMade;
  let ward: { id: number };
  let ward2: { id: number };
  let fee: { id: number };
  let beds: Bed[];
  let beds2: Bed[];

  const count = (sql: string, ...args: unknown[]) => (ts.server.open.raw.prepare(sql).get(...args) as { n: number }).n;

  async function admit(wardId = ward.id): Promise<{ id: number; patientId: number; name: string }> {
    const p = await f.patient();
    const r = await cashier.client.post(
      '/api/stays',
      {
        patientId: p.id,
        wardId,
        admissionWay: 'outpatient',
        admissionCondition: 'general',
        admissionDiagCode: 'J18.900',
        patientType: 'self',
      },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return { id: r.body.summary.id, patientId: p.id, name: p.name };
  }

  async function setupWard(wardId: number, room: string, n: number): Promise<Bed[]> {
    const r = await admin.post(`/api/ward-setup/${wardId}/rooms`, { code: room, name: `${room}室` });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const b = await admin.post(
      `/api/ward-setup/${wardId}/beds`,
      {
        roomId: r.body.id,
        prefix: '',
        from: 1,
        to: n,
        type: 'normal',
        items: [{ catalogItemId: fee.id, quantity: 1 }],
      },
      key(),
    );
    expect(b.status, JSON.stringify(b.body)).to.equal(201);
    return b.body.beds;
  }

  const board = async (wardId = ward.id, who = nurse) => {
    const r = await who.client.get(`/api/wards/${wardId}/board`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body as { beds: Bed[]; stays: Array<{ id: number; state: string; bedId: number | null }> };
  };
  const bedNow = async (id: number, wardId = ward.id) => (await board(wardId)).beds.find((b) => b.id === id)!;

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer();
    f = await factories(ts);
    admin = f.admin;
    ward = await f.department({ kind: 'ward' });
    ward2 = await f.department({ kind: 'ward' });
    cashier = await f.user(['registrar']);
    nurse = await f.user(['nurse'], { departmentId: ward.id });
    nurse2 = await f.user(['nurse'], { departmentId: ward.id });
    doctor = await f.user(['doctor'], { departmentId: ward.id });
    await f.diagnosis('J18.900', '肺炎');
    fee = await f.service({ name: '床位费(普通)', priceFen: 2500, unit: '日' });
    beds = await setupWard(ward.id, '301', 4);
    beds2 = await setupWard(ward2.id, '501', 2);
  });
  after(async () => ts.stop());

  it('sets up rooms and beds in bulk with their daily items; bad input named by field, nothing written', async () => {
    expect(beds.map((b) => b.code)).to.deep.equal(['1', '2', '3', '4']);
    expect(beds[0]!.items[0]).to.deep.include({ catalogItemId: fee.id, quantity: 1 });
    const setup = await admin.get(`/api/ward-setup/${ward.id}`);
    expect(setup.body.rooms).to.have.length(1);
    expect(setup.body.beds).to.have.length(4);
    const roomId = beds[0]!.roomId;
    const before = count('SELECT count(*) n FROM beds');
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ roomId, prefix: '', from: 5, to: 3, type: 'normal', items: [] }, 422, 'to'],
      [{ roomId, prefix: '', from: 3, to: 6, type: 'normal', items: [] }, 409, 'from'],
      [{ roomId, prefix: '', from: 10, to: 11, type: 'big', items: [] }, 422, 'type'],
      [{ roomId: 999_999, prefix: '', from: 10, to: 11, type: 'normal', items: [] }, 404, 'roomId'],
      [{ roomId: beds2[0]!.roomId, prefix: '', from: 10, to: 11, type: 'normal', items: [] }, 404, 'roomId'],
      [
        { roomId, prefix: '', from: 10, to: 11, type: 'normal', items: [{ catalogItemId: 999_999, quantity: 1 }] },
        404,
        'items.0.catalogItemId',
      ],
      [
        { roomId, prefix: '', from: 10, to: 11, type: 'normal', items: [{ catalogItemId: fee.id, quantity: 0 }] },
        422,
        'items.0.quantity',
      ],
      [{ roomId, from: 10, to: 11, type: 'normal', items: [] }, 422, 'prefix'],
    ];
    for (const [body, status, field] of bad) {
      const r = await admin.post(`/api/ward-setup/${ward.id}/beds`, body, key());
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    }
    // A drug is not a bed fee.
    const drug = await f.drug();
    const notService = await admin.post(
      `/api/ward-setup/${ward.id}/beds`,
      { roomId, prefix: '', from: 10, to: 11, type: 'normal', items: [{ catalogItemId: drug.id, quantity: 1 }] },
      key(),
    );
    expect([notService.status, notService.body.error.field]).to.deep.equal([422, 'items.0.catalogItemId']);
    expect(count('SELECT count(*) n FROM beds')).to.equal(before);
    // A duplicate room code.
    const dup = await admin.post(`/api/ward-setup/${ward.id}/rooms`, { code: '301', name: 'x' });
    expect([dup.status, dup.body.error.field]).to.deep.equal([409, 'code']);
  });

  it('keeps the setup to inpatient.wards and the board to inpatient.nurse (403)', async () => {
    expect((await nurse.client.get(`/api/ward-setup/${ward.id}`)).status).to.equal(403);
    expect((await nurse.client.post(`/api/ward-setup/${ward.id}/rooms`, { code: '9', name: '9' })).status).to.equal(
      403,
    );
    expect((await cashier.client.get(`/api/wards/${ward.id}/board`)).status).to.equal(403);
    expect((await doctor.client.post(`/api/beds/${beds[0]!.id}/place`, { stayId: 1, version: 1 })).status).to.equal(
      403,
    );
    const wards = await nurse.client.get('/api/wards');
    expect(wards.body.items.map((w: { id: number }) => w.id)).to.include.members([ward.id, ward2.id]);
  });

  it('安床: a pending stay into a free bed, doctors and nurse set, one move, audited, pushed', async () => {
    const s = await admit();
    const b0 = await board();
    expect(b0.stays.find((x) => x.id === s.id)?.state).to.equal('pending');
    const bed = beds[0]!;
    const r = await nurse.client.post(
      `/api/beds/${bed.id}/place`,
      { stayId: s.id, version: bed.version, attendingDoctorId: doctor.staffId, nurseId: nurse.staffId },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.beds[0]).to.deep.include({ id: bed.id, state: 'occupied', stayId: s.id });
    const b1 = await board();
    expect(b1.stays.find((x) => x.id === s.id)).to.deep.include({ state: 'in_ward', bedId: bed.id });
    const stay = ts.server.open.raw
      .prepare('SELECT attending_doctor_id a, nurse_id n FROM inpatient_stays WHERE id = ?')
      .get(s.id) as { a: number; n: number };
    expect(stay).to.deep.equal({ a: doctor.staffId, n: nurse.staffId });
    const moves = await nurse.client.get(`/api/stays/${s.id}/bed-moves`);
    expect(moves.body.items).to.have.length(1);
    expect(moves.body.items[0]).to.deep.include({ kind: 'place', toBed: bed.code });
    expect(moves.body.items[0].nurse).to.be.a('string');
    expect(count(`SELECT count(*) n FROM audit_log WHERE action = 'bed.place'`)).to.equal(1);
    const ev = ts.server.open.raw
      .prepare(`SELECT payload_json p, rooms_json r FROM event_log WHERE name = 'bed:changed' ORDER BY seq DESC`)
      .get() as { p: string; r: string };
    expect(JSON.parse(ev.r)).to.deep.equal([`ward:${ward.id}`]);
    expect(JSON.parse(ev.p)).to.deep.include({ wardId: ward.id, cause: 'place', stayId: s.id });
    // The bed is taken now: a second patient is refused, naming the bed; nothing changes.
    const s2 = await admit();
    const again = await nurse.client.post(`/api/beds/${bed.id}/place`, { stayId: s2.id, version: bed.version }, key());
    expect(again.status).to.equal(409);
    expect(again.body.error.field).to.equal('bedId');
    expect(again.body.error.message).to.contain(bed.code);
    // A stay already in a bed is not waiting.
    const fresh = await bedNow(beds[1]!.id);
    const twice = await nurse.client.post(
      `/api/beds/${fresh.id}/place`,
      { stayId: s.id, version: fresh.version },
      key(),
    );
    expect([twice.status, twice.body.error.code, twice.body.error.field]).to.deep.equal([
      409,
      'stay_not_waiting',
      'stayId',
    ]);
  });

  it('bad input on 安床 names the field and writes nothing', async () => {
    const s = await admit();
    const bed = await bedNow(beds[2]!.id);
    const moves = count('SELECT count(*) n FROM bed_moves');
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      [`/api/beds/${bed.id}/place`, { version: bed.version }, 422, 'stayId'],
      [`/api/beds/${bed.id}/place`, { stayId: s.id }, 422, 'version'],
      [`/api/beds/${bed.id}/place`, { stayId: 'x', version: 1 }, 422, 'stayId'],
      [`/api/beds/${bed.id}/place`, { stayId: 999_999, version: bed.version }, 404, 'stayId'],
      [`/api/beds/999999/place`, { stayId: s.id, version: 1 }, 404, 'bedId'],
      [`/api/beds/${bed.id}/place`, { stayId: s.id, version: bed.version, nurseId: 999_999 }, 422, 'nurseId'],
      [
        `/api/beds/${bed.id}/place`,
        { stayId: s.id, version: bed.version, attendingDoctorId: 999_999 },
        422,
        'attendingDoctorId',
      ],
      [`/api/beds/${beds2[0]!.id}/place`, { stayId: s.id, version: beds2[0]!.version }, 422, 'bedId'],
      [`/api/beds/${bed.id}/place`, { stayId: s.id, version: bed.version, extra: 1 }, 422, 'extra'],
    ];
    for (const [path, body, status, field] of cases) {
      const r = await nurse.client.post(path, body, key());
      expect(r.status, `${path} ${JSON.stringify(body)} ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.error.field, JSON.stringify(r.body)).to.equal(field);
    }
    expect(count('SELECT count(*) n FROM bed_moves')).to.equal(moves);
    expect((await bedNow(bed.id)).state).to.equal('free');
  });

  it('two nurses placing two patients into one bed at once: one wins, the other gets 409 naming the bed', async () => {
    const a = await admit();
    const b = await admit();
    const bed = await bedNow(beds[2]!.id);
    const [r1, r2] = await Promise.all([
      nurse.client.post(`/api/beds/${bed.id}/place`, { stayId: a.id, version: bed.version }, key()),
      nurse2.client.post(`/api/beds/${bed.id}/place`, { stayId: b.id, version: bed.version }, key()),
    ]);
    expect([r1.status, r2.status].sort()).to.deep.equal([200, 409]);
    const lost = r1.status === 409 ? r1 : r2;
    expect(lost.body.error.code).to.equal('bed_taken');
    expect(lost.body.error.field).to.equal('bedId');
    expect(lost.body.error.message).to.contain(`Bed ${bed.code} `);
    expect(count('SELECT count(*) n FROM beds WHERE id = ? AND state = ?', bed.id, 'occupied')).to.equal(1);
    expect(count(`SELECT count(*) n FROM bed_moves WHERE to_bed_id = ? AND kind = 'place'`, bed.id)).to.equal(1);
    const states = (await board()).stays.filter((s) => s.id === a.id || s.id === b.id).map((s) => s.state);
    expect(states.sort()).to.deep.equal(['in_ward', 'pending']);
  });

  it('a double submit with one idempotency key places once', async () => {
    const s = await admit(ward2.id);
    const bed = await bedNow(beds2[0]!.id, ward2.id);
    const k = key();
    const body = { stayId: s.id, version: bed.version };
    const [r1, r2] = await Promise.all([
      nurse.client.post(`/api/beds/${bed.id}/place`, body, k),
      nurse.client.post(`/api/beds/${bed.id}/place`, body, k),
    ]);
    expect([r1.status, r2.status]).to.deep.equal([200, 200]);
    expect(r1.body.moveId).to.equal(r2.body.moveId);
    expect(count('SELECT count(*) n FROM bed_moves WHERE stay_id = ?', s.id)).to.equal(1);
  });

  it('换床, 包床, 取消包床, 释放 and 转科 → 转入, each a move; the held beds with their items', async () => {
    const s = await admit();
    let free = (await board()).beds.filter((b) => b.state === 'free');
    expect(free.length).to.be.at.least(1);
    // Free a bed first: the earlier tests filled three of four. Add two beds to the room.
    const more = await admin.post(
      `/api/ward-setup/${ward.id}/beds`,
      {
        roomId: beds[0]!.roomId,
        prefix: 'A',
        from: 1,
        to: 2,
        type: 'extra',
        items: [{ catalogItemId: fee.id, quantity: 1 }],
      },
      key(),
    );
    expect(more.status).to.equal(201);
    free = (await board()).beds.filter((b) => b.state === 'free');
    const [b1, b2, b3] = free;
    const place = await nurse.client.post(`/api/beds/${b1!.id}/place`, { stayId: s.id, version: b1!.version }, key());
    expect(place.status, JSON.stringify(place.body)).to.equal(200);
    // 换床 to b2.
    const ch = await nurse.client.post(
      `/api/stays/${s.id}/change-bed`,
      { toBedId: b2!.id, toBedVersion: b2!.version, reason: '靠窗' },
      key(),
    );
    expect(ch.status, JSON.stringify(ch.body)).to.equal(200);
    expect((await bedNow(b1!.id)).state).to.equal('free');
    expect(await bedNow(b2!.id)).to.deep.include({ state: 'occupied', stayId: s.id });
    // 换床 to an occupied bed: 409 naming it.
    const occ = (await board()).beds.find((b) => b.state === 'occupied' && b.stayId !== s.id)!;
    const busy = await nurse.client.post(
      `/api/stays/${s.id}/change-bed`,
      { toBedId: occ.id, toBedVersion: occ.version },
      key(),
    );
    expect([busy.status, busy.body.error.field]).to.deep.equal([409, 'toBedId']);
    expect(busy.body.error.message).to.contain(occ.code);
    // 包床 b3, then 取消包床.
    const b3v = await bedNow(b3!.id);
    const res = await nurse.client.post(`/api/stays/${s.id}/reserve`, { bedId: b3v.id, version: b3v.version }, key());
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(await bedNow(b3!.id)).to.deep.include({ state: 'reserved', stayId: s.id });
    const held = await heldBedsWithItems(ts.server.modules.db, { stayId: s.id });
    expect(held.map((h) => [h.bedId, h.state]).sort()).to.deep.equal(
      [
        [b2!.id, 'occupied'],
        [b3!.id, 'reserved'],
      ].sort(),
    );
    expect(held[0]!.items).to.deep.equal([{ catalogItemId: fee.id, quantity: 1 }]);
    // A reserved bed cannot be deactivated.
    const deact = await admin.post(`/api/ward-setup/beds/${b3!.id}/deactivate`, {
      version: (await bedNow(b3!.id)).version,
    });
    expect([deact.status, deact.body.error.code]).to.deep.equal([409, 'bed_in_use']);
    const un = await nurse.client.post(
      `/api/beds/${b3!.id}/unreserve`,
      { version: (await bedNow(b3!.id)).version },
      key(),
    );
    expect(un.status, JSON.stringify(un.body)).to.equal(200);
    expect((await bedNow(b3!.id)).state).to.equal('free');
    // 包床 again, then 释放 needs a reason.
    const b3w = await bedNow(b3!.id);
    await nurse.client.post(`/api/stays/${s.id}/reserve`, { bedId: b3w.id, version: b3w.version }, key());
    const b3x = await bedNow(b3!.id);
    const noReason = await nurse.client.post(`/api/beds/${b3!.id}/release`, { version: b3x.version }, key());
    expect([noReason.status, noReason.body.error.field]).to.deep.equal([422, 'reason']);
    const rel = await nurse.client.post(
      `/api/beds/${b3!.id}/release`,
      { version: b3x.version, reason: '家属要求' },
      key(),
    );
    expect(rel.status, JSON.stringify(rel.body)).to.equal(200);
    // 转科 to ward2: beds freed, the stay waits there; the receiving ward places it (转入).
    const same = await nurse.client.post(`/api/stays/${s.id}/transfer`, { toWardId: ward.id, reason: 'x' }, key());
    expect([same.status, same.body.error.field]).to.deep.equal([422, 'toWardId']);
    const tr = await nurse.client.post(
      `/api/stays/${s.id}/transfer`,
      { toWardId: ward2.id, reason: '转外科手术' },
      key(),
    );
    expect(tr.status, JSON.stringify(tr.body)).to.equal(200);
    expect((await bedNow(b2!.id)).state).to.equal('free');
    expect((await board(ward2.id)).stays.find((x) => x.id === s.id)).to.deep.include({
      state: 'transferring',
      bedId: null,
    });
    const target = (await board(ward2.id)).beds.find((b) => b.state === 'free')!;
    const tin = await nurse.client.post(
      `/api/beds/${target.id}/place`,
      { stayId: s.id, version: target.version },
      key(),
    );
    expect(tin.status, JSON.stringify(tin.body)).to.equal(200);
    const moves = (await nurse.client.get(`/api/stays/${s.id}/bed-moves`)).body.items as Array<{
      kind: string;
      fromWard: string | null;
      toWard: string | null;
    }>;
    expect(moves.map((m) => m.kind)).to.deep.equal([
      'place',
      'change',
      'reserve',
      'unreserve',
      'reserve',
      'release',
      'transfer_out',
      'transfer_in',
    ]);
    expect(moves[7]!.fromWard).to.not.equal(null);
    expect(moves[7]!.fromWard).to.not.equal(moves[7]!.toWard);
    // The stay left ward 1: a free bed there can be deactivated, and activated again.
    const freeBed = await bedNow(b1!.id);
    const off = await admin.post(`/api/ward-setup/beds/${freeBed.id}/deactivate`, { version: freeBed.version });
    expect(off.status, JSON.stringify(off.body)).to.equal(200);
    expect((await board()).beds.some((b) => b.id === freeBed.id)).to.equal(false);
    const on = await admin.post(`/api/ward-setup/beds/${freeBed.id}/activate`, { version: off.body.version });
    expect(on.status).to.equal(200);
  });

  it('打印腕带 at 安床 and again (label printer), 打印床头卡 (receipt printer)', async () => {
    const s = await admit(ward2.id);
    const more = await admin.post(
      `/api/ward-setup/${ward2.id}/beds`,
      { roomId: beds2[0]!.roomId, prefix: 'W', from: 1, to: 1, type: 'normal', items: [] },
      key(),
    );
    expect(more.status, JSON.stringify(more.body)).to.equal(201);
    const bed = (await board(ward2.id)).beds.find((b) => b.state === 'free')!;
    const r = await nurse.client.post(
      `/api/beds/${bed.id}/place`,
      { stayId: s.id, version: bed.version, wristband: true },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.print).to.deep.include({ layout: 'wristband', printer: 'label', outcome: 'no_workstation' });
    const again = await nurse.client.post(`/api/stays/${s.id}/wristband`, {});
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    const jobs = ts.server.open.raw
      .prepare(`SELECT payload_json p FROM print_jobs WHERE layout = 'wristband' AND ref_id = ? ORDER BY id`)
      .all(s.id) as Array<{ p: string }>;
    expect(jobs).to.have.length(2);
    const payload = JSON.parse(jobs[0]!.p);
    expect(payload).to.deep.include({ bed: bed.code });
    expect(payload.patient.name).to.equal(s.name);
    expect(payload.stayNo).to.be.a('string');
    const missing = await nurse.client.post('/api/stays/999999/wristband', {});
    expect([missing.status, missing.body.error.field]).to.deep.equal([404, 'stayId']);
    // 床头卡 at the receipt printer; a stay without a bed has none (409 naming stayId).
    const card = await nurse.client.post(`/api/stays/${s.id}/bed-card`, {});
    expect(card.status, JSON.stringify(card.body)).to.deep.equal(200);
    expect(card.body).to.deep.include({ layout: 'bed-card', printer: 'receipt' });
    const cardJob = ts.server.open.raw
      .prepare(`SELECT payload_json p FROM print_jobs WHERE layout = 'bed-card' AND ref_id = ?`)
      .get(s.id) as { p: string };
    expect(JSON.parse(cardJob.p)).to.deep.include({ bed: bed.code, diagnosis: '肺炎' });
    const waiting = await admit(ward2.id);
    const none = await nurse.client.post(`/api/stays/${waiting.id}/bed-card`, {});
    expect([none.status, none.body.error.code, none.body.error.field]).to.deep.equal([
      409,
      'stay_not_in_bed',
      'stayId',
    ]);
  });

  it('freeBedsForDischarge (for 预出院): the bed and the 包床 freed in one move, audited, pushed', async () => {
    const s = await admit(ward2.id);
    const more = await admin.post(
      `/api/ward-setup/${ward2.id}/beds`,
      { roomId: beds2[0]!.roomId, prefix: 'D', from: 1, to: 2, type: 'normal', items: [] },
      key(),
    );
    const [d1, d2] = more.body.beds as Bed[];
    expect(
      (await nurse.client.post(`/api/beds/${d1!.id}/place`, { stayId: s.id, version: d1!.version }, key())).status,
    ).to.equal(200);
    expect(
      (await nurse.client.post(`/api/stays/${s.id}/reserve`, { bedId: d2!.id, version: d2!.version }, key())).status,
    ).to.equal(200);
    const who = { userId: nurse.userId, username: 'n', ip: null, workstationId: null };
    const r = await ts.server.modules.uow.write((tx) => freeBedsForDischarge(tx, who, s.id, '预出院'));
    expect(r.beds.map((b) => b.state)).to.deep.equal(['free', 'free']);
    const last = (await nurse.client.get(`/api/stays/${s.id}/bed-moves`)).body.items.at(-1);
    expect(last).to.deep.include({ kind: 'pre_discharge', fromBed: d1!.code, toBed: null, reason: '预出院' });
    // Nothing held any more: no second move.
    const again = await ts.server.modules.uow.write((tx) => freeBedsForDischarge(tx, who, s.id));
    expect(again).to.deep.equal({ moveId: null, beds: [] });
  });

  it('bed items are replaced with the version; a stale version is refused', async () => {
    const bed = (await admin.get(`/api/ward-setup/${ward.id}`)).body.beds[0] as Bed;
    const heat = await f.service({ name: '取暖费', priceFen: 500, unit: '日' });
    const items = [
      { catalogItemId: fee.id, quantity: 1 },
      { catalogItemId: heat.id, quantity: 1 },
    ];
    const r = await admin.put(`/api/ward-setup/beds/${bed.id}/items`, { items, version: bed.version });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.items).to.have.length(2);
    const stale = await admin.put(`/api/ward-setup/beds/${bed.id}/items`, { items: [], version: bed.version });
    expect([stale.status, stale.body.error.code]).to.deep.equal([409, 'stale_version']);
    const dupe = await admin.put(`/api/ward-setup/beds/${bed.id}/items`, {
      items: [items[0], items[0]],
      version: r.body.version,
    });
    expect([dupe.status, dupe.body.error.field]).to.deep.equal([422, 'items']);
  });
});
