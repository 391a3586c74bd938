// Patients API: identity rules from the ID number, duplicates, MRN, masking, audited reads,
// prefix search (name, pinyin initials incl. polyphonic surnames, full pinyin, ID, phone, MRN).
import { expect } from 'chai';
import { idCheckChar } from '../../lib/id-number.js';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

/** A valid 18-character ID number: area + YYYYMMDD + 3-digit sequence (odd male, even female). */
export function idNo(birth: string, seq: number, area = '330782'): string {
  const first17 = area + birth + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

function snap(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify(
    ['patients', 'patient_search', 'audit_log', 'event_log', 'sequences'].map((tb) =>
      raw.prepare(`SELECT * FROM ${tb} ORDER BY 1, 2`).all(),
    ),
  );
}

describe('patients API', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: ApiClient;
  let clerk: ApiClient; // registrar: patients.read/write + identifiers
  let doctor: ApiClient; // patients.read/write, no identifiers
  let pharmacist: ApiClient; // patients.read only
  let listener: RoomListener;

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    const r = await userViaApi(ts, admin, ['registrar']);
    clerk = r.client;
    doctor = (await userViaApi(ts, admin, ['doctor'])).client;
    pharmacist = (await userViaApi(ts, admin, ['pharmacist'])).client;
    listener = await RoomListener.open(ts, clerk.cookie, ['registration']);
  });
  after(async () => {
    listener.close();
    await ts.stop();
  });

  let zhang: { id: number; mrn: string; version: number };
  const zhangId = idNo('19800101', 11);

  it(
    'registers a patient from the ID number: sex and birth date derived, MRN from the sequence, ' +
      'audited, published',
    async () => {
      const r = await clerk.post('/api/patients', {
        name: '张三',
        idNumber: zhangId.toLowerCase(),
        phone: '138 0013 1234',
        address: '青山镇健康路 1 号',
        insuranceNo: 'QS0001',
        allergies: ['青霉素', '青霉素', '磺胺类'],
        chronicConditions: ['高血压'],
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({
        name: '张三',
        sex: 'M',
        birthDate: '1980-01-01',
        idNumber: zhangId,
        phone: '13800131234',
        insuranceNo: 'QS0001',
        masked: false,
        version: 1,
      });
      expect(r.body.mrn).to.match(/^M\d{8}$/);
      expect(r.body.allergies).to.deep.equal(['青霉素', '磺胺类']);
      expect(r.body.chronicConditions).to.deep.equal(['高血压']);
      expect(r.body.age).to.be.at.least(45);
      zhang = r.body;
      const [a] = auditRows(ts, 'patient.create', r.body.id);
      expect(a!.summary.changes!.name).to.deep.equal({ after: '张三' });
      await listener.waitFor('patient:changed', { id: r.body.id, action: 'created' });
      const keys = (
        ts.server.open.raw
          .prepare('SELECT key FROM patient_search WHERE patient_id = ? ORDER BY key')
          .all(r.body.id) as Array<{ key: string }>
      ).map((k) => k.key);
      expect(keys).to.include.members([
        '张三',
        'zs',
        'zhangsan',
        zhangId.toLowerCase(),
        '13800131234',
        r.body.mrn.toLowerCase(),
      ]);

      const second = await clerk.post('/api/patients', { name: '李四', sex: 'F', birthDate: '1990-05-06' });
      expect(second.status).to.equal(201);
      expect(Number(second.body.mrn.slice(1))).to.equal(Number(zhang.mrn.slice(1)) + 1);
    },
  );

  it('upgrades a 15-digit ID number and derives from it', async () => {
    const r = await clerk.post('/api/patients', { name: '王五', idNumber: '110105491231002' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.idNumber).to.equal('11010519491231002X');
    expect(r.body).to.include({ sex: 'F', birthDate: '1949-12-31' });
  });

  it(
    'refuses invalid ID numbers, impossible or future birth dates and identity mismatches (422 ' +
      'naming the field), writing nothing',
    async () => {
      const before = snap(ts);
      const good = idNo('19850315', 23);
      const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: '甲', idNumber: wrongCheck }, 'idNumber'],
        [{ name: '甲', idNumber: '33078219850315023' }, 'idNumber'], // 17 characters
        [{ name: '甲', idNumber: '33078219850315A23X' }, 'idNumber'],
        [{ name: '甲', idNumber: idNo('19990230', 23) }, 'idNumber'], // 30 February
        [{ name: '甲', idNumber: idNo('20991231', 23) }, 'idNumber'], // future
        [{ name: '甲', idNumber: idNo('18991231', 23) }, 'idNumber'], // before 1900
        [{ name: '甲', idNumber: good, birthDate: '1985-03-16' }, 'birthDate'],
        [{ name: '甲', idNumber: good, sex: 'F' }, 'sex'],
        [{ name: '甲', sex: 'M', birthDate: '2001-02-29' }, 'birthDate'],
        [{ name: '甲', sex: 'M', birthDate: '1985-13-01' }, 'birthDate'],
        [{ name: '甲', sex: 'M', birthDate: '2099-01-01' }, 'birthDate'],
        [{ name: '甲', sex: 'M', birthDate: '1899-12-31' }, 'birthDate'],
        [{ name: '甲', sex: 'M', birthDate: '85-03-15' }, 'birthDate'],
        [{ name: '甲', sex: 'M' }, 'birthDate'],
        [{ name: '甲', birthDate: '1985-03-15' }, 'sex'],
        [{ name: '甲', sex: 'X', birthDate: '1985-03-15' }, 'sex'],
        [{ name: '', sex: 'M', birthDate: '1985-03-15' }, 'name'],
        [{ name: 'a\u0007b', sex: 'M', birthDate: '1985-03-15' }, 'name'],
        [{ sex: 'M', birthDate: '1985-03-15' }, 'name'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', phone: 'call me' }, 'phone'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', phone: '138****1234' }, 'phone'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', allergies: 'penicillin' }, 'allergies'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', allergies: [''] }, 'allergies.0'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', mrn: 'M1' }, 'mrn'],
        [{ name: '甲', sex: 'M', birthDate: '1985-03-15', confirmNotDuplicate: 'yes' }, 'confirmNotDuplicate'],
      ];
      for (const [body, field] of cases) {
        const r = await clerk.post('/api/patients', body);
        expect(r.status, JSON.stringify(body)).to.equal(422);
        expect(r.body.error.field, JSON.stringify(body)).to.equal(field);
        expect(r.body.error.message).to.be.a('string').and.not.equal('');
      }
      const mismatch = await clerk.post('/api/patients', { name: '甲', idNumber: good, sex: 'F' });
      expect(mismatch.body.error.message).to.match(/does not match the ID number/);
      expect(snap(ts)).to.equal(before);
    },
  );

  it('needs a guardian for a child under 16 without an ID number', async () => {
    const year = new Date().getUTCFullYear() - 5;
    const before = snap(ts);
    const r = await clerk.post('/api/patients', { name: '小明', sex: 'M', birthDate: `${year}-06-01` });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('guardianName');
    expect(snap(ts)).to.equal(before);
    const ok = await clerk.post('/api/patients', {
      name: '小明',
      sex: 'M',
      birthDate: `${year}-06-01`,
      guardianName: '张大明',
      guardianRelation: '父亲',
      guardianPhone: '13900001111',
    });
    expect(ok.status).to.equal(201);
    expect(ok.body).to.include({ guardianName: '张大明', guardianRelation: '父亲', guardianPhone: '13900001111' });
    // A child with an ID number needs no guardian.
    const withId = await clerk.post('/api/patients', { name: '小红', idNumber: idNo(`${year}0701`, 42) });
    expect(withId.status).to.equal(201);
  });

  it(
    'refuses the same ID number (409 duplicate_id_number with the existing patient), also in its ' + '15-digit form',
    async () => {
      const before = snap(ts);
      const r = await clerk.post('/api/patients', { name: '张三丰', idNumber: zhangId });
      expect(r.status).to.equal(409);
      expect(r.body.error).to.include({ code: 'duplicate_id_number', field: 'idNumber' });
      expect(r.body.error.details.existingPatientId).to.equal(zhang.id);
      expect(r.body.error.details.existing.mrn).to.equal(zhang.mrn);
      const old = await clerk.post('/api/patients', { name: '王五', idNumber: '110105491231002' });
      expect(old.status).to.equal(409);
      expect(old.body.error.code).to.equal('duplicate_id_number');
      expect(snap(ts)).to.equal(before);
    },
  );

  it('warns about the same name and birth date (409 possible_duplicate with candidates) until confirmed', async () => {
    const before = snap(ts);
    const r = await clerk.post('/api/patients', {
      name: '李四',
      sex: 'F',
      birthDate: '1990-05-06',
      phone: '13700000000',
    });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('possible_duplicate');
    expect(r.body.error.details.candidates).to.have.length(1);
    expect(r.body.error.details.candidates[0]).to.include({ name: '李四', birthDate: '1990-05-06' });
    expect(snap(ts)).to.equal(before);
    // Same name and birth date but both with (different) ID numbers: two people, no warning.
    const d = await doctor.post('/api/patients', {
      name: '张三',
      idNumber: idNo('19800101', 33),
      birthDate: '1980-01-01',
    });
    expect(d.status).to.equal(201);
    // Without an ID number it could be either of them: the candidates are masked for this user.
    const w = await doctor.post('/api/patients', { name: '张三', sex: 'M', birthDate: '1980-01-01' });
    expect(w.status).to.equal(409);
    expect(w.body.error.details.candidates).to.have.length(2);
    expect(w.body.error.details.candidates[0].idNumber).to.contain('**********');
    const ok = await clerk.post('/api/patients', {
      name: '李四',
      sex: 'F',
      birthDate: '1990-05-06',
      confirmNotDuplicate: true,
    });
    expect(ok.status).to.equal(201);
    const [a] = auditRows(ts, 'patient.create', ok.body.id);
    expect(a!.summary.confirmedNotDuplicate).to.equal(true);
  });

  it('masks ID numbers and phones without patients.identifiers; full values with it', async () => {
    const full = await clerk.get(`/api/patients/${zhang.id}`);
    expect(full.body).to.include({ idNumber: zhangId, phone: '13800131234', masked: false });
    const masked = await doctor.get(`/api/patients/${zhang.id}`);
    expect(masked.body.idNumber).to.equal(zhangId.slice(0, 4) + '**********' + zhangId.slice(14));
    expect(masked.body.phone).to.equal('138****1234');
    expect(masked.body.masked).to.equal(true);
    const list = await doctor.get('/api/patients?q=zs');
    const hit = list.body.items.find((p: { id: number }) => p.id === zhang.id);
    expect(hit.idNumber).to.match(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(hit.phone).to.equal('138****1234');
    expect(JSON.stringify(list.body)).to.not.contain(zhangId);
    // Lists are masked for the clerk too (issue 9 item 21): full values by an audited reveal (reveal.test.ts).
    const clerkList = await clerk.get('/api/patients?q=zs');
    expect(clerkList.body.items.find((p: { id: number }) => p.id === zhang.id).idNumber).to.equal(
      zhangId.slice(0, 4) + '**********' + zhangId.slice(14),
    );
  });

  it('audits every read of a full record and of the visit history', async () => {
    const n0 = auditRows(ts, 'patient.read', zhang.id).length;
    await pharmacist.get(`/api/patients/${zhang.id}`);
    const raw = ts.server.open.raw;
    const dept = raw.prepare("SELECT id FROM departments WHERE kind = 'clinic' LIMIT 1").get() as { id: number };
    const staff = raw.prepare('SELECT id, name FROM staff LIMIT 1').get() as { id: number; name: string };
    raw
      .prepare(
        `INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, status, chief_complaint, ` +
          `diagnoses_json, created_at, updated_at)
       VALUES (?, ?, ?, '2026-11-20', 'walk_in', 'finished', '咳嗽三天', ?, 1, 1)`,
      )
      .run(zhang.id, dept.id, staff.id, JSON.stringify([{ code: 'J06.900', name: '急性上呼吸道感染' }]));
    const v = await pharmacist.get(`/api/patients/${zhang.id}/visits`);
    expect(v.status).to.equal(200);
    expect(v.body.items).to.have.length(1);
    expect(v.body.items[0]).to.include({
      day: '2026-11-20',
      doctor: staff.name,
      chiefComplaint: '咳嗽三天',
      kind: 'walk_in',
    });
    expect(v.body.items[0].diagnoses).to.deep.equal([{ code: 'J06.900', name: '急性上呼吸道感染' }]);
    const reads = auditRows(ts, 'patient.read', zhang.id);
    expect(reads.length).to.equal(n0 + 2);
    expect(reads.map((r) => r.summary.what)).to.include.members(['record', 'visits']);
    const row = raw
      .prepare("SELECT patient_id, user_id FROM audit_log WHERE action = 'patient.read' ORDER BY id DESC LIMIT 1")
      .get() as { patient_id: number; user_id: number };
    expect(row.patient_id).to.equal(zhang.id);
    expect((await pharmacist.get('/api/patients/999999')).status).to.equal(404);
    expect((await pharmacist.get('/api/patients/999999/visits')).status).to.equal(404);
  });

  it(
    'finds patients by name, pinyin initials (polyphonic surnames 单 and 曾), full pinyin, ID, ' +
      'phone and MRN prefixes',
    async () => {
      const shan = await clerk.post('/api/patients', {
        name: '单丽萍',
        sex: 'F',
        birthDate: '1993-04-19',
        phone: '13611112222',
      });
      const zeng = await clerk.post('/api/patients', { name: '曾凡荣', sex: 'M', birthDate: '1995-02-27' });
      expect(shan.status).to.equal(201);
      expect(zeng.status).to.equal(201);
      const ids = async (q: string) =>
        ((await clerk.get('/api/patients?q=' + encodeURIComponent(q))).body.items as Array<{ id: number }>).map(
          (p) => p.id,
        );
      expect(await ids('slp')).to.include(shan.body.id); // 单 as a surname reads shan
      expect(await ids('dlp')).to.include(shan.body.id); // the other reading still finds her
      expect(await ids('shanliping')).to.include(shan.body.id);
      expect(await ids('zfr')).to.include(zeng.body.id);
      expect(await ids('cfr')).to.include(zeng.body.id);
      expect(await ids('zengfan')).to.include(zeng.body.id);
      expect(await ids('单丽')).to.deep.equal([shan.body.id]);
      expect(await ids('ZS')).to.include(zhang.id);
      expect(await ids('zhang san')).to.include(zhang.id);
      expect(await ids('136111')).to.deep.equal([shan.body.id]);
      expect(await ids(zhangId.slice(0, 10))).to.include(zhang.id);
      expect(await ids(zhang.mrn.toLowerCase())).to.deep.equal([zhang.id]);
      expect(await ids(zhang.mrn.slice(0, 6))).to.include(zhang.id);
      expect(await ids('qqqq')).to.deep.equal([]);
      expect(await ids('%')).to.deep.equal([]);
      // Exact matches first: the full MRN of one patient is also a prefix of nothing else, the
      // exact phone wins over longer keys.
      const exactFirst = await ids('13800131234');
      expect(exactFirst[0]).to.equal(zhang.id);
      // Distinct patients, at most `limit`.
      const some = await clerk.get('/api/patients?q=z&limit=2');
      expect(some.body.items).to.have.length(2);
      expect(new Set(some.body.items.map((p: { id: number }) => p.id)).size).to.equal(2);
      expect((await clerk.get('/api/patients?limit=51')).status).to.equal(422);
      expect((await clerk.get('/api/patients?limit=0')).status).to.equal(422);
      expect((await clerk.get('/api/patients?q=' + 'a'.repeat(51))).status).to.equal(422);
      expect((await clerk.get('/api/patients?bogus=1')).status).to.equal(422);
      const recent = await clerk.get('/api/patients');
      expect(recent.body.items[0].id).to.equal(zeng.body.id);
    },
  );

  it(
    'edits with the version: keys follow, a masked value sent back keeps the stored one, stale ' + 'versions refused',
    async () => {
      const masked = (await doctor.get(`/api/patients/${zhang.id}`)).body;
      const body = {
        name: '张叁',
        sex: masked.sex,
        birthDate: masked.birthDate,
        idNumber: masked.idNumber,
        phone: masked.phone,
        address: masked.address,
        insuranceNo: masked.insuranceNo,
        allergies: ['青霉素'],
        chronicConditions: [],
        version: masked.version,
      };
      const r = await doctor.put(`/api/patients/${zhang.id}`, body);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ name: '张叁', version: 2 });
      const stored = ts.server.open.raw.prepare('SELECT id_number, phone FROM patients WHERE id = ?').get(zhang.id) as {
        id_number: string;
        phone: string;
      };
      expect(stored).to.deep.equal({ id_number: zhangId, phone: '13800131234' });
      const [a] = auditRows(ts, 'patient.update', zhang.id);
      expect(a!.summary.changes!.name).to.deep.equal({ before: '张三', after: '张叁' });
      expect(a!.summary.changes!.id_number).to.equal(undefined);
      await listener.waitFor('patient:changed', { id: zhang.id, action: 'updated' });
      const found = ((await clerk.get('/api/patients?q=张叁')).body.items as Array<{ id: number }>).map((p) => p.id);
      expect(found).to.deep.equal([zhang.id]);
      expect(
        ((await clerk.get('/api/patients?q=张三')).body.items as Array<{ id: number }>).map((p) => p.id),
      ).to.not.include(zhang.id);

      const before = snap(ts);
      const stale = await doctor.put(`/api/patients/${zhang.id}`, { ...body, name: '别人', version: 1 });
      expect(stale.status).to.equal(409);
      expect(stale.body.error.code).to.equal('stale_version');
      const forged = await doctor.put(`/api/patients/${zhang.id}`, { ...body, phone: '139****0000', version: 2 });
      expect(forged.status).to.equal(422);
      expect(forged.body.error.field).to.equal('phone');
      const dupId = await clerk.put(`/api/patients/${zhang.id}`, {
        ...body,
        idNumber: '11010519491231002X',
        sex: null,
        birthDate: null,
        version: 2,
      });
      expect(dupId.status).to.equal(409);
      expect(dupId.body.error.code).to.equal('duplicate_id_number');
      expect((await doctor.put('/api/patients/999999', { ...body, version: 1 })).status).to.equal(404);
      expect((await doctor.put(`/api/patients/${zhang.id}`, { ...body, version: undefined })).status).to.equal(422);
      expect(snap(ts)).to.equal(before);
    },
  );

  it('needs patients.read to find or read and patients.write to register (403 naming the permission)', async () => {
    const store = (await userViaApi(ts, admin, ['storekeeper'])).client;
    const before = snap(ts);
    const w = await pharmacist.post('/api/patients', { name: '甲', sex: 'M', birthDate: '1985-03-15' });
    expect(w.status).to.equal(403);
    expect(w.body.error.message).to.contain('patients.write');
    expect((await store.get('/api/patients?q=zs')).status).to.equal(403);
    expect((await store.get(`/api/patients/${zhang.id}`)).status).to.equal(403);
    expect((await new ApiClient(ts.url).get('/api/patients?q=zs')).status).to.equal(401);
    expect(snap(ts)).to.equal(before);
  });
});
