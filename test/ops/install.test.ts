// install.sh, .ci/run, the systemd units and the pm2 process file. install.sh is exercised
// through --help and --dry-run (prints every step, changes nothing): a real run installs
// packages and replaces node_modules, which CI does once through .ci/run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT } from './process.js';

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

const hasShellcheck = sh('sh', ['-c', 'command -v shellcheck']).code === 0;
const isRoot = process.getuid?.() === 0;

describe('ops: install.sh and friends', function () {
  this.timeout(60_000);

  it('install.sh and .ci/run are valid bash and executable', () => {
    for (const f of ['install.sh', '.ci/run']) {
      const r = sh('bash', ['-n', f]);
      expect(r.code, `${f}: ${r.stderr}`).to.equal(0);
      expect(fs.statSync(path.join(ROOT, f)).mode & 0o100, `${f} is executable`).to.not.equal(0);
    }
    expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).to.include('set -euo pipefail');
  });

  it('passes shellcheck', function () {
    if (!hasShellcheck) this.skip(); // install.sh installs it (a development tool)
    const r = sh('shellcheck', ['install.sh', '.ci/run']);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
  });

  it('--help describes every option and exits 0; an unknown option is refused', () => {
    const r = sh('./install.sh', ['--help']);
    expect(r.code, r.stderr).to.equal(0);
    for (const opt of ['--demo', '--no-start', '--production', '--dry-run']) expect(r.stdout).to.include(opt);
    const bad = sh('./install.sh', ['--frobnicate']);
    expect(bad.code).to.equal(64);
    expect(bad.stderr).to.include('unknown option "--frobnicate"');
  });

  it('--dry-run prints every step in order and changes nothing', () => {
    const stamp = (p: string) => (fs.existsSync(path.join(ROOT, p)) ? fs.statSync(path.join(ROOT, p)).mtimeMs : null);
    const before = { lock: stamp('node_modules/.package-lock.json'), dist: stamp('dist') };
    const r = sh('./install.sh', ['--dry-run', '--demo']);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const out = r.stdout;
    const order = [
      '==> Checking the system',
      '==> System packages',
      '[dry-run] npm ci',
      '[dry-run] npm run build',
      '==> Database',
      'dist/server/cli.js init --demo',
      '==> Service',
      '==> Done',
    ];
    let at = -1;
    for (const step of order) {
      const i = out.indexOf(step, at + 1);
      expect(i, `step "${step}" after the previous one in:\n${out}`).to.be.greaterThan(at);
      at = i;
    }
    expect(out).to.include('dry run: nothing will be changed');
    expect(out).to.match(/Jiceng: http:\/\/\S+:\d+/);
    expect(out).to.not.include('    + '); // nothing was executed
    if (isRoot) {
      expect(out).to.include('jiceng.service');
      expect(out).to.include('jiceng-backup.timer');
      expect(out).to.match(/useradd --system .* jiceng|user jiceng exists/);
      expect(out).to.include('runuser -u jiceng');
      expect(out).to.include('DATA_DIR=/var/lib/jiceng');
      if (!fs.existsSync('/run/systemd/system')) expect(out).to.include('pm2 startOrRestart');
    } else {
      expect(out).to.include('system steps (packages, user, service) are skipped');
    }
    expect({ lock: stamp('node_modules/.package-lock.json'), dist: stamp('dist') }).to.deep.equal(before);
  });

  it('--production leaves out the development tools and prunes dev dependencies; --no-start starts nothing', () => {
    const prod = sh('./install.sh', ['--dry-run', '--production', '--no-start']);
    expect(prod.code, prod.stdout + prod.stderr).to.equal(0);
    const pkgLine =
      prod.stdout.split('\n').find((l) => /apt-get install|all present:|missing Debian packages:/.test(l)) ?? '';
    expect(pkgLine).to.not.include('chromium');
    expect(prod.stdout).to.include('npm prune --omit=dev');
    if (prod.stdout.includes('stopping it while the database is migrated')) {
      // An installed server is running (as after .ci/run's install): it is stopped for the
      // migration and started again even with --no-start.
      expect(prod.stdout).to.match(/\[dry-run\] .*(pm2 stop jiceng|systemctl stop jiceng)/);
      expect(prod.stdout).to.match(/\[dry-run\] .*(startOrRestart|systemctl restart jiceng)/);
    } else {
      expect(prod.stdout).to.not.include('startOrRestart');
      expect(prod.stdout).to.not.include('systemctl restart');
      expect(prod.stdout).to.include('--no-start: start it with');
    }

    const dev = sh('./install.sh', ['--dry-run', '--no-start']);
    const devLine = dev.stdout.split('\n').find((l) => /apt-get install|all present:/.test(l));
    if (isRoot) expect(devLine, dev.stdout).to.include('chromium');
    expect(dev.stdout).to.not.include('npm prune');
  });

  it('the systemd unit runs one node process as jiceng with the data directory, restarts, and may bind port 80', () => {
    const unit = fs.readFileSync(path.join(ROOT, 'systemd/jiceng.service'), 'utf8');
    for (const line of [
      'User=jiceng',
      'WorkingDirectory=@ROOT@',
      'Environment=DATA_DIR=/var/lib/jiceng',
      'EnvironmentFile=-/etc/jiceng/jiceng.env',
      'ExecStart=@NODE@ dist/server/main.js',
      'Restart=always',
      'AmbientCapabilities=CAP_NET_BIND_SERVICE',
      'KillSignal=SIGTERM',
    ]) {
      expect(unit, line).to.match(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    const timer = fs.readFileSync(path.join(ROOT, 'systemd/jiceng-backup.timer'), 'utf8');
    expect(timer).to.match(/^OnCalendar=/m);
    expect(timer).to.match(/^Persistent=true$/m);
    const backup = fs.readFileSync(path.join(ROOT, 'systemd/jiceng-backup.service'), 'utf8');
    expect(backup).to.match(/^ExecStart=@NODE@ dist\/server\/cli\.js backup$/m);
    expect(backup).to.match(/^User=jiceng$/m);
  });

  it('the pm2 process file runs one instance in fork mode, never cluster', () => {
    const require = createRequire(import.meta.url);
    const eco = require(path.join(ROOT, 'ecosystem.config.cjs')) as { apps: Array<Record<string, unknown>> };
    expect(eco.apps).to.have.length(1);
    const app = eco.apps[0]!;
    expect(app.exec_mode).to.equal('fork');
    expect(app.instances).to.equal(1);
    expect(app.script).to.equal('dist/server/main.js');
    expect(app.stop_exit_codes).to.deep.equal([2]);
    expect((app.env as Record<string, string>).DATA_DIR).to.be.a('string');
  });
});
