// 进销存台账: one item's moves at the chosen location (or all) for a period — opening, every
// move with its reason in words and document, in / out / running balance, closing — with
// quantities and values that balance (opening + in − out + revaluation = closing; a price
// adjustment's revaluation of a lot is its own row, with its value in the 调价金额 column).
import { useEffect, useState } from 'preact/hooks';
import { EV } from '../../../../../core/contract.js';
import { get } from '../../../api.js';
import { DataTable, type Column } from '../../../components/table.js';
import { useLive, useResource } from '../../../hooks.js';
import { html } from '../../../html.js';
import { StoreFrame } from '../frame.js';
import { dateTimeText } from '../format.js';
import { useLocation, useLocationRoom } from '../location.js';
import { ItemPicker } from '../pickers.js';
import type { ItemRef } from '../types.js';
import { ErrorLine, ExportButton, formatYuan, useServerToday } from './common.js';
import { t } from './i18n.js';
import type { LedgerReport, LedgerRow } from './types.js';

const PATH = '/api/stock/reports/ledger';

export function LedgerPage() {
  const loc = useLocation();
  const [item, setItem] = useState<ItemRef | null>(null);
  // The center's month so far (the server's business day), once known; the user may pick others.
  const today = useServerToday();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    if (!today.data) return;
    setFrom((f) => f || `${today.data!.month}-01`);
    setTo((d) => d || today.data!.today);
  }, [today.data]);
  const [all, setAll] = useState(false);
  const locationId = all ? undefined : loc.current?.id;
  const ready = item !== null && (all || !!loc.current) && !!from && !!to;
  const query = { itemId: item?.id, locationId, from, to };
  const r = useResource(
    () => (ready ? get<LedgerReport>(PATH, query) : Promise.resolve(undefined)),
    [ready, item?.id, locationId, from, to],
  );
  useLocationRoom(loc.current?.id ?? null, r.reload);
  useLive([EV.stockChanged], () => ready && r.reload());
  const data = ready ? r.data : undefined;
  const unit = data?.item.unit ?? '';
  const qv = (x: { qty: number; valueFen: number }) =>
    t('qtyValue', { qty: x.qty, unit, value: formatYuan(x.valueFen) });
  const columns: Column<LedgerRow>[] = [
    { label: t('col.time'), render: (m) => dateTimeText(m.at), class: 'nowrap' },
    ...(all ? [{ label: t('col.location'), render: (m: LedgerRow) => m.locationName }] : []),
    { label: t('col.reason'), render: (m) => m.reasonText },
    {
      label: t('col.doc'),
      render: (m) => m.docNo ?? (m.orderId !== null ? t('rx', { id: m.orderId }) : ''),
      class: 'mono',
    },
    { label: t('col.lot'), render: (m) => m.lotNo, class: 'mono' },
    { label: t('col.in'), render: (m) => (m.qtyIn ? m.qtyIn : ''), class: 'num' },
    { label: t('col.out'), render: (m) => (m.qtyOut ? m.qtyOut : ''), class: 'num' },
    { label: t('col.balance'), render: (m) => m.balance, class: 'num' },
    {
      label: t('col.revaluation'),
      render: (m) => (m.revaluationFen === null ? '' : formatYuan(m.revaluationFen)),
      class: 'num',
    },
  ];
  const dateInput = (name: string, label: string, value: string, set: (v: string) => void) =>
    html`<label class="filter">
      <span>${label}</span>
      <input type="date" name=${name} value=${value}
        onChange=${(e: Event) => set((e.currentTarget as HTMLInputElement).value)} />
    </label>`;
  return html`<${StoreFrame}
    title=${t('title.ledger')}
    location=${loc}
    actions=${html`<${ExportButton} path=${PATH} query=${query}
      filename=${t('file.ledger', { code: item?.code ?? '', from, to })} disabled=${!ready} />`}
  >
    <${ErrorLine} error=${loc.locations.error ?? today.error} />
    <div class="toolbar">
      <label class="filter ledger-item">
        <span>${t('item')}</span>
        <${ItemPicker} name="itemId" label=${t('item')} item=${item} onPick=${setItem} autoFocus=${true} />
      </label>
      ${dateInput('from', t('from'), from, setFrom)} ${dateInput('to', t('to'), to, setTo)}
      <label class="check filter">
        <input type="checkbox" name="allLocations" checked=${all}
          onChange=${(e: Event) => setAll((e.currentTarget as HTMLInputElement).checked)} />
        <span>${t('allLocations')}</span>
      </label>
    </div>
    ${!item ? html`<p class="notice">${t('item.choose')}</p>` : null}
    ${ready ? html`<${ErrorLine} error=${r.error} />` : null}
    ${
      data
        ? html`<dl class="report-summary" data-testid="ledger-summary">
            <div><dt>${t('opening')}</dt><dd data-testid="ledger-opening">${qv(data.opening)}</dd></div>
            <div><dt>${t('periodIn')}</dt><dd
              data-testid="ledger-in">${qv({ qty: data.totals.qtyIn, valueFen: data.totals.valueInFen })}</dd></div>
            <div><dt>${t('periodOut')}</dt><dd
              data-testid="ledger-out">${qv({ qty: data.totals.qtyOut, valueFen: data.totals.valueOutFen })}</dd></div>
            ${
              data.totals.revaluationFen !== 0
                ? html`<div><dt>${t('periodRevaluation')}</dt><dd
                  data-testid="ledger-revaluation">¥${formatYuan(data.totals.revaluationFen)}</dd></div>`
                : null
            }
            <div><dt>${t('closing')}</dt><dd data-testid="ledger-closing">${qv(data.closing)}</dd></div>
          </dl>
          <${DataTable}
            label=${t('title.ledger')}
            columns=${columns}
            rows=${data.items}
            rowKey=${(m: LedgerRow) => m.moveId}
            loading=${r.loading}
            empty=${t('empty.ledger')}
          />`
        : null
    }
  <//>`;
}
