// 智能匹配's scoring and the 类型一致 rule, table-driven (pure functions).
import { expect } from 'chai';
import { scoreDisease } from './codes.js';
import { suggestCaty } from './caty.js';
import { bestMatch, norm, scoreMatch, typeAllowed, type InsurerForScore, type LocalForScore } from './score.js';

const amoxLocal: LocalForScore = {
  kind: 'drug',
  name: '阿莫西林胶囊',
  spec: '0.25g×24粒',
  dosageForm: '胶囊剂',
  approvalNo: '国药准字H13023963',
  pinyinInitials: 'amxljn',
};
const amox: InsurerForScore = {
  listType: '101',
  name: '阿莫西林胶囊',
  spec: '0.25g*24粒',
  dosageForm: '胶囊剂',
  aprvno: '国药准字H13023963',
  pinyinInitials: 'amxljn',
};

describe('smart matching scores (智能匹配)', () => {
  const cases: Array<[string, LocalForScore, InsurerForScore, number | null]> = [
    ['same name, spec (× = *), form and 批准文号', amoxLocal, amox, 100],
    ['same name, spec and form', { ...amoxLocal, approvalNo: null }, amox, 95],
    ['same name and form, other spec', { ...amoxLocal, spec: '0.5g×24粒', approvalNo: null }, amox, 85],
    ['same name only', { ...amoxLocal, spec: '0.5g', dosageForm: '片剂', approvalNo: null }, amox, 80],
    ['full-width brackets and spaces', { ...amoxLocal, name: '阿莫西林 胶囊', approvalNo: null }, amox, 95],
    [
      'trade name = the insurer name',
      { ...amoxLocal, name: '再林', tradeName: '阿莫西林胶囊', approvalNo: null },
      amox,
      95,
    ],
    ['same 批准文号, other name, same spec', { ...amoxLocal, name: '阿莫仙' }, amox, 92],
    ['same 批准文号, other name and spec', { ...amoxLocal, name: '阿莫仙', spec: '0.5g' }, amox, 85],
    [
      'same pinyin initials only',
      { ...amoxLocal, name: '阿莫西林胶襄', spec: null, dosageForm: null, approvalNo: null },
      { ...amox, spec: null, dosageForm: null },
      75,
    ],
    ['nothing in common', { ...amoxLocal, name: '布洛芬片', approvalNo: null, pinyinInitials: 'blfp' }, amox, null],
    ['a drug never matches a service (201)', amoxLocal, { ...amox, listType: '201' }, null],
    ['a drug matches a 中成药 (102)', amoxLocal, { ...amox, listType: '102' }, 100],
    [
      'a service of the same name: no spec or form on either side',
      { kind: 'service', name: '普通门诊诊察费' },
      { listType: '201', name: '普通门诊诊察费' },
      95,
    ],
    [
      'a service never matches a drug code',
      { kind: 'service', name: '普通门诊诊察费' },
      { listType: '101', name: '普通门诊诊察费' },
      null,
    ],
    [
      'a material only 301',
      { kind: 'material', name: '一次性使用输液器', spec: '带针' },
      { listType: '301', name: '一次性使用输液器', spec: '带针' },
      95,
    ],
    [
      'polyphonic initials: any alternative',
      { kind: 'service', name: '某项', pinyinInitials: 'xyz abc' },
      { listType: '201', name: '另项', pinyinInitials: 'abc' },
      75,
    ],
  ];
  for (const [what, local, c, want] of cases)
    it(`${what} → ${want ?? 'no proposal'}`, () => {
      expect(scoreMatch(local, c)?.score ?? null).to.equal(want);
    });

  it('bestMatch takes the highest score, the first on a tie', () => {
    const low = { ...amox, spec: '0.5g', name: '阿莫西林胶囊' };
    const best = bestMatch({ ...amoxLocal, approvalNo: null }, [low, amox, { ...amox }]);
    expect(best?.candidate).to.equal(amox);
    expect(best?.score.reasons).to.deep.equal(['name', 'spec', 'dosageForm']);
  });

  it('norm unifies widths, spaces, units and multiplication signs', () => {
    expect(norm('０.２５ 克 × ２４粒')).to.equal('0.25g*24粒');
    expect(norm('250毫克')).to.equal('250mg');
    expect(typeAllowed('drug', '103')).to.equal(true);
    expect(typeAllowed('material', '201')).to.equal(false);
  });

  const diseases: Array<[string, string, string, string, number | null]> = [
    ['J06.900', '急性上呼吸道感染', 'J06.900', '急性上呼吸道感染', 100],
    ['I10', '原发性高血压', 'I10.x00', '原发性高血压', 95],
    ['J06.9', '上感', 'J06.900', '急性上呼吸道感染', 85],
    ['R50.9', '发热', 'R50.900', '发热', 95],
    ['K29.5', '慢性胃炎', 'K29.500', '慢性胃炎', 95],
    ['X01', '糖尿病', 'E11.900', '糖尿病', 90],
    ['J06', '上感', 'J060', '别的', null],
    ['E11.9', '2型糖尿病', 'E11.400', '2型糖尿病性周围神经病变', null],
  ];
  for (const [lc, ln, cc, cn, want] of diseases)
    it(`disease ${lc} ${ln} → ${cc} ${cn}: ${want ?? 'none'}`, () => {
      expect(scoreDisease({ code: lc, name: ln }, { code: cc, name: cn })).to.equal(want);
    });

  const depts: Array<[string, string | null]> = [
    ['门诊部', 'A02'],
    ['住院部', 'A02'],
    ['护理部', 'A02'],
    ['全科医疗科', 'A02'],
    ['口腔科', 'A12'],
    ['中医科', 'A50'],
    ['妇产科', 'A05'],
    ['预防保健科', 'A01'],
    ['儿科', 'A07'],
    ['财务科', null],
  ];
  for (const [name, want] of depts)
    it(`department ${name} → ${want ?? 'none'}`, () => {
      expect(suggestCaty(name)?.code ?? null).to.equal(want);
    });
});
