// APDU helpers: hex in and out, and an exchange that follows ISO 7816-4's transport
// answers: SW 61xx (more data: GET RESPONSE 00 C0 00 00 xx, repeated while 61xx) and
// SW 6Cxx (wrong Le: send the same command again with Le = xx).
import type { CardConnection } from './types.js';

export interface Response {
  data: Buffer;
  sw: number;
}

export const hex = (b: Buffer | Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
export const swHex = (sw: number) => sw.toString(16).toUpperCase().padStart(4, '0');

export function apdu(h: string): Buffer {
  return Buffer.from(h.replace(/\s+/g, ''), 'hex');
}

function split(raw: Buffer): Response {
  if (raw.length < 2) return { data: Buffer.alloc(0), sw: 0x6f00 };
  return { data: raw.subarray(0, raw.length - 2), sw: raw.readUInt16BE(raw.length - 2) };
}

/** Sends a command, following 61xx and 6Cxx; the data is concatenated across GET RESPONSEs. */
export async function exchange(conn: CardConnection, command: Buffer): Promise<Response> {
  let res = split(await conn.transmit(command));
  // Wrong length: resend with the length the card asked for (once; a card asking twice is broken).
  // Only commands that carry an Le (case 2: 5 bytes; case 4: header + Lc + data + Le).
  const hasLe = command.length === 5 || (command.length > 5 && command.length === 6 + (command[4] ?? 0));
  if (res.sw >> 8 === 0x6c && hasLe) {
    const again = Buffer.from(command);
    again[again.length - 1] = res.sw & 0xff;
    res = split(await conn.transmit(again));
  }
  const chunks: Buffer[] = [res.data];
  let guard = 0;
  while (res.sw >> 8 === 0x61 && guard++ < 32) {
    res = split(await conn.transmit(Buffer.from([0x00, 0xc0, 0x00, 0x00, res.sw & 0xff])));
    chunks.push(res.data);
  }
  return { data: Buffer.concat(chunks), sw: res.sw };
}

export const ok = (r: Response) => r.sw === 0x9000;
