// A Jiceng server in a fresh process on an existing database (DATA_DIR from the parent).
// Cold start: times the imports and createServer + listen, reports them over IPC.
// With BENCH_KEEP=1 it stays up (for the RSS measurement) until the parent says 'stop'.
const t0 = performance.now();
// BENCH_SQL_STATS=1 (the simulated day): time every statement the server runs, by its SQL, and
// answer the parent's 'sqlstats' message with the totals since the last one.
const sqlStats = new Map<string, { n: number; ms: number }>();
if (process.env.BENCH_SQL_STATS === '1') {
  const { default: SQLite } = await import('better-sqlite3');
  const proto = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<string, unknown>;
  for (const m of ['run', 'get', 'all']) {
    const f = proto[m] as (...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      const s = performance.now();
      try {
        return f.apply(this, a);
      } finally {
        const e = sqlStats.get(this.source) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - s;
        sqlStats.set(this.source, e);
      }
    };
  }
}
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
// The first health check, through node:http (fetch would first load undici: the client's cost, not the server's).
const { default: http } = await import('node:http');
const healthy = await new Promise<boolean>((resolve, reject) => {
  http
    .get(url + '/api/health', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(res.statusCode === 200 && (JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean }).ok),
      );
    })
    .on('error', reject);
});
// The parent stops its clock at this message: spawn -> first healthy answer (the stop below is not part of it).
// cpuMs: the CPU time of the whole process so far (all its threads: a background check's too), which
// a busy machine stretches less than the wall time.
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
process.send!({ importMs: t1 - t0, createListenMs: t2 - t1, healthy, url, cpuMs });
if (process.env.BENCH_KEEP === '1') {
  process.on('message', (m: { type: string }) => {
    if (m.type === 'rss') {
      globalThis.gc?.();
      process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
    } else if (m.type === 'sqlstats') {
      process.send!({ sql: [...sqlStats] });
      sqlStats.clear();
    } else if (m.type === 'stop') void server.stop().then(() => process.exit(0));
  });
} else {
  // A clean stop (it lets a background integrity check finish first): the next start finds the marker.
  await server.stop();
  process.exit(0);
}
