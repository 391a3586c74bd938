// The composition root: opens and migrates the database, builds the services, the HTTP
// app and the realtime layer, and knows how to stop all of it gracefully.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { openDatabase, type OpenDb } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { DatabaseDamagedError, isCorruption, quickCheck } from '../db/integrity.js';
import { lockDataDir } from '../db/lock.js';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createLoadMonitor } from './http/load.js';
import type { RouteDef } from './http/route.js';
import { systemClock, type Clock } from './lib/clock.js';
import { packageVersion } from './lib/paths.js';
import { createUnitOfWork } from './lib/uow.js';
import { createAuditService } from './modules/audit/index.js';
import { createAuthService } from './modules/auth/index.js';
import type { ModuleContext } from './modules/context.js';
import { moduleRoutes } from './modules/index.js';
import { attachSettingsCache } from './modules/settings/index.js';
import { bindingsOf } from './modules/workstations/index.js';
import { systemRoutes } from './modules/system/index.js';
import { EventBus } from './realtime/bus.js';
import { createRealtime, type Realtime } from './realtime/io.js';
import { startHousekeeping } from './jobs/housekeeping.js';
import { DeviceRegistry } from '../devices/registry.js';

export interface ServerOptions {
  clock?: Clock;
  logger?: Logger;
  /** Called once when the first administrator is created (the password is shown once). */
  onFirstAdmin?: (admin: { username: string; password: string }) => void;
  sessionCheckMs?: number;
}

export interface JicengServer {
  config: Config;
  open: OpenDb;
  modules: ModuleContext;
  realtime: Realtime;
  httpServer: http.Server;
  listen(port?: number, host?: string): Promise<string>;
  url(): string;
  stop(): Promise<void>;
}

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'jiceng' }, redact: ['req.headers.cookie', 'password', '*.password'] });
}

export async function createServer(config: Config, opts: ServerOptions = {}): Promise<JicengServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const startedAt = Date.now();
  // One server per DATA_DIR (an OS lock that a crash releases), then a sound database only.
  const dirLock = lockDataDir(config.dataDir);
  let open: OpenDb;
  try {
    open = openDatabase(config.dbFile);
  } catch (e) {
    dirLock.release();
    throw isCorruption(e) ? new DatabaseDamagedError(config.dbFile, [(e as Error).message]) : e;
  }
  try {
    const problems = quickCheck(open.raw);
    if (problems.length) throw new DatabaseDamagedError(config.dbFile, problems);
    const m = await migrate(open, { backupDir: path.join(config.dataDir, 'backups'), backupKeep: config.backupKeep });
    if (m.applied.length) logger.info({ applied: m.applied, backup: m.backupFile }, 'database migrated');
  } catch (e) {
    await open.close().catch(() => undefined);
    dirLock.release();
    throw e;
  }
  const { db, raw } = open;
  const bus = new EventBus();
  // Institution settings in memory, dropped by settings:changed (settings/cache.ts).
  const detachSettings = attachSettingsCache(db, raw, bus);
  const uow = createUnitOfWork({ db, clock, bus });
  const auth = createAuthService({ db, uow, clock, config });
  const audit = createAuditService({ db, uow, clock });
  await auth.syncBuiltinRoles();
  const admin = await auth.ensureFirstAdmin();
  if (admin) {
    if (opts.onFirstAdmin) opts.onFirstAdmin(admin);
    else {
      process.stdout.write(
        `\n  Jiceng: the first administrator was created.\n  Username: ${admin.username}\n  One-time password: ${admin.password}\n  (shown once; it must be changed at first sign-in)\n\n`,
      );
    }
  }
  const devices = new DeviceRegistry();
  const modules: ModuleContext = { db, raw, uow, clock, bus, auth, audit, config, logger, devices };

  const load = createLoadMonitor({ logger });
  const version = packageVersion();
  let realtime: Realtime | null = null;
  const routes: RouteDef[] = [];
  routes.push(
    ...moduleRoutes(modules),
    ...systemRoutes(
      {
        version,
        startedAt,
        dbOk: () => {
          try {
            return (raw.prepare('SELECT 1 AS one').get() as { one: number }).one === 1;
          } catch {
            return false;
          }
        },
        connectedScreens: () => realtime?.connectedScreens() ?? 0,
        devices: () => devices.list(),
        load: () => load.snapshot(),
      },
      () => routes,
    ),
  );

  const app = createApp({
    routes,
    auth,
    logger,
    clientDir: config.clientDir,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    sessionMaxHours: config.sessionMaxHours,
    workstations: bindingsOf(modules),
  });
  const handler = app.callback();
  const httpServer = http.createServer((req, res) => {
    load.track(req, res);
    void handler(req, res);
  });
  httpServer.requestTimeout = 60_000;
  realtime = createRealtime({
    httpServer,
    raw,
    bus,
    auth,
    workstations: bindingsOf(modules),
    trustProxy: config.trustProxy,
    logger,
    ...(opts.sessionCheckMs ? { sessionCheckMs: opts.sessionCheckMs } : {}),
  });
  const housekeeping = startHousekeeping({ db, clock, logger, eventRetentionHours: config.eventRetentionHours });

  let stopping: Promise<void> | null = null;
  const server: JicengServer = {
    config,
    open,
    modules,
    realtime,
    httpServer,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(server.url());
        });
      });
    },
    url() {
      const a = httpServer.address() as AddressInfo;
      const host =
        a.family === 'IPv6'
          ? `[${a.address === '::' ? '::1' : a.address}]`
          : a.address === '0.0.0.0'
            ? '127.0.0.1'
            : a.address;
      return `http://${host}:${a.port}`;
    },
    stop() {
      stopping ??= (async () => {
        housekeeping.stop();
        await devices.stopAll();
        const closed = new Promise<void>((resolve) =>
          httpServer.listening ? httpServer.close(() => resolve()) : resolve(),
        );
        httpServer.closeIdleConnections();
        await realtime!.close();
        const deadline = Date.now() + 10_000;
        while (load.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        httpServer.closeAllConnections();
        await closed;
        load.stop();
        detachSettings();
        await open.close();
        dirLock.release();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
  return server;
}
