// Catalogs by version (1301–1315 files via 9102, 1304/1312/1316–1319 paged, 1901 code tables),
// reconciliation (3201 totals, 3202 details through 9101/9102 files), matches (3301/3302), sign-in (9001/9002).
import { expect } from 'chai';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { CATALOG_COLUMNS, RECON_3202_RESULT_COLUMNS } from '../../core/insurance-wire.js';
import { ITEMS, LATEST_VERSION, VERSIONS } from './catalogs.js';
import { call, envelope } from './client.js';
import { type InsurerSimulator, startInsurerSimulator } from './server.js';
import { codeOf, openVisit } from './testing.js';

async function download(sim: InsurerSimulator, fileQuryNo: string, filename: string): Promise<string[][]> {
  const res = await fetch(sim.url, {
    method: 'POST',
    body: JSON.stringify(
      envelope('9102', { fsDownloadIn: { file_qury_no: fileQuryNo, filename, fixmedins_code: 'H33078200001' } }),
    ),
  });
  expect(res.headers.get('content-type')).to.equal('application/octet-stream');
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const names = Object.keys(files);
  expect(names).to.have.length(1);
  expect(names[0]).to.match(/\.txt$/);
  const text = strFromU8(files[names[0]!]!);
  return text ? text.split('\n').map((l) => l.split('\t')) : [];
}

describe('insurer simulator: catalogs, reconciliation, matches', () => {
  let sim: InsurerSimulator;
  before(async () => {
    sim = await startInsurerSimulator({ port: 0 });
  });
  after(async () => {
    await sim.close();
  });

  it('1301 from ver 0 gives every row; from the first version the newer rows; from the latest nothing', async () => {
    const all = await call(sim.url, '1301', { data: { ver: '0' } });
    expect(all.infcode).to.equal(0);
    const o = all.output!;
    expect(o.ver).to.equal(LATEST_VERSION);
    const rows = await download(sim, o.file_qury_no, o.filename);
    expect(rows).to.have.length(o.data_cnt);
    expect(rows.length).to.be.at.least(200);
    for (const r of rows) expect(r).to.have.length(CATALOG_COLUMNS['1301'].length);
    const amox = rows.find((r) => r[1] === '阿莫西林胶囊' && r[4] === '0.25g×24粒')!;
    expect(amox[0]).to.equal(codeOf('阿莫西林胶囊', '0.25g×24粒'));
    expect(amox[6]).to.match(/^国药准字H\d{8}$/);
    const newer = (await call(sim.url, '1301', { data: { ver: VERSIONS[0] } })).output!;
    const newRows = await download(sim, newer.file_qury_no, newer.filename);
    expect(newRows.every((r) => r[r.length - 1] === LATEST_VERSION)).to.equal(true);
    expect(newRows.some((r) => r[1] === '复方氨酚烷胺胶囊' && r[10] === '0')).to.equal(true, 'a withdrawal');
    const none = (await call(sim.url, '1301', { data: { ver: LATEST_VERSION } })).output!;
    expect([none.data_cnt, none.file_qury_no]).to.deep.equal([0, '']);
    const bad = await call(sim.url, '1301', { data: { ver: '29990101001' } });
    expect(bad.err_msg).to.contain('data.ver');
  });

  it('1305 services, 1306 materials and 1307 diseases (≥ 300 ICD-10 codes) come the same way', async () => {
    for (const [infno, min] of [
      ['1305', 60],
      ['1306', 10],
      ['1307', 300],
      ['1302', 30],
    ] as const) {
      const o = (await call(sim.url, infno, { data: { ver: '0' } })).output!;
      const rows = await download(sim, o.file_qury_no, o.filename);
      expect(rows.length, infno).to.be.at.least(min);
      for (const r of rows) expect(r).to.have.length(CATALOG_COLUMNS[infno].length);
    }
    const dx = (await call(sim.url, '1307', { data: { ver: '0' } })).output!;
    const rows = await download(sim, dx.file_qury_no, dx.filename);
    const uri = rows.find((r) => r[7] === 'J06.900')!;
    expect([uri[1], uri[3], uri[8]]).to.deep.equal(['10', 'J06', '急性上呼吸道感染']);
  });

  it('1312 pages the levels, restrictions, 乙类 ratios and price caps', async () => {
    const page = (n: number, size: number) =>
      call(sim.url, '1312', {
        data: { query_date: '2026-12-08', updt_time: '2000-01-01 00:00:00', page_num: n, page_size: size },
      });
    const first = (await page(1, 100)).output!;
    expect(first.data).to.have.length(100);
    expect(first.recordCounts).to.equal(ITEMS.size + 1); // the withdrawn drug has two rows
    expect(first.pages).to.equal(Math.ceil(first.recordCounts / 100));
    const last = (await page(first.pages, 100)).output!;
    expect(last.data.length).to.equal(first.recordCounts - 100 * (first.pages - 1));
    const one = (
      await call(sim.url, '1312', {
        data: {
          query_date: '2026-12-08',
          updt_time: '2000-01-01 00:00:00',
          hilist_code: codeOf('奥司他韦胶囊'),
          page_num: 1,
          page_size: 10,
        },
      })
    ).output!.data[0]!;
    expect([one.chrgitm_lv, one.lmt_used_flag, one.selfpay_prop, one.pric_uplmt_amt]).to.deep.equal([
      '02',
      '1',
      0.1,
      3.5,
    ]);
    expect(one.lmt_used_dscr).to.contain('流感');
    const bad = await page(0, 10);
    expect(bad.err_msg).to.contain('page_num');
  });

  it('3201 agrees with the right totals and names the difference otherwise', async () => {
    const v = await openVisit(sim.url, '王建国', [{ code: codeOf('普通门诊诊察费'), pric: 100, cnt: 1 }]);
    const s = (await call(sim.url, '2207', v.settleData())).output!.setlinfo;
    const day = s.setl_time.slice(0, 10);
    const ask = (medfee: number, fund: number, cnt: number) =>
      call(sim.url, '3201', {
        data: {
          insutype: '390',
          clr_type: '11',
          setl_optins: s.clr_optins,
          stmt_begndate: day,
          stmt_enddate: day,
          medfee_sumamt: medfee,
          fund_pay_sumamt: fund,
          acct_pay: 0,
          fixmedins_setl_cnt: cnt,
        },
      });
    const good = (await ask(s.medfee_sumamt, s.fund_pay_sumamt, 1)).output!.stmtinfo;
    expect([good.stmt_rslt, good.stmt_rslt_dscr]).to.deep.equal(['0', '对账平']);
    const off = (await ask(s.medfee_sumamt + 1, s.fund_pay_sumamt, 1)).output!.stmtinfo;
    expect(off.stmt_rslt).to.equal('1');
    expect(off.stmt_rslt_dscr).to.contain('医疗费总额');
  });

  it("3202: an uploaded detail file against the center's settlements gives the differing rows", async () => {
    const svc = codeOf('普通门诊诊察费');
    const a = await openVisit(sim.url, '陈静', [{ code: svc, pric: 20, cnt: 1 }]);
    const sa = (await call(sim.url, '2207', a.settleData())).output!.setlinfo;
    const b = await openVisit(sim.url, '刘子涵', [{ code: svc, pric: 30, cnt: 1 }]);
    const sb = (await call(sim.url, '2207', b.settleData())).output!.setlinfo;
    const day = sa.setl_time.slice(0, 10);
    // the HIS has sa with a wrong amount, lacks sb and every earlier settlement, and has one the center lacks
    const lines = [
      [sa.setl_id, sa.mdtrt_id, sa.psn_no, '21.00', sa.fund_pay_sumamt.toFixed(2), '0.00', '0'],
      ['999999', 'M1', 'P1', '5.00', '0.00', '0.00', '0'],
    ];
    const zip = zipSync({ 'detail.txt': strToU8(lines.map((l) => l.join('\t')).join('\n')) });
    const up = await call(sim.url, '9101', {
      fsUploadIn: { in: Buffer.from(zip).toString('base64'), filename: 'detail.zip', fixmedins_code: 'H33078200001' },
    });
    expect(up.infcode, up.err_msg ?? '').to.equal(0);
    const r = await call(sim.url, '3202', {
      data: {
        setl_optins: sa.clr_optins,
        file_qury_no: up.output!.file_qury_no,
        stmt_begndate: day,
        stmt_enddate: day,
        medfee_sumamt: 26,
        fund_pay_sumamt: 0,
        cash_payamt: 26,
        fixmedins_setl_cnt: 2,
      },
    });
    expect(r.infcode, r.err_msg ?? '').to.equal(0);
    const rows = await download(sim, r.output!.fileinfo.file_qury_no, r.output!.fileinfo.filename);
    for (const row of rows) expect(row).to.have.length(RECON_3202_RESULT_COLUMNS.length);
    const bySetl = new Map(rows.map((row) => [row[2], row[4]]));
    expect(bySetl.get(sa.setl_id)).to.equal('3');
    expect(bySetl.get(sb.setl_id)).to.equal('2');
    expect(bySetl.get('999999')).to.equal('1');
    const notZip = await call(sim.url, '9101', {
      fsUploadIn: { in: Buffer.from('hello').toString('base64'), filename: 'x.zip', fixmedins_code: 'H33078200001' },
    });
    const r2 = await call(sim.url, '3202', {
      data: {
        setl_optins: sa.clr_optins,
        file_qury_no: notZip.output!.file_qury_no,
        stmt_begndate: day,
        stmt_enddate: day,
        medfee_sumamt: 0,
        fund_pay_sumamt: 0,
        cash_payamt: 0,
        fixmedins_setl_cnt: 0,
      },
    });
    expect(r2.err_msg).to.contain('zip');
  });

  it('3301 stores matches (a drug matches only a drug); 3302 revokes one, twice is refused', async () => {
    const amox = codeOf('阿莫西林胶囊', '0.25g×24粒');
    const up = await call(sim.url, '3301', {
      catalogcompin: [
        {
          fixmedins_hilist_id: 'D0001',
          fixmedins_hilist_name: '阿莫西林胶囊',
          list_type: '101',
          med_list_codg: amox,
          begndate: '2026-12-01',
        },
      ],
    });
    expect([up.infcode, up.output!.succ_cnt]).to.deep.equal([0, 1]);
    const wrongKind = await call(sim.url, '3301', {
      catalogcompin: [
        {
          fixmedins_hilist_id: 'S0001',
          fixmedins_hilist_name: '诊查费',
          list_type: '201',
          med_list_codg: amox,
          begndate: '2026-12-01',
        },
      ],
    });
    expect(wrongKind.err_msg).to.contain('list_type');
    const revoke = () =>
      call(sim.url, '3302', {
        data: { fixmedins_code: 'H33078200001', fixmedins_hilist_id: 'D0001', list_type: '101', med_list_codg: amox },
      });
    expect((await revoke()).infcode).to.equal(0);
    expect((await revoke()).err_msg).to.contain('不存在');
  });

  it('1303 and code lists (1308–1315) as files; 1304/1316–1319 paged; 1901 gives a code table', async () => {
    for (const [infno, n] of [
      ['1303', 3],
      ['1308', 6],
      ['1309', 5],
      ['1310', 3],
      ['1311', 3],
      ['1313', 4],
      ['1314', 5],
      ['1315', 4],
    ] as const) {
      const o = (await call(sim.url, infno, { data: { ver: '0' } })).output!;
      const rows = await download(sim, o.file_qury_no, o.filename);
      expect(rows, infno).to.have.length(n);
      for (const r of rows) expect(r, infno).to.have.length(CATALOG_COLUMNS[infno].length);
    }
    const page = <N extends '1304' | '1316' | '1317' | '1318' | '1319'>(infno: N) =>
      call(sim.url, infno, {
        data: { query_date: '2026-12-08', updt_time: '2000-01-01 00:00:00', page_num: 1, page_size: 1000 },
      });
    expect((await page('1304')).output!.data.map((r) => r.list_type)).to.deep.equal(['105', '105', '105']);
    const caps = (await page('1318')).output!.data.filter((r) => r.hilist_code === codeOf('奥司他韦胶囊'));
    expect(caps.map((r) => [r.hilist_pric_uplmt_amt, r.begndate, r.enddate])).to.deep.equal([
      [3.5, '2025-01-01', null],
    ]);
    const amox = codeOf('阿莫西林胶囊', '0.25g×24粒');
    const old = (await page('1318')).output!.data.filter((r) => r.hilist_code === amox);
    expect(
      old.map((r) => r.enddate),
      'an ended cap',
    ).to.deep.equal(['2024-12-31']);
    expect((await page('1319')).output!.data.every((r) => r.selfpay_prop > 0 && r.selfpay_prop <= 1)).to.equal(true);
    // 1317: the matches 3301 stored (the 3301 test above: D0001 → amoxicillin)
    const held = (await page('1317')).output!.data;
    expect(held.find((r) => r.medins_list_codg === 'D0001')).to.include({ med_list_codg: amox });
    const t = await call(sim.url, '1901', { data: { type: 'insutype' } });
    expect(t.output!.list.find((x) => x.value === '390')).to.include({ label: '城乡居民基本医疗保险' });
    const unknown = await call(sim.url, '1901', { data: { type: 'nonesuch' } });
    expect(unknown.err_msg).to.contain('data.type');
  });

  it('9001 signs an operator in, 9002 out (once)', async () => {
    const a = await call(sim.url, '9001', { signIn: { opter_no: 'D001', mac: '00:11:22:33:44:55', ip: '10.0.0.2' } });
    const signNo = a.output!.signinoutb.sign_no;
    expect(signNo).to.match(/^\d+$/);
    const out = await call(sim.url, '9002', { signOut: { sign_no: signNo, opter_no: 'D001' } });
    expect(out.infcode).to.equal(0);
    const twice = await call(sim.url, '9002', { signOut: { sign_no: signNo, opter_no: 'D001' } });
    expect(twice.err_msg).to.contain('已签退');
  });
});
