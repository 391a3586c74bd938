// The client's dictionaries: Chinese and English have exactly the same keys, no empty
// texts, and the same {placeholders} in each pair.
import { expect } from 'chai';
import { zh } from '../client/src/i18n/zh.js';
import { en } from '../client/src/i18n/en.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('client i18n dictionaries', () => {
  it('zh and en have the same keys', () => {
    const zk = Object.keys(zh).sort();
    const ek = Object.keys(en).sort();
    expect(
      zk.filter((k) => !ek.includes(k)),
      'keys missing in en',
    ).to.deep.equal([]);
    expect(
      ek.filter((k) => !zk.includes(k)),
      'keys missing in zh',
    ).to.deep.equal([]);
    expect(zk.length).to.be.greaterThan(100);
  });

  it('has no empty texts and the same placeholders in both languages', () => {
    for (const [k, z] of Object.entries(zh)) {
      const e = (en as Record<string, string>)[k]!;
      expect(z.trim(), `zh ${k}`).to.not.equal('');
      expect(e.trim(), `en ${k}`).to.not.equal('');
      expect(placeholders(e), `placeholders of ${k}`).to.deep.equal(placeholders(z));
    }
  });

  it('the Chinese texts are Chinese (a CJK character in every text meant for reading)', () => {
    // Texts that are the same in both languages on purpose (the glyph on a tile, the
    // name of the other language on the switch).
    const exempt = new Set(['lang.switchTo']);
    for (const [k, z] of Object.entries(zh)) {
      if (exempt.has(k)) continue;
      expect(/[\u4e00-\u9fff]/.test(z), `zh ${k} = "${z}"`).to.equal(true);
    }
  });
});
