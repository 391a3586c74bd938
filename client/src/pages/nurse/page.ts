// The nurse station (护士站): which ward this screen serves (remembered per workstation, else per
// user), the live bed board of that ward — cards by room, free / occupied / reserved, the balance in
// red under the warning line — and the waiting list (待入 / 待转入) with 安床. Other nurses' moves
// arrive live: `bed:changed` carries the beds, `stay:changed` the stays; a bed naming a stay not
// yet seen reloads the board once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import type { BedChangedBed, StaySummary } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { me, workstation } from '../../session.js';
import { joinRooms, onEvent, onResync } from '../../socket.js';
import { BoardView } from './board.js';
import { t } from './i18n.js';
import type { Board, BedView, WardView } from './types.js';

const OPEN = new Set(['pending', 'in_ward', 'transferring', 'pre_discharge']);

function storeKey(): string {
  const ws = workstation.value?.id;
  return ws ? `jiceng.nurse.ward.ws${ws}` : `jiceng.nurse.ward.u${me.value?.userId ?? 0}`;
}

function storedWard(): number | null {
  try {
    const v = Number(localStorage.getItem(storeKey()));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function NursePage() {
  const wards = useResource(() => get<{ items: WardView[] }>('/api/wards'), []);
  const [chosen, setChosen] = useState<number | null>(storedWard());
  const list = wards.data?.items ?? [];
  const valid = (id: number | null | undefined) => (id != null && list.some((w) => w.id === id) ? id : null);
  const wardId = valid(chosen) ?? valid(me.value?.departmentId) ?? (list.length === 1 ? list[0]!.id : null);
  const choose = (id: number) => {
    setChosen(id);
    try {
      localStorage.setItem(storeKey(), String(id));
    } catch {
      /* private mode */
    }
  };
  if (!wards.data) {
    return html`<div class="page">
      <${PageHead} title=${t('page.title')} />
      ${
        wards.error
          ? html`<div class="form-error" role="alert">${wards.error.message}</div>`
          : html`<p class="muted" role="status">${t('loading')}</p>`
      }
    </div>`;
  }
  if (wardId === null) {
    return html`<div class="page">
      <${PageHead} title=${t('page.title')} />
      <section class="nurse-choose">
        <h2>${t('choose.title')}</h2>
        <p class="muted">${list.length ? t('choose.hint') : t('choose.none')}</p>
        <div class="choice-list">
          ${list.map(
            (w) => html`<button type="button" key=${w.id} class="choice" onClick=${() => choose(w.id)}>
              <span class="choice-title">${w.name}</span>
              <span class="muted">${t('ward.counts', { beds: w.beds, free: w.freeBeds })}</span>
            </button>`,
          )}
        </div>
      </section>
    </div>`;
  }
  return html`<${Station} key=${wardId} wardId=${wardId} wards=${list} onChoose=${choose} />`;
}

function mergeBeds(beds: BedView[], changed: BedChangedBed[], wardId: number): BedView[] {
  const byId = new Map(beds.map((b) => [b.id, b]));
  for (const c of changed) {
    if (!c.active) byId.delete(c.id);
    else byId.set(c.id, { ...c, wardId });
  }
  return [...byId.values()].sort(
    (a, b) => a.sort - b.sort || a.code.length - b.code.length || a.code.localeCompare(b.code),
  );
}

function Station(props: { wardId: number; wards: WardView[]; onChoose: (id: number) => void }) {
  const id = props.wardId;
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<Set<number>>(new Set());
  const gen = useRef(0);
  const boardRef = useRef<Board | null>(null);
  boardRef.current = board;

  const reload = () => {
    const my = ++gen.current;
    get<Board>(`/api/wards/${id}/board`).then(
      (b) => {
        if (my !== gen.current) return;
        setBoard(b);
        setError(null);
      },
      (e: unknown) => my === gen.current && setError(e instanceof Error ? e.message : String(e)),
    );
  };
  // Load once the ward's room is joined: an event between the load and the join is not lost.
  useEffect(() => joinRooms([`ward:${id}`], reload), [id]);
  useEffect(() => {
    const offs = [
      onEvent(EV.bedChanged, (env) => {
        const p = env.payload;
        const b = boardRef.current;
        if (p.wardId !== id || !b) return;
        const knownRooms = new Set(b.rooms.map((r) => r.id));
        const knownStays = new Set(b.stays.map((s) => s.id));
        const needs = p.cause === 'setup' || p.beds.some((x) => !knownRooms.has(x.roomId));
        const unseen = p.beds.some((x) => x.stayId !== null && !knownStays.has(x.stayId));
        setBoard({ ...b, beds: mergeBeds(b.beds, p.beds, id) });
        setFlash(new Set(p.beds.map((x) => x.id)));
        if (needs || unseen) reload();
      }),
      onEvent(EV.stayChanged, (env) => {
        const s: StaySummary = env.payload.stay;
        const b = boardRef.current;
        if (!b) return;
        const here = s.wardId === id && OPEN.has(s.state);
        const others = b.stays.filter((x) => x.id !== s.id);
        if (!here && others.length === b.stays.length) return;
        setBoard({ ...b, stays: here ? [...others, s] : others });
      }),
      onResync(reload),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [id]);
  useEffect(() => {
    if (!flash.size) return;
    const h = setTimeout(() => setFlash(new Set()), 2500);
    return () => clearTimeout(h);
  }, [flash]);

  const ward = props.wards.find((w) => w.id === id);
  const beds = board?.beds ?? [];
  const free = beds.filter((b) => b.state === 'free').length;
  return html`<div class="page nurse">
    <${PageHead} title=${t('page.title')}>
      <label class="nurse-ward">
        <span>${t('ward.label')}</span>
        <select name="wardId" value=${String(id)}
          onChange=${(e: Event) => props.onChoose(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${props.wards.map((w) => html`<option key=${w.id} value=${String(w.id)}>${w.name}</option>`)}
        </select>
      </label>
      <span class="muted nurse-counts">${t('ward.counts', { beds: beds.length, free })}</span>
      <span class="nurse-legend" aria-hidden="true">
        <span class="lg lg-free">${t('legend.free')}</span>
        <span class="lg lg-occupied">${t('legend.occupied')}</span>
        <span class="lg lg-reserved">${t('legend.reserved')}</span>
        <span class="lg lg-warning">${t('legend.warning')}</span>
      </span>
    <//>
    ${error ? html`<div class="form-error" role="alert">${error}</div>` : null}
    ${
      board
        ? html`<${BoardView} board=${board} wardName=${ward?.name ?? board.ward.name} flash=${flash}
            onChanged=${reload} />`
        : html`<p class="muted" role="status">${t('loading')}</p>`
    }
  </div>`;
}
