// The operations CLI (server/cli.ts) as install.sh and operators run it: a child process on
// a data directory.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { verifyPassword } from '../../server/modules/auth/passwords.js';
import { tempDir } from '../helpers/server.js';
import { runCli } from './process.js';

function readDb<T>(dataDir: string, fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(path.join(dataDir, 'jiceng.sqlite'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function user(dataDir: string, username: string) {
  return readDb(
    dataDir,
    (db) =>
      db.prepare('SELECT password_hash, must_change_password FROM users WHERE username = ?').get(username) as
        | { password_hash: string; must_change_password: number }
        | undefined,
  );
}

function counts(dataDir: string) {
  return readDb(dataDir, (db) => {
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { departments: n('departments'), staff: n('staff'), users: n('users'), workstations: n('workstations') };
  });
}

const passwordsIn = (s: string) => [...s.matchAll(/One-time password: (\S+)/g)].map((m) => m[1]!);

describe('ops: the CLI', function () {
  this.timeout(120_000);
  let dataDir: string;

  before(() => {
    dataDir = tempDir('jiceng-cli-');
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('init creates the first administrator and prints its one-time password once', async () => {
    const r = await runCli(dataDir, ['init']);
    expect(r.code, r.stderr).to.equal(0);
    const pw = passwordsIn(r.stdout);
    expect(pw).to.have.length(1);
    const admin = user(dataDir, 'admin')!;
    expect(admin.must_change_password).to.equal(1);
    expect(await verifyPassword(pw[0]!, admin.password_hash)).to.equal(true);
    expect(r.stdout).to.not.include('Demo sign-ins');
  });

  it('a second init prints no password and changes no user', async () => {
    const before = user(dataDir, 'admin')!;
    const r = await runCli(dataDir, ['init']);
    expect(r.code, r.stderr).to.equal(0);
    expect(passwordsIn(r.stdout)).to.deep.equal([]);
    expect(r.stdout).to.include('no administrator was created');
    expect(user(dataDir, 'admin')).to.deep.equal(before);
  });

  let demoPassword = '';
  it('seed-demo seeds the demo center once and prints the demo password', async () => {
    const r = await runCli(dataDir, ['seed-demo']);
    expect(r.code, r.stderr).to.equal(0);
    const m = /every demo user has this password: (\S+)\)/.exec(r.stdout);
    expect(m, r.stdout).to.not.equal(null);
    demoPassword = m![1]!;
    for (const u of [
      'admin1',
      'director1',
      'doctor1',
      'nurse1',
      'pharmacist1',
      'storekeeper1',
      'registrar1',
      'finance1',
    ]) {
      expect(r.stdout, u).to.match(new RegExp(`^\\s+${u}\\s`, 'm'));
    }
    const doctor = user(dataDir, 'doctor1')!;
    expect(doctor.must_change_password).to.equal(0);
    expect(await verifyPassword(demoPassword, doctor.password_hash)).to.equal(true);
  });

  it('seed-demo and init --demo a second time change nothing and print no password', async () => {
    const before = counts(dataDir);
    const again = await runCli(dataDir, ['seed-demo']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include('seeded before');
    expect(again.stdout).to.not.include(demoPassword);
    const init = await runCli(dataDir, ['init', '--demo']);
    expect(init.code, init.stderr).to.equal(0);
    expect(passwordsIn(init.stdout)).to.deep.equal([]);
    expect(init.stdout).to.include('seeded before');
    expect(counts(dataDir)).to.deep.equal(before);
  });

  it('reset-password gives a new one-time password that must be changed', async () => {
    const r = await runCli(dataDir, ['reset-password', 'doctor1']);
    expect(r.code, r.stderr).to.equal(0);
    const m = /New one-time password for doctor1: (\S+)/.exec(r.stdout);
    expect(m, r.stdout).to.not.equal(null);
    const doctor = user(dataDir, 'doctor1')!;
    expect(doctor.must_change_password).to.equal(1);
    expect(await verifyPassword(m![1]!, doctor.password_hash)).to.equal(true);
    expect(await verifyPassword(demoPassword, doctor.password_hash)).to.equal(false);
    const audited = readDb(
      dataDir,
      (db) =>
        db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'user.reset-password'`).get() as { n: number },
    );
    expect(audited.n).to.equal(1);
  });

  it('refuses unknown users, missing arguments and unknown commands with exit code 1', async () => {
    const nobody = await runCli(dataDir, ['reset-password', 'nobody']);
    expect(nobody.code).to.equal(1);
    expect(nobody.stderr).to.include('no user named "nobody"');
    const missing = await runCli(dataDir, ['reset-password']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('needs a username');
    const unknown = await runCli(dataDir, ['frobnicate']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include('unknown command "frobnicate"');
  });

  it('backup writes a consistent copy into DATA_DIR/backups and keeps BACKUP_KEEP of them', async () => {
    const dir = path.join(dataDir, 'backups');
    for (let i = 0; i < 3; i++) {
      const r = await runCli(dataDir, ['backup'], { BACKUP_KEEP: '2' });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include('Backup written');
    }
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('-backup.sqlite'));
    expect(files).to.have.length(2);
    const copy = new SQLite(path.join(dir, files[1]!), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).to.equal('ok');
      expect((copy.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).to.equal(
        counts(dataDir).users,
      );
    } finally {
      copy.close();
    }
  });

  it('backup into a given folder; and fails clearly when there is no database', async () => {
    const target = path.join(dataDir, 'elsewhere');
    const r = await runCli(dataDir, ['backup', target]);
    expect(r.code, r.stderr).to.equal(0);
    expect(fs.readdirSync(target).filter((f) => f.endsWith('.sqlite'))).to.have.length(1);

    const empty = tempDir('jiceng-cli-empty-');
    try {
      const none = await runCli(empty, ['backup']);
      expect(none.code).to.equal(1);
      expect(none.stderr).to.include('There is no database');
      expect(fs.existsSync(path.join(empty, 'jiceng.sqlite'))).to.equal(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it(
    'init with DEMO=true (as --demo) on a new data directory prints the administrator and the ' + 'demo sign-ins',
    async () => {
      const fresh = tempDir('jiceng-cli-demo-');
      try {
        const r = await runCli(fresh, ['init'], { DEMO: 'true' });
        expect(r.code, r.stderr).to.equal(0);
        expect(passwordsIn(r.stdout)).to.have.length(1);
        expect(r.stdout).to.include('Demo sign-ins');
        expect(counts(fresh).staff).to.be.at.least(30);
      } finally {
        fs.rmSync(fresh, { recursive: true, force: true });
      }
    },
  );
});
