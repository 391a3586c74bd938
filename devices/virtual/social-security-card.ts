// What a social security card (社会保障卡) answers, for the vpcd virtual card: the SSSE
// application (selected by name), the card number (record 07 of SFI 05) and the
// cardholder file EF06 (records 08 ID number, 09 name in GBK, 0A sex, 0B ethnicity,
// 0C birthplace, 0D birth date in BCD). Records are TLV: tag, length, data.
// Modes for tests: 'normal'; 'get-response' (data comes through 61xx + GET RESPONSE);
// 'errors' (the application is there but every record read fails); 'not-ssc' (no SSSE).
import iconv from 'iconv-lite';
import type { VirtualCardBehaviour } from './vpcd-card.js';

export interface CardHolder {
  idNumber: string;
  name: string;
  /** '1' male, '2' female (GB/T 2261.1). */
  sexCode: '1' | '2' | '0' | '9';
  /** GB 3304 ethnicity code, e.g. '01' Han. */
  ethnicityCode: string;
  /** YYYYMMDD */
  birthDate: string;
  cardNumber: string;
  /** 卡识别码: 32 hex digits (record 01 of SFI 05); absent → that record is not found (6A83). */
  cardSn?: string;
  /** Raw bytes for the name record instead of the name's GB18030 bytes (bad data tests). */
  nameBytes?: Buffer;
}

export type SscMode = 'normal' | 'get-response' | 'errors' | 'not-ssc';

export const SSC_ATR = Buffer.from('3B6D00000081864353534341524431', 'hex');
export const SSSE_AID = Buffer.from('7378312E73682EC9E7BBE1B1A3D5CF', 'hex');

const SW_OK = Buffer.from([0x90, 0x00]);
const sw = (a: number, b: number) => Buffer.from([a, b]);

function tlv(tag: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, data.length]), data]);
}

function bcd(digits: string): Buffer {
  return Buffer.from(digits, 'hex');
}

export function socialSecurityCard(holder: CardHolder, mode: SscMode = 'normal'): VirtualCardBehaviour {
  let appSelected = false;
  let ef06 = false;
  let pending: Buffer | null = null;

  const records: Record<number, Buffer> = {
    0x08: tlv(0x08, Buffer.from(holder.idNumber, 'ascii')),
    0x09: tlv(0x09, holder.nameBytes ?? iconv.encode(holder.name, 'gb18030')),
    0x0a: tlv(0x0a, Buffer.from(holder.sexCode, 'ascii')),
    0x0b: tlv(0x0b, Buffer.from(holder.ethnicityCode, 'ascii')),
    0x0c: tlv(0x0c, iconv.encode('北京市', 'gbk')),
    0x0d: tlv(0x0d, bcd(holder.birthDate)),
  };
  const cardNumber = tlv(0x07, Buffer.from(holder.cardNumber, 'ascii'));
  const cardSn = holder.cardSn ? tlv(0x01, Buffer.from(holder.cardSn, 'hex')) : null;

  /** Answers data honouring Le: a wrong Le gets 6Cxx (resend with Le = xx). */
  const answer = (data: Buffer, le: number | undefined): Buffer => {
    if (le !== data.length) return sw(0x6c, data.length);
    if (mode === 'get-response') {
      pending = data;
      return sw(0x61, data.length);
    }
    return Buffer.concat([data, SW_OK]);
  };

  return {
    atr: SSC_ATR,
    apdu(c: Buffer): Buffer {
      if (c.length < 4) return sw(0x67, 0x00);
      const [cla, ins, p1, p2] = [c[0]!, c[1]!, c[2]!, c[3]!];
      const lc = c.length > 5 ? (c[4] ?? 0) : 0;
      const data = c.length > 5 ? c.subarray(5, 5 + lc) : Buffer.alloc(0);
      const le = c.length === 5 ? c[4] : c.length > 5 + lc ? c[5 + lc] : undefined;
      if (mode === 'not-ssc') return ins === 0xa4 ? sw(0x6a, 0x82) : sw(0x6d, 0x00);
      if (cla === 0x00 && ins === 0xc0) {
        if (!pending) return sw(0x69, 0x85);
        const out = pending;
        pending = null;
        if (le !== out.length) return sw(0x67, 0x00);
        return Buffer.concat([out, SW_OK]);
      }
      pending = null;
      if (cla !== 0x00) return sw(0x6e, 0x00);
      if (ins === 0xa4 && p1 === 0x04) {
        appSelected = data.equals(SSSE_AID);
        ef06 = false;
        return appSelected ? SW_OK : sw(0x6a, 0x82);
      }
      if (ins === 0xa4 && p1 === 0x02) {
        if (!appSelected) return sw(0x69, 0x86);
        ef06 = data.equals(Buffer.from([0xef, 0x06]));
        return ef06 ? SW_OK : sw(0x6a, 0x82);
      }
      if (ins === 0xb2) {
        if (!appSelected) return sw(0x69, 0x86);
        if (mode === 'errors') return sw(0x6a, 0x83);
        if (p1 === 0x07 && p2 === 0x2c) return answer(cardNumber, le);
        if (p1 === 0x01 && p2 === 0x2c) return cardSn ? answer(cardSn, le) : sw(0x6a, 0x83);
        if (p2 !== 0x04 || !ef06) return sw(0x69, 0x86);
        const rec = records[p1];
        return rec ? answer(rec, le) : sw(0x6a, 0x83);
      }
      return sw(0x6d, 0x00);
    },
  };
}

/** A contactless (ISO 14443) card seen through a PC/SC reader: an ATR and a UID. */
export function contactlessCard(uid: Buffer): VirtualCardBehaviour {
  return {
    atr: Buffer.from('3B8F8001804F0CA000000306030001000000006A', 'hex'),
    apdu(c: Buffer): Buffer {
      if (c.length >= 4 && c[0] === 0xff && c[1] === 0xca && c[2] === 0x00) return Buffer.concat([uid, SW_OK]);
      return sw(0x6d, 0x00);
    },
  };
}
