// The outpatient demo data: counts, valid and unique ID numbers, real-looking catalog with
// categories and tiers, stock lots with opening moves (expired lots not counted), patients
// findable through the API, idempotent, fast enough.
import { expect } from 'chai';
import { parseIdNumber } from '../server/lib/id-number.js';
import { stockOnHand } from '../server/modules/catalog/stock.js';
import { businessDay } from '../server/lib/clock.js';
import { ageOn } from '../server/modules/patients/identity.js';
import { ApiClient, startTestServer, type TestServer } from '../test/helpers/server.js';
import { seedDemo } from './demo.js';
import { DEMO_EXPIRED_LOT_DRUGS, DEMO_PATIENT_COUNT, seedOutpatientDemo } from './outpatient-demo.js';
import { DEMO_INSURED_PATIENTS } from './insurance.js';

describe('outpatient demo seed', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let password: string;
  let seedMs: number;

  before(async () => {
    ts = await startTestServer();
    const { db, uow, clock } = ts.server.modules;
    const t0 = performance.now();
    const r = await seedDemo({ db, uow, clock });
    seedMs = performance.now() - t0;
    password = r!.password;
  });
  after(() => ts?.stop());

  const raw = () => ts.server.open.raw;
  const n = (sql: string, ...args: unknown[]) =>
    (
      raw()
        .prepare(sql)
        .get(...args) as { n: number }
    ).n;

  it('seeds about 150 diagnoses, 200 drugs, 60 services, materials, lots and 2,000 patients in one go', () => {
    expect(n('SELECT count(*) AS n FROM diagnoses')).to.be.within(140, 200);
    expect(n("SELECT count(*) AS n FROM catalog_items WHERE kind = 'drug'")).to.be.within(190, 260);
    expect(n("SELECT count(*) AS n FROM catalog_items WHERE kind = 'service'")).to.be.within(55, 90);
    expect(n("SELECT count(*) AS n FROM catalog_items WHERE kind = 'material'")).to.be.at.least(8);
    expect(n('SELECT count(*) AS n FROM patients')).to.equal(DEMO_PATIENT_COUNT + DEMO_INSURED_PATIENTS);
    expect(n("SELECT count(*) AS n FROM settings WHERE key = 'demo.outpatient'")).to.equal(1);
    // Not a timing assertion that could flake: a generous bound against an accidental O(n²).
    expect(seedMs).to.be.below(60_000);
    console.log(`      (demo seed with outpatient data: ${Math.round(seedMs)} ms)`);
  });

  it(
    'has realistic drugs: categories 09/10/11, classes, antibiotic tiers, controlled and essential ' +
      'drugs, defaults',
    () => {
      const cats = raw()
        .prepare("SELECT DISTINCT charge_category AS c FROM catalog_items WHERE kind = 'drug' ORDER BY c")
        .all() as Array<{ c: string }>;
      expect(cats.map((c) => c.c)).to.deep.equal(['09', '10', '11']);
      const amx = raw().prepare("SELECT * FROM catalog_items WHERE name = '阿莫西林胶囊'").get() as Record<
        string,
        unknown
      >;
      expect(amx).to.include({
        antibiotic_tier: 'unrestricted',
        drug_class: 'western',
        charge_category: '09',
        unit: '粒',
        pack_size: 24,
        essential: 1,
        default_frequency: 'tid',
        default_route: 'po',
        dose_per_unit: '0.25g',
      });
      expect(amx.pinyin_initials).to.contain('amxljn');
      expect(
        (
          raw().prepare("SELECT antibiotic_tier AS t FROM catalog_items WHERE name = '注射用头孢曲松钠'").get() as {
            t: string;
          }
        ).t,
      ).to.equal('restricted');
      expect(
        (
          raw().prepare("SELECT controlled_class AS c FROM catalog_items WHERE name = '地西泮片'").get() as {
            c: string;
          }
        ).c,
      ).to.equal('psych2');
      expect(n("SELECT count(*) AS n FROM catalog_items WHERE antibiotic_tier = 'special'")).to.be.at.least(1);
      expect(n("SELECT count(*) AS n FROM catalog_items WHERE drug_class = 'herbal' AND unit = 'g'")).to.be.at.least(
        20,
      );
      expect(
        n("SELECT count(*) AS n FROM catalog_items WHERE kind = 'service' AND charge_category IN ('02','12')"),
      ).to.be.at.least(2);
      expect(
        n(
          'SELECT count(*) AS n FROM catalog_items WHERE name IN ' +
            "('血常规','尿常规','常规心电图检查','腹部B超','静脉输液','肌肉注射','换药(小)')",
        ),
      ).to.equal(7);
      // the registration desk's fee item
      expect(n("SELECT count(*) AS n FROM catalog_items WHERE charge_category = '13'")).to.be.at.least(1);
      expect(n("SELECT count(*) AS n FROM catalog_items WHERE price_fen <= 0 AND charge_category <> '13'")).to.equal(0);
      const dx = raw()
        .prepare("SELECT name FROM diagnoses WHERE code IN ('J06.900','I10.x00','E11.900') ORDER BY code")
        .all() as Array<{ name: string }>;
      expect(dx.map((d) => d.name)).to.deep.equal(['2型糖尿病', '原发性高血压', '急性上呼吸道感染']);
    },
  );

  it('stocks the pharmacy and the store through opening moves; expired lots do not count', async () => {
    const ph = raw().prepare("SELECT id FROM departments WHERE code = 'MZYF'").get() as { id: number };
    const st = raw().prepare("SELECT id FROM departments WHERE code = 'ZXYK'").get() as { id: number };
    expect(n('SELECT count(*) AS n FROM stock_lots WHERE location_id = ?', ph.id)).to.be.at.least(200);
    expect(n('SELECT count(*) AS n FROM stock_lots WHERE location_id = ?', st.id)).to.be.at.least(200);
    // Stocked items carry their default purchase price; essential drugs at zero markup.
    expect(
      n("SELECT count(*) AS n FROM catalog_items WHERE kind <> 'service' AND purchase_price_fen IS NULL"),
    ).to.equal(0);
    expect(
      n('SELECT count(*) AS n FROM catalog_items WHERE essential = 1 AND purchase_price_fen <> price_fen'),
    ).to.equal(0);
    // Every lot's cache equals the sum of its ledger; every opening move is 'opening'.
    expect(
      n(
        'SELECT count(*) AS n FROM stock_lots l WHERE qty_on_hand <> (SELECT sum(qty_delta) FROM stock_moves m ' +
          'WHERE m.lot_id = l.id)',
      ),
    ).to.equal(0);
    // (the demo history then dispenses from them: every lot still has exactly one opening move;
    // the store demo's lots came in by a posted receipt or transfer instead, with no opening move)
    expect(
      n(
        'SELECT count(*) AS n FROM stock_lots l WHERE (SELECT count(*) FROM stock_moves m WHERE m.lot_id = ' +
          "l.id AND m.reason = 'opening') <> 1 AND NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.lot_id = " +
          "l.id AND m.reason IN ('receipt','transfer_in') AND m.ref_type = 'stock_doc')",
      ),
    ).to.equal(0);
    expect(
      n(
        'SELECT count(*) AS n FROM stock_lots l WHERE EXISTS (SELECT 1 FROM stock_moves m WHERE m.lot_id = ' +
          "l.id AND m.reason = 'opening') AND EXISTS (SELECT 1 FROM stock_moves m WHERE m.lot_id = l.id AND " +
          "m.reason IN ('receipt','transfer_in'))",
      ),
    ).to.equal(0);
    const today = businessDay(ts.clock.now(), 'Asia/Shanghai');
    expect(n('SELECT count(*) AS n FROM stock_lots WHERE expiry_date < ? AND qty_on_hand > 0', today)).to.equal(
      DEMO_EXPIRED_LOT_DRUGS.length,
    );
    expect(
      n(
        "SELECT count(*) AS n FROM stock_lots WHERE expiry_date >= ? AND expiry_date <= date(?, '+40 days')",
        today,
        today,
      ),
    ).to.be.at.least(5);
    const amx = raw().prepare("SELECT id FROM catalog_items WHERE name = '阿莫西林胶囊'").get() as { id: number };
    const all = n('SELECT sum(qty_on_hand) AS n FROM stock_lots WHERE item_id = ? AND location_id = ?', amx.id, ph.id);
    const expired = n(
      'SELECT sum(qty_on_hand) AS n FROM stock_lots WHERE item_id = ? AND location_id = ? AND expiry_date < ?',
      amx.id,
      ph.id,
      today,
    );
    expect(expired).to.be.greaterThan(0);
    expect(await stockOnHand(ts.server.modules.db, amx.id, ph.id, today)).to.equal(all - expired);
  });

  it(
    'gives every patient a valid, unique ID number matching sex and birth date (or a guardian), search ' +
      'keys and an MRN',
    () => {
      const rows = raw().prepare('SELECT * FROM patients').all() as Array<{
        id: number;
        mrn: string;
        name: string;
        sex: string;
        birth_date: string;
        id_number: string | null;
        guardian_name: string | null;
        phone: string | null;
        address: string;
      }>;
      const ids = new Set<string>();
      const today = businessDay(ts.clock.now(), 'Asia/Shanghai');
      let withId = 0;
      for (const p of rows) {
        expect(p.mrn).to.match(/^M\d{8}$/);
        expect(p.address).to.match(/^青山镇/);
        if (p.id_number) {
          withId++;
          const r = parseIdNumber(p.id_number, ts.clock.now());
          expect(r.ok, p.id_number).to.equal(true);
          if (r.ok) expect([r.sex, r.birthDate]).to.deep.equal([p.sex, p.birth_date]);
          expect(ids.has(p.id_number)).to.equal(false);
          ids.add(p.id_number);
        } else if (ageOn(p.birth_date, today) < 16) {
          expect(p.guardian_name, `${p.name} is a child with neither ID nor guardian`).to.be.a('string');
        }
      }
      expect(withId).to.be.greaterThan(rows.length * 0.9);
      expect(new Set(rows.map((r) => r.mrn)).size).to.equal(rows.length);
      expect(n('SELECT count(DISTINCT patient_id) AS n FROM patient_search')).to.equal(rows.length);
      const surnames = raw()
        .prepare('SELECT substr(name, 1, 1) AS s, count(*) AS c FROM patients GROUP BY s ORDER BY c DESC LIMIT 3')
        .all() as Array<{ s: string }>;
      expect(surnames.map((s) => s.s)).to.include.members(['王', '李']);
      expect(n("SELECT value AS n FROM sequences WHERE name = 'mrn'")).to.equal(
        DEMO_PATIENT_COUNT + DEMO_INSURED_PATIENTS,
      );
    },
  );

  it('lets the registrar find demo patients by pinyin initials and register a new one after them', async () => {
    const c = new ApiClient(ts.url);
    expect((await c.signIn('registrar1', password)).status).to.equal(200);
    const any = raw()
      .prepare('SELECT name, pinyin_initials, mrn FROM patients WHERE id_number IS NOT NULL LIMIT 1 OFFSET 100')
      .get() as { name: string; pinyin_initials: string; mrn: string };
    const found = await c.get('/api/patients?q=' + any.pinyin_initials.split(' ')[0]);
    expect(found.body.items.map((p: { mrn: string }) => p.mrn)).to.include(any.mrn);
    const r = await c.post('/api/patients', { name: '新患者', sex: 'F', birthDate: '1970-01-01' });
    expect(r.status).to.equal(201);
    expect(r.body.mrn).to.equal('M' + String(DEMO_PATIENT_COUNT + DEMO_INSURED_PATIENTS + 1).padStart(8, '0'));
  });

  it('is idempotent: a second run changes nothing', async () => {
    const { db, uow, clock } = ts.server.modules;
    const count = () =>
      JSON.stringify(
        ['patients', 'patient_search', 'catalog_items', 'stock_lots', 'stock_moves', 'diagnoses', 'audit_log'].map(
          (t) => n(`SELECT count(*) AS n FROM ${t}`),
        ),
      );
    const before = count();
    expect(await seedOutpatientDemo({ db, uow, clock })).to.equal(null);
    expect(await seedDemo({ db, uow, clock })).to.equal(null);
    expect(count()).to.equal(before);
  });
});
