// A document that is no longer a draft (or that this user may not edit): its header, its
// lines with lot, expiry, price and amount (a stock-take with snapshot, count and
// variance), the total, links between a document and its reversal, and 冲销 (reverse, with
// a reason; inventory.post) on a posted document.
import { useState } from 'preact/hooks';
import { newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormActions, FormError, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { dateTimeText, formatYuan, qtyText } from './format.js';
import { t } from './i18n.js';
import { chooseLocation } from './location.js';
import { go, paths } from './nav.js';
import type { StockDoc, StockDocLine } from './types.js';

const NOT_REVERSIBLE = ['stocktake', 'requisition'];

function DocLink(props: { id: number; label: string }) {
  return html`<a href=${paths.doc(props.id)}
    onClick=${(e: MouseEvent) => (e.preventDefault(), go(paths.doc(props.id)))}>${props.label}</a>`;
}

export function DocView(props: { doc: StockDoc; hereId: number | null; onChanged: () => void }) {
  const d = props.doc;
  const [reversing, setReversing] = useState(false);
  // A price adjustment can be withdrawn only while it waits for its time.
  const canReverse =
    d.status === 'posted' &&
    can('inventory.post') &&
    !d.reversedById &&
    !d.reversesId &&
    !NOT_REVERSIBLE.includes(d.type) &&
    !(d.type === 'price_adjustment' && d.appliedAt !== null);
  const priceDoc = d.type === 'price_adjustment';
  const info: Array<[string, unknown]> = [
    [t('field.location'), d.locationName],
    [
      d.type === 'consumption'
        ? t('field.department')
        : d.type === 'requisition'
          ? t('field.fromStore')
          : t('field.toLocation'),
      d.counterpartName,
    ],
    [t('field.supplier'), d.supplierName],
    [t('field.invoiceNo'), d.supplierInvoiceNo],
    [t('field.reason'), d.reason],
    [t('field.note'), d.note],
    [t('field.snapshotAt'), d.snapshotAt ? dateTimeText(d.snapshotAt) : null],
    [t('field.effectiveAt'), priceDoc ? (d.effectiveAt ? dateTimeText(d.effectiveAt) : t('field.effectiveNow')) : null],
    [
      t('field.applied'),
      priceDoc && d.status === 'posted'
        ? d.appliedAt
          ? dateTimeText(d.appliedAt)
          : d.reversedById
            ? null
            : t('field.pendingAt', { at: dateTimeText(d.effectiveAt) })
        : null,
    ],
    [
      t('field.revaluation'),
      priceDoc && d.appliedAt
        ? html`<span class="mono" data-testid="revaluation-total">${formatYuan(d.revaluationFen)}</span>`
        : null,
    ],
    [t('count.blind'), d.type === 'stocktake' && d.blind ? '✓' : null],
    [t('col.created'), `${d.createdBy.name} ${dateTimeText(d.createdAt)}`],
    [t('col.posted'), d.postedBy ? `${d.postedBy.name} ${dateTimeText(d.postedAt)}` : null],
    [t('field.reverses'), d.reversesId ? html`<${DocLink} id=${d.reversesId} label=${t('doc.open')} />` : null],
    [t('field.reversedBy'), d.reversedById ? html`<${DocLink} id=${d.reversedById} label=${t('doc.open')} />` : null],
  ];
  // A posted requisition: filled by a transfer (the server's rule), or still waiting for the store.
  const req = d.type === 'requisition' && d.status === 'posted';
  const stocktake = d.type === 'stocktake';
  if (priceDoc)
    return html`<div class="doc-view">
    <dl class="doc-info">
      ${info
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(
          ([k, v]) => html`<div key=${k}><dt>${k}
        </dt><dd>${v}</dd></div>`,
        )}
    </dl>
    <div class="table-scroll">
      <table class="data lines" aria-label=${t('lines.label')}>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">${t('col.item')}</th>
            <th scope="col" class="num">${t('col.oldPrice')}</th>
            <th scope="col" class="num">${t('col.newPrice')}</th>
            <th scope="col" class="num">${t('col.newPurchase')}</th>
          </tr>
        </thead>
        <tbody>
          ${d.lines.map(
            (l: StockDocLine, i: number) => html`<tr key=${l.id}>
              <td class="num">${i + 1}</td>
              <td><strong>${l.itemName}</strong> <span class="small muted">${l.spec ?? ''} ·${' '}
                ${t('price.perPack', { unit: l.packUnit })}</span></td>
              <td class="num mono">${l.oldPriceFen === null ? '' : formatYuan(l.oldPriceFen)}</td>
              <td class="num mono">${l.newPriceFen === null ? '' : formatYuan(l.newPriceFen)}</td>
              <td class="num mono">${l.purchasePriceFen === null ? '' : formatYuan(l.purchasePriceFen)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <div class="actions">
      <button type="button" class="btn" onClick=${() => go(paths.list)}>${t('doc.back')}</button>
      ${
        canReverse
          ? html`<button type="button" class="btn btn-danger-quiet"
        onClick=${() => setReversing(true)}>${t('doc.reverse')}</button>`
          : null
      }
    </div>
    ${reversing ? html`<${ReverseDialog} doc=${d} onClose=${() => setReversing(false)} />` : null}
  </div>`;
  return html`<div class="doc-view">
    <dl class="doc-info">
      ${info
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(
          ([k, v]) => html`<div key=${k}><dt>${k}
        </dt><dd>${v}</dd></div>`,
        )}
    </dl>
    <div class="table-scroll">
      <table class="data lines" aria-label=${t('lines.label')}>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">${t('col.item')}</th>
            <th scope="col">${t('col.lotNo')}</th>
            <th scope="col">${t('col.expiry')}</th>
            <th scope="col" class="num">${t('col.price')}</th>
            ${
              stocktake
                ? html`<th scope="col" class="num">${t('col.snapshot')}</th><th scope="col"
                  class="num">${t('col.counted')}</th><th scope="col" class="num">${t('col.variance')}</th>`
                : html`<th scope="col" class="num">${t('col.qty')}</th>`
            }
            ${d.type !== 'requisition' ? html`<th scope="col" class="num">${t('col.amount')}</th>` : null}
          </tr>
        </thead>
        <tbody>
          ${d.lines.map((l: StockDocLine, i: number) => {
            const q = (n: number) => qtyText(n, l.unit, l.packUnit, l.packSize);
            const variance = l.countedQty !== null && l.snapshotQty !== null ? l.countedQty - l.snapshotQty : null;
            return html`<tr key=${l.id}>
              <td class="num">${i + 1}</td>
              <td>
                <strong>${l.itemName}</strong> <span class="small muted">${l.spec ?? ''}</span>
                ${
                  l.manufacturer || l.approvalNo
                    ? html`<div
                  class="small muted">${[l.manufacturer, l.approvalNo].filter(Boolean).join(' · ')}</div>`
                    : null
                }
              </td>
              <td class="mono">${l.lotNo ?? ''}</td>
              <td class="mono">${l.expiryDate ?? ''}</td>
              <td class="num mono">${l.purchasePriceFen === null ? '' : formatYuan(l.purchasePriceFen)}</td>
              ${
                stocktake
                  ? html`<td class="num">${l.snapshotQty === null ? '' : q(l.snapshotQty)}</td>
                    <td class="num">${l.countedQty === null ? '' : q(l.countedQty)}</td>
                    <td class=${variance ? (variance < 0 ? 'num danger-text' : 'num ok-text') : 'num'}>${
                      variance === null ? '' : (variance > 0 ? '+' : '') + q(variance)
                    }</td>`
                  : html`<td class="num">${l.quantity === null ? '' : q(l.quantity)}</td>`
              }
              ${d.type !== 'requisition' ? html`<td class="num mono">${formatYuan(l.amountFen)}</td>` : null}
            </tr>`;
          })}
        </tbody>
        ${
          d.type !== 'requisition'
            ? html`<tfoot><tr><td colspan=${stocktake ? 8 : 6} class="num">${t('lines.total')}</td><td
              class="num mono doc-total" data-testid="doc-total">${formatYuan(d.totalFen)}</td></tr></tfoot>`
            : null
        }
      </table>
    </div>
    ${
      req
        ? html`<p class="notice req-state" data-testid="requisition-state">
          ${
            d.filledById
              ? html`<${DocLink} id=${d.filledById} label=${t('req.filled', { no: d.filledByNo ?? '' })}
            />`
              : t('req.waiting')
          }
        </p>`
        : null
    }
    <div class="actions">
      <button type="button" class="btn" onClick=${() => go(paths.list)}>${t('doc.back')}</button>
      ${
        req && !d.filledById && d.counterpartId !== null && d.counterpartId === props.hereId && can('inventory.draft')
          ? html`<button type="button" class="btn btn-primary" onClick=${() => {
              chooseLocation(d.counterpartId!);
              go(paths.newDoc('transfer', { requisitionId: d.id }));
            }}>${t('incoming.fulfil')}</button>`
          : null
      }
      ${
        canReverse
          ? html`<button type="button" class="btn btn-danger-quiet"
        onClick=${() => setReversing(true)}>${t('doc.reverse')}</button>`
          : null
      }
    </div>
    ${reversing ? html`<${ReverseDialog} doc=${d} onClose=${() => setReversing(false)} />` : null}
  </div>`;
}

function ReverseDialog(props: { doc: StockDoc; onClose: () => void }) {
  const [key] = useState(newKey);
  const f = useForm({ reason: '' });
  const onSubmit = f.submit(async (v) => {
    const r = await post<StockDoc>(
      `/api/stock/docs/${props.doc.id}/reverse`,
      { reason: v.reason.trim() },
      { idempotencyKey: key },
    );
    toast(t('doc.reversed', { no: r.docNo }));
    props.onClose();
    go(paths.doc(r.id));
  });
  return html`<${Dialog} title=${t('doc.reverseTitle', { no: props.doc.docNo })} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form">
      <p class="muted">${t('doc.reverseText')}</p>
      <${FormError} error=${f.error} fields=${['reason']} />
      <${TextField} label=${t('field.reverseReason')} name="reason" required value=${f.values.reason} maxLength=${200}
        onInput=${(v: string) => f.set('reason', v)} error=${f.error} />
      <${FormActions} busy=${f.busy} submitLabel=${t('doc.reverseGo')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
