// Operations from the command line: `npm run cli -- <command>` from source, or
// `node dist/server/cli.js <command>` when built (install.sh and the backup timer use this).
// It works on the database of DATA_DIR directly and never listens on a port, so it can run
// beside a running server (SQLite's busy timeout serialises the writes).
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase, type OpenDb } from '../db/connection.js';
import { quickCheck } from '../db/integrity.js';
import { backupDatabase, migrate, MigrationFailedError } from '../db/migrate.js';
import { loadConfig, type Config } from './config.js';
import { systemClock } from './lib/clock.js';
import { createUnitOfWork } from './lib/uow.js';
import { createAuthService } from './modules/auth/index.js';
import { EventBus } from './realtime/bus.js';

const USAGE = `Jiceng command line

Usage:
  npm run cli -- <command> [arguments]        (from a source checkout)
  node dist/server/cli.js <command> [arguments] (when built, as install.sh does)

Commands:
  init [--demo]               Migrate the database (backing it up first), synchronise the
                              built-in roles, and create the first administrator when there
                              is no user yet: its one-time password is printed this once.
                              --demo (or DEMO=true) also seeds the demo health center and
                              prints the demo sign-ins. Safe to run again.
  migrate                     Back the database up and apply pending migrations.
  reset-password <username>   Give a user a new one-time password (printed once; it must be
                              changed at the next sign-in) and unlock the account.
  backup [dir]                Online backup of the database into dir (default
                              DATA_DIR/backups), keeping the newest BACKUP_KEEP backups.
  seed-demo                   Seed the demo health center (does nothing if seeded before).
  check                       Check the database and every backup in DATA_DIR/backups
                              (newest first) with SQLite's quick_check, to find the newest
                              good backup after the server refused a damaged database.
  help                        This text.

The database is DATA_DIR/jiceng.sqlite (DATA_DIR defaults to ./data). Exit codes: 0 done,
1 failed or wrong usage (check: a file is damaged), 2 a migration failed (the database was
left as it was).
`;

class UsageError extends Error {}

// The demo seeds sit ABOVE the server (demo/ calls the modules' services), so the server
// does not import them statically: `init --demo` and `seed-demo` load demo/demo.ts (from
// source) or dist/demo/demo.js (built) at run time. The shape here is what the CLI uses.
interface DemoSeedResult {
  departments: number;
  staff: number;
  workstations: number;
  password: string;
  users: { username: string; roles: string[]; name: string; department: string }[];
}
type SeedDemo = (deps: {
  db: OpenDb['db'];
  uow: ReturnType<typeof createUnitOfWork>;
  clock: typeof systemClock;
}) => Promise<DemoSeedResult | null>;

async function loadSeedDemo(): Promise<SeedDemo> {
  const here = import.meta.url;
  const ext = here.endsWith('.ts') ? 'ts' : 'js';
  const mod = (await import(new URL(`../demo/demo.${ext}`, here).href)) as { seedDemo: SeedDemo };
  return mod.seedDemo;
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

interface CliContext {
  config: Config;
  open: OpenDb;
  auth: ReturnType<typeof createAuthService>;
  uow: ReturnType<typeof createUnitOfWork>;
}

async function openMigrated(config: Config): Promise<CliContext> {
  const open = openDatabase(config.dbFile);
  try {
    const m = await migrate(open, { backupDir: path.join(config.dataDir, 'backups'), backupKeep: config.backupKeep });
    if (m.applied.length) {
      out(`Database ${config.dbFile}: applied ${m.applied.join(', ')}.`);
      if (m.backupFile) out(`A copy taken before migrating is at ${m.backupFile}.`);
    }
  } catch (e) {
    await open.close();
    throw e;
  }
  const uow = createUnitOfWork({ db: open.db, clock: systemClock, bus: new EventBus() });
  const auth = createAuthService({ db: open.db, uow, clock: systemClock, config });
  return { config, open, auth, uow };
}

function printDemo(r: DemoSeedResult, institution: string): void {
  out();
  out(
    `The demo health center ${institution} was seeded: ${r.departments} departments, ${r.staff} staff, ` +
      `${r.users.length} users, ${r.workstations} workstations.`,
  );
  out(`Demo sign-ins (every demo user has this password: ${r.password}):`);
  const width = Math.max(...r.users.map((u) => u.username.length), 8);
  for (const u of r.users)
    out(`  ${u.username.padEnd(width)}  ${u.roles.join(',').padEnd(16)}  ${u.name} (${u.department})`);
  out('Write the password down now: it is shown only this once.');
}

async function seed(ctx: CliContext): Promise<void> {
  const seedDemo = await loadSeedDemo();
  const r = await seedDemo({ db: ctx.open.db, uow: ctx.uow, clock: systemClock });
  if (!r) {
    out(
      'The demo center was seeded before; nothing changed. (`reset-password <username>` gives a demo user a ' +
        'new password.)',
    );
    return;
  }
  const inst = await ctx.open.db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', 'institution')
    .executeTakeFirst();
  const name = inst ? String((JSON.parse(inst.value_json) as { name?: unknown }).name ?? '') : '';
  printDemo(r, name);
}

async function withDb(config: Config, fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  const ctx = await openMigrated(config);
  try {
    await fn(ctx);
  } finally {
    await ctx.open.close();
  }
}

function noMoreArgs(cmd: string, rest: string[]): void {
  if (rest.length) throw new UsageError(`"${cmd}" takes no argument "${rest[0]}"`);
}

async function run(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    if (!cmd) throw new UsageError('a command is needed');
    return;
  }
  const config = loadConfig();
  switch (cmd) {
    case 'init': {
      const demo = rest.includes('--demo') || config.demo;
      noMoreArgs(
        cmd,
        rest.filter((a) => a !== '--demo'),
      );
      await withDb(config, async (ctx) => {
        await ctx.auth.syncBuiltinRoles();
        out(`Jiceng: database ${config.dbFile} is ready; built-in roles are up to date.`);
        const admin = await ctx.auth.ensureFirstAdmin();
        if (admin) {
          out();
          out('The first administrator was created.');
          out(`  Username: ${admin.username}`);
          out(`  One-time password: ${admin.password}`);
          out('  (shown once; it must be changed at the first sign-in)');
        } else {
          out(
            'Users exist already: no administrator was created. (`reset-password <username>` if a password is lost.)',
          );
        }
        if (demo) await seed(ctx);
      });
      return;
    }
    case 'migrate': {
      noMoreArgs(cmd, rest);
      await withDb(config, async () => out(`Database ${config.dbFile} is up to date.`));
      return;
    }
    case 'reset-password': {
      const [username, ...extra] = rest;
      if (!username) throw new UsageError('reset-password needs a username');
      noMoreArgs(cmd, extra);
      await withDb(config, async (ctx) => {
        const user = await ctx.open.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        if (!user) throw new Error(`There is no user named "${username}"`);
        const password = await ctx.auth.resetPassword(username);
        out(`New one-time password for ${username}: ${password}`);
        out('(shown once; it must be changed at the next sign-in; the account is unlocked and its sessions ended —');
        out(' a running server forgets the sessions it holds in memory at its next restart)');
      });
      return;
    }
    case 'backup': {
      const [dirArg, ...extra] = rest;
      noMoreArgs(cmd, extra);
      if (!fs.existsSync(config.dbFile))
        throw new Error(`There is no database at ${config.dbFile} (is DATA_DIR right?)`);
      const dir = path.resolve(dirArg ?? path.join(config.dataDir, 'backups'));
      const open = openDatabase(config.dbFile);
      try {
        const file = await backupDatabase(open, dir, 'backup', config.backupKeep);
        out(`Backup written: ${file} (the newest ${config.backupKeep} backups are kept)`);
      } finally {
        await open.close();
      }
      return;
    }
    case 'seed-demo': {
      noMoreArgs(cmd, rest);
      await withDb(config, async (ctx) => {
        await ctx.auth.syncBuiltinRoles();
        await seed(ctx);
      });
      return;
    }
    case 'check': {
      noMoreArgs(cmd, rest);
      const backups = path.join(config.dataDir, 'backups');
      const files = [
        ...(fs.existsSync(config.dbFile) ? [config.dbFile] : []),
        ...(fs.existsSync(backups)
          ? fs
              .readdirSync(backups)
              .filter((f) => f.startsWith('jiceng-') && f.endsWith('.sqlite'))
              .sort()
              .reverse()
              .map((f) => path.join(backups, f))
          : []),
      ];
      if (!files.length)
        throw new Error(`There is no database at ${config.dbFile} and no backup in ${backups} (is DATA_DIR right?)`);
      let damaged = 0;
      let newestGood: string | null = null;
      for (const file of files) {
        let problems: string[];
        try {
          const raw = new SQLite(file, { readonly: true, fileMustExist: true });
          try {
            problems = quickCheck(raw, 5);
          } finally {
            raw.close();
          }
        } catch (e) {
          problems = [e instanceof Error ? e.message : String(e)];
        }
        if (problems.length) damaged++;
        else if (file !== config.dbFile) newestGood ??= file;
        out(`${problems.length ? 'DAMAGED' : 'ok     '}  ${file}${problems.length ? `: ${problems[0]}` : ''}`);
      }
      if (newestGood)
        out(`The newest good backup is ${newestGood}. To restore it, follow README → Operations → Restore.`);
      if (damaged) throw new Error(`${damaged} of ${files.length} files are damaged (see above)`);
      return;
    }
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`jiceng cli: ${e.message}. Run with "help" for the commands.\n`);
      process.exit(1);
    }
    if (e instanceof MigrationFailedError) {
      process.stderr.write(`\n${e.message}\n\n`);
      process.exit(2);
    }
    process.stderr.write(`jiceng cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
