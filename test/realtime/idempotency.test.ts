// The unit of work's idempotency keys: a retried write (same key, same request) has one
// effect and returns the first result; a key reused for a different request is refused;
// a failed write stores nothing, so the retry runs for real.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { DomainError } from '../../core/errors.js';
import type { Idempotency } from '../../server/lib/uow.js';
import { adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { Collector, connect, settle, subscribeOk } from './socket-helpers.js';
import { rawEvent } from '../helpers/raw-event.js';

describe('unit of work: idempotency keys', () => {
  let ts: TestServer;
  let socket: Socket;
  let col: Collector;
  before(async () => {
    ts = await startTestServer();
    const admin = await adminClient(ts);
    socket = await connect(ts.url, admin.cookie);
    col = new Collector().attach(socket);
    col.lastSeq = (await subscribeOk(socket, ['admin'], null)).lastSeq;
  });
  after(async () => {
    socket.close();
    await ts.stop();
  });

  const raw = () => ts.server.open.raw;
  const seqValue = (name: string) =>
    (raw().prepare('SELECT value FROM sequences WHERE name = ?').get(name) as { value: number } | undefined)?.value;
  const keyRows = (key: string) =>
    (raw().prepare('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?').get(key) as { n: number }).n;

  /** A write with a visible effect: bumps a counter row, audits and emits. Returns the new value. */
  function bump(name: string, idem?: Idempotency, opts: { failAfter?: boolean } = {}) {
    let ran = false;
    const p = ts.server.modules.uow.write(async (tx) => {
      ran = true;
      const row = await tx.db.selectFrom('sequences').select('value').where('name', '=', name).executeTakeFirst();
      const value = (row?.value ?? 0) + 1;
      if (row) await tx.db.updateTable('sequences').set({ value }).where('name', '=', name).execute();
      else await tx.db.insertInto('sequences').values({ name, value }).execute();
      await tx.audit(
        { userId: 1, username: 'admin', ip: null, workstationId: null },
        { action: 'test.bump', entity: 'sequence', entityId: name, before: { value: value - 1 }, after: { value } },
      );
      tx.emit(rawEvent('test:bumped', ['admin'], { name, value }));
      if (opts.failAfter) throw new Error('failed after the effect');
      return { name, value, at: tx.now };
    }, idem);
    return { p, ran: () => ran };
  }

  it('the same key twice has one effect and returns the same result', async () => {
    const idem: Idempotency = {
      key: 'key-same-0001',
      userId: 1,
      operation: 'post /test/bump',
      request: { body: { name: 'a' } },
    };
    const first = bump('a', idem);
    const r1 = await first.p;
    const second = bump('a', { ...idem, request: { body: { name: 'a' } } }); // an equal, separately built request
    const r2 = await second.p;
    expect(first.ran()).to.equal(true);
    expect(second.ran()).to.equal(false);
    expect(r2).to.deep.equal(r1);
    expect(seqValue('a')).to.equal(1);
    expect(keyRows('key-same-0001')).to.equal(1);
    const audits = raw()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'test.bump' AND entity_id = 'a'")
      .get() as { n: number };
    expect(audits.n).to.equal(1);
    await settle(socket);
    expect(col.received.filter((e) => (e.payload as { name: string }).name === 'a')).to.have.length(1);
  });

  it('concurrent submits with the same key (a double click) still have one effect', async () => {
    const idem: Idempotency = {
      key: 'key-double-0001',
      userId: 1,
      operation: 'post /test/bump',
      request: { body: { name: 'b' } },
    };
    const results = await Promise.all([bump('b', idem).p, bump('b', idem).p, bump('b', idem).p]);
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[2]).to.deep.equal(results[0]);
    expect(seqValue('b')).to.equal(1);
  });

  it('the same key with a different request or operation is 409 idempotency_key_reused', async () => {
    const idem: Idempotency = {
      key: 'key-reuse-0001',
      userId: 1,
      operation: 'post /test/bump',
      request: { body: { name: 'c' } },
    };
    await bump('c', idem).p;
    for (const changed of [
      { ...idem, request: { body: { name: 'c', extra: 1 } } },
      { ...idem, operation: 'put /test/other' },
    ]) {
      const attempt = bump('c', changed);
      const err = await attempt.p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(DomainError);
      expect((err as DomainError).status).to.equal(409);
      expect((err as DomainError).code).to.equal('idempotency_key_reused');
      expect(attempt.ran()).to.equal(false);
    }
    expect(seqValue('c')).to.equal(1);
  });

  it('keys belong to a user: the same key of another user is a separate write', async () => {
    const idem: Idempotency = {
      key: 'key-user-0001',
      userId: 1,
      operation: 'post /test/bump',
      request: { body: { name: 'd' } },
    };
    await bump('d', idem).p;
    const r = await bump('d', { ...idem, userId: 2 }).p;
    expect(r.value).to.equal(2);
  });

  it('a failed write stores nothing (no key, no effect, no event), and the retry runs', async () => {
    const idem: Idempotency = {
      key: 'key-fail-0001',
      userId: 1,
      operation: 'post /test/bump',
      request: { body: { name: 'e' } },
    };
    const before = col.received.length;
    const failing = bump('e', idem, { failAfter: true });
    const err = await failing.p.then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).to.equal('failed after the effect');
    expect(keyRows('key-fail-0001')).to.equal(0);
    expect(seqValue('e')).to.equal(undefined);
    const retry = bump('e', idem);
    const r = await retry.p;
    expect(retry.ran()).to.equal(true);
    expect(r.value).to.equal(1);
    expect(keyRows('key-fail-0001')).to.equal(1);
    await settle(socket);
    const mine = col.received.slice(before).filter((e) => (e.payload as { name: string }).name === 'e');
    expect(mine.map((e) => (e.payload as { value: number }).value)).to.deep.equal([1]);
  });
});
