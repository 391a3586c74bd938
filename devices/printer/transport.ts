// Sending a job's bytes to a printer. Over TCP the job is confirmed by the printer itself:
// DLE EOT 4 (real-time paper status) before sending, GS r 1 (paper status, answered only
// after every byte before it was processed) after it. No answer, a closed socket or a reset
// means the job did not finish: `partial` tells whether some of it may be on paper.
// Device files (/dev/usb/lp0) are written and closed; the kernel driver reports only I/O
// errors. The fake printer records jobs in memory.
import net from 'node:net';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { PrinterTarget } from './target.js';

export type PrinterErrorCode = 'offline' | 'timeout' | 'interrupted' | 'out_of_paper' | 'io';

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
    let phase: 'connect' | 'status' | 'job' | 'ack' | 'done' = 'connect';
    let inbox = Buffer.alloc(0);
    let waiter: ((b: number) => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const arm = (ms: number, what: () => PrinterError) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => fail(what()), ms);
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
    const partial = () => phase === 'job' || phase === 'ack';
    const answer = (ms: number, label: string) =>
      new Promise<number>((res) => {
        arm(ms, () =>
          phase === 'status'
            ? // Nothing of the job was sent: a printer that never answers status requests is not printed twice.
              new PrinterError('timeout', `打印机不应答状态查询(${Math.round(ms / 1000)} 秒);若该打印机不支持,请在地址后加 ?status=0`, false)
            : new PrinterError('timeout', `打印机${label}无应答(${Math.round(ms / 1000)} 秒)`, partial()),
        );
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
      if (phase === 'connect') fail(new PrinterError('offline', e.code === 'ECONNREFUSED' ? '打印机拒绝连接(未开机或端口错误)' : `打印机无法连接:${e.code ?? e.message}`, false));
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
        const a = await answer(answerMs, '打印确认');
        if (isDone()) return;
        if (a & 0x0c) return fail(new PrinterError('out_of_paper', '打印中缺纸,本张可能不完整', true));
        finish();
      })();
    });
  });
}

async function sendFile(path: string, bytes: Buffer, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    let fh;
    try {
      // Never O_CREAT: a missing /dev/usb/lp0 means the printer is unplugged, not a file to make.
      fh = await open(path, constants.O_WRONLY | constants.O_APPEND);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PrinterError('offline', code === 'ENOENT' ? `打印机设备 ${path} 不存在(未连接或未开机)` : code === 'EACCES' ? `无权写入 ${path}(服务用户需加入 lp 组)` : `无法打开 ${path}:${code}`, false);
    }
    try {
      await fh.write(bytes);
    } catch (e) {
      throw new PrinterError('io', `写入 ${path} 失败:${(e as NodeJS.ErrnoException).code ?? String(e)}`, true);
    } finally {
      await fh.close().catch(() => undefined);
    }
  })();
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new PrinterError('timeout', `写入 ${path} 超时(打印机卡纸或缺纸?)`, true)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
