// The visit at hand: the patient header (allergies prominent), the record with diagnoses,
// the visit's orders (sign, cancel, print), the prescription editor and past visits.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post, put } from '../../api.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useKeydown, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { fitPop } from '../../components/fit-pop.js';
import { pick } from '../../i18n/index.js';
import type { PrintOutcome } from '../printing/desk-print.js';
import { t } from './i18n.js';
import { RefusalNote, RewriteButton, refusedBadge } from './refusal.js';
import { RestrictedDrugs } from './restricted.js';
import { RxEditor } from './rx.js';
import { yuan, type Diagnosis, type Order, type Visit } from './types.js';
import { EV } from '../../../../core/contract.js';

const orderBadge = (status: string) => 'badge ' + (status === 'draft' ? 'badge-warn' : 'badge-ok');
const fail = (e: unknown) => toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error', 6000);

/** The record as on the screen (PUT /api/visits/:id/record's body). */
export interface RecordBody {
  chiefComplaint: string;
  history: string;
  examination: string;
  notes: string;
  diagnoses: Array<{ code: string }>;
  version: number;
}
/** What the record form holds that is not saved yet (null when nothing changed). */
export type UnsavedRecord = () => RecordBody | null;

export function VisitPane(props: { visitId: number; onFinished: () => void }) {
  const v = useResource(() => get<Visit>(`/api/visits/${props.visitId}`), [props.visitId]);
  const [editing, setEditing] = useState<Order | null>(null);
  const [round, setRound] = useState(0);
  // Signing saves what is on the screen: the record form hands its unsaved content to the signers.
  const unsaved = useRef<UnsavedRecord | null>(null);
  const record: UnsavedRecord = () => unsaved.current?.() ?? null;
  useLive(
    [EV.orderSigned, EV.orderCancelled, EV.orderRefused, EV.billPaid, EV.billRefunded, EV.dispenseCompleted],
    v.reload,
  );
  if (!v.data)
    return v.error
      ? html`<div class="form-error" role="alert">${v.error.message}</div>`
      : html`<p class="muted">${t('loading')}</p>`;
  const visit = v.data;
  const open = visit.status === 'in_consultation';
  const p = visit.patient!;
  return html`<div class="visit" data-visit=${visit.id}>
    <header class="patient-head">
      <div class="patient-id">
        <strong class="patient-name">${p.name}</strong>
        <span>${t(('patient.sex.' + p.sex) as 'patient.sex.M')}</span>
        <span>${t('patient.age', { n: p.age })}</span>
        <span class="muted">${t('patient.mrn')} ${p.mrn}</span>
        ${
          visit.queueLabel
            ? html`<span class="q-label">${visit.queueLabel}</span>`
            : html`<span
          class="q-label">${t('visit.walkIn')}</span>`
        }
        ${open ? null : html`<span class="badge badge-off">${t('visit.finished')}</span>`}
      </div>
      <div class=${p.allergies.length ? 'allergy allergy-on' : 'allergy'}
        role=${p.allergies.length ? 'alert' : undefined} data-testid="allergies">
        ${
          p.allergies.length
            ? html`<strong>${t('patient.allergies')}:</strong>${' '}
          ${p.allergies.join('、')}`
            : t('patient.noAllergies')
        }
        ${p.chronic.length ? html` · ${t('patient.chronic')}:${p.chronic.join('、')}` : null}
      </div>
    </header>
    <${RecordForm} visit=${visit} onSaved=${v.reload} bind=${unsaved} />
    <${OrdersList} visit=${visit} onChanged=${v.reload} onEdit=${setEditing} record=${record} />
    <${RestrictedDrugs} visitId=${visit.id} epoch=${visit.orders.length} />
    ${
      open
        ? html`<${RxEditor}
          key=${editing ? `edit-${editing.id}-${round}` : `new-${round}`}
          visit=${visit}
          draft=${editing}
          record=${record}
          onDone=${() => {
            setEditing(null);
            setRound((n) => n + 1);
            v.reload();
          }}
        />`
        : null
    }
    ${open ? html`<${FinishButton} visit=${visit} onFinished=${props.onFinished} />` : null}
    <${History} patientId=${visit.patientId} currentId=${visit.id} />
  </div>`;
}

function RecordForm(props: { visit: Visit; onSaved: () => void; bind: { current: UnsavedRecord | null } }) {
  const v = props.visit;
  const [values, setValues] = useState({
    chiefComplaint: v.chiefComplaint ?? '',
    history: v.history ?? '',
    examination: v.examination ?? '',
    notes: v.notes ?? '',
  });
  const [diagnoses, setDiagnoses] = useState<Diagnosis[]>(v.diagnoses);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const open = v.status === 'in_consultation';
  const saved = {
    chiefComplaint: v.chiefComplaint ?? '',
    history: v.history ?? '',
    examination: v.examination ?? '',
    notes: v.notes ?? '',
  };
  const changed =
    (Object.keys(values) as Array<keyof typeof values>).some((k) => values[k] !== saved[k]) ||
    diagnoses.map((d) => d.code).join('|') !== v.diagnoses.map((d) => d.code).join('|');
  props.bind.current = () =>
    open && changed ? { ...values, diagnoses: diagnoses.map((d) => ({ code: d.code })), version: v.version } : null;
  const save = async () => {
    if (busy || !open) return;
    setBusy(true);
    setError(null);
    try {
      await put(`/api/visits/${v.id}/record`, {
        ...values,
        diagnoses: diagnoses.map((d) => ({ code: d.code })),
        version: v.version,
      });
      toast(t('record.saved'));
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e);
        if (e.code === 'stale_version') props.onSaved();
      } else fail(e);
    } finally {
      setBusy(false);
    }
  };
  useKeydown((e) => {
    if (e.key === 'F6' && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      void save();
    }
  });
  const field = (name: keyof typeof values, label: string, rows: number) =>
    html`<label class="field">
      <span class="field-label">${label}</span>
      <textarea name=${name} rows=${rows} disabled=${!open} value=${values[name]}
        onInput=${(e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLTextAreaElement).value })}>
          </textarea>
    </label>`;
  return html`<section class="panel record" aria-labelledby="record-title">
    <h2 id="record-title">${t('record.title')}</h2>
    <div class="record-grid">
      ${field('chiefComplaint', t('record.chiefComplaint'), 2)} ${field('history', t('record.history'), 2)}${' '}
        ${field('examination', t('record.examination'), 2)}
      ${field('notes', t('record.notes'), 2)}
    </div>
    <div class="diagnoses">
      <span class="field-label">${t('record.diagnoses')}</span>
      <ul class="chips" aria-label=${t('record.diagnoses')}>
        ${diagnoses.length === 0 ? html`<li class="muted">${t('record.noDiagnosis')}</li>` : null}
        ${diagnoses.map(
          (d) => html`<li key=${d.code} class="chip">
            <span class="mono">${d.code}</span> ${d.name}
            ${
              open
                ? html`<button type="button" class="chip-x"
              aria-label=${t('record.removeDiagnosis', { name: d.name })}
                onClick=${() => setDiagnoses(diagnoses.filter((x) => x.code !== d.code))}>×</button>`
                : null
            }
          </li>`,
        )}
      </ul>
      ${
        open
          ? html`<${DiagnosisSearch}
        onPick=${(d: Diagnosis) => !diagnoses.some((x) => x.code === d.code) && setDiagnoses([...diagnoses, d])} />`
          : null
      }
    </div>
    ${
      error
        ? html`<div class="form-error" role="alert">${error.code === 'stale_version' ? t('stale') : error.message}
      </div>`
        : null
    }
    ${
      open
        ? html`<div class="form-actions"><button type="button" class="btn btn-primary" disabled=${busy}
      onClick=${save}>${busy ? t('working') : t('record.save')}</button></div>`
        : null
    }
  </section>`;
}

function DiagnosisSearch(props: { onPick: (d: Diagnosis) => void }) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 200);
  const [active, setActive] = useState(0);
  const r = useResource(
    () =>
      dq.trim() ? get<{ items: Diagnosis[] }>('/api/diagnoses', { q: dq.trim() }) : Promise.resolve({ items: [] }),
    [dq],
  );
  const items = r.data?.items ?? [];
  useEffect(() => setActive(0), [r.data]);
  const pick = (d: Diagnosis | undefined) => {
    if (!d) return;
    props.onPick(d);
    setQ('');
  };
  return html`<div class="search-pop">
    <input
      type="search"
      name="diagnosisSearch"
      aria-label=${t('record.diagnosisSearch')}
      placeholder=${t('record.diagnosisSearch')}
      value=${q}
      autocomplete="off"
      onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)}
      onKeyDown=${(e: KeyboardEvent) => {
        if (e.key === 'ArrowDown') setActive(Math.min(active + 1, items.length - 1));
        else if (e.key === 'ArrowUp') setActive(Math.max(active - 1, 0));
        else if (e.key === 'Enter') {
          e.preventDefault();
          pick(items[active]);
        } else return;
        e.preventDefault();
      }}
    />
    ${
      q.trim() && items.length
        ? html`<ul class="pop" ref=${fitPop} role="listbox" aria-label=${t('record.diagnoses')}>
          ${items.slice(0, 10).map(
            (d, i) =>
              html`<li key=${d.code} role="option" aria-selected=${i === active ? 'true' : 'false'}
                class=${i === active ? 'pop-on' : ''} onMouseDown=${(e: Event) => {
                  e.preventDefault();
                  pick(d);
                }}><span class="mono">${d.code}</span> ${d.name}</li>`,
          )}
        </ul>`
        : null
    }
  </div>`;
}

function OrdersList(props: { visit: Visit; onChanged: () => void; onEdit: (o: Order) => void; record: UnsavedRecord }) {
  const v = props.visit;
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      props.onChanged();
    }
  };
  // A refused prescription stays in sight (with the pharmacist's reason) even once refunded.
  const orders = v.orders.filter((o) => o.status !== 'cancelled' || o.refusal);
  return html`<section class="panel" aria-labelledby="orders-title">
    <h2 id="orders-title">${t('orders.title')}</h2>
    ${orders.length === 0 ? html`<p class="muted">${t('orders.none')}</p>` : null}
    ${orders.map(
      (o) => html`<article key=${o.id} class="order-card" data-order=${o.id} data-status=${o.status}>
        <header>
          <strong>${t(('orders.kind.' + o.kind) as 'orders.kind.western')} #${o.id}</strong>
          <span class=${orderBadge(o.status)}>${t(('orders.status.' + o.status) as 'orders.status.draft')}</span>
          ${refusedBadge(o)}
          ${o.herbalDoses ? html`<span>${t('orders.doses', { n: o.herbalDoses })}</span>` : null}
          <span class="num">${t('orders.total', { yuan: yuan(o.totalFen) })}</span>
          <span class="order-actions">
            ${
              o.status === 'draft' && v.status === 'in_consultation'
                ? html`<button type="button" class="btn btn-small"
                  onClick=${() => props.onEdit(o)}>${t('orders.edit')}</button>
                  <button type="button" class="btn btn-small btn-primary" disabled=${busy} onClick=${() =>
                    act(async () => {
                      // The record on the screen (a picked diagnosis) is saved with the signature.
                      const record = props.record();
                      await post(
                        `/api/visits/${v.id}/sign-order`,
                        { ...(record ? { record } : {}), orderId: o.id, version: o.version },
                        { idempotencyKey: newKey() },
                      );
                      toast(t('orders.signed'));
                    })}>${t('orders.sign')}</button>`
                : null
            }
            ${
              o.refusal && v.status === 'in_consultation'
                ? html`<${RewriteButton} order=${o} visitId=${v.id} onDraft=${(d: Order) => {
                    props.onChanged();
                    props.onEdit(d);
                  }} onError=${fail} />`
                : null
            }
            ${
              (o.status === 'signed' || o.status === 'paid' || o.status === 'dispensed') && !o.refusal
                ? html`<button type="button" class="btn btn-small" disabled=${busy} onClick=${() =>
                    act(async () => {
                      const r = await post<{ printJobId: number; print?: PrintOutcome }>(`/api/orders/${o.id}/print`);
                      // No label printer here: say so (and where to set it) instead of "sent".
                      if (r.print && r.print.outcome !== 'queued' && r.print.message)
                        toast(pick(r.print.message), 'error');
                      else toast(t('orders.printed', { id: r.printJobId }));
                    })}>${t('orders.print')}</button>`
                : null
            }
            ${
              o.status === 'draft' || o.status === 'signed'
                ? html`<button type="button" class="btn btn-small btn-danger" disabled=${busy} onClick=${() =>
                    act(async () => {
                      await post(`/api/orders/${o.id}/cancel`, {}, { idempotencyKey: newKey() });
                      toast(t('orders.cancelled'));
                    })}>${t('orders.cancel')}</button>`
                : null
            }
          </span>
        </header>
        <${RefusalNote} order=${o} />
        <ol class="order-lines">
          ${o.lines.map(
            (l) => html`<li key=${l.id}>
              ${l.name} <span class="muted">${l.spec ?? ''}</span>
              ${l.dose ? html` ${l.dose}${l.doseUnit ?? ''}` : null} ${l.frequency ?? ''} ${l.route ?? ''}${' '}
                ${l.days ? `×${l.days}` : ''}
              <strong> ${l.quantity}${l.unit}</strong>
            </li>`,
          )}
        </ol>
      </article>`,
    )}
  </section>`;
}

function FinishButton(props: { visit: Visit; onFinished: () => void }) {
  const [busy, setBusy] = useState(false);
  const ref = useRef(props);
  ref.current = props;
  const finish = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await post(`/api/visits/${ref.current.visit.id}/finish`, {});
      toast(t('finish.done'));
      ref.current.onFinished();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  useKeydown((e) => {
    if (e.key === 'F10' && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      void finish();
    }
  });
  return html`<div class="finish-bar"><button type="button" class="btn" disabled=${busy}
    onClick=${finish}>${t('finish.button')}</button></div>`;
}

function History(props: { patientId: number; currentId: number }) {
  const r = useResource(
    () => get<{ items: Visit[] }>('/api/visits', { patientId: props.patientId, limit: 20 }),
    [props.patientId],
  );
  const items = (r.data?.items ?? []).filter((v) => v.id !== props.currentId);
  return html`<section class="panel" aria-labelledby="history-title">
    <h2 id="history-title">${t('history.title')}</h2>
    ${r.data && items.length === 0 ? html`<p class="muted">${t('history.empty')}</p>` : null}
    <ul class="history">
      ${items.map(
        (v) => html`<li key=${v.id}>
          <strong>${v.day}</strong> ${v.departmentName} ${v.doctorName ?? ''}
          <span> ${v.diagnoses.map((d) => d.name).join('、')}</span>
          <span class="muted"> ${t('history.orders', { n: v.orders.filter((o) => o.status !== 'cancelled').length })}:
            ${v.orders
              .filter((o) => o.status !== 'cancelled')
              .flatMap((o) => o.lines.map((l) => `${l.name}×${l.quantity}${l.unit}`))
              .join(',')}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}
