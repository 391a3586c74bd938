// Excel export and import of suppliers: the export is the template (Chinese headers); the
// import checks the header, applies the supplier form's rules to every row (credit-code check
// character, a real licence date, lengths, unique code / name / credit code in the file and
// against other suppliers), matches rows by code (update / create / unchanged) and writes
// nothing (check; all with errors), everything, or the good rows only, in one transaction.
import crypto from 'node:crypto';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { RoomListener, auditRows, userViaApi } from '../../../test/helpers/admin.js';
import {
  type ApiClient,
  ManualClock,
  adminClient,
  startTestServer,
  type TestServer,
} from '../../../test/helpers/server.js';
import { XLSX_TYPE, readXlsx, type Cell } from '../../lib/xlsx.js';
import { SUPPLIER_HEADERS } from './columns.js';
import { creditCodeCheckChar } from './credit-code.js';

const credit = (first17: string) => first17 + creditCodeCheckChar(first17)!;
const C1 = credit('91350100M000100Y4');
const C2 = credit('91350100M000200Y4');
const C3 = credit('91350100M000300Y4');

async function xlsx(header: string[], rows: Array<Record<string, Cell>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('供应商');
  ws.addRow(header);
  for (const r of rows) ws.addRow(header.map((h) => (h in r ? r[h]! : null)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('suppliers Excel export and import', function () {
  this.timeout(120_000);
  let ts: TestServer;
  let admin: ApiClient;
  let listener: RoomListener;
  const ids: Record<string, number> = {};

  before(async () => {
    ts = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0)) });
    admin = await adminClient(ts);
    listener = await RoomListener.open(ts, admin.cookie);
    for (const s of [
      {
        code: 'GY01',
        name: '国药控股福州有限公司',
        shortName: '国药福州',
        contactPerson: '林敏',
        phone: '0591-88001234',
        address: '福州市鼓楼区',
        creditCode: C1,
        drugLicenceNo: '闽AA5910001',
        drugLicenceExpiresOn: '2027-12-31',
      },
      { code: 'JZ02', name: '九州通医药', creditCode: C2 },
    ]) {
      const r = await admin.post('/api/suppliers', s);
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      ids[s.code] = r.body.id;
    }
  });
  after(async () => {
    listener?.close();
    await ts?.stop();
  });

  const upload = async (mode: string, body: Buffer, key = crypto.randomUUID(), c: ApiClient = admin) => {
    const res = await fetch(`${ts.url}/api/suppliers/import?mode=${mode}`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'content-type': XLSX_TYPE, 'idempotency-key': key, 'x-lang': 'en' },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const snapshot = () => {
    const raw = ts.server.open.raw;
    return JSON.stringify(
      ['suppliers', 'audit_log', 'event_log', 'idempotency_keys'].map((tb) =>
        raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );
  };
  const supplier = (code: string) =>
    ts.server.open.raw.prepare('SELECT * FROM suppliers WHERE code = ?').get(code) as Record<string, any> | undefined;

  let exported: Buffer;

  it('exports every supplier with Chinese headers (the import template); re-importing it changes nothing', async () => {
    const res = await fetch(`${ts.url}/api/suppliers/export`, { headers: { cookie: admin.cookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain(XLSX_TYPE);
    exported = Buffer.from(await res.arrayBuffer());
    const sheet = await readXlsx(exported, { maxRows: 100 });
    expect(sheet.header).to.deep.equal([
      '编码',
      '名称',
      '简称',
      '联系人',
      '电话',
      '地址',
      '统一社会信用代码',
      '药品经营许可证号',
      '许可证有效期至',
      '在用',
    ]);
    expect(sheet.header).to.deep.equal(SUPPLIER_HEADERS);
    expect(sheet.rows.map((r) => r.cells)).to.deep.equal([
      [
        'GY01',
        '国药控股福州有限公司',
        '国药福州',
        '林敏',
        '0591-88001234',
        '福州市鼓楼区',
        C1,
        '闽AA5910001',
        '2027-12-31',
        '是',
      ],
      ['JZ02', '九州通医药', null, null, null, null, C2, null, null, '是'],
    ]);
    const before = snapshot();
    const check = await upload('check', exported);
    expect(check.body).to.deep.equal({
      rows: 2,
      valid: 2,
      errors: [],
      moreErrors: 0,
      created: 0,
      updated: 0,
      unchanged: 2,
      imported: false,
    });
    const all = await upload('all', exported);
    expect(all.body).to.include({ unchanged: 2, imported: true });
    const raw = ts.server.open.raw;
    expect(raw.prepare('SELECT * FROM suppliers ORDER BY id').all()).to.deep.equal(JSON.parse(before)[0]);
  });

  it(
    'refuses wrong columns naming them, files that are not xlsx, an unknown mode, and users ' +
      'without dictionaries.manage; nothing written',
    async () => {
      const { client: doctor } = await userViaApi(ts, admin, ['doctor']);
      const before = snapshot();
      const missing = await upload(
        'check',
        await xlsx(
          SUPPLIER_HEADERS.filter((h) => h !== '在用'),
          [],
        ),
      );
      expect(missing.status).to.equal(422);
      expect(missing.body.error).to.include({ code: 'bad_columns', field: 'file' });
      expect(missing.body.error.message).to.contain('missing columns: 在用');
      const unknown = await upload('all', await xlsx([...SUPPLIER_HEADERS, '备注'], []));
      expect(unknown.body.error.message).to.contain('unknown columns: 备注');
      const notXlsx = await upload('check', Buffer.from('编码,名称\nA,B\n'));
      expect(notXlsx.status).to.equal(400);
      expect(notXlsx.body.error).to.include({ code: 'bad_file', field: 'file' });
      expect((await upload('import', exported)).body.error.field).to.equal('mode');
      const denied = await upload('all', exported, crypto.randomUUID(), doctor);
      expect(denied.status).to.equal(403);
      expect((await doctor.get('/api/suppliers/export')).status).to.equal(403);
      expect(snapshot(), 'nothing written').to.equal(before);
    },
  );

  const BAD_FILE = () =>
    xlsx(SUPPLIER_HEADERS, [
      {
        编码: 'HR03',
        名称: '华润医药商业',
        简称: '华润',
        统一社会信用代码: C3.toLowerCase(),
        许可证有效期至: '2027-06-30',
        在用: '是',
      }, // 2: new
      // 3: updates GY01
      { 编码: 'gy01', 名称: '国药控股', 联系人: '王强', 统一社会信用代码: C1, 许可证有效期至: '2028-01-31' },
      // 4: check character
      { 编码: 'BAD01', 名称: '甲公司', 统一社会信用代码: C1.slice(0, 17) + (C1[17] === '0' ? '1' : '0') },
      { 编码: 'BAD02', 名称: '乙公司', 许可证有效期至: '2027-02-30' }, // 5: not a day
      { 编码: 'BAD 03', 名称: '丙公司' }, // 6: code
      { 编码: 'BAD04', 名称: '九州通医药' }, // 7: name of JZ02
      { 编码: 'BAD05', 名称: '丁公司', 统一社会信用代码: C2 }, // 8: credit code of JZ02
      { 编码: 'HR03', 名称: '戊公司' }, // 9: code repeats row 2
      { 编码: 'BAD06', 名称: '华润医药商业' }, // 10: name repeats row 2
      { 编码: 'BAD07', 名称: null, 简称: 'x'.repeat(31), 在用: '也许' }, // 11
    ]);
  const EXPECTED: Array<[number, string]> = [
    [4, '统一社会信用代码'],
    [5, '许可证有效期至'],
    [6, '编码'],
    [7, '名称'],
    [8, '统一社会信用代码'],
    [9, '编码'],
    [10, '名称'],
    [11, '名称'],
    [11, '简称'],
    [11, '在用'],
  ];

  it('reports every bad cell by row and column with the form’s rules; check and all write nothing', async () => {
    const file = await BAD_FILE();
    const before = snapshot();
    const check = await upload('check', file);
    expect(check.status, JSON.stringify(check.body)).to.equal(200);
    const errors = check.body.errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.map((e) => [e.row, e.column])).to.deep.equal(EXPECTED);
    const msg = (r: number) => errors.find((e) => e.row === r)!.message;
    expect(msg(4)).to.match(/wrong check character: the 18th character should be/);
    expect(msg(5)).to.match(/real day as YYYY-MM-DD/);
    expect(msg(7)).to.equal('The supplier name "九州通医药" is already used by JZ02');
    expect(msg(8)).to.equal('The credit code is already used by JZ02');
    expect(msg(9)).to.equal('The 编码 "HR03" repeats row 2');
    expect(check.body).to.include({ rows: 10, valid: 2, created: 1, updated: 1, unchanged: 0, imported: false });
    const all = await upload('all', file);
    expect(all.status).to.equal(422);
    expect(all.body.error).to.include({ code: 'import_errors', field: 'file' });
    expect(all.body.error.message).to.equal('8 rows have errors; nothing was imported');
    expect(snapshot(), 'nothing written').to.equal(before);
  });

  it(
    'imports the good rows only: create and update by code in one transaction, audited, ' +
      'supplier:changed; a retry changes nothing',
    async () => {
      const file = await BAD_FILE();
      const key = crypto.randomUUID();
      const r = await upload('good-rows', file, key);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ rows: 10, valid: 2, created: 1, updated: 1, unchanged: 0, imported: true });
      const hr = supplier('HR03')!;
      expect(hr).to.include({
        name: '华润医药商业',
        short_name: '华润',
        credit_code: C3,
        drug_licence_expires_on: '2027-06-30',
        active: 1,
        version: 1,
      });
      expect(hr.pinyin_initials.split(' ')).to.include('hryysy');
      const gy = supplier('GY01')!;
      expect(gy).to.include({
        id: ids.GY01,
        code: 'GY01',
        name: '国药控股',
        contact_person: '王强',
        short_name: null,
        phone: null,
        drug_licence_expires_on: '2028-01-31',
        version: 2,
      });
      expect(gy.pinyin_initials).to.equal('gykg');
      for (const code of ['BAD01', 'BAD02', 'BAD 03', 'BAD04', 'BAD05', 'BAD06', 'BAD07'])
        expect(supplier(code), code).to.equal(undefined);
      expect(auditRows(ts, 'supplier.import.create', hr.id).length).to.equal(1);
      expect(auditRows(ts, 'supplier.import.update', ids.GY01)[0]!.summary.changes!.name).to.deep.equal({
        before: '国药控股福州有限公司',
        after: '国药控股',
      });
      expect(auditRows(ts, 'supplier.import')[0]!.summary).to.include({
        mode: 'good-rows',
        rows: 10,
        valid: 2,
        errors: 10,
        created: 1,
        updated: 1,
      });
      await listener.waitFor('supplier:changed', { id: hr.id, action: 'created' });
      await listener.waitFor('supplier:changed', { id: ids.GY01, action: 'updated' });

      const before = snapshot();
      const again = await upload('good-rows', file, key);
      expect(again.body).to.deep.equal(r.body);
      expect(snapshot(), 'the same idempotency key: the first answer, nothing written').to.equal(before);
      const fresh = await upload('good-rows', file);
      expect(fresh.body).to.include({ created: 0, updated: 0, unchanged: 2 });

      // all: a file without errors, deactivating one supplier.
      const off = await upload(
        'all',
        await xlsx(SUPPLIER_HEADERS, [{ 编码: 'JZ02', 名称: '九州通医药', 统一社会信用代码: C2, 在用: '否' }]),
      );
      expect(off.body).to.include({ updated: 1, imported: true });
      expect(supplier('JZ02')).to.include({ active: 0, version: 2 });
    },
  );

  it('imports 5,000 rows in one transaction', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      编码: `P${String(i).padStart(4, '0')}`,
      名称: `批量医药公司${i}`,
      电话: 13800000000 + i,
      许可证有效期至: '2028-01-01',
    }));
    const started = performance.now();
    const r = await upload('all', await xlsx(SUPPLIER_HEADERS, rows));
    const ms = Math.round(performance.now() - started);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(200);
    expect(r.body).to.include({ rows: 5000, valid: 5000, created: 5000, imported: true });
    console.log(`      5,000-supplier import took ${ms} ms`);
    expect(ts.server.open.raw.prepare(`SELECT count(*) FROM suppliers WHERE code LIKE 'P%'`).pluck().get()).to.equal(
      5000,
    );
    expect(supplier('P0042')).to.include({
      name: '批量医药公司42',
      phone: '13800000042',
      drug_licence_expires_on: '2028-01-01',
      active: 1,
    });
  });

  it('refuses more than 5,000 rows before validating, nothing written', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('供应商');
    ws.addRow(SUPPLIER_HEADERS);
    for (let i = 0; i < 5001; i++) ws.addRow([`S${i}`, `公司${i}`]);
    const before = snapshot();
    const r = await upload('check', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).to.equal(413);
    expect(r.body.error).to.include({ code: 'too_many_rows', field: 'file' });
    expect(snapshot()).to.equal(before);
  });
});
