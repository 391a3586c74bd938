// The insurer simulator as the demo's second service: the pm2 app (only with INSURER_SIMULATOR=1),
// the systemd unit, install.sh --demo starting it, and main.js answering over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { call } from './client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function apps(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['-e', "console.log(JSON.stringify(require('./ecosystem.config.cjs').apps))"], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JICENG_ENV_FILE: '/nonexistent', ...env },
  });
  return JSON.parse(r.stdout) as Array<{
    name: string;
    script: string;
    exec_mode: string;
    env: Record<string, string>;
  }>;
}

describe('insurer simulator: the demo service', function () {
  this.timeout(60_000);

  it('pm2: a second app only with INSURER_SIMULATOR=1, one fork process, its data beside the server', () => {
    expect(apps({}).map((a) => a.name)).to.deep.equal(['jiceng']);
    const both = apps({ INSURER_SIMULATOR: '1', DATA_DIR: '/srv/jc' });
    const ins = both.find((a) => a.name === 'jiceng-insurer')!;
    expect([ins.script, ins.exec_mode]).to.deep.equal(['dist/simulator/insurer/main.js', 'fork']);
    expect(ins.env.INSURER_DATA).to.equal('/srv/jc/insurer.sqlite');
    expect(ins.env.INSURER_PORT).to.equal('8091');
  });

  it("systemd: a unit like the server's, running main.js as jiceng", () => {
    const unit = fs.readFileSync(path.join(ROOT, 'systemd/jiceng-insurer.service'), 'utf8');
    for (const line of [
      'User=jiceng',
      'WorkingDirectory=@ROOT@',
      'Environment=DATA_DIR=/var/lib/jiceng',
      'EnvironmentFile=-/etc/jiceng/jiceng.env',
      'ExecStart=@NODE@ dist/simulator/insurer/main.js',
      'Restart=always',
    ]) {
      expect(unit.split('\n'), line).to.include(line);
    }
  });

  it('install.sh --demo starts it and names its address', () => {
    const demo = spawnSync('./install.sh', ['--dry-run', '--demo'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(demo.status, demo.stderr).to.equal(0);
    expect(demo.stdout).to.match(/insurer simulator: http:\/\/127\.0\.0\.1:\d+\/fsi\/api/);
    expect(demo.stdout).to.match(/INSURER_SIMULATOR=1 .*startOrRestart|systemctl (enable|restart) jiceng-insurer/);
  });

  it('main.ts serves the platform on INSURER_PORT with its data in INSURER_DATA, to signed-in operators', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insurer-main-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/insurer/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, INSURER_PORT: String(port), INSURER_DATA: path.join(dir, 'i.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('insurer simulator: http')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`main exited ${code}: ${out}`)));
      });
      const url = `http://127.0.0.1:${port}/fsi/api`;
      // as under pm2/systemd: only a signed-in operator is served
      const anonymous = await call(url, '1301', { data: { ver: '0' } });
      expect(anonymous.err_msg).to.contain('请先签到(9001)');
      const signIn = await call(url, '9001', {
        signIn: { opter_no: 'D001', mac: '00:00:00:00:00:01', ip: '127.0.0.1' },
      });
      const signNo = signIn.output!.signinoutb.sign_no;
      const a = await call(url, '1301', { data: { ver: '0' } }, { sign_no: signNo });
      expect(a.infcode).to.equal(0);
      expect(fs.existsSync(path.join(dir, 'i.sqlite'))).to.equal(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
