// The resume guarantee of the live link: a client that was away asks "since seq N" and
// gets every event it missed, once, in order; writes that race with the re-subscribe are
// neither lost nor reordered once the client drops seq ≤ the highest it applied.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../helpers/server.js';
import { Collector, connect, connected, emitTest, maxSeq, openSocket, subscribeOk } from './socket-helpers.js';

describe('realtime: resume after a disconnect', () => {
  let ts: TestServer;
  let admin: ApiClient;
  const sockets: Socket[] = [];
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  after(async () => ts.stop());

  it('delivers all 100 events committed while away exactly once, in order, with rising seq', async () => {
    const col = new Collector();
    const first = await connect(ts.url, admin.cookie);
    sockets.push(first);
    col.attach(first);
    const r0 = await subscribeOk(first, ['admin'], null);
    expect(r0.joined).to.deep.equal(['admin']);
    expect(r0.replayed).to.equal(0);
    col.lastSeq = r0.lastSeq;

    for (let i = 0; i < 5; i++) await emitTest(ts, i);
    await col.until(() => col.applied.length === 5, 'the 5 live events');
    expect(col.applied.map((e) => (e.payload as { i: number }).i)).to.deep.equal([0, 1, 2, 3, 4]);
    const lastApplied = col.lastSeq;

    first.close();
    for (let i = 0; i < 100; i++) await emitTest(ts, 100 + i); // 100 separate transactions
    expect(maxSeq(ts)).to.equal(lastApplied + 100);

    const again = new Collector();
    again.lastSeq = lastApplied;
    const second = openSocket(ts.url, admin.cookie);
    sockets.push(second);
    again.attach(second);
    await connected(second);
    const r1 = await subscribeOk(second, ['admin'], lastApplied);
    expect(r1.resync).to.equal(false);
    expect(r1.replayed).to.equal(100);
    expect(r1.lastSeq).to.equal(lastApplied + 100);
    await again.until(() => again.applied.length === 100, '100 replayed events');

    // Exactly once: the raw stream (before any dedupe) has no duplicates.
    expect(again.received).to.have.length(100);
    expect(again.applied.map((e) => (e.payload as { i: number }).i)).to.deep.equal(
      Array.from({ length: 100 }, (_, i) => 100 + i),
    );
    const seqs = again.applied.map((e) => e.seq);
    expect(seqs).to.deep.equal(Array.from({ length: 100 }, (_, i) => lastApplied + 1 + i));
    for (const e of again.applied) {
      expect(e.name).to.equal('test:happened');
      expect(e.at).to.be.a('number');
    }
    expect(again.resyncs).to.deep.equal([]);

    // After the replay the socket is live in the room.
    await emitTest(ts, 999);
    await again.until(() => again.applied.length === 101, 'the live event after resume');
    expect(again.applied[100]!.seq).to.equal(lastApplied + 101);
  });

  it('loses and reorders nothing when writes interleave with the re-subscribe (socket.io reconnection)', async () => {
    const col = new Collector();
    const s = openSocket(ts.url, admin.cookie, { reconnection: true });
    sockets.push(s);
    col.attach(s);
    let subscribes = 0;
    // The browser's pattern: (re)subscribe with the highest applied seq on every connect.
    s.on('connect', () => {
      subscribes++;
      void subscribeOk(s, ['admin'], subscribes === 1 ? null : col.lastSeq).then((r) => {
        if (subscribes === 1) col.lastSeq = Math.max(col.lastSeq, r.lastSeq);
      });
    });
    await connected(s);
    await col.until(() => subscribes === 1 && col.lastSeq >= maxSeq(ts), 'first subscribe');
    const start = col.lastSeq;

    const total = 300;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; i < total; i++) {
        await emitTest(ts, i);
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    // Drop the transport several times while the writer runs: each drop reconnects and
    // re-subscribes with `since`, racing the writes.
    for (let drop = 0; drop < 3; drop++) {
      await col.until(() => written >= (drop + 1) * 60, `writes before drop ${drop}`, 30_000);
      s.io.engine.close();
    }
    await writer;
    const end = maxSeq(ts);
    expect(end).to.equal(start + total);
    await col.until(() => col.lastSeq === end, 'every event after the reconnects', 30_000);

    expect(subscribes).to.be.greaterThan(1);
    expect(col.applied.map((e) => e.seq)).to.deep.equal(Array.from({ length: total }, (_, i) => start + 1 + i));
    expect(col.applied.map((e) => (e.payload as { i: number }).i)).to.deep.equal(
      Array.from({ length: total }, (_, i) => i),
    );
    // Whatever arrived twice (if anything) was an exact copy of an applied event.
    const bySeq = new Map(col.applied.map((e) => [e.seq, e]));
    for (const e of col.received) expect(e).to.deep.equal(bySeq.get(e.seq));
  });
});
