// Card readers: the small interfaces the server uses. A reader service watches PC/SC
// readers (they come and go while running) and tells when a card is inserted or removed;
// a card is read through a connection that transmits APDUs, by a card profile chosen by
// its ATR and by what it answers (see profiles/).
import type { EventEmitter } from 'node:events';

export interface ReaderInfo {
  name: string;
  cardPresent: boolean;
  /** Hex, upper case; null when no card. */
  atr: string | null;
}

/** An open connection to the card in one reader. */
export interface CardConnection {
  readonly readerName: string;
  readonly atr: Buffer;
  /** Sends one command APDU; resolves with the response (data + SW1 SW2). */
  transmit(apdu: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Events: 'reader-added' (name), 'reader-removed' (name), 'card-inserted' (name, atrHex),
 * 'card-removed' (name), 'service' ('up' | 'down', detail?).
 */
export interface CardReaderService extends EventEmitter {
  /** 'up' when the PC/SC service answers, 'down' when it does not (pcscd stopped). */
  readonly serviceState: 'up' | 'down' | 'stopped';
  readonly serviceDetail: string | null;
  start(): void;
  stop(): Promise<void>;
  readers(): ReaderInfo[];
  /** Connects to the card in a reader; rejects with a CardError when there is none. */
  connect(readerName: string): Promise<CardConnection>;
}

/** The person a card holds, as read (never masked here). */
export interface CardPerson {
  idNumber: string;
  name: string;
  sex: 'M' | 'F' | 'U';
  /** YYYY-MM-DD */
  birthDate: string | null;
  /** GB 3304 code, e.g. '01'. */
  ethnicity: string | null;
  cardNumber: string | null;
  /** 卡识别码 (record 01 of EF05, 16 bytes as 32 hex digits): with the card number, what the
   *  insurer's 1101 by social security card (mdtrt_cert_type 03) needs as card_sn. Null when the
   *  card does not give it. */
  cardSn?: string | null;
}

export interface CardReadResult {
  /** The profile's id, e.g. 'social-security' or 'iso7816'. */
  profile: string;
  atr: string;
  /** Contactless cards: the UID (hex) from FF CA. */
  uid: string | null;
  /** The holder, when the card holds one. */
  person: CardPerson | null;
}

export type CardErrorCode =
  | 'unknown_card'
  | 'read_failed'
  | 'bad_data'
  | 'card_removed'
  | 'no_card'
  | 'reader_gone'
  | 'service_down'
  | 'in_use';

export class CardError extends Error {
  constructor(
    readonly code: CardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CardError';
  }
}
