// A fake card-reader service for tests that do not need the real PC/SC stack: readers and
// cards live in memory; a card is any VirtualCardBehaviour (the same card code the vpcd
// virtual card runs), so profiles are exercised exactly as on real hardware.
import { EventEmitter } from 'node:events';
import { hex } from './apdu.js';
import { CardError, type CardConnection, type CardReaderService, type ReaderInfo } from './types.js';
import type { VirtualCardBehaviour } from '../virtual/vpcd-card.js';

export class FakeCardReaders extends EventEmitter implements CardReaderService {
  private readersByName = new Map<string, { card: VirtualCardBehaviour | null }>();
  serviceState: 'up' | 'down' | 'stopped' = 'stopped';
  serviceDetail: string | null = null;

  start(): void {
    this.serviceState = 'up';
  }

  async stop(): Promise<void> {
    this.serviceState = 'stopped';
    this.removeAllListeners();
  }

  addReader(name: string): void {
    if (this.readersByName.has(name)) return;
    this.readersByName.set(name, { card: null });
    this.emit('reader-added', name);
  }

  removeReader(name: string): void {
    const r = this.readersByName.get(name);
    if (!r) return;
    this.readersByName.delete(name);
    if (r.card) this.emit('card-removed', name);
    this.emit('reader-removed', name);
  }

  insert(name: string, card: VirtualCardBehaviour): void {
    const r = this.readersByName.get(name);
    if (!r) throw new Error(`no fake reader "${name}"`);
    r.card = card;
    this.emit('card-inserted', name, hex(card.atr));
  }

  remove(name: string): void {
    const r = this.readersByName.get(name);
    if (!r?.card) return;
    r.card = null;
    this.emit('card-removed', name);
  }

  readers(): ReaderInfo[] {
    return [...this.readersByName.entries()].map(([name, r]) => ({
      name,
      cardPresent: !!r.card,
      atr: r.card ? hex(r.card.atr) : null,
    }));
  }

  async connect(name: string): Promise<CardConnection> {
    const r = this.readersByName.get(name);
    if (!r) throw new CardError('reader_gone', `no reader named "${name}"`);
    const card = r.card;
    if (!card) throw new CardError('no_card', 'there is no card in the reader');
    return {
      readerName: name,
      atr: card.atr,
      transmit: async (apdu: Buffer) => {
        const now = this.readersByName.get(name);
        if (!now) throw new CardError('reader_gone', `the reader "${name}" is gone`);
        if (now.card !== card) throw new CardError('card_removed', 'the card was removed during the read');
        return card.apdu(apdu);
      },
      close: async () => undefined,
    };
  }
}
