// The pharmacy station (药房): which pharmacy this screen works for, the live queue of
// paid prescriptions, today's dispensed list with returns, the stock view, and the stock
// alert bar (expired / near-expiry / below reorder level, live; with inventory.read).
import { useEffect, useState } from 'preact/hooks';
import { EV, EVENTS } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can, me, workstation } from '../../session.js';
import { joinRooms, onEvent } from '../../socket.js';
import { StockAlertBar } from '../store/alert-bar.js';
import { chime } from './chime.js';
import { DispensedTab } from './dispensed.js';
import { t } from './i18n.js';
import { QueueTab } from './queue.js';
import { StockTab } from './stock.js';
import type { PharmacyChoice, QueueView } from './types.js';

const CHOICE_STORE = 'jiceng.pharmacy';
/** Events that change the queue or today's list (names shared with billing and this module). */
const QUEUE_EVENTS = [
  EV.billPaid,
  EV.billRefunded,
  EV.dispenseCompleted,
  EV.dispenseReturned,
  EV.orderCancelled,
  EV.orderRefused,
  EV.dispensePrepared,
];

type Tab = 'queue' | 'today' | 'stock';

function storedChoice(): number | null {
  try {
    const v = Number(sessionStorage.getItem(CHOICE_STORE));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function PharmacyPage() {
  const pharmacies = useResource(
    () =>
      get<{ items: Array<PharmacyChoice & { active: boolean }> }>('/api/departments', {
        kind: 'pharmacy',
        active: 'true',
      }),
    [],
  );
  const wsId = workstation.value?.id ?? null;
  const stations = useResource(
    () =>
      wsId
        ? get<{ items: Array<{ id: number; defaultPharmacyId: number | null }> }>('/api/workstations')
        : Promise.resolve({ items: [] }),
    [wsId],
  );
  useLive([EVENTS.departmentChanged], pharmacies.reload);
  useLive([EVENTS.workstationChanged], stations.reload);
  const [chosen, setChosen] = useState<number | null>(storedChoice());
  const list = pharmacies.data?.items ?? [];
  const ready = pharmacies.data !== undefined && (stations.data !== undefined || stations.error !== null);
  const wsDefault = stations.data?.items.find((w) => w.id === wsId)?.defaultPharmacyId ?? null;
  const deptDefault = list.find((d) => d.id === me.value?.departmentId)?.id ?? null;
  const valid = (id: number | null) => (id !== null && list.some((d) => d.id === id) ? id : null);
  const pharmacyId =
    valid(chosen) ?? valid(wsDefault) ?? valid(deptDefault) ?? (list.length === 1 ? list[0]!.id : null);

  const choose = (id: number) => {
    setChosen(id);
    try {
      sessionStorage.setItem(CHOICE_STORE, String(id));
    } catch {
      /* private mode */
    }
  };

  if (!ready) {
    return html`<div class="page">
      <${PageHead} title=${t('page.title')} />
      ${
        pharmacies.error
          ? html`<div class="form-error" role="alert">${pharmacies.error.message}</div>`
          : html`<p
        class="muted" role="status">${t('loading')}</p>`
      }
    </div>`;
  }
  if (pharmacyId === null) {
    return html`<div class="page">
      <${PageHead} title=${t('page.title')} />
      <section class="pharmacy-panel">
        <h2>${t('choose.title')}</h2>
        <p class="muted">${list.length ? t('choose.hint') : t('choose.none')}</p>
        <div class="choice-list">
          ${list.map(
            (d) => html`<button type="button" key=${d.id} class="choice" onClick=${() => choose(d.id)}><span
            class="choice-title">${d.name}</span></button>`,
          )}
        </div>
      </section>
    </div>`;
  }
  return html`<${Station} key=${pharmacyId} pharmacyId=${pharmacyId} pharmacies=${list} onChoose=${choose} />`;
}

function Station(props: { pharmacyId: number; pharmacies: PharmacyChoice[]; onChoose: (id: number) => void }) {
  const id = props.pharmacyId;
  const [tab, setTab] = useState<Tab>('queue');
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const queue = useResource(() => get<QueueView>(`/api/pharmacy/${id}/queue`), [id]);
  // Reload once the room is joined: an event between the first load and the join is not lost.
  useEffect(() => joinRooms([`pharmacy:${id}`], queue.reload), [id]);
  useLive(QUEUE_EVENTS, queue.reload);
  useEffect(
    () =>
      onEvent(EV.billPaid, (env) => {
        const p = env.payload;
        if (!p.pharmacyIds?.includes(id)) return;
        chime();
        setFresh((s) => new Set([...s, ...(p.orderIds ?? [])]));
      }),
    [id],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const to: Record<string, Tab> = { F2: 'queue', F3: 'today', F4: 'stock' };
      const next = to[e.key];
      if (next) {
        e.preventDefault();
        setTab(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const waiting = queue.data?.waiting.length ?? 0;
  const tabs: Array<[Tab, string]> = [
    ['queue', t('tab.queue', { n: waiting })],
    ['today', t('tab.today', { n: queue.data?.dispensedToday.length ?? 0 })],
    ['stock', t('tab.stock')],
  ];
  return html`<div class="page pharmacy">
    <${PageHead} title=${t('page.title')}>
      <label class="pharmacy-pick">
        <span>${t('pharmacy.label')}</span>
        <select name="pharmacyId" value=${String(id)}
          onChange=${(e: Event) => props.onChoose(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${props.pharmacies.map((d) => html`<option key=${d.id} value=${String(d.id)}>${d.name}</option>`)}
        </select>
      </label>
    <//>
    ${can('inventory.read') ? html`<${StockAlertBar} locationId=${id} />` : null}
    <div class="tabs" role="tablist" aria-label=${t('page.title')}>
      ${tabs.map(
        ([k, label]) =>
          html`<button type="button" role="tab" key=${k} id=${'tab-' + k}
            aria-selected=${tab === k ? 'true' : 'false'} class=${tab === k ? 'tab tab-on' : 'tab'}
              onClick=${() => setTab(k)}>${label}</button>`,
      )}
    </div>
    ${queue.error ? html`<div class="form-error" role="alert">${queue.error.message}</div>` : null}
    <div role="tabpanel" aria-labelledby=${'tab-' + tab}>
      ${
        tab === 'queue'
          ? html`<${QueueTab} pharmacyId=${id} rxs=${queue.data?.waiting} loading=${queue.loading} fresh=${fresh}
            twoPersonCheck=${queue.data?.twoPersonCheck === true} onChanged=${queue.reload} />`
          : tab === 'today'
            ? html`<${DispensedTab} rxs=${queue.data?.dispensedToday} loading=${queue.loading}
              onChanged=${queue.reload} />`
            : html`<${StockTab} pharmacyId=${id} />`
      }
    </div>
  </div>`;
}
