// A card profile knows one kind of card: whether a card looks like it (from the ATR),
// whether it really is one (a probe: what it answers), and how to read it. The reader picks
// the first profile, in priority order, whose probe succeeds. To add a card type (the
// resident health card, 居民健康卡, later), write a profile and add it to profiles/index.ts.
import type { CardConnection, CardReadResult } from '../types.js';

export interface CardProfile {
  /** Stable id, pushed with each read (e.g. 'social-security'). */
  id: string;
  /** Human names for the devices page. */
  label: { zh: string; en: string };
  /**
   * From the ATR alone: 'likely' (try this profile first), 'possible' (try it in order),
   * 'no' (skip it).
   */
  matchAtr(atr: Buffer): 'likely' | 'possible' | 'no';
  /** Asks the card whether it is one of these (e.g. selects the application). */
  probe(conn: CardConnection): Promise<boolean>;
  /** Reads the card (after a successful probe). Throws CardError on failure. */
  read(conn: CardConnection): Promise<CardReadResult>;
}
