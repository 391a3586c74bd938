// A child process of bench/day.ts holding desk and doctor screens: each (signed in) opens a
// socket.io link, joins its page's rooms, loads what its page loads, and on every pushed event
// sends the requests that bench/lib/screens-model.ts says the page sends (through its own
// keep-alive agent, up to 6 connections like a browser). It reports every request's time,
// tagged with the slice of the day (tenths of the registrations) the parent says it is in.
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import {
  type ClientMode,
  type Envelope,
  roomsOf,
  ScreenModel,
  type ScreenRequest,
  type ScreenSpec,
} from './lib/screens-model.js';

export type ToScreens =
  | { type: 'start'; url: string; mode: ClientMode; screens: ScreenSpec[] }
  | { type: 'slice'; slice: number }
  | { type: 'stop' };

export type FromScreens =
  | { type: 'ready'; n: number }
  | { type: 'samples'; samples: Array<[number, number]>; errors: number }
  | { type: 'error'; message: string }
  | { type: 'stopped'; inFlight: number; events: number };

const send = (m: FromScreens) => process.send!(m);
let slice = 0;
let samples: Array<[number, number]> = [];
let errors = 0;
let inFlight = 0;
let events = 0;
const sockets: Socket[] = [];
const agents: http.Agent[] = [];

function request(
  url: URL,
  agent: http.Agent,
  method: string,
  p: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; body: string; cookie: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { 'x-lang': 'en' };
  if (cookie) headers.cookie = cookie;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: p, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const set = (res.headers['set-cookie'] ?? [])
          .map((c) => c.split(';')[0]!)
          .find((c) => c.startsWith('jiceng_sid='));
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: set ?? cookie });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function open(base: string, mode: ClientMode, s: ScreenSpec): Promise<void> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  agents.push(agent);
  const model = new ScreenModel(mode, s);
  // Coalesced loaders by key: one request in flight, at most one trailing.
  const loaders = new Map<string, { running: boolean; again: boolean }>();
  const send1 = (r: ScreenRequest, timed: boolean): Promise<void> => {
    const t0 = performance.now();
    const at = slice;
    inFlight++;
    return request(url, agent, 'GET', r.path(), s.cookie).then(
      (res) => {
        inFlight--;
        if (res.status !== 200) errors++;
        else {
          if (timed) samples.push([at, performance.now() - t0]);
          model.onAnswer(r.key, res.body);
        }
      },
      () => {
        inFlight--;
        errors++;
      },
    );
  };
  const send = (r: ScreenRequest, timed: boolean): Promise<void> => {
    if (r.key === null) return send1(r, timed);
    let l = loaders.get(r.key);
    if (!l) loaders.set(r.key, (l = { running: false, again: false }));
    if (l.running) {
      l.again = true;
      return Promise.resolve();
    }
    const loader = l;
    loader.running = true;
    loader.again = false;
    return send1(r, timed).then(() => {
      loader.running = false;
      if (loader.again) return send(r, timed);
    });
  };
  const sock = io(base, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: s.cookie },
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('connect_error', reject);
  });
  sockets.push(sock);
  sock.on('event', (env: Envelope) => {
    events++;
    for (const r of model.onEvent(env)) void send(r, true);
  });
  const rooms = roomsOf(s);
  const r = (await sock.timeout(10_000).emitWithAck('subscribe', { rooms, since: null })) as {
    ok: boolean;
    joined?: string[];
  };
  if (!r.ok || r.joined?.length !== rooms.length) throw new Error(`subscribe refused: ${JSON.stringify(r)}`);
  await Promise.all(model.initial().map((q) => send(q, false)));
}

const flush = setInterval(() => {
  if (samples.length || errors) {
    send({ type: 'samples', samples, errors });
    samples = [];
    errors = 0;
  }
}, 250);

process.on('message', (m: ToScreens) => {
  if (m.type === 'start') {
    Promise.all(m.screens.map((s) => open(m.url, m.mode, s))).then(
      () => send({ type: 'ready', n: sockets.length }),
      (e: Error) => send({ type: 'error', message: e.message }),
    );
  } else if (m.type === 'slice') slice = m.slice;
  else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    clearInterval(flush);
    send({ type: 'samples', samples, errors });
    send({ type: 'stopped', inFlight, events });
    for (const a of agents) a.destroy();
    setTimeout(() => process.exit(0), 50);
  }
});
