// Events are published only after their transaction commits (a rolled-back write pushes and
// stores nothing, not even through a replay), and a client whose gap can no longer be
// replayed is told to reload its snapshot.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { pruneOnce } from '../../server/jobs/housekeeping.js';
import { MAX_REPLAY } from '../../server/realtime/io.js';
import { ApiClient, adminClient, ManualClock, startTestServer, type TestServer } from '../helpers/server.js';
import { Collector, connect, emitTest, maxSeq, seqEver, settle, subscribeOk } from './socket-helpers.js';
import { rawEvent } from '../helpers/raw-event.js';

const count = (ts: TestServer, table: 'event_log' | 'audit_log') =>
  (ts.server.open.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('realtime: publish after commit', () => {
  let ts: TestServer;
  let cookie: string;
  const sockets: Socket[] = [];
  before(async () => {
    ts = await startTestServer();
    cookie = (await adminClient(ts)).cookie;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  after(async () => ts.stop());

  it('a transaction that throws after tx.emit publishes nothing and writes nothing', async () => {
    const s = await connect(ts.url, cookie);
    sockets.push(s);
    const col = new Collector().attach(s);
    const r = await subscribeOk(s, ['admin'], null);
    col.lastSeq = r.lastSeq;
    const events = count(ts, 'event_log');
    const audits = count(ts, 'audit_log');
    const before = maxSeq(ts);

    let err: unknown;
    try {
      await ts.server.modules.uow.write(async (tx) => {
        tx.emit(rawEvent('test:rolled-back', ['admin'], { i: -1 }));
        await tx.audit(
          { userId: null, username: 'test', ip: null, workstationId: null },
          { action: 'test.rolled-back' },
        );
        throw new Error('boom after emit');
      });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.equal('boom after emit');
    expect(count(ts, 'event_log')).to.equal(events);
    expect(count(ts, 'audit_log')).to.equal(audits);

    await emitTest(ts, 1);
    await col.until(() => col.applied.length === 1, 'the committed event');
    await settle(s);
    expect(col.received.map((e) => e.name)).to.deep.equal(['test:happened']);
    expect(col.received[0]!.seq).to.equal(before + 1);
  });

  it('a subscribe that runs while a transaction is open does not replay its uncommitted events', async () => {
    const s = await connect(ts.url, cookie);
    sockets.push(s);
    const col = new Collector().attach(s);
    const since = maxSeq(ts);
    col.lastSeq = since;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const failing = ts.server.modules.uow
      .write(async (tx) => {
        tx.emit(rawEvent('test:never', ['admin'], null));
        await tx.db.insertInto('sequences').values({ name: 'test-open-tx', value: 1 }).execute();
        inside();
        await gate; // a write that (wrongly) waits on the outside world mid-transaction
        throw new Error('rolled back');
      })
      .catch((e: Error) => e);
    await entered;
    const reply = await subscribeOk(s, ['admin'], since);
    release();
    expect(((await failing) as Error).message).to.equal('rolled back');
    await emitTest(ts, 2);
    await col.until(() => col.applied.length >= 1, 'the next committed event');
    await settle(s);
    expect(col.received.map((e) => e.name)).to.deep.equal(['test:happened']);
    expect(reply.replayed).to.equal(0);
    expect(reply.lastSeq).to.be.at.most(since);
    expect(
      ts.server.open.raw.prepare("SELECT count(*) AS n FROM sequences WHERE name = 'test-open-tx'").get(),
    ).to.deep.equal({ n: 0 });
  });
});

describe('realtime: resync when the gap is too old or too long', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 1, 0, 0));
  let ts: TestServer;
  const sockets: Socket[] = [];
  const hour = 3_600_000;
  before(async () => {
    ts = await startTestServer({ clock });
    await adminClient(ts);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  after(async () => ts.stop());

  async function freshSocket(): Promise<{ s: Socket; col: Collector }> {
    const c = new ApiClient(ts.url);
    const r = await c.signIn('admin', ts.admin.password);
    expect(r.status).to.equal(200);
    const s = await connect(ts.url, c.cookie);
    sockets.push(s);
    return { s, col: new Collector().attach(s) };
  }

  it('a since older than the oldest retained event gets resync; a since at the edge replays', async () => {
    for (let i = 0; i < 10; i++) await emitTest(ts, i);
    const oldLast = maxSeq(ts);
    clock.advance(49 * hour);
    for (let i = 10; i < 15; i++) await emitTest(ts, i);
    const pruned = await pruneOnce({ db: ts.server.modules.db, clock, eventRetentionHours: 48 });
    expect(pruned.events).to.be.greaterThanOrEqual(10);
    const oldest = (ts.server.open.raw.prepare('SELECT min(seq) AS m FROM event_log').get() as { m: number }).m;
    expect(oldest).to.equal(oldLast + 1);

    const { s, col } = await freshSocket();
    const r = await subscribeOk(s, ['admin'], oldLast - 5);
    expect(r.resync).to.equal(true);
    expect(r.replayed).to.equal(0);
    await col.until(() => col.resyncs.length === 1, 'the resync message');
    expect(col.resyncs[0]!.reason).to.be.a('string');
    expect(col.received).to.deep.equal([]);

    // A client that had applied everything up to just before the oldest retained event
    // still gets a normal replay.
    const edge = await subscribeOk(s, ['admin'], oldLast);
    expect(edge.resync).to.equal(false);
    expect(edge.replayed).to.equal(5);
    await col.until(() => col.received.length === 5, 'the 5 retained events');
    expect(col.received.map((e) => (e.payload as { i: number }).i)).to.deep.equal([10, 11, 12, 13, 14]);
  });

  it('resyncs a stale client even when every event has been pruned', async () => {
    const last = seqEver(ts);
    expect(last).to.equal(maxSeq(ts));
    clock.advance(49 * hour);
    await pruneOnce({ db: ts.server.modules.db, clock, eventRetentionHours: 48 });
    expect(maxSeq(ts)).to.equal(0);
    const { s, col } = await freshSocket();
    const stale = await subscribeOk(s, ['admin'], last - 3);
    expect(stale.resync).to.equal(true);
    await col.until(() => col.resyncs.length === 1, 'the resync message');
    // The reply still reports the highest seq ever given, so a first load starts there.
    expect(stale.lastSeq).to.equal(last);
    const current = await subscribeOk(s, ['admin'], last);
    expect(current.resync).to.equal(false);
    expect(current.replayed).to.equal(0);
  });

  it('more than MAX_REPLAY missed events is a resync, not a flood', async () => {
    const since = seqEver(ts);
    await ts.server.modules.uow.write(async (tx) => {
      for (let i = 0; i <= MAX_REPLAY; i++) tx.emit(rawEvent('test:bulk', ['admin'], { i }));
    });
    expect(maxSeq(ts)).to.equal(since + MAX_REPLAY + 1);
    const { s, col } = await freshSocket();
    const r = await subscribeOk(s, ['admin'], since);
    expect(r.resync).to.equal(true);
    expect(r.replayed).to.equal(0);
    await col.until(() => col.resyncs.length === 1, 'the resync message');
    await settle(s);
    expect(col.received).to.have.length(0);
    // Exactly MAX_REPLAY missed is still replayed.
    const ok = await subscribeOk(s, ['admin'], since + 1);
    expect(ok.resync).to.equal(false);
    expect(ok.replayed).to.equal(MAX_REPLAY);
  });
});
