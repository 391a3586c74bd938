// The composition root: opens and migrates the database, builds the services, the HTTP
// app and the realtime layer, and knows how to stop all of it gracefully.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { openDatabase, type OpenDb } from '../db/connection.js';
import { migrate, pendingMigrations } from '../db/migrate.js';
import { DatabaseDamagedError, isCorruption, quickCheck } from '../db/integrity.js';
import { warmPinyin } from '../db/pinyin.js';
import { lockDataDir } from '../db/lock.js';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createLoadMonitor } from './http/load.js';
import { markCleanStop, quickCheckInBackground, takeCleanStop, type BackgroundCheck } from './lib/integrity-check.js';
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
  /**
   * The integrity check that runs while the server serves (after a clean stop) found damage.
   * The server has stopped; main.ts exits with code 2. Default: the error is logged.
   */
  onDamaged?: (e: DatabaseDamagedError) => void;
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
  /** How this start's integrity check went: before serving, or in the background (lib/integrity-check.ts). */
  integrity: Promise<'before-serving' | 'ok' | 'damaged' | 'cancelled' | 'failed'>;
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
  const cleanStop = takeCleanStop(config.dataDir, config.dbFile);
  /** The database passed quick_check during this run: a clean stop may then say so. */
  let verified = false;
  let open: OpenDb;
  try {
    open = openDatabase(config.dbFile);
  } catch (e) {
    dirLock.release();
    throw isCorruption(e) ? new DatabaseDamagedError(config.dbFile, [(e as Error).message]) : e;
  }
  try {
    // Before serving, unless the last stop was clean, the file is unchanged since and nothing
    // is to migrate: then it runs in the background (lib/integrity-check.ts).
    if (!cleanStop || (await pendingMigrations(open)).length > 0) {
      const problems = quickCheck(open.raw);
      if (problems.length) throw new DatabaseDamagedError(config.dbFile, problems);
      verified = true;
    }
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
        `\n  Jiceng: the first administrator was created.\n  ` +
          (`Username: ${admin.username}\n  One-time ` +
            `password: ${admin.password}\n  (shown once; it must be changed at first sign-in)\n\n`),
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
  let integrity: (v: Awaited<JicengServer['integrity']>) => void = () => undefined;
  const server: JicengServer = {
    integrity: new Promise((resolve) => {
      integrity = resolve;
    }),
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
        // A check still running (or not started yet) finishes first (up to 30 s), so that a quick
        // restart after a clean stop does not have to check before serving again.
        startCheck();
        if (background) {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise((r) => (timer = setTimeout(r, 30_000)));
          await Promise.race([background.result.catch(() => null), late]);
          clearTimeout(timer);
          await background.cancel();
        }
        await open.close();
        if (verified) markCleanStop(config.dataDir, config.dbFile);
        dirLock.release();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
  let background: BackgroundCheck | null = null;
  /** The check after a clean stop starts once the first answer has gone out (lib/integrity-check.ts). */
  let checkLater: (() => void) | null = null;
  const startCheck = () => {
    if (background || verified || !checkLater) return;
    checkLater = null;
    background = quickCheckInBackground(config.dbFile);
    background.result.then(
      (problems) => {
        if (problems === null) return integrity('cancelled');
        integrity(problems.length === 0 ? 'ok' : 'damaged');
        if (problems.length === 0) {
          verified = true;
          logger.info('database integrity checked (in the background after a clean stop): ok');
          return;
        }
        const err = new DatabaseDamagedError(config.dbFile, problems);
        logger.fatal({ problems }, 'the database is damaged: stopping');
        void server.stop().finally(() => opts.onDamaged?.(err));
      },
      (e) => {
        integrity('failed');
        logger.error({ err: e }, 'the background integrity check could not run');
      },
    );
  };
  // pinyin-pro is loaded on first use (db/pinyin.ts): load it once the first answer has gone out,
  // or 1 s after listening, so that neither the start nor the first search waits for it.
  {
    let warmed = false;
    const warm = () => {
      if (warmed) return;
      warmed = true;
      clearTimeout(warmTimer);
      httpServer.off('request', onFirst);
      warmPinyin();
    };
    let warmTimer: NodeJS.Timeout | undefined;
    const onFirst = (_req: http.IncomingMessage, res: http.ServerResponse) => {
      httpServer.off('request', onFirst);
      res.once('close', () => setImmediate(warm));
    };
    httpServer.on('request', onFirst);
    httpServer.once('listening', () => {
      warmTimer = setTimeout(warm, 1000);
      warmTimer.unref();
    });
  }
  if (verified) integrity('before-serving');
  else {
    // Not before listening, nor during the first request (starting a worker takes the server's
    // thread for tens of milliseconds): after the first answer, 1 s after listening if none came,
    // or at a stop that comes first (a stop lets the check finish, so the next start is quick).
    let timer: NodeJS.Timeout | undefined;
    checkLater = () => {
      clearTimeout(timer);
      httpServer.off('request', first);
      httpServer.off('listening', listening);
    };
    const first = (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.once('close', () => setImmediate(startCheck));
      httpServer.off('request', first);
    };
    const listening = () => {
      timer = setTimeout(startCheck, 1000);
      timer.unref();
    };
    httpServer.on('request', first);
    httpServer.once('listening', listening);
  }
  return server;
}
