// Institution settings in memory (issue 10 item 6): read once, served from memory, and a
// change is visible to the next request — through the settings page (settings:changed), a
// direct write of the row (no event), a transaction's own uncommitted write, and a rollback.
import { expect } from 'chai';
import { openDatabase } from '../../../db/connection.js';
import { migrate } from '../../../db/migrate.js';
import { systemClock } from '../../lib/clock.js';
import { createUnitOfWork } from '../../lib/uow.js';
import { EventBus } from '../../realtime/bus.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { attachSettingsCache, settingsCacheStats } from './cache.js';
import * as repo from './repo.js';
import { calendarOf, getInstitutionSettings } from './service.js';

describe('settings in memory', () => {
  let ts: TestServer;
  let admin: ApiClient;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => {
    await ts?.stop();
  });

  it('serves repeated reads from memory, as one frozen object', async () => {
    const { db } = ts.server.modules;
    const a = await getInstitutionSettings(db);
    const before = settingsCacheStats(db)!;
    const b = await getInstitutionSettings(db);
    const c = await ts.server.modules.uow.write((tx) => getInstitutionSettings(tx.db));
    expect(b).to.equal(a);
    expect(c).to.equal(a);
    expect(settingsCacheStats(db)!.hits).to.equal(before.hits + 2);
    expect(settingsCacheStats(db)!.misses).to.equal(before.misses);
    expect(Object.isFrozen(a) && Object.isFrozen(a.prescription)).to.equal(true);
  });

  it('shows a change saved on the settings page to the next request', async () => {
    const s = (await admin.get('/api/settings/institution')).body;
    const r = await admin.put('/api/settings/institution', {
      ...s,
      name: '青山镇卫生院',
      code: 'H1',
      timeZone: 'Asia/Urumqi',
    });
    expect(r.status).to.equal(200);
    expect((await admin.get('/api/settings/public')).body).to.deep.include({
      name: '青山镇卫生院',
      timeZone: 'Asia/Urumqi',
    });
    expect((await calendarOf(ts.server.modules.db)).timeZone).to.equal('Asia/Urumqi');
  });

  it('sees a write that sends no event, and a transaction’s own write before and after a rollback', async () => {
    const { db, uow } = ts.server.modules;
    const write = async (q: Parameters<typeof repo.write>[0], name: string) => {
      const s = await getInstitutionSettings(q);
      await repo.write(q, 'institution', JSON.stringify({ ...s, name }), Date.now(), null);
    };
    await uow.write((tx) => write(tx.db, '直接写入'));
    expect((await admin.get('/api/settings/public')).body.name).to.equal('直接写入');
    try {
      await uow.write(async (tx) => {
        await write(tx.db, '未提交');
        expect((await getInstitutionSettings(tx.db)).name).to.equal('未提交');
        throw new Error('roll back');
      });
    } catch (e) {
      expect((e as Error).message).to.equal('roll back');
    }
    expect((await getInstitutionSettings(db)).name).to.equal('直接写入');
  });

  it('reads from the database as before where no cache is attached, and after detaching', async () => {
    const open = openDatabase(':memory:');
    try {
      await migrate(open, {});
      const uow = createUnitOfWork({ db: open.db, clock: systemClock, bus: new EventBus() });
      expect(settingsCacheStats(open.db)).to.equal(null);
      const a = await getInstitutionSettings(open.db);
      expect(await getInstitutionSettings(open.db)).to.not.equal(a);
      const detach = attachSettingsCache(open.db, open.raw);
      await uow.write((tx) => repo.write(tx.db, 'institution', JSON.stringify({ ...a, code: 'X1' }), tx.now, null));
      expect((await getInstitutionSettings(open.db)).code).to.equal('X1');
      detach();
      expect(settingsCacheStats(open.db)).to.equal(null);
    } finally {
      await open.close();
    }
  });
});
