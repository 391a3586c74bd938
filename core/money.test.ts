import { expect } from 'chai';
import { formatYuan, lineAmountFen, parseYuan } from './money.js';

describe('money (integer fen)', () => {
  it('computes a line from the pack price and pack size, rounding half-up once', () => {
    expect(lineAmountFen(24, 1250, 24)).to.equal(1250); // a whole pack
    expect(lineAmountFen(1, 1250, 24)).to.equal(52); // 52.08 -> 52
    expect(lineAmountFen(1, 1260, 24)).to.equal(53); // 52.5 -> 53 (half up)
    expect(lineAmountFen(3, 1, 2)).to.equal(2); // 1.5 -> 2
    expect(lineAmountFen(0, 999, 10)).to.equal(0);
  });
  it('refuses fractions and negatives', () => {
    expect(() => lineAmountFen(1.5, 100, 1)).to.throw(RangeError);
    expect(() => lineAmountFen(1, -1, 1)).to.throw(RangeError);
    expect(() => lineAmountFen(1, 100, 0)).to.throw(RangeError);
  });
  it('formats and parses yuan without floats', () => {
    expect(formatYuan(1230)).to.equal('12.30');
    expect(formatYuan(-5)).to.equal('-0.05');
    expect(parseYuan('12.3')).to.equal(1230);
    expect(parseYuan('0.05')).to.equal(5);
    expect(parseYuan('1.234')).to.equal(null);
    expect(parseYuan('abc')).to.equal(null);
  });
});
