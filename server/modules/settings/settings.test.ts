import { expect } from 'chai';
import { RoomListener, auditRows, snapshot, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { mergeDefaults } from './defaults.js';
import { INSTITUTION_DEFAULTS, getInstitutionSettings } from './service.js';

describe('settings API', () => {
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

  const full = () => ({
    name: '青山镇卫生院',
    code: 'H33010600123',
    address: '浙江省杭州市青山镇卫生路 1 号',
    phone: '0571-88886666',
    timeZone: 'Asia/Shanghai',
    prescription: {
      validDays: 1,
      maxValidDays: 3,
      maxSupplyDays: 7,
      emergencyMaxSupplyDays: 3,
      chronicMaxSupplyDays: 30,
      maxDrugsPerPrescription: 5,
      antibioticTierByTitleLevel: { junior: 'unrestricted', intermediate: 'restricted', senior: 'special' },
      specialUseInOutpatient: false,
    },
    zeroMarkupEssentialDrugs: true,
    externalEmr: false,
    version: 0,
  });

  it('answers defaults with version 0 before anything is saved; the public part needs no sign-in', async () => {
    const r = await admin.get('/api/settings/institution');
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal(INSTITUTION_DEFAULTS);
    expect(r.body.timeZone).to.equal('Asia/Shanghai');
    expect(r.body.version).to.equal(0);
    const pub = await new ApiClient(ts.url).get('/api/settings/public');
    expect(pub.status).to.equal(200);
    expect(pub.body).to.deep.equal({ name: '', code: '', timeZone: 'Asia/Shanghai' });
    expect((await new ApiClient(ts.url).get('/api/settings/institution')).status).to.equal(401);
  });

  it(
    'saves the whole object with the version, audited, with settings:changed; later modules read ' + 'it typed',
    async () => {
      const body = { ...full(), prescription: { ...full().prescription, maxSupplyDays: 10, chronicMaxSupplyDays: 60 } };
      const r = await admin.put('/api/settings/institution', body);
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal({
        ...body,
        inventory: { nearExpiryDays: 90, shortShelfLifeMonths: 6, allowMixedPriceLots: false },
        billing: { lineWarnFen: 50_000, billWarnFen: 200_000 },
        pharmacy: { twoPersonCheck: false },
        insurance: { lookupValidHours: 12 },
        version: 1,
      }); // absent inventory / billing / pharmacy / insurance keep the saved (default) values
      await listener.waitFor('settings:changed', { id: 'institution', action: 'updated' });
      const [a] = auditRows(ts, 'settings.update', 'institution');
      expect(a!.summary.changes!.name).to.deep.equal({ before: '', after: '青山镇卫生院' });
      expect(a!.summary.changes!.prescription).to.have.property('after');
      const pub = await new ApiClient(ts.url).get('/api/settings/public');
      expect(pub.body).to.deep.equal({ name: '青山镇卫生院', code: 'H33010600123', timeZone: 'Asia/Shanghai' });
      const typed = await getInstitutionSettings(ts.server.modules.db);
      expect(typed.prescription.maxSupplyDays).to.equal(10);
      expect(typed.version).to.equal(1);

      const before = snapshot(ts);
      const stale = await admin.put('/api/settings/institution', { ...body, name: '别的', version: 0 });
      expect(stale.status).to.equal(409);
      expect(stale.body.error).to.include({ code: 'stale_version', field: 'version' });
      expect(snapshot(ts)).to.equal(before);
    },
  );

  it('refuses bad input naming the (nested) field and writes nothing', async () => {
    const before = snapshot(ts);
    const p = full().prescription;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ timeZone: 8 }, 'timeZone'],
      [{ code: '' }, 'code'],
      [{ code: 'H-33' }, 'code'],
      [{ code: 'A'.repeat(31) }, 'code'],
      [{ name: '' }, 'name'],
      [{ name: '院'.repeat(101) }, 'name'],
      [{ phone: '12345' }, 'phone'],
      [{ externalEmr: 'no' }, 'externalEmr'],
      [{ logo: 'x' }, 'logo'],
      [{ version: -1 }, 'version'],
      [{ prescription: { ...p, validDays: 4 } }, 'prescription.validDays'],
      [{ prescription: { ...p, validDays: 0 } }, 'prescription.validDays'],
      [{ prescription: { ...p, maxDrugsPerPrescription: 1.5 } }, 'prescription.maxDrugsPerPrescription'],
      [{ prescription: { ...p, emergencyMaxSupplyDays: 8 } }, 'prescription.emergencyMaxSupplyDays'],
      [{ prescription: { ...p, chronicMaxSupplyDays: 5 } }, 'prescription.chronicMaxSupplyDays'],
      [
        {
          prescription: {
            ...p,
            antibioticTierByTitleLevel: { junior: 'all', intermediate: 'restricted', senior: 'special' },
          },
        },
        'prescription.antibioticTierByTitleLevel.junior',
      ],
      [{ prescription: { ...p, narcotics: true } }, 'prescription.narcotics'],
    ];
    for (const [patch, field] of cases) {
      const r = await admin.put('/api/settings/institution', { ...full(), version: 1, ...patch });
      expect(r.status, JSON.stringify(patch)).to.equal(422);
      expect(r.body.error.field, JSON.stringify(patch)).to.equal(field);
    }
    const { prescription: _omit, ...noRx } = full();
    const missing = await admin.put('/api/settings/institution', { ...noRx, version: 1 });
    expect(missing.status).to.equal(422);
    expect(missing.body.error.field).to.equal('prescription');
    expect(snapshot(ts)).to.equal(before);
  });

  it('stores SQL- and HTML-looking text verbatim', async () => {
    const name = `<script>alert("x")</script>'; DROP TABLE settings;--`;
    const r = await admin.put('/api/settings/institution', { ...full(), name, phone: '', address: '', version: 1 });
    expect(r.status).to.equal(200);
    expect((await admin.get('/api/settings/institution')).body.name).to.equal(name);
    expect((await new ApiClient(ts.url).get('/api/settings/public')).body.name).to.equal(name);
  });

  it('deep-merges stored values over defaults (new fields get defaults, wrong types fall back)', () => {
    const merged = mergeDefaults(INSTITUTION_DEFAULTS, {
      name: 'X',
      prescription: { maxSupplyDays: 9, validDays: 'two' },
      unknown: 1,
      version: 4,
    });
    expect(merged.name).to.equal('X');
    expect(merged.prescription.maxSupplyDays).to.equal(9);
    expect(merged.prescription.validDays).to.equal(1);
    expect(merged.prescription.antibioticTierByTitleLevel).to.deep.equal(
      INSTITUTION_DEFAULTS.prescription.antibioticTierByTitleLevel,
    );
    expect(merged).not.to.have.property('unknown');
    expect(merged.version).to.equal(4);
  });

  it('needs admin.settings to save (403 names the permission)', async () => {
    const doc = await userViaApi(ts, admin, ['doctor']);
    expect((await doc.client.get('/api/settings/institution')).status).to.equal(200);
    const before = snapshot(ts);
    const r = await doc.client.put('/api/settings/institution', { ...full(), version: 2 });
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.contain('admin.settings');
    expect(snapshot(ts)).to.equal(before);
  });
});
