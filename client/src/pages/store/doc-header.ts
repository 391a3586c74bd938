// The header of a stock document being drafted: per type the supplier (pinyin picker) and
// the supplier's invoice number, the receiving location, the store asked, the consuming
// department, the loss reason; a note on every type.
import { get, type ApiError } from '../../api.js';
import { SelectField, TextField } from '../../components/form.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from './i18n.js';
import { SupplierPicker } from './pickers.js';
import type { DocType, Items, StockLocation, SupplierRef } from './types.js';

export interface HeaderDraft {
  counterpartId: string;
  supplier: { id: number; name: string } | null;
  supplierInvoiceNo: string;
  reason: string;
  note: string;
}

function fieldMsg(error: ApiError | null, name: string): string | null {
  return error?.field === name ? error.message : null;
}

export function DocHeader(props: {
  type: DocType;
  location: StockLocation;
  locations: StockLocation[];
  value: HeaderDraft;
  onChange: (fn: (h: HeaderDraft) => HeaderDraft) => void;
  error: ApiError | null;
  disabled: boolean;
}) {
  const { type, value: h, error } = props;
  const set = <K extends keyof HeaderDraft>(k: K, v: HeaderDraft[K]) => props.onChange((prev) => ({ ...prev, [k]: v }));
  const others = props.locations.filter((l) => l.id !== props.location.id);
  const depts = useResource(
    () =>
      type === 'consumption'
        ? get<Items<{ id: number; name: string }>>('/api/departments', { active: 'true' })
        : Promise.resolve({ items: [] }),
    [type],
  );
  const supplierMsg = fieldMsg(error, 'supplierId');
  return html`<div class="form grid3 doc-header">
    ${
      type === 'receipt' || type === 'supplier_return'
        ? html`<div class=${supplierMsg ? 'field field-invalid' : 'field'}>
          <div class="label-row"><span class="label">${t('field.supplier')}</span>${
            type === 'receipt'
              ? html`<span
            class="req" aria-hidden="true">*</span>`
              : null
          }</div>
          <${SupplierPicker}
            name="supplierId"
            label=${t('field.supplier')}
            supplier=${h.supplier}
            invalid=${!!supplierMsg}
            disabled=${props.disabled}
            onPick=${(s: SupplierRef) => set('supplier', { id: s.id, name: s.name })}
          />
          <div class="hint">${type === 'receipt' ? t('field.supplierHint') : t('field.returnSupplierHint')}</div>
          ${supplierMsg ? html`<div class="field-msg" role="alert">${supplierMsg}</div>` : null}
        </div>`
        : null
    }
    ${
      type === 'receipt'
        ? html`<${TextField} label=${t('field.invoiceNo')} name="supplierInvoiceNo" required
          value=${h.supplierInvoiceNo} maxLength=${40} onInput=${(v: string) => set('supplierInvoiceNo', v)}
            error=${error} disabled=${props.disabled} />`
        : null
    }
    ${
      type === 'transfer'
        ? html`<${SelectField}
          label=${t('field.toLocation')}
          name="counterpartId"
          required
          value=${h.counterpartId}
          empty=${t('field.choose')}
          options=${others.map((l) => ({ value: String(l.id), label: l.name }))}
          onChange=${(v: string) => set('counterpartId', v)}
          error=${error}
          disabled=${props.disabled}
        />`
        : null
    }
    ${
      type === 'requisition'
        ? html`<${SelectField}
          label=${t('field.fromStore')}
          name="counterpartId"
          required
          value=${h.counterpartId}
          empty=${t('field.choose')}
          options=${others.filter((l) => l.kind === 'store').map((l) => ({ value: String(l.id), label: l.name }))}
          onChange=${(v: string) => set('counterpartId', v)}
          error=${error}
          disabled=${props.disabled}
        />`
        : null
    }
    ${
      type === 'consumption'
        ? html`<${SelectField}
          label=${t('field.department')}
          name="counterpartId"
          required
          value=${h.counterpartId}
          empty=${t('field.choose')}
          options=${(depts.data?.items ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
          onChange=${(v: string) => set('counterpartId', v)}
          error=${error}
          disabled=${props.disabled}
        />`
        : null
    }
    ${
      type === 'loss'
        ? html`<${TextField} label=${t('field.reason')} name="reason" required value=${h.reason} maxLength=${200}
          onInput=${(v: string) => set('reason', v)} error=${error} disabled=${props.disabled} />`
        : null
    }
    <${TextField} label=${t('field.note')} name="note" value=${h.note} maxLength=${200}
      onInput=${(v: string) => set('note', v)} error=${error} disabled=${props.disabled} />
  </div>`;
}
