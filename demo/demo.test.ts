// The demo health center seed: complete, valid, usable for signing in, idempotent.
import { expect } from 'chai';
import { DEPARTMENT_KINDS } from '../db/schema.js';
import { parseIdNumber } from '../server/lib/id-number.js';
import { BUILTIN_ROLES } from '../server/modules/auth/permissions.js';
import { getInstitutionSettings } from '../server/modules/settings/service.js';
import { findTitle } from '../server/modules/staff/titles.js';
import { creditCodeProblem } from '../server/modules/suppliers/credit-code.js';
import { ApiClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { DEMO_INSTITUTION } from './demo-data.js';
import { isDemoSeeded, seedDemo, type DemoSeedResult } from './demo.js';

async function counts(ts: TestServer) {
  const db = ts.server.modules.db;
  const n = async (
    table: 'departments' | 'staff' | 'users' | 'user_roles' | 'workstations' | 'audit_log' | 'settings',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    departments: await n('departments'),
    staff: await n('staff'),
    users: await n('users'),
    userRoles: await n('user_roles'),
    workstations: await n('workstations'),
    audit: await n('audit_log'),
    settings: await n('settings'),
  };
}

describe('demo health center seed', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let seeded: DemoSeedResult;

  before(async () => {
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    expect(await isDemoSeeded(db)).to.equal(false);
    const r = await seedDemo({ db, uow, clock });
    expect(r, 'first seed result').to.not.equal(null);
    seeded = r!;
  });
  after(() => ts?.stop());

  it('creates the institution settings, departments of every kind and about thirty staff', async () => {
    const s = await getInstitutionSettings(ts.server.modules.db);
    expect(s.name).to.equal(DEMO_INSTITUTION.name);
    expect(s.timeZone).to.equal('Asia/Shanghai');
    expect(s.version).to.equal(1);
    expect(s.prescription.maxDrugsPerPrescription).to.equal(5);

    const depts = await ts.server.modules.db.selectFrom('departments').select(['kind', 'name']).execute();
    expect(new Set(depts.map((d) => d.kind))).to.deep.equal(new Set(DEPARTMENT_KINDS));
    for (const name of [
      '全科门诊',
      '内科',
      '外科',
      '妇产科',
      '儿科',
      '中医科',
      '口腔科',
      '预防保健科',
      '住院一病区',
      '门诊药房',
      '住院药房',
      '中心药库',
      '收费室',
      '挂号处',
      '检验科',
      '信息科',
    ]) {
      expect(
        depts.map((d) => d.name),
        name,
      ).to.include(name);
    }
    const c = await counts(ts);
    expect(c.staff).to.be.within(28, 35);
    expect(c.workstations).to.be.at.least(4);
  });

  it(
    'gives every staff member a valid ID number matching the gender, a mobile phone, a known ' + 'title and pinyin',
    async () => {
      const staff = await ts.server.modules.db.selectFrom('staff').selectAll().where('code', 'like', 'S%').execute();
      expect(staff.length).to.equal(seeded.staff);
      for (const s of staff) {
        const id = parseIdNumber(s.id_number ?? '', Date.now());
        expect(id.ok, `${s.name} ${s.id_number}`).to.equal(true);
        if (id.ok) expect(id.sex, s.name).to.equal(s.gender);
        expect(s.phone, s.name).to.match(/^1\d{10}$/);
        expect(findTitle(s.title), `${s.name}: title ${s.title}`).to.not.equal(undefined);
        expect(s.pinyin_initials.length, s.name).to.be.greaterThan(0);
      }
      const shan = staff.find((s) => s.name === '单丽萍');
      expect(shan?.pinyin_initials.split(' ')).to.include('slp'); // 单 read as a surname: shan
    },
  );

  it(
    'has a user for every built-in role; demo users sign in with the one printed password, ' +
      'without a forced change',
    async () => {
      const roles = new Set(seeded.users.flatMap((u) => u.roles));
      for (const r of BUILTIN_ROLES) expect(roles.has(r.code), r.code).to.equal(true);
      for (const username of [
        'doctor1',
        'nurse1',
        'pharmacist1',
        'registrar1',
        'storekeeper1',
        'finance1',
        'director1',
        'admin1',
      ]) {
        const c = new ApiClient(ts.url);
        const r = await c.signIn(username, seeded.password);
        expect(r.status, `${username}: ${JSON.stringify(r.body)}`).to.equal(200);
        expect(r.body.mustChangePassword, username).to.equal(false);
      }
      const doctor = new ApiClient(ts.url);
      const me = await doctor.signIn('doctor1', seeded.password);
      expect(me.body.permissions).to.include('outpatient.consult');
    },
  );

  it('leaves the first administrator with its forced password change', async () => {
    const admin = await ts.server.modules.db
      .selectFrom('users')
      .select('must_change_password')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(admin.must_change_password).to.equal(1);
  });

  it('points workstations at departments, and default pharmacies at pharmacies', async () => {
    const rows = await ts.server.modules.db
      .selectFrom('workstations as w')
      .leftJoin('departments as p', 'p.id', 'w.default_pharmacy_id')
      .select(['w.name', 'w.department_id', 'w.default_pharmacy_id', 'p.kind as pharmacyKind'])
      .execute();
    expect(rows.map((r) => r.name)).to.include.members(['挂号收费1', '内科诊室', '门诊药房', '中心药库']);
    for (const r of rows) {
      expect(r.department_id, r.name).to.be.a('number');
      if (r.default_pharmacy_id !== null) expect(r.pharmacyKind, r.name).to.equal('pharmacy');
    }
  });

  it('audits what it wrote', async () => {
    const db = ts.server.modules.db;
    const actions = await db.selectFrom('audit_log').select(['action']).where('username', '=', 'system').execute();
    const n = (a: string) => actions.filter((x) => x.action === a).length;
    expect(n('demo.seed')).to.equal(1);
    expect(n('staff.create')).to.equal(seeded.staff);
    expect(n('user.create')).to.equal(seeded.users.length);
    expect(n('workstation.create')).to.equal(seeded.workstations);
  });

  it(
    'stocks the store through the real inventory service: suppliers, a receipt drafted by the ' +
      'clerk and posted by the storekeeper, a transfer, a waiting requisition',
    async () => {
      const db = ts.server.modules.db;
      const suppliers = await db.selectFrom('suppliers').select(['code', 'credit_code']).execute();
      expect(suppliers.length).to.equal(4);
      for (const s of suppliers) expect(creditCodeProblem(s.credit_code!), s.code).to.equal(null);
      const docs = await db
        .selectFrom('stock_docs as d')
        .innerJoin('users as c', 'c.id', 'd.created_by')
        .leftJoin('users as p', 'p.id', 'd.posted_by')
        .select(['d.type', 'd.status', 'c.username as creator', 'p.username as poster'])
        .orderBy('d.id')
        .execute();
      expect(docs).to.deep.equal([
        { type: 'receipt', status: 'posted', creator: 'storekeeper2', poster: 'storekeeper1' },
        { type: 'transfer', status: 'posted', creator: 'storekeeper2', poster: 'storekeeper1' },
        { type: 'requisition', status: 'posted', creator: 'pharmacist1', poster: 'storekeeper1' },
      ]);
      const off = ts.server.open.raw
        .prepare(
          `SELECT count(*) AS n FROM stock_lots l WHERE l.qty_on_hand <> (SELECT coalesce(sum(qty_delta), 0) FROM ` +
            `stock_moves m WHERE m.lot_id = l.id)`,
        )
        .get() as { n: number };
      expect(off.n).to.equal(0);
    },
  );

  it('does nothing the second time', async () => {
    const before = await counts(ts);
    const { db, uow, clock } = ts.server.modules;
    expect(await isDemoSeeded(db)).to.equal(true);
    expect(await seedDemo({ db, uow, clock })).to.equal(null);
    expect(await counts(ts)).to.deep.equal(before);
  });
});
