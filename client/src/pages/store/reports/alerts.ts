// 效期与库存预警: lots near expiry (amber), expired lots still in stock (red) and items below
// their reorder level at the chosen location; live on stock:alert and stock:changed.
import { EV } from '../../../../../core/contract.js';
import { get } from '../../../api.js';
import { DataTable, type Column } from '../../../components/table.js';
import { useLive, useResource } from '../../../hooks.js';
import { html } from '../../../html.js';
import { StoreFrame } from '../frame.js';
import { useLocation, useLocationRoom } from '../location.js';
import { ErrorLine, ExportButton, qtyText } from './common.js';
import { t } from './i18n.js';
import type { AlertsReport, LotRow, ReorderRow } from './types.js';

const DAY_MS = 86_400_000;

function daysLeft(expiry: string, today: string): number {
  return Math.round((Date.parse(expiry) - Date.parse(today)) / DAY_MS);
}

export function AlertsPage() {
  const loc = useLocation();
  const id = loc.current?.id ?? null;
  const r = useResource(
    () => (id !== null ? get<AlertsReport>('/api/stock/alerts', { locationId: id }) : Promise.resolve(undefined)),
    [id],
  );
  useLocationRoom(id, r.reload);
  // The frame's alert bar toasts a pushed stock:alert; this page reloads its lists.
  useLive([EV.stockChanged, EV.stockDocChanged, EV.stockAlert], r.reload);
  const data = r.data;
  const lotColumns = (today: string): Column<LotRow>[] => [
    { label: t('col.code'), render: (l) => l.itemCode, class: 'mono' },
    {
      label: t('col.item'),
      render: (l) => html`<strong>${l.itemName}</strong> <span class="small muted">${l.spec ?? ''}</span>`,
    },
    { label: t('col.lot'), render: (l) => l.lotNo, class: 'mono' },
    { label: t('col.expiry'), render: (l) => l.expiryDate, class: 'nowrap' },
    { label: t('col.daysLeft'), render: (l) => t('days', { n: daysLeft(l.expiryDate, today) }), class: 'num' },
    { label: t('col.qty'), render: (l) => qtyText(l.qty, l.unit, l.packUnit, l.packSize), class: 'num nowrap' },
  ];
  const reorderColumns: Column<ReorderRow>[] = [
    { label: t('col.code'), render: (b) => b.itemCode, class: 'mono' },
    {
      label: t('col.item'),
      render: (b) => html`<strong>${b.itemName}</strong> <span class="small muted">${b.spec ?? ''}</span>`,
    },
    { label: t('col.onHand'), render: (b) => `${b.onHand}${b.unit}`, class: 'num' },
    { label: t('col.reorder'), render: (b) => `${b.reorderLevel}${b.unit}`, class: 'num' },
  ];
  return html`<${StoreFrame}
    title=${t('title.alerts')}
    location=${loc}
    actions=${html`<${ExportButton} path="/api/stock/alerts" query=${{ locationId: id }}
      filename=${t('file.alerts', { day: data?.today ?? '' })} disabled=${id === null || !data} />`}
  >
    <${ErrorLine} error=${loc.locations.error ?? r.error} />
    ${
      !data
        ? html`<p class="muted" role="status">${t('loading')}</p>`
        : html`<section aria-labelledby="alerts-expired">
            <h2 id="alerts-expired" class="danger-text">${t('alerts.expired')} (${data.expired.length})</h2>
            <${DataTable} label=${t('alerts.expired')} columns=${lotColumns(data.today)} rows=${data.expired}
              rowKey=${(l: LotRow) => l.lotId} empty=${t('alerts.noneExpired')} rowClass=${() => 'row-expired'} />
          </section>
          <section aria-labelledby="alerts-near">
            <h2 id="alerts-near" class="warn-text">${t('alerts.near', { days: data.nearExpiryDays })}${' '}
              (${data.nearExpiry.length})</h2>
            <${DataTable} label=${t('alerts.near', { days: data.nearExpiryDays })} columns=${lotColumns(data.today)}
              rows=${data.nearExpiry} rowKey=${(l: LotRow) => l.lotId} empty=${t('alerts.noneNear')}
                rowClass=${() => 'row-near'} />
          </section>
          <section aria-labelledby="alerts-reorder">
            <h2 id="alerts-reorder">${t('alerts.reorder')} (${data.belowReorder.length})</h2>
            <${DataTable} label=${t('alerts.reorder')} columns=${reorderColumns} rows=${data.belowReorder}
              rowKey=${(b: ReorderRow) => b.itemId} empty=${t('alerts.noneReorder')} />
          </section>`
    }
  <//>`;
}
