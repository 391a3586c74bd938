// Prescribing rules (处方管理办法), checked when a draft is saved and again, inside the
// signing transaction, when it is signed. Each problem names its line and field in both
// languages; limits come from the institution settings.
import type { AntibioticTier as ItemTier, CatalogItemsTable, ControlledClass, OrderKind } from '../../../db/schema.js';
import { t, type Text } from '../../../core/i18n.js';
import type { AntibioticTier, PrescriptionSettings } from '../settings/index.js';
import type { TitleLevel } from '../staff/index.js';
import { allergyHit } from './allergy.js';
import {
  ceilOf,
  drugQuantity,
  herbalQuantity,
  administrations,
  perTimeUnits,
  type QuantityResult,
} from './quantity.js';
import { frequencyOf, routeOf } from '../../../core/orders-vocabulary.js';
import type { Selectable } from 'kysely';

export type ItemRow = Selectable<CatalogItemsTable>;

export interface Problem {
  status: number;
  code: string;
  field: string;
  text: Text;
}

export interface DraftLine {
  itemId: number;
  dose: string | null;
  doseUnit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  quantity: number | null;
  note: string | null;
}

export interface DraftOrder {
  kind: OrderKind;
  emergency: boolean;
  supplyReason: string | null;
  allergyOverrideReason: string | null;
  herbalDoses: number | null;
  pharmacyId: number | null;
  lines: DraftLine[];
}

export interface CheckContext {
  items: Map<number, ItemRow>;
  allergies: string[];
  /** Generic names of drugs on the visit's other active orders. */
  otherDrugNames: Set<string>;
  settings: PrescriptionSettings;
  titleLevel: TitleLevel;
  mayPrescribeControlled: boolean;
  /** pharmacyId names an active pharmacy department. */
  pharmacyValid: boolean;
}

export interface CheckOutcome {
  problems: Problem[];
  /** The quantity of each line (given or computed), null where it could not be computed. */
  quantities: Array<number | null>;
}

const TIER_RANK: Record<AntibioticTier, number> = { none: 0, unrestricted: 1, restricted: 2, special: 3 };
const TIER_NAME: Record<ItemTier, Text> = {
  unrestricted: t('非限制使用级', 'unrestricted'),
  restricted: t('限制使用级', 'restricted'),
  special: t('特殊使用级', 'special-use'),
};
const CONTROLLED_NAME: Record<ControlledClass, Text> = {
  narcotic: t('麻醉药品', 'narcotic'),
  psych1: t('第一类精神药品', 'class-I psychotropic'),
  psych2: t('第二类精神药品', 'class-II psychotropic'),
};
const CONTROLLED_MAX_DAYS: Record<ControlledClass, number> = { narcotic: 3, psych1: 3, psych2: 7 };

const QTY_TEXT: Record<Exclude<QuantityResult, { ok: true }>['reason'], Text> = {
  dose_invalid: t('请填写每次剂量', 'enter the dose per time'),
  dose_unit: t(
    '剂量单位无法换算为该药的最小单位,请改用药品规格中的单位',
    "the dose unit cannot be converted to this drug's smallest unit; use the unit of its strength",
  ),
  frequency_needed: t('请选择用药频次', 'choose a frequency'),
  days_needed: t('请填写用药天数', 'enter the number of days'),
  quantity_needed: t('“必要时”用药请直接填写总量', 'for "as needed" enter the total quantity'),
  too_large: t('总量过大', 'the quantity is too large'),
};

/** A total given without a dose per time: at most this many whole packs. */
const NO_DOSE_MAX_PACKS = 3;

/** 必要时 (prn) lines: the most administrations a day their total may cover. */
const PRN_MAX_PER_DAY = 4;

/** The need rounded up to whole packs (what the pharmacy would hand out at most); at least one pack. */
export const upToPack = (units: number, packSize: number): number =>
  Math.max(1, Math.ceil(units / Math.max(1, packSize))) * Math.max(1, packSize);

interface Need {
  units: number;
  basis: 'dose' | 'limit' | 'none';
  days?: number;
}

function exceedsText(qty: number, need: Need, allowed: number, item: ItemRow): Text {
  const u = item.unit;
  const pk = item.pack_unit;
  if (need.basis === 'none') {
    return t(
      `未填写每次剂量时总量最多 ${NO_DOSE_MAX_PACKS} ${pk}(${allowed} ${u}),填写的是 ${qty} ${u};` +
        '需要更多请填写每次剂量、频次和天数',
      `without a dose per time the total is at most ${NO_DOSE_MAX_PACKS} packs (${allowed} ${u}); ` +
        `${qty} ${u} was entered; to give more, enter the dose, frequency and days`,
    );
  }
  const basis =
    need.basis === 'limit'
      ? t(`按每次剂量、每日最多次数、${need.days} 天计算`, `by the dose, the most times a day and ${need.days} days`)
      : t('按每次剂量×频次×天数计算', 'by dose × frequency × days');
  return t(
    `总量 ${qty} ${u} 超过${basis.zh}的用量 ${need.units} ${u}(按整${pk}最多 ${allowed} ${u});` +
      '请改正总量,或调整剂量、天数',
    `the total ${qty} ${u} exceeds what is needed ${basis.en} ` +
      `(${need.units} ${u}; at most ${allowed} ${u} in whole packs of ${item.pack_size}); ` +
      'correct the total, or change the dose or days',
  );
}

const lineLabel = (i: number, item: ItemRow | undefined): Text =>
  t(`第 ${i + 1} 行${item ? `(${item.name})` : ''}`, `Line ${i + 1}${item ? ` (${item.name})` : ''}`);

const join = (a: Text, b: Text): Text => t(`${a.zh}:${b.zh}`, `${a.en}: ${b.en}`);

export function checkOrder(order: DraftOrder, ctx: CheckContext): CheckOutcome {
  const problems: Problem[] = [];
  const quantities: Array<number | null> = [];
  const p = (status: number, code: string, field: string, text: Text) => problems.push({ status, code, field, text });
  const s = ctx.settings;

  const isDrugOrder = order.kind !== 'service';
  if (isDrugOrder && (order.pharmacyId === null || !ctx.pharmacyValid)) {
    p(
      422,
      'pharmacy_required',
      'pharmacyId',
      t('请选择发药药房', 'Choose the pharmacy that dispenses this prescription'),
    );
  }
  if (order.kind === 'herbal' && !order.herbalDoses) {
    p(
      422,
      'herbal_doses_required',
      'herbalDoses',
      t('中药饮片处方须填写剂数', 'A herbal prescription needs the number of doses (剂数)'),
    );
  }

  const seen = new Set<string>();
  let drugCount = 0;
  const supplyLimit = order.emergency ? s.emergencyMaxSupplyDays : s.maxSupplyDays;

  order.lines.forEach((line, i) => {
    const item = ctx.items.get(line.itemId);
    const at = (f: string) => `lines.${i}.${f}`;
    const label = lineLabel(i, item);
    if (!item) {
      p(
        422,
        'item_not_found',
        at('itemId'),
        join(label, t(`项目 ${line.itemId} 不存在`, `item ${line.itemId} does not exist`)),
      );
      quantities.push(null);
      return;
    }
    if (item.active !== 1)
      p(
        422,
        'item_inactive',
        at('itemId'),
        join(label, t('该项目已停用,不能开具', 'this item is inactive and cannot be ordered')),
      );

    // Which items go on which kind of order.
    if (order.kind === 'western' && item.kind !== 'drug') {
      p(
        422,
        'service_on_prescription',
        at('itemId'),
        join(label, t('诊疗项目和材料请开在“检查治疗单”上', 'services and materials go on a service order')),
      );
    } else if (order.kind === 'western' && item.drug_class === 'herbal') {
      p(
        422,
        'herbal_separate',
        at('itemId'),
        join(label, t('中药饮片须单独开具中药处方', 'herbal pieces go on their own herbal prescription')),
      );
    } else if (order.kind === 'herbal' && item.drug_class !== 'herbal') {
      p(
        422,
        'herbal_only',
        at('itemId'),
        join(label, t('中药饮片处方只能开中药饮片', 'a herbal prescription holds herbal pieces only')),
      );
    } else if (order.kind === 'service' && item.kind === 'drug') {
      p(422, 'drug_on_service_order', at('itemId'), join(label, t('药品请开在处方上', 'drugs go on a prescription')));
    }

    // Quantity: given, or computed from dose, frequency and days.
    let qty: number | null = line.quantity;
    let perTime: bigint | null = null;
    /** What the dose needs (smallest units), when the doctor gave the total: it is checked against it. */
    let need: Need | null = null;
    if (item.kind === 'drug' && line.dose) {
      const r =
        order.kind === 'herbal'
          ? herbalQuantity(line, order.herbalDoses ?? 1, { unit: item.unit, dosePerUnit: item.dose_per_unit })
          : drugQuantity(line, { unit: item.unit, dosePerUnit: item.dose_per_unit });
      if (r.ok) {
        perTime = ceilOf(r.perTime);
        if (qty === null) qty = r.quantity;
        else need = { units: r.quantity, basis: 'dose' };
      } else if (qty === null || r.field === 'dose' || r.field === 'doseUnit') {
        if (!(r.reason === 'quantity_needed' && qty !== null))
          p(422, 'quantity_cannot_compute', at(r.field), join(label, QTY_TEXT[r.reason]));
      } else {
        // A total given where the dose alone cannot say it (必要时, or no frequency / days): at most
        // the frequency's times a day (必要时 or none: PRN_MAX_PER_DAY) over the days given, or the supply limit.
        const per = perTimeUnits(line.dose, line.doseUnit, { unit: item.unit, dosePerUnit: item.dose_per_unit });
        const f = line.frequency ? frequencyOf(line.frequency) : undefined;
        const perDay = f?.perDay ?? { num: PRN_MAX_PER_DAY, den: 1 };
        const days = line.days ?? supplyLimit;
        if (typeof per !== 'string')
          need = {
            units: Number(ceilOf({ num: per.num * BigInt(perDay.num * days), den: per.den * BigInt(perDay.den) })),
            basis: 'limit',
            days,
          };
      }
    } else if (item.kind === 'drug' && qty !== null) {
      // No dose (a bottle or tube whose dose cannot be counted in it): a few whole packs at most.
      need = { units: NO_DOSE_MAX_PACKS * Math.max(1, item.pack_size), basis: 'none' };
    } else if (qty === null && item.kind === 'drug') {
      p(
        422,
        'dose_required',
        at('dose'),
        join(label, t('请填写每次剂量,或直接填写总量', 'enter the dose per time, or the total quantity')),
      );
    } else if (qty === null) {
      const n = line.frequency ? administrations(line.frequency, line.days) : 1n;
      if (typeof n === 'bigint') qty = Number(n);
      else p(422, 'quantity_cannot_compute', at(n === 'days_needed' ? 'days' : 'quantity'), join(label, QTY_TEXT[n]));
    }
    quantities.push(qty);

    if (item.kind !== 'drug') return;
    drugCount += 1;

    // The same drug twice: on this prescription, or on another active order of the visit.
    const key = item.name.trim();
    if (seen.has(key)) {
      p(
        422,
        'duplicate_drug',
        at('itemId'),
        join(label, t('同一处方中重复开具该药', 'this drug is already on this prescription')),
      );
    } else if (ctx.otherDrugNames.has(key)) {
      p(
        422,
        'duplicate_drug_visit',
        at('itemId'),
        join(label, t('本次就诊的其他处方已开具该药', 'this drug is already on another prescription of this visit')),
      );
    }
    seen.add(key);

    // Allergy.
    const hit = allergyHit(ctx.allergies, [item.name, item.trade_name]);
    if (hit && !order.allergyOverrideReason) {
      p(
        422,
        'allergy',
        at('itemId'),
        join(
          label,
          t(
            `患者对“${hit}”过敏;确需使用请填写强制开具理由`,
            `the patient is allergic to "${hit}"; to prescribe anyway, give an override reason`,
          ),
        ),
      );
    }

    // Antibiotic tier against the doctor's title.
    if (item.antibiotic_tier) {
      const tier = item.antibiotic_tier;
      const allowed: AntibioticTier = ctx.titleLevel === 'none' ? 'none' : s.antibioticTierByTitleLevel[ctx.titleLevel];
      if (tier === 'special' && !s.specialUseInOutpatient) {
        p(
          403,
          'antibiotic_special_outpatient',
          at('itemId'),
          join(label, t('特殊使用级抗菌药物不得在门诊使用', 'special-use antibiotics are not used in outpatient care')),
        );
      } else if (TIER_RANK[tier] > TIER_RANK[allowed]) {
        p(
          403,
          'antibiotic_tier',
          at('itemId'),
          join(
            label,
            t(
              `您的职称无权开具${TIER_NAME[tier].zh}抗菌药物`,
              `your professional title does not allow ${TIER_NAME[tier].en} antibiotics`,
            ),
          ),
        );
      }
    }

    // Controlled drugs: the prescriber right, day limits, one dose per injection prescription.
    if (item.controlled_class) {
      const cls = item.controlled_class;
      if (!ctx.mayPrescribeControlled) {
        p(
          403,
          'controlled_right',
          at('itemId'),
          join(
            label,
            t(
              `开具${CONTROLLED_NAME[cls].zh}需要麻精药品处方权`,
              `${CONTROLLED_NAME[cls].en} drugs need the controlled-drug prescriber right`,
            ),
          ),
        );
      }
      const max = CONTROLLED_MAX_DAYS[cls];
      if (line.days !== null && line.days > max) {
        p(
          422,
          'controlled_days',
          at('days'),
          join(
            label,
            t(
              `${CONTROLLED_NAME[cls].zh}每张处方不超过 ${max} 日用量`,
              `${CONTROLLED_NAME[cls].en} drugs: at most ${max} days per prescription`,
            ),
          ),
        );
      }
      const injection = line.route ? routeOf(line.route)?.injection === true : false;
      if (injection && cls !== 'psych2' && qty !== null && (perTime === null || BigInt(qty) > perTime)) {
        p(
          422,
          'controlled_injection_one_dose',
          at('quantity'),
          join(
            label,
            t(
              '麻醉药品、第一类精神药品注射剂每张处方为一次常用量',
              'narcotic and class-I psychotropic injections: one dose per prescription',
            ),
          ),
        );
      }
    }

    // 超量: a given total above what the dose needs, rounded up to whole packs, is refused
    // (after the controlled-drug rules, whose message on the same field is the more precise).
    if (need && qty !== null && !problems.some((x) => x.field === at('quantity'))) {
      const allowed = upToPack(need.units, item.pack_size);
      if (qty > allowed)
        p(422, 'quantity_exceeds_need', at('quantity'), join(label, exceedsText(qty, need, allowed, item)));
    }

    // Supply days.
    if (order.kind !== 'herbal' && line.days !== null && line.days > supplyLimit) {
      if (!order.supplyReason) {
        p(
          422,
          'supply_reason_required',
          at('days'),
          join(
            label,
            t(
              `超过 ${supplyLimit} 日用量须注明理由(慢性病、老年患者等)`,
              `more than ${supplyLimit} days of supply needs a reason (chronic disease, elderly patient)`,
            ),
          ),
        );
      } else if (line.days > s.chronicMaxSupplyDays) {
        p(
          422,
          'supply_days_exceeded',
          at('days'),
          join(
            label,
            t(`用药天数最多 ${s.chronicMaxSupplyDays} 天`, `at most ${s.chronicMaxSupplyDays} days of supply`),
          ),
        );
      }
    }
  });

  if (order.kind === 'western' && drugCount > s.maxDrugsPerPrescription) {
    p(
      422,
      'too_many_drugs',
      'lines',
      t(
        `每张西药、中成药处方不超过 ${s.maxDrugsPerPrescription} 种药品`,
        `At most ${s.maxDrugsPerPrescription} drugs on one Western / patent-medicine prescription`,
      ),
    );
  }
  return { problems, quantities };
}
