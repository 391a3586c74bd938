// A virtual smart card for vsmartcard's vpcd reader driver (inside pcscd). The card is the
// TCP client: it connects to vpcd (localhost:35963 = "Virtual PCD 00 00"), which reads as
// "card inserted"; closing the connection reads as "card removed". Every message both ways
// is a 2-byte big-endian length and the data. From vpcd: 0x00 power off, 0x01 power on,
// 0x02 reset (no answer), 0x04 get ATR (answered with the ATR), anything longer is a
// command APDU answered with a response APDU.
import net from 'node:net';
import { EventEmitter } from 'node:events';

export const VPCD_PORT = 35963;

export interface VirtualCardBehaviour {
  atr: Buffer;
  /** Answers one command APDU (data + SW1 SW2). */
  apdu(command: Buffer): Buffer;
}

export class VpcdCard extends EventEmitter {
  private socket: net.Socket | null = null;
  private buf = Buffer.alloc(0);
  /** Command APDUs received since insertion (hex, upper case), for tests. */
  readonly log: string[] = [];
  /** Close the connection (card pulled) when this many APDUs have been received. */
  pullAfterApdus: number | null = null;

  constructor(
    private behaviour: VirtualCardBehaviour,
    private opts: { host?: string; port?: number } = {},
  ) {
    super();
  }

  get inserted(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  /** Connects to vpcd: the reader sees a card. Resolves once connected. */
  insert(): Promise<void> {
    if (this.inserted) return Promise.resolve();
    this.log.length = 0;
    this.buf = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? VPCD_PORT });
      s.setNoDelay(true);
      const onError = (e: Error) => {
        s.destroy();
        if (this.socket === s) this.socket = null;
        reject(
          new Error(
            `vpcd is not reachable on ` +
              `port ${this.opts.port ?? VPCD_PORT}: ${e.message} (is pcscd running with the vsmartcard-vpcd driver?)`,
          ),
        );
      };
      s.once('error', onError);
      s.once('connect', () => {
        s.off('error', onError);
        s.on('error', () => undefined);
        this.socket = s;
        s.on('data', (d) => this.onData(s, d));
        s.on('close', () => {
          if (this.socket === s) this.socket = null;
          this.emit('removed');
        });
        resolve();
      });
    });
  }

  /** Closes the connection: the reader sees the card removed. */
  remove(): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.resolve();
    this.socket = null;
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  /** Replaces what the card answers (e.g. another person, or an error mode). */
  setBehaviour(b: VirtualCardBehaviour): void {
    this.behaviour = b;
  }

  private onData(s: net.Socket, d: Buffer) {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 2) {
      const len = this.buf.readUInt16BE(0);
      if (this.buf.length < 2 + len) return;
      const msg = this.buf.subarray(2, 2 + len);
      this.buf = this.buf.subarray(2 + len);
      if (this.socket !== s) return;
      this.handle(s, Buffer.from(msg));
    }
  }

  private send(s: net.Socket, data: Buffer) {
    const head = Buffer.alloc(2);
    head.writeUInt16BE(data.length, 0);
    s.write(Buffer.concat([head, data]));
  }

  private handle(s: net.Socket, msg: Buffer) {
    if (msg.length === 1) {
      const code = msg[0];
      if (code === 0x04) this.send(s, this.behaviour.atr);
      // 0x00 power off, 0x01 power on, 0x02 reset: no answer
      return;
    }
    this.log.push(msg.toString('hex').toUpperCase());
    this.emit('apdu', msg);
    if (this.pullAfterApdus !== null && this.log.length >= this.pullAfterApdus) {
      // The card is pulled out in the middle of a read: no answer, connection gone.
      this.socket = null;
      s.destroy();
      return;
    }
    let answer: Buffer;
    try {
      answer = this.behaviour.apdu(msg);
    } catch {
      answer = Buffer.from([0x6f, 0x00]);
    }
    this.send(s, answer);
  }
}
