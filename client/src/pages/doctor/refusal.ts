// 拒发 at the doctor's station (issue 9 item 6): a prescription the pharmacy refused shows the
// pharmacist's reason, live (order:refused); the doctor rewrites it as a new draft from its lines
// (quantities recomputed from the dose), and the cashier refunds the refused one whole.
import { newKey, post } from '../../api.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import type { Order } from './types.js';

export const tr = scoped(
  {
    'refused.badge': '药房拒发',
    'refused.text': '药房拒发({by}):{reason}',
    'refused.next': '请重开处方;原处方由患者到收费处整张退费。',
    'refused.refunded': '已退费作废。',
    'refused.rewrite': '重开',
    'refused.rewritten': '已按原处方生成新草稿,请核对后签名',
  },
  {
    'refused.badge': 'Refused by the pharmacy',
    'refused.text': 'Refused by the pharmacy ({by}): {reason}',
    'refused.next': 'Rewrite the prescription; the patient is refunded the refused one in whole at the cashier.',
    'refused.refunded': 'Refunded and cancelled.',
    'refused.rewrite': 'Rewrite',
    'refused.rewritten': 'A new draft was made from the refused prescription; check it and sign',
  },
);

export const refusedBadge = (o: Order) =>
  o.refusal
    ? html`<span class="badge" style="color:var(--danger);background:var(--danger-soft)"
      data-testid="refused-badge">${tr('refused.badge')}</span>`
    : null;

export function RefusalNote(props: { order: Order }) {
  const r = props.order.refusal;
  if (!r) return null;
  return html`<div class="form-error order-refusal" role="alert" data-testid="refusal">
    ${tr('refused.text', { by: r.by, reason: r.reason })}${' '}
      ${props.order.status === 'cancelled' ? tr('refused.refunded') : tr('refused.next')}
  </div>`;
}

/** A new draft from a refused prescription's lines (a line with a dose gets its quantity recomputed). */
export async function rewriteRefused(o: Order, visitId: number): Promise<Order> {
  const body = {
    visitId,
    kind: o.kind,
    pharmacyId: o.pharmacyId,
    emergency: o.emergency,
    supplyReason: o.supplyReason,
    allergyOverrideReason: o.allergyOverrideReason,
    herbalDoses: o.herbalDoses,
    lines: o.lines.map((l) => ({
      itemId: l.itemId,
      dose: l.dose,
      doseUnit: l.doseUnit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      quantity: l.dose ? null : l.quantity,
      note: l.note,
    })),
  };
  const draft = await post<Order>('/api/orders', body, { idempotencyKey: newKey() });
  toast(tr('refused.rewritten'));
  return draft;
}

export function RewriteButton(props: {
  order: Order;
  visitId: number;
  onDraft: (o: Order) => void;
  onError: (e: unknown) => void;
}) {
  return html`<button type="button" class="btn btn-small btn-primary" data-testid="rewrite" onClick=${() =>
    rewriteRefused(props.order, props.visitId).then(props.onDraft, props.onError)}>${tr('refused.rewrite')}</button>`;
}
