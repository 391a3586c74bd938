// The doctor's workstation (门诊医生): the clinic's live queue (call next F2, recall F3,
// pass, start), walk-in visits without registration (F4), the doctor's open consultations,
// and the visit at hand (record, diagnoses, prescriptions, past visits).
import { useEffect, useState } from 'preact/hooks';
import { QUEUE_EVENTS } from '../../../../core/contract.js';
import { ApiError, get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { useKeydown, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { me } from '../../session.js';
import { joinRooms } from '../../socket.js';
import { PatientPicker } from '../patients/picker.js';
import { t } from './i18n.js';
import type { Dept, QueueEntry, Visit } from './types.js';
import { VisitPane } from './visit.js';

const CLINIC_STORE = 'jiceng.doctor.clinic';
const VISIT_EVENTS = ['visit:started', 'visit:finished'];
const Q_EVENTS = Object.values(QUEUE_EVENTS);

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
      ${clinics.error ? html`<div class="form-error" role="alert">${clinics.error.message}</div>` : html`<p class="muted" role="status">${t('loading')}</p>`}`;
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
  const queue = useResource(() => get<{ items: QueueEntry[] }>('/api/queue', { departmentId: clinicId }), [clinicId]);
  const mine = useResource(() => get<{ items: Visit[] }>('/api/visits', { mine: 'open' }), []);
  const [visitId, setVisitId] = useState<number | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [busy, setBusy] = useState(false);
  // 叫下一位 found nobody for this doctor: who waits for whom, each with 转我接诊.
  const [others, setOthers] = useState<{ message: string; waiting: WaitingFor[] } | null>(null);
  useEffect(() => joinRooms([`dept:${clinicId}`]), [clinicId]);
  useLive(Q_EVENTS, queue.reload);
  useLive([...VISIT_EVENTS, ...Q_EVENTS], mine.reload);

  const entries = (queue.data?.items ?? []).filter((e) => e.status !== 'done' && e.status !== 'cancelled');
  const current = entries.find((e) => e.status === 'called' && e.calledByStaffId === myStaff) ?? null;

  const act = async (fn: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      queue.reload();
      mine.reload();
    }
  };
  const callNext = async () => {
    if (busy) return;
    setBusy(true);
    setOthers(null);
    try {
      const e = await post<QueueEntry>('/api/queue/call-next', { departmentId: clinicId });
      toast(t('queue.calledToast', { label: e.label, name: e.patientName }));
    } catch (e) {
      const waiting =
        e instanceof ApiError && e.code === 'queue_empty'
          ? ((e.details?.waiting as WaitingFor[] | undefined) ?? [])
          : [];
      if (e instanceof ApiError && waiting.length) setOthers({ message: e.message, waiting });
      else fail(e);
    } finally {
      setBusy(false);
      queue.reload();
      mine.reload();
    }
  };
  const takeOver = (id: number) =>
    act(async () => {
      const e = await post<QueueEntry>(`/api/queue/${id}/take-over`);
      setOthers(null);
      toast(t('queue.takenToast', { label: e.label, name: e.patientName }));
    });
  const recall = (e: QueueEntry | null) => e && act(() => post(`/api/queue/${e.id}/recall`));
  const start = (e: QueueEntry) =>
    act(async () => {
      await post(`/api/queue/${e.id}/start`);
      setVisitId(e.visitId);
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
        <select name="clinicId" value=${String(clinicId)} onChange=${(e: Event) => props.onChoose(Number((e.currentTarget as HTMLSelectElement).value))}>
          ${props.clinics.map((d) => html`<option key=${d.id} value=${String(d.id)}>${d.name}</option>`)}
        </select>
      </label>
      <button type="button" class="btn btn-primary" disabled=${busy} onClick=${callNext}>${t('queue.callNext')}</button>
      <button type="button" class="btn" disabled=${busy || !current} onClick=${() => recall(current)}>${t('queue.recall')}</button>
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
                        <span class="q-label">${x.label}</span> ${entries.find((q) => q.id === x.id)?.patientName ?? x.maskedName} <span class="muted">${t('queue.forDoctor', { name: g.doctorName })}</span>
                        <button type="button" class="btn btn-small" disabled=${busy} onClick=${() => takeOver(x.id)}>${t('queue.takeOver')}</button>
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
                <span class="q-status">${t(('queue.status.' + e.status) as 'queue.status.waiting')}${e.calledByName && e.status === 'called' ? ` · ${e.calledByName}` : ''}${
                  e.doctorStaffId !== null &&
                  e.doctorStaffId !== myStaff &&
                  (e.status === 'waiting' || e.status === 'passed')
                    ? ` · ${t('queue.forDoctor', { name: e.doctorName ?? '' })}`
                    : ''
                }</span>
                <span class="q-actions">
                  ${
                    (e.status === 'waiting' || e.status === 'passed') &&
                    (e.doctorStaffId === null || e.doctorStaffId === myStaff)
                      ? html`<button type="button" class="btn btn-small" disabled=${busy} onClick=${() => act(() => post(`/api/queue/${e.id}/call`))}>${t('queue.call')}</button>`
                      : null
                  }
                  ${
                    (e.status === 'waiting' || e.status === 'passed') &&
                    e.doctorStaffId !== null &&
                    e.doctorStaffId !== myStaff
                      ? html`<button type="button" class="btn btn-small" disabled=${busy} onClick=${() => takeOver(e.id)}>${t('queue.takeOver')}</button>`
                      : null
                  }
                  ${
                    e.status === 'called' && e.calledByStaffId === myStaff
                      ? html`<button type="button" class="btn btn-small btn-primary" disabled=${busy} onClick=${() => start(e)}>${t('queue.start')}</button>
                        <button type="button" class="btn btn-small" disabled=${busy} onClick=${() => act(() => post(`/api/queue/${e.id}/pass`))}>${t('queue.pass')}</button>`
                      : null
                  }
                  ${
                    e.status === 'in_consultation' && e.doctorStaffId === myStaff
                      ? html`<button type="button" class="btn btn-small" onClick=${() => setVisitId(e.visitId)}>${t('queue.start')}</button>`
                      : null
                  }
                </span>
              </li>`,
            )}
          </ul>
        </section>
        <section class="panel" aria-labelledby="mine-title">
          <h2 id="mine-title">${t('mine.title')}</h2>
          ${(mine.data?.items.length ?? 0) === 0 ? html`<p class="muted">${t('mine.empty')}</p>` : null}
          <ul class="mine-list">
            ${(mine.data?.items ?? []).map(
              (v) => html`<li key=${v.id}>
                <button type="button" class=${v.id === visitId ? 'mine-item mine-on' : 'mine-item'} onClick=${() => setVisitId(v.id)}>
                  ${v.queueLabel ? html`<span class="q-label">${v.queueLabel}</span>` : html`<span class="q-label">${t('visit.walkIn')}</span>`}
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
                mine.reload();
                queue.reload();
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
