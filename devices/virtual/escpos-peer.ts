// A TCP ESC/POS printer on loopback for tests and demos: it decodes what it receives —
// commands (init, align, bold, print mode, size, feed, cut, QR, Hanzi mode, status
// requests) and GB18030 text — into a structured transcript, answers status requests as a
// printer does (DLE EOT 4, GS r 1), and can misbehave: down (refuses connections), answering DLE EOT but never GS r,
// slow
// (reads in small pieces with pauses), fail mid-job (closes the socket after N bytes), out
// of paper; and healthy again.
import net from 'node:net';
import iconv from 'iconv-lite';

export type Align = 'left' | 'center' | 'right';

export interface PeerLine {
  text: string;
  align: Align;
  bold: boolean;
  /** Character magnification from GS ! / ESC ! (1 = normal). */
  width: number;
  height: number;
  hanzi: boolean;
}

export type PeerEvent =
  | { kind: 'init' }
  | { kind: 'line'; line: PeerLine }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'hanzi'; on: boolean }
  | { kind: 'status'; request: string; answer: number };

export interface PeerSession {
  id: number;
  events: PeerEvent[];
  lines: PeerLine[];
  qr: string[];
  cuts: number;
  bytes: number;
  /** The peer closed the connection on purpose (fail-mid-job mode) before the client finished. */
  brokenByPeer: boolean;
  /** The client closed the connection (normal end of a job). */
  ended: boolean;
}

export type PeerMode =
  | { kind: 'healthy' }
  | { kind: 'down' }
  | { kind: 'slow'; chunkBytes: number; delayMs: number }
  | { kind: 'fail-after'; bytes: number };

export class EscPosPeer {
  readonly sessions: PeerSession[] = [];
  paperOut = false;
  /** false plays a printer that never answers status requests (DLE EOT, GS r). */
  answersStatus = true;
  /** false plays a printer that answers the real-time paper status (DLE EOT) but never the end-of-job one (GS r). */
  answersEndOfJob = true;
  private mode: PeerMode = { kind: 'healthy' };
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  private constructor(public port: number) {}

  /** Starts listening on 127.0.0.1 (port 0 = a random free port). */
  static async start(port = 0): Promise<EscPosPeer> {
    const p = new EscPosPeer(port);
    await p.listen();
    return p;
  }

  get address(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer((s) => this.accept(s));
      srv.once('error', reject);
      srv.listen(this.port, '127.0.0.1', () => {
        this.port = (srv.address() as net.AddressInfo).port;
        this.server = srv;
        resolve();
      });
    });
  }

  async setMode(mode: PeerMode): Promise<void> {
    const wasDown = this.mode.kind === 'down';
    this.mode = mode;
    if (mode.kind === 'down' && this.server) {
      const srv = this.server;
      this.server = null;
      for (const s of this.sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    } else if (wasDown && mode.kind !== 'down') {
      await this.listen();
    }
  }

  async stop(): Promise<void> {
    await this.setMode({ kind: 'down' });
  }

  /** Sessions that ended normally with at least one cut: jobs on paper, whole. */
  printed(): PeerSession[] {
    return this.sessions.filter((s) => s.ended && !s.brokenByPeer && s.cuts > 0);
  }

  /** Waits (polling) until `pred` holds; fails with `what` after `ms`. */
  async waitFor(pred: () => boolean, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`escpos peer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until every connection is closed (a job the client finished is then in `printed()`). */
  settled(ms = 20_000): Promise<void> {
    return this.waitFor(() => this.sockets.size === 0, 'connections to close', ms);
  }

  private accept(sock: net.Socket): void {
    this.sockets.add(sock);
    const session: PeerSession = {
      id: this.sessions.length + 1,
      events: [],
      lines: [],
      qr: [],
      cuts: 0,
      bytes: 0,
      brokenByPeer: false,
      ended: false,
    };
    this.sessions.push(session);
    const parser = new Parser(
      session,
      (answer, request) => {
        if (request === 'GS r' && !this.answersEndOfJob) return;
        if (this.answersStatus && !sock.destroyed) sock.write(Buffer.from([answer]));
      },
      () => this.paperOut,
    );
    const mode = this.mode;
    let backlog: Buffer[] = [];
    let draining = false;
    const take = (chunk: Buffer): boolean => {
      if (mode.kind === 'fail-after') {
        const room = mode.bytes - session.bytes;
        if (chunk.length >= room) {
          parser.feed(chunk.subarray(0, Math.max(0, room)));
          session.brokenByPeer = true;
          sock.destroy();
          return false;
        }
      }
      parser.feed(chunk);
      return true;
    };
    const drain = () => {
      if (mode.kind !== 'slow') return;
      const next = backlog.shift();
      if (!next) {
        draining = false;
        sock.resume();
        if (endedPending) finishEnd();
        return;
      }
      setTimeout(() => {
        take(next);
        drain();
      }, mode.delayMs);
    };
    let endedPending = false;
    const finishEnd = () => {
      parser.flush();
      session.ended = true;
      sock.end();
    };
    sock.on('data', (d) => {
      if (mode.kind === 'slow') {
        for (let i = 0; i < d.length; i += mode.chunkBytes) backlog.push(d.subarray(i, i + mode.chunkBytes));
        sock.pause();
        if (!draining) {
          draining = true;
          drain();
        }
        return;
      }
      take(d);
    });
    sock.on('end', () => {
      if (session.brokenByPeer) return;
      if (draining) endedPending = true;
      else finishEnd();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      this.sockets.delete(sock);
      backlog = [];
    });
  }
}

const ALIGNS: Align[] = ['left', 'center', 'right'];

/** An incremental ESC/POS decoder for one connection. */
class Parser {
  private buf = Buffer.alloc(0);
  private text: number[] = [];
  private align: Align = 'left';
  private bold = false;
  private width = 1;
  private height = 1;
  private hanzi = false;
  private qrStore = '';

  constructor(
    private s: PeerSession,
    private respond: (b: number, request: 'GS r' | 'DLE EOT') => void,
    private paperOut: () => boolean,
  ) {}

  feed(chunk: Buffer): void {
    this.s.bytes += chunk.length;
    this.buf = Buffer.concat([this.buf, chunk]);
    let pos = 0;
    for (;;) {
      const used = this.step(pos);
      if (used === 0) break;
      pos += used;
    }
    this.buf = this.buf.subarray(pos);
  }

  /** Ends a connection: text without a final line feed still counts as a line. */
  flush(): void {
    if (this.text.length) this.line();
  }

  private line(): void {
    const text = iconv.decode(Buffer.from(this.text), 'gb18030');
    this.text = [];
    const line: PeerLine = {
      text,
      align: this.align,
      bold: this.bold,
      width: this.width,
      height: this.height,
      hanzi: this.hanzi,
    };
    this.s.lines.push(line);
    this.s.events.push({ kind: 'line', line });
  }

  private reset(): void {
    this.align = 'left';
    this.bold = false;
    this.width = 1;
    this.height = 1;
    this.hanzi = false;
  }

  /** Decodes one item at `pos`; returns the bytes used, 0 when more bytes are needed. */
  private step(pos: number): number {
    const b = this.buf;
    if (pos >= b.length) return 0;
    const need = (n: number) => pos + n <= b.length;
    const c = b[pos]!;
    if (c === 0x0a) {
      this.line();
      return 1;
    }
    if (c === 0x1b) {
      if (!need(2)) return 0;
      const cmd = b[pos + 1]!;
      switch (cmd) {
        case 0x40:
          if (this.text.length) this.line();
          this.reset();
          this.s.events.push({ kind: 'init' });
          return 2;
        case 0x32: // ESC 2 default line spacing
        case 0x3c: // ESC < return home
          return 2;
        case 0x61:
          if (!need(3)) return 0;
          this.align = ALIGNS[b[pos + 2]! % 48] ?? 'left';
          return 3;
        case 0x45:
          if (!need(3)) return 0;
          this.bold = (b[pos + 2]! & 1) === 1;
          return 3;
        case 0x21: {
          if (!need(3)) return 0;
          const n = b[pos + 2]!;
          this.bold = (n & 0x08) !== 0;
          this.height = n & 0x10 ? 2 : 1;
          this.width = n & 0x20 ? 2 : 1;
          return 3;
        }
        case 0x64:
          if (!need(3)) return 0;
          if (this.text.length) this.line();
          this.s.events.push({ kind: 'feed', lines: b[pos + 2]! });
          return 3;
        case 0x44: {
          // ESC D n1 … NUL: tab positions
          const end = b.indexOf(0, pos + 2);
          return end < 0 ? 0 : end - pos + 1;
        }
        default:
          // ESC t n, ESC - n, ESC M n, ESC G n, ESC 3 n, ESC J n, ESC V n, ESC { n, ESC p m t1 t2 …
          if (cmd === 0x70) return need(5) ? 5 : 0;
          return need(3) ? 3 : 0;
      }
    }
    if (c === 0x1d) {
      if (!need(2)) return 0;
      const cmd = b[pos + 1]!;
      if (cmd === 0x21) {
        if (!need(3)) return 0;
        const n = b[pos + 2]!;
        this.width = (n >> 4) + 1;
        this.height = (n & 0x0f) + 1;
        return 3;
      }
      if (cmd === 0x56) {
        if (!need(3)) return 0;
        const m = b[pos + 2]!;
        const len = m >= 65 ? 4 : 3;
        if (!need(len)) return 0;
        if (this.text.length) this.line();
        this.s.cuts += 1;
        this.s.events.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 });
        return len;
      }
      if (cmd === 0x72) {
        if (!need(3)) return 0;
        const answer = this.paperOut() ? 0x0c : 0x00;
        this.s.events.push({ kind: 'status', request: 'GS r', answer });
        this.respond(answer, 'GS r');
        return 3;
      }
      if (cmd === 0x28) {
        // GS ( k pL pH cn fn …
        if (!need(5)) return 0;
        const len = b[pos + 3]! + b[pos + 4]! * 256;
        if (!need(5 + len)) return 0;
        if (b[pos + 2] === 0x6b && len >= 3) {
          const fn = b[pos + 6]!;
          if (fn === 0x50) this.qrStore = b.subarray(pos + 8, pos + 5 + len).toString('latin1');
          if (fn === 0x51) {
            if (this.text.length) this.line();
            this.s.qr.push(this.qrStore);
            this.s.events.push({ kind: 'qr', data: this.qrStore });
          }
        }
        return 5 + len;
      }
      if (cmd === 0x4c || cmd === 0x57) return need(4) ? 4 : 0; // GS L / GS W nL nH
      return need(3) ? 3 : 0; // GS B n, GS h n, GS w n, GS H n, GS f n, GS a n …
    }
    if (c === 0x10) {
      if (!need(3)) return 0;
      if (b[pos + 1] === 0x04) {
        const n = b[pos + 2]!;
        const answer = n === 4 ? 0x12 | (this.paperOut() ? 0x60 : 0) : 0x12;
        this.s.events.push({ kind: 'status', request: `DLE EOT ${n}`, answer });
        this.respond(answer, 'DLE EOT');
      }
      return 3;
    }
    if (c === 0x1c) {
      if (!need(2)) return 0;
      const cmd = b[pos + 1]!;
      if (cmd === 0x26 || cmd === 0x2e) {
        this.hanzi = cmd === 0x26;
        this.s.events.push({ kind: 'hanzi', on: this.hanzi });
        return 2;
      }
      return need(3) ? 3 : 0; // FS ! n, FS - n, FS C n …
    }
    if (c < 0x20 && c !== 0x09) return 1; // CR and other controls: ignored
    this.text.push(c);
    return 1;
  }
}

/**
 * Run on its own as a demo printer that shows what it would print:
 *   npx tsx devices/virtual/escpos-peer.ts [port]      (default 9100; then set a workstation's
 *   receipt printer to tcp://127.0.0.1:<port>)
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 9100);
  const peer = await EscPosPeer.start(port);
  process.stdout.write(`ESC/POS printer listening on ${peer.address}\n`);
  let shown = 0;
  setInterval(() => {
    const done = peer.sessions.filter((s) => s.ended || s.brokenByPeer);
    for (const s of done.slice(shown)) {
      process.stdout.write(`--- job ${s.id} (${s.bytes} bytes${s.brokenByPeer ? ', cut off' : ''}) ---\n`);
      for (const l of s.lines) process.stdout.write(`${l.width > 1 ? '[2x] ' : ''}${l.text}\n`);
      for (const q of s.qr) process.stdout.write(`[QR ${q}]\n`);
    }
    shown = done.length;
  }, 200);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
