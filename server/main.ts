// Starts Jiceng: `node dist/server/main.js` (or `npm start`). Stops gracefully on
// SIGTERM/SIGINT: stop accepting, finish in-flight requests, checkpoint the WAL, close.
import { loadConfig } from './config.js';
import { MigrationFailedError } from '../db/migrate.js';
import { createLogger, createServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let server;
  try {
    server = await createServer(config, { logger });
  } catch (e) {
    if (e instanceof MigrationFailedError) {
      logger.fatal({ migration: e.migration, backup: e.backupFile }, e.message);
      process.stderr.write(`\n${e.message}\n\n`);
      process.exit(2);
    }
    throw e;
  }
  const url = await server.listen();
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
  process.stderr.write(`Jiceng could not start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
