// What every module's factory receives from the composition root.
import type SQLite from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { UnitOfWork } from '../lib/uow.js';
import type { EventBus } from '../realtime/bus.js';
import type { AuditService } from './audit/index.js';
import type { AuthService } from './auth/index.js';
import type { DeviceRegistry } from '../../devices/registry.js';

export interface ModuleContext {
  db: Db;
  raw: SQLite.Database;
  uow: UnitOfWork;
  clock: Clock;
  bus: EventBus;
  auth: AuthService;
  audit: AuditService;
  config: Config;
  logger: Logger;
  /** Card readers and printers register their statuses and stop functions here. */
  devices: DeviceRegistry;
}
