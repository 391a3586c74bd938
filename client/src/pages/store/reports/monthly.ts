// 月度进销存报表: per location and class (西药 / 中成药 / 中药饮片 / 卫生材料) for a month:
// opening, receipts, issues, revaluation (调价), closing in value, with a totals row — values
// only, since the items of a class are counted in different units — and below it the same per
// item, with quantities in the item's own smallest unit.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../../api.js';
import { DataTable, type Column } from '../../../components/table.js';
import { useResource } from '../../../hooks.js';
import { html } from '../../../html.js';
import { StoreFrame } from '../frame.js';
import { useLocation, useLocationRoom } from '../location.js';
import { ErrorLine, ExportButton, formatYuan, useServerToday } from './common.js';
import { t } from './i18n.js';
import type { MonthlyItemRow, MonthlyReport, MonthlyRow } from './types.js';

const PATH = '/api/stock/reports/monthly';

type Row = MonthlyRow | (Omit<MonthlyRow, 'group'> & { group: 'total' });

export function MonthlyPage() {
  const loc = useLocation();
  // The center's month (the server's business day), once known; the user may pick another.
  const today = useServerToday();
  const [month, setMonth] = useState('');
  useEffect(() => {
    if (today.data) setMonth((m) => m || today.data!.month);
  }, [today.data]);
  const [all, setAll] = useState(false);
  const locationId = all ? undefined : loc.current?.id;
  const ready = (all || !!loc.current) && /^\d{4}-\d{2}$/.test(month);
  const query = { locationId, month };
  const r = useResource(
    () => (ready ? get<MonthlyReport>(PATH, query) : Promise.resolve(undefined)),
    [ready, locationId, month],
  );
  useLocationRoom(loc.current?.id ?? null, r.reload);
  const data = ready ? r.data : undefined;
  const value = (label: string, pick: (x: Row) => { valueFen: number }): Column<Row> => ({
    label: `${label} · ${t('col.value')}`,
    render: (x) => formatYuan(pick(x).valueFen),
    class: 'num',
  });
  const columns: Column<Row>[] = [
    ...(all ? [{ label: t('col.location'), render: (x: Row) => (x.group === 'total' ? '' : x.locationName) }] : []),
    {
      label: t('col.group'),
      render: (x) => (x.group === 'total' ? html`<strong>${t('totalsRow')}</strong>` : t(`group.${x.group}`)),
    },
    value(t('col.opening'), (x) => x.opening),
    value(t('col.receipts'), (x) => x.receipts),
    value(t('col.issues'), (x) => x.issues),
    { label: t('col.revaluation'), render: (x) => formatYuan(x.revaluation.valueFen), class: 'num' },
    value(t('col.closing'), (x) => x.closing),
  ];
  const pair = (
    label: string,
    pick: (x: MonthlyItemRow) => { qty: number; valueFen: number },
  ): Column<MonthlyItemRow>[] => [
    { label: `${label} · ${t('col.qty')}`, render: (x) => pick(x).qty, class: 'num' },
    { label: `${label} · ${t('col.value')}`, render: (x) => formatYuan(pick(x).valueFen), class: 'num' },
  ];
  const itemColumns: Column<MonthlyItemRow>[] = [
    ...(all ? [{ label: t('col.location'), render: (x: MonthlyItemRow) => x.locationName }] : []),
    { label: t('col.group'), render: (x) => t(`group.${x.group}`) },
    { label: t('col.code'), render: (x) => x.itemCode, class: 'mono' },
    { label: t('col.item'), render: (x) => html`${x.itemName} <span class="small muted">${x.spec ?? ''}</span>` },
    { label: t('col.unit'), render: (x) => x.unit },
    ...pair(t('col.opening'), (x) => x.opening),
    ...pair(t('col.receipts'), (x) => x.receipts),
    ...pair(t('col.issues'), (x) => x.issues),
    { label: t('col.revaluation'), render: (x) => formatYuan(x.revaluation.valueFen), class: 'num' },
    ...pair(t('col.closing'), (x) => x.closing),
  ];
  const rows: Row[] | undefined = data
    ? [...data.items, { locationId: 0, locationName: '', group: 'total', ...data.totals }]
    : undefined;
  return html`<${StoreFrame}
    title=${t('title.monthly')}
    location=${loc}
    actions=${html`<${ExportButton} path=${PATH} query=${query} filename=${t('file.monthly', { month })}
      disabled=${!ready} />`}
  >
    <${ErrorLine} error=${loc.locations.error ?? today.error} />
    <${DataTable}
      label=${t('title.monthly')}
      columns=${columns}
      rows=${rows}
      rowKey=${(x: Row) => `${x.locationId}:${x.group}`}
      loading=${r.loading}
      error=${r.error}
      empty=${t('empty.monthly')}
      rowClass=${(x: Row) => (x.group === 'total' ? 'row-total' : undefined)}
      toolbar=${html`<label class="filter">
          <span>${t('month')}</span>
          <input type="month" name="month" value=${month}
            onChange=${(e: Event) => setMonth((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="check filter">
          <input type="checkbox" name="allLocations" checked=${all}
            onChange=${(e: Event) => setAll((e.currentTarget as HTMLInputElement).checked)} />
          <span>${t('allLocations')}</span>
        </label>`}
    />
    <p class="small muted">${t('balanced')}</p>
    ${
      data
        ? html`<h3 class="report-subtitle">${t('title.monthlyItems')}</h3>
          <${DataTable}
            label=${t('title.monthlyItems')}
            columns=${itemColumns}
            rows=${data.itemRows}
            rowKey=${(x: MonthlyItemRow) => `${x.locationId}:${x.itemId}`}
            loading=${r.loading}
            empty=${t('empty.monthly')}
          />`
        : null
    }
  <//>`;
}
