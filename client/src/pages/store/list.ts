// The documents list (/store): the chosen location's stock documents with filters and
// paging, the status in colour, and what is coming in (transfers for a pharmacy,
// requisitions addressed to a store with "按请领单调拨"). Live on stock:doc and stock:changed.
import { useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { useDebounced, useKeydown, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { StoreFrame } from './frame.js';
import { dateTimeText, formatYuan } from './format.js';
import { t, typeLabel } from './i18n.js';
import { useLocation, useLocationRoom, type LocationState } from './location.js';
import { go, paths } from './nav.js';
import { StartStocktake } from './start-stocktake.js';
import { DOC_TYPES, type DocStatus, type DocType, type StockDocSummary, type StockLocation } from './types.js';

const PAGE = 20;
const LIVE = [EV.stockDocChanged, EV.stockChanged];

export function StatusBadge(props: { status: DocStatus }) {
  const kind = props.status === 'posted' ? 'ok' : props.status === 'cancelled' ? 'off' : 'info';
  return html`<span class=${'doc-status doc-status-' + props.status}><${Badge}
    kind=${kind}>${t(`status.${props.status}`)}<//></span>`;
}

export function StoreListPage() {
  const loc = useLocation();
  if (!loc.current) {
    return html`<${StoreFrame} title=${t('page.title')}>
      ${
        loc.locations.error
          ? html`<div class="form-error" role="alert">${loc.locations.error.message}</div>`
          : loc.locations.data
            ? html`<p class="notice">${t('location.none')}</p>`
            : html`<p class="muted" role="status">${t('loading')}</p>`
      }
    <//>`;
  }
  return html`<${DocList} key=${loc.current.id} loc=${loc} location=${loc.current} />`;
}

function DocList(props: { loc: LocationState; location: StockLocation }) {
  const l = props.location;
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [starting, setStarting] = useState(false);
  const dq = useDebounced(q);
  const docs = useResource(
    () =>
      get<{ items: StockDocSummary[]; total: number }>('/api/stock/docs', {
        locationId: l.id,
        type,
        status,
        q: dq,
        from,
        to,
        limit: PAGE,
        offset,
      }),
    [l.id, type, status, dq, from, to, offset],
  );
  const incoming = useResource(() => loadIncoming(l), [l.id, l.kind]);
  const reload = () => {
    docs.reload();
    incoming.reload();
  };
  useLocationRoom(l.id, reload);
  useLive(LIVE, reload);
  const drafting = can('inventory.draft');
  const newTypes = l.docTypes.filter((d) => d !== 'stocktake');
  useKeydown((e) => {
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'F2' && drafting && newTypes[0]) {
      e.preventDefault();
      go(paths.newDoc(newTypes[0]));
    }
  });

  const filter = (set: (v: string) => void) => (e: Event) => {
    set((e.currentTarget as HTMLInputElement | HTMLSelectElement).value);
    setOffset(0);
  };
  const columns: Column<StockDocSummary>[] = [
    {
      label: t('col.docNo'),
      class: 'mono nowrap',
      render: (d) =>
        html`<a href=${paths.doc(d.id)}
          onClick=${(e: MouseEvent) => (
            e.preventDefault(),
            go(d.type === 'stocktake' && d.status === 'draft' ? paths.stocktake(d.id) : paths.doc(d.id))
          )}>${d.docNo}</a>`,
    },
    { label: t('col.type'), render: (d) => typeLabel(d.type), class: 'nowrap' },
    { label: t('col.counterpart'), render: (d) => direction(d, l.id) },
    { label: t('col.lines'), render: (d) => String(d.lineCount ?? ''), class: 'num' },
    { label: t('col.total'), render: (d) => formatYuan(d.totalFen), class: 'num mono' },
    {
      label: t('col.status'),
      render: (d) =>
        html`<${StatusBadge} status=${d.status} />${
          d.reversedById
            ? html` <${Badge}
          kind="warn">${t('status.reversed')}<//>`
            : null
        }${
          d.type === 'requisition' && d.status === 'posted'
            ? html` <${Badge} kind=${d.filledById ? 'ok' : 'info'}>${
                d.filledById ? t('status.filled') : t('status.waiting')
              }<//>`
            : null
        }`,
    },
    {
      label: t('col.created'),
      render: (d) => html`${d.createdBy.name} <span class="small muted">${dateTimeText(d.createdAt)}</span>`,
    },
    {
      label: t('col.posted'),
      render: (d) =>
        d.postedBy ? html`${d.postedBy.name} <span class="small muted">${dateTimeText(d.postedAt)}</span>` : '',
    },
  ];
  const total = docs.data?.total ?? 0;
  const actions = html`${
    drafting
      ? html`${newTypes.map(
          (ty, i) =>
            html`<button type="button" key=${ty} class=${i === 0 ? 'btn btn-primary' : 'btn'}
              onClick=${() => go(paths.newDoc(ty))}>${t(`new.${ty}`)}${i === 0 ? ' F2' : ''}</button>`,
        )}
      ${
        l.docTypes.includes('stocktake')
          ? html`<button type="button" class="btn"
        onClick=${() => setStarting(true)}>${t('stocktake.start')}</button>`
          : null
      }
      ${
        l.kind === 'store'
          ? html`<button type="button" class="btn"
        onClick=${() => go(paths.newDoc('price_adjustment'))}>${t('new.price_adjustment')}</button>`
          : null
      }`
      : null
  }`;
  return html`<${StoreFrame} title=${t('page.title')} location=${props.loc} actions=${actions}>
    <${Incoming} location=${l} data=${incoming.data} />
    <${DataTable}
      label=${t('list.label')}
      columns=${columns}
      rows=${docs.data?.items}
      rowKey=${(d: StockDocSummary) => d.id}
      loading=${docs.loading}
      error=${docs.error}
      empty=${t('list.empty')}
      rowClass=${(d: StockDocSummary) => 'doc-row-' + d.status}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${(v: string) => (setQ(v), setOffset(0))} placeholder=${t('list.search')} />
        <label class="filter"><span>${t('col.type')}</span>
          <select name="type" value=${type} onChange=${filter(setType)}>
            <option value="">${t('all')}</option>
            ${DOC_TYPES.map((ty) => html`<option key=${ty} value=${ty}>${typeLabel(ty)}</option>`)}
          </select>
        </label>
        <label class="filter"><span>${t('col.status')}</span>
          <select name="status" value=${status} onChange=${filter(setStatus)}>
            <option value="">${t('all')}</option>
            ${(['draft', 'posted', 'cancelled'] as const).map(
              (s) => html`<option key=${s}
              value=${s}>${t(`status.${s}`)}</option>`,
            )}
          </select>
        </label>
        <label class="filter"><span>${t('list.from')}</span><input type="date" name="from" value=${from}
          onChange=${filter(setFrom)} /></label>
        <label class="filter"><span>${t('list.to')}</span><input type="date" name="to" value=${to}
          onChange=${filter(setTo)} /></label>
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
    ${starting ? html`<${StartStocktake} location=${l} onClose=${() => setStarting(false)} />` : null}
  <//>`;
}

function direction(d: StockDocSummary, here: number) {
  if (d.supplierName) return d.supplierName;
  if (d.counterpartId === null) return d.reason ?? '';
  if (d.counterpartId === here) return html`<span class="dir-in">${t('dir.from', { name: d.locationName })}</span>`;
  return html`<span class="dir-out">${t('dir.to', { name: d.counterpartName ?? '' })}</span>`;
}

interface IncomingData {
  requisitions: StockDocSummary[];
  /** All pending requisitions addressed here (the list shows the first PENDING_MAX). */
  pendingTotal: number;
  transfers: StockDocSummary[];
}

const PENDING_MAX = 50;

/**
 * A store: the requisitions addressed to it that are still to fill (the server's rule:
 * posted, with no posted non-reversed transfer; pending=true). A pharmacy: posted transfers coming in.
 */
async function loadIncoming(l: StockLocation): Promise<IncomingData> {
  if (l.kind === 'store') {
    const reqs = await get<{ items: StockDocSummary[]; total: number }>('/api/stock/docs', {
      locationId: l.id,
      pending: 'true',
      limit: PENDING_MAX,
    });
    return { requisitions: reqs.items, pendingTotal: reqs.total, transfers: [] };
  }
  const tr = await get<{ items: StockDocSummary[] }>('/api/stock/docs', {
    locationId: l.id,
    type: 'transfer',
    status: 'posted',
    limit: 10,
  });
  return {
    requisitions: [],
    pendingTotal: 0,
    transfers: tr.items.filter((d) => d.counterpartId === l.id && d.reversesId === null),
  };
}

function Incoming(props: { location: StockLocation; data: IncomingData | undefined }) {
  const d = props.data;
  if (!d) return null;
  if (props.location.kind === 'store') {
    const open = d.requisitions;
    if (!open.length) return null;
    return html`<section class="store-incoming" aria-label=${t('incoming.requisitions')}>
      <h2>${t('incoming.requisitions')} <span class="muted small">${t('incoming.count', { n: d.pendingTotal })}</span>
        </h2>
      <ul>
        ${open.map(
          (r) => html`<li key=${r.id}>
            <a href=${paths.doc(r.id)} class="mono"
              onClick=${(e: MouseEvent) => (e.preventDefault(), go(paths.doc(r.id)))}>${r.docNo}</a>
            <span>${t('dir.from', { name: r.locationName })}</span>
            <span class="muted small">${t('incoming.lines', { n: r.lineCount ?? 0 })} · ${dateTimeText(r.postedAt)}
              </span>
            ${
              can('inventory.draft') && props.location.docTypes.includes('transfer')
                ? html`<button type="button" class="btn btn-small btn-primary"
                  onClick=${() => go(paths.newDoc('transfer', { requisitionId: r.id }))}>${t('incoming.fulfil')}
                    </button>`
                : null
            }
          </li>`,
        )}
      </ul>
    </section>`;
  }
  if (!d.transfers.length) return null;
  return html`<section class="store-incoming" aria-label=${t('incoming.transfers')}>
    <h2>${t('incoming.transfers')}</h2>
    <ul>
      ${d.transfers.map(
        (r) => html`<li key=${r.id}>
          <a href=${paths.doc(r.id)} class="mono"
            onClick=${(e: MouseEvent) => (e.preventDefault(), go(paths.doc(r.id)))}>${r.docNo}</a>
          <span>${t('dir.from', { name: r.locationName })}</span>
          <span class="muted small">${t('incoming.lines', { n: r.lineCount ?? 0 })} · ${formatYuan(r.totalFen)}${' '}
            · ${dateTimeText(r.postedAt)}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

export type { DocType };
