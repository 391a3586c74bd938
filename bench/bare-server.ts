// The raw primitive of the concurrency figure behind HTTP (bench/day.ts): a bare Koa route that
// writes one registration's rows in one bare better-sqlite3 transaction (bench/lib/bare-registration.ts,
// prepared statements, no checks), in its own process like the Jiceng server, on a copy of the
// same database with the same pragmas. The parent sends {dataDir, world}; this answers {url}.
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import SQLite from 'better-sqlite3';
import Koa from 'koa';
import { applyPragmas } from '../db/connection.js';
import { bareRegistration } from './lib/bare-registration.js';
import type { World } from './lib/world.js';

export type ToBare = { type: 'start'; dataDir: string; world: World } | { type: 'stop' };

let raw: SQLite.Database | null = null;
let server: http.Server | null = null;

process.on('message', (m: ToBare) => {
  if (m.type === 'start') {
    raw = new SQLite(path.join(m.dataDir, 'jiceng.sqlite'));
    applyPragmas(raw);
    const reg = bareRegistration(raw, m.world);
    const router = new Router();
    router.post('/bare/registrations/:i', (ctx) => {
      reg(Number(ctx.params.i));
      ctx.status = 201;
      ctx.body = { ok: true };
    });
    const app = new Koa();
    app.use(router.routes());
    server = http.createServer(app.callback());
    server.listen(0, '127.0.0.1', () => {
      process.send!({ url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}` });
    });
  } else if (m.type === 'stop') {
    server?.closeAllConnections();
    server?.close(() => {
      raw?.close();
      process.exit(0);
    });
  }
});
