// db/pinyin.ts: the search keys of a name, pinned (the readings of polyphonic characters in
// their order, the cap of 8 variants, surname mode, text that is not Chinese, one character).
import { expect } from 'chai';
import { pinyinKeys } from '../../db/pinyin.js';

describe('pinyin search keys (db/pinyin.ts)', () => {
  const cases: Array<[string, boolean, { initials: string; full: string }]> = [
    ['解', false, { initials: 'j jx jj xx xj', full: 'jie' }],
    [
      '重庆长乐行',
      false,
      { initials: 'cqclx cqclh cqcyx cqcyh cqzlx cqzlh cqzyx cqzyh', full: 'chongqingchanglexing' },
    ],
    ['单曾', true, { initials: 'sc dc dz sz cc cz', full: 'shanceng' }],
    ['曾解', true, { initials: 'zj cj cx zx', full: 'zengjie' }],
    ['ABC长1号', false, { initials: 'abcc1h abcz1h', full: 'abcchang1hao' }],
    ['调度 科·室', false, { initials: 'dd ks td ks zd ks', full: 'diaodu keshi' }],
    [
      '省长适断火府',
      false,
      { initials: 'szsdhf szkdhf scsdhf sckdhf xzsdhf xzkdhf xcsdhf xckdhf', full: 'shengzhangshiduanhuofu' },
    ],
    ['  ', false, { initials: '', full: '' }],
  ];
  for (const [text, surname, keys] of cases)
    it(`${JSON.stringify(text)}${surname ? ' (a surname)' : ''}`, () => {
      expect(pinyinKeys(text, { surname })).to.deep.equal(keys);
    });
});
