// readCard tries a 'read_failed' read once more; other failures are reported at once.
import { expect } from 'chai';
import { FakeCardReaders } from '../../devices/card-reader/fake.js';
import { readCard } from '../../devices/card-reader/read.js';
import { CardError, type CardConnection } from '../../devices/card-reader/types.js';
import { socialSecurityCard, type CardHolder } from '../../devices/virtual/social-security-card.js';

const HOLDER: CardHolder = {
  cardNumber: 'D12345678',
  idNumber: '11010519491231002X',
  name: '张三丰',
  sexCode: '1',
  ethnicityCode: '01',
  birthDate: '19491231',
};

/** A fake whose first `failures` connects fail with `code`. */
class FlakyReaders extends FakeCardReaders {
  attempts = 0;
  constructor(
    private failures: number,
    private code: 'read_failed' | 'card_removed',
  ) {
    super();
  }
  override async connect(name: string): Promise<CardConnection> {
    this.attempts++;
    if (this.attempts <= this.failures) throw new CardError(this.code, 'simulated');
    return super.connect(name);
  }
}

describe('card read: one retry for a read that failed for no nameable reason', () => {
  const setup = (failures: number, code: 'read_failed' | 'card_removed') => {
    const r = new FlakyReaders(failures, code);
    r.start();
    r.addReader('R1');
    r.insert('R1', socialSecurityCard(HOLDER));
    return r;
  };

  it('reads the card on the second try after one read_failed', async () => {
    const r = setup(1, 'read_failed');
    const res = await readCard(r, 'R1', undefined, { retryDelayMs: 1 });
    expect(r.attempts).to.equal(2);
    expect(res.person?.idNumber).to.equal('11010519491231002X');
  });

  it('reports read_failed when the second try fails too', async () => {
    const r = setup(5, 'read_failed');
    const err = await readCard(r, 'R1', undefined, { retryDelayMs: 1 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CardError);
    expect((err as CardError).code).to.equal('read_failed');
    expect(r.attempts).to.equal(2);
  });

  it('reports a removed card at once, without a retry', async () => {
    const r = setup(5, 'card_removed');
    const err = await readCard(r, 'R1', undefined, { retryDelayMs: 1 }).catch((e: unknown) => e);
    expect((err as CardError).code).to.equal('card_removed');
    expect(r.attempts).to.equal(1);
  });
});
