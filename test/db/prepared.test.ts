// db/prepared.ts: a Kysely query built and compiled once, run with new values each time;
// misuse of a parameter (used in JavaScript instead of passed as a value) fails on first use.
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase, type OpenDb } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { bindTransaction, prepared } from '../../db/prepared.js';
import type { DepartmentKind } from '../../db/schema.js';
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

  it('runs on the connection: a transaction sees its own rows, a rollback drops them', async () => {
    let stale: Parameters<typeof byCode.first>[0] | null = null;
    await open.db
      .transaction()
      .execute(async (trx) => {
        const unbind = bindTransaction(trx); // as the unit of work does: prepared queries run directly
        stale = trx;
        const a = await insert.first(trx, { code: 'TX1', name: '事务一', now: 3 });
        expect((await byCode.first(trx, { code: 'TX1' }))?.id).to.equal(a!.id);
        expect((await rename.run(trx, { id: a!.id, name: '事务改' })).changes).to.equal(1);
        expect((await byCode.all(trx, { code: 'TX1' }))[0]?.name).to.equal('事务改');
        unbind();
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).to.equal('roll back'));
    expect(open.raw.inTransaction).to.equal(false);
    expect(await byCode.first(open.db, { code: 'TX1' })).to.equal(undefined);
    // a transaction used after its end is refused (by Kysely), not run on the connection
    await byCode.first(stale!, { code: 'TX1' }).then(
      () => expect.fail('should refuse'),
      (e: Error) => expect(e.message).to.match(/rolled back|committed/i),
    );
    // an unbound transaction (not the unit of work's) still works, through Kysely
    const viaKysely = await open.db
      .transaction()
      .execute(async (trx) => (await insert.first(trx, { code: 'TX4', name: '未绑定', now: 3 }))?.code);
    expect(viaKysely).to.equal('TX4');
    // run() reports the rowid of an INSERT without RETURNING
    const plain = prepared((db, p: { code: string }) =>
      db.insertInto('departments').values({
        code: p.code,
        name: '无返回',
        kind: 'clinic',
        pinyin_initials: 'wfh',
        pinyin_full: 'wufanhui',
        created_at: 1,
        updated_at: 1,
      }),
    );
    const r = await plain.run(open.db, { code: 'TX2' });
    expect(r.changes).to.equal(1);
    expect(r.insertId).to.equal((await byCode.first(open.db, { code: 'TX2' }))?.id);
  });

  it('on the database while a transaction is open: waits for its end, never sees or joins it', async () => {
    let inside!: () => void;
    const held = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = open.db.transaction().execute(async (trx) => {
      await insert.first(trx, { code: 'TX3', name: '事务三', now: 4 });
      inside();
      await gate;
    });
    await held;
    // the plain database's read waits for the transaction's end (it would see the row otherwise)
    const read = byCode.first(open.db, { code: 'TX3' });
    let done = false;
    void read.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).to.equal(false);
    release();
    await tx;
    expect((await read)?.name).to.equal('事务三');
  });

  it('keeps working after a schema change and on a second database', async () => {
    const count = prepared((db, p: { kind: DepartmentKind }) =>
      db
        .selectFrom('departments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', p.kind),
    );
    const before = (await count.first(open.db, { kind: 'clinic' }))!.n;
    open.raw.exec('CREATE INDEX prepared_test_kind ON departments (kind, code)');
    open.raw.exec('ALTER TABLE departments ADD COLUMN prepared_test_note TEXT');
    await insert.first(open.db, { code: 'SC1', name: '改表后', now: 5 });
    expect((await count.first(open.db, { kind: 'clinic' }))!.n).to.equal(before + 1);
    expect((await byCode.first(open.db, { code: 'SC1' }))?.name).to.equal('改表后');
    const second = openDatabase(path.join(tempDir('prepared2'), 'p.sqlite'));
    try {
      await migrate(second);
      expect((await count.first(second.db, { kind: 'clinic' }))!.n).to.not.equal(before + 1);
      await insert.first(second.db, { code: 'SC1', name: '另一库', now: 6 });
      expect((await byCode.first(second.db, { code: 'SC1' }))?.name).to.equal('另一库');
      expect((await byCode.first(open.db, { code: 'SC1' }))?.name).to.equal('改表后');
    } finally {
      await second.close();
    }
  });
});
