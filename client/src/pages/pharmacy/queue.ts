// The live queue of paid prescriptions and the pick list of the selected one: the lots
// first-expiry-first-out will take, shown before the pharmacist confirms (Enter or F9).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { Badge } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { EV } from '../../../../core/contract.js';
import { onEvent, onResync } from '../../socket.js';
import { html } from '../../html.js';
import { PrintNotice } from '../printing/desk-print.js';
import { dosing, qtyText, timeText } from './format.js';
import { t } from './i18n.js';
import { PrepareButton, RefuseDialog, ReviewInfo, tr, twoPersonState } from './review.js';
import type { DispenseResult, PickView, Rx } from './types.js';

interface Done {
  patient: string;
  result: DispenseResult;
}

export function QueueTab(props: {
  pharmacyId: number;
  rxs: Rx[] | undefined;
  loading: boolean;
  fresh: Set<number>;
  twoPersonCheck?: boolean;
  onChanged: () => void;
}) {
  const rxs = props.rxs ?? [];
  const [selected, setSelected] = useState<number | null>(null);
  const [focusDetail, setFocusDetail] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  // A refused dispense whose prescription then left the queue (refunded, dispensed elsewhere):
  // its reason stays here, since the pick list that showed it is gone.
  const [failed, setFailed] = useState<{ orderId: number; patient: string; message: string } | null>(null);
  const current = rxs.find((r) => r.orderId === selected) ?? rxs[0] ?? null;
  const listRef = useRef<HTMLUListElement>(null);

  const pick = (id: number, focus: boolean) => {
    setFailed(null);
    setSelected(id);
    setFocusDetail(focus);
  };
  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const i = rxs.findIndex((r) => r.orderId === current?.orderId);
    const next = rxs[Math.max(0, Math.min(rxs.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    pick(next.orderId, false);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-order="${next.orderId}"]`)?.focus());
  };

  return html`<div class="rx-layout">
    <section class="rx-queue" aria-label=${t('queue.label')}>
      <h2>${t('queue.title')} <span class="muted small">${t('queue.count', { n: rxs.length })}</span></h2>
      ${
        done
          ? html`<div class="notice rx-done" role="status">
            ${t('done.text', { patient: done.patient })}
            <span class="mono">${t('done.jobs', {
              labels: done.result.printJobs.labels.map((j) => '#' + j).join(', '),
              slip: '#' + done.result.printJobs.slip,
            })}</span>
            <${PrintNotice} print=${done.result.print} />
          </div>`
          : null
      }
      ${
        failed && !rxs.some((r) => r.orderId === failed.orderId)
          ? html`<div class="form-error rx-failed" role="alert"><strong>${failed.patient}</strong> ${failed.message}
            </div>`
          : null
      }
      ${rxs.length === 0 && !props.loading ? html`<p class="muted rx-empty">${t('queue.empty')}</p>` : null}
      <ul class="rx-list" ref=${listRef} onKeyDown=${onListKey}>
        ${rxs.map(
          (r) => html`<li key=${r.orderId}>
            <button
              type="button"
              data-order=${r.orderId}
              class=${r.orderId === current?.orderId ? 'rx-item rx-item-on' : 'rx-item'}
              aria-pressed=${r.orderId === current?.orderId ? 'true' : 'false'}
              onClick=${() => pick(r.orderId, true)}
            >
              <span class="rx-name">${r.patient.name}</span>
              <span class="muted small">${r.patient.sex === 'M' ? t('sex.M') : t('sex.F')}${' '}
                ${t('age', { n: r.patient.age })} · ${r.patient.mrn}</span>
              <span class="small">${r.departmentName} · ${r.doctorName} · ${t('queue.lines', { n: r.lines.length })}
                </span>
              <span class="small muted">${t('queue.paidAt', { time: timeText(r.paidAt) })}${' '}
                ${props.fresh.has(r.orderId) ? html`<${Badge} kind="info">${t('queue.new')}<//>` : null}</span>
            </button>
          </li>`,
        )}
      </ul>
    </section>
    <section class="rx-detail" aria-label=${t('detail.label')}>
      ${
        current
          ? html`<${RxDetail}
            key=${current.orderId}
            rx=${current}
            pharmacyId=${props.pharmacyId}
            twoPersonCheck=${props.twoPersonCheck === true}
            onChanged=${props.onChanged}
            onRefused=${() => {
              setFailed(null);
              setSelected(null);
              props.onChanged();
            }}
            focus=${focusDetail}
            onDone=${(r: DispenseResult) => {
              setFailed(null);
              setDone({ patient: current.patient.name, result: r });
              toast(t('done.toast', { patient: current.patient.name }));
              setSelected(null);
              props.onChanged();
              requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>('.rx-item')?.focus());
            }}
            onFailed=${(e: ApiError) => {
              setFailed({ orderId: current.orderId, patient: current.patient.name, message: e.message });
              props.onChanged();
            }}
          />`
          : html`<p class="muted">${t('detail.none')}</p>`
      }
    </section>
  </div>`;
}

function RxDetail(props: {
  rx: Rx;
  pharmacyId: number;
  twoPersonCheck: boolean;
  focus: boolean;
  onDone: (r: DispenseResult) => void;
  onFailed: (e: ApiError) => void;
  onChanged: () => void;
  onRefused: () => void;
}) {
  const rx = props.rx;
  // One key per intent: this prescription at this screen; a retry after a lost answer reuses it.
  const [key] = useState(newKey);
  const pick = useResource(
    () => get<PickView>(`/api/pharmacy/orders/${rx.orderId}/pick`, { pharmacyId: props.pharmacyId }),
    [rx.orderId, props.pharmacyId],
  );
  // Re-plan only when the stock of a drug on this prescription changed (each plan is an audited read).
  useEffect(
    () =>
      onEvent(EV.stockChanged, (env) => {
        const p = env.payload;
        if (p.locationId === props.pharmacyId && rx.lines.some((l) => l.itemId === p.itemId)) pick.reload();
      }),
    [rx.orderId, props.pharmacyId],
  );
  useEffect(() => onResync(pick.reload), [rx.orderId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const btn = useRef<HTMLButtonElement>(null);
  const [refusing, setRefusing] = useState(false);
  // 配药/核对: with the setting on, dispensing (核对发药) needs a preparation by someone else.
  const two = twoPersonState(rx, props.twoPersonCheck);
  const ok = pick.data?.ok === true && (two === null || two === 'check');

  const dispense = async () => {
    if (busy || !ok) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<DispenseResult>(
        `/api/pharmacy/orders/${rx.orderId}/dispense`,
        { pharmacyId: props.pharmacyId },
        { idempotencyKey: key },
      );
      props.onDone(r);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'unexpected', t('error.unexpected'));
      setError(err);
      pick.reload();
      props.onFailed(err);
    } finally {
      setBusy(false);
    }
  };
  const dispenseRef = useRef(dispense);
  dispenseRef.current = dispense;

  useEffect(() => {
    if (props.focus && ok) btn.current?.focus();
  }, [props.focus, ok]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F9' || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      void dispenseRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const plan = new Map((pick.data?.lines ?? []).map((l) => [l.orderLineId, l]));
  return html`<div class="rx-card">
    <div class="rx-head">
      <h2>${rx.patient.name} <span class="muted small">${rx.patient.sex === 'M' ? t('sex.M') : t('sex.F')}${' '}
        ${t('age', { n: rx.patient.age })} · ${t('mrn')} ${rx.patient.mrn}</span></h2>
      <div class="small muted">${t('rx.no', { id: rx.orderId })} ·${' '}
        ${rx.kind === 'herbal' ? t('rx.herbal') : t('rx.western')} · ${rx.departmentName} ·${' '}
          ${rx.doctorName}${rx.herbalDoses ? ' · ' + t('rx.doses', { n: rx.herbalDoses }) : ''}</div>
    </div>
    <${ReviewInfo} rx=${rx} />
    <div class="table-scroll">
      <table class="data rx-lines" aria-label=${t('pick.label')}>
        <thead>
          <tr>
            <th>${t('col.drug')}</th>
            <th class="num">${t('col.qty')}</th>
            <th>${t('col.usage')}</th>
            <th>${t('col.lots')}</th>
            <th class="num">${t('col.available')}</th>
          </tr>
        </thead>
        <tbody>
          ${rx.lines.map((l) => {
            const p = plan.get(l.orderLineId);
            return html`<tr key=${l.orderLineId} class=${p && p.short > 0 ? 'row-short' : undefined}>
              <td><strong>${l.name}</strong><div class="small muted">${l.spec ?? ''}</div></td>
              <td class="num nowrap">${qtyText(l.quantity, l.unit, l.packUnit, l.packSize)}</td>
              <td>${dosing(l, (n) => t('days', { n }))}${
                l.note
                  ? html`<div class="small muted">${l.note}
                </div>`
                  : null
              }</td>
              <td>
                ${
                  p
                    ? p.short > 0
                      ? html`<${Badge} kind="warn">${t('pick.short', { n: p.short, unit: l.unit })}<//>`
                      : p.allocations.map(
                          (a) =>
                            html`<div key=${a.lotId} class="lot small"><span class="mono">${a.lotNo}</span> ·${' '}
                              ${t('pick.expiry', { date: a.expiryDate })} · <strong>${a.quantity}${l.unit}</strong>
                                </div>`,
                        )
                    : html`<span class="muted small">${t('loading')}</span>`
                }
              </td>
              <td class="num nowrap">${p ? `${p.available}${l.unit}` : ''}${
                p && p.expired
                  ? html`<div
                class="small warn-text">${t('pick.expired', { n: p.expired, unit: l.unit })}</div>`
                  : null
              }</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${pick.error ? html`<div class="form-error" role="alert">${pick.error.message}</div>` : null}
    ${
      pick.data && !pick.data.ok && pick.data.message
        ? html`<div class="form-error" role="alert">${pick.data.message}
      </div>`
        : null
    }
    ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
    ${
      two === 'prepare'
        ? html`<div class="notice" role="status" data-testid="prep-state">${tr('prep.needed')}
      </div>`
        : null
    }
    ${two === 'mine' ? html`<div class="notice" role="status" data-testid="prep-state">${tr('prep.mine')}</div>` : null}
    ${
      two === 'check' && rx.preparation
        ? html`<div class="notice" role="status"
      data-testid="prep-state">${tr('prep.by', { name: rx.preparation.by, time: timeText(rx.preparation.at) })}</div>`
        : null
    }
    <div class="actions">
      ${
        two === 'prepare'
          ? html`<${PrepareButton} rx=${rx} pharmacyId=${props.pharmacyId} onDone=${props.onChanged}
            onError=${(e: ApiError) => setError(e)} />`
          : html`<button type="button" ref=${btn} class="btn btn-primary btn-big" disabled=${busy || !ok}
            onClick=${() => void dispense()}>
            ${busy ? t('working') : two === 'check' ? tr('prep.check') : t('dispense.button')}
          </button>`
      }
      <button type="button" class="btn btn-danger" data-testid="refuse" disabled=${busy}
        onClick=${() => setRefusing(true)}>${tr('refuse.button')}</button>
      <span class="muted small">${t('dispense.hint')}</span>
    </div>
    ${
      refusing
        ? html`<${RefuseDialog}
          rx=${rx}
          pharmacyId=${props.pharmacyId}
          onClose=${() => setRefusing(false)}
          onDone=${() => {
            setRefusing(false);
            props.onRefused();
          }}
        />`
        : null
    }
  </div>`;
}
