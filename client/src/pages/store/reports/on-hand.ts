// 库存查询: stock on hand at the chosen location (or all) by item and lot with value;
// expired lots red, near-expiry lots amber; filters; totals; live on stock:changed.
import { useState } from 'preact/hooks';
import { EV } from '../../../../../core/contract.js';
import { get } from '../../../api.js';
import { Badge, DataTable, SearchBox, type Column } from '../../../components/table.js';
import { useDebounced, useLive, useResource } from '../../../hooks.js';
import { html } from '../../../html.js';
import { StoreFrame } from '../frame.js';
import { useLocation, useLocationRoom } from '../location.js';
import { ErrorLine, ExportButton, formatYuan, qtyText } from './common.js';
import { t } from './i18n.js';
import type { LotRow, OnHandReport } from './types.js';

const PATH = '/api/stock/reports/on-hand';

export function OnHandPage() {
  const loc = useLocation();
  const [all, setAll] = useState(false);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [drugClass, setDrugClass] = useState('');
  const [includeExpired, setIncludeExpired] = useState(true);
  const dq = useDebounced(q);
  const locationId = all ? undefined : loc.current?.id;
  const query = {
    locationId,
    q: dq,
    kind,
    drugClass: kind === 'material' ? '' : drugClass,
    includeExpired: String(includeExpired),
  };
  const ready = all || !!loc.current;
  const r = useResource(
    () => (ready ? get<OnHandReport>(PATH, query) : Promise.resolve(undefined)),
    [ready, locationId, dq, kind, drugClass, includeExpired],
  );
  useLocationRoom(loc.current?.id ?? null, r.reload);
  useLive([EV.stockChanged, EV.stockDocChanged], r.reload);
  const columns: Column<LotRow>[] = [
    ...(all ? [{ label: t('col.location'), render: (l: LotRow) => l.locationName }] : []),
    { label: t('col.code'), render: (l) => l.itemCode, class: 'mono' },
    {
      label: t('col.item'),
      render: (l) => html`<strong>${l.itemName}</strong> <span class="small muted">${l.spec ?? ''}</span>`,
    },
    { label: t('col.lot'), render: (l) => l.lotNo, class: 'mono' },
    {
      label: t('col.expiry'),
      render: (l) =>
        html`${l.expiryDate} ${
          l.expired
            ? html`<${Badge} kind="off">${t('expired')}<//>`
            : l.nearExpiry
              ? html`
          <${Badge} kind="warn">${t('near')}<//>`
              : null
        }`,
      class: 'nowrap',
    },
    { label: t('col.qty'), render: (l) => qtyText(l.qty, l.unit, l.packUnit, l.packSize), class: 'num nowrap' },
    { label: t('col.price'), render: (l) => formatYuan(l.purchasePriceFen), class: 'num' },
    { label: t('col.value'), render: (l) => formatYuan(l.valueFen), class: 'num' },
  ];
  const data = r.data;
  return html`<${StoreFrame}
    title=${t('title.onHand')}
    location=${loc}
    actions=${html`<${ExportButton} path=${PATH} query=${query}
      filename=${t('file.onHand', { day: data?.today ?? '' })} disabled=${!ready || !data} />`}
  >
    <${ErrorLine} error=${loc.locations.error} />
    <${DataTable}
      label=${t('title.onHand')}
      columns=${columns}
      rows=${data?.items}
      rowKey=${(l: LotRow) => l.lotId}
      loading=${r.loading}
      error=${r.error}
      empty=${t('empty.onHand')}
      rowClass=${(l: LotRow) => (l.expired ? 'row-expired' : l.nearExpiry ? 'row-near' : undefined)}
      toolbar=${html`<${SearchBox} value=${q} onInput=${setQ} placeholder=${t('search')} />
        <label class="filter">
          <span>${t('kind')}</span>
          <select name="kind" value=${kind}
            onChange=${(e: Event) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">${t('all')}</option>
            <option value="drug">${t('kind.drug')}</option>
            <option value="material">${t('kind.material')}</option>
          </select>
        </label>
        <label class="filter">
          <span>${t('drugClass')}</span>
          <select name="drugClass" value=${drugClass} disabled=${kind === 'material'}
            onChange=${(e: Event) => setDrugClass((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">${t('all')}</option>
            <option value="western">${t('group.western')}</option>
            <option value="patent">${t('group.patent')}</option>
            <option value="herbal">${t('group.herbal')}</option>
          </select>
        </label>
        <label class="check filter">
          <input type="checkbox" name="includeExpired" checked=${includeExpired}
            onChange=${(e: Event) => setIncludeExpired((e.currentTarget as HTMLInputElement).checked)} />
          <span>${t('includeExpired')}</span>
        </label>
        <label class="check filter">
          <input type="checkbox" name="allLocations" checked=${all}
            onChange=${(e: Event) => setAll((e.currentTarget as HTMLInputElement).checked)} />
          <span>${t('allLocations')}</span>
        </label>`}
    />
    ${
      data
        ? html`<p class="report-totals" role="status" data-testid="on-hand-totals">
          <strong>${t('totals', { qty: data.totals.qty, value: formatYuan(data.totals.valueFen) })}</strong>
          <span class="muted"> · ${t('rows', { n: data.lotCount })}</span>
        </p>`
        : null
    }
    ${
      data?.truncated
        ? html`<p class="notice" role="status"
      data-testid="on-hand-truncated">${t('truncated', { shown: data.items.length, count: data.lotCount })}</p>`
        : null
    }
  <//>`;
}
