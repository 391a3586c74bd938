// 限定适应症 at the doctor's station (issue 11 step 4): for an insured visit, each prescribed item
// the insurer restricts (限定支付范围, lmt_used_flag 1) asks "符合限定适应症?" — 是 (reimbursed) or 否
// (own pay). The answer is kept on the order line and sent with the fee upload (hosp_appr_flag);
// until the doctor answers, the cashier cannot upload the line ("待医生确认限定用药").
import { useEffect, useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { get, post } from '../../api.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import { onEvent } from '../../socket.js';
import type { RestrictedLines } from '../../../../server/modules/insurance-settlement/schema.js';

const tr = scoped(
  {
    title: '医保限定用药',
    ask: '符合限定适应症?',
    yes: '是',
    no: '否(自费)',
    unanswered: '未确认',
    saved: '已记录:{name} {answer}',
  },
  {
    title: 'Restricted insured drugs',
    ask: 'Indication met?',
    yes: 'Yes',
    no: 'No (self-pay)',
    unanswered: 'Not answered',
    saved: 'Recorded: {name} {answer}',
  },
);

export function RestrictedDrugs(props: { visitId: number; epoch: number }) {
  const r = useResource(
    () => get<RestrictedLines>(`/api/insurance/settlement/visits/${props.visitId}/restricted`),
    [props.visitId, props.epoch],
  );
  const [busy, setBusy] = useState(false);
  useEffect(
    () =>
      onEvent(EV.orderSigned, (env) => {
        if (env.payload.visitId === props.visitId) r.reload();
      }),
    [props.visitId],
  );
  const data = r.data;
  if (!data || !data.insured || !data.items.length) return null;
  const answer = async (orderLineId: number, name: string, flag: '0' | '1') => {
    if (busy) return;
    setBusy(true);
    try {
      await post(`/api/insurance/settlement/order-lines/${orderLineId}/approval`, { flag });
      toast(tr('saved', { name, answer: flag === '1' ? tr('yes') : tr('no') }));
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
      r.reload();
    }
  };
  return html`<section class="panel" aria-labelledby="restricted-title" data-testid="restricted-drugs">
    <h2 id="restricted-title">${tr('title')}</h2>
    <ul class="order-lines">
      ${data.items.map(
        (i) => html`<li key=${i.orderLineId} data-order-line-id=${i.orderLineId}>
          <strong>${i.name}</strong> <span class="muted small">${i.restriction ?? ''}</span>
          <span> ${tr('ask')} </span>
          ${
            i.editable
              ? html`<button type="button" class=${'btn btn-small' + (i.flag === '1' ? ' btn-primary' : '')}
                  disabled=${busy} onClick=${() => void answer(i.orderLineId, i.name, '1')}>${tr('yes')}</button>
                <button type="button" class=${'btn btn-small' + (i.flag === '0' ? ' btn-primary' : '')}
                  disabled=${busy} onClick=${() => void answer(i.orderLineId, i.name, '0')}>${tr('no')}</button>`
              : html`<span>${i.flag === '1' ? tr('yes') : i.flag === '0' ? tr('no') : tr('unanswered')}</span>`
          }
        </li>`,
      )}
    </ul>
  </section>`;
}
