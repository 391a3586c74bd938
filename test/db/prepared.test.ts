// db/prepared.ts: a Kysely query built and compiled once, run with new values each time;
// misuse of a parameter (used in JavaScript instead of passed as a value) fails on first use.
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase, type OpenDb } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { prepared } from '../../db/prepared.js';
import { tempDir } from '../helpers/server.js';

describe('prepared queries (db/prepared.ts)', () => {
  let open: OpenDb;
  before(async () => {
    open = openDatabase(path.join(tempDir('prepared'), 'p.sqlite'));
    await migrate(open);
  });
  after(() => open.close());

  const insert = prepared((db, p: { code: string; name: string; now: number }) =>
    db
      .insertInto('departments')
      .values({
        code: p.code,
        name: p.name,
        kind: 'clinic',
        pinyin_initials: 'yb',
        pinyin_full: 'yubei',
        created_at: p.now,
        updated_at: p.now,
      })
      .returning(['id', 'code']),
  );
  const byCode = prepared((db, p: { code: string }) =>
    db.selectFrom('departments').select(['id', 'name', 'active']).where('code', '=', p.code).where('active', '=', 1),
  );
  const rename = prepared((db, p: { id: number; name: string }) =>
    db.updateTable('departments').set({ name: p.name }).where('id', '=', p.id),
  );

  it('runs the same statement with new values, in and out of a transaction, typed', async () => {
    const a = await insert.first(open.db, { code: 'PQ1', name: '预备一', now: 1 });
    const b = await open.db.transaction().execute((trx) => insert.first(trx, { code: 'PQ2', name: '预备二', now: 2 }));
    expect(a?.code).to.equal('PQ1');
    expect(b?.code).to.equal('PQ2');
    expect(b!.id).to.be.greaterThan(a!.id);
    const row = await byCode.first(open.db, { code: 'PQ2' });
    expect(row).to.deep.equal({ id: b!.id, name: '预备二', active: 1 });
    expect(await byCode.first(open.db, { code: 'nope' })).to.equal(undefined);
    const r = await rename.run(open.db, { id: a!.id, name: '改名' });
    expect(r.changes).to.equal(1);
    expect((await byCode.all(open.db, { code: 'PQ1' }))[0]?.name).to.equal('改名');
    // the constant of the builder (active = 1) stays a bound value beside the parameter
    expect(byCode.sql(open.db)).to.match(/"code" = \? and "active" = \?/);
  });

  it('refuses a parameter used in an expression, a missing value, and a value left in the SQL', async () => {
    const glued = prepared((db, p: { q: string }) =>
      db.selectFrom('departments').select('id').where('name', 'like', `%${p.q}%`),
    );
    await glued.all(open.db, { q: 'x' }).then(
      () => expect.fail('should refuse'),
      (e: Error) => expect(e.message).to.match(/inside an expression/),
    );
    await byCode.all(open.db, {} as { code: string }).then(
      () => expect.fail('should refuse'),
      (e: Error) => expect(e.message).to.match(/parameter "code" is missing/),
    );
  });
});
