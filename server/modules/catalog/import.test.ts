// Excel export and import of the dictionary: the export is the template (Chinese headers,
// values as typed); the import checks the header, reports every bad cell by Excel row and
// column, matches rows by code (update / create / unchanged), and writes either nothing
// (check; all with errors), everything, or the good rows only — in one transaction. Files
// that are not xlsx, have wrong columns or 100,000 rows are refused with nothing written.
import crypto from 'node:crypto';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { RoomListener, auditRows } from '../../../test/helpers/admin.js';
import { ApiClient, ManualClock, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { XLSX_TYPE, readXlsx, type Cell } from '../../lib/xlsx.js';
import { HEADERS } from './columns.js';

/** An .xlsx file of these rows under this header. */
async function xlsx(header: string[], rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A full row in template column order from a partial record by header. */
function row(v: Record<string, Cell>): Cell[] {
  return HEADERS.map((h) => (h in v ? v[h]! : null));
}

const DRUG: Record<string, Cell> = {
  编码: 'IMP001',
  类别: '药品',
  通用名: '硝苯地平缓释片',
  商品名: '伲福达',
  规格: '20mg×30片',
  剂型: '片剂',
  生产厂家: '青岛黄海制药有限责任公司',
  批准文号: '国药准字H10980191',
  最小单位: '片',
  包装单位: '盒',
  包装数量: 30,
  '零售价(元)': 18.6,
  '进价(元)': '18.60',
  药品分类: '西药',
  基本药物: '是',
  抗菌药物分级: null,
  管制类别: null,
  医保编码: 'XC08CAN050A012010100000',
  收费类别: '09',
  库存下限: 300,
  拼音码: null,
  在用: '是',
};

describe('catalog Excel export and import', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
    const items = [
      {
        code: 'A001',
        kind: 'drug',
        name: '阿莫西林胶囊',
        spec: '0.25g×24粒',
        unit: '粒',
        packUnit: '盒',
        packSize: 24,
        priceFen: 1250,
        purchasePriceFen: 1250,
        drugClass: 'western',
        essential: true,
        antibioticTier: 'unrestricted',
        approvalNo: '国药准字H44021351',
        reorderLevel: 480,
        defaultDose: '0.5',
        doseUnit: 'g',
        defaultFrequency: 'tid',
        defaultRoute: 'po',
      },
      {
        code: 'A002',
        kind: 'drug',
        name: '板蓝根颗粒',
        unit: '袋',
        packUnit: '盒',
        packSize: 20,
        priceFen: 1580,
        purchasePriceFen: 1200,
        drugClass: 'patent',
      },
      { code: 'S001', kind: 'service', name: '血常规', unit: '次', priceFen: 1500, chargeCategory: '04' },
    ];
    for (const i of items) {
      const r = await admin.post('/api/catalog/admin/items', i);
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    }
  });
  after(async () => {
    listener?.close();
    await ts?.stop();
  });

  const upload = async (mode: string, body: Buffer, key = crypto.randomUUID(), lang = 'en') => {
    const res = await fetch(`${ts.url}/api/catalog/admin/import?mode=${mode}`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': XLSX_TYPE, 'idempotency-key': key, 'x-lang': lang },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['catalog_items', 'audit_log', 'event_log'].map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()),
    );
  };
  const item = (code: string) =>
    ts.server.open.raw.prepare('SELECT * FROM catalog_items WHERE code = ?').get(code) as
      | Record<string, any>
      | undefined;

  let exported: Buffer;

  it('exports the dictionary with Chinese headers and values as a person types them', async () => {
    const res = await fetch(`${ts.url}/api/catalog/admin/export`, { headers: { cookie: admin.cookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain(XLSX_TYPE);
    exported = Buffer.from(await res.arrayBuffer());
    const sheet = await readXlsx(exported, { maxRows: 100 });
    expect(sheet.header).to.deep.equal(HEADERS);
    expect(sheet.rows.length).to.equal(3);
    const byHeader = (i: number) => Object.fromEntries(HEADERS.map((h, c) => [h, sheet.rows[i]!.cells[c]]));
    expect(byHeader(0)).to.deep.include({
      编码: 'A001',
      类别: '药品',
      药品分类: '西药',
      基本药物: '是',
      抗菌药物分级: '非限制使用级',
      '零售价(元)': 12.5,
      '进价(元)': 12.5,
      收费类别: '09 西药费',
      库存下限: 480,
      在用: '是',
      批准文号: '国药准字H44021351',
    });
    expect(byHeader(1)).to.deep.include({
      药品分类: '中成药',
      基本药物: '否',
      '进价(元)': 12,
      收费类别: '11 中成药费',
    });
    expect(byHeader(2)).to.deep.include({ 类别: '诊疗项目', 药品分类: null, 收费类别: '04 化验费' });
    const services = await fetch(`${ts.url}/api/catalog/admin/export?kind=service`, {
      headers: { cookie: admin.cookie },
    });
    expect((await readXlsx(Buffer.from(await services.arrayBuffer()), { maxRows: 100 })).rows.length).to.equal(1);
    expect((await admin.get('/api/catalog/admin/export?kind=food')).status).to.equal(422);
  });

  it('re-imports its own export as unchanged: nothing is rewritten', async () => {
    const before = ts.server.open.raw.prepare('SELECT id, version, updated_at FROM catalog_items ORDER BY id').all();
    const check = await upload('check', exported);
    expect(check.status, JSON.stringify(check.body)).to.equal(200);
    expect(check.body).to.deep.equal({
      rows: 3,
      valid: 3,
      errors: [],
      moreErrors: 0,
      created: 0,
      updated: 0,
      unchanged: 3,
      imported: false,
    });
    const all = await upload('all', exported);
    expect(all.body).to.include({ rows: 3, valid: 3, created: 0, updated: 0, unchanged: 3, imported: true });
    expect(
      ts.server.open.raw.prepare('SELECT id, version, updated_at FROM catalog_items ORDER BY id').all(),
    ).to.deep.equal(before);
  });

  it(
    'refuses wrong columns (missing, unknown, repeated) naming them, and files that are not ' +
      'xlsx; accepts columns in any order',
    async () => {
      const before = snapshot();
      const missing = await upload(
        'check',
        await xlsx(
          HEADERS.filter((h) => h !== '批准文号' && h !== '在用'),
          [],
        ),
      );
      expect(missing.status).to.equal(422);
      expect(missing.body.error).to.include({ code: 'bad_columns', field: 'file' });
      expect(missing.body.error.message).to.contain('missing columns: 批准文号, 在用');
      const unknown = await upload('all', await xlsx([...HEADERS, '备注'], [row(DRUG)]));
      expect(unknown.status).to.equal(422);
      expect(unknown.body.error.message).to.contain('unknown columns: 备注');
      const repeated = await upload('good-rows', await xlsx([...HEADERS, '编码'], [row(DRUG)]));
      expect(repeated.body.error.message).to.contain('repeated columns: 编码');
      const notXlsx = await upload('check', Buffer.from('编码,通用名\nA001,阿莫西林\n'));
      expect(notXlsx.status).to.equal(400);
      expect(notXlsx.body.error).to.include({ code: 'bad_file', field: 'file' });
      expect((await upload('check', Buffer.alloc(0))).status).to.equal(400);
      expect((await upload('import', exported)).body.error.field).to.equal('mode');
      expect(snapshot(), 'nothing written').to.equal(before);

      const reversed = [...HEADERS].reverse();
      const ok = await upload('check', await xlsx(reversed, [[...row(DRUG)].reverse()]));
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body).to.include({ rows: 1, valid: 1, created: 1 });
    },
  );

  const BAD_FILE = async () =>
    xlsx(HEADERS, [
      row(DRUG), // 2: good, new
      row({
        ...DRUG,
        编码: 'a002',
        类别: '药品',
        通用名: '板蓝根颗粒',
        商品名: null,
        批准文号: '国药准字Z44021940',
        药品分类: '中成药',
        基本药物: '否',
        '零售价(元)': '16.00',
        '进价(元)': 12,
        收费类别: null,
      }), // 3: good, updates A002 (code in another case)
      row({ ...DRUG, 编码: 'BAD01', '零售价(元)': 'abc' }), // 4
      row({ ...DRUG, 编码: 'BAD02', '零售价(元)': -1, '进价(元)': null }), // 5
      row({ ...DRUG, 编码: 'BAD03', '零售价(元)': 1.234 }), // 6
      row({ ...DRUG, 编码: 'BAD04', 包装数量: 0 }), // 7
      row({ ...DRUG, 编码: 'BAD05', 药品分类: '西洋药', 基本药物: '也许' }), // 8
      row({ ...DRUG, 编码: 'IMP001' }), // 9: same code as row 2
      row({ ...DRUG, 编码: 'BAD06', '进价(元)': 15 }), // 10: zero markup
      row({ ...DRUG, 编码: 'BAD07', 通用名: null, 最小单位: '' }), // 11: required cells
      row({ ...DRUG, 编码: 'BAD08', 批准文号: 'H10980191' }), // 12
      row({ ...DRUG, 编码: 'BAD 09', 类别: '食品' }), // 13
      row({
        编码: 'BAD10',
        类别: '诊疗项目',
        通用名: '换药',
        最小单位: '次',
        '零售价(元)': 8,
        药品分类: '西药',
        收费类别: '99',
      }), // 14
    ]);

  const EXPECTED_ERRORS: Array<[number, string]> = [
    [4, '零售价(元)'],
    [5, '零售价(元)'],
    [6, '零售价(元)'],
    [7, '包装数量'],
    [8, '药品分类'],
    [8, '基本药物'],
    [9, '编码'],
    [10, '进价(元)'],
    [11, '通用名'],
    [11, '最小单位'],
    [12, '批准文号'],
    [13, '编码'],
    [13, '类别'],
    [14, '收费类别'],
  ];

  it('reports every bad cell by Excel row and column; check and all write nothing', async () => {
    const file = await BAD_FILE();
    const before = snapshot();
    const check = await upload('check', file);
    expect(check.status, JSON.stringify(check.body)).to.equal(200);
    const errors = check.body.errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.map((e) => [e.row, e.column])).to.deep.equal(EXPECTED_ERRORS);
    const msg = (r: number, c: string) => errors.find((e) => e.row === r && e.column === c)!.message;
    expect(msg(4, '零售价(元)')).to.equal('"abc" is not an amount in yuan such as 12.50');
    expect(msg(5, '零售价(元)')).to.match(/must not be negative/);
    expect(msg(6, '零售价(元)')).to.match(/fractions of a fen/);
    expect(msg(7, '包装数量')).to.match(/at least 1/);
    expect(msg(8, '药品分类')).to.match(/"西洋药" is not one of 西药、中成药、中药饮片/);
    expect(msg(9, '编码')).to.equal('The code "IMP001" repeats row 2');
    expect(msg(10, '进价(元)')).to.match(/zero markup/);
    expect(msg(11, '通用名')).to.equal('通用名 is required');
    expect(msg(12, '批准文号')).to.match(/国药准字/);
    expect(msg(14, '收费类别')).to.match(/does not exist/);
    expect(check.body).to.include({
      rows: 13,
      valid: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      imported: false,
      moreErrors: 0,
    });
    expect(snapshot(), 'check writes nothing').to.equal(before);
    const zh = (await upload('check', file, crypto.randomUUID(), 'zh')).body.errors as typeof errors;
    expect(zh.find((e) => e.row === 4)!.message).to.equal('“abc”不是金额,应为元,如 12.50');
    expect(zh.find((e) => e.row === 10)!.message).to.equal(
      '基本药物实行零差率销售:进价(15.00 元)必须等于零售价(18.60 元)',
    );
    expect(zh.find((e) => e.row === 11)!.message).to.equal('通用名不能为空');

    const all = await upload('all', file);
    expect(all.status).to.equal(422);
    expect(all.body.error).to.include({ code: 'import_errors', field: 'file' });
    expect(all.body.error.message).to.equal('11 rows have errors; nothing was imported');
    expect(all.body.error.details.report.errors.length).to.equal(EXPECTED_ERRORS.length);
    expect(snapshot(), 'all with errors writes nothing').to.equal(before);
  });

  it('rolls a failure half-way back: nothing is written', async () => {
    const raw = ts.server.open.raw;
    raw.exec(
      `CREATE TEMP TRIGGER fail_import BEFORE INSERT ON catalog_items WHEN NEW.code = 'CRASH' BEGIN SELECT ` +
        `RAISE(ABORT, 'disk on fire'); END`,
    );
    try {
      const before = snapshot();
      const r = await upload(
        'good-rows',
        await xlsx(HEADERS, [
          row({ ...DRUG, 编码: 'OK01' }),
          row({ ...DRUG, 编码: 'CRASH' }),
          row({ ...DRUG, 编码: 'OK02' }),
        ]),
      );
      expect(r.status).to.equal(500);
      expect(snapshot()).to.equal(before);
      expect(item('OK01')).to.equal(undefined);
    } finally {
      raw.exec('DROP TRIGGER fail_import');
    }
  });

  it(
    'imports the good rows only: creates and updates by code in one transaction, audited, ' +
      'catalog:changed; a retry changes nothing',
    async () => {
      const file = await BAD_FILE();
      const a002 = item('A002')!;
      ts.server.open.raw.prepare('UPDATE catalog_items SET invoice_confirmed = 1').run();
      const key = crypto.randomUUID();
      const r = await upload('good-rows', file, key);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ rows: 13, valid: 2, created: 1, updated: 1, unchanged: 0, imported: true });
      expect(r.body.errors.length).to.equal(EXPECTED_ERRORS.length);
      const created = item('IMP001')!;
      expect(created).to.include({
        kind: 'drug',
        name: '硝苯地平缓释片',
        trade_name: '伲福达',
        pack_size: 30,
        price_fen: 1860,
        purchase_price_fen: 1860,
        drug_class: 'western',
        essential: 1,
        charge_category: '09',
        reorder_level: 300,
        invoice_confirmed: 0,
        approval_no: '国药准字H10980191',
        version: 1,
        active: 1,
      });
      expect(created.pinyin_initials.split(' ')).to.include('xbdphsp');
      const updated = item('A002')!;
      expect(updated).to.include({
        id: a002.id,
        code: 'A002',
        price_fen: 1600,
        purchase_price_fen: 1200,
        approval_no: '国药准字Z44021940',
        charge_category: '11',
        invoice_confirmed: 1,
        version: a002.version + 1,
      });
      for (const code of ['BAD01', 'BAD02', 'BAD03', 'BAD04', 'BAD05', 'BAD06', 'BAD07', 'BAD08', 'BAD 09', 'BAD10'])
        expect(item(code), code).to.equal(undefined);
      const [summary] = auditRows(ts, 'catalog.import');
      expect(summary!.summary).to.include({
        mode: 'good-rows',
        rows: 13,
        valid: 2,
        errors: 14,
        created: 1,
        updated: 1,
      });
      expect(auditRows(ts, 'catalog.import.create', created.id).length).to.equal(1);
      expect(auditRows(ts, 'catalog.import.update', a002.id)[0]!.summary.changes!.price_fen).to.deep.equal({
        before: 1580,
        after: 1600,
      });
      const ev = await listener.waitFor('catalog:changed', { action: 'imported' });
      expect((ev.payload as { ids: number[] }).ids).to.have.members([created.id, a002.id]);

      const before = snapshot();
      const again = await upload('good-rows', file, key);
      expect(again.body).to.deep.equal(r.body);
      expect(snapshot(), 'the same idempotency key: the first answer, nothing written').to.equal(before);
      const fresh = await upload('good-rows', file);
      expect(fresh.body).to.include({ created: 0, updated: 0, unchanged: 2 });
      // A new charge category through the import unconfirms the invoice category.
      const moved = await upload('all', await xlsx(HEADERS, [row({ ...DRUG, 收费类别: '11 中成药费' })]));
      expect(moved.body).to.include({ updated: 1 });
      expect(item('IMP001')).to.include({ charge_category: '11', version: 2, invoice_confirmed: 0 });
      expect((await new ApiClient(ts.url).get('/api/catalog/admin/export')).status).to.equal(401);
    },
  );

  it('imports 20,000 rows in one transaction', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      row({
        编码: `B${String(i).padStart(5, '0')}`,
        类别: '卫生材料',
        通用名: `一次性注射器${i}号`,
        最小单位: '支',
        '零售价(元)': (i % 500) / 100 + 0.5,
        收费类别: '08',
      }),
    );
    const file = await xlsx(HEADERS, rows);
    const started = performance.now();
    const r = await upload('all', file);
    const ms = Math.round(performance.now() - started);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(200);
    expect(r.body).to.include({ rows: 20_000, valid: 20_000, created: 20_000, imported: true });
    console.log(`      20,000-row import took ${ms} ms`);
    expect(
      ts.server.open.raw.prepare(`SELECT count(*) FROM catalog_items WHERE code LIKE 'B%'`).pluck().get(),
    ).to.equal(20_000);
    const found = await admin.get('/api/catalog/admin/items?q=ycxzsq&limit=1');
    expect(found.body.total).to.equal(20_000);
  });

  it('refuses a 100,000-row file before validating, nothing written', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导入');
    ws.addRow(HEADERS);
    for (let i = 0; i < 100_000; i++) ws.addRow([`C${i}`]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = snapshot();
    const r = await upload('good-rows', file);
    expect(r.status).to.equal(413);
    expect(r.body.error).to.include({ code: 'too_many_rows', field: 'file' });
    expect(r.body.error.message).to.contain('100000 rows');
    expect(snapshot()).to.equal(before);
  });
});
