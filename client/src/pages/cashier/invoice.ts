// The bill view (收费单): lines kept after refunds, the bill's invoice numbers (issued, voided,
// reprinted), and the invoice buttons — 打印发票 (the pre-printed form through this
// workstation's CUPS queue, once per number), 补打 (the number is voided and a new one
// printed, as paper invoices require) and PDF (the A4 invoice in a new tab). 退费 opens the
// refund dialog. Every number is taken and voided on the server (billing/invoices.ts).
import { useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { dateTimeText, formatYuan } from './format.js';
import { t } from './i18n.js';
import { LIVE, type BillDetail, type InvoicePrintResult, type InvoiceUsage } from './types.js';

export function usageKind(u: InvoiceUsage): string {
  return t(('inv.kind.' + u.kind) as 'inv.kind.used');
}

export function BillDialog(props: { billId: number; onClose: () => void; onRefund: (billId: number) => void }) {
  const r = useResource(() => get<BillDetail>(`/api/billing/bills/${props.billId}`), [props.billId]);
  useLive([LIVE.invoiceChanged, LIVE.billRefunded], r.reload);
  const [busy, setBusy] = useState<'' | 'print' | 'reprint'>('');
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // One key per intent: a double click (or a retry after a dropped answer) prints once.
  const printKey = useRef<{ no: string | null; key: string } | null>(null);
  const reprintKey = useRef<{ no: string | null; key: string } | null>(null);
  const bill = r.data;
  if (!bill) {
    return html`<${Dialog} title=${t('inv.title')} onClose=${props.onClose} wide>
      ${
        r.error
          ? html`<div class="form-error" role="alert">${r.error.message}</div>`
          : html`<p
        class="muted">${t('loading')}</p>`
      }
    <//>`;
  }
  const refundedAll = bill.kind === 'charge' && bill.refundedFen > 0 && bill.refundedFen >= bill.totalFen;
  const canPrint = bill.kind === 'charge' && !refundedAll && !bill.invoicePrinted;
  const canReprint = bill.kind === 'charge' && !refundedAll && bill.invoiceNo !== null;
  const keyOf = (ref: { current: { no: string | null; key: string } | null }) => {
    if (!ref.current || ref.current.no !== bill.invoiceNo) ref.current = { no: bill.invoiceNo, key: newKey() };
    return ref.current.key;
  };

  const run = async (what: 'print' | 'reprint') => {
    if (busy) return;
    setBusy(what);
    setError(null);
    try {
      const res = await post<InvoicePrintResult>(
        `/api/printing/invoices/${bill.id}/${what}`,
        {},
        { idempotencyKey: keyOf(what === 'print' ? printKey : reprintKey) },
      );
      if (res.ok)
        toast(
          what === 'print'
            ? t('inv.printed', { no: res.invoiceNo })
            : t('inv.reprinted', { no: res.invoiceNo, old: res.voidedNo ?? '' }),
        );
      else
        setError(new ApiError(0, 'print_failed', t('inv.printFailed', { no: res.invoiceNo, error: res.error ?? '' })));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)));
    } finally {
      setBusy('');
      setAsking(false);
      r.reload();
    }
  };

  const kept = bill.lines.filter((l) => l.quantity - l.refundedQuantity > 0);
  const title =
    bill.kind === 'refund'
      ? t('inv.refundTitle', { name: bill.patientName, no: bill.reversesInvoiceNo ?? '—' })
      : t('inv.billTitle', { name: bill.patientName, id: bill.id });
  return html`<${Dialog} title=${title} onClose=${props.onClose} wide>
    <div class="cs-bill" data-bill=${bill.id}>
      <dl class="cs-bill-facts">
        <div><dt>${t('col.invoice')}</dt><dd class="mono" data-testid="bill-invoice">${
          bill.kind === 'refund' ? `↩ ${bill.reversesInvoiceNo ?? '—'}` : (bill.invoiceNo ?? t('inv.none'))
        }</dd></div>
        <div><dt>${t('inv.status')}</dt><dd>${
          refundedAll
            ? t('inv.refundedAll')
            : bill.kind === 'refund'
              ? t('kind.refund')
              : bill.invoicePrinted
                ? t('inv.isPrinted')
                : bill.invoiceNo
                  ? t('inv.notPrinted')
                  : t('inv.none')
        }</dd></div>
        <div><dt>${t('col.total')}</dt><dd class="num">${formatYuan(bill.totalFen)}${
          bill.refundedFen
            ? html` <span
          class="muted small">(${t('col.refunded')} ${formatYuan(bill.refundedFen)})</span>`
            : null
        }</dd></div>
        <div><dt>${t('col.time')}</dt><dd>${dateTimeText(bill.at)}</dd></div>
      </dl>
      <table class="data">
        <thead><tr><th>${t('col.item')}</th><th class="num">${t('col.qty')}</th><th
          class="num">${t('col.amount')}</th></tr></thead>
        <tbody>
          ${(bill.kind === 'charge' ? kept : bill.lines).map(
            (l) => html`<tr key=${l.id}>
              <td>${l.name} <span class="muted small">${l.spec ?? ''}</span></td>
              <td class="num">${bill.kind === 'charge' ? l.quantity - l.refundedQuantity : l.quantity}${l.unit}</td>
              <td class="num">${formatYuan(bill.kind === 'charge' ? l.amountFen - l.refundedFen : l.amountFen)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${
        bill.invoices.length
          ? html`<h3 class="cs-sub">${t('inv.history')}</h3>
            <table class="data cs-inv-history">
              <thead><tr><th>${t('col.invoice')}</th><th>${t('inv.kind')}</th><th>${t('inv.reason')}</th>
                <th>${t('col.cashier')}</th><th>${t('col.time')}</th></tr></thead>
              <tbody>
                ${bill.invoices.map(
                  (u, i) => html`<tr key=${i} class=${u.kind === 'voided' ? 'cs-voided' : undefined}>
                    <td class="mono">${u.invoiceNo}</td>
                    <td>${usageKind(u)}</td>
                    <td>${u.reason ?? ''}${
                      u.replacesNo
                        ? html` <span
                      class="muted small">${t('inv.replaces', { no: u.replacesNo })}</span>`
                        : null
                    }</td>
                    <td>${u.userName ?? ''}</td>
                    <td>${dateTimeText(u.at)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : null
      }
      ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
      <div class="actions">
        ${
          bill.kind === 'charge'
            ? html`<button type="button" class="btn btn-primary" name="print-invoice" disabled=${!canPrint || !!busy}
              title=${bill.invoicePrinted ? t('inv.usePrintAgain') : ''} onClick=${() => void run('print')}>
                ${busy === 'print' ? t('working') : t('inv.print')}
              </button>
              <button type="button" class="btn" name="reprint-invoice" disabled=${!canReprint || !!busy}
                onClick=${() => setAsking(true)}>${busy === 'reprint' ? t('working') : t('inv.reprint')}</button>`
            : null
        }
        <a
          class=${`btn${bill.invoiceNo || bill.kind === 'refund' ? '' : ' btn-disabled'}`}
          name="invoice-pdf"
          href=${`/api/printing/invoices/${bill.id}.pdf`}
          target="_blank"
          rel="noopener"
          aria-disabled=${bill.invoiceNo || bill.kind === 'refund' ? 'false' : 'true'}
          onClick=${(e: Event) => {
            if (!bill.invoiceNo && bill.kind !== 'refund') e.preventDefault();
          }}
          >${t('inv.pdf')}</a
        >
        ${
          bill.kind === 'charge' && can('billing.refund') && bill.refundedFen < bill.totalFen
            ? html`<button type="button" class="btn btn-danger-quiet"
              onClick=${() => props.onRefund(bill.id)}>${t('refund.button')}</button>`
            : null
        }
        <button type="button" class="btn" onClick=${props.onClose}>${t('inv.close')}</button>
      </div>
    </div>
    ${
      asking
        ? html`<${Confirm}
          title=${t('inv.reprintTitle')}
          text=${t('inv.reprintText', { no: bill.invoiceNo ?? '' })}
          confirmLabel=${t('inv.reprint')}
          danger
          busy=${busy === 'reprint'}
          onAnswer=${(yes: boolean) => (yes ? void run('reprint') : setAsking(false))}
        />`
        : null
    }
  <//>`;
}
