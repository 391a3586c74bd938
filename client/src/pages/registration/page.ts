// The registration desk (挂号台): find the patient, pick the clinic and doctor from today's
// roster (queue lengths shown live), payer and payment, Enter to register; the queue ticket
// is shown on screen (and printed); today's registrations below, with 退号. Live through
// the `registration` room.
import { useEffect, useRef, useState } from 'preact/hooks';
import { QUEUE_EVENTS, type QueueTicketPayload } from '../../../../core/contract.js';
import { ApiError, get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { Link, navigate } from '../../router.js';
import { can, canAny } from '../../session.js';
import { PatientPicker, type PatientSummary } from '../patients/picker.js';
import { CardReadWatcher } from '../devices/card.js';
import { PrintNotice } from '../printing/desk-print.js';
import { InsurancePanel, type InsuranceLookup } from './insurance.js';
import { t as ti } from './insurance.i18n.js';
import { t, type RegKey } from './i18n.js';
import { useCoalesced, useEvents, useSnapshot } from './live.js';
import {
  fenOf,
  yuan,
  type Clinic,
  type PayMethod,
  type Registration,
  type RegistrationCreated,
  type RegistrationList,
} from './types.js';
import { timeText } from '../../time.js';

const METHODS: PayMethod[] = ['cash', 'bank_card', 'wechat', 'alipay'];

interface Form {
  departmentId: number | null;
  doctorStaffId: number | null;
  payer: 'cash' | 'insured';
  waiveFee: boolean;
  method: PayMethod;
  tendered: string;
  reference: string;
}

const EMPTY: Form = {
  departmentId: null,
  doctorStaffId: null,
  payer: 'cash',
  waiveFee: false,
  method: 'cash',
  tendered: '',
  reference: '',
};

export function RegistrationPage() {
  const desk = can('registration.register');
  useEffect(() => {
    if (!desk) navigate('/registration/setup', { replace: true });
  }, [desk]);
  return desk ? html`<${Desk} />` : null;
}

const newestFirst = (a: Registration, b: Registration) => b.id - a.id;

/**
 * Today's registrations as the desk shows them: the first page, then pushed changes applied to
 * it (a queue status, a cancellation) without a request; only registrations made elsewhere are
 * fetched (those newer than the newest shown). Reloads (resync, a new day) are coalesced.
 */
function useToday() {
  const snap = useSnapshot(() => get<RegistrationList>('/api/registrations'));
  const { data: list, setData: setList, reload } = snap;
  const current = useRef(list);
  current.current = list;
  const upsert = (rows: Registration[]) =>
    setList((l) => {
      if (!l || !rows.length) return l;
      const byId = new Map(l.items.map((r) => [r.id, r]));
      for (const r of rows) byId.set(r.id, r);
      return { ...l, items: [...byId.values()].sort(newestFirst) };
    });
  const fetchNew = useCoalesced(async () => {
    const l = current.current;
    if (!l) return reload();
    const after = l.items.reduce((m, r) => Math.max(m, r.id), 0);
    const r = await get<RegistrationList>('/api/registrations', { after, limit: 500 });
    if (r.day !== l.day || r.next !== null) return reload();
    upsert(r.items);
  });
  const patch = (match: (r: Registration) => boolean, change: Partial<Registration>) =>
    setList((l) => l && { ...l, items: l.items.map((r) => (match(r) ? { ...r, ...change } : r)) });
  const more = async () => {
    const l = current.current;
    if (!l || l.next === null) return;
    try {
      const r = await get<RegistrationList>('/api/registrations', { day: l.day, before: l.next });
      setList(
        (x) =>
          x && {
            ...x,
            items: [...x.items, ...r.items.filter((i) => !x.items.some((o) => o.id === i.id))],
            next: r.next,
          },
      );
    } catch (e) {
      snap.setError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)));
    }
  };
  return { data: list, error: snap.error, loading: snap.loading, reload, fetchNew, upsert, patch, more };
}

/**
 * The clinics with their queue lengths: loaded once; each queue change carries its clinic's
 * count (`waiting`, after the change), which is applied in place — no reload per change. Counts
 * pushed while a reload is in flight are applied over its answer (a later change's own push
 * comes after them, so the list ends as the server's). A change of another day reloads.
 */
function useClinics() {
  const pushed = useRef(new Map<number, number>());
  const snap = useSnapshot(async () => {
    pushed.current.clear();
    const list = await get<Clinic[]>('/api/clinics');
    const counts = pushed.current;
    return counts.size ? list.map((c) => ({ ...c, waiting: counts.get(c.departmentId) ?? c.waiting })) : list;
  });
  const current = useRef(snap.data);
  current.current = snap.data;
  const onQueue = (p: QueueTicketPayload) => {
    const list = current.current;
    if (list?.length && list[0]!.day !== p.day) return snap.reload();
    pushed.current.set(p.departmentId, p.waiting);
    snap.setData((l) => l?.map((c) => (c.departmentId === p.departmentId ? { ...c, waiting: p.waiting } : c)));
  };
  return { ...snap, onQueue };
}

function Desk() {
  const clinics = useClinics();
  const today = useToday();
  const reloadClinics = clinics.reload;
  // A change is applied in place: the entry's status to the day's list, its clinic's count to the clinics.
  const queueChanged = (env: { payload: QueueTicketPayload }) => {
    const p = env.payload;
    if (p.status) today.patch((r) => r.queueEntryId === p.entryId, { queueStatus: p.status });
    clinics.onQueue(p);
  };
  // registration:created/cancelled change a count only through their queue entry's own change.
  useEvents(
    {
      [QUEUE_EVENTS.registrationCreated]: (env) => {
        if (!today.data?.items.some((r) => r.id === env.payload.registrationId)) today.fetchNew();
      },
      [QUEUE_EVENTS.registrationCancelled]: (env) => {
        const p = env.payload;
        today.patch((r) => r.id === p.registrationId, { status: 'cancelled', cancelledAt: p.cancelledAt ?? null });
      },
      [QUEUE_EVENTS.changed]: queueChanged,
      [QUEUE_EVENTS.ticketCalled]: queueChanged,
      [QUEUE_EVENTS.ticketPassed]: queueChanged,
      [QUEUE_EVENTS.clinicChanged]: reloadClinics,
      [QUEUE_EVENTS.rosterChanged]: reloadClinics,
    },
    () => {
      reloadClinics();
      today.reload();
    },
  );
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RegistrationCreated | null>(null);
  const [cancelling, setCancelling] = useState<Registration | null>(null);
  // The insured person and insutype chosen for this patient (POST /api/insurance/person/choose).
  const [insured, setInsured] = useState<InsuranceLookup | null>(null);
  // One idempotency key per intent: kept while the request stays the same (a retry), new otherwise.
  const intent = useRef<{ key: string; body: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const list = (clinics.data ?? []).filter((c) => c.configured);
  const clinic = list.find((c) => c.departmentId === form.departmentId) ?? null;
  const feeFen = clinic && !form.waiveFee ? clinic.registrationFeeFen : 0;
  const tenderedFen = form.tendered.trim() === '' ? feeFen : fenOf(form.tendered);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const reset = () => {
    setDone(null);
    setPatient(null);
    setForm(EMPTY);
    setError(null);
    setInsured(null);
    intent.current = null;
  };

  const focusClinics = () =>
    requestAnimationFrame(() =>
      formRef.current
        ?.querySelector<HTMLInputElement>('input[name="departmentId"]:checked, input[name="departmentId"]')
        ?.focus(),
    );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && done && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        reset();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [done]);

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy || !patient || !clinic) return;
    const body: Record<string, unknown> = {
      patientId: patient.id,
      departmentId: clinic.departmentId,
      payer: form.payer,
      feeFen,
    };
    if (form.doctorStaffId !== null) body.doctorStaffId = form.doctorStaffId;
    // An insured visit carries the desk's 1101 look-up of this patient (the server checks it).
    if (form.payer === 'insured' && insured && insured.patientId === patient.id)
      body.insuranceLookupId = insured.lookupId;
    if (form.waiveFee) body.waiveFee = true;
    if (feeFen > 0) {
      if (form.method === 'cash') {
        if (tenderedFen === null) {
          setError(new ApiError(422, 'invalid', t('tendered.bad'), 'payment.tenderedFen'));
          return;
        }
        body.payment = { method: 'cash', tenderedFen };
      } else {
        body.payment = { method: form.method, ...(form.reference.trim() ? { reference: form.reference.trim() } : {}) };
      }
    }
    const json = JSON.stringify(body);
    if (!intent.current || intent.current.body !== json) intent.current = { key: newKey(), body: json };
    setBusy(true);
    setError(null);
    try {
      const r = await post<RegistrationCreated>('/api/registrations', body, { idempotencyKey: intent.current.key });
      intent.current = null;
      setDone(r);
      today.upsert([r.registration]); // the clinic's count comes with the new entry's pushed change
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        if (err.status !== 0) intent.current = null; // a definite answer: the next try is a new intent
        if (err.code === 'fee_changed') clinics.reload(); // show the new fee beside the message
      } else throw err;
    } finally {
      setBusy(false);
    }
  };

  const onFormKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement;
    if (e.key === 'Enter' && el.tagName !== 'BUTTON' && el.tagName !== 'TEXTAREA') {
      e.preventDefault();
      void submit();
    }
  };

  const fieldErr = (name: string) =>
    error && error.field && (error.field === name || error.field.startsWith(name + '.')) ? error.message : null;
  const otherErr =
    error &&
    !['patientId', 'departmentId', 'doctorStaffId', 'payer', 'payment', 'insuranceLookupId'].some(
      (f) => error.field === f || error.field?.startsWith(f + '.'),
    )
      ? error.message
      : null;

  return html`<div class="page reg-page">
    <${PageHead} title=${t('page.title')}>
      ${
        canAny('roster.manage', 'display.manage', 'admin.departments')
          ? html`<${Link} href="/registration/setup"
        class="btn">${t('nav.setup')}<//>`
          : null
      }
    <//>
    <div class="reg-grid">
      <section class="reg-col" aria-labelledby="reg-patient">
        <h2 id="reg-patient">${t('patient.title')}</h2>
        <${CardReadWatcher}
          onPick=${(p: PatientSummary) => {
            if (done) reset();
            setPatient(p);
            setError(null);
            focusClinics();
          }}
        />
        ${
          patient
            ? html`<div class="reg-patient card" data-patient-id=${patient.id}>
              <div class="reg-patient-name">${patient.name} <span
                class="muted">${t(('sex.' + patient.sex) as RegKey)} ${t('age', { n: patient.age })}</span></div>
              <div class="small muted mono">${t('patient.mrn', { mrn: patient.mrn })}</div>
              ${
                patient.allergies.length
                  ? html`<div
                class="badge badge-warn">${t('allergy', { list: patient.allergies.join('、') })}</div>`
                  : null
              }
              ${
                done
                  ? null
                  : html`<button type="button" class="btn btn-small"
                onClick=${() => setPatient(null)}>${t('patient.change')}</button>`
              }
            </div>`
            : html`<${PatientPicker}
              onPick=${(p: PatientSummary) => {
                setPatient(p);
                setError(null);
                focusClinics();
              }}
            />
            <p class="small muted">${t('patient.none')}</p>`
        }
        ${fieldErr('patientId') ? html`<div class="form-error" role="alert">${fieldErr('patientId')}</div>` : null}
        ${
          can('insurance.lookup') && !done
            ? html`<${InsurancePanel}
              patient=${patient}
              chosen=${insured}
              onPatient=${(p: PatientSummary) => {
                setPatient(p);
                setError(null);
              }}
              onChosen=${(l: InsuranceLookup | null) => {
                setInsured(l);
                if (l) set('payer', 'insured');
              }}
            />`
            : null
        }
      </section>

      ${
        done
          ? html`<${TicketView} created=${done} onNext=${reset} />`
          : html`<form ref=${formRef} class="reg-form" onSubmit=${submit} onKeyDown=${onFormKey} novalidate>
            <section class="reg-col" aria-labelledby="reg-clinic">
              <h2 id="reg-clinic">${t('clinic.title')}</h2>
              ${clinics.loading && !clinics.data ? html`<p class="muted">${t('loading')}</p>` : null}
              ${clinics.data && list.length === 0 ? html`<p class="muted">${t('clinic.none')}</p>` : null}
              <fieldset class="reg-clinics">
                <legend class="sr-only">${t('clinic.title')}</legend>
                ${list.map(
                  (c) => html`<label key=${c.departmentId}
                    class=${'reg-clinic' + (c.departmentId === form.departmentId ? ' reg-chosen' : '')}>
                    <input
                      type="radio"
                      name="departmentId"
                      value=${c.departmentId}
                      checked=${c.departmentId === form.departmentId}
                      onChange=${() => setForm((f) => ({ ...f, departmentId: c.departmentId, doctorStaffId: null }))}
                    />
                    <span class="reg-clinic-name">${c.name}</span>
                    <span class="reg-clinic-meta">
                      <span class="reg-waiting" data-waiting=${c.waiting}>${t('clinic.waiting', { n: c.waiting })}
                        </span>
                      <span>${feeText(c.registrationFeeFen)}</span>
                    </span>
                  </label>`,
                )}
              </fieldset>
              ${
                fieldErr('departmentId')
                  ? html`<div class="form-error" role="alert">${fieldErr('departmentId')}
                </div>`
                  : null
              }
              ${
                clinic
                  ? html`<fieldset class="reg-doctors">
                    <legend>${t('col.doctor')}</legend>
                    <label class="reg-doctor"><input type="radio" name="doctorStaffId"
                      checked=${form.doctorStaffId === null} onChange=${() => set('doctorStaffId', null)} />${' '}
                        ${t('doctor.any')}</label>
                    ${clinic.doctorsToday.map(
                      (d) => html`<label key=${d.staffId + d.session} class="reg-doctor">
                        <input type="radio" name="doctorStaffId" value=${d.staffId}
                          checked=${form.doctorStaffId === d.staffId}
                            onChange=${() => set('doctorStaffId', d.staffId)} />
                        ${d.name} <span
                          class="muted small">${t(('session.' + d.session) as RegKey)}${d.room ? ' · ' + d.room : ''}
                            </span>
                      </label>`,
                    )}
                    ${
                      clinic.doctorsToday.length === 0
                        ? html`<span class="muted small">${t('doctor.noneToday')}
                      </span>`
                        : null
                    }
                  </fieldset>`
                  : null
              }
              ${
                fieldErr('doctorStaffId')
                  ? html`<div class="form-error" role="alert">${fieldErr('doctorStaffId')}
                </div>`
                  : null
              }
            </section>

            <section class="reg-col" aria-labelledby="reg-pay">
              <h2 id="reg-pay">${t('pay.title')}</h2>
              <fieldset class="reg-inline">
                <legend>${t('payer')}</legend>
                ${(['cash', 'insured'] as const).map(
                  (p) =>
                    html`<label><input type="radio" name="payer" value=${p} checked=${form.payer === p}
                      onChange=${() => set('payer', p)} /> ${t(('payer.' + p) as RegKey)}</label>`,
                )}
              </fieldset>
              ${
                form.payer === 'insured' && can('insurance.lookup') && (!insured || insured.patientId !== patient?.id)
                  ? html`<div class="small muted" role="status" data-testid="reg-insurance-needed">${ti('needLookup')}
                    </div>`
                  : null
              }
              ${
                fieldErr('insuranceLookupId')
                  ? html`<div class="form-error" role="alert">${fieldErr('insuranceLookupId')}</div>`
                  : null
              }
              <label class="check"><input type="checkbox" name="waiveFee" checked=${form.waiveFee}
                onChange=${(e: Event) => set('waiveFee', (e.currentTarget as HTMLInputElement).checked)} />${' '}
                  ${t('waive')}</label>
              <div class="reg-due">${t('fee')} <strong data-fee=${feeFen}>${t('yuan', { v: yuan(feeFen) })}</strong>
                </div>
              ${
                feeFen > 0
                  ? html`<fieldset class="reg-inline">
                      <legend>${t('method')}</legend>
                      ${METHODS.map(
                        (m) =>
                          html`<label><input type="radio" name="method" value=${m} checked=${form.method === m}
                            onChange=${() => set('method', m)} /> ${t(('method.' + m) as RegKey)}</label>`,
                      )}
                    </fieldset>
                    ${
                      form.method === 'cash'
                        ? html`<div class=${'field' + (fieldErr('payment.tenderedFen') ? ' field-invalid' : '')}>
                          <label for="reg-tendered">${t('tendered')}</label>
                          <input id="reg-tendered" name="payment.tenderedFen" inputmode="decimal" autocomplete="off"
                            value=${form.tendered} placeholder=${yuan(feeFen)}
                              onInput=${(e: Event) => set('tendered', (e.currentTarget as HTMLInputElement).value)} />
                          ${
                            tenderedFen !== null && tenderedFen >= feeFen
                              ? html`<div class="hint"
                            data-change=${tenderedFen - feeFen}>${t('change', { v: yuan(tenderedFen - feeFen) })}</div>`
                              : null
                          }
                          ${
                            fieldErr('payment.tenderedFen')
                              ? html`<div class="field-error"
                            role="alert">${fieldErr('payment.tenderedFen')}</div>`
                              : null
                          }
                        </div>`
                        : html`<div class=${'field' + (fieldErr('payment.reference') ? ' field-invalid' : '')}>
                          <label for="reg-reference">${t('reference')}</label>
                          <input id="reg-reference" name="payment.reference" autocomplete="off" maxlength="64"
                            value=${form.reference} placeholder=${t('reference.hint')}
                              onInput=${(e: Event) => set('reference', (e.currentTarget as HTMLInputElement).value)} />
                          ${
                            fieldErr('payment.reference')
                              ? html`<div class="field-error"
                            role="alert">${fieldErr('payment.reference')}</div>`
                              : null
                          }
                        </div>`
                    }`
                  : null
              }
              ${
                fieldErr('payment') && !fieldErr('payment.tenderedFen') && !fieldErr('payment.reference')
                  ? html`<div
                class="form-error" role="alert">${fieldErr('payment')}</div>`
                  : null
              }
              ${otherErr ? html`<div class="form-error" role="alert">${otherErr}</div>` : null}
              <button type="submit" class="btn btn-primary btn-big reg-submit"
                disabled=${busy || !patient || !clinic || !can('registration.register')}>
                ${busy ? t('working') : patient && clinic ? t('submit') : t('submit.choose')}
              </button>
            </section>
          </form>`
      }
    </div>

    <${TodayList}
      data=${today.data}
      loading=${today.loading}
      error=${today.error}
      onCancel=${setCancelling}
      onMore=${() => void today.more()}
    />
    ${
      cancelling
        ? html`<${CancelDialog}
          registration=${cancelling}
          onClose=${() => setCancelling(null)}
          onDone=${(r: Registration) => {
            setCancelling(null);
            today.upsert([r]);
          }}
        />`
        : null
    }
  </div>`;
}

/** A clinic's registration fee, or "free". */
const feeText = (fen: number) => (fen > 0 ? t('clinic.fee', { fee: yuan(fen) }) : t('clinic.free'));

function TicketView(props: { created: RegistrationCreated; onNext: () => void }) {
  const tk = props.created.ticket;
  const change = tk.changeFen > 0 ? ' · ' + t('ticket.change', { v: yuan(tk.changeFen) }) : '';
  const invoiceNo = props.created.invoiceNo;
  const invoice = invoiceNo ? t('ticket.invoice', { no: invoiceNo }) : t('ticket.noInvoice');
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), []);
  return html`<section class="reg-ticket card" aria-live="polite" aria-labelledby="reg-ticket-title">
    <h2 id="reg-ticket-title">${t('ticket.title')}</h2>
    <div class="reg-ticket-label" data-label=${tk.number}>${tk.number}</div>
    <dl class="reg-ticket-facts">
      <dt>${t('ticket.clinic')}</dt><dd>${tk.clinic}</dd>
      ${tk.room ? html`<dt>${t('ticket.room')}</dt><dd>${tk.room}</dd>` : null}
      ${tk.doctor ? html`<dt>${t('ticket.doctor')}</dt><dd>${tk.doctor}</dd>` : null}
    </dl>
    <p>${t('ticket.ahead', { n: tk.ahead })}</p>
    ${tk.feeFen > 0 ? html`<p>${t('ticket.fee', { fee: yuan(tk.feeFen) })}${change}</p>` : null}
    ${tk.feeFen > 0 ? html`<p class="small" data-testid="reg-invoice">${invoice}</p>` : null}
    <${PrintNotice} print=${props.created.print} />
    <button ref=${next} type="button" class="btn btn-primary btn-big" onClick=${props.onNext}>${t('ticket.next')}
      </button>
  </section>`;
}

function TodayList(props: {
  data: RegistrationList | undefined;
  loading: boolean;
  error: ApiError | null;
  onCancel: (r: Registration) => void;
  onMore: () => void;
}) {
  const mayCancel = can('registration.cancel');
  const statusOf = (r: Registration) => (r.status === 'cancelled' ? 'cancelled' : (r.queueStatus ?? 'waiting'));
  const columns: Column<Registration>[] = [
    { label: t('col.label'), render: (r) => html`<strong class="mono">${r.queueLabel}</strong>` },
    { label: t('col.patient'), render: (r) => r.patientName },
    { label: t('col.clinic'), render: (r) => r.departmentName },
    { label: t('col.doctor'), render: (r) => r.doctorName ?? '' },
    { label: t('col.payer'), render: (r) => t(('payer.' + r.payer) as RegKey) },
    { label: t('col.fee'), render: (r) => yuan(r.feeFen), class: 'num' },
    {
      label: t('col.status'),
      render: (r) => {
        const s = statusOf(r);
        const kind = s === 'cancelled' ? 'off' : s === 'waiting' ? 'info' : s === 'passed' ? 'warn' : 'ok';
        return html`<${Badge} kind=${kind}>${t(('status.' + s) as RegKey)}<//>`;
      },
    },
    { label: t('col.time'), render: (r) => timeText(r.createdAt), class: 'mono' },
    {
      label: t('col.actions'),
      class: 'actions-col',
      render: (r) =>
        mayCancel && r.status === 'active' && (r.queueStatus === 'waiting' || r.queueStatus === 'passed')
          ? html`<button type="button" class="btn btn-small" onClick=${() => props.onCancel(r)}>${t('cancel.action')}
            </button>`
          : null,
    },
  ];
  const items = props.data?.items;
  const more = props.data?.next != null;
  const count = items ? t(more ? 'list.countMore' : 'list.count', { n: items.length }) : '';
  return html`<section class="reg-today" aria-labelledby="reg-today-title">
    <h2 id="reg-today-title">${t('list.title')} <span class="muted small">${count}</span></h2>
    <${DataTable} label=${t('list.title')} columns=${columns} rows=${items} rowKey=${(r: Registration) => r.id}
      loading=${props.loading && !items} error=${props.error} empty=${t('list.empty')} />
    ${
      more
        ? html`<button type="button" class="btn" data-testid="reg-more" onClick=${props.onMore}>
            ${t('list.more')}
          </button>`
        : null
    }
  </section>`;
}

function CancelDialog(props: { registration: Registration; onClose: () => void; onDone: (r: Registration) => void }) {
  const r = props.registration;
  const key = useRef(newKey());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refundText = r.feeFen > 0 && r.billId !== null ? t('cancel.refund', { fee: yuan(r.feeFen) }) : '';
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ registration: Registration; refundFen: number }>(
        `/api/registrations/${r.id}/cancel`,
        reason.trim() ? { reason: reason.trim() } : {},
        { idempotencyKey: key.current },
      );
      toast(
        t('cancel.done', { refund: res.refundFen > 0 ? t('cancel.doneRefund', { fee: yuan(res.refundFen) }) : '' }),
      );
      props.onDone(res.registration);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.status !== 0) key.current = newKey();
    } finally {
      setBusy(false);
    }
  };
  const confirmText = t('cancel.text', {
    name: r.patientName,
    label: r.queueLabel,
    clinic: r.departmentName,
    refund: refundText,
  });
  return html`<${Dialog} title=${t('cancel.title')} onClose=${props.onClose}>
    <p class="confirm-text">${confirmText}</p>
    <div class="field">
      <label for="reg-cancel-reason">${t('cancel.reason')}</label>
      <input id="reg-cancel-reason" name="reason" maxlength="200" value=${reason}
        onInput=${(e: Event) => setReason((e.currentTarget as HTMLInputElement).value)}
          onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && ((e.preventDefault(), void confirm()))} />
    </div>
    ${error ? html`<div class="form-error" role="alert">${error}</div>` : null}
    <div class="actions">
      <button type="button" class="btn btn-danger" disabled=${busy}
        onClick=${() => void confirm()}>${busy ? t('working') : t('cancel.confirm')}</button>
      <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
    </div>
  <//>`;
}
