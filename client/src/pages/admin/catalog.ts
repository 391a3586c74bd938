// Dictionary maintenance (基础维护): drugs, services and materials on three tabs; search by
// code, name, trade name or pinyin initials; create and edit in a dialog with every field;
// export to Excel (the import template) and import with a row-by-row check. Live on
// catalog:changed.
import { useState } from 'preact/hooks';
import { INVENTORY_EVENTS } from '../../../../core/contract.js';
import { ApiError, download, get, type ResponseOf } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { ItemDialog, categoryText, formatYuan } from './catalog-form.js';
import { ImportDialog } from './catalog-import.js';
import { t } from './catalog.i18n.js';
import { ActiveBadge, ActiveFilter } from './departments.js';
import { AdminFrame } from './frame.js';
import type { AdminItem } from '../../../../server/modules/catalog/admin-schema.js';
import type { AdminList } from '../../../../server/modules/catalog/admin-schema.js';

export type Kind = 'drug' | 'service' | 'material';
export const KINDS: Kind[] = ['drug', 'service', 'material'];

/** An item as the maintenance list and form get it (the server's own type). */
export type CatalogItem = AdminItem;

const PAGE = 50;

export function CatalogPage() {
  const [kind, setKind] = useState<Kind>('drug');
  const [q, setQ] = useState('');
  const [active, setActive] = useState('');
  const [drugClass, setDrugClass] = useState('');
  const [offset, setOffset] = useState(0);
  const dq = useDebounced(q);
  const r = useResource(
    () =>
      get<ResponseOf<typeof AdminList>>('/api/catalog/admin/items', {
        kind,
        q: dq,
        active,
        drugClass: kind === 'drug' ? drugClass : '',
        limit: PAGE,
        offset,
      }),
    [kind, dq, active, drugClass, offset],
  );
  useLive([INVENTORY_EVENTS.catalogChanged], r.reload);
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const total = r.data?.total ?? 0;
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setOffset(0);
  };

  const exportFile = async () => {
    try {
      await download('/api/catalog/admin/export', { kind }, `${t(`kind.${kind}`)}.xlsx`);
      toast(t('exported'));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : tg('error.unexpected'), 'error');
    }
  };

  const drug = kind === 'drug';
  const columns: Column<CatalogItem>[] = [
    { label: t('code'), render: (i) => i.code, class: 'mono' },
    {
      label: drug ? t('name') : t('serviceName'),
      render: (i) => html`${i.name}${i.tradeName ? html` <span class="muted small">(${i.tradeName})</span>` : null}`,
    },
    ...(kind === 'service' ? [] : [{ label: t('spec'), render: (i: CatalogItem) => i.spec ?? '' }]),
    {
      label: t('units'),
      render: (i) =>
        i.packSize > 1 || i.packUnit !== i.unit
          ? t('packText', { packUnit: i.packUnit, packSize: i.packSize, unit: i.unit })
          : i.unit,
    },
    { label: t('price'), render: (i) => formatYuan(i.priceFen), class: 'num' },
    ...(kind === 'service'
      ? []
      : [
          {
            label: t('purchasePrice'),
            render: (i: CatalogItem) => (i.purchasePriceFen === null ? '' : formatYuan(i.purchasePriceFen)),
            class: 'num',
          },
        ]),
    ...(drug
      ? [
          {
            label: t('drugClass'),
            render: (i: CatalogItem) =>
              html`${i.drugClass ? t(`class.${i.drugClass}`) : ''}${
                i.essential
                  ? html` <span
                title=${t('essentialTitle')}><${Badge} kind="info">${t('essentialBadge')}<//></span>`
                  : null
              }`,
          },
        ]
      : []),
    {
      label: t('chargeCategory'),
      render: (i) =>
        html`${categoryText(i.chargeCategory)}${
          i.invoiceConfirmed
            ? null
            : html` <span
          title=${t('unconfirmedTitle')}><${Badge} kind="warn">${t('unconfirmed')}<//></span>`
        }`,
    },
    { label: t('pinyinInitials'), render: (i) => i.pinyinInitials, class: 'mono' },
    { label: tg('common.status'), render: (i) => html`<${ActiveBadge} active=${i.active} />` },
    {
      label: tg('common.actions'),
      class: 'actions-col',
      render: (i) =>
        html`<button type="button" class="btn btn-small" onClick=${() => setEditing(i)}>${tg('common.edit')}</button>`,
    },
  ];

  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.catalog')}>
      <button type="button" class="btn btn-primary" onClick=${() => setEditing('new')}>${t(`new.${kind}`)}</button>
      <button type="button" class="btn" onClick=${exportFile}>${t('export')}</button>
      <button type="button" class="btn" onClick=${() => setImporting(true)}>${t('import')}</button>
    <//>
    <div class="tabs" role="tablist" aria-label=${t('kinds')}>
      ${KINDS.map(
        (k) => html`<button
          type="button"
          role="tab"
          key=${k}
          aria-selected=${k === kind ? 'true' : 'false'}
          class=${k === kind ? 'tab tab-on' : 'tab'}
          onClick=${() => {
            setKind(k);
            setOffset(0);
          }}
        >${t(`kind.${k}`)}</button>`,
      )}
    </div>
    <${DataTable}
      label=${t(`kind.${kind}`)}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(i: CatalogItem) => i.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${filter(setQ)} placeholder=${t('searchHint')} />
        ${
          drug
            ? html`<label class="filter">
              <span class="sr-only">${t('drugClass')}</span>
              <select name="drugClass" value=${drugClass}
                onChange=${(e: Event) => filter(setDrugClass)((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">${t('allClasses')}</option>
                ${(['western', 'patent', 'herbal'] as const).map(
                  (c) => html`<option value=${c}>${t(`class.${c}`)}
                  </option>`,
                )}
              </select>
            </label>`
            : null
        }
        <${ActiveFilter} value=${active} onChange=${filter(setActive)} />
      `}
    />
    <div class="pager" role="navigation" aria-label=${t('pager.label')}>
      <span class="muted">${t('pager.text', {
        from: total ? offset + 1 : 0,
        to: Math.min(offset + PAGE, total),
        total,
      })}</span>
      <button type="button" class="btn btn-small" disabled=${offset === 0}
        onClick=${() => setOffset(Math.max(0, offset - PAGE))}>${t('pager.prev')}</button>
      <button type="button" class="btn btn-small" disabled=${offset + PAGE >= total}
        onClick=${() => setOffset(offset + PAGE)}>${t('pager.next')}</button>
    </div>
    ${
      editing
        ? html`<${ItemDialog}
          item=${editing === 'new' ? null : editing}
          kind=${editing === 'new' ? kind : editing.kind}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            r.reload();
          }}
        />`
        : null
    }
    ${
      importing
        ? html`<${ImportDialog}
          onClose=${() => {
            setImporting(false);
            r.reload();
          }}
        />`
        : null
    }
  <//>`;
}
