// 住院登记 (the cashier's admissions, issue 12): the open stays with their balance (red under the ward's
// warning line), searchable by 住院号, MRN, name or pinyin and filtered by state; F2 opens the admission
// form; a stay opens its page (deposits, refunds, edit, cancel). Live: `stay:changed` (cashier room)
// updates the row it names in place, and the open stay's page reloads.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { SearchBox } from '../../components/table.js';
import { useDebounced, useKeydown, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { Link } from '../../router.js';
import { joinRooms, onEvent } from '../../socket.js';
import type { PrintOutcome } from '../printing/desk-print.js';
import { AdmitForm } from './admit.js';
import { t } from './i18n.js';
import { formatYuan } from './money.js';
import { StayView } from './stay.js';
import { LIVE, type FormOptions, type Stay, type StaySummary } from './types.js';

type Filter = 'open' | 'pending' | 'in_ward' | 'cancelled' | 'all';
const FILTERS: Filter[] = ['open', 'pending', 'in_ward', 'cancelled', 'all'];

function fits(s: StaySummary, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return s.state !== 'discharged' && s.state !== 'cancelled';
  return s.state === filter;
}

export function StaysPage() {
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 200);
  const [filter, setFilter] = useState<Filter>('open');
  const [selected, setSelected] = useState<number | null>(() => {
    const id = Number(new URLSearchParams(location.search).get('stay'));
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  });
  const [admitting, setAdmitting] = useState(false);
  const [firstPrint, setFirstPrint] = useState<PrintOutcome | null>(null);
  // Snapshots load once the live link has joined the cashier room (no event falls in between).
  const [epoch, setEpoch] = useState(0);
  const [stayEpoch, setStayEpoch] = useState(0);
  useEffect(() => joinRooms(['cashier'], () => setEpoch((e) => e + 1)), []);
  const options = useResource(() => get<FormOptions>('/api/stays/options'), []);
  const list = useResource(
    () =>
      get<{ items: StaySummary[] }>('/api/stays', {
        q: dq.trim() || undefined,
        state: filter === 'all' ? undefined : filter,
      }),
    [dq, filter, epoch],
  );
  const [items, setItems] = useState<StaySummary[]>([]);
  useEffect(() => setItems(list.data?.items ?? []), [list.data]);
  // A pushed summary replaces its row (or joins the list when it fits and no search is typed).
  useEffect(
    () =>
      onEvent(LIVE.stayChanged, (env) => {
        const s = env.payload.stay;
        setItems((prev) => {
          const i = prev.findIndex((x) => x.id === s.id);
          if (i >= 0)
            return fits(s, filter) ? prev.map((x) => (x.id === s.id ? s : x)) : prev.filter((x) => x.id !== s.id);
          return fits(s, filter) && !dq.trim() ? [s, ...prev] : prev;
        });
        if (s.id === selected) setStayEpoch((n) => n + 1);
      }),
    [filter, dq, selected],
  );
  useKeydown((e) => {
    if (e.key === 'F2' && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      setAdmitting(true);
    }
  });
  const choose = (id: number, print: PrintOutcome | null = null) => {
    setFirstPrint(print);
    setAdmitting(false);
    setSelected(id);
    history.replaceState(null, '', `/cashier/stays?stay=${id}`);
  };
  return html`<div class="page stays">
    <${PageHead} title=${t('page.title')}>
      <${Link} href="/cashier" class="btn">${'← '}${t('back')}<//>
      <button type="button" class="btn btn-primary" onClick=${() => setAdmitting(true)}>${t('admit')}</button>
    <//>
    <div class="st-columns">
      <aside class="st-list" aria-label=${t('list.title')}>
        <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('list.search')} label=${t('list.search')} />
        <div class="st-filters" role="group" aria-label=${t('col.state')}>
          ${FILTERS.map(
            (k) => html`<button type="button" key=${k} class=${'btn btn-small' + (filter === k ? ' btn-primary' : '')}
              aria-pressed=${filter === k ? 'true' : 'false'} onClick=${() => setFilter(k)}>
              ${t(`filter.${k}`)}</button>`,
          )}
        </div>
        ${list.error ? html`<div class="form-error" role="alert">${list.error.message}</div>` : null}
        <ul class="st-items" aria-label=${t('list.label')} aria-busy=${list.loading ? 'true' : 'false'}>
          ${items.map(
            (s) => html`<li key=${s.id}>
              <button type="button" class=${'st-item' + (s.id === selected && !admitting ? ' st-on' : '')}
                data-testid=${'stay-' + s.stayNo} onClick=${() => choose(s.id)}>
                <span><strong>${s.patient.name}</strong> <span class="mono muted">${s.stayNo}</span></span>
                <span class="muted">${s.wardName} · ${t(`state.${s.state}` as 'state.pending')} ·
                  ${t('stay.days', { n: s.days })}</span>
                <span class=${'st-bal' + (s.balance.warning ? ' st-bal-warn' : '')}>
                  ${formatYuan(s.balance.balanceFen)}</span>
              </button>
            </li>`,
          )}
          ${!items.length && !list.loading ? html`<li class="muted">${t('list.empty')}</li>` : null}
        </ul>
      </aside>
      <main class="st-main">
        ${
          admitting
            ? html`<${AdmitForm} options=${options.data} onCancel=${() => setAdmitting(false)}
                onDone=${(s: Stay) => {
                  setItems((prev) => [s.summary, ...prev.filter((x) => x.id !== s.summary.id)]);
                  choose(s.summary.id, s.print ?? null);
                }} />`
            : selected
              ? html`<${StayView} key=${selected} id=${selected} epoch=${stayEpoch} options=${options.data}
                  firstPrint=${firstPrint} />`
              : html`<p class="muted st-empty">${t('stay.none')}</p>`
        }
      </main>
    </div>
  </div>`;
}
