// Reading a card: connect, pick the profile (ATR hint first, then each probe in order),
// read, disconnect. Every failure is a CardError with a code the server turns into a clear
// message on the bound screen.
import { CardError, type CardConnection, type CardReadResult, type CardReaderService } from './types.js';
import type { CardProfile } from './profiles/profile.js';
import { DEFAULT_PROFILES } from './profiles/index.js';

export function orderProfiles(atr: Buffer, profiles: CardProfile[]): CardProfile[] {
  const likely = profiles.filter((p) => p.matchAtr(atr) === 'likely');
  const possible = profiles.filter((p) => p.matchAtr(atr) === 'possible');
  return [...likely, ...possible];
}

export async function readWithProfiles(conn: CardConnection, profiles: CardProfile[] = DEFAULT_PROFILES): Promise<CardReadResult> {
  for (const p of orderProfiles(conn.atr, profiles)) {
    if (await p.probe(conn)) return p.read(conn);
  }
  throw new CardError('unknown_card', 'the card is not a known kind of card');
}

/** Connects to the card in `readerName`, reads it and always disconnects. */
export async function readCard(service: CardReaderService, readerName: string, profiles: CardProfile[] = DEFAULT_PROFILES): Promise<CardReadResult> {
  const conn = await service.connect(readerName);
  try {
    return await readWithProfiles(conn, profiles);
  } finally {
    await conn.close().catch(() => undefined);
  }
}
