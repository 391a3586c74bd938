// A Jiceng server in its own process, as in production: bench/coldstart.ts compiled to plain
// JavaScript (esbuild, packages external) under bench/.out and started with node (no tsx
// loader in memory), on an existing data directory. Used for cold start, RSS, concurrency and
// the simulated day, so that the benchmark's clients do not share the server's event loop.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServerInfo {
  importMs: number;
  createListenMs: number;
  healthy: boolean;
  url: string;
  /** CPU time of the server process (all threads) from its start to the first healthy answer. */
  cpuMs: number;
}

let entry: Promise<string> | null = null;

/** bench/coldstart.ts compiled once per benchmark run. */
export function compiledServerEntry(): Promise<string> {
  entry ??= (async () => {
    const outfile = path.join(here, '..', '.out', 'server-process.mjs');
    await build({
      entryPoints: [path.join(here, '..', 'coldstart.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    return outfile;
  })();
  return entry;
}

export interface ServerProcess {
  info: ServerInfo;
  child: ChildProcess;
  /** From fork() to the first healthy answer of /api/health. */
  spawnToReadyMs: number;
  stop(): Promise<void>;
}

/** Starts the server on `dataDir`; with keep=false it stops itself right after the health check. */
export async function serverProcess(dataDir: string, keep: boolean): Promise<ServerProcess> {
  const file = await compiledServerEntry();
  const prof = keep ? process.env.BENCH_SERVER_CPU_PROFILE : undefined;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = fork(file, [], {
      // BENCH_SERVER_CPU_PROFILE=<dir>: a CPU profile of the server process (written when it stops).
      execArgv: ['--expose-gc', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
      env: { ...process.env, BENCH_DATA_DIR: dataDir, BENCH_KEEP: keep ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('message', (m) =>
      resolve({
        info: m as ServerInfo,
        child,
        spawnToReadyMs: performance.now() - t0,
        stop: async () => {
          if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
          await exited;
        },
      }),
    );
    child.once('exit', (code) => code !== 0 && reject(new Error(`server process exited with ${code}`)));
  });
}
