// Helpers for operations tests: Jiceng started as a real child process (as systemd or pm2
// would start it), the CLI as a child process, and a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { projectRoot } from '../../server/lib/paths.js';

export const ROOT = projectRoot();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The first administrator's one-time password, when this start created it. */
  password: string | null;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
}

function collect(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { stdout: () => out, stderr: () => err, exited };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns `node --import tsx server/main.ts` on a free port; does not wait for anything. */
export async function startMain(dataDir: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, port, ...collect(child) };
}

/** Spawns `node --import tsx server/main.ts` and waits until /api/health answers. */
export async function spawnServer(
  dataDir: string,
  opts: { env?: Record<string, string>; expectPassword?: boolean } = {},
): Promise<ServerProcess> {
  const { child, port, ...c } = await startMain(dataDir, opts.env);
  let gone: Exit | null = null;
  void c.exited.then((e) => (gone = e));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone)
      throw new Error(`the server exited (${JSON.stringify(gone)}) before answering:\n${c.stderr()}\n${c.stdout()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 60 s:\n${c.stderr()}`);
    }
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await delay(100);
  }
  // The password is printed before the server listens; let the pipe deliver it.
  if (opts.expectPassword) {
    while (!/One-time password: \S+/.test(c.stdout()) && Date.now() < deadline) await delay(20);
  }
  const m = /One-time password: (\S+)/.exec(c.stdout());
  return { child, url, password: m ? m[1]! : null, ...c };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx server/cli.ts ...args` with DATA_DIR set. */
export async function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const c = collect(child);
  const e = await c.exited;
  return { code: e.code, stdout: c.stdout(), stderr: c.stderr() };
}
