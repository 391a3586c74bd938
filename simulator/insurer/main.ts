// The insurer simulator by hand or under pm2/systemd: `node dist/simulator/insurer/main.js`.
// Env: INSURER_PORT (default 8091), INSURER_HOST (default 127.0.0.1), INSURER_DATA (the SQLite
// file; default DATA_DIR/insurer.sqlite, else ./data/insurer.sqlite), INSURER_POLICY (a policy
// .json path; default the built-in one), INSURER_LEVEL (township | county | tertiary),
// INSURER_ADMDVS (area code, default 330782), INSURER_FAULTS=1 (serve the /__sim/* test hooks).
// As a real platform, it serves only a signed-in operator (9001's sign_no in the envelope; the
// adapter signs in first); INSURER_SIGNIN=0 serves anyone (old clients, hand-made calls).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FacilityLevel } from './policy.js';
import { startInsurerSimulator } from './server.js';

const env = process.env;
const dataFile = resolve(env.INSURER_DATA || join(env.DATA_DIR || 'data', 'insurer.sqlite'));
mkdirSync(dirname(dataFile), { recursive: true });
const port = Number(env.INSURER_PORT || 8091);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`INSURER_PORT must be a port number, got ${env.INSURER_PORT}`);
  process.exit(1);
}

const sim = await startInsurerSimulator({
  port,
  host: env.INSURER_HOST || '127.0.0.1',
  dataFile,
  faults: env.INSURER_FAULTS === '1',
  requireSignIn: env.INSURER_SIGNIN !== '0',
  ...(env.INSURER_POLICY ? { policy: env.INSURER_POLICY } : {}),
  institution: {
    level: (env.INSURER_LEVEL || 'township') as FacilityLevel,
    admdvs: env.INSURER_ADMDVS || '330782',
  },
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});
console.log(
  `insurer simulator: ${sim.url} (data ${dataFile}, policy: ${sim.policy.name}` +
    `${env.INSURER_SIGNIN === '0' ? ', sign-in not required' : ''})`,
);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
