// Social security card (社会保障卡): SELECT the SSSE application by name, READ RECORD 07 of
// SFI 05 (card number) and 01 (卡识别码, when the card answers it),
// SELECT EF06 (cardholder file) and READ RECORD 08 (social security
// number = ID number), 09 (name, GBK), 0A (sex), 0B (ethnicity), 0D (birth date, BCD).
// Records are TLV (tag, length, value): the value starts at offset 2.
import iconv from 'iconv-lite';
import { apdu, exchange, hex, swHex, type Response } from '../apdu.js';
import { CardError, type CardConnection, type CardPerson } from '../types.js';
import type { CardProfile } from './profile.js';

const SELECT_SSSE = apdu('00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF');
const READ_CARD_NUMBER = apdu('00 B2 07 2C 0B');
/** READ RECORD 01 of SFI 05: the 卡识别码 (tag 01, 16 bytes). */
const READ_CARD_SN = apdu('00 B2 01 2C 12');
const SELECT_EF06 = apdu('00 A4 02 00 02 EF06');
/** READ RECORD n of the current EF (P2 = 04) with the expected length (6Cxx corrects it). */
const readRecord = (n: number, le: number) => Buffer.from([0x00, 0xb2, n, 0x04, le]);

function value(r: Response): Buffer {
  if (r.data.length < 2) return Buffer.alloc(0);
  const len = r.data[1] ?? 0;
  return r.data.subarray(2, 2 + len);
}

async function mustRead(conn: CardConnection, command: Buffer, what: string): Promise<Buffer> {
  const r = await exchange(conn, command);
  if (r.sw !== 0x9000) throw new CardError('read_failed', `reading the ${what} failed (SW ${swHex(r.sw)})`);
  return value(r);
}

/** Trims the padding cards put after text (NUL, spaces, 0xFF). */
function trimPad(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x00 || b[end - 1] === 0x20 || b[end - 1] === 0xff)) end--;
  return b.subarray(0, end);
}

/**
 * Names are GBK. GB18030 is GBK's superset: decoding with it reads every GBK name the same
 * and also the four-byte characters (rare name characters like 𠀾) some issuers write.
 * Bytes that are not valid GB18030 are refused, never shown as "?".
 */
export function decodeName(raw: Buffer): string {
  const b = trimPad(raw);
  const s = iconv.decode(b, 'gb18030').trim();
  if (!s || s.includes('\uFFFD') || /[\u0000-\u001f]/.test(s)) {
    throw new CardError('bad_data', `the name on the card is not valid GBK/GB18030 text (${hex(b)})`);
  }
  return s;
}

function decodeBirthDate(b: Buffer): string | null {
  const d = hex(trimPad(b));
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(d);
  if (!m) return null;
  const [, y, mo, da] = m;
  const dt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
  if (dt.getUTCMonth() !== Number(mo) - 1 || dt.getUTCDate() !== Number(da)) return null;
  return `${y}-${mo}-${da}`;
}

function ascii(b: Buffer): string {
  return trimPad(b).toString('latin1').trim();
}

export const socialSecurityProfile: CardProfile = {
  id: 'social-security',
  label: { zh: '社会保障卡', en: 'Social security card' },
  matchAtr: () => 'possible', // issuers' ATRs differ; the SSSE application decides
  async probe(conn) {
    const r = await exchange(conn, SELECT_SSSE);
    return r.sw === 0x9000;
  },
  async read(conn) {
    const cardNumber = ascii(await mustRead(conn, READ_CARD_NUMBER, 'card number')) || null;
    // The 卡识别码 is optional here: a card that does not answer it is still read (look-ups by
    // card then need it typed; by ID number they don't).
    const snRead = await exchange(conn, READ_CARD_SN);
    const sn = snRead.sw === 0x9000 ? value(snRead) : Buffer.alloc(0);
    const cardSn = sn.length === 16 ? hex(sn) : null;
    const sel = await exchange(conn, SELECT_EF06);
    if (sel.sw !== 0x9000)
      throw new CardError('read_failed', `selecting the cardholder file EF06 failed (SW ${swHex(sel.sw)})`);
    const idNumber = ascii(await mustRead(conn, readRecord(0x08, 0x14), 'ID number')).toUpperCase();
    if (!/^\d{17}[\dX]$/.test(idNumber) && !/^\d{15}$/.test(idNumber)) {
      throw new CardError('bad_data', `the ID number on the card is not a valid ID number`);
    }
    const name = decodeName(await mustRead(conn, readRecord(0x09, 0x00), 'name'));
    const sexCode = ascii(await mustRead(conn, readRecord(0x0a, 0x03), 'sex'));
    const ethnicity = ascii(await mustRead(conn, readRecord(0x0b, 0x04), 'ethnicity')) || null;
    const birthDate = decodeBirthDate(await mustRead(conn, readRecord(0x0d, 0x06), 'birth date'));
    const person: CardPerson = {
      idNumber,
      name,
      sex: sexCode === '1' ? 'M' : sexCode === '2' ? 'F' : 'U',
      birthDate,
      ethnicity,
      cardNumber,
      cardSn,
    };
    return { profile: 'social-security', atr: hex(conn.atr), uid: null, person };
  },
};
