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

export async function readWithProfiles(
  conn: CardConnection,
  profiles: CardProfile[] = DEFAULT_PROFILES,
): Promise<CardReadResult> {
  for (const p of orderProfiles(conn.atr, profiles)) {
    if (await p.probe(conn)) return p.read(conn);
  }
  throw new CardError('unknown_card', 'the card is not a known kind of card');
}

/**
 * Connects to the card in `readerName`, reads it and always disconnects. A read that fails
 * for no reason the reader can name ('read_failed': the card was reset or did not answer
 * just after insertion, which real readers do too) is tried once more after a short pause
 * before it is reported; a removed card, a gone reader or an unknown card are reported at once.
 */
export async function readCard(
  service: CardReaderService,
  readerName: string,
  profiles: CardProfile[] = DEFAULT_PROFILES,
  opts: { retries?: number; retryDelayMs?: number } = {},
): Promise<CardReadResult> {
  const retries = opts.retries ?? 1;
  for (let attempt = 0; ; attempt++) {
    try {
      const conn = await service.connect(readerName);
      try {
        return await readWithProfiles(conn, profiles);
      } finally {
        await conn.close().catch(() => undefined);
      }
    } catch (e) {
      if (attempt >= retries || !(e instanceof CardError) || e.code !== 'read_failed') throw e;
      await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 300));
    }
  }
}
