// "Add a found lot" during a stock-take: a lot on the shelf that the snapshot did not have
// (item, lot no, expiry, purchase price in yuan per pack, the count).
import { useState } from 'preact/hooks';
import { ApiError, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormActions, FormError, TextField, useForm } from '../../components/form.js';
import { html } from '../../html.js';
import { hasFractionOfFen, parseCount, parseYuan } from './format.js';
import { t } from './i18n.js';
import { ItemPicker } from './pickers.js';
import type { ItemRef, StockDoc } from './types.js';

const FIELDS = ['itemId', 'lotNo', 'expiryDate', 'purchasePriceFen', 'countedQty'];

export function AddFoundLot(props: {
  doc: StockDoc;
  flush: () => Promise<void>;
  onClose: () => void;
  onAdded: (d: StockDoc) => void;
}) {
  const [item, setItem] = useState<ItemRef | null>(null);
  const f = useForm({ lotNo: '', expiryDate: '', price: '', counted: '' });
  const onSubmit = f.submit(async (v) => {
    const bad = (field: string, msg: string) => new ApiError(422, 'invalid', msg, field);
    if (!item) throw bad('itemId', t('err.item'));
    if (!v.lotNo.trim()) throw bad('lotNo', t('err.lotNo'));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.expiryDate)) throw bad('expiryDate', t('err.expiry'));
    if (hasFractionOfFen(v.price)) throw bad('purchasePriceFen', t('err.priceFen'));
    const price = parseYuan(v.price);
    if (price === null || price < 0) throw bad('purchasePriceFen', t('err.price'));
    const counted = parseCount(v.counted);
    if (counted === null) throw bad('countedQty', t('count.bad'));
    await props.flush();
    const d = await put<StockDoc>(`/api/stock/docs/${props.doc.id}/counts`, {
      counts: [],
      added: [
        {
          itemId: item.id,
          lotNo: v.lotNo.trim(),
          expiryDate: v.expiryDate,
          purchasePriceFen: price,
          countedQty: counted,
        },
      ],
    });
    props.onAdded(d);
  });
  // The server names the added lot's fields as added.0.<field>: show them at the field.
  const err =
    f.error && f.error.field?.startsWith('added.0.')
      ? new ApiError(f.error.status, f.error.code, f.error.message, f.error.field.slice(8))
      : f.error;
  const itemMsg = err?.field === 'itemId' ? err.message : null;
  return html`<${Dialog} title=${t('count.addLot')} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${err} fields=${FIELDS} />
      <div class=${itemMsg ? 'field field-invalid span2' : 'field span2'}>
        <div class="label-row"><span class="label">${t('col.item')}</span></div>
        <${ItemPicker} name="itemId" label=${t('col.item')} item=${item} invalid=${!!itemMsg} onPick=${setItem}
          autoFocus />
        ${itemMsg ? html`<div class="field-msg" role="alert">${itemMsg}</div>` : null}
      </div>
      <${TextField} label=${t('col.lotNo')} name="lotNo" value=${f.values.lotNo} maxLength=${40}
        onInput=${(x: string) => f.set('lotNo', x)} error=${err} />
      <${TextField} label=${t('col.expiry')} name="expiryDate" type="date" value=${f.values.expiryDate}
        onInput=${(x: string) => f.set('expiryDate', x)} error=${err} />
      <${TextField} label=${t('found.price', { unit: item?.packUnit ?? t('found.pack') })} name="purchasePriceFen"
        value=${f.values.price} onInput=${(x: string) => f.set('price', x)} error=${err} />
      <${TextField} label=${t('found.counted', { unit: item?.unit ?? '' })} name="countedQty"
        value=${f.values.counted} onInput=${(x: string) => f.set('counted', x)} error=${err} />
      <${FormActions} busy=${f.busy} submitLabel=${t('found.add')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
