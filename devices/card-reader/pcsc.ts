// The real card-reader service on pcsclite (PC/SC). Readers come and go while the server
// runs: plugged and unplugged readers are reported by pcscd; when pcscd stops, every reader
// goes away and the service retries (1 s, then up to every 5 s) until pcscd is back, so
// nothing needs a restart. The native module is loaded lazily: a box without pcsclite or
// pcscd runs, with the service 'down' and a reason.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { createRequire } from 'node:module';
import { CardError, type CardConnection, type CardReaderService, type ReaderInfo } from './types.js';
import { hex } from './apdu.js';

/* The parts of pcsclite's objects this service uses (its own typings are CommonJS). */
interface PcscReader extends EventEmitter {
  name: string;
  connected: boolean;
  SCARD_SHARE_SHARED: number;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
  SCARD_LEAVE_CARD: number;
  connect(o: { share_mode: number }, cb: (err: Error | null | undefined, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: Error | null | undefined) => void): void;
  transmit(
    data: Buffer,
    resLen: number,
    protocol: number,
    cb: (err: Error | null | undefined, res: Buffer) => void,
  ): void;
  close(): void;
}
interface Pcsc extends EventEmitter {
  close(): void;
}

interface Tracked {
  reader: PcscReader;
  present: boolean;
  atr: Buffer | null;
  /** The tail of the queue of connections (one at a time per reader). */
  busy: Promise<void>;
}

const REMOVED_CODES = ['0x80100069', '0x8010000c', '0x80100068', '0x80100066'];
const GONE_CODES = ['0x80100017', '0x80100009', '0x8010001d', '0x80100013'];
/** SCARD_E_SHARING_VIOLATION: another program (e.g. a second Jiceng server, pcsc_scan) holds the card. */
const SHARING_VIOLATION = '0x8010000b';
/**
 * How long a read waits for another program to let go of the card before saying so ('in_use'):
 * long enough for a program that only reads it once (another Jiceng server bound to the same
 * reader, as the demo service beside the tests is, holds a social security card for one read:
 * about a second over vpcd), short enough to tell the desk within seconds (a program holding
 * the card for good is not waited for longer; taking the card out and in again does not help).
 */
const SHARING_WAIT_MS = 2500;

function codeOf(e: unknown): string {
  const m = /\((0x[0-9a-f]+)\)/i.exec(String((e as Error)?.message ?? e));
  return m ? m[1]!.toLowerCase() : '';
}

/** pcscd's socket (pcsc-lite's default, or PCSCLITE_CSOCK_NAME as libpcsclite reads it). */
const PCSCD_SOCKET = process.env.PCSCLITE_CSOCK_NAME || '/run/pcscd/pcscd.comm';

/** Does pcscd accept a connection on its socket (within 500 ms)? */
function pcscdAnswers(path = PCSCD_SOCKET): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    const done = (v: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(true), 500); // slow but there: not down
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export interface PcscOptions {
  /** pcscd's socket, to tell "pcscd stopped" from "reader unplugged" (default /run/pcscd/pcscd.comm). */
  socketPath?: string;
  /** Delay before the first retry after pcscd went away (ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  log?: (level: 'info' | 'warn', msg: string, extra?: Record<string, unknown>) => void;
}

export class PcscCardReaders extends EventEmitter implements CardReaderService {
  private pcsc: Pcsc | null = null;
  private tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private stopped = true;
  private factory: (() => Pcsc) | null = null;
  serviceState: 'up' | 'down' | 'stopped' = 'stopped';
  serviceDetail: string | null = null;

  constructor(private opts: PcscOptions = {}) {
    super();
    this.retryMs = opts.retryMinMs ?? 1000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  private log(level: 'info' | 'warn', msg: string, extra?: Record<string, unknown>) {
    this.opts.log?.(level, msg, extra);
  }

  private setService(state: 'up' | 'down', detail: string | null) {
    const changed = state !== this.serviceState;
    this.serviceState = state;
    this.serviceDetail = detail;
    if (changed) {
      this.log(state === 'up' ? 'info' : 'warn', `PC/SC service ${state}`, detail ? { detail } : undefined);
      this.emit('service', state, detail);
    }
  }

  private open() {
    if (this.stopped) return;
    let p: Pcsc;
    try {
      this.factory ??= createRequire(import.meta.url)('pcsclite') as () => Pcsc;
      p = this.factory();
    } catch (e) {
      this.setService('down', String((e as Error).message ?? e));
      this.scheduleRetry();
      return;
    }
    this.pcsc = p;
    this.retryMs = this.opts.retryMinMs ?? 1000;
    this.setService('up', null);
    p.on('reader', (r: PcscReader) => this.onReader(p, r));
    p.on('error', (e: Error) => {
      if (this.pcsc !== p) return;
      this.lost(String(e?.message ?? e));
    });
  }

  /** pcscd went away (or the context broke): every reader is gone; retry later. */
  private lost(detail: string) {
    const p = this.pcsc;
    this.pcsc = null;
    // The service is marked down BEFORE its readers are dropped, so listeners of
    // 'reader-removed' say "pcscd is not running", not "the reader is unplugged".
    if (!this.stopped) this.setService('down', detail);
    for (const name of [...this.tracked.keys()]) this.dropReader(name, true);
    if (p) {
      try {
        p.close();
      } catch {
        /* already closed */
      }
    }
    if (this.stopped) return;
    this.scheduleRetry();
  }

  private scheduleRetry() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.opts.retryMaxMs ?? 5000, this.retryMs * 2);
    this.timer = setTimeout(() => this.open(), delay);
    this.timer.unref();
  }

  private onReader(p: Pcsc, r: PcscReader) {
    if (this.pcsc !== p) {
      r.close();
      return;
    }
    const t: Tracked = { reader: r, present: false, atr: null, busy: Promise.resolve() };
    this.tracked.set(r.name, t);
    this.emit('reader-added', r.name);
    r.on('error', () => {
      // Status errors are followed by 'end' (reader gone) or the service's 'error'.
    });
    r.on('end', () => {
      if (this.tracked.get(r.name)?.reader !== r) return;
      // A reader ends when it is unplugged, and also when pcscd stops (often before the
      // context reports an error): ask pcscd's socket which it is, so the desk is told
      // "pcscd is not running" rather than "the reader is unplugged".
      void pcscdAnswers(this.opts.socketPath).then((up) => {
        if (this.tracked.get(r.name)?.reader !== r) return;
        if (!up && this.pcsc === p) this.lost('pcscd is not running (its socket does not answer)');
        else this.dropReader(r.name, false);
      });
    });
    r.on('status', (s: { state: number; atr?: Buffer }) => {
      if (this.tracked.get(r.name) !== t) return;
      const present = (s.state & r.SCARD_STATE_PRESENT) !== 0 && (s.state & r.SCARD_STATE_MUTE) === 0;
      if (present && !t.present) {
        t.present = true;
        t.atr = s.atr && s.atr.length ? Buffer.from(s.atr) : null;
        this.emit('card-inserted', r.name, t.atr ? hex(t.atr) : '');
      } else if (!present && t.present) {
        t.present = false;
        t.atr = null;
        this.emit('card-removed', r.name);
      }
    });
  }

  private dropReader(name: string, close: boolean) {
    const t = this.tracked.get(name);
    if (!t) return;
    this.tracked.delete(name);
    if (close) {
      try {
        t.reader.close();
      } catch {
        /* gone already */
      }
    }
    if (t.present) this.emit('card-removed', name);
    this.emit('reader-removed', name);
  }

  readers(): ReaderInfo[] {
    return [...this.tracked.entries()].map(([name, t]) => ({
      name,
      cardPresent: t.present,
      atr: t.atr ? hex(t.atr) : null,
    }));
  }

  /** Resolves true when the card in `name` is (or within `ms` becomes) absent. */
  private waitForRemoval(name: string, ms: number): Promise<boolean> {
    const t = this.tracked.get(name);
    if (!t || !t.present) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.off('card-removed', onRemoved);
        resolve(v);
      };
      const onRemoved = (n: string) => n === name && done(true);
      const timer = setTimeout(() => done(false), ms);
      this.on('card-removed', onRemoved);
    });
  }

  private async transmitError(name: string, e: unknown): Promise<CardError> {
    const code = codeOf(e);
    const msg = String((e as Error)?.message ?? e);
    if (!this.tracked.has(name) || GONE_CODES.includes(code))
      return new CardError('reader_gone', `the reader is gone: ${msg}`);
    if (REMOVED_CODES.includes(code) || (await this.waitForRemoval(name, 2000)))
      return new CardError('card_removed', 'the card was removed during the read');
    return new CardError('read_failed', `the card did not answer: ${msg}`);
  }

  async connect(name: string): Promise<CardConnection> {
    const t = this.tracked.get(name);
    if (!t)
      throw new CardError(this.serviceState === 'up' ? 'reader_gone' : 'service_down', `no reader named "${name}"`);
    // One connection at a time per reader: wait for the previous one to close.
    let release!: () => void;
    const prev = t.busy;
    t.busy = new Promise<void>((r) => (release = r));
    await prev;
    try {
      if (this.tracked.get(name) !== t) throw new CardError('reader_gone', `the reader "${name}" is gone`);
      if (!t.present) throw new CardError('no_card', 'there is no card in the reader');
      const r = t.reader;
      // Exclusive while reading: a card's file selection and GET RESPONSE are state on the
      // card, so two programs reading at once would corrupt each other's reads. Another
      // program holding the card is waited for (briefly), not treated as a failed read.
      const connectOnce = () =>
        new Promise<number>((resolve, reject) => {
          r.connect({ share_mode: r.SCARD_SHARE_EXCLUSIVE }, (err, proto) => (err ? reject(err) : resolve(proto)));
        });
      const deadline = Date.now() + SHARING_WAIT_MS;
      let protocol: number;
      for (;;) {
        try {
          protocol = await connectOnce();
          break;
        } catch (e) {
          if (codeOf(e) === SHARING_VIOLATION) {
            if (Date.now() < deadline && this.tracked.get(name) === t) {
              await new Promise((res) => setTimeout(res, 150));
              continue;
            }
            throw new CardError(
              'in_use',
              `another program holds the card or the reader: ${String((e as Error)?.message ?? e)}`,
            );
          }
          throw e instanceof CardError ? e : await this.transmitError(name, e);
        }
      }
      const atr = t.atr ?? Buffer.alloc(0);
      let closed = false;
      const conn: CardConnection = {
        readerName: name,
        atr,
        transmit: (data: Buffer) =>
          new Promise<Buffer>((resolve, reject) => {
            if (closed) return reject(new CardError('read_failed', 'the connection is closed'));
            if (this.tracked.get(name) !== t)
              return reject(new CardError('reader_gone', `the reader "${name}" is gone`));
            r.transmit(data, 258, protocol, (err, res) => {
              if (err) void this.transmitError(name, err).then(reject);
              // No status word at all: the card is gone or mute (vpcd answers so when the
              // card's connection dropped); it is 'card_removed' if the reader says so.
              else if (!res || res.length < 2)
                void this.transmitError(name, new Error('the card gave no answer')).then(reject);
              else resolve(Buffer.from(res));
            });
          }),
        close: () =>
          new Promise<void>((resolve) => {
            if (closed) return resolve();
            closed = true;
            const finish = () => {
              release();
              resolve();
            };
            if (!r.connected || this.tracked.get(name) !== t) return finish();
            try {
              r.disconnect(r.SCARD_LEAVE_CARD, () => finish());
            } catch {
              finish();
            }
          }),
      };
      return conn;
    } catch (e) {
      release();
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const p = this.pcsc;
    this.pcsc = null;
    for (const [, t] of this.tracked) {
      try {
        t.reader.removeAllListeners('status');
        t.reader.close();
      } catch {
        /* ignore */
      }
    }
    this.tracked.clear();
    if (p) {
      try {
        p.close();
      } catch {
        /* ignore */
      }
    }
    this.serviceState = 'stopped';
    this.removeAllListeners();
  }
}
