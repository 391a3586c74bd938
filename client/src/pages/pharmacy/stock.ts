// The pharmacy's stock: on hand in usable lots, every lot with its expiry, expired lots in
// red (shown, never dispensed), near-expiry lots in amber. Live on stock:changed.
import { useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { qtyText } from './format.js';
import { t } from './i18n.js';
import type { StockItem, StockView } from './types.js';

const WINDOWS = [30, 90, 180];

export function StockTab(props: { pharmacyId: number }) {
  const [q, setQ] = useState('');
  const [days, setDays] = useState(90);
  const dq = useDebounced(q);
  const r = useResource(
    () => get<StockView>(`/api/pharmacy/${props.pharmacyId}/stock`, { q: dq, nearExpiryDays: days }),
    [props.pharmacyId, dq, days],
  );
  useLive([EV.stockChanged], r.reload);
  const columns: Column<StockItem>[] = [
    { label: t('col.code'), render: (i) => i.code, class: 'mono' },
    {
      label: t('col.drug'),
      render: (i) => html`<strong>${i.name}</strong> <span class="small muted">${i.spec ?? ''}</span>`,
    },
    {
      label: t('col.onHand'),
      render: (i) => html`<span class="on-hand">${qtyText(i.onHand, i.unit, i.packUnit, i.packSize)}</span>`,
      class: 'num nowrap',
    },
    {
      label: t('col.expiredQty'),
      render: (i) => (i.expiredQty ? html`<span class="danger-text">${i.expiredQty}${i.unit}</span>` : ''),
      class: 'num nowrap',
    },
    {
      label: t('col.lots'),
      render: (i) =>
        html`${i.lots.map(
          (l) => html`<div key=${l.lotId}
            class=${l.expired ? 'lot lot-expired small' : l.nearExpiry ? 'lot lot-near small' : 'lot small'}>
            <span class="mono">${l.lotNo}</span> · ${t('pick.expiry', { date: l.expiryDate })} · ${l.qty}${i.unit}
            ${
              l.expired
                ? html` <${Badge} kind="off">${t('stock.expired')}<//>`
                : l.nearExpiry
                  ? html` <${Badge}
              kind="warn">${t('stock.near')}<//>`
                  : null
            }
          </div>`,
        )}`,
    },
  ];
  return html`<${DataTable}
    label=${t('stock.label')}
    columns=${columns}
    rows=${r.data?.items}
    rowKey=${(i: StockItem) => i.itemId}
    loading=${r.loading}
    error=${r.error}
    empty=${t('stock.empty')}
    rowClass=${(i: StockItem) =>
      i.lots.some((l) => l.expired) ? 'row-expired' : i.lots.some((l) => l.nearExpiry) ? 'row-near' : undefined}
    toolbar=${html`<${SearchBox} value=${q} onInput=${setQ} placeholder=${t('stock.search')} />
      <label class="filter">
        <span>${t('stock.window')}</span>
        <select name="nearExpiryDays" value=${String(days)}
          onChange=${(e: Event) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${WINDOWS.map((d) => html`<option key=${d} value=${String(d)}>${t('stock.days', { n: d })}</option>`)}
        </select>
      </label>`}
  />`;
}
