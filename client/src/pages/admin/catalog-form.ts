// The dictionary item dialog (药品 / 诊疗项目 / 卫生材料): every field of the item. Prices are
// typed in yuan and refused with fractions of a fen; drug-only fields show for drugs; the
// pinyin keys the server would generate are shown while the field is left empty; for an
// essential drug the zero-markup rule is explained with a button that copies the retail price.
import { CHARGE_CATEGORIES } from '../../../../core/charge-categories.js';
import { FREQUENCIES, ROUTES } from '../../../../core/orders-vocabulary.js';
import { formatYuan, parseYuan } from '../../../../core/money.js';
import { ApiError, get, post, put, type ResponseOf } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang, t as tg } from '../../i18n/index.js';
import type { CatalogItem, Kind } from './catalog.js';
import { t } from './catalog.i18n.js';
import { orNull } from './types.js';
import type { PinyinView } from '../../../../server/modules/catalog/admin-schema.js';

export { formatYuan };

export function categoryText(code: string): string {
  const c = CHARGE_CATEGORIES[code];
  return c ? `${code} ${lang.value === 'en' ? c.en : c.zh}` : code;
}

const FIELDS = [
  'code',
  'kind',
  'name',
  'tradeName',
  'spec',
  'dosageForm',
  'manufacturer',
  'approvalNo',
  'unit',
  'packUnit',
  'packSize',
  'priceFen',
  'purchasePriceFen',
  'drugClass',
  'essential',
  'antibioticTier',
  'controlledClass',
  'insuranceCode',
  'chargeCategory',
  'reorderLevel',
  'pinyinInitials',
  'pinyinFull',
  'dosePerUnit',
  'defaultDose',
  'doseUnit',
  'defaultFrequency',
  'defaultRoute',
  'active',
];

const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatYuan(fen));

/** Yuan text → fen; null for blank; an ApiError on the field for anything else but a whole number of fen ≥ 0. */
function fenOf(text: string, field: string, required: boolean): number | null {
  if (text.trim() === '' && !required) return null;
  const fen = parseYuan(text);
  if (fen === null || fen < 0) throw new ApiError(422, 'invalid', t('badMoney'), field);
  return fen;
}

function intOf(text: string, field: string, blank: number): number {
  if (text.trim() === '') return blank;
  if (!/^\d{1,9}$/.test(text.trim())) throw new ApiError(422, 'invalid', t('badInt'), field);
  return Number(text.trim());
}

export function ItemDialog(props: { item: CatalogItem | null; kind: Kind; onClose: () => void; onSaved: () => void }) {
  const i = props.item;
  const f = useForm({
    code: i?.code ?? '',
    kind: i?.kind ?? props.kind,
    name: i?.name ?? '',
    tradeName: i?.tradeName ?? '',
    spec: i?.spec ?? '',
    dosageForm: i?.dosageForm ?? '',
    manufacturer: i?.manufacturer ?? '',
    approvalNo: i?.approvalNo ?? '',
    unit: i?.unit ?? '',
    packUnit: i?.packUnit ?? '',
    packSize: i ? String(i.packSize) : '1',
    price: money(i?.priceFen),
    purchasePrice: money(i?.purchasePriceFen),
    drugClass: i?.drugClass ?? (props.kind === 'drug' ? 'western' : ''),
    essential: i?.essential ?? false,
    antibioticTier: i?.antibioticTier ?? '',
    controlledClass: i?.controlledClass ?? '',
    insuranceCode: i?.insuranceCode ?? '',
    chargeCategory: i?.chargeCategory ?? '',
    reorderLevel: i ? String(i.reorderLevel) : '0',
    pinyinInitials: i?.pinyinInitials ?? '',
    pinyinFull: i?.pinyinFull ?? '',
    dosePerUnit: i?.dosePerUnit ?? '',
    defaultDose: i?.defaultDose ?? '',
    doseUnit: i?.doseUnit ?? '',
    defaultFrequency: i?.defaultFrequency ?? '',
    defaultRoute: i?.defaultRoute ?? '',
    active: i?.active ?? true,
  });
  const v = f.values;
  const drug = v.kind === 'drug';
  const name = useDebounced(v.name.trim(), 300);
  const py = useResource(
    () =>
      name
        ? get<ResponseOf<typeof PinyinView>>('/api/catalog/admin/pinyin', { name })
        : Promise.resolve({ initials: '', full: '' }),
    [name],
  );

  const onSubmit = f.submit(async (x) => {
    const isDrug = x.kind === 'drug';
    const body = {
      code: x.code.trim(),
      kind: x.kind,
      name: x.name.trim(),
      tradeName: orNull(x.tradeName),
      spec: orNull(x.spec),
      dosageForm: isDrug ? orNull(x.dosageForm) : null,
      manufacturer: orNull(x.manufacturer),
      approvalNo: orNull(x.approvalNo),
      unit: x.unit.trim(),
      ...(x.packUnit.trim() ? { packUnit: x.packUnit.trim() } : {}),
      packSize: intOf(x.packSize, 'packSize', 1),
      priceFen: fenOf(x.price, 'priceFen', true),
      purchasePriceFen: fenOf(x.purchasePrice, 'purchasePriceFen', false),
      // The select shows its first class when none was chosen yet (kind switched to drug).
      drugClass: isDrug ? x.drugClass || 'western' : null,
      essential: isDrug && x.essential,
      antibioticTier: isDrug ? orNull(x.antibioticTier) : null,
      controlledClass: isDrug ? orNull(x.controlledClass) : null,
      insuranceCode: orNull(x.insuranceCode),
      ...(x.chargeCategory ? { chargeCategory: x.chargeCategory } : {}),
      reorderLevel: intOf(x.reorderLevel, 'reorderLevel', 0),
      pinyinInitials: orNull(x.pinyinInitials),
      pinyinFull: orNull(x.pinyinFull),
      dosePerUnit: isDrug ? orNull(x.dosePerUnit) : null,
      defaultDose: isDrug ? orNull(x.defaultDose) : null,
      doseUnit: isDrug ? orNull(x.doseUnit) : null,
      defaultFrequency: isDrug ? orNull(x.defaultFrequency) : null,
      defaultRoute: isDrug ? orNull(x.defaultRoute) : null,
      active: x.active,
    };
    if (i) await put(`/api/catalog/admin/items/${i.id}`, { ...body, version: i.version });
    else await post('/api/catalog/admin/items', body);
    toast(tg('common.saved'));
    props.onSaved();
  });

  const text = (key: keyof typeof v, label: string, field: string = key, extra: Record<string, unknown> = {}) =>
    html`<${TextField} label=${label} name=${field} value=${v[key] as string}
      onInput=${(x: string) => f.set(key, x as never)} error=${f.error} ...${extra} />`;
  const select = (
    key: keyof typeof v,
    label: string,
    options: Array<{ value: string; label: string }>,
    empty?: string,
    extra: Record<string, unknown> = {},
  ) =>
    html`<${SelectField} label=${label} name=${key} value=${v[key] as string} options=${options} empty=${empty}
      onChange=${(x: string) => f.set(key, x as never)} error=${f.error} ...${extra} />`;
  const opts = <K extends string>(keys: readonly K[], prefix: string) =>
    keys.map((k) => ({ value: k, label: t(`${prefix}.${k}` as 'class.western') }));
  // Reports and documents value an item's history with its kind, unit, pack size and class: fixed once it has history.
  const fixed = i?.hasHistory ? { disabled: true, hint: t('historyHint') } : {};
  // An item with stock on hand changes its retail price through the store's 调价 document.
  const priceFixed = i?.hasStock ? { disabled: true, hint: t('priceHint') } : { hint: t('moneyHint') };
  const zeroMarkup =
    drug && v.essential && v.purchasePrice.trim() !== '' && parseYuan(v.purchasePrice) !== parseYuan(v.price);
  const goods = v.kind !== 'service';
  const purchaseExtra = { placeholder: '0.00', hint: t('moneyHint') };
  const approvalHint = drug ? t('approvalHint') : undefined;
  const drugClasses = opts(['western', 'patent', 'herbal'] as const, 'class');
  const tiers = opts(['unrestricted', 'restricted', 'special'] as const, 'tier');
  const controlled = opts(['narcotic', 'psych1', 'psych2'] as const, 'controlled');
  const pinyinInitials = {
    maxLength: 200,
    hint: t('pinyinHint'),
    placeholder: py.data?.initials ? t('generated', { v: py.data.initials }) : undefined,
  };
  const pinyinFull = {
    maxLength: 200,
    hint: t('pinyinHint'),
    placeholder: py.data?.full ? t('generated', { v: py.data.full }) : undefined,
  };

  return html`<${Dialog} wide title=${i ? t('edit', { name: i.name }) : t(`new.${props.kind}`)}
    onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form grid3">
      <div class="span2"><${FormError} error=${f.error} fields=${FIELDS} /></div>
      ${text('code', t('code'), 'code', { required: true, maxLength: 20, hint: t('codeHint') })}
      ${select(
        'kind',
        t('kinds'),
        (['drug', 'service', 'material'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) })),
        undefined,
        { required: true, ...fixed },
      )}
      ${text('name', drug ? t('name') : t('serviceName'), 'name', { required: true, maxLength: 100 })}
      ${text('tradeName', t('tradeName'), 'tradeName', { maxLength: 100 })}
      ${v.kind !== 'service' ? text('spec', t('spec'), 'spec', { maxLength: 50 }) : null}
      ${drug ? text('dosageForm', t('dosageForm'), 'dosageForm', { maxLength: 30 }) : null}
      ${v.kind !== 'service' ? text('manufacturer', t('manufacturer'), 'manufacturer', { maxLength: 100 }) : null}
      ${goods ? text('approvalNo', t('approvalNo'), 'approvalNo', { maxLength: 50, hint: approvalHint }) : null}
      ${drug ? select('drugClass', t('drugClass'), drugClasses, undefined, { required: true, ...fixed }) : null}
      ${text('unit', t('unit'), 'unit', { required: true, maxLength: 10, ...fixed })}
      ${text('packUnit', t('packUnit'), 'packUnit', { maxLength: 10, hint: t('packUnitHint') })}
      ${text('packSize', t('packSize'), 'packSize', { hint: t('packSizeHint'), ...fixed })}
      ${text('price', t('price'), 'priceFen', { required: true, placeholder: '0.00', ...priceFixed })}
      ${goods ? text('purchasePrice', t('purchasePrice'), 'purchasePriceFen', purchaseExtra) : null}
      ${select(
        'chargeCategory',
        t('chargeCategory'),
        Object.keys(CHARGE_CATEGORIES).map((c) => ({ value: c, label: categoryText(c) })),
        i ? undefined : t('suggested'),
        { hint: i ? t('chargeHint') : undefined },
      )}
      ${
        drug
          ? html`<${CheckField} label=${t('essential')} name="essential" checked=${v.essential}
        onChange=${(x: boolean) => f.set('essential', x)} error=${f.error} />`
          : null
      }
      ${
        drug && v.essential
          ? html`<div class="notice span2" role="note" data-testid="zero-markup">
            ${t('zeroMarkup')}
            ${
              zeroMarkup || v.purchasePrice.trim() === ''
                ? html` <button type="button" class="btn btn-small"
                  onClick=${() => f.set('purchasePrice', v.price)}>${t('useRetail')}</button>`
                : null
            }
          </div>`
          : null
      }
      ${drug ? select('antibioticTier', t('antibioticTier'), tiers, t('none')) : null}
      ${drug ? select('controlledClass', t('controlledClass'), controlled, t('none')) : null}
      ${text('insuranceCode', t('insuranceCode'), 'insuranceCode', { maxLength: 50 })}
      ${goods ? text('reorderLevel', t('reorderLevel'), 'reorderLevel', { hint: t('reorderHint') }) : null}
      ${text('pinyinInitials', t('pinyinInitials'), 'pinyinInitials', pinyinInitials)}
      ${text('pinyinFull', t('pinyinFull'), 'pinyinFull', pinyinFull)}
      ${drug ? text('dosePerUnit', t('dosePerUnit'), 'dosePerUnit', { maxLength: 20, placeholder: '0.25g' }) : null}
      ${drug ? text('defaultDose', t('defaultDose'), 'defaultDose', { maxLength: 12, placeholder: '0.5' }) : null}
      ${drug ? text('doseUnit', t('doseUnit'), 'doseUnit', { maxLength: 10, placeholder: 'g' }) : null}
      ${
        drug
          ? select(
              'defaultFrequency',
              t('defaultFrequency'),
              FREQUENCIES.map((x) => ({ value: x.code, label: `${x.code} ${lang.value === 'en' ? x.en : x.zh}` })),
              t('none'),
            )
          : null
      }
      ${
        drug
          ? select(
              'defaultRoute',
              t('defaultRoute'),
              ROUTES.map((x) => ({ value: x.code, label: lang.value === 'en' ? x.en : x.zh })),
              t('none'),
            )
          : null
      }
      ${
        i
          ? html`<${CheckField} label=${tg('common.activeCheck')} name="active" checked=${v.active}
        onChange=${(x: boolean) => f.set('active', x)} error=${f.error} />`
          : null
      }
      <div class="span2"><${FormActions} busy=${f.busy} submitLabel=${tg('common.save')} onCancel=${props.onClose} />
        </div>
    </form>
  <//>`;
}
