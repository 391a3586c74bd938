// pm2 process file: `npx pm2 start ecosystem.config.cjs` (install.sh does this where systemd
// is not running). ONE server process in fork mode: SQLite has one writer, never use cluster mode.
// With INSURER_SIMULATOR=1 (demo installs) a second app runs the insurer simulator.
// Settings come from the environment of `pm2 start`, then /etc/jiceng/jiceng.env when it
// exists (the same file systemd reads), then the defaults of server/config.ts.
const fs = require('node:fs');
const path = require('node:path');

function envFile(file) {
  const vars = {};
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return vars;
  }
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) vars[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return vars;
}

const fromFile = envFile(process.env.JICENG_ENV_FILE || '/etc/jiceng/jiceng.env');
// As for the server: the settings file wins over the environment of `pm2 start`.
const setting = (name) => fromFile[name] || process.env[name] || '';
const dataDir = setting('DATA_DIR') || path.join(__dirname, 'data');

// The insurer simulator (issue 11): a second app for demo installs only (INSURER_SIMULATOR=1,
// which `install.sh --demo` sets): the demo center's 接口设置 points at it. It plays another
// system (the national insurance platform) with its own SQLite file beside the server's data.
const insurer = {
  name: 'jiceng-insurer',
  cwd: __dirname,
  script: 'dist/simulator/insurer/main.js',
  exec_mode: 'fork',
  instances: 1,
  autorestart: true,
  restart_delay: 2000,
  max_restarts: 10,
  min_uptime: 5000,
  kill_timeout: 10000,
  time: true,
  env: {
    NODE_ENV: 'production',
    INSURER_PORT: setting('INSURER_PORT') || '8091',
    INSURER_HOST: setting('INSURER_HOST') || '127.0.0.1',
    INSURER_DATA: setting('INSURER_DATA') || path.join(dataDir, 'insurer.sqlite'),
    ...(setting('INSURER_POLICY') ? { INSURER_POLICY: setting('INSURER_POLICY') } : {}),
    ...(setting('INSURER_LEVEL') ? { INSURER_LEVEL: setting('INSURER_LEVEL') } : {}),
  },
};

module.exports = {
  apps: [
    {
      name: 'jiceng',
      cwd: __dirname,
      script: 'dist/server/main.js',
      exec_mode: 'fork',
      instances: 1,
      autorestart: true,
      // Exit code 2: a migration failed and the old database was kept; do not loop.
      stop_exit_codes: [2],
      restart_delay: 2000,
      max_restarts: 10,
      min_uptime: 5000,
      // pm2 stops with SIGINT; the server then finishes requests in flight, checkpoints the
      // WAL and closes. Give it time before pm2 resorts to SIGKILL.
      kill_timeout: 15000,
      time: true,
      env: {
        NODE_ENV: 'production',
        DATA_DIR: process.env.DATA_DIR || path.join(__dirname, 'data'),
        ...fromFile,
      },
    },
    ...(setting('INSURER_SIMULATOR') === '1' ? [insurer] : []),
  ],
};
