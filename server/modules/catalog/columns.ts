// The Excel columns of the dictionary (the export is the import template): Chinese headers,
// how a saved item is written into a cell (as a person would type it: 是/否, 西药, prices in
// yuan), and how a cell typed by a person is read back, with a clear message when it cannot be.
import type { AntibioticTier, ControlledClass, DrugClass, ItemKind } from '../../../db/schema.js';
import { t, type Text } from '../../../core/i18n.js';
import { formatYuan, parseYuan } from '../../../core/money.js';
import type { Cell } from '../../lib/xlsx.js';
import {
  bad,
  cellText as text,
  codeCell as code,
  freeText,
  ok,
  yesNo,
  type CellColumn,
  type Parsed,
} from '../../lib/import-cells.js';
import { CHARGE_CATEGORIES } from '../../../core/charge-categories.js';
import { CHARGE_CODES, CONTROLLED_WORDS, DRUG_CLASS_WORDS, KIND_WORDS, TIER_WORDS, type ItemValues } from './fields.js';
import type { ItemRow } from './repo.js';

/** What a row of the file gives: the item's values (dose fields are not in the file) and pinyin. */
export type RowValues = Omit<
  ItemValues,
  'dosePerUnit' | 'defaultDose' | 'doseUnit' | 'defaultFrequency' | 'defaultRoute' | 'chargeCategory'
> & {
  /** null: blank in the file (suggested for a new item, kept for an existing one). */
  chargeCategory: string | null;
  pinyinInitials: string | null;
};

type Key = keyof RowValues;

export interface ColumnDef extends CellColumn<Key> {
  width?: number;
  numFmt?: string;
  write: (r: ItemRow) => string | number | null;
}

function words<T extends string>(map: Record<T, Text>, extra: Record<string, T> = {}) {
  const lookup = new Map<string, T>();
  for (const [code, w] of Object.entries(map) as Array<[T, Text]>) {
    lookup.set(w.zh, code);
    lookup.set(w.en.toLowerCase(), code);
    lookup.set(code.toLowerCase(), code);
  }
  for (const [k, v] of Object.entries(extra)) lookup.set(k.toLowerCase(), v);
  const allowed = Object.values<Text>(map)
    .map((w) => w.zh)
    .join('、');
  return (c: Cell): Parsed => {
    const s = text(c);
    const v = lookup.get(s) ?? lookup.get(s.toLowerCase());
    return v ? ok(v) : bad(`“${s}”不是可选的值,应为 ${allowed} 之一`, `"${s}" is not one of ${allowed}`);
  };
}

function yuan(c: Cell): Parsed {
  // Excel keeps 15 significant digits: a number cell like 0.5700000000000001 (a formula's
  // binary rounding) is the 0.57 the sheet shows; 1.234 stays 1.234 and is refused.
  const s = typeof c === 'number' && Number.isFinite(c) ? String(Number(c.toPrecision(15))) : text(c);
  if (/^-/.test(s)) return bad(`金额“${s}”不能为负`, `The amount "${s}" must not be negative`);
  if (/^\d+\.\d{3,}$/.test(s))
    return bad(`金额“${s}”有分以下的零头,最多两位小数`, `The amount "${s}" has fractions of a fen; at most 2 decimals`);
  const fen = parseYuan(s);
  if (fen === null) return bad(`“${s}”不是金额,应为元,如 12.50`, `"${s}" is not an amount in yuan such as 12.50`);
  if (fen > 1_000_000_000) return bad(`金额“${s}”太大`, `The amount "${s}" is too large`);
  return ok(fen);
}

const integer =
  (min: number, max: number, what: Text) =>
  (c: Cell): Parsed => {
    const s = text(c);
    if (!/^-?\d{1,10}$/.test(s)) return bad(`${what.zh}“${s}”应为整数`, `${what.en} "${s}" should be a whole number`);
    const n = Number(s);
    if (n < min) return bad(`${what.zh}至少为 ${min}`, `${what.en} must be at least ${min}`);
    if (n > max) return bad(`${what.zh}不能超过 ${max}`, `${what.en} must be at most ${max}`);
    return ok(n);
  };

const CATEGORY_BY_NAME = new Map(Object.entries(CHARGE_CATEGORIES).map(([code, n]) => [n.zh, code]));
function category(c: Cell): Parsed {
  const s = text(c);
  const m = /^(\d{1,2})(?:\s+(.*))?$/.exec(s);
  const code = m ? m[1]!.padStart(2, '0') : CATEGORY_BY_NAME.get(s);
  if (code && (CHARGE_CODES as readonly string[]).includes(code)) return ok(code);
  return bad(
    `收费类别“${s}”不存在,应为 01–14,如“09 西药费”`,
    `Charge category "${s}" does not exist; use 01–14, e.g. "09 西药费"`,
  );
}

function pinyin(c: Cell): Parsed {
  const s = text(c).toLowerCase().replace(/\s+/g, ' ');
  if (s.length > 200 || !/^[a-z0-9 ]*$/.test(s))
    return bad('拼音码只能包含字母、数字和空格', 'Pinyin initials may contain letters, digits and spaces only');
  return ok(s);
}

const zh = <T extends string>(map: Record<T, Text>, v: T | null) => (v ? map[v].zh : null);
const money = (fen: number | null) => (fen === null ? null : Number(formatYuan(fen)));

export const COLUMNS: ColumnDef[] = [
  { header: '编码', key: 'code', required: true, width: 14, write: (r) => r.code, read: code },
  {
    header: '类别',
    key: 'kind',
    required: true,
    width: 10,
    write: (r) => KIND_WORDS[r.kind].zh,
    read: words<ItemKind>(KIND_WORDS, { 诊疗: 'service', 卫材: 'material' }),
  },
  { header: '通用名', key: 'name', required: true, width: 24, write: (r) => r.name, read: freeText(100) },
  { header: '商品名', key: 'tradeName', width: 18, write: (r) => r.trade_name, read: freeText(100), blank: null },
  { header: '规格', key: 'spec', width: 16, write: (r) => r.spec, read: freeText(50), blank: null },
  { header: '剂型', key: 'dosageForm', width: 10, write: (r) => r.dosage_form, read: freeText(30), blank: null },
  {
    header: '生产厂家',
    key: 'manufacturer',
    width: 24,
    write: (r) => r.manufacturer,
    read: freeText(100),
    blank: null,
  },
  { header: '批准文号', key: 'approvalNo', width: 20, write: (r) => r.approval_no, read: freeText(50), blank: null },
  { header: '最小单位', key: 'unit', required: true, width: 10, write: (r) => r.unit, read: freeText(10) },
  { header: '包装单位', key: 'packUnit', width: 10, write: (r) => r.pack_unit, read: freeText(10), blank: null },
  {
    header: '包装数量',
    key: 'packSize',
    width: 10,
    numFmt: '0',
    write: (r) => r.pack_size,
    read: integer(1, 100_000, t('包装数量', 'Pack size')),
    blank: 1,
  },
  {
    header: '零售价(元)',
    key: 'priceFen',
    required: true,
    width: 12,
    numFmt: '0.00',
    write: (r) => money(r.price_fen),
    read: yuan,
  },
  {
    header: '进价(元)',
    key: 'purchasePriceFen',
    width: 12,
    numFmt: '0.00',
    write: (r) => money(r.purchase_price_fen),
    read: yuan,
    blank: null,
  },
  {
    header: '药品分类',
    key: 'drugClass',
    width: 10,
    write: (r) => zh<DrugClass>(DRUG_CLASS_WORDS, r.drug_class),
    read: words<DrugClass>(DRUG_CLASS_WORDS, { 饮片: 'herbal', 中药: 'herbal' }),
    blank: null,
  },
  {
    header: '基本药物',
    key: 'essential',
    width: 10,
    write: (r) => (r.essential ? '是' : '否'),
    read: yesNo,
    blank: false,
  },
  {
    header: '抗菌药物分级',
    key: 'antibioticTier',
    width: 14,
    write: (r) => zh<AntibioticTier>(TIER_WORDS, r.antibiotic_tier),
    read: words<AntibioticTier>(TIER_WORDS, {
      非限制: 'unrestricted',
      非限制级: 'unrestricted',
      限制: 'restricted',
      限制级: 'restricted',
      特殊: 'special',
      特殊级: 'special',
    }),
    blank: null,
  },
  {
    header: '管制类别',
    key: 'controlledClass',
    width: 16,
    write: (r) => zh<ControlledClass>(CONTROLLED_WORDS, r.controlled_class),
    read: words<ControlledClass>(CONTROLLED_WORDS, { 麻醉: 'narcotic', 精一: 'psych1', 精二: 'psych2' }),
    blank: null,
  },
  {
    header: '医保编码',
    key: 'insuranceCode',
    width: 20,
    write: (r) => r.insurance_code,
    read: freeText(50),
    blank: null,
  },
  {
    header: '收费类别',
    key: 'chargeCategory',
    width: 14,
    write: (r) => `${r.charge_category} ${CHARGE_CATEGORIES[r.charge_category]?.zh ?? ''}`.trim(),
    read: category,
    blank: null,
  },
  {
    header: '库存下限',
    key: 'reorderLevel',
    width: 10,
    numFmt: '0',
    write: (r) => r.reorder_level,
    read: integer(0, 100_000_000, t('库存下限', 'Reorder level')),
    blank: 0,
  },
  { header: '拼音码', key: 'pinyinInitials', width: 16, write: (r) => r.pinyin_initials, read: pinyin, blank: null },
  { header: '在用', key: 'active', width: 8, write: (r) => (r.active ? '是' : '否'), read: yesNo, blank: true },
];

export const HEADERS = COLUMNS.map((c) => c.header);
export const HEADER_OF: Partial<Record<string, string>> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header]));
