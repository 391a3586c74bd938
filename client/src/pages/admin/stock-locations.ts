// Document settings (单据使用设置) and stock locations: every store and pharmacy department
// with its role (中心药库 / 门诊药房 / 住院药房), the store that supplies it and the documents
// it uses. As in the manual: choose the department, choose the document type, "加入". The
// dialog sets the role, the supplier and every document at once. Live on stock-location:changed.
import { useState } from 'preact/hooks';
import { EVENTS, STOCK_LOCATION_EVENTS } from '../../../../core/contract.js';
import { ApiError, get, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { ActiveBadge } from './departments.js';
import { AdminFrame } from './frame.js';
import { t } from './stock-locations.i18n.js';
import type { Items } from './types.js';
import type { StockLocationView } from '../../../../server/modules/stock-locations/schema.js';

export const DOC_TYPES = [
  'receipt',
  'requisition',
  'transfer',
  'supplier_return',
  'loss',
  'consumption',
  'stocktake',
] as const satisfies readonly StockLocationView['docTypes'][number][];
export type DocType = (typeof DOC_TYPES)[number];
export type LocationRole = StockLocationView['role'];

export type StockLocation = StockLocationView;

const docName = (d: DocType) => t(`doc.${d}`);
const sorted = (types: DocType[]) => DOC_TYPES.filter((d) => types.includes(d));

function AddBar(props: { locations: StockLocation[]; onDone: () => void }) {
  const [deptId, setDeptId] = useState('');
  const [type, setType] = useState<string>('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const loc = props.locations.find((l) => String(l.id) === deptId);
  const add = async (e: Event) => {
    e.preventDefault();
    if (!loc || !type || busy) return;
    setError(null);
    if (loc.docTypes.includes(type as DocType)) {
      toast(t('already'), 'error');
      return;
    }
    setBusy(true);
    try {
      await put(`/api/stock/locations/${loc.id}`, {
        role: loc.role,
        suppliedById: loc.suppliedById,
        docTypes: sorted([...loc.docTypes, type as DocType]),
        version: loc.version,
      });
      toast(t('added', { type: docName(type as DocType) }));
      setType('');
      props.onDone();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="sl-add" onSubmit=${add} novalidate aria-label=${t('add')}>
    <${SelectField}
      label=${t('dept')}
      name="locationId"
      value=${deptId}
      empty=${tg('common.choose')}
      options=${props.locations.map((l) => ({ value: String(l.id), label: `${l.name}(${t(`role.${l.role}`)})` }))}
      onChange=${(v: string) => (setDeptId(v), setError(null))}
    />
    <${SelectField}
      label=${t('docType')}
      name="type"
      value=${type}
      empty=${tg('common.choose')}
      options=${DOC_TYPES.filter((d) => !loc?.docTypes.includes(d)).map((d) => ({ value: d, label: docName(d) }))}
      onChange=${(v: string) => (setType(v), setError(null))}
    />
    <button type="submit" class="btn btn-primary" disabled=${busy || !loc || !type}>${t('add')}</button>
    ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
  </form>`;
}

export function StockLocationsPage() {
  const r = useResource(() => get<Items<StockLocation>>('/api/stock/locations'), []);
  useLive([STOCK_LOCATION_EVENTS.changed, EVENTS.departmentChanged], () => r.reload());
  const [editing, setEditing] = useState<StockLocation | null>(null);
  const locations = r.data?.items ?? [];
  const stores = locations.filter((l) => l.role === 'store' && l.active);

  const columns: Column<StockLocation>[] = [
    { label: t('dept'), render: (l) => html`<span><span class="mono">${l.code}</span> ${l.name}</span>` },
    { label: t('role'), render: (l) => t(`role.${l.role}`) },
    { label: t('suppliedBy'), render: (l) => l.suppliedByName ?? (l.role === 'store' ? '—' : t('noSupplier')) },
    {
      label: t('docTypes'),
      render: (l) =>
        l.docTypes.length
          ? html`<span class="doc-chips">${l.docTypes.map(
              (d) => html`<${Badge} key=${d} kind="info">${docName(d)}
            <//>`,
            )}</span>`
          : html`<${Badge} kind="warn">${t('none')}<//>`,
    },
    { label: tg('common.status'), render: (l) => html`<${ActiveBadge} active=${l.active} />` },
    {
      label: tg('common.actions'),
      class: 'actions-col',
      render: (l) =>
        html`<button type="button" class="btn btn-small" onClick=${() => setEditing(l)}>${t('settings')}</button>`,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.stockLocations')} />
    <p class="hint">${t('intro')}</p>
    <${AddBar} locations=${locations.filter((l) => l.active)} onDone=${() => r.reload()} />
    <${DataTable}
      label=${tg('admin.stockLocations')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(l: StockLocation) => l.id}
      loading=${r.loading}
      error=${r.error}
      empty=${t('noLocations')}
    />
    ${
      editing
        ? html`<${LocationDialog}
          location=${editing}
          stores=${stores.filter((s) => s.id !== editing.id)}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            r.reload();
          }}
        />`
        : null
    }
  <//>`;
}

function LocationDialog(props: {
  location: StockLocation;
  stores: StockLocation[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const l = props.location;
  const f = useForm({
    role: l.role as string,
    suppliedById: l.suppliedById === null ? '' : String(l.suppliedById),
    docTypes: l.docTypes as DocType[],
  });
  const isStore = l.kind === 'store';
  const roles: LocationRole[] = isStore ? ['store'] : ['outpatient_pharmacy', 'inpatient_pharmacy'];
  const onSubmit = f.submit(async (v) => {
    await put(`/api/stock/locations/${l.id}`, {
      role: v.role,
      suppliedById: v.suppliedById === '' ? null : Number(v.suppliedById),
      docTypes: sorted(v.docTypes),
      version: l.version,
    });
    toast(tg('common.saved'));
    props.onSaved();
  });
  const toggle = (d: DocType, on: boolean) =>
    f.set('docTypes', on ? [...f.values.docTypes, d] : f.values.docTypes.filter((x) => x !== d));
  return html`<${Dialog} title=${t('edit', { name: l.name })} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form">
      <${FormError} error=${f.error} fields=${['role', 'suppliedById', 'docTypes']} />
      <${SelectField}
        label=${t('role')}
        name="role"
        value=${f.values.role}
        options=${roles.map((x) => ({ value: x, label: t(`role.${x}`) }))}
        onChange=${(v: string) => f.set('role', v)}
        disabled=${isStore}
        error=${f.error}
        required
      />
      <${SelectField}
        label=${t('suppliedBy')}
        name="suppliedById"
        value=${f.values.suppliedById}
        empty=${t('noSupplier')}
        options=${isStore ? [] : props.stores.map((s) => ({ value: String(s.id), label: s.name }))}
        onChange=${(v: string) => f.set('suppliedById', v)}
        disabled=${isStore}
        hint=${isStore ? t('storeNoSupplier') : undefined}
        error=${f.error}
      />
      <fieldset class="doc-checks">
        <legend>${t('docTypes')}</legend>
        ${DOC_TYPES.map(
          (d) =>
            html`<${CheckField} key=${d} label=${docName(d)} name=${'docTypes.' + d}
              checked=${f.values.docTypes.includes(d)} onChange=${(on: boolean) => toggle(d, on)} />`,
        )}
      </fieldset>
      ${f.error?.field === 'docTypes' ? html`<div class="form-error" role="alert">${f.error.message}</div>` : null}
      <${FormActions} busy=${f.busy} submitLabel=${tg('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
