// Today's dispensed prescriptions, and taking drugs back (退药): quantities per line and a
// reason; the stock goes back to its lots and the cashier may refund it.
import { useState } from 'preact/hooks';
import { ApiError, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormError, TextField } from '../../components/form.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { qtyText, timeText } from './format.js';
import { t } from './i18n.js';
import type { Rx } from './types.js';

export function DispensedTab(props: { rxs: Rx[] | undefined; loading: boolean; onChanged: () => void }) {
  const [returning, setReturning] = useState<Rx | null>(null);
  const mayReturn = can('pharmacy.return');
  const columns: Column<Rx>[] = [
    { label: t('col.time'), render: (r) => timeText(r.dispensedAt), class: 'nowrap' },
    {
      label: t('col.patient'),
      render: (r) => html`<strong>${r.patient.name}</strong> <span class="muted small">${r.patient.mrn}</span>`,
    },
    {
      label: t('col.drugs'),
      render: (r) =>
        html`${r.lines.map(
          (l) => html`<div key=${l.orderLineId} class="small">
            ${l.name} ${qtyText(l.dispensed, l.unit, l.packUnit, l.packSize)}${
              l.returned
                ? html` <span
              class="warn-text">${t('today.returned', { n: l.returned, unit: l.unit })}</span>`
                : null
            }
          </div>`,
        )}`,
    },
    { label: t('col.pharmacist'), render: (r) => r.dispensedBy ?? '' },
    {
      label: t('col.status'),
      render: (r) =>
        r.status === 'returned'
          ? html`<${Badge} kind="off">${t('status.returned')}<//>`
          : html`<${Badge} kind="ok">${t('status.dispensed')}<//>`,
    },
    {
      label: t('col.actions'),
      class: 'actions-col',
      render: (r) =>
        mayReturn && r.status === 'dispensed'
          ? html`<button type="button" class="btn btn-small" onClick=${() => setReturning(r)}>${t('return.button')}
            </button>`
          : null,
    },
  ];
  return html`<div>
    <${DataTable} label=${t('today.label')} columns=${columns} rows=${props.rxs} rowKey=${(r: Rx) => r.orderId}
      loading=${props.loading} empty=${t('today.empty')} />
    ${
      returning
        ? html`<${ReturnDialog}
          rx=${returning}
          onClose=${() => setReturning(null)}
          onDone=${() => {
            setReturning(null);
            props.onChanged();
          }}
        />`
        : null
    }
  </div>`;
}

function ReturnDialog(props: { rx: Rx; onClose: () => void; onDone: () => void }) {
  const lines = props.rx.lines.filter((l) => l.dispensed - l.returned > 0);
  // One key per intent (this dialog); a retry after a lost answer reuses it.
  const [key] = useState(newKey);
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const chosen = lines
      .map((l, i) => ({ i, orderLineId: l.orderLineId, raw: (qty[l.orderLineId] ?? '').trim() }))
      .filter((x) => x.raw !== '' && x.raw !== '0');
    for (const c of chosen) {
      if (!/^\d+$/.test(c.raw)) {
        setError(new ApiError(422, 'invalid', t('return.wholeNumber'), `lines.${c.i}.quantity`));
        return;
      }
      // Checked here before sending: no more than what was dispensed and not yet returned.
      const l = lines[c.i]!;
      if (Number(c.raw) > l.dispensed - l.returned) {
        setError(
          new ApiError(
            422,
            'invalid',
            t('return.tooMany', { n: l.dispensed - l.returned, unit: l.unit }),
            `lines.${c.i}.quantity`,
          ),
        );
        return;
      }
    }
    if (!chosen.length) {
      setError(new ApiError(422, 'invalid', t('return.nothing'), 'lines'));
      return;
    }
    if (!reason.trim()) {
      setError(new ApiError(422, 'invalid', t('return.reasonRequired'), 'reason'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(
        `/api/pharmacy/orders/${props.rx.orderId}/return`,
        { lines: chosen.map((c) => ({ orderLineId: c.orderLineId, quantity: Number(c.raw) })), reason: reason.trim() },
        { idempotencyKey: key },
      );
      toast(t('return.done', { patient: props.rx.patient.name }));
      props.onDone();
    } catch (err) {
      const ae = err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('error.unexpected'));
      // The server names lines by their place in what was sent; point at the row on screen.
      const m = ae.field ? /^lines\.(\d+)\.(\w+)$/.exec(ae.field) : null;
      const row = m ? chosen[Number(m[1])] : undefined;
      setError(row ? new ApiError(ae.status, ae.code, ae.message, `lines.${row.i}.${m![2]}`, ae.details) : ae);
    } finally {
      setBusy(false);
    }
  };

  const fieldMsg = (i: number) => (error?.field && error.field.startsWith(`lines.${i}.`) ? error.message : null);
  return html`<${Dialog} title=${t('return.title', { patient: props.rx.patient.name })} onClose=${props.onClose} wide>
    <form class="form" onSubmit=${submit} novalidate>
      <${FormError} error=${error} fields=${[...lines.map((_, i) => `lines.${i}`), 'reason']} />
      <table class="data">
        <thead>
          <tr><th>${t('col.drug')}</th><th class="num">${t('return.dispensed')}</th><th
            class="num">${t('return.returnable')}</th><th>${t('return.qty')}</th></tr>
        </thead>
        <tbody>
          ${lines.map((l, i) => {
            const max = l.dispensed - l.returned;
            const msg = fieldMsg(i);
            return html`<tr key=${l.orderLineId}>
              <td><strong>${l.name}</strong> <span class="small muted">${l.spec ?? ''}</span></td>
              <td class="num">${l.dispensed}${l.unit}</td>
              <td class="num">${max}${l.unit}</td>
              <td class=${msg ? 'field-invalid' : undefined}>
                <input
                  name=${`lines.${i}.quantity`}
                  aria-label=${t('return.qtyOf', { name: l.name })}
                  inputmode="numeric"
                  class="qty-input"
                  value=${qty[l.orderLineId] ?? ''}
                  placeholder="0"
                  onInput=${(e: Event) =>
                    setQty({ ...qty, [l.orderLineId]: (e.currentTarget as HTMLInputElement).value })}
                />
                <span class="small"> ${l.unit}</span>
                <button type="button" class="btn btn-small btn-quiet"
                  onClick=${() => setQty({ ...qty, [l.orderLineId]: String(max) })}>${t('return.all')}</button>
                ${msg ? html`<div class="field-msg" role="alert">${msg}</div>` : null}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      <${TextField} label=${t('return.reason')} name="reason" value=${reason} onInput=${setReason} maxLength=${200}
        error=${error} required placeholder=${t('return.reasonHint')} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? t('working') : t('return.confirm')}
          </button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}
