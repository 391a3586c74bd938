// Sending a job's bytes to a printer. Over TCP the job is confirmed by the printer itself:
// DLE EOT 4 (real-time paper status) before sending, GS r 1 (paper status, answered only
// after every byte before it was processed) after it. No answer, a closed socket or a reset
// means the job did not finish: `partial` tells whether some of it may be on paper.
// A printer that answers the real-time status (DLE EOT) but never GS r confirms only half:
// when GS r goes unanswered, DLE EOT is asked once more; an answer means the printer is alive
// and simply never confirms the end of a job ('unconfirmed': the job is very likely on paper,
// and sending the same bytes again would print it twice).
// Device files (/dev/usb/lp0) are written and closed by a child process that is killed on
// timeout: a write() that never returns (a stuck USB printer) would otherwise pin one of the
// four libuv pool threads that sign-in (scrypt) and file I/O need. The kernel driver reports
// only I/O errors. The fake printer records jobs in memory.
import net from 'node:net';
import { spawn } from 'node:child_process';
import type { PrinterTarget } from './target.js';

export type PrinterErrorCode = 'offline' | 'timeout' | 'interrupted' | 'out_of_paper' | 'io' | 'unconfirmed';

/** The hint shown when a printer answers the paper status but never confirms a job's end. */
export const UNCONFIRMED_HINT =
  '打印机应答状态查询,但从不确认打印结束(GS ' +
  'r):本张很可能已打印,不再自动重打,请核对纸张,需要时按重打;若该打印机不支持打印确认,请在地址后加 ?status=0';

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    /** Some bytes of the job may have reached the paper. */
    readonly partial: boolean,
  ) {
    super(message);
  }
}

export interface SendOptions {
  connectTimeoutMs?: number;
  /** How long to wait for the printer's answers (a slow or busy printer). */
  answerTimeoutMs?: number;
}

const DLE_EOT_PAPER = Buffer.from([0x10, 0x04, 0x04]);
const GS_R_PAPER = Buffer.from([0x1d, 0x72, 0x01]);

export async function send(target: PrinterTarget, bytes: Buffer, o: SendOptions = {}): Promise<void> {
  if (target.kind === 'tcp') return sendTcp(target.host, target.port, bytes, target.status, o);
  if (target.kind === 'fake') return fakePrinter(target.name).receive(bytes);
  return sendFile(target.path, bytes, o.answerTimeoutMs ?? 15_000);
}

function sendTcp(host: string, port: number, bytes: Buffer, status: boolean, o: SendOptions): Promise<void> {
  const connectMs = o.connectTimeoutMs ?? 4000;
  const answerMs = o.answerTimeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let phase: 'connect' | 'status' | 'job' | 'ack' | 'probe' | 'done' = 'connect';
    let ackTimeout: (() => void) | null = null;
    const ackTimedOut = new Promise<'no-ack'>((res) => (ackTimeout = () => res('no-ack')));
    let inbox = Buffer.alloc(0);
    let waiter: ((b: number) => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const arm = (ms: number, what: () => PrinterError | null) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const e = what();
        if (e) fail(e);
      }, ms);
    };
    const fail = (e: PrinterError) => {
      if (phase === 'done') return;
      phase = 'done';
      if (timer) clearTimeout(timer);
      sock.destroy();
      reject(e);
    };
    const finish = () => {
      if (phase === 'done') return;
      phase = 'done';
      if (timer) clearTimeout(timer);
      sock.end();
      resolve();
    };
    const isDone = () => phase === 'done';
    const partial = () => phase === 'job' || phase === 'ack' || phase === 'probe';
    const answer = (ms: number, label: string) =>
      new Promise<number>((res) => {
        arm(ms, () => {
          if (phase === 'ack' && ackTimeout) {
            // Not a failure yet: the caller probes with DLE EOT (see above).
            if (timer) clearTimeout(timer);
            waiter = null;
            ackTimeout();
            return null;
          }
          return phase === 'status'
            ? // Nothing of the job was sent: a printer that never answers status requests is not printed twice.
              new PrinterError(
                'timeout',
                `打印机不应答状态查询(${Math.round(ms / 1000)} 秒);若该打印机不支持,请在地址后加 ?status=0`,
                false,
              )
            : new PrinterError('timeout', `打印机${label}无应答(${Math.round(ms / 1000)} 秒)`, partial());
        });
        const take = () => {
          const b = inbox[0]!;
          inbox = inbox.subarray(1);
          if (timer) clearTimeout(timer);
          res(b);
        };
        if (inbox.length) take();
        else waiter = take;
      });
    sock.on('data', (d) => {
      inbox = Buffer.concat([inbox, d]);
      if (waiter && inbox.length) {
        const w = waiter;
        waiter = null;
        w(0);
      }
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (phase === 'connect')
        fail(
          new PrinterError(
            'offline',
            e.code === 'ECONNREFUSED' ? '打印机拒绝连接(未开机或端口错误)' : `打印机无法连接:${e.code ?? e.message}`,
            false,
          ),
        );
      else fail(new PrinterError('interrupted', `打印中连接断开:${e.code ?? e.message}`, partial()));
    });
    sock.on('end', () => fail(new PrinterError('interrupted', '打印机在打印中关闭了连接', partial())));
    sock.on('close', () => fail(new PrinterError('interrupted', '打印机连接已关闭', partial())));
    arm(connectMs, () => new PrinterError('offline', `连接打印机超时(${Math.round(connectMs / 1000)} 秒)`, false));
    sock.once('connect', () => {
      void (async () => {
        if (status) {
          phase = 'status';
          sock.write(DLE_EOT_PAPER);
          const s = await answer(answerMs, '状态查询');
          if (isDone()) return;
          if (s & 0x60) return fail(new PrinterError('out_of_paper', '打印机缺纸', false));
        }
        phase = 'job';
        sock.write(bytes);
        if (!status) {
          sock.end(() => finish());
          arm(answerMs, () => new PrinterError('timeout', '向打印机发送数据超时', true));
          return;
        }
        phase = 'ack';
        sock.write(GS_R_PAPER);
        const a = await Promise.race([answer(answerMs, '打印确认'), ackTimedOut]);
        if (isDone()) return;
        if (a === 'no-ack') {
          // GS r unanswered: is the printer alive (answers the real-time status) or stuck?
          phase = 'probe';
          sock.write(DLE_EOT_PAPER);
          const p = await answer(Math.min(answerMs, 3000), '状态查询');
          if (isDone()) return;
          // DLE EOT answers have bits 1 and 4 set (0x12); GS r answers never set bit 4: a late
          // GS r answer is the confirmation after all.
          if ((p & 0x12) !== 0x12) {
            if (p & 0x0c) return fail(new PrinterError('out_of_paper', '打印中缺纸,本张可能不完整', true));
            return finish();
          }
          if (p & 0x60) return fail(new PrinterError('out_of_paper', '打印中缺纸,本张可能不完整', true));
          return fail(new PrinterError('unconfirmed', UNCONFIRMED_HINT, true));
        }
        if (a & 0x0c) return fail(new PrinterError('out_of_paper', '打印中缺纸,本张可能不完整', true));
        finish();
      })();
    });
  });
}

/**
 * The child that writes a device file: opens it (never O_CREAT: a missing /dev/usb/lp0 means
 * the printer is unplugged, not a file to make), says "O" once open, writes stdin to it,
 * closes it. Errors go to stderr as JSON { stage, code }. Plain CommonJS for `node -e`.
 */
const WRITER =
  `
const fs = require('fs');
const fail = (stage, e) => { process.stderr.write(JSON.stringify({ stage, code: (e && e.code) || String(e) })); ` +
  (`process.exit(3); };
let fd;
try { fd = fs.openSync(process.argv[1], fs.constants.O_WRONLY | fs.constants.O_APPEND); } catch (e) { fail('open', e); }
process.stdout.write('O');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  try { const b = Buffer.concat(chunks); let o = 0; while (o < b.length) o += fs.writeSync(fd, b, o, b.length - ` +
    `o); fs.closeSync(fd); } catch (e) { fail('write', e); }
  process.exit(0);
});
`);

const writers = new Set<ReturnType<typeof spawn>>();

/** Kills the device-file writers still running (the server is stopping: a stuck printer must not keep it alive). */
export function killPrinterWriters(): void {
  for (const c of writers) c.kill('SIGKILL');
}

function sendFile(path: string, bytes: Buffer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['-e', WRITER, path], { stdio: ['pipe', 'pipe', 'pipe'], env });
    writers.add(child);
    let opened = false;
    let err = '';
    let settled = false;
    const done = (e: PrinterError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(
        new PrinterError(
          'timeout',
          opened
            ? `写入 ${path} 超时(${Math.round(timeoutMs / 1000)} 秒;打印机卡纸、缺纸或未开机?)`
            : `写入 ${path} 超时:设备打不开(${Math.round(timeoutMs / 1000)} 秒;打印机未开机或卡住?)`,
          opened,
        ),
      );
    }, timeoutMs);
    child.stdout.on('data', () => (opened = true));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.on('error', () => undefined); // the child may exit before reading (open failed)
    child.on('error', (e) => done(new PrinterError('io', `无法启动写入 ${path} 的进程:${e.message}`, false)));
    child.on('close', (code) => {
      writers.delete(child);
      if (code === 0) return done(null);
      let info: { stage?: string; code?: string } = {};
      try {
        info = JSON.parse(err) as typeof info;
      } catch {
        /* killed, or not JSON */
      }
      if (info.stage === 'open') {
        const c = info.code;
        return done(
          new PrinterError(
            'offline',
            c === 'ENOENT'
              ? `打印机设备 ${path} 不存在(未连接或未开机)`
              : c === 'EACCES'
                ? `无权写入 ${path}(服务用户需加入 lp 组)`
                : `无法打开 ${path}:${c}`,
            false,
          ),
        );
      }
      done(new PrinterError('io', `写入 ${path} 失败:${info.code ?? `写入进程退出(${code})`}`, opened));
    });
    child.stdin.end(bytes);
  });
}

/** The in-process fake printer behind the same interface (demo and tests): jobs kept in memory. */
export class FakePrinter {
  jobs: Buffer[] = [];
  /** 'offline' refuses, 'no-paper' reports out of paper, 'ok' prints. */
  mode: 'ok' | 'offline' | 'no-paper' = 'ok';
  constructor(readonly name: string) {}
  async receive(bytes: Buffer): Promise<void> {
    if (this.mode === 'offline') throw new PrinterError('offline', `模拟打印机 ${this.name} 未连接`, false);
    if (this.mode === 'no-paper') throw new PrinterError('out_of_paper', `模拟打印机 ${this.name} 缺纸`, false);
    this.jobs.push(Buffer.from(bytes));
    if (this.jobs.length > 200) this.jobs.shift();
  }
}

const fakes = new Map<string, FakePrinter>();
export function fakePrinter(name: string): FakePrinter {
  let f = fakes.get(name);
  if (!f) fakes.set(name, (f = new FakePrinter(name)));
  return f;
}
