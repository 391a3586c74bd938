import { expect } from 'chai';
import { allergyHit } from './allergy.js';
import { administrations, drugQuantity, herbalQuantity, parseAmount, parseDecimal, perTimeUnits } from './quantity.js';

const tablet = { unit: '片', dosePerUnit: '0.25g' };

describe('prescription quantity math (exact, rounded up to whole smallest units)', () => {
  it('0.5 g bid for 7 days of 0.25 g tablets is 28 tablets', () => {
    expect(drugQuantity({ dose: '0.5', doseUnit: 'g', frequency: 'bid', days: 7 }, tablet)).to.deep.include({
      ok: true,
      quantity: 28,
    });
  });

  it('converts mg to g and μg, and counts in the smallest unit when the dose is given in it', () => {
    expect(drugQuantity({ dose: '500', doseUnit: 'mg', frequency: 'tid', days: 3 }, tablet)).to.deep.include({
      quantity: 18,
    });
    expect(drugQuantity({ dose: '250000', doseUnit: 'μg', frequency: 'qd', days: 1 }, tablet)).to.deep.include({
      quantity: 1,
    });
    expect(drugQuantity({ dose: '2', doseUnit: '片', frequency: 'qid', days: 2 }, tablet)).to.deep.include({
      quantity: 16,
    });
    expect(drugQuantity({ dose: '2', doseUnit: null, frequency: 'q8h', days: 2 }, tablet)).to.deep.include({
      quantity: 12,
    });
    expect(
      drugQuantity({ dose: '5', doseUnit: 'ml', frequency: 'tid', days: 2 }, { unit: '支', dosePerUnit: '10ml' }),
    ).to.deep.include({ quantity: 3 });
  });

  it('rounds up once over the whole supply, not per administration', () => {
    // 0.1 g of a 0.25 g tablet = 0.4 tablet × 3 × 3 = 3.6 → 4
    expect(drugQuantity({ dose: '0.1', doseUnit: 'g', frequency: 'tid', days: 3 }, tablet)).to.deep.include({
      quantity: 4,
    });
    // 0.3 g of 0.25 g = 1.2 → 2 for a single administration
    expect(drugQuantity({ dose: '0.3', doseUnit: 'g', frequency: 'st', days: null }, tablet)).to.deep.include({
      quantity: 2,
    });
  });

  it('weekly: whole administrations over the days; st once; prn needs a quantity', () => {
    expect(administrations('qw', 14)).to.equal(2n);
    expect(administrations('qw', 10)).to.equal(2n);
    expect(administrations('qw', 3)).to.equal(1n);
    expect(administrations('st', null)).to.equal(1n);
    expect(administrations('qn', 5)).to.equal(5n);
    expect(administrations('q12h', 5)).to.equal(10n);
    expect(administrations('prn', 5)).to.equal('quantity_needed');
    expect(administrations('tid', null)).to.equal('days_needed');
    expect(administrations('hourly', 3)).to.equal('frequency_needed');
    expect(drugQuantity({ dose: '1', doseUnit: '片', frequency: 'prn', days: 3 }, tablet)).to.deep.include({
      ok: false,
      field: 'quantity',
    });
  });

  it('refuses units it cannot convert and doses that are not positive decimals', () => {
    expect(perTimeUnits('1', 'ml', tablet)).to.equal('dose_unit');
    expect(perTimeUnits('1', 'g', { unit: '片', dosePerUnit: null })).to.equal('dose_unit');
    expect(perTimeUnits('0', 'g', tablet)).to.equal('dose_invalid');
    expect(perTimeUnits('-1', 'g', tablet)).to.equal('dose_invalid');
    expect(perTimeUnits('1e3', 'g', tablet)).to.equal('dose_invalid');
    expect(drugQuantity({ dose: '0.5', doseUnit: 'g', frequency: 'bid', days: null }, tablet)).to.deep.include({
      ok: false,
      field: 'days',
    });
  });

  it('parses decimals into integer fractions without floats', () => {
    expect(parseDecimal('0.25')).to.deep.equal({ num: 25n, den: 100n });
    expect(parseDecimal('3')).to.deep.equal({ num: 3n, den: 1n });
    expect(parseDecimal('0.1.2')).to.equal(null);
    expect(parseAmount('0.25g')).to.deep.equal({ amount: { num: 25n, den: 100n }, unit: 'g' });
    expect(parseAmount('10 mg')).to.deep.equal({ amount: { num: 10n, den: 1n }, unit: 'mg' });
    expect(parseAmount('80万U')).to.deep.equal({ amount: { num: 80n, den: 1n }, unit: '万U' });
    expect(parseAmount('0.25g×48片')).to.equal(null);
  });

  it('herbal pieces: dose per 剂 × number of 剂', () => {
    expect(herbalQuantity({ dose: '15', doseUnit: 'g' }, 7, { unit: 'g', dosePerUnit: null })).to.deep.include({
      quantity: 105,
    });
    expect(herbalQuantity({ dose: '4.5', doseUnit: null }, 3, { unit: 'g', dosePerUnit: null })).to.deep.include({
      quantity: 14,
    });
  });
});

describe('allergy matching', () => {
  it('matches names either way and drug classes (青霉素 → 阿莫西林)', () => {
    expect(allergyHit(['青霉素'], ['阿莫西林胶囊', null])).to.equal('青霉素');
    expect(allergyHit(['青霉素类过敏'], ['氨苄西林钠'])).to.equal('青霉素类过敏');
    expect(allergyHit(['头孢类'], ['头孢呋辛酯片'])).to.equal('头孢类');
    expect(allergyHit(['阿莫西林'], ['阿莫西林胶囊'])).to.equal('阿莫西林');
    expect(allergyHit(['磺胺'], ['复方新诺明片'])).to.equal('磺胺');
    expect(allergyHit(['青霉素'], ['二甲双胍片'])).to.equal(null);
    expect(allergyHit(['红霉素'], ['庆大霉素注射液'])).to.equal(null);
    expect(allergyHit([], ['阿莫西林胶囊'])).to.equal(null);
    expect(allergyHit([' '], ['阿莫西林胶囊'])).to.equal(null);
  });
});
