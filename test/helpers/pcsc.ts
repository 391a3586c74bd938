// Helpers for tests on the real PC/SC stack: pcscd with vsmartcard's vpcd driver (port
// 35963 = "Virtual PCD 00 00"). In CI (CI=true) a missing pcscd or vpcd FAILS the tests
// with a clear message; elsewhere they are skipped with the reason printed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { VPCD_PORT } from '../../devices/virtual/vpcd-card.js';

export function pcscdPid(): number | null {
  try {
    const out = execFileSync('pidof', ['pcscd'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
    return out ? Number(out) : null;
  } catch {
    return null;
  }
}

/** Is something listening on vpcd's port (read from /proc, so no card is "inserted" by asking)? */
export function vpcdListening(port = VPCD_PORT): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') return true;
    }
  }
  return false;
}

export async function waitUntil(pred: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts pcscd (it daemonises itself) and waits for vpcd's port. */
export async function startPcscd(): Promise<void> {
  if (!pcscdPid()) {
    const r = spawnSync('pcscd', [], { stdio: 'ignore' });
    if (r.error) throw new Error(`pcscd could not be started: ${r.error.message}`);
  }
  await waitUntil(
    () => vpcdListening(),
    'vpcd (pcscd with the vsmartcard-vpcd driver) to listen on port 35963',
    15_000,
  );
}

/** Stops the running pcscd (by its pid) and waits until it is gone. */
export async function killPcscd(): Promise<void> {
  const pid = pcscdPid();
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  await waitUntil(
    () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    },
    'pcscd to exit',
    15_000,
  );
}

/**
 * Makes sure pcscd and vpcd are up (starting pcscd if this user may). Returns null when
 * ready, or the reason they are not (the caller fails in CI and skips elsewhere).
 */
export async function pcscStackProblem(): Promise<string | null> {
  try {
    await startPcscd();
  } catch (e) {
    return (
      `the PC/SC test stack is not ` +
      (`available: ${(e as Error).message}. Install pcscd and vsmartcard-vpcd (apt-get install pcscd ` +
        `vsmartcard-vpcd) and run pcscd as root.`)
    );
  }
  return null;
}

/** Fails in CI, skips (printing why) elsewhere. */
export async function requirePcscStack(ctx: Mocha.Context): Promise<void> {
  const problem = await pcscStackProblem();
  if (!problem) return;
  if (process.env.CI === 'true') throw new Error(`CI: ${problem}`);
  console.log(`    (skipped: ${problem})`);
  ctx.skip();
}
