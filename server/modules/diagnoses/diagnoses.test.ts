// Diagnoses: search by code prefix, name, pinyin; CSV import of a full catalog (good file,
// bad rows with a row-by-row report, importGoodRows, wrong columns, BOM, > 1 MB, upsert).
import { expect } from 'chai';
import { auditRows, userViaApi } from '../../../test/helpers/admin.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

const CSV = { 'content-type': 'text/csv; charset=utf-8' };

function count(ts: TestServer): number {
  return (ts.server.open.raw.prepare('SELECT count(*) AS n FROM diagnoses').get() as { n: number }).n;
}
function snap(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify([
    raw.prepare('SELECT * FROM diagnoses ORDER BY code').all(),
    raw.prepare('SELECT count(*) FROM audit_log').get(),
  ]);
}

describe('diagnoses API', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let doctor: ApiClient;

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    doctor = (await userViaApi(ts, admin, ['doctor'])).client;
  });
  after(() => ts.stop());

  it('imports a good file (BOM, CRLF, quoted names with commas) and reports every row', async () => {
    const text =
      '\uFEFFcode,name\r\nJ06.900,急性上呼吸道感染\r\nI10.x00,原发性高血压\r\nE11.900,2型糖尿病\r\nJ18.900,"肺' +
      '炎,未特指"\r\nK29.700,胃炎\r\n';
    const r = await admin.post('/api/diagnoses/import', text, CSV);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ imported: true, total: 5, inserted: 5, updated: 0, unchanged: 0, errors: 0 });
    expect(r.body.rows[0]).to.deep.equal({ line: 2, code: 'J06.900', status: 'inserted' });
    expect(count(ts)).to.equal(5);
    const [a] = auditRows(ts, 'diagnosis.import');
    expect(a!.summary).to.include({ inserted: 5, total: 5 });
    // Again with one name changed and one new code: upsert by code.
    const again = await admin.post(
      '/api/diagnoses/import',
      'Code,Name\nJ06.900,急性上呼吸道感染\nK29.700,慢性胃炎\nR50.900,发热',
      CSV,
    );
    expect(again.body).to.include({ inserted: 1, updated: 1, unchanged: 1 });
    expect(again.body.rows.map((x: { status: string }) => x.status)).to.deep.equal([
      'unchanged',
      'updated',
      'inserted',
    ]);
    expect(count(ts)).to.equal(6);
  });

  it('finds diagnoses by code prefix, name, pinyin initials and full pinyin', async () => {
    const codes = async (q: string) =>
      ((await doctor.get('/api/diagnoses?q=' + encodeURIComponent(q))).body.items as Array<{ code: string }>).map(
        (d) => d.code,
      );
    expect(await codes('J06')).to.deep.equal(['J06.900']);
    expect(await codes('j06')).to.deep.equal(['J06.900']);
    expect(await codes('J')).to.deep.equal(['J06.900', 'J18.900']);
    expect(await codes('高血压')).to.deep.equal(['I10.x00']);
    expect(await codes('胃炎')).to.deep.equal(['K29.700']);
    expect(await codes('jxsh')).to.deep.equal(['J06.900']);
    expect(await codes('yfx')).to.deep.equal(['I10.x00']);
    expect(await codes('fare')).to.deep.equal(['R50.900']);
    expect(await codes('%')).to.deep.equal([]);
    const first = (await doctor.get('/api/diagnoses?q=J06')).body.items[0];
    expect(first).to.deep.equal({ code: 'J06.900', name: '急性上呼吸道感染' });
    expect((await doctor.get('/api/diagnoses?limit=2')).body.items).to.have.length(2);
    expect((await doctor.get('/api/diagnoses?limit=0')).status).to.equal(422);
    expect((await new ApiClient(ts.url).get('/api/diagnoses?q=J')).status).to.equal(401);
  });

  it('imports nothing when a row is bad, with a row-by-row report; importGoodRows imports the rest', async () => {
    const text = [
      'code,name',
      'A09.900,感染性腹泻',
      'XYZ,坏编码',
      'B01.900,',
      'J06.900,重复一次',
      'A09.900,感染性腹泻',
      'C,D,E',
      'N39.000,"尿路感染',
    ].join('\n');
    const before = snap(ts);
    const r = await admin.post('/api/diagnoses/import', text.replace(/\n"?N39.000.*$/, '\nN39.000,尿路感染'), CSV);
    expect(r.status).to.equal(422);
    expect(r.body.error.code).to.equal('invalid_csv');
    const rep = r.body.error.details.report;
    expect(rep).to.include({ imported: false, total: 7, errors: 4 });
    expect(rep.rows.map((x: { line: number; status: string }) => `${x.line}:${x.status}`)).to.deep.equal([
      '2:skipped',
      '3:error',
      '4:error',
      '5:skipped',
      '6:error',
      '7:error',
      '8:skipped',
    ]);
    expect(rep.rows[1].message).to.match(/ICD-10/);
    expect(rep.rows[2].message).to.match(/name is empty/);
    expect(rep.rows[4].message).to.match(/repeats line 2/);
    expect(rep.rows[5].message).to.match(/2 columns/);
    expect(snap(ts)).to.equal(before);
    // An unclosed quote is a file error.
    const broken = await admin.post('/api/diagnoses/import', text, CSV);
    expect(broken.status).to.equal(422);
    expect(broken.body.error.message).to.match(/not closed/);
    expect(snap(ts)).to.equal(before);

    const good = await admin.post(
      '/api/diagnoses/import?importGoodRows=true',
      text.replace(/\n"?N39.000.*$/, '\nN39.000,尿路感染'),
      CSV,
    );
    expect(good.status).to.equal(200);
    expect(good.body).to.include({ imported: true, inserted: 2, updated: 1, errors: 4 });
    expect((await doctor.get('/api/diagnoses?q=J06')).body.items[0].name).to.equal('重复一次');
  });

  it('refuses wrong columns, an empty file, a non-CSV body, a missing permission; takes a file over 1 MB', async () => {
    const before = snap(ts);
    const cols = await admin.post('/api/diagnoses/import', 'icd,title\nA00,霍乱', CSV);
    expect(cols.status).to.equal(422);
    expect(cols.body.error.field).to.equal('header');
    const three = await admin.post('/api/diagnoses/import', 'code,name,extra\nA00,霍乱,x', CSV);
    expect(three.body.error.field).to.equal('header');
    expect((await admin.post('/api/diagnoses/import', '', CSV)).status).to.equal(422);
    expect((await admin.post('/api/diagnoses/import', 'code,name\n', CSV)).status).to.equal(422);
    expect((await admin.post('/api/diagnoses/import', { code: 'A00' })).status).to.equal(415);
    expect((await admin.post('/api/diagnoses/import?importGoodRows=yes', 'code,name\nA00,霍乱', CSV)).status).to.equal(
      422,
    );
    const denied = await doctor.post('/api/diagnoses/import', 'code,name\nA00,霍乱', CSV);
    expect(denied.status).to.equal(403);
    expect(denied.body.error.message).to.contain('dictionaries.manage');
    expect(snap(ts)).to.equal(before);

    // A realistic full catalog is several MB: 40,000 rows.
    const lines = ['code,name'];
    for (let i = 0; i < 40_000; i++) {
      const letter = String.fromCharCode(65 + (i % 26));
      lines.push(
        `${letter}${String(i % 100).padStart(2, '0')}.${String(Math.floor(i / 100)).padStart(3, '0')}` +
          `x${String(i % 7).padStart(3, '0')},测试诊断名称第${i}号伴有较长的描述文字以增加文件大小`,
      );
    }
    const big = lines.join('\n');
    expect(Buffer.byteLength(big)).to.be.greaterThan(2 * 1024 * 1024);
    const r = await admin.post('/api/diagnoses/import', big, CSV);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).to.equal(200);
    expect(r.body.inserted).to.equal(40_000);
    expect(count(ts)).to.be.greaterThan(40_000);
    // Over the route's 20 MB limit: 413, nothing written.
    const after = snap(ts);
    const huge = await admin.post('/api/diagnoses/import', 'code,name\n' + 'A00.000,霍乱\n'.repeat(1_400_000), CSV);
    expect(huge.status).to.equal(413);
    expect(huge.body.error.code).to.equal('body_too_large');
    expect(snap(ts)).to.equal(after);
  });
});
