// Today's bills with refunds (退费): a refund is a reversing bill for what was not dispensed
// or was taken back by the pharmacy; the dialog shows what each line allows.
import { useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { DataTable, SearchBox } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { pick } from '../../i18n/index.js';
import type { PrintOutcome } from '../printing/desk-print.js';
import { can } from '../../session.js';
import { formatYuan, keyFor, timeText } from './format.js';
import { t } from './i18n.js';
import { BillDialog } from './invoice.js';
import type { BillDetail, BillSummary, InvoicePrintResult, PayMethod } from './types.js';

const METHODS: PayMethod[] = ['cash', 'bank_card', 'wechat', 'alipay'];

export function methodName(m: string): string {
  return t(('m.' + m) as 'm.cash');
}

export function BillsPanel(props: {
  bills: BillSummary[] | undefined;
  loading: boolean;
  error: ApiError | null;
  onChanged: () => void;
  day: string;
  onDay: (d: string) => void;
}) {
  const [q, setQ] = useState('');
  const [refunding, setRefunding] = useState<number | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const needle = q.trim().toLowerCase();
  const rows = (props.bills ?? []).filter(
    (b) =>
      !needle ||
      b.patientName.toLowerCase().includes(needle) ||
      b.mrn.toLowerCase().includes(needle) ||
      (b.invoiceNo ?? '').toLowerCase().includes(needle) ||
      b.invoiceNos.some((no) => no.toLowerCase().includes(needle)) ||
      (b.reversesInvoiceNo ?? '').toLowerCase().includes(needle) ||
      b.patientPinyin
        .toLowerCase()
        .split(/\s+/)
        .some((p) => p.startsWith(needle)),
  );
  return html`<div>
    <${DataTable}
      label=${t('bills.label')}
      rows=${rows}
      loading=${props.loading}
      error=${props.error}
      empty=${props.day ? t('bills.emptyDay') : t('bills.empty')}
      rowKey=${(b: BillSummary) => b.id}
      rowClass=${(b: BillSummary) => (b.kind === 'refund' ? 'cs-refund-row' : undefined)}
      toolbar=${html`<${SearchBox} value=${q} onInput=${setQ} placeholder=${t('bills.filter')} />
        <label class="cs-day">
          <span>${t('bills.day')}</span>
          <input type="date" name="day" value=${props.day}
            onChange=${(e: Event) => props.onDay((e.currentTarget as HTMLInputElement).value)} />
        </label>
        ${
          props.day
            ? html`<button type="button" class="btn btn-small"
          onClick=${() => props.onDay('')}>${t('bills.today')}</button>`
            : null
        }`}
      columns=${[
        { label: t('col.time'), render: (b: BillSummary) => timeText(b.at), class: 'mono' },
        { label: t('col.invoice'), render: (b: BillSummary) => invoiceCell(b), class: 'mono' },
        {
          label: t('col.patient'),
          render: (b: BillSummary) => html`${b.patientName} <span class="muted small mono">${b.mrn}</span>`,
        },
        {
          label: t('col.kind'),
          render: (b: BillSummary) =>
            b.kind === 'refund' ? html`<span class="badge badge-warn">${t('kind.refund')}</span>` : t('kind.charge'),
        },
        { label: t('col.total'), render: (b: BillSummary) => formatYuan(b.totalFen), class: 'num' },
        { label: t('col.methods'), render: (b: BillSummary) => b.payments.map((p) => methodName(p.method)).join('、') },
        { label: t('col.cashier'), render: (b: BillSummary) => b.cashierName },
        {
          label: t('col.refunded'),
          render: (b: BillSummary) => (b.refundedFen ? formatYuan(b.refundedFen) : ''),
          class: 'num',
        },
        {
          label: t('col.actions'),
          render: (b: BillSummary) =>
            html`<button type="button" class="btn btn-small" data-view-bill=${b.id}
              onClick=${() => setViewing(b.id)}>${t('inv.view')}</button>
              ${
                b.kind === 'charge' && can('billing.refund') && b.refundedFen < b.totalFen
                  ? html`<button type="button" class="btn btn-small" data-bill-id=${b.id}
                    onClick=${() => setRefunding(b.id)}>${t('refund.button')}</button>`
                  : null
              }`,
        },
      ]}
    />
    ${
      viewing !== null && refunding === null
        ? html`<${BillDialog}
          billId=${viewing}
          onClose=${() => setViewing(null)}
          onRefund=${(id: number) => setRefunding(id)}
        />`
        : null
    }
    ${
      refunding !== null
        ? html`<${RefundDialog}
          billId=${refunding}
          onClose=${() => setRefunding(null)}
          onDone=${() => {
            setRefunding(null);
            props.onChanged();
          }}
        />`
        : null
    }
  </div>`;
}

/**
 * Prints the kept part's new invoice after a partial refund; a desk without an invoice printer is told so
 * (print it later from the bill view).
 */
async function printKept(billId: number, no: string): Promise<void> {
  try {
    const r = await post<InvoicePrintResult>(
      `/api/printing/invoices/${billId}/print`,
      {},
      { idempotencyKey: newKey() },
    );
    if (r.ok) toast(t('inv.printed', { no: r.invoiceNo }));
    else toast(t('inv.printFailed', { no: r.invoiceNo, error: r.error ?? '' }), 'error');
  } catch (e) {
    toast(`${t('inv.keptNotPrinted', { no })} ${(e as Error).message}`, 'error');
  }
}

/**
 * A charge: its valid invoice number (struck through once voided by a full refund); a refund: ↩ the invoice
 * it reverses.
 */
function invoiceCell(b: BillSummary) {
  if (b.kind === 'refund') {
    return html`<span title=${t('inv.reverses')}>↩ ${b.reversesInvoiceNo ?? '—'}</span>${
      b.newInvoiceNo
        ? html` <span
      class="muted small">→ ${b.newInvoiceNo}</span>`
        : null
    }`;
  }
  if (b.invoiceNo)
    return html`${b.invoiceNo}${
      b.invoicePrinted
        ? null
        : html` <span
      class="muted small">${t('inv.notPrintedShort')}</span>`
    }`;
  const last = b.invoiceNos[b.invoiceNos.length - 1];
  return last ? html`<s class="muted">${last}</s>` : html`<span class="muted">${t('inv.none')}</span>`;
}

export function RefundDialog(props: { billId: number; onClose: () => void; onDone: () => void }) {
  const r = useResource(() => get<BillDetail>(`/api/billing/bills/${props.billId}`), [props.billId]);
  // A bill settled with the insurer is refunded through its settlement (2208, then what is kept is re-settled).
  const ins = useResource(
    () =>
      get<{ settlements: Array<{ state: string }> }>(`/api/insurance/settlement/bills/${props.billId}`).catch(() => ({
        settlements: [],
      })),
    [props.billId],
  );
  const insured = (ins.data?.settlements ?? []).some((x) => x.state === 'settled');
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<PayMethod | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const keyState = useRef<{ body: string; key: string } | null>(null);
  const bill = r.data;
  const title = bill
    ? t('refund.title', { name: bill.patientName, no: bill.invoiceNo ?? t('refund.noInvoice') })
    : t('refund.button');
  if (!bill) {
    return html`<${Dialog} title=${title} onClose=${props.onClose}>
      ${
        r.error
          ? html`<div class="form-error" role="alert">${r.error.message}</div>`
          : html`<p
        class="muted">${t('loading')}</p>`
      }
    <//>`;
  }
  const original =
    bill.payments
      .filter((p) => p.method !== 'insurance_fund' && p.method !== 'insurance_account')
      .sort((a, b) => b.amountFen - a.amountFen)[0]?.method ?? 'cash';
  const qtyText = (id: number, refundable: number) => (id in qty ? qty[id]! : String(refundable));
  const picked = bill.lines
    .map((l) => ({ l, q: Number(qtyText(l.id, l.refundableQuantity)) }))
    .filter(({ l, q }) => l.refundableQuantity > 0 && Number.isInteger(q) && q > 0);
  // The server's rule (ledger.ts): a half-up share of the line, capped by what is left; the last part gets the rest.
  const estimate = picked.reduce((s, { l, q }) => {
    const left = l.amountFen - l.refundedFen;
    return (
      s +
      (q === l.quantity - l.refundedQuantity
        ? left
        : Math.min(left, Math.floor((2 * l.amountFen * q + l.quantity) / (2 * l.quantity))))
    );
  }, 0);
  const any = bill.lines.some((l) => l.refundableQuantity > 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const bad = bill.lines.find(
      (l) => l.refundableQuantity > 0 && !/^\d*$/.test(qtyText(l.id, l.refundableQuantity).trim()),
    );
    if (bad || !picked.length) {
      setError(new ApiError(422, 'invalid', t('refund.pick'), 'lines'));
      return;
    }
    // Checked here before sending, on the line: no more than what may still be refunded; a reason.
    const over = picked.find(({ l, q }) => q > l.refundableQuantity);
    if (over) {
      setError(
        new ApiError(
          422,
          'invalid',
          t('refund.tooMany', { n: over.l.refundableQuantity, unit: over.l.unit }),
          `qty-${over.l.id}`,
        ),
      );
      return;
    }
    if (!reason.trim()) {
      setError(new ApiError(422, 'invalid', t('refund.reasonRequired'), 'reason'));
      return;
    }
    const body = {
      lines: picked.map(({ l, q }) => ({ billLineId: l.id, quantity: q })),
      reason: reason.trim(),
      ...(method ? { method } : {}),
    };
    keyState.current = keyFor(keyState.current, body, newKey);
    setBusy(true);
    setError(null);
    if (insured) {
      try {
        const res = await post<{
          refundFen: number;
          cashBackFen: number;
          steps: Array<{ step: string; ok: boolean; message: { zh: string; en: string } }>;
        }>(`/api/insurance/settlement/bills/${bill.id}/refund`, body, { idempotencyKey: keyState.current.key });
        for (const st of res.steps) toast(`${st.step}: ${pick(st.message)}`, st.ok ? 'ok' : 'error', 6000);
        toast(t('refund.insuredOk', { v: formatYuan(res.refundFen), cash: formatYuan(res.cashBackFen) }));
        props.onDone();
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
        r.reload();
      } finally {
        setBusy(false);
      }
      return;
    }
    try {
      const res = await post<{
        billId: number;
        totalFen: number;
        refundFen: number;
        method: string | null;
        voidedInvoiceNo: string | null;
        newInvoiceNo: string | null;
        print?: PrintOutcome;
      }>(`/api/billing/bills/${bill.id}/refund`, body, { idempotencyKey: keyState.current.key });
      toast(t('refund.ok', { v: formatYuan(-res.totalFen), method: res.method ? methodName(res.method) : '—' }));
      // No receipt printer here: the refund receipt cannot print; say so (and where to set it).
      if (res.print && res.print.outcome !== 'queued' && res.print.message)
        toast(pick(res.print.message), 'error', 8000);
      if (res.voidedInvoiceNo)
        toast(
          res.newInvoiceNo
            ? t('refund.newInvoice', { old: res.voidedInvoiceNo, no: res.newInvoiceNo })
            : t('refund.invoiceVoided', { old: res.voidedInvoiceNo }),
        );
      props.onDone();
      // The kept part's new invoice is printed at once (paper practice: the patient leaves with it).
      if (res.newInvoiceNo) void printKept(bill.id, res.newInvoiceNo);
    } catch (err) {
      // The server names lines by their place in what was sent: point at the row on screen.
      const ae = err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err));
      const m = ae.field ? /^lines\.(\d+)\.quantity$/.exec(ae.field) : null;
      const row = m ? picked[Number(m[1])] : undefined;
      setError(row ? new ApiError(ae.status, ae.code, ae.message, `qty-${row.l.id}`, ae.details) : ae);
      r.reload();
    } finally {
      setBusy(false);
    }
  };

  return html`<${Dialog} title=${title} onClose=${props.onClose} wide>
    <form onSubmit=${submit} class="cs-refund">
      <table class="data">
        <thead><tr>
          <th>${t('col.item')}</th><th class="num">${t('refund.paid')}</th><th
            class="num">${t('refund.dispensed')}</th><th class="num">${t('refund.done')}</th>
          <th class="num">${t('refund.refundable')}</th><th
            class="num">${t('col.amount')}</th><th>${t('refund.qty')}</th>
        </tr></thead>
        <tbody>
          ${bill.lines.map(
            (l) => html`<tr key=${l.id}>
              <td>${l.name} <span class="muted small">${l.spec ?? ''}</span>${
                l.registrationId
                  ? html` <span
                class="muted small">(${t('refund.fee')})</span>`
                  : null
              }</td>
              <td class="num">${l.quantity}${l.unit}</td>
              <td class="num">${l.dispensedQuantity || ''}</td>
              <td class="num">${l.refundedQuantity || ''}</td>
              <td class="num">${l.refundableQuantity}</td>
              <td class="num">${formatYuan(l.amountFen)}</td>
              <td>
                ${
                  l.refundableQuantity > 0
                    ? html`<input
                      class="cs-qty num"
                      name=${'qty-' + l.id}
                      inputmode="numeric"
                      aria-label=${t('refund.qtyOf', { name: l.name })}
                      value=${qtyText(l.id, l.refundableQuantity)}
                      aria-invalid=${error?.field === 'qty-' + l.id ? 'true' : undefined}
                      onInput=${(e: Event) =>
                        setQty((s) => ({ ...s, [l.id]: (e.currentTarget as HTMLInputElement).value }))}
                    />`
                    : null
                }
                ${
                  error?.field === 'qty-' + l.id
                    ? html`<div class="field-msg" role="alert">${error.message}</div>`
                    : null
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${any ? null : html`<p class="muted">${t('refund.none')}</p>`}
      <p class="muted small">${t('refund.whole')}</p>
      <label class="field">
        <span class="field-label">${t('refund.reason')}</span>
        <input name="reason" maxlength="200" required value=${reason} placeholder=${t('refund.reasonHint')}
          data-autofocus aria-invalid=${error?.field === 'reason' ? 'true' : undefined}
            onInput=${(e: Event) => setReason((e.currentTarget as HTMLInputElement).value)} />
        ${error?.field === 'reason' ? html`<span class="field-msg" role="alert">${error.message}</span>` : null}
      </label>
      <label class="field">
        <span class="field-label">${t('refund.method')}</span>
        <select name="method" value=${method || original}
          onChange=${(e: Event) => setMethod((e.currentTarget as HTMLSelectElement).value as PayMethod)}>
          ${METHODS.map((m) => html`<option key=${m} value=${m}>${methodName(m)}</option>`)}
        </select>
      </label>
      ${
        error && error.field !== 'reason' && !error.field?.startsWith('qty-')
          ? html`<div class="form-error"
        role="alert">${error.message}</div>`
          : null
      }
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled=${busy || !any}>${
          busy ? t('working') : `${t('refund.confirm')} · ${t('refund.sum', { v: formatYuan(estimate) })}`
        }</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}
