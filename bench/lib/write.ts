// The shared frame of the benchmarks beside their raw primitives: `benchWrite()` times a Jiceng
// service call and its raw primitive (the same rows in a bare transaction behind a bare Koa
// route, `bareServer()`) as POSTs through the same kind of keep-alive client, alternated by
// `alternate()`; `timeSync()` times an in-process primitive; `runAlone()` is the
// "npx tsx bench/<file>.ts" block every benchmark file ends with.
import fs from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import Router from '@koa/router';
import { KeepAliveClient } from './http.js';
import { alternate, jsonLine, summarize, table, type Figure, type Target } from './stats.js';

/** One timed POST: path, JSON body (default `{}`), idempotency key if any, expected status (default 200). */
export interface Post {
  path: string;
  body?: unknown;
  key?: string;
  status?: number;
}

export interface WriteBench {
  figure: string;
  rawLabel: string;
  n: number;
  warmup?: number;
  /** Default: the write target of DESIGN.md (p95 <= 30 ms, ratio <= 2). */
  target?: Target;
  /** The Jiceng server and the session cookie of the user who writes. */
  server: { url: string; cookie: string };
  /** The service call timed for sample i (each i is used once). */
  call: (i: number) => Post;
  /** Registers the bare Koa route(s) of the raw primitive. */
  bareRoutes: (router: Router) => void;
  /** The raw primitive call timed for sample i, against the bare route(s). */
  rawCall: (i: number) => Post;
}

export const WRITE_TARGET: Target = { percentile: 'p95', limit: 30, maxRatio: 2 };

const timedPost = (client: KeepAliveClient, p: Post) =>
  client.timed('POST', p.path, p.status ?? 200, p.body ?? {}, p.key === undefined ? {} : { 'idempotency-key': p.key });

/** A bare Koa app with the given routes on a random local port, and a keep-alive client for it. */
export async function bareServer(
  routes: (router: Router) => void,
): Promise<{ client: KeepAliveClient; close: () => void }> {
  const app = new Koa();
  const router = new Router();
  routes(router);
  app.use(router.routes());
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const client = new KeepAliveClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    client,
    close: () => {
      server.close();
      client.close();
    },
  };
}

/**
 * With BENCH_CPU_PROFILE=<dir>: a CPU profile of `fn` alone (not the setup or the history before
 * it) written to <dir>/<name>.cpuprofile, for chrome://inspect or bench/lib/profile-summary.ts.
 */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = `${dir}/${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.cpuprofile`;
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    process.stderr.write(`cpu profile: ${file}\n`);
  }
}

/** Warm-up, then the service call and the raw primitive alternating in rounds; one figure row. */
export async function benchWrite(o: WriteBench): Promise<Figure> {
  const bare = await bareServer(o.bareRoutes);
  const api = new KeepAliveClient(o.server.url);
  api.cookie = o.server.cookie;
  try {
    const { a, b } = await profiled(o.figure, () =>
      alternate(
        (i) => timedPost(api, o.call(i)),
        (i) => timedPost(bare.client, o.rawCall(i)),
        o.n,
        o.warmup,
      ),
    );
    return {
      figure: o.figure,
      unit: 'ms',
      value: summarize(a),
      raw: summarize(b),
      rawLabel: o.rawLabel,
      target: o.target ?? WRITE_TARGET,
    };
  } finally {
    api.close();
    bare.close();
  }
}

/** Milliseconds for one in-process call of a raw primitive. */
export function timeSync(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * When the file at `moduleUrl` is the one node was started with (`npx tsx bench/<file>.ts`):
 * runs the benchmark and prints its table, its notes and one JSON line per figure, like bench/run.ts.
 */
export async function runAlone(moduleUrl: string, bench: () => Promise<Figure[]>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const figures = await bench();
  process.stdout.write(table(figures) + '\n');
  for (const f of figures) if (f.note) process.stdout.write(`note: ${f.figure}: ${f.note}\n`);
  for (const f of figures) process.stdout.write(jsonLine(f) + '\n');
}
