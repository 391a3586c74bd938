// Dictionary maintenance (基础维护): the values of one catalog item as maintenance sees them,
// the words people type for each enumeration, the suggested charge category, and the rules
// that join several fields (drug-only fields, 批准文号 format, zero markup for essential
// drugs). Used by the JSON API and by the Excel import alike, so both refuse the same things.
import type { AntibioticTier, ControlledClass, DrugClass, ItemKind } from '../../../db/schema.js';
import { CHARGE_CATEGORY_CODES } from '../../../core/charge-categories.js';
import { t, type Text } from '../../../core/i18n.js';
import { formatYuan as yuan } from '../../../core/money.js';

export interface ItemValues {
  code: string;
  kind: ItemKind;
  name: string;
  tradeName: string | null;
  spec: string | null;
  dosageForm: string | null;
  manufacturer: string | null;
  approvalNo: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  /** Retail price of one pack, fen. */
  priceFen: number;
  /** Default purchase price of one pack, fen. */
  purchasePriceFen: number | null;
  drugClass: DrugClass | null;
  essential: boolean;
  antibioticTier: AntibioticTier | null;
  controlledClass: ControlledClass | null;
  insuranceCode: string | null;
  chargeCategory: string;
  /** Smallest units; 0 = no reorder alert. */
  reorderLevel: number;
  dosePerUnit: string | null;
  defaultDose: string | null;
  doseUnit: string | null;
  defaultFrequency: string | null;
  defaultRoute: string | null;
  active: boolean;
}

export const CHARGE_CODES = CHARGE_CATEGORY_CODES;

/** The words of each enumeration as a person types them (export writes them, import reads them). */
export const KIND_WORDS: Record<ItemKind, Text> = {
  drug: t('药品', 'Drug'),
  service: t('诊疗项目', 'Service'),
  material: t('卫生材料', 'Material'),
};
export const DRUG_CLASS_WORDS: Record<DrugClass, Text> = {
  western: t('西药', 'Western'),
  patent: t('中成药', 'Patent'),
  herbal: t('中药饮片', 'Herbal'),
};
export const TIER_WORDS: Record<AntibioticTier, Text> = {
  unrestricted: t('非限制使用级', 'Unrestricted'),
  restricted: t('限制使用级', 'Restricted'),
  special: t('特殊使用级', 'Special'),
};
export const CONTROLLED_WORDS: Record<ControlledClass, Text> = {
  narcotic: t('麻醉药品', 'Narcotic'),
  psych1: t('第一类精神药品', 'Psychotropic I'),
  psych2: t('第二类精神药品', 'Psychotropic II'),
};

/** The charge category suggested for a new item: 09 西药费, 11 中成药费, 10 中药饮片费, 08 卫生材料费, 05 治疗费. */
export function suggestedCategory(kind: ItemKind, drugClass: DrugClass | null): string {
  if (kind === 'material') return '08';
  if (kind === 'service') return '05';
  return drugClass === 'patent' ? '11' : drugClass === 'herbal' ? '10' : '09';
}

/** 国药准字 + H (chemical) / Z (Chinese medicine) / S (biological) / J (imported) / B, T, F + 8 digits. */
export const APPROVAL_NO = /^国药准字[HZSJBTF]\d{8}$/;

export interface Problem {
  field: keyof ItemValues;
  text: Text;
}

/** The rules that join fields; [] when the item is acceptable. */
export function itemProblems(v: ItemValues, policy: { zeroMarkupEssentialDrugs: boolean }): Problem[] {
  const out: Problem[] = [];
  const drug = v.kind === 'drug';
  if (drug && !v.drugClass)
    out.push({
      field: 'drugClass',
      text: t('药品必须选择药品分类(西药、中成药或中药饮片)', 'A drug needs a drug class (western, patent or herbal)'),
    });
  if (!drug) {
    const only = (field: keyof ItemValues, zh: string, en: string) =>
      out.push({
        field,
        text: t(
          `只有药品才有${zh},诊疗项目和卫生材料请留空`,
          `Only drugs have ${en}; leave it empty for services and materials`,
        ),
      });
    if (v.drugClass) only('drugClass', '药品分类', 'a drug class');
    if (v.essential) only('essential', '基本药物标志', 'the essential-drug flag');
    if (v.antibioticTier) only('antibioticTier', '抗菌药物分级', 'an antibiotic tier');
    if (v.controlledClass) only('controlledClass', '管制类别', 'a controlled class');
  }
  if (drug && v.drugClass !== 'herbal' && v.approvalNo !== null && !APPROVAL_NO.test(v.approvalNo)) {
    out.push({
      field: 'approvalNo',
      text: t(
        `批准文号“${v.approvalNo}”格式不对,应为“国药准字”+字母+8位数字,如 国药准字H20033340`,
        `Approval number "${v.approvalNo}" is malformed: expected 国药准字 + a letter + 8 digits, e.g. ` +
          `国药准字H20033340`,
      ),
    });
  }
  if (
    policy.zeroMarkupEssentialDrugs &&
    drug &&
    v.essential &&
    v.purchasePriceFen !== null &&
    v.purchasePriceFen !== v.priceFen
  ) {
    out.push({
      field: 'purchasePriceFen',
      text: t(
        `基本药物实行零差率销售:进价(${yuan(v.purchasePriceFen)} 元)必须等于零售价(${yuan(v.priceFen)} 元)`,
        `Essential drugs are sold at zero markup: the purchase ` +
          `price (${yuan(v.purchasePriceFen)} yuan) must equal the retail price (${yuan(v.priceFen)} yuan)`,
      ),
    });
  }
  return out;
}

/**
 * The fields that value and group an item's history: reports and documents value stock with
 * the item's current pack size (and count it in its smallest unit), the monthly report groups
 * by drug class. Once an item has a lot, a stock document line or an order line they are fixed.
 */
export const HISTORY_FIELDS = ['kind', 'unit', 'packSize', 'drugClass'] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
const HISTORY_WORDS: Record<HistoryField, Text> = {
  kind: t('类别', 'kind'),
  unit: t('最小单位', 'smallest unit'),
  packSize: t('包装数量', 'pack size'),
  drugClass: t('药品分类', 'drug class'),
};

/** The message for a refused change of a history field. */
export function historyText(field: HistoryField): Text {
  const w = HISTORY_WORDS[field];
  return t(
    `该项目已有库存或单据记录,不能修改${w.zh};请新建一个项目并停用旧项目`,
    `This item already has stock or document records: ` +
      `its ${w.en} cannot be changed. Create a new item and deactivate the old one`,
  );
}

/** The history fields that `next` changes from `saved` (for an item with history); [] when none. */
export function historyProblems(
  next: Pick<ItemValues, HistoryField>,
  saved: Pick<ItemValues, HistoryField>,
): Array<{ field: HistoryField; text: Text }> {
  return HISTORY_FIELDS.filter((f) => next[f] !== saved[f]).map((field) => ({ field, text: historyText(field) }));
}

/** The message for a retail price changed by maintenance or import on an item with stock on hand. */
export const PRICE_NEEDS_ADJUSTMENT: Text = t(
  '该项目有库存,零售价只能在药库做调价单修改(记录调价人、时间、新旧价格并重新计价库存)',
  'This item has stock on hand: its retail price changes only through a price adjustment document at the store ' +
    '(it records who, when, the old and new prices, and revalues the stock)',
);

/** The retail price change that needs a price adjustment document, or null. */
export function priceProblem(
  next: Pick<ItemValues, 'priceFen'>,
  saved: Pick<ItemValues, 'priceFen'>,
): { field: 'priceFen'; text: Text } | null {
  return next.priceFen !== saved.priceFen ? { field: 'priceFen', text: PRICE_NEEDS_ADJUSTMENT } : null;
}
