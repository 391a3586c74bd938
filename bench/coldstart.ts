// A Jiceng server in a fresh process on an existing database (DATA_DIR from the parent).
// Cold start: times the imports and createServer + listen, reports them over IPC.
// With BENCH_KEEP=1 it stays up (for the RSS measurement) until the parent says 'stop'.
const t0 = performance.now();
const { pino } = await import('pino');
const { loadConfig } = await import('../server/config.js');
const { createServer } = await import('../server/server.js');
const t1 = performance.now();
const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir });
const server = await createServer(config, { logger: pino({ level: 'silent' }), onFirstAdmin: () => undefined });
const url = await server.listen(0, '127.0.0.1');
const t2 = performance.now();
const res = await fetch(url + '/api/health');
const healthy = res.status === 200 && ((await res.json()) as { ok: boolean }).ok;
if (process.env.BENCH_KEEP === '1') {
  process.send!({ importMs: t1 - t0, createListenMs: t2 - t1, healthy, url });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'rss') {
      globalThis.gc?.();
      process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
    } else if (m.type === 'stop') void server.stop().then(() => process.exit(0));
  });
} else {
  await server.stop();
  process.send!({ importMs: t1 - t0, createListenMs: t2 - t1, healthy, url }, () => process.exit(0));
}
