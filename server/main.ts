// Starts Jiceng: `node dist/server/main.js` (or `npm start`). Stops gracefully on
// SIGTERM/SIGINT: stop accepting, finish in-flight requests, checkpoint the WAL, close.
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseDamagedError } from '../db/integrity.js';
import { DataDirLockedError } from '../db/lock.js';
import { MigrationFailedError } from '../db/migrate.js';
import { createLogger, createServer, type JicengServer } from './server.js';

/** Start failures that an operator fixes: their message says what to do; no stack trace.
 *  Exit code 2 (systemd and pm2 do not restart in a loop on it) when restarting cannot help. */
function refuseToStart(e: unknown, logger?: Logger): never | void {
  const stop = (code: number, message: string, fields: Record<string, unknown> = {}) => {
    logger?.fatal(fields, message);
    process.stderr.write(`\nJiceng could not start: ${message}\n\n`);
    process.exit(code);
  };
  if (e instanceof ConfigError) stop(2, e.message);
  if (e instanceof MigrationFailedError) stop(2, e.message, { migration: e.migration, backup: e.backupFile });
  if (e instanceof DatabaseDamagedError) stop(2, e.message, { problems: e.problems });
  if (e instanceof DataDirLockedError) stop(1, e.message, { dataDir: e.dataDir });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    refuseToStart(e);
    throw e;
  }
  const logger = createLogger(config.logLevel);
  let server: JicengServer;
  try {
    // A damaged database found by the check that runs while serving (after a clean stop):
    // the server has stopped; exit as a damaged database at start does (code 2).
    server = await createServer(config, { logger, onDamaged: (e) => refuseToStart(e, logger) });
  } catch (e) {
    refuseToStart(e, logger);
    throw e;
  }
  let url: string;
  try {
    url = await server.listen();
  } catch (e) {
    await server.stop().catch(() => undefined);
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const what = code === 'EADDRINUSE' ? 'is already in use by another program' : 'may not be used by this user';
      process.stderr.write(
        `\nJiceng could not start: ` +
          (`port ${config.port} on ${config.host} ${what}. Set PORT (and HOST) to a free port, or stop the other ` +
            `program.\n\n`),
      );
      process.exit(1);
    }
    throw e;
  }
  logger.info({ url, dataDir: config.dataDir }, 'Jiceng is listening');
  let signals = 0;
  const stop = (signal: string) => {
    signals++;
    if (signals > 1) process.exit(1);
    logger.info({ signal }, 'stopping');
    server
      .stop()
      .then(() => process.exit(0))
      .catch((e) => {
        logger.error({ err: e }, 'stop failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`Jiceng could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
