// Graceful shutdown: SIGTERM while a request is in flight. The server stops accepting, the
// request completes, the process exits 0, and the WAL is checkpointed (empty or gone).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { tempDir } from '../helpers/server.js';
import { spawnServer, type ServerProcess } from './process.js';

/** Resolves once the port refuses new connections (bounded: 20 s). */
async function untilRefused(port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    if (refused) return;
    if (Date.now() > deadline) throw new Error('the server kept accepting connections after SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ops: graceful shutdown on SIGTERM', function () {
  this.timeout(90_000);
  let dataDir: string;
  let proc: ServerProcess | null = null;

  before(() => {
    dataDir = tempDir('jiceng-shutdown-');
  });
  after(() => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the request in flight, exits 0 and checkpoints the WAL', async () => {
    proc = await spawnServer(dataDir, { expectPassword: true });
    const port = Number(new URL(proc.url).port);
    const body = JSON.stringify({ username: 'admin', password: proc.password });

    // A sign-in whose body is held back: the server has the request (it answered
    // 100 Continue) but cannot finish it until the body arrives.
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/auth/sign-in',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
        'x-lang': 'en',
      },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.once('error', reject);
      });
      req.once('error', reject);
    });
    await new Promise<void>((resolve) => {
      req.once('continue', () => resolve());
      req.flushHeaders();
    });

    proc.child.kill('SIGTERM');
    await untilRefused(port); // the server is stopping: no new connections
    expect(proc.child.exitCode, 'still running while the request is in flight').to.equal(null);
    req.end(body);

    const r = await response;
    expect(r.status, r.text).to.equal(200);
    expect(JSON.parse(r.text).username).to.equal('admin');
    const exit = await proc.exited;
    expect(exit.code, proc.stderr()).to.equal(0);

    const wal = `${dataDir}/jiceng.sqlite-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0, 'the WAL is empty or gone').to.equal(true);
  });
});
