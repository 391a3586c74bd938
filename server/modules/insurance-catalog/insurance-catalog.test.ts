// Insurer catalogs and matching (issue 11 item 4) over real HTTP against the insurer simulator:
// downloads (1301/1302/1305/1306/1307 by version, 1312 paged; idempotent), 智能匹配 → bulk confirm →
// 匹配审核 by another user → 3301 → matchOf → 3302, 类型一致, departments/diseases/staff codes,
// permissions, bad input (nothing changed), a bad catalog file refused by its line, live events.
import { expect } from 'chai';
import type SQLite from 'better-sqlite3';
import { zipSync, strToU8 } from 'fflate';
import { RoomListener, userViaApi } from '../../../test/helpers/admin.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { LATEST_VERSION } from '../../../simulator/insurer/catalogs.js';
import { startInsurerSimulator, type InsurerSimulator } from '../../../simulator/insurer/server.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { codeOf, openVisit } from '../../../simulator/insurer/testing.js';
import { codeLabels, departmentCode, diseaseCode, matchOf, staffCode } from './index.js';
import { createInsuranceCatalogService } from './service.js';

type User = Awaited<ReturnType<typeof userViaApi>>;

describe('insurer catalogs and matching (目录对照) against the insurer simulator', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let sim: InsurerSimulator;
  let admin: ApiClient;
  let keeper: User; // insurance.catalog only
  let cashier: User; // neither permission
  const ids = { amox: 0, azi: 0, odd: 0, visit: 0, ecg: 0, syringe: 0 };

  const item = (code: string, kind: string, name: string, spec: string | null, form: string | null, aprv?: string) => {
    const py = pinyinKeys(name);
    return Number(
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, spec, dosage_form, approval_no, unit, pack_unit, pack_size,
             price_fen, charge_category, drug_class, pinyin_initials, pinyin_full, invoice_confirmed, created_at,
             updated_at) VALUES (?, ?, ?, ?, ?, ?, '次', '次', 1, 500, '14', ?, ?, ?, 1, ?, ?)`,
        )
        .run(
          code,
          kind,
          name,
          spec,
          form,
          aprv ?? null,
          kind === 'drug' ? 'western' : null,
          py.initials,
          py.full,
          Date.now(),
          Date.now(),
        ).lastInsertRowid,
    );
  };
  const count = (table: string, where = '1') =>
    (raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
  const snapshot = () =>
    JSON.stringify(
      ['insurance_item_matches', 'insurance_department_codes', 'insurance_disease_codes', 'insurance_staff_codes'].map(
        (tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all(),
      ),
    );

  before(async () => {
    sim = await startInsurerSimulator({ port: 0 });
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    const cfg = await admin.get('/api/insurance/config');
    const r = await admin.put('/api/insurance/config', {
      version: cfg.body.version,
      enabled: true,
      gatewayUrl: sim.url,
      fixmedinsCode: 'H33078200001',
      fixmedinsName: '青山镇卫生院',
      mdtrtareaAdmvs: '330782',
      insuplcAdmdvs: '330782',
      recerSysCode: 'ZJYB',
      infver: 'V1.0',
      devNo: 'DESK01',
      signer: 'none',
      signerPaasid: '',
      timeoutMs: 5000,
      facilityLevel: 1,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    keeper = await userViaApi(ts, admin, ['storekeeper']);
    cashier = await userViaApi(ts, admin, ['registrar']);
    ids.amox = item('YP001', 'drug', '阿莫西林胶囊', '0.25g×24粒', '胶囊剂');
    ids.azi = item('YP002', 'drug', '阿奇霉素片', '0.25g×6片', '片剂');
    ids.odd = item('YP003', 'drug', '本院自制止咳糖浆', '100ml', '糖浆剂');
    ids.visit = item('FW001', 'service', '普通门诊诊察费', null, null);
    ids.ecg = item('FW002', 'service', '心电图', null, null);
    ids.syringe = item('CL001', 'material', '一次性使用无菌注射器(5ml)', '5ml', null);
    raw
      .prepare(`INSERT OR IGNORE INTO diagnoses (code, name, pinyin_initials, pinyin_full) VALUES (?, ?, '', '')`)
      .run('J06.900', '急性上呼吸道感染');
    raw
      .prepare(`INSERT OR IGNORE INTO diagnoses (code, name, pinyin_initials, pinyin_full) VALUES (?, ?, '', '')`)
      .run('I10', '原发性高血压');
  });
  after(async () => {
    await ts?.stop();
    await sim?.close();
  });

  it('refuses the pages to a user without the permission, and bad input naming the field', async () => {
    expect((await cashier.client.get('/api/insurance-catalog/items?kind=drug')).status).to.equal(403);
    expect((await cashier.client.post('/api/insurance-catalog/download', { infno: '1301' })).status).to.equal(403);
    const before = snapshot();
    let r = await admin.post('/api/insurance-catalog/download', { infno: '9999' });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('infno');
    r = await admin.get('/api/insurance-catalog/items?kind=pill');
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('kind');
    r = await admin.post('/api/insurance-catalog/items/link', { catalogItemId: ids.amox, medListCodg: 'X999' });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('medListCodg');
    expect(r.body.error.message).to.match(/has no code X999/);
    r = await admin.post('/api/insurance-catalog/items/smart', { kind: 'drug' });
    expect(r.status, 'no catalog held yet').to.equal(409);
    r = await admin.post('/api/insurance-catalog/items/confirm', { minScore: 90 });
    expect(r.status).to.equal(422);
    r = await admin.post('/api/insurance-catalog/staff/link', {
      links: [{ staffId: keeper.staffId, nationalCode: '12345' }],
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.match(/^links/);
    expect(snapshot()).to.equal(before);
  });

  it('downloads every catalog by version until up to date, then 1312 levels; again changes nothing', async () => {
    const room = await RoomListener.open(ts, admin.cookie, ['insurance-catalog']);
    try {
      for (const infno of ['1301', '1302', '1305', '1306', '1307']) {
        const r = await admin.post('/api/insurance-catalog/download', { infno });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.files, infno).to.be.greaterThan(0);
        expect(r.body.ver).to.match(/^2\d{10}$/);
        if (infno === '1301') expect(r.body.ver).to.equal(LATEST_VERSION);
      }
      await room.waitFor('insurance:catalog-changed', { kind: 'download', action: 'downloaded' });
    } finally {
      room.close();
    }
    const r12 = await admin.post('/api/insurance-catalog/download', { infno: '1312' });
    expect(r12.status, JSON.stringify(r12.body)).to.equal(200);
    expect(r12.body.rows).to.be.greaterThan(100);
    const amox = raw.prepare(`SELECT * FROM insurer_catalog_items WHERE name = '阿莫西林胶囊'`).get() as any;
    expect(amox.list_type).to.equal('101');
    expect(amox.chrgitm_lv).to.equal('01');
    const moxi = raw.prepare(`SELECT * FROM insurer_catalog_items WHERE name = '莫西沙星片'`).get() as any;
    expect(moxi.chrgitm_lv).to.equal('02');
    expect(moxi.selfpay_prop).to.equal(500);
    expect(moxi.price_cap_fen).to.equal(1050);
    expect(moxi.lmt_used_flag).to.equal(1);
    expect(count('insurer_diseases', `code = 'J06.900'`)).to.equal(1);
    const items = count('insurer_catalog_items');
    const versions = count('insurer_catalog_versions', `infno <> '1312'`);
    const again = await admin.post('/api/insurance-catalog/download', { infno: '1301' });
    expect(again.body.files).to.equal(0);
    expect(count('insurer_catalog_items')).to.equal(items);
    expect(count('insurer_catalog_versions', `infno <> '1312'`)).to.equal(versions);
    const st = await admin.get('/api/insurance-catalog/catalogs');
    const s1301 = st.body.items.find((c: any) => c.infno === '1301');
    expect(s1301.ver).to.equal(LATEST_VERSION);
    expect(s1301.rows).to.be.greaterThan(100);
    expect(s1301.running).to.equal(false);
  });

  it('智能匹配 proposes with a score, bulk-confirms ≥ 90; another reviews; 3301 uploads; 3302 revokes', async () => {
    const room = await RoomListener.open(ts, admin.cookie, ['insurance-catalog']);
    const smart = await keeper.client.post('/api/insurance-catalog/items/smart', { kind: 'drug' });
    expect(smart.status, JSON.stringify(smart.body)).to.equal(200);
    expect(smart.body.proposed).to.equal(2);
    expect(smart.body.unmatched).to.equal(1);
    await room.waitFor('insurance:catalog-changed', { kind: 'item', action: 'proposed' });
    room.close();
    let list = await keeper.client.get('/api/insurance-catalog/items?kind=drug');
    const amox = list.body.items.find((i: any) => i.id === ids.amox);
    expect(amox.match.state).to.equal('proposed');
    expect(amox.match.score).to.equal(95);
    expect(amox.match.insurerName).to.equal('阿莫西林胶囊');
    expect(list.body.items[0].match, 'unmatched first').to.equal(null);
    expect(list.body.counts).to.include({ total: 3, unmatched: 1, proposed: 2 });
    expect((await matchOf(ts.server.modules.db, [ids.amox])).size, 'a proposal does not count').to.equal(0);

    const conf = await keeper.client.post('/api/insurance-catalog/items/confirm', { kind: 'drug', minScore: 90 });
    expect(conf.body.changed).to.equal(2);
    expect((await matchOf(ts.server.modules.db, [ids.amox])).size, 'confirmed is not reviewed').to.equal(0);
    list = await keeper.client.get('/api/insurance-catalog/items?kind=drug&state=confirmed');
    const matchIds = list.body.items.map((i: any) => i.match.id);
    expect(matchIds).to.have.length(2);

    expect((await keeper.client.post('/api/insurance-catalog/items/review', { matchIds })).status).to.equal(403);
    // the administrator links the service himself: he may not review it
    const link = await admin.post('/api/insurance-catalog/items/link', {
      catalogItemId: ids.visit,
      medListCodg: '001102000010000',
    });
    expect(link.status, JSON.stringify(link.body)).to.equal(200);
    expect(link.body.match.state).to.equal('confirmed');
    const own = await admin.post('/api/insurance-catalog/items/review', { matchIds: [link.body.match.id] });
    expect(own.status).to.equal(403);
    expect(own.body.error.code).to.equal('review_by_matcher');

    const rev = await admin.post('/api/insurance-catalog/items/review', { matchIds });
    expect(rev.status, JSON.stringify(rev.body)).to.equal(200);
    const m = await matchOf(ts.server.modules.db, [ids.amox, ids.azi, ids.odd]);
    expect([...m.keys()].sort()).to.deep.equal([ids.amox, ids.azi].sort());
    expect(m.get(ids.amox)).to.include({ listType: '101', chrgitmLv: '01', name: '阿莫西林胶囊' });

    const up = await admin.post('/api/insurance-catalog/items/upload', { kind: 'drug' });
    expect(up.status, JSON.stringify(up.body)).to.equal(200);
    expect(up.body).to.include({ uploaded: 2, calls: 1 });
    const row = raw
      .prepare(`SELECT * FROM insurance_item_matches WHERE catalog_item_id = ? AND state <> 'revoked'`)
      .get(ids.amox) as any;
    expect(row.state).to.equal('uploaded');
    expect(row.upload_msgid).to.equal(up.body.msgids[0]);
    expect(count('insurance_calls', `infno = '3301' AND state = 'ok'`)).to.equal(1);

    const unl = await keeper.client.post('/api/insurance-catalog/items/unlink', { catalogItemIds: [ids.amox] });
    expect(unl.status).to.equal(409);
    expect(unl.body.error.code).to.equal('match_uploaded');
    const revk = await admin.post('/api/insurance-catalog/items/revoke', { matchIds: [row.id] });
    expect(revk.status, JSON.stringify(revk.body)).to.equal(200);
    expect((await matchOf(ts.server.modules.db, [ids.amox])).size).to.equal(0);
    const hist = raw
      .prepare(`SELECT state, revoke_msgid FROM insurance_item_matches WHERE catalog_item_id = ?`)
      .all(ids.amox) as any[];
    expect(hist).to.have.length(1);
    expect(hist[0].state).to.equal('revoked');
    expect(hist[0].revoke_msgid).to.be.a('string');
    const audits = raw
      .prepare(`SELECT action FROM audit_log WHERE entity = 'catalog_item' AND entity_id = ? ORDER BY id`)
      .all(String(ids.amox))
      .map((a: any) => a.action);
    expect(audits).to.deep.equal([
      'insurance_match.confirm',
      'insurance_match.review',
      'insurance_match.upload',
      'insurance_match.revoke',
    ]);
    // a revoked match is history: the item is unmatched again and may be linked anew
    const relink = await keeper.client.post('/api/insurance-catalog/items/link', {
      catalogItemId: ids.amox,
      medListCodg: row.med_list_codg,
    });
    expect(relink.body.match.state).to.equal('confirmed');
    expect(count('insurance_item_matches', `catalog_item_id = ${ids.amox}`)).to.equal(2);
  });

  it('类型一致: a drug never matches a service or material code, and says why', async () => {
    const before = snapshot();
    const r = await keeper.client.post('/api/insurance-catalog/items/link', {
      catalogItemId: ids.odd,
      medListCodg: '001102000010000',
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.field).to.equal('medListCodg');
    expect(r.body.error.message).to.match(/Types differ.* is a drug, .* is Service \(201\)/);
    const syr = raw
      .prepare(`SELECT med_list_codg FROM insurer_catalog_items WHERE list_type = '301' LIMIT 1`)
      .get() as any;
    const r2 = await keeper.client.post('/api/insurance-catalog/items/link', {
      catalogItemId: ids.ecg,
      medListCodg: syr.med_list_codg,
    });
    expect(r2.status).to.equal(422);
    expect(snapshot()).to.equal(before);
    // smart matching of materials proposes only 301 rows
    const sm = await keeper.client.post('/api/insurance-catalog/items/smart', { kind: 'material' });
    expect(sm.body.proposed).to.equal(1);
    const mat = raw
      .prepare(`SELECT list_type, score FROM insurance_item_matches WHERE catalog_item_id = ?`)
      .get(ids.syringe) as any;
    expect(mat).to.deep.equal({ list_type: '301', score: 95 });
  });

  it('departments, diseases and staff: proposals, links, 匹配审核 by another user, single-query look-ups', async () => {
    const d = await admin.post('/api/departments', { code: 'MZB', name: '门诊部', kind: 'clinic' });
    const k = await admin.post('/api/departments', { code: 'KQK', name: '口腔科', kind: 'clinic' });
    const props = await keeper.client.post('/api/insurance-catalog/departments/smart');
    const byId = new Map(props.body.proposals.map((p: any) => [p.key, p]));
    expect(byId.get(d.body.id)).to.include({ code: 'A02', name: '全科医疗科' });
    expect(byId.get(k.body.id)).to.include({ code: 'A12' });
    expect(await departmentCode(ts.server.modules.db, d.body.id), 'nothing saved').to.equal(null);
    const save = await keeper.client.post('/api/insurance-catalog/departments/link', {
      links: [{ departmentId: d.body.id, caty: 'A02' }],
    });
    expect(save.body.changed).to.equal(1);
    expect(await departmentCode(ts.server.modules.db, d.body.id), 'confirmed, not reviewed').to.equal(null);
    expect(
      (await keeper.client.post('/api/insurance-catalog/departments/review', { departmentIds: [d.body.id] })).status,
    ).to.equal(403);
    const dr = await admin.post('/api/insurance-catalog/departments/review', { departmentIds: [d.body.id] });
    expect(dr.status, JSON.stringify(dr.body)).to.equal(200);
    expect(await departmentCode(ts.server.modules.db, d.body.id)).to.deep.equal({
      caty: 'A02',
      catyName: '全科医疗科',
    });
    // a smart proposal kept as proposed: confirmed by the administrator, who then may not review it himself
    const kp = await admin.post('/api/insurance-catalog/departments/link', {
      links: [{ departmentId: k.body.id, caty: 'A12' }],
      proposed: true,
    });
    expect(kp.status, JSON.stringify(kp.body)).to.equal(200);
    let early = await admin.post('/api/insurance-catalog/departments/review', { departmentIds: [k.body.id] });
    expect(early.status).to.equal(422);
    expect(early.body.error.field).to.equal('departmentIds');
    expect(
      (await admin.post('/api/insurance-catalog/departments/confirm', { departmentIds: [k.body.id] })).status,
    ).to.equal(200);
    const mine = await admin.post('/api/insurance-catalog/departments/review', { departmentIds: [k.body.id] });
    expect(mine.status).to.equal(403);
    expect(mine.body.error.code).to.equal('review_by_matcher');
    expect(await departmentCode(ts.server.modules.db, k.body.id)).to.equal(null);
    const list = await keeper.client.get('/api/insurance-catalog/departments');
    const states = new Map(list.body.items.map((x: any) => [x.id, x.state]));
    expect([states.get(d.body.id), states.get(k.body.id)]).to.deep.equal(['reviewed', 'confirmed']);
    // a changed 科别 goes back to confirmed and stops counting until reviewed again
    await keeper.client.post('/api/insurance-catalog/departments/link', {
      links: [{ departmentId: d.body.id, caty: 'A03' }],
    });
    expect(await departmentCode(ts.server.modules.db, d.body.id)).to.equal(null);
    early = await admin.post('/api/insurance-catalog/departments/review', { departmentIds: [d.body.id] });
    expect(early.status).to.equal(200);
    expect((await departmentCode(ts.server.modules.db, d.body.id))?.caty).to.equal('A03');

    const dp = await keeper.client.post('/api/insurance-catalog/diseases/smart', {});
    const dmap = new Map(dp.body.proposals.map((p: any) => [p.key, p]));
    expect(dmap.get('J06.900')).to.include({ code: 'J06.900', score: 100 });
    expect(dmap.get('I10')).to.include({ code: 'I10.x00', score: 95 });
    const dl = await keeper.client.post('/api/insurance-catalog/diseases/link', {
      links: [{ localCode: 'I10', diseCode: 'I10.x00', score: 95 }],
    });
    expect(dl.status, JSON.stringify(dl.body)).to.equal(200);
    expect(await diseaseCode(ts.server.modules.db, 'I10'), 'not reviewed yet').to.equal(null);
    const dr2 = await admin.post('/api/insurance-catalog/diseases/review', { localCodes: ['I10'] });
    expect(dr2.status, JSON.stringify(dr2.body)).to.equal(200);
    expect(await diseaseCode(ts.server.modules.db, 'I10')).to.deep.equal({ code: 'I10.x00', name: '原发性高血压' });
    const again = await admin.post('/api/insurance-catalog/diseases/review', { localCodes: ['I10'] });
    expect(again.status, 'reviewed once').to.equal(422);
    const dlist = await keeper.client.get('/api/insurance-catalog/diseases?q=I10');
    expect(dlist.body.items.find((x: any) => x.code === 'I10')).to.include({ state: 'reviewed', diseCode: 'I10.x00' });
    const bad = await keeper.client.post('/api/insurance-catalog/diseases/link', {
      links: [{ localCode: 'J06.900', diseCode: 'Z99.999' }],
    });
    expect(bad.status).to.equal(422);

    const s1 = await keeper.client.post('/api/insurance-catalog/staff/link', {
      links: [{ staffId: keeper.staffId, nationalCode: 'd330782000123' }],
    });
    expect(s1.status, JSON.stringify(s1.body)).to.equal(200);
    expect(await staffCode(ts.server.modules.db, keeper.staffId)).to.equal('D330782000123');
    const taken = await keeper.client.post('/api/insurance-catalog/staff/link', {
      links: [{ staffId: cashier.staffId, nationalCode: 'D330782000123' }],
    });
    expect(taken.status).to.equal(409);
    expect(await staffCode(ts.server.modules.db, cashier.staffId)).to.equal(null);
  });

  it('a catalog file with a bad row is refused naming its line; nothing of it is stored', async () => {
    const m = ts.server.modules;
    const good = [
      'XBAD00001',
      '好药片',
      '好药片',
      '片剂',
      '0.1g',
      '某厂',
      '国药准字H1',
      '片',
      '101',
      '09',
      '1',
      'r1',
      '2026-07-01 00:00:00',
      '20260701001',
    ];
    const bad = [...good];
    bad[0] = 'XBAD00002';
    bad[8] = '201';
    const zip = zipSync({ 'a.txt': strToU8(`${good.join('\t')}\n${bad.join('\t')}\n`) });
    const fake = {
      call: async () => ({
        callId: 0,
        msgid: 'm',
        warnMsg: null,
        output: { file_qury_no: 'F1', filename: 'bad.zip', data_cnt: 2, ver: '20260701001' },
      }),
      download9102: async () => ({ callId: 0, bytes: zip }),
    };
    const svc = createInsuranceCatalogService(m, fake as never);
    const actor = { userId: 1, username: 'admin', staffName: 'x', ip: null, workstationId: null } as never;
    const before = count('insurer_catalog_items');
    let err: any = null;
    try {
      await svc.download(actor, '1301');
    } catch (e) {
      err = e;
    }
    expect(err?.code).to.equal('catalog_bad_file');
    expect(err.text.zh).to.match(/bad\.zip 第 2 行.*list_type/);
    expect(count('insurer_catalog_items')).to.equal(before);
    expect(count('insurer_catalog_items', `med_list_codg = 'XBAD00001'`)).to.equal(0);
  });

  it('the other catalogs: 1303, 1308–1311, 1313–1315 files, 1304/1316/1318/1319 pages, 1901; again', async () => {
    const room = await RoomListener.open(ts, admin.cookie, ['insurance-catalog']);
    try {
      for (const infno of ['1303', '1308', '1309', '1310', '1311', '1313', '1314', '1315']) {
        const r = await admin.post('/api/insurance-catalog/download', { infno });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.files, infno).to.be.greaterThan(0);
        expect(r.body.ver, infno).to.equal(LATEST_VERSION);
      }
      for (const infno of ['1304', '1316', '1318', '1319', '1901']) {
        const r = await admin.post('/api/insurance-catalog/download', { infno });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.rows, infno).to.be.greaterThan(0);
      }
      await room.waitFor('insurance:catalog-changed', { kind: 'download', action: 'downloaded' });
    } finally {
      room.close();
    }
    // preparations (104) and ethnic drugs (105) are chargeable items; the code lists keep their other fields
    expect(count('insurer_catalog_items', `source_infno = '1303' AND list_type = '104'`)).to.equal(3);
    expect(count('insurer_catalog_items', `source_infno = '1304' AND list_type = '105'`)).to.equal(3);
    const cl = await keeper.client.get('/api/insurance-catalog/code-lists?infno=1309&q=高血压');
    expect(cl.status, JSON.stringify(cl.body)).to.equal(200);
    expect(cl.body.items[0]).to.deep.include({ code: 'M03900', name: '高血压', valid: true });
    expect(cl.body.items[0].fields.opsp_dise_majcls_name).to.equal('慢性病');
    const badList = await keeper.client.get('/api/insurance-catalog/code-lists?infno=1301');
    expect(badList.status).to.equal(422);
    expect(badList.body.error.field).to.equal('infno');
    const badType = await keeper.client.get('/api/insurance-catalog/code-tables?type=Bad-Type');
    expect(badType.status).to.equal(422);
    expect(badType.body.error.field).to.equal('type');
    const twice = await admin.post('/api/insurance-catalog/diseases/review', { localCodes: ['I10', 'I10'] });
    expect([twice.status, twice.body.error.field]).to.deep.equal([422, 'localCodes']);
    const noCode = await admin.post('/api/insurance-catalog/diseases/review', { localCodes: ['Z00.000'] });
    expect(noCode.status).to.equal(422);
    expect(noCode.body.error.field).to.equal('localCodes');
    expect(count('insurer_code_lists', `infno = '1313' AND code = 'M8140/3'`)).to.equal(1);
    expect(count('insurer_held_matches', `infno = '1316'`)).to.be.greaterThan(100);
    // 1301's trade name is stored and found
    const amox = raw.prepare(`SELECT trade_name FROM insurer_catalog_items WHERE med_list_codg = 'X000001A0022693'`);
    expect((amox.get() as any).trade_name).to.equal('阿莫仙');
    const found = await keeper.client.get('/api/insurance-catalog/insurer-items?q=阿莫仙');
    expect(found.body.items.map((i: any) => i.medListCodg)).to.include('X000001A0022693');
    // 1318/1319: the newest row valid today wins; a code whose only rule ended has no cap
    const moxi = raw.prepare(`SELECT * FROM insurer_catalog_items WHERE name = '莫西沙星片'`).get() as any;
    expect([moxi.price_cap_fen, moxi.price_cap_begndate, moxi.price_cap_enddate]).to.deep.equal([
      1050,
      '2025-01-01',
      null,
    ]);
    expect([moxi.selfpay_prop, moxi.selfpay_begndate]).to.deep.equal([500, '2025-01-01']);
    const amoxCap = raw.prepare(`SELECT price_cap_fen FROM insurer_catalog_items WHERE med_list_codg = ?`);
    expect((amoxCap.get('X000001A0022693') as any).price_cap_fen, 'its 2024 cap ended').to.equal(null);
    const clav = raw
      .prepare(`SELECT selfpay_prop, selfpay_begndate FROM insurer_catalog_items WHERE med_list_codg = ?`)
      .get('X000002A0017367') as any;
    expect(clav.selfpay_begndate, 'the current ratio, not the 2024 one').to.equal('2025-01-01');
    expect(clav.selfpay_prop).to.not.equal(2000);
    // 1901: the insurer's labels win over the seed's, the seed completes them
    const labels = await codeLabels(ts.server.modules.db, 'psn_type');
    expect(labels.get('1502')).to.equal('城乡居民(60周岁以上)');
    expect(labels.get('1503')).to.equal('城乡居民(未成年人)');
    const tables = await keeper.client.get('/api/insurance-catalog/code-tables?type=med_type');
    expect(tables.body.items.find((x: any) => x.value === '9901')).to.include({ source: 'insurer' });
    // the status list names every catalog with its rows; again: nothing new
    const st = await admin.get('/api/insurance-catalog/catalogs');
    const rows = new Map(st.body.items.map((c: any) => [c.infno, c.rows]));
    expect(st.body.items).to.have.length(20);
    expect(rows.get('1308')).to.equal(6);
    expect(rows.get('1318')).to.be.greaterThan(3);
    const files = count('insurer_catalog_versions', `infno IN ('1303', '1309')`);
    for (const infno of ['1303', '1309'])
      expect((await admin.post('/api/insurance-catalog/download', { infno })).body.files, infno).to.equal(0);
    expect(count('insurer_catalog_versions', `infno IN ('1303', '1309')`)).to.equal(files);
    // a page asks from the newest updt_time held (inclusive): the same rows again, nothing added
    const held = [count('insurer_catalog_items'), count('insurer_price_rules')];
    for (const infno of ['1304', '1318'])
      expect((await admin.post('/api/insurance-catalog/download', { infno })).status, infno).to.equal(200);
    expect([count('insurer_catalog_items'), count('insurer_price_rules')]).to.deep.equal(held);
  });

  it('1318 cap applied to a matched item is the one the simulator charges 超限价 against (2204)', async () => {
    const code = codeOf('奥司他韦胶囊');
    const local = item('YP009', 'drug', '奥司他韦胶囊', '75mg×10粒', '胶囊剂');
    const l = await keeper.client.post('/api/insurance-catalog/items/link', {
      catalogItemId: local,
      medListCodg: code,
    });
    expect(l.status, JSON.stringify(l.body)).to.equal(200);
    expect((await admin.post('/api/insurance-catalog/items/review', { matchIds: [l.body.match.id] })).status).to.equal(
      200,
    );
    const m = (await matchOf(ts.server.modules.db, [local])).get(local)!;
    expect(m.priceCapFen).to.equal(350);
    const list = await keeper.client.get('/api/insurance-catalog/items?kind=drug&q=YP009');
    expect(list.body.items[0].match).to.include({ priceCapFen: 350, priceCapFrom: '2025-01-01', priceCapTo: null });
    const v = await openVisit(sim.url, '赵丽华', [{ code, pric: 3.98, cnt: 10, appr: '1' }]);
    const line = v.upload!.output!.result[0]!;
    expect(line.overlmt_amt).to.equal(((398 - m.priceCapFen!) * 10) / 100);
  });

  it('1317: what the insurer holds for us beside our matches, a mismatch named', async () => {
    const r = await admin.post('/api/insurance-catalog/download', { infno: '1317' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    let list = await keeper.client.get('/api/insurance-catalog/items?kind=drug');
    const azi = list.body.items.find((i: any) => i.id === ids.azi);
    expect(azi.match.state).to.equal('uploaded');
    expect(azi.held).to.include({ medListCodg: azi.match.medListCodg, valid: true });
    expect(azi.heldMismatch).to.equal(null);
    expect(azi.listedIn1316, '1316 lists the matched code').to.equal(true);
    // here uploaded but not there; there but no longer uploaded here
    raw
      .prepare(`UPDATE insurance_item_matches SET state = 'uploaded' WHERE catalog_item_id = ? AND state <> 'revoked'`)
      .run(ids.amox);
    raw.prepare(`UPDATE insurance_item_matches SET state = 'reviewed' WHERE catalog_item_id = ?`).run(ids.azi);
    list = await keeper.client.get('/api/insurance-catalog/items?kind=drug');
    const byId = new Map(list.body.items.map((i: any) => [i.id, i]));
    expect((byId.get(ids.amox) as any).heldMismatch).to.equal('absent-there');
    expect((byId.get(ids.azi) as any).heldMismatch).to.equal('absent-here');
    const only = await keeper.client.get('/api/insurance-catalog/held-only');
    expect(only.body.items.map((x: any) => x.catalogItemId)).to.deep.equal([ids.azi]);
  });

  it('bad 1309/1318/1901 rows are refused naming the line or row; nothing of the file or page is stored', async () => {
    const m = ts.server.modules;
    const actor = { userId: 1, username: 'admin', staffName: 'x', ip: null, workstationId: null } as never;
    const catch_ = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e as any;
      }
      return null;
    };
    const row = (code: string, flag: string) =>
      [code, '某病', '慢性病', '', '', flag, `r${code}`, '2026-07-01 00:00:00', '20260701001'].join('\t');
    const zip = zipSync({ 'a.txt': strToU8(`${row('MX0001', '1')}\n${row('MX0002', 'y')}\n`) });
    const fileFake = {
      call: async () => ({
        callId: 0,
        msgid: 'm',
        warnMsg: null,
        output: { file_qury_no: 'F1', filename: 'c.zip', data_cnt: 2, ver: '20260701001' },
      }),
      download9102: async () => ({ callId: 0, bytes: zip }),
    };
    let err = await catch_(createInsuranceCatalogService(m, fileFake as never).download(actor, '1309'));
    expect(err?.code).to.equal('catalog_bad_file');
    expect(err.text.zh).to.match(/c\.zip 第 2 行.*vali_flag/);
    expect(count('insurer_code_lists', `code LIKE 'MX%'`)).to.equal(0);

    const cap = (rid: string, amt: unknown, begn: string, end: string | null) => ({
      hilist_code: 'X000020A0016689',
      hilist_lmtpric_type: '1',
      overlmt_dspo_way: '1',
      insu_admdvs: '330782',
      begndate: begn,
      enddate: end,
      hilist_pric_uplmt_amt: amt,
      vali_flag: '1',
      rid,
      updt_time: '2026-11-01 00:00:00',
    });
    const pageFake = (data: unknown[]) => ({
      call: async () => ({
        callId: 0,
        msgid: 'm',
        warnMsg: null,
        output: { data, pages: 1, recordCounts: data.length },
      }),
      download9102: async () => ({ callId: 0, bytes: new Uint8Array() }),
    });
    const before = raw.prepare(`SELECT * FROM insurer_price_rules ORDER BY id`).all();
    err = await catch_(
      createInsuranceCatalogService(
        m,
        pageFake([cap('N1', 9, '2026-01-01', null), cap('N2', 'abc', '2026-02-01', null)]) as never,
      ).download(actor, '1318'),
    );
    expect(err?.code).to.equal('insurer_bad_answer');
    expect(err.field ?? err.text.zh).to.match(/data\[1\]/);
    expect(raw.prepare(`SELECT * FROM insurer_price_rules ORDER BY id`).all()).to.deep.equal(before);
    // two valid caps: the later begndate wins; one that starts next year does not count yet
    const ok = await createInsuranceCatalogService(
      m,
      pageFake([
        cap('N1', 9, '2026-01-01', null),
        cap('N3', 8, '2026-06-01', null),
        cap('N4', 1, '2099-01-01', null),
      ]) as never,
    ).download(actor, '1318');
    expect(ok.rows).to.equal(3);
    const moxi = raw.prepare(
      `SELECT price_cap_fen, price_cap_begndate FROM insurer_catalog_items WHERE name = '莫西沙星片'`,
    );
    expect(moxi.get()).to.deep.equal({ price_cap_fen: 800, price_cap_begndate: '2026-06-01' });

    const tableFake = {
      call: async () => ({ callId: 0, msgid: 'm', warnMsg: null, output: { list: [{ value: '1', label: '' }] } }),
      download9102: async () => ({ callId: 0, bytes: new Uint8Array() }),
    };
    const tables = count('insurer_code_tables');
    err = await catch_(createInsuranceCatalogService(m, tableFake as never).download(actor, '1901'));
    expect(err?.code).to.equal('insurer_bad_answer');
    expect(count('insurer_code_tables')).to.equal(tables);
  });
});
