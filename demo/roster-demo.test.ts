// The demo center's clinics and roster: every demo clinic is set up, the demo doctors are
// rostered for a week, a second run adds nothing, and the desk can register at once.
import { expect } from 'chai';
import { dayOf, idem, insertPatient } from '../test/helpers/registration.js';
import { ApiClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedDemo } from './demo.js';
import { DEMO_CLINICS, DEMO_ROSTER, DEMO_ROSTER_DAYS, seedClinicsAndRoster } from './roster-demo.js';

describe('demo clinics and roster', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let password: string;
  before(async () => {
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    password = (await seedDemo({ db, uow, clock }))!.password;
  });
  after(() => ts?.stop());

  it('sets up every demo clinic and rosters the demo doctors for today and the next 6 days', async () => {
    const raw = ts.server.open.raw;
    expect((raw.prepare('SELECT count(*) AS n FROM clinics').get() as { n: number }).n).to.equal(DEMO_CLINICS.length);
    // Today and the next 6 days (other demo seeds may add past days: those are not counted).
    const today = dayOf(ts);
    const days = raw
      .prepare('SELECT day, count(*) AS n FROM roster WHERE day >= ? GROUP BY day ORDER BY day')
      .all(today) as Array<{ day: string; n: number }>;
    expect(days).to.have.length(DEMO_ROSTER_DAYS);
    expect(days[0]!.day).to.equal(today);
    for (const d of days) expect(d.n, d.day).to.equal(DEMO_ROSTER.length);
    const again = await ts.server.modules.uow.write((tx) => seedClinicsAndRoster(tx));
    expect(again).to.deep.equal({ clinics: 0, rosterRows: 0 });
  });

  it('the demo registrar registers a patient with today’s rostered doctor', async () => {
    const desk = new ApiClient(ts.url);
    expect((await desk.signIn('registrar1', password)).status).to.equal(200);
    const clinics = (await desk.get('/api/clinics')).body as any[];
    const qk = clinics.find((c) => c.code === 'QKMZ');
    expect(qk).to.include({ configured: true, queuePrefix: 'A', registrationFeeFen: 100, room: '1' });
    expect(qk.doctorsToday.map((d: any) => d.name)).to.include('李明华');
    const patientId = await insertPatient(ts, '测试患者');
    const doctor = qk.doctorsToday.find((d: any) => d.name === '李明华');
    const r = await desk.post(
      '/api/registrations',
      {
        patientId,
        departmentId: qk.departmentId,
        doctorStaffId: doctor.staffId,
        payer: 'cash',
        payment: { method: 'cash', tenderedFen: 200 },
      },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.ticket).to.include({ number: 'A001', changeFen: 100, room: '1' });
  });
});
