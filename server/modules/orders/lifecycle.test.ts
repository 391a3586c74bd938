import { expect } from 'chai';
import type { OrderStatus } from '../../../db/schema.js';
import { canTransition, type OrderCommand } from './lifecycle.js';

const ALL: OrderStatus[] = ['draft', 'signed', 'paid', 'dispensed', 'returned', 'cancelled'];

// Each command and the statuses it may start from; every other status is refused.
const allowed: Array<[OrderCommand, OrderStatus[]]> = [
  ['sign', ['draft']],
  ['cancel', ['draft', 'signed']],
  ['markPaid', ['signed']],
  ['markRefused', ['paid']],
  ['markDispensed', ['paid']],
  ['markReturned', ['dispensed']],
  ['cancelRefunded', ['paid', 'dispensed', 'returned']],
];

describe('order lifecycle: the transition table', () => {
  for (const [command, from] of allowed) {
    it(`${command} runs from ${from.join('/')} only`, () => {
      for (const s of ALL) expect(canTransition(command, s), `${command} from ${s}`).to.equal(from.includes(s));
    });
  }

  it('nothing leaves cancelled', () => {
    for (const [command] of allowed) expect(canTransition(command, 'cancelled')).to.equal(false);
  });
});
