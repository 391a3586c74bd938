// The charge panel (划价收费): find the patient or pick one waiting to pay; their signed,
// unpaid orders appear live as doctors sign them; choose payer and payment; charge.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { onEvent } from '../../socket.js';
import { toast } from '../../components/toast.js';
import { PatientPicker, type PatientSummary } from '../patients/picker.js';
import { CardReadWatcher } from '../devices/card.js';
import { PrintNotice } from '../printing/desk-print.js';
import { dateTimeText, formatYuan, keyFor, parseYuan, qtyText, timeText } from './format.js';
import { methodName, RefundDialog } from './bills.js';
import { can } from '../../session.js';
import { t } from './i18n.js';
import { UnusualDialog, unusualOf, type UnusualWarning } from './unusual.js';
import { InsuranceSettle } from './insurance.js';
import type { SettleResult } from '../../../../server/modules/insurance-settlement/schema.js';
import {
  LIVE,
  type BillSummary,
  type Book,
  type ChargeResult,
  type PayMethod,
  type Payer,
  type Unpaid,
  type Waiting,
} from './types.js';

const METHODS: PayMethod[] = ['cash', 'bank_card', 'wechat', 'alipay'];
const METHOD_KEYS: Record<string, PayMethod> = { F7: 'cash', F8: 'bank_card', F9: 'wechat', F10: 'alipay' };

function WaitingList(props: { selectedId: number | null; onPick: (id: number) => void; epoch: number }) {
  const r = useResource(() => get<{ items: Waiting[] }>('/api/billing/waiting'), [props.epoch]);
  useLive([LIVE.orderSigned, LIVE.orderCancelled, LIVE.billPaid, LIVE.billRefunded], r.reload);
  const items = r.data?.items ?? [];
  return html`<section class="cs-waiting" aria-label=${t('waiting.label')}>
    <h2>${t('waiting.title')} <span class="muted small">${items.length || ''}</span></h2>
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    <ul class="cs-waiting-list">
      ${items.map(
        (w) => html`<li key=${w.patientId}>
          <button type="button" class=${'cs-waiting-item' + (w.patientId === props.selectedId ? ' cs-on' : '')}
            data-patient-id=${w.patientId} onClick=${() => props.onPick(w.patientId)}>
            <span><strong>${w.name}</strong> <span class="muted small mono">${w.mrn}</span></span>
            <span class="num">${formatYuan(w.totalFen)} <span
              class="muted small">${t('waiting.orders', { n: w.orderCount })}</span></span>
          </button>
        </li>`,
      )}
      ${!items.length && !r.loading ? html`<li class="muted small">${t('waiting.empty')}</li>` : null}
    </ul>
  </section>`;
}

function MyBook() {
  const r = useResource(() => get<{ items: Book[] }>('/api/billing/invoice-books', { status: 'active' }), []);
  useLive([LIVE.billPaid], r.reload);
  if (!r.data) return null;
  const mine = r.data.items.filter((b) => b.status === 'active').sort((a, b) => a.id - b.id);
  const book = mine[0];
  if (!book) return html`<div class="cs-book cs-book-none" role="alert">${t('book.none')}</div>`;
  const left = mine.reduce((s, b) => s + b.remaining, 0);
  return html`<div class=${'cs-book' + (left <= 10 ? ' cs-book-low' : '')}>
    ${t('book.next', { no: book.next ?? '', n: book.remaining })}${
      left <= 10 ? html` · <strong>${t('book.low', { n: left })}</strong>` : null
    }
  </div>`;
}

export function ChargePanel(props: { active: boolean; epoch: number }) {
  const [patientId, setPatientId] = useState<number | null>(null);
  const [result, setResult] = useState<(ChargeResult & { name: string }) | null>(null);
  return html`<div class="cs-columns">
    <aside class="cs-left">
      <${CardReadWatcher}
        onPick=${(p: PatientSummary) => {
          setResult(null);
          setPatientId(p.id);
        }}
      />
      <${PatientPicker}
        autoFocus=${props.active}
        showRecent=${false}
        selectedId=${patientId}
        onPick=${(p: PatientSummary) => {
          setResult(null);
          setPatientId(p.id);
        }}
      />
      <${WaitingList}
        epoch=${props.epoch}
        selectedId=${patientId}
        onPick=${(id: number) => {
          setResult(null);
          setPatientId(id);
        }}
      />
    </aside>
    <section class="cs-main">
      <${MyBook} />
      ${result ? html`<${Done} result=${result} />` : null}
      ${
        patientId === null
          ? result
            ? null
            : html`<p class="muted cs-empty">${t('patient.none')}</p>`
          : html`<${PatientBill} key=${patientId} patientId=${patientId} epoch=${props.epoch}
            onPaid=${(r: ChargeResult & { name: string }) => setResult(r)} />`
      }
    </section>
  </div>`;
}

function Done(props: { result: ChargeResult & { name: string } }) {
  const r = props.result;
  return html`<section class="cs-done" role="status" aria-live="polite">
    <h2>${t('done.title')}</h2>
    <div class="cs-done-grid">
      <div><div class="muted">${t('done.invoice')}</div><div class="cs-big mono"
        data-testid="invoice-no">${r.invoiceNo ?? '—'}</div></div>
      ${
        r.insuranceFundFen
          ? html`<div><div class="muted">${t('done.fund')}</div><div class="cs-big num"
            data-testid="fund">${formatYuan(r.insuranceFundFen)}</div></div>`
          : null
      }
      <div><div class="muted">${t('done.total')}</div><div class="cs-big num">${formatYuan(r.patientPayFen)}</div></div>
      <div><div class="muted">${t('done.change')}</div><div class="cs-big cs-change num"
        data-testid="change">${formatYuan(r.changeFen)}</div></div>
    </div>
    <${PrintNotice} print=${r.print} />
    <p class="muted small">${t('done.print', { id: r.printJobId })} · ${t('done.next')}</p>
  </section>`;
}

function PatientBill(props: {
  patientId: number;
  epoch: number;
  onPaid: (r: ChargeResult & { name: string }) => void;
}) {
  const id = props.patientId;
  const r = useResource(() => get<Unpaid>(`/api/billing/patients/${id}/unpaid`), [id, props.epoch]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const known = useRef<Set<number> | null>(null);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [payer, setPayer] = useState<Payer>('cash');
  const [method, setMethod] = useState<PayMethod>('cash');
  const [tendered, setTendered] = useState('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [unusual, setUnusual] = useState<UnusualWarning | null>(null);
  const keyState = useRef<{ body: string; key: string } | null>(null);
  const tenderedRef = useRef<HTMLInputElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);

  // Live: a doctor signs or cancels an order of this patient; another cashier charges them.
  useEffect(() => {
    const offs = [LIVE.orderSigned, LIVE.orderCancelled, LIVE.billPaid, LIVE.billRefunded].map((n) =>
      onEvent(n, (env) => env.payload.patientId === id && r.reload()),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [id]);
  useLive([], r.reload); // a resync after a long disconnect reloads

  // New orders are selected as they arrive; orders that left (paid, cancelled) are dropped.
  useEffect(() => {
    if (!r.data) return;
    const ids = r.data.orders.filter((o) => !o.expired).map((o) => o.orderId);
    if (known.current === null) {
      known.current = new Set(ids);
      setSelected(new Set(ids));
      setPayer(r.data.payer);
      // The next keystroke is the cash tendered (or Enter for the exact amount).
      if (ids.length) focusPayField();
      return;
    }
    const added = ids.filter((x) => !known.current!.has(x));
    known.current = new Set(ids);
    setSelected((s) => new Set([...ids.filter((x) => s.has(x)), ...added]));
    if (added.length) setFresh((f) => new Set([...f, ...added]));
  }, [r.data]);

  const data = r.data;
  const orders = data?.orders ?? [];
  const chosen = orders.filter((o) => selected.has(o.orderId) && !o.expired);
  const dueFen = chosen.reduce((s, o) => s + o.totalFen, 0);
  const tenderedFen = tendered.trim() === '' ? null : parseYuan(tendered);
  const changeFen = method === 'cash' && tenderedFen !== null && tenderedFen >= dueFen ? tenderedFen - dueFen : 0;
  const tenderedBad = method === 'cash' && tendered.trim() !== '' && (tenderedFen === null || tenderedFen < 0);
  const tenderedShort = method === 'cash' && tenderedFen !== null && tenderedFen >= 0 && tenderedFen < dueFen;

  const focusPayField = (m: PayMethod = method) =>
    setTimeout(() => (m === 'cash' ? tenderedRef.current : referenceRef.current)?.focus(), 0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const m = METHOD_KEYS[e.key];
      if (m) {
        e.preventDefault();
        setMethod(m);
        focusPayField(m);
      } else if (e.key === 'F6') {
        e.preventDefault();
        setPayer((p) => (p === 'cash' ? 'insured' : 'cash'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const charge = async (e?: Event, confirmed = false) => {
    e?.preventDefault();
    if (busy || !data || payer === 'insured') return;
    if (!chosen.length) {
      setError(new ApiError(422, 'invalid', t('charge.nothing'), 'orderIds'));
      return;
    }
    if (tenderedBad) {
      setError(new ApiError(422, 'invalid', t('tendered.bad'), 'payments.0.tenderedFen'));
      return;
    }
    const payment: Record<string, unknown> = { method, amountFen: dueFen };
    if (method === 'cash' && tenderedFen !== null) payment.tenderedFen = tenderedFen;
    if (method !== 'cash') payment.reference = reference.trim();
    // 异常金额: the cashier confirms first (the server refuses it unconfirmed anyway).
    const warning = confirmed ? null : unusualOf(data, chosen, dueFen);
    if (warning) {
      setUnusual(warning);
      return;
    }
    setUnusual(null);
    const body = {
      patientId: id,
      orderIds: chosen.map((o) => o.orderId),
      payer,
      payments: dueFen > 0 ? [payment] : [],
      ...(confirmed ? { confirmUnusual: true } : {}),
    };
    keyState.current = keyFor(keyState.current, body, newKey);
    setBusy(true);
    setError(null);
    try {
      const res = await post<ChargeResult>('/api/billing/charges', body, { idempotencyKey: keyState.current.key });
      keyState.current = null;
      toast(t('done.toast', { name: data.patient.name, v: formatYuan(res.patientPayFen), no: res.invoiceNo ?? '—' }));
      props.onPaid({ ...res, name: data.patient.name });
      setTendered('');
      setReference('');
      r.reload();
      (document.querySelector('input[name="patientQuery"]') as HTMLInputElement | null)?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unusual_amount') {
        setUnusual({ items: [err.message] });
      } else if (err instanceof ApiError) {
        setError(err);
        if (err.code === 'already_paid' || err.code === 'order_cancelled' || err.status === 404) r.reload();
      } else setError(new ApiError(0, 'unexpected', String(err)));
    } finally {
      setBusy(false);
    }
  };

  if (!data) {
    return r.error
      ? html`<div class="form-error" role="alert">${r.error.message}</div>`
      : html`<p class="muted" role="status">${t('loading')}</p>`;
  }
  const p = data.patient;
  const fieldErr = (f: string) =>
    error && error.field && (error.field === f || error.field.startsWith(f + '.')) ? error.message : null;
  const generalErr =
    error && !['payments.0.tenderedFen', 'payments.0.reference'].includes(error.field ?? '') ? error.message : null;
  const gridClass = 'cs-bill-grid' + (orders.length ? ' cs-has-pay' : '') + (payer === 'insured' ? ' cs-insured' : '');
  return html`<div class=${gridClass} data-patient-id=${p.id}>
    <div class="cs-bill">
    <div class="cs-patient">
      <h2>${p.name} <span class="muted">${t(('sex.' + p.sex) as 'sex.M')}</span></h2>
      <span class="muted mono">${t('patient.mrn', { mrn: p.mrn })}</span>
      ${p.insuranceNo ? html`<span class="muted mono">${t('patient.insurance', { no: p.insuranceNo })}</span>` : null}
    </div>
    <h3>${t('unpaid.title')}</h3>
    ${orders.length === 0 && generalErr ? html`<div class="form-error" role="alert">${generalErr}</div>` : null}
    ${orders.length === 0 ? html`<p class="muted cs-empty" data-testid="no-unpaid">${t('unpaid.empty')}</p>` : null}
    ${orders.map(
      (o) => html`<div key=${o.orderId} class=${'cs-order' + (selected.has(o.orderId) ? '' : ' cs-off')}
        data-order-id=${o.orderId}>
        <label class="cs-order-head">
          <input
            type="checkbox"
            name=${'order-' + o.orderId}
            aria-label=${t('unpaid.select')}
            checked=${selected.has(o.orderId)}
            disabled=${o.expired}
            onChange=${(e: Event) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              setSelected((s) => {
                const n = new Set(s);
                if (on) n.add(o.orderId);
                else n.delete(o.orderId);
                return n;
              });
            }}
          />
          <strong>${t(('unpaid.kind.' + o.kind) as 'unpaid.kind.western')}</strong>
          ${fresh.has(o.orderId) ? html`<span class="badge badge-info">${t('unpaid.new')}</span>` : null}
          ${
            o.expired
              ? html`<span class="badge badge-warn">${t('unpaid.expired', { day: o.validUntil ?? '' })}</span>`
              : null
          }
          <span
            class="muted small">${t('unpaid.order', {
              dept: o.departmentName,
              doctor: o.doctorName,
              time: timeText(o.signedAt),
            })}</span>
          <span class="num cs-order-total">${formatYuan(o.totalFen)}</span>
        </label>
        <table class="data cs-lines">
          <thead><tr><th>${t('col.item')}</th><th>${t('col.spec')}</th><th class="num">${t('col.qty')}</th><th
            class="num">${t('col.price')}</th><th
              class="num">${t('col.amount')}</th><th>${t('col.category')}</th></tr></thead>
          <tbody>
            ${o.lines.map(
              (l) => html`<tr key=${l.orderLineId}>
                <td>${l.name}</td>
                <td class="muted small">${l.spec ?? ''}</td>
                <td class="num">${qtyText(l.quantity, l.unit, l.packUnit, l.packSize)}</td>
                <td class="num">${formatYuan(l.unitPriceFen)}/${l.packSize > 1 ? l.packUnit : l.unit}</td>
                <td class="num">${formatYuan(l.amountFen)}</td>
                <td class="small">${categoryLabel(data, l.chargeCategory)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    )}
    <${PatientBills} patientId=${id} epoch=${props.epoch} />
    </div>
    ${
      orders.length
        ? html`<form class="cs-pay" onSubmit=${charge}>
          <div class="cs-cats" aria-label=${t('cats.title')}>
            ${categoryTotals(chosen).map(
              (c) => html`<span key=${c.code} class="cs-cat"><span
              class="muted">${categoryLabel(data, c.code)}</span> <span
                class="num">${formatYuan(c.amountFen)}</span></span>`,
            )}
          </div>
          <div class="cs-due"><span>${t(payer === 'insured' ? 'total.fees' : 'total.due')}</span>
            <strong class="cs-big num" data-testid="due">${formatYuan(dueFen)}</strong></div>
          <fieldset class="cs-seg">
            <legend>${t('payer.label')}</legend>
            ${(['cash', 'insured'] as Payer[]).map(
              (x) =>
                html`<label key=${x} class=${'cs-seg-item' + (payer === x ? ' cs-on' : '')}><input type="radio"
                  name="payer" value=${x} checked=${payer === x}
                    onChange=${() => setPayer(x)} /> ${t(('payer.' + x) as 'payer.cash')}</label>`,
            )}
          </fieldset>
          ${
            payer === 'insured'
              ? html`<${InsuranceSettle}
                patientId=${id}
                orderIds=${chosen.map((o) => o.orderId)}
                onSelfPay=${() => setPayer('cash')}
                onPaid=${(res: SettleResult) => {
                  props.onPaid({
                    billId: res.billId,
                    invoiceNo: res.invoiceNo,
                    totalFen: res.totalFen,
                    insuranceFundFen: res.split.fundFen,
                    patientPayFen: res.cashFen,
                    changeFen: res.changeFen,
                    printJobId: res.printJobId ?? 0,
                    print: res.print ?? undefined,
                    orderIds: chosen.map((o) => o.orderId),
                    shiftId: 0,
                    name: data.patient.name,
                  } as ChargeResult & { name: string });
                  r.reload();
                }}
              />`
              : null
          }
          ${
            payer === 'insured'
              ? null
              : html`          <fieldset class="cs-seg">
            <legend>${t('method.label')}</legend>
            ${METHODS.map(
              (m) =>
                html`<label key=${m} class=${'cs-seg-item' + (method === m ? ' cs-on' : '')}><input type="radio"
                  name="method" value=${m} checked=${method === m} onChange=${() => {
                    setMethod(m);
                    focusPayField(m);
                  }} /> ${t(('method.' + m) as 'method.cash')}</label>`,
            )}
          </fieldset>
          ${
            method === 'cash'
              ? html`<div class="cs-cash">
                <label class="field">
                  <span class="field-label">${t('tendered.label')}</span>
                  <input ref=${tenderedRef} name="payments.0.tenderedFen" class="cs-tendered num" inputmode="decimal"
                    autocomplete="off" value=${tendered} placeholder=${t('tendered.hint')}
                      onInput=${(e: Event) => setTendered((e.currentTarget as HTMLInputElement).value)} />
                  ${
                    tenderedBad
                      ? html`<span class="field-msg" role="alert">${t('tendered.bad')}</span>`
                      : tenderedShort
                        ? html`<span class="field-msg" role="alert">${t('tendered.short')}</span>`
                        : fieldErr('payments.0.tenderedFen')
                          ? html`<span class="field-msg"
                        role="alert">${fieldErr('payments.0.tenderedFen')}</span>`
                          : null
                  }
                </label>
                <div class="cs-change-box"><span class="muted">${t('change.label')}</span> <strong
                  class="cs-big cs-change num" data-testid="change-live">${formatYuan(changeFen)}</strong></div>
              </div>`
              : html`<label class="field">
                <span class="field-label">${t('reference.label')}</span>
                <input ref=${referenceRef} name="payments.0.reference" autocomplete="off" maxlength="64"
                  value=${reference} placeholder=${t('reference.hint')}
                    onInput=${(e: Event) => setReference((e.currentTarget as HTMLInputElement).value)} />
                ${
                  fieldErr('payments.0.reference')
                    ? html`<span class="field-msg"
                  role="alert">${fieldErr('payments.0.reference')}</span>`
                    : null
                }
              </label>`
          }
          ${generalErr ? html`<div class="form-error" role="alert">${generalErr}</div>` : null}
          <div class="actions">
            <button type="submit" class="btn btn-primary cs-charge"
              disabled=${busy || !chosen.length || tenderedShort}>${busy ? t('working') : t('charge.button')}</button>
          </div>`
          }
        </form>`
        : null
    }
    ${
      unusual
        ? html`<${UnusualDialog} warning=${unusual} busy=${busy} onConfirm=${() => void charge(undefined, true)}
      onClose=${() => setUnusual(null)} />`
        : null
    }
  </div>`;
}

function categoryTotals(orders: Unpaid['orders']): { code: string; amountFen: number }[] {
  const m = new Map<string, number>();
  for (const o of orders)
    for (const l of o.lines) m.set(l.chargeCategory, (m.get(l.chargeCategory) ?? 0) + l.amountFen);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, amountFen]) => ({ code, amountFen }));
}

function categoryLabel(data: Unpaid, code: string): string {
  const c = data.categories.find((x) => x.code === code);
  return c ? (lang.value === 'en' ? c.nameEn : c.name) : code;
}

/** The patient's recent bills, so a refund (e.g. after the pharmacy took drugs back) is one click away. */
function PatientBills(props: { patientId: number; epoch: number }) {
  const id = props.patientId;
  const r = useResource(
    () => get<{ items: BillSummary[] }>('/api/billing/bills', { patientId: id, limit: 20 }),
    [id, props.epoch],
  );
  const [refunding, setRefunding] = useState<number | null>(null);
  useEffect(() => {
    const offs = [LIVE.billPaid, LIVE.billRefunded, LIVE.dispenseCompleted, LIVE.dispenseReturned].map((n) =>
      onEvent(n, (env) => env.payload.patientId === id && r.reload()),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [id]);
  const items = (r.data?.items ?? []).filter((b) => b.kind === 'charge');
  if (!items.length) return null;
  return html`<section class="cs-history" aria-label=${t('history.title')}>
    <h3>${t('history.title')}</h3>
    <table class="data">
      <thead><tr><th>${t('col.time')}</th><th>${t('col.invoice')}</th><th
        class="num">${t('col.total')}</th><th>${t('col.methods')}</th><th
          class="num">${t('col.refunded')}</th><th>${t('col.actions')}</th></tr></thead>
      <tbody>
        ${items.map(
          (b) => html`<tr key=${b.id}>
            <td class="mono">${dateTimeText(b.at)}</td>
            <td class="mono">${b.invoiceNo ?? '—'}</td>
            <td class="num">${formatYuan(b.totalFen)}</td>
            <td>${b.payments.map((p) => methodName(p.method)).join('、')}</td>
            <td class="num">${b.refundedFen ? formatYuan(b.refundedFen) : ''}</td>
            <td>${
              can('billing.refund') && b.refundedFen < b.totalFen
                ? html`<button type="button" class="btn btn-small"
              data-bill-id=${b.id} onClick=${() => setRefunding(b.id)}>${t('refund.button')}</button>`
                : null
            }</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${
      refunding !== null
        ? html`<${RefundDialog}
          billId=${refunding}
          onClose=${() => setRefunding(null)}
          onDone=${() => {
            setRefunding(null);
            r.reload();
          }}
        />`
        : null
    }
  </section>`;
}
