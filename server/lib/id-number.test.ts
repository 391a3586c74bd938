import { expect } from 'chai';
import { idCheckChar, parseIdNumber } from './id-number.js';

const NOW = Date.UTC(2026, 10, 26, 1, 0, 0);

describe('lib/id-number (GB 11643-1999)', () => {
  it('accepts the standard test vectors with sex and birth date', () => {
    expect(parseIdNumber('11010519491231002X', NOW)).to.deep.equal({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      upgraded: false,
    });
    expect(parseIdNumber('440524188001010014', NOW)).to.deep.equal({
      ok: true,
      normalized: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'M',
      upgraded: false,
    });
  });

  it('computes check characters from the weights and the mod-11 table', () => {
    expect(idCheckChar('11010519491231002')).to.equal('X');
    expect(idCheckChar('44052418800101001')).to.equal('4');
  });

  it('upper-cases a trailing x and ignores surrounding spaces', () => {
    const r = parseIdNumber(' 11010519491231002x ', NOW);
    expect(r.ok && r.normalized).to.equal('11010519491231002X');
  });

  it('rejects a wrong check character', () => {
    expect(parseIdNumber('110105194912310021', NOW)).to.deep.include({ ok: false, reason: 'check' });
    expect(parseIdNumber('440524188001010015', NOW).ok).to.equal(false);
  });

  it('rejects bad lengths and characters', () => {
    expect(parseIdNumber('', NOW)).to.deep.include({ ok: false, reason: 'length' });
    expect(parseIdNumber('1101051949123100', NOW)).to.deep.include({ ok: false, reason: 'length' });
    expect(parseIdNumber('1101051949123100X2', NOW)).to.deep.include({ ok: false, reason: 'format' });
    expect(parseIdNumber("1101051949'; DROP;", NOW)).to.deep.include({ ok: false, reason: 'format' });
    expect(parseIdNumber('11010549123100X', NOW)).to.deep.include({ ok: false, reason: 'format' });
  });

  it('validates the birth date against the calendar', () => {
    const withDate = (ymd: string) => {
      const first17 = '110105' + ymd + '002';
      return first17 + idCheckChar(first17);
    };
    expect(parseIdNumber(withDate('20000229'), NOW).ok).to.equal(true); // leap year
    expect(parseIdNumber(withDate('19000228'), NOW).ok).to.equal(true);
    expect(parseIdNumber(withDate('19000229'), NOW)).to.deep.include({ reason: 'date' }); // 1900 is not a leap year
    expect(parseIdNumber(withDate('19990230'), NOW)).to.deep.include({ reason: 'date' });
    expect(parseIdNumber(withDate('19991301'), NOW)).to.deep.include({ reason: 'date' });
    expect(parseIdNumber(withDate('19990100'), NOW)).to.deep.include({ reason: 'date' });
    expect(parseIdNumber(withDate('17991231'), NOW)).to.deep.include({ reason: 'too_old' });
    expect(parseIdNumber(withDate('18991231'), NOW, { minBirthYear: 1900 })).to.deep.include({ reason: 'too_old' });
    expect(parseIdNumber(withDate('19000101'), NOW, { minBirthYear: 1900 }).ok).to.equal(true);
    expect(parseIdNumber(withDate('20261126'), NOW).ok).to.equal(true); // today in China
    expect(parseIdNumber(withDate('20261127'), NOW)).to.deep.include({ reason: 'future' });
  });

  it('upgrades a 15-digit number by inserting 19 and computing the check character', () => {
    const r = parseIdNumber('110105491231002', NOW);
    expect(r).to.deep.equal({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      upgraded: true,
    });
    const male = parseIdNumber('440524800101001', NOW);
    expect(male.ok && male.sex).to.equal('M');
    expect(male.ok && male.normalized).to.equal('440524198001010014'.slice(0, 17) + idCheckChar('44052419800101001'));
    expect(parseIdNumber('110105490231002', NOW)).to.deep.include({ reason: 'date' });
  });

  it('does not reject unknown area codes', () => {
    const first17 = '99999919800101003';
    const r = parseIdNumber(first17 + idCheckChar(first17), NOW);
    expect(r.ok && r.sex).to.equal('M');
  });
});
