// pm2 process file: `npx pm2 start ecosystem.config.cjs` (install.sh does this where systemd
// is not running). ONE process in fork mode: SQLite has one writer, never use cluster mode.
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
  ],
};
