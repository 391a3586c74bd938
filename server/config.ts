// Configuration comes from environment variables with safe defaults.
// Every variable is listed in the README; settings that staff change live in the database.
import path from 'node:path';
import { projectRoot } from './lib/paths.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Sign-in attempts one IP address may make per minute (a token bucket; successful sign-ins give theirs back). */
  loginIpPerMinute: number;
  eventRetentionHours: number;
  backupKeep: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  clientDir: string;
  demo: boolean;
  /** Card readers: 'pcsc' (pcscd through pcsclite), 'fake' (in memory, tests), 'off'. */
  cardReaders: 'pcsc' | 'fake' | 'off';
}

/** A bad configuration value: its message names the variable, what it must be and what it got
 *  (printed as it is, without a stack trace). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`Environment variable ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`Environment variable ${name} must be true or false, got "${raw}"`);
}

function cardReaderMode(raw: string | undefined): Config['cardReaders'] {
  if (raw === undefined || raw === '') return 'pcsc';
  if (raw === 'pcsc' || raw === 'fake' || raw === 'off') return raw;
  throw new ConfigError(`Environment variable CARD_READERS must be pcsc, fake or off, got "${raw}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.DATA_DIR ?? './data');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`Environment variable LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const cfg: Config = {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    dbFile: path.join(dataDir, 'jiceng.sqlite'),
    logLevel,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: int(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 7),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginIpPerMinute: int(env, 'LOGIN_IP_PER_MINUTE', 30, 1, 10_000),
    eventRetentionHours: int(env, 'EVENT_RETENTION_HOURS', 48, 1, 24 * 30),
    backupKeep: int(env, 'BACKUP_KEEP', 10, 1, 1000),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(projectRoot(), 'client', 'dist')),
    demo: bool(env, 'DEMO', false),
    cardReaders: cardReaderMode(env.CARD_READERS),
  };
  return { ...cfg, ...overrides, dbFile: overrides.dbFile ?? path.join(overrides.dataDir ?? dataDir, 'jiceng.sqlite') };
}
