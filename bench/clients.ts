// A child process holding many socket.io clients (screens) for the push benchmark.
// The parent sends commands over IPC; for every benchmark event (payload { bench, i })
// this process reports when the LAST of its clients has it, as a process.hrtime.bigint()
// timestamp (CLOCK_MONOTONIC: comparable across processes on the same machine).
import { io, type Socket } from 'socket.io-client';

export type ToClients =
  | { type: 'connect'; set: string; url: string; cookie: string | null; n: number; subscribe: string[] | null }
  | { type: 'close' };

export type FromClients =
  | { type: 'ready'; set: string; connected: number }
  | { type: 'all'; set: string; i: number; at: string }
  | { type: 'error'; message: string }
  | { type: 'closed' };

const send = (m: FromClients) => process.send!(m);
const sets = new Map<string, Socket[]>();

function connectOne(url: string, cookie: string | null): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(cookie ? { extraHeaders: { cookie } } : {}),
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => reject(e));
  });
}

async function connectSet(m: Extract<ToClients, { type: 'connect' }>): Promise<void> {
  const sockets: Socket[] = [];
  const counts = new Map<number, number>();
  for (let k = 0; k < m.n; k += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, m.n - k) }, () => connectOne(m.url, m.cookie)));
    sockets.push(...batch);
  }
  for (const s of sockets) {
    s.on('event', (env: { payload?: { bench?: string; i?: number } }) => {
      const at = process.hrtime.bigint();
      const p = env.payload;
      if (!p || p.bench !== m.set || typeof p.i !== 'number') return;
      const c = (counts.get(p.i) ?? 0) + 1;
      if (c === m.n) {
        counts.delete(p.i);
        send({ type: 'all', set: m.set, i: p.i, at: at.toString() });
      } else counts.set(p.i, c);
    });
    if (m.subscribe) {
      const r = (await s.timeout(10_000).emitWithAck('subscribe', { rooms: m.subscribe, since: null })) as {
        ok: boolean;
        joined?: string[];
      };
      if (!r.ok || r.joined?.length !== m.subscribe.length) throw new Error(`subscribe refused: ${JSON.stringify(r)}`);
    }
  }
  sets.set(m.set, sockets);
  send({ type: 'ready', set: m.set, connected: sockets.filter((s) => s.connected).length });
}

process.on('message', (m: ToClients) => {
  if (m.type === 'connect') {
    connectSet(m).catch((e: Error) => send({ type: 'error', message: e.message }));
  } else if (m.type === 'close') {
    for (const list of sets.values()) for (const s of list) s.close();
    sets.clear();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
