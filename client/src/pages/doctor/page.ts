// The doctor's workstation (门诊医生): the clinic's live queue (call next F2, recall F3,
// pass, start), walk-in visits without registration (F4), the doctor's open consultations,
// and the visit at hand (record, diagnoses, prescriptions, past visits).
import { useEffect, useRef, useState } from 'preact/hooks';
import { EV, QUEUE_EVENTS, type QueueTicketPayload } from '../../../../core/contract.js';
import { ApiError, get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { useKeydown, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { me } from '../../session.js';
import { joinRooms, linkState } from '../../socket.js';
import { PatientPicker } from '../patients/picker.js';
import { useCoalesced, useEvents, useSnapshot } from '../registration/live.js';
import { t } from './i18n.js';
import type { Dept, QueueEntry, QueueList, Visit } from './types.js';
import { VisitPane } from './visit.js';

const CLINIC_STORE = 'jiceng.doctor.clinic';

const gone = (e: { status: string }) => e.status === 'done' || e.status === 'cancelled';
/** The line's order (the server's): place in line, then number. */
const lineOrder = (a: QueueEntry, b: QueueEntry) => a.position - b.position || a.queueNo - b.queueNo;

/**
 * The clinic's open entries as the doctor sees them: the first page (open=true), then each pushed
 * change applied to the entry it names (no request); only entries the list has not seen yet are
 * fetched (ids above the highest shown). Reloads (resync) are coalesced.
 */
function useQueue(clinicId: number) {
  const snap = useSnapshot(() => get<QueueList>('/api/queue', { departmentId: clinicId, open: 'true' }));
  const current = useRef(snap.data);
  current.current = snap.data;
  const apply = (rows: QueueEntry[]) =>
    snap.setData((l) => {
      if (!l || !rows.length) return l;
      const byId = new Map(l.items.map((e) => [e.id, e]));
      for (const r of rows) {
        const had = byId.get(r.id);
        if (had && had.version > r.version) continue; // an older copy (a fetch that read before a pushed change)
        if (gone(r)) byId.delete(r.id);
        else byId.set(r.id, r);
      }
      return { ...l, items: [...byId.values()].sort(lineOrder) };
    });
  const fetchNew = useCoalesced(async () => {
    const l = current.current;
    if (!l) return snap.reload();
    const afterId = l.items.reduce((m, e) => Math.max(m, e.id), 0);
    const r = await get<QueueList>('/api/queue', { departmentId: clinicId, open: 'true', afterId, limit: 500 });
    if (r.day !== l.day || r.next !== null) return snap.reload();
    apply(r.items);
  });
  const more = async () => {
    const l = current.current;
    if (!l || l.next === null) return;
    const r = await get<QueueList>('/api/queue', { departmentId: clinicId, open: 'true', offset: l.next });
    snap.setData((x) => x && { ...mergeQueue(x, r.items), next: r.next });
  };
  const mergeQueue = (l: QueueList, rows: QueueEntry[]): QueueList => {
    const byId = new Map(l.items.map((e) => [e.id, e]));
    for (const r of rows) if (!gone(r)) byId.set(r.id, r);
    return { ...l, items: [...byId.values()].sort(lineOrder) };
  };
  /** A pushed change: the entry it names takes the new state; one the list lacks is fetched. */
  const onTicket = (p: Partial<QueueTicketPayload> & { entryId: number }) => {
    const l = current.current;
    const known = l?.items.find((e) => e.id === p.entryId);
    if (!known) {
      if (!p.status || !gone({ status: p.status })) fetchNew();
      return;
    }
    if (p.status === undefined || p.position === undefined) return fetchNew();
    apply([
      {
        ...known,
        status: p.status,
        callCount: p.callCount ?? known.callCount,
        room: p.room ?? null,
        position: p.position,
        doctorStaffId: p.doctorStaffId ?? null,
        doctorName: p.doctorName ?? null,
        calledByStaffId: p.calledByStaffId ?? null,
        calledByName: p.calledByName ?? null,
        version: p.version ?? known.version,
      },
    ]);
  };
  return { ...snap, apply, fetchNew, more, onTicket };
}

/** Who waits for whom (409 queue_empty details from 叫下一位). */
interface WaitingFor {
  doctorStaffId: number;
  doctorName: string;
  entries: Array<{ id: number; label: string; maskedName: string }>;
}

const fail = (e: unknown) => toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error', 6000);

export function DoctorPage() {
  const clinics = useResource(() => get<{ items: Dept[] }>('/api/departments', { kind: 'clinic', active: 'true' }), []);
  const [chosen, setChosen] = useState<number | null>(() => Number(sessionStorage.getItem(CLINIC_STORE)) || null);
  const list = clinics.data?.items ?? [];
  const valid = (id: number | null) => (id !== null && list.some((d) => d.id === id) ? id : null);
  const clinicId = valid(chosen) ?? valid(me.value?.departmentId ?? null) ?? list[0]?.id ?? null;
  if (!clinics.data) {
    return html`<${PageHead} title=${t('page.title')} />
      ${
        clinics.error
          ? html`<div class="form-error" role="alert">${clinics.error.message}</div>`
          : html`<p
        class="muted" role="status">${t('loading')}</p>`
      }`;
  }
  if (clinicId === null) return html`<${PageHead} title=${t('page.title')} /><p class="muted">${t('clinic.none')}</p>`;
  const choose = (id: number) => {
    setChosen(id);
    sessionStorage.setItem(CLINIC_STORE, String(id));
  };
  return html`<${Workstation} key=${clinicId} clinicId=${clinicId} clinics=${list} onChoose=${choose} />`;
}

function Workstation(props: { clinicId: number; clinics: Dept[]; onChoose: (id: number) => void }) {
  const clinicId = props.clinicId;
  const myStaff = me.value?.staffId ?? 0;
  const queue = useQueue(clinicId);
  const mine = useResource(() => get<{ items: Visit[] }>('/api/visits', { mine: 'open' }), []);
  const reloadMine = useCoalesced(async () => mine.reload());
  const [visitId, setVisitId] = useState<number | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [busy, setBusy] = useState(false);
  // 叫下一位 found nobody for this doctor: who waits for whom, each with 转我接诊.
  const [others, setOthers] = useState<{ message: string; waiting: WaitingFor[] } | null>(null);
  useEffect(() => joinRooms([`dept:${clinicId}`]), [clinicId]);
  // Back after a cut and caught up: the replayed changes were applied one by one, racing the
  // fetches of rows the list lacked; one coalesced reload makes the list the server's again.
  useEffect(
    () =>
      linkState.subscribe((s) => {
        if (s === 'recovered') queue.reload();
      }),
    [clinicId],
  );
  /**
   * A pushed queue change: applied to the list; my open consultations change when one of mine
   * starts or ends. An entry now waiting (new, or requeued after a pass) has no consultation open.
   */
  const ticket = (env: { payload: QueueTicketPayload }) => {
    const p = env.payload;
    queue.onTicket(p);
    if (p.status !== 'waiting' && (p.doctorStaffId === myStaff || p.calledByStaffId === myStaff)) reloadMine();
  };
  // registration:* are not needed: each registration's queue entry publishes its own change.
  useEvents(
    {
      [QUEUE_EVENTS.changed]: ticket,
      [QUEUE_EVENTS.ticketCalled]: ticket,
      [QUEUE_EVENTS.ticketRecalled]: ticket,
      [QUEUE_EVENTS.ticketPassed]: ticket,
      [EV.visitStarted]: reloadMine,
      [EV.visitFinished]: reloadMine,
    },
    () => {
      queue.reload();
      reloadMine();
    },
  );

  const entries = (queue.data?.items ?? []).filter((e) => !gone(e));
  /** An entry's status, who called it, and the doctor it waits for when that is someone else. */
  const statusText = (e: QueueEntry) => {
    const by = e.calledByName && e.status === 'called' ? ` · ${e.calledByName}` : '';
    const forOther =
      e.doctorStaffId !== null && e.doctorStaffId !== myStaff && (e.status === 'waiting' || e.status === 'passed');
    const other = forOther ? ` · ${t('queue.forDoctor', { name: e.doctorName ?? '' })}` : '';
    return t(('queue.status.' + e.status) as 'queue.status.waiting') + by + other;
  };
  const current = entries.find((e) => e.status === 'called' && e.calledByStaffId === myStaff) ?? null;

  /** A queue action: its answer (the entry after it) goes straight into the list; a refusal reloads it. */
  const act = async (fn: () => Promise<QueueEntry>) => {
    if (busy) return;
    setBusy(true);
    try {
      queue.apply([await fn()]);
    } catch (e) {
      fail(e);
      queue.reload();
    } finally {
      setBusy(false);
      reloadMine();
    }
  };
  const callNext = async () => {
    if (busy) return;
    setBusy(true);
    setOthers(null);
    try {
      const e = await post<QueueEntry>('/api/queue/call-next', { departmentId: clinicId });
      queue.apply([e]);
      toast(t('queue.calledToast', { label: e.label, name: e.patientName }));
    } catch (e) {
      queue.reload();
      const waiting =
        e instanceof ApiError && e.code === 'queue_empty'
          ? ((e.details?.waiting as WaitingFor[] | undefined) ?? [])
          : [];
      if (e instanceof ApiError && waiting.length) setOthers({ message: e.message, waiting });
      else fail(e);
    } finally {
      setBusy(false);
      reloadMine();
    }
  };
  const takeOver = (id: number) =>
    act(async () => {
      const e = await post<QueueEntry>(`/api/queue/${id}/take-over`);
      setOthers(null);
      toast(t('queue.takenToast', { label: e.label, name: e.patientName }));
      return e;
    });
  const recall = (e: QueueEntry | null) => e && act(() => post<QueueEntry>(`/api/queue/${e.id}/recall`));
  const start = (e: QueueEntry) =>
    act(async () => {
      const after = await post<QueueEntry>(`/api/queue/${e.id}/start`);
      setVisitId(e.visitId);
      return after;
    });

  useKeydown((ev) => {
    if (document.querySelector('dialog[open]')) return;
    if (ev.key === 'F2') {
      ev.preventDefault();
      void callNext();
    } else if (ev.key === 'F3') {
      ev.preventDefault();
      void recall(current);
    } else if (ev.key === 'F4') {
      ev.preventDefault();
      setWalkIn(true);
    }
  });

  const startWalkIn = async (patientId: number, name: string) => {
    try {
      const v = await post<Visit>(
        '/api/visits/walk-in',
        { patientId, departmentId: clinicId },
        { idempotencyKey: newKey() },
      );
      setWalkIn(false);
      setVisitId(v.id);
      toast(t('walkIn.started', { name }));
      mine.reload();
    } catch (e) {
      fail(e);
    }
  };

  return html`<div class="doctor">
    <${PageHead} title=${t('page.title')}>
      <label class="doctor-pick">
        <span>${t('clinic.label')}</span>
        <select name="clinicId" value=${String(clinicId)}
          onChange=${(e: Event) => props.onChoose(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${props.clinics.map((d) => html`<option key=${d.id} value=${String(d.id)}>${d.name}</option>`)}
        </select>
      </label>
      <button type="button" class="btn btn-primary" disabled=${busy} onClick=${callNext}>${t('queue.callNext')}</button>
      <button type="button" class="btn" disabled=${busy || !current}
        onClick=${() => recall(current)}>${t('queue.recall')}</button>
      <button type="button" class="btn" onClick=${() => setWalkIn(true)}>${t('walkIn.button')}</button>
    <//>
    <div class="doctor-layout">
      <aside class="doctor-side">
        <section class="panel" aria-labelledby="q-title">
          <h2 id="q-title">${t('queue.title')} <span class="muted">(${entries.length})</span></h2>
          ${queue.error ? html`<div class="form-error" role="alert">${queue.error.message}</div>` : null}
          ${entries.length === 0 ? html`<p class="muted">${t('queue.empty')}</p>` : null}
          ${
            others
              ? html`<div class="queue-others" role="alert" data-testid="queue-others">
                <p>${others.message}</p>
                <ul aria-label=${t('queue.others')}>
                  ${others.waiting.flatMap((g) =>
                    g.entries.map(
                      (x) => html`<li key=${x.id}>
                        <span class="q-label">${x.label}</span>${' '}
                          ${entries.find((q) => q.id === x.id)?.patientName ?? x.maskedName} <span
                            class="muted">${t('queue.forDoctor', { name: g.doctorName })}</span>
                        <button type="button" class="btn btn-small" disabled=${busy}
                          onClick=${() => takeOver(x.id)}>${t('queue.takeOver')}</button>
                      </li>`,
                    ),
                  )}
                </ul>
              </div>`
              : null
          }
          <ul class="queue-list" aria-label=${t('queue.title')}>
            ${entries.map(
              (e) => html`<li key=${e.id} class=${'queue-item q-' + e.status} data-entry=${e.id}>
                <span class="q-label">${e.label}</span>
                <span class="q-name">${e.patientName}</span>
                <span class="q-status">${statusText(e)}</span>
                <span class="q-actions">
                  ${
                    (e.status === 'waiting' || e.status === 'passed') &&
                    (e.doctorStaffId === null || e.doctorStaffId === myStaff)
                      ? html`<button type="button" class="btn btn-small" disabled=${busy}
                        onClick=${() => act(() => post<QueueEntry>(`/api/queue/${e.id}/call`))}>${t('queue.call')}
                          </button>`
                      : null
                  }
                  ${
                    (e.status === 'waiting' || e.status === 'passed') &&
                    e.doctorStaffId !== null &&
                    e.doctorStaffId !== myStaff
                      ? html`<button type="button" class="btn btn-small" disabled=${busy}
                        onClick=${() => takeOver(e.id)}>${t('queue.takeOver')}</button>`
                      : null
                  }
                  ${
                    e.status === 'called' && e.calledByStaffId === myStaff
                      ? html`<button type="button" class="btn btn-small btn-primary" disabled=${busy}
                        onClick=${() => start(e)}>${t('queue.start')}</button>
                        <button type="button" class="btn btn-small" disabled=${busy}
                          onClick=${() => act(() => post<QueueEntry>(`/api/queue/${e.id}/pass`))}>${t('queue.pass')}
                            </button>`
                      : null
                  }
                  ${
                    e.status === 'in_consultation' && e.doctorStaffId === myStaff
                      ? html`<button type="button" class="btn btn-small"
                        onClick=${() => setVisitId(e.visitId)}>${t('queue.start')}</button>`
                      : null
                  }
                </span>
              </li>`,
            )}
          </ul>
          ${
            queue.data?.next != null
              ? html`<button type="button" class="btn btn-small" data-testid="queue-more"
                  onClick=${() => void queue.more().catch(fail)}>${t('queue.more')}</button>`
              : null
          }
        </section>
        <section class="panel" aria-labelledby="mine-title">
          <h2 id="mine-title">${t('mine.title')}</h2>
          ${(mine.data?.items.length ?? 0) === 0 ? html`<p class="muted">${t('mine.empty')}</p>` : null}
          <ul class="mine-list">
            ${(mine.data?.items ?? []).map(
              (v) => html`<li key=${v.id}>
                <button type="button" class=${v.id === visitId ? 'mine-item mine-on' : 'mine-item'}
                  onClick=${() => setVisitId(v.id)}>
                  ${
                    v.queueLabel
                      ? html`<span class="q-label">${v.queueLabel}</span>`
                      : html`<span
                    class="q-label">${t('visit.walkIn')}</span>`
                  }
                  <span class="mine-name">${v.patientName}</span>
                  <span class="muted">${v.diagnoses.map((d) => d.name).join('、')}</span>
                </button>
              </li>`,
            )}
          </ul>
        </section>
      </aside>
      <section class="doctor-main" aria-live="polite">
        ${
          visitId === null
            ? html`<p class="muted visit-none">${t('visit.none')}</p>`
            : html`<${VisitPane}
              key=${visitId}
              visitId=${visitId}
              onFinished=${() => {
                setVisitId(null);
                reloadMine(); // the finished visit's queue entry leaves the list by its pushed change
              }}
            />`
        }
      </section>
    </div>
    ${
      walkIn
        ? html`<${Dialog} title=${t('walkIn.title')} wide=${true} onClose=${() => setWalkIn(false)}>
          <${PatientPicker} onPick=${(p: { id: number; name: string }) => void startWalkIn(p.id, p.name)} />
        <//>`
        : null
    }
  </div>`;
}
