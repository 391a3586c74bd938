// A generic ISO 7816 / contactless (ISO 14443 through a PC/SC reader) card: its ATR, and
// its UID from the reader's pseudo-APDU GET DATA (FF CA 00 00 00). It holds no person; the
// devices page and a test read show it. Chosen last, only when the card is contactless
// (PC/SC part 3 ATR) or answers GET DATA.
import { apdu, exchange, hex } from '../apdu.js';
import type { CardProfile } from './profile.js';

const GET_UID = apdu('FF CA 00 00 00');

/** PC/SC part 3 ATR of a contactless card: 3B 8x 80 01 ... with the RID A0 00 00 03 06. */
export function isContactlessAtr(atr: Buffer): boolean {
  return atr.length >= 4 && atr[0] === 0x3b && (atr[1]! & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01;
}

export const genericProfile: CardProfile = {
  id: 'iso7816',
  label: { zh: '通用卡（ISO 7816 / 非接触）', en: 'Generic card (ISO 7816 / contactless)' },
  matchAtr: (atr) => (isContactlessAtr(atr) ? 'likely' : 'possible'),
  async probe(conn) {
    if (isContactlessAtr(conn.atr)) return true;
    const r = await exchange(conn, GET_UID);
    return r.sw === 0x9000 && r.data.length > 0;
  },
  async read(conn) {
    const r = await exchange(conn, GET_UID);
    return {
      profile: 'iso7816',
      atr: hex(conn.atr),
      uid: r.sw === 0x9000 && r.data.length ? hex(r.data) : null,
      person: null,
    };
  },
};
