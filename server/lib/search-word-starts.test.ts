// Issue 9 item 8: pinyin initials and full pinyin match at word starts inside a name, not
// only from its start, for drugs, services, materials, diagnoses, patients and staff; ranked
// exact code > code / name / pinyin from the start > word start inside > contained. Also the
// migration's backfill of rows written before it, and the fill of rows written by the seed.
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { migrations } from '../../db/migrations/index.js';
import { innerKeys, searchWords } from '../../db/pinyin.js';
import { userViaApi } from '../../test/helpers/admin.js';
import { type ApiClient, adminClient, startTestServer, tempDir, type TestServer } from '../../test/helpers/server.js';

describe('pinyin keys at word starts (innerKeys)', () => {
  it('gives initials and full pinyin of every suffix after the first character', () => {
    expect(innerKeys('注射用盐酸万古霉素')).to.include.members(['wgms', 'wangumeisu', 'yswgms', 'gms']);
    expect(innerKeys('盐酸氨溴索')).to.include.members(['axs', 'anxiusuo', 'saxs']);
    expect(innerKeys('原发性高血压')).to.include.members(['gxy', 'gaoxueya', 'fxgxy']);
    // Not the start of the name (that is the ordinary key), and no one-letter keys.
    expect(innerKeys('原发性高血压')).to.not.include.members(['yfxgxy', 'y']);
    expect(innerKeys('李')).to.deep.equal([]);
    // A run of letters and digits is one word; punctuation starts nothing.
    expect(innerKeys('维生素B6片')).to.include.members(['b6p', 'b6pian', 'sb6p']);
    expect(innerKeys('0.9%氯化钠注射液')).to.include.members(['lhnzsy', 'lvhuanazhusheye', 'zsy']);
    expect(searchWords('盐酸氨溴索').startsWith(' ')).to.equal(true);
    expect(searchWords('李')).to.equal('');
  });
});

describe('search at word starts inside names, ranked', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let doctor: ApiClient;
  let registrar: ApiClient;
  let deptId: number;

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    doctor = (await userViaApi(ts, admin, ['doctor'])).client;
    registrar = (await userViaApi(ts, admin, ['registrar'])).client;
    deptId = (await admin.post('/api/departments', { code: 'QK', name: '全科', kind: 'clinic' })).body.id;
    const items = [
      {
        code: 'XY001',
        kind: 'drug',
        name: '注射用盐酸万古霉素',
        unit: '支',
        packUnit: '盒',
        packSize: 10,
        priceFen: 5800,
        drugClass: 'western',
      },
      {
        code: 'XY002',
        kind: 'drug',
        name: '盐酸氨溴索片',
        unit: '片',
        packUnit: '盒',
        packSize: 20,
        priceFen: 1200,
        drugClass: 'western',
      },
      // Initials 'axs...' from the start of the name: ranks above 盐酸氨溴索片.
      {
        code: 'XY003',
        kind: 'drug',
        name: '安神胶囊',
        unit: '粒',
        packUnit: '盒',
        packSize: 24,
        priceFen: 1500,
        drugClass: 'patent',
      },
      {
        code: 'AXS',
        kind: 'drug',
        name: '阿昔洛韦片',
        unit: '片',
        packUnit: '盒',
        packSize: 24,
        priceFen: 900,
        drugClass: 'western',
      },
      { code: 'ZL010', kind: 'service', name: '静脉输液', unit: '次', priceFen: 500 },
      { code: 'ZL011', kind: 'service', name: '小儿静脉输液', unit: '次', priceFen: 800 },
      {
        code: 'WC010',
        kind: 'material',
        name: '一次性输液器',
        unit: '套',
        priceFen: 180,
        purchasePriceFen: 150,
        chargeCategory: '08',
      },
    ];
    for (const it of items) {
      const r = await admin.post('/api/catalog/admin/items', it);
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    const csv = 'Code,Name\nI10.x00,原发性高血压\nI11.900,高血压性心脏病\nE11.900,2型糖尿病\nG43.900,偏头痛\n';
    const imp = await admin.post('/api/diagnoses/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(imp.status, JSON.stringify(imp.body)).to.equal(200);
  });
  after(() => ts.stop());

  const catalog = async (q: string, kind?: string) =>
    (
      (await doctor.get('/api/catalog/items?q=' + encodeURIComponent(q) + (kind ? '&kind=' + kind : ''))).body
        .items as Array<{ code: string; name: string }>
    ).map((i) => i.name);

  it("drugs: 'wgms' finds 注射用盐酸万古霉素, 'axs' 盐酸氨溴索; full pinyin at a word start too", async () => {
    expect(await catalog('wgms')).to.deep.equal(['注射用盐酸万古霉素']);
    expect(await catalog('WGMS')).to.deep.equal(['注射用盐酸万古霉素']);
    expect(await catalog('wangumeisu')).to.deep.equal(['注射用盐酸万古霉素']);
    expect(await catalog('anxiusuo')).to.deep.equal(['盐酸氨溴索片']);
    // Not inside a syllable: 'angu' is in 'wangumeisu' but starts no word.
    expect(await catalog('angu')).to.deep.equal([]);
  });

  it('drugs rank exact code, then from the start of the name, then a word start inside', async () => {
    // AXS is the exact code of 阿昔洛韦片; 安神胶囊 starts with 'as' not 'axs'; 盐酸氨溴索片 has 'axs' inside.
    expect(await catalog('axs')).to.deep.equal(['阿昔洛韦片', '盐酸氨溴索片']);
    // 'sj': 安神胶囊 has it inside only; 'asj' from the start.
    expect(await catalog('asj')).to.deep.equal(['安神胶囊']);
  });

  it('services and materials: a word start inside the name, after the names that start with it', async () => {
    expect(await catalog('jmsy', 'service')).to.deep.equal(['静脉输液', '小儿静脉输液']);
    expect(await catalog('syq', 'material')).to.deep.equal(['一次性输液器']);
    expect(await catalog('shuyeqi')).to.deep.equal(['一次性输液器']);
  });

  it("diagnoses: 'gxy' finds 高血压性心脏病 first and 原发性高血压 (I10) after it", async () => {
    const r = (await doctor.get('/api/diagnoses?q=gxy')).body.items as Array<{ code: string; name: string }>;
    expect(r.map((d) => d.name)).to.deep.equal(['高血压性心脏病', '原发性高血压']);
    expect(
      (await doctor.get('/api/diagnoses?q=gaoxueya')).body.items.map((d: { code: string }) => d.code),
    ).to.deep.equal(['I11.900', 'I10.x00']);
    expect((await doctor.get('/api/diagnoses?q=tnb')).body.items.map((d: { code: string }) => d.code)).to.deep.equal([
      'E11.900',
    ]);
    // Exact code first.
    expect((await doctor.get('/api/diagnoses?q=I10.x00')).body.items[0].code).to.equal('I10.x00');
  });

  it('staff: the given name finds a person (initials and full pinyin), after names that start with it', async () => {
    for (const [code, name] of [
      ['D101', '张秀英'],
      ['D102', '谢阳'],
      ['D103', '单丽萍'],
    ] as const) {
      const r = await admin.post('/api/staff', { code, name, gender: 'F', departmentId: deptId, title: 'physician' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    const names = async (q: string) =>
      ((await admin.get('/api/staff?q=' + q)).body.items as Array<{ name: string }>).map((s) => s.name);
    expect(await names('xy')).to.deep.equal(['谢阳', '张秀英']);
    expect(await names('xiuying')).to.deep.equal(['张秀英']);
    expect(await names('lp')).to.deep.equal(['单丽萍']);
    expect(await names('D103')).to.deep.equal(['单丽萍']);
  });

  it(
    'patients: the given name finds a patient (initials and full pinyin), after names that start ' + 'with it',
    async () => {
      const made: Record<string, number> = {};
      for (const [name, birthDate] of [
        ['张秀英', '1960-03-04'],
        ['谢阳', '1991-07-08'],
        ['李小燕', '1985-01-02'],
      ] as const) {
        const r = await registrar.post('/api/patients', { name, sex: 'F', birthDate });
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        made[name] = r.body.id;
      }
      const names = async (q: string) =>
        ((await registrar.get('/api/patients?q=' + q)).body.items as Array<{ name: string }>).map((p) => p.name);
      // From the start of the name first, then word starts inside (by full pinyin).
      expect(await names('xy')).to.deep.equal(['谢阳', '李小燕', '张秀英']);
      expect(await names('xiuying')).to.deep.equal(['张秀英']);
      expect(await names('xiaoyan')).to.deep.equal(['李小燕']);
      expect(await names('zxy')).to.deep.equal(['张秀英']);
      // The inner keys are marked: none is a key from the start of the name.
      const keys = (
        ts.server.open.raw
          .prepare('SELECT key FROM patient_search WHERE patient_id = ? ORDER BY key')
          .all(made['张秀英']) as Array<{ key: string }>
      ).map((k) => k.key);
      expect(keys).to.include.members([' xy', ' xiuying']);
      // Editing the name rebuilds them.
      const p = (await registrar.get(`/api/patients/${made['张秀英']}`)).body;
      const u = await registrar.put(`/api/patients/${p.id}`, {
        name: '张秀兰',
        sex: p.sex,
        birthDate: p.birthDate,
        allergies: [],
        chronicConditions: [],
        version: p.version,
      });
      expect(u.status, JSON.stringify(u.body)).to.equal(200);
      expect(await names('xiuying')).to.deep.equal([]);
      expect(await names('xiulan')).to.deep.equal(['张秀兰']);
    },
  );

  it(
    'fills the word-start keys of rows written without them (the demo seed, by hand) at the ' + 'first search',
    async () => {
      const ts2 = await startTestServer();
      try {
        const raw = ts2.server.open.raw;
        const now = Date.now();
        raw
          .prepare(
            `INSERT INTO diagnoses (code, name, pinyin_initials, pinyin_full) VALUES ('I10.x01', '原发性高血压', ` +
              `'yfxgxy', 'yuanfaxinggaoxueya')`,
          )
          .run();
        const adm = await adminClient(ts2);
        const dept = (await adm.post('/api/departments', { code: 'YK', name: '药库', kind: 'store' })).body
          .id as number;
        raw
          .prepare(
            `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category, ` +
              (`drug_class, pinyin_initials, pinyin_full, created_at, updated_at)
           VALUES ('X9', 'drug', '盐酸氨溴索片', '片', '盒', 20, 1200, '01', 'western', 'ysaxsp', ` +
                `'yansuananxiusuopian', ?, ?)`),
          )
          .run(now, now);
        raw
          .prepare(
            `INSERT INTO staff (code, name, gender, department_id, title, pinyin_initials, pinyin_full, created_at, ` +
              `updated_at) VALUES ('S9', '张秀英', 'F', ?, 'physician', 'zxy', 'zhangxiuying', ?, ?)`,
          )
          .run(dept, now, now);
        expect((await adm.get('/api/diagnoses?q=gxy')).body.items.map((d: { code: string }) => d.code)).to.deep.equal([
          'I10.x01',
        ]);
        expect(
          (await adm.get('/api/catalog/items?q=axs')).body.items.map((d: { code: string }) => d.code),
        ).to.deep.equal(['X9']);
        expect((await adm.get('/api/staff?q=xiuying')).body.items.map((d: { code: string }) => d.code)).to.deep.equal([
          'S9',
        ]);
      } finally {
        await ts2.stop();
      }
    },
  );
});

describe('migration 140 backfills the word-start keys of existing rows', () => {
  it('fills search_words of catalog items, diagnoses and staff, and the inner patient_search keys', async () => {
    const dir = tempDir();
    const open = openDatabase(path.join(dir, 'm.sqlite'));
    try {
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-07-140'));
      await migrate(open, { migrations: before });
      const raw = open.raw;
      const now = Date.now();
      raw
        .prepare(
          `INSERT INTO diagnoses (code, name, pinyin_initials, pinyin_full) VALUES ('I10.x00', '原发性高血压', ` +
            `'yfxgxy', 'yuanfaxinggaoxueya')`,
        )
        .run();
      raw
        .prepare(
          `INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, created_at, updated_at) ` +
            `VALUES ('YK', '药库', 'store', 'yk', 'yaoku', ?, ?)`,
        )
        .run(now, now);
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category, ` +
            (`drug_class, pinyin_initials, pinyin_full, created_at, updated_at)
           VALUES ('X1', 'drug', '注射用盐酸万古霉素', '支', '盒', 10, 5800, '01', 'western', 'zsyyswgms', ` +
              `'zhusheyongyansuanwangumeisu', ?, ?)`),
        )
        .run(now, now);
      raw
        .prepare(
          `INSERT INTO staff (code, name, gender, department_id, title, pinyin_initials, pinyin_full, created_at, ` +
            `updated_at) VALUES ('S1', '张秀英', 'F', 1, 'physician', 'zxy', 'zhangxiuying', ?, ?)`,
        )
        .run(now, now);
      raw
        .prepare(
          `INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, ` +
            `updated_at) VALUES ('M00000001', '李小燕', 'F', '1985-01-02', 'lxy', 'lixiaoyan', ?, ?)`,
        )
        .run(now, now);
      await migrate(open);
      const words = (sql: string) => (raw.prepare(sql).get() as { w: string }).w.split(' ');
      expect(words(`SELECT search_words AS w FROM diagnoses`)).to.include.members(['gxy', 'gaoxueya']);
      expect(words(`SELECT search_words AS w FROM catalog_items`)).to.include.members(['wgms', 'wangumeisu']);
      expect(words(`SELECT search_words AS w FROM staff`)).to.include.members(['xy', 'xiuying']);
      const keys = (raw.prepare(`SELECT key FROM patient_search`).all() as Array<{ key: string }>).map((k) => k.key);
      expect(keys).to.include.members([' xy', ' xiaoyan']);
    } finally {
      await open.close();
    }
  });
});
