// The field-error mapper: every zod issue code becomes a sentence in Chinese and in English
// that names the field by its label (or, unlabelled, by its key in quotes), with the row for
// list lines, and never carries zod's own wording.
import { expect } from 'chai';
import { z } from 'zod';
import { t } from '../../core/i18n.js';
import { DomainError } from '../../core/errors.js';
import { labelFields, parseInput } from './validation.js';

const JARGON = /期望|expected|\bstring\b|>=|<=|Invalid|无效输入|undefined|NaN/;

function fail(schema: z.ZodType, data: unknown): { field: string | undefined; zh: string; en: string } {
  try {
    parseInput(schema, data, 'body', 'zh');
  } catch (e) {
    expect(e).to.be.instanceOf(DomainError);
    const d = e as DomainError;
    for (const s of [d.text.zh, d.text.en]) expect(s, s).to.not.match(JARGON);
    expect(d.text.zh, d.text.zh).to.match(/[\u4e00-\u9fff]/);
    expect(d.text.en, d.text.en).to.not.match(/[\u4e00-\u9fff]/);
    return { field: d.field, zh: d.text.zh, en: d.text.en };
  }
  throw new Error('expected the input to be refused');
}

const Line = labelFields(
  z.strictObject({
    quantity: z.number().int().min(1).max(9999),
    dose: z
      .string()
      .regex(/^\d+(\.\d+)?$/, '剂量须为正数,如 0.5(dose must be a positive decimal such as 0.5)')
      .optional(),
  }),
  {
    quantity: t('数量', 'Quantity'),
    dose: t('剂量', 'Dose'),
  },
);
const Form = labelFields(
  z.strictObject({
    name: z.string().trim().min(1).max(10),
    code: z.string().length(4).optional(),
    email: z.email().optional(),
    day: z.iso.date().optional(),
    prefix: z.string().startsWith('AB').optional(),
    sex: z.enum(['M', 'F']).optional(),
    yes: z.literal(true).optional(),
    step: z.number().multipleOf(5).optional(),
    price: z.number().positive().optional(),
    pct: z.number().max(100).optional(),
    lines: z.array(Line).min(1).max(3).optional(),
    tags: z.map(z.any(), z.number()).optional(),
    map: z.record(z.string().regex(/^[a-z]+$/), z.number()).optional(),
    either: z.union([z.number(), z.boolean()]).optional(),
    even: z
      .number()
      .refine((n) => n % 2 === 0)
      .optional(),
    checked: z
      .string()
      .refine((s) => s !== 'x', '不能是 x(must not be x)')
      .optional(),
    when: z.date().min(new Date('2026-01-01')).optional(),
  }),
  {
    name: t('姓名', 'Name'),
    code: t('编码', 'Code'),
    email: t('电子邮箱', 'Email'),
    day: t('日期', 'Date'),
    prefix: t('前缀', 'Prefix'),
    sex: t('性别', 'Sex'),
    yes: t('确认', 'Confirmation'),
    step: t('步长', 'Step'),
    price: t('价格', 'Price'),
    pct: t('比例', 'Share'),
    lines: t('明细', 'Lines'),
    tags: t('标签', 'Tags'),
    map: t('映射', 'Mapping'),
    either: t('取值', 'Value'),
    even: t('偶数', 'Even number'),
    checked: t('检查项', 'Checked item'),
    when: t('时间', 'Time'),
  },
);

describe('field errors as sentences (field-text)', () => {
  const cases: Array<[string, unknown, string, string, string]> = [
    ['invalid_type (missing)', {}, 'name', '请填写姓名', 'Name is required'],
    ['invalid_type (null)', { name: null }, 'name', '姓名不能为空', 'Name cannot be empty'],
    ['invalid_type (wrong type)', { name: 5 }, 'name', '姓名应为文字', 'Name must be text'],
    [
      'invalid_type (int in range)',
      { name: 'a', lines: [{ quantity: 'x' }] },
      'lines.0.quantity',
      '第 1 行的数量必须是 1 到 9999 之间的整数',
      'Quantity (line 1) must be a whole number from 1 to 9999',
    ],
    ['too_small (empty text)', { name: '' }, 'name', '姓名不能为空', 'Name cannot be empty'],
    ['too_big (text)', { name: 'x'.repeat(11) }, 'name', '姓名最多 10 个字符', 'Name can be at most 10 characters'],
    [
      'too_small (exact length)',
      { name: 'a', code: 'abc' },
      'code',
      '编码必须是 4 个字符',
      'Code must be exactly 4 characters',
    ],
    [
      'too_small (number range, line 2)',
      { name: 'a', lines: [{ quantity: 1 }, { quantity: 0 }] },
      'lines.1.quantity',
      '第 2 行的数量必须是 1 到 9999 之间的整数',
      'Quantity (line 2) must be a whole number from 1 to 9999',
    ],
    [
      'too_big (number range)',
      { name: 'a', lines: [{ quantity: 10000 }] },
      'lines.0.quantity',
      '第 1 行的数量必须是 1 到 9999 之间的整数',
      'Quantity (line 1) must be a whole number from 1 to 9999',
    ],
    ['too_small (exclusive)', { name: 'a', price: 0 }, 'price', '价格必须大于 0', 'Price must be greater than 0'],
    ['too_big (one side)', { name: 'a', pct: 101 }, 'pct', '比例不能大于 100', 'Share cannot be more than 100'],
    ['too_small (array)', { name: 'a', lines: [] }, 'lines', '明细至少要有一项', 'Lines needs at least one entry'],
    [
      'too_big (array)',
      { name: 'a', lines: [{ quantity: 1 }, { quantity: 1 }, { quantity: 1 }, { quantity: 1 }] },
      'lines',
      '明细最多 3 项',
      'Lines can have at most 3 entries',
    ],
    [
      'too_small (date)',
      { name: 'a', when: new Date('2025-01-01') },
      'when',
      '时间不能早于 2026-01-01',
      'Time cannot be before 2026-01-01',
    ],
    [
      'invalid_format (email)',
      { name: 'a', email: 'nope' },
      'email',
      '电子邮箱必须是有效的电子邮箱地址',
      'Email must be a valid email address',
    ],
    [
      'invalid_format (date)',
      { name: 'a', day: '2026-13-01' },
      'day',
      '日期必须是有效的日期(年-月-日,如 2026-01-31)',
      'Date must be a valid date (year-month-day, e.g. 2026-01-31)',
    ],
    [
      'invalid_format (starts_with)',
      { name: 'a', prefix: 'XY' },
      'prefix',
      '前缀应以“AB”开头',
      'Prefix must start with "AB"',
    ],
    [
      'invalid_format (regex, own bilingual message)',
      { name: 'a', lines: [{ quantity: 1, dose: 'x' }] },
      'lines.0.dose',
      '剂量须为正数,如 0.5',
      'Dose (line 1): dose must be a positive decimal such as 0.5',
    ],
    ['not_multiple_of', { name: 'a', step: 7 }, 'step', '步长必须是 5 的整数倍', 'Step must be a multiple of 5'],
    ['invalid_value (enum)', { name: 'a', sex: 'X' }, 'sex', '性别只能是以下之一:M、F', 'Sex must be one of: M, F'],
    [
      'invalid_value (literal)',
      { name: 'a', yes: false },
      'yes',
      '确认只能是“true”',
      'Confirmation can only be "true"',
    ],
    [
      'invalid_union',
      { name: 'a', either: 'x' },
      'either',
      '取值的内容不符合任何一种允许的写法',
      'Value does not match any allowed form',
    ],
    [
      'invalid_key',
      { name: 'a', map: { ABC: 1 } },
      'map.ABC',
      '映射中有不正确的名称',
      'Mapping has an entry with an invalid name',
    ],
    [
      'invalid_element',
      { name: 'a', tags: new Map([[{}, 'x']]) },
      'tags',
      '标签中有不正确的项',
      'Tags has an invalid entry',
    ],
    ['custom (no message)', { name: 'a', even: 3 }, 'even', '偶数不符合要求', 'Even number is not valid'],
    [
      'custom (own bilingual message)',
      { name: 'a', checked: 'x' },
      'checked',
      '检查项不能是 x',
      'Checked item: must not be x',
    ],
    ['unrecognized_keys', { name: 'a', extra: 1 }, 'extra', '不认识的字段“extra”', 'Unknown field "extra"'],
  ];
  for (const [what, data, field, zh, en] of cases) {
    it(`${what}: "${zh}" / "${en}"`, () => {
      const r = fail(Form, data);
      expect(r.field).to.equal(field);
      expect(r.zh).to.equal(zh);
      expect(r.en).to.equal(en);
    });
  }

  it('a bilingual own message with parentheses inside its English part splits at the last group', () => {
    const S = labelFields(
      z.strictObject({
        phone: z.string().regex(/^\d+$/, '电话号码只能包含数字、空格、+ - ( )(digits, spaces, + - ( ) only)'),
      }),
      { phone: t('联系电话', 'Phone') },
    );
    const r = fail(S, { phone: 'abc' });
    expect(r.zh).to.equal('电话号码只能包含数字、空格、+ - ( )');
    expect(r.en).to.equal('Phone: digits, spaces, + - ( ) only');
  });

  it('an unlabelled field is still a sentence, naming the field by its key', () => {
    const S = z.strictObject({ widgetCount: z.number().int().min(0).max(5) });
    const r = fail(S, { widgetCount: 9 });
    expect(r.zh).to.equal('字段“widgetCount”必须是 0 到 5 之间的整数');
    expect(r.en).to.equal('The field "widgetCount" must be a whole number from 0 to 5');
  });

  it('a common field name has a label without annotation, and labels survive .extend() and .partial()', () => {
    expect(fail(z.strictObject({ phone: z.string().min(1) }), { phone: '' }).zh).to.equal('电话不能为空');
    const Base = labelFields(z.strictObject({ reason: z.string().min(1) }), {
      reason: t('退费原因', 'Reason for the refund'),
    });
    expect(fail(Base.extend({ extra: z.number().optional() }), { reason: '' }).zh).to.equal('退费原因不能为空');
    expect(fail(Base.partial(), { reason: '' }).en).to.equal('Reason for the refund cannot be empty');
  });

  it('the whole body of the wrong kind is named as the request body', () => {
    const r = fail(Form, []);
    expect(r.field).to.equal('body');
    expect(r.zh).to.equal('提交的内容应为一组内容');
    expect(r.en).to.equal('The request body must be a set of fields');
  });

  it('the issues in details are sentences in the request language', () => {
    try {
      parseInput(Form, { name: '', sex: 'X' }, 'body', 'en');
      expect.fail('refused');
    } catch (e) {
      const issues = (e as DomainError).details!.issues as Array<{ field: string; message: string }>;
      expect(issues.map((i) => i.message)).to.deep.equal(['Name cannot be empty', 'Sex must be one of: M, F']);
    }
  });
});
