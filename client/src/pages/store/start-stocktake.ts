// Starting a stock-take (开始盘点): freezes a snapshot of every lot at the location (or of one
// kind) and opens the counting page; 盲盘 hides the book quantities from counters until posting.
// One idempotency key per opened dialog.
import { useState } from 'preact/hooks';
import { newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { html } from '../../html.js';
import { t } from './i18n.js';
import { go, paths } from './nav.js';
import type { StockDoc, StockLocation } from './types.js';

export function StartStocktake(props: { location: StockLocation; onClose: () => void }) {
  const [key] = useState(newKey);
  const f = useForm({ kind: '', note: '', blind: false });
  const onSubmit = f.submit(async (v) => {
    const body: Record<string, unknown> = { locationId: props.location.id };
    if (v.kind) body.kind = v.kind;
    if (v.note.trim()) body.note = v.note.trim();
    if (v.blind) body.blind = true;
    const doc = await post<StockDoc>('/api/stock/stocktakes', body, { idempotencyKey: key });
    go(paths.stocktake(doc.id));
  });
  return html`<${Dialog} title=${t('stocktake.start')} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form">
      <p class="muted">${t('stocktake.startHint', { name: props.location.name })}</p>
      <${FormError} error=${f.error} fields=${['kind', 'note']} />
      <${SelectField}
        label=${t('stocktake.kind')}
        name="kind"
        value=${f.values.kind}
        empty=${t('stocktake.kind.all')}
        options=${[{ value: 'drug', label: t('kind.drug') }, { value: 'material', label: t('kind.material') }]}
        onChange=${(v: string) => f.set('kind', v)}
        error=${f.error}
      />
      <${CheckField} label=${t('stocktake.blind')} name="blind" checked=${f.values.blind}
        onChange=${(v: boolean) => f.set('blind', v)} error=${f.error} />
      <${TextField} label=${t('field.note')} name="note" value=${f.values.note} maxLength=${200}
        onInput=${(v: string) => f.set('note', v)} error=${f.error} />
      <${FormActions} busy=${f.busy} submitLabel=${t('stocktake.startGo')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
