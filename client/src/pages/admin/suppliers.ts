// Suppliers (供应商): list, search by code / name / pinyin initials, create and edit, deactivate.
// Licences that have expired or expire within 30 days are highlighted. Export to Excel (the
// import template) and import with the dictionary page's row-by-row check. Live on supplier:changed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { SUPPLIER_EVENTS } from '../../../../core/contract.js';
import { ApiError, download, get, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { ImportDialog } from './catalog-import.js';
import { ActiveBadge, ActiveFilter } from './departments.js';
import { AdminFrame } from './frame.js';
import { t } from './suppliers.i18n.js';
import { orNull, type Items } from './types.js';
import type { ExpiringList, SupplierView } from '../../../../server/modules/suppliers/schema.js';
import type { z } from 'zod';

export type Supplier = SupplierView;

type Expiring = z.infer<typeof ExpiringList>;

function LicenceCell(props: { s: Supplier; left: number | undefined }) {
  const { s, left } = props;
  if (!s.drugLicenceExpiresOn) return html`<span>${s.drugLicenceNo ?? ''}</span>`;
  const badge =
    left === undefined
      ? null
      : left < 0
        ? html`<${Badge} kind="warn">${t('expired', { n: -left })}<//>`
        : left === 0
          ? html`<${Badge} kind="warn">${t('expiresToday')}<//>`
          : html`<${Badge} kind="info">${t('expiresIn', { n: left })}<//>`;
  return html`<span>${s.drugLicenceNo ?? ''} <span class="mono">${s.drugLicenceExpiresOn}</span> ${badge}</span>`;
}

export function SuppliersPage() {
  const [q, setQ] = useState('');
  const [active, setActive] = useState('');
  const dq = useDebounced(q);
  const r = useResource(() => get<Items<Supplier>>('/api/suppliers', { q: dq, active }), [dq, active]);
  const exp = useResource(() => get<Expiring>('/api/suppliers/expiring'), []);
  // An import announces every supplier it wrote: one reload for a burst of events.
  const pending = useRef<number | null>(null);
  useLive([SUPPLIER_EVENTS.supplierChanged], () => {
    if (pending.current !== null) return;
    pending.current = window.setTimeout(() => {
      pending.current = null;
      r.reload();
      exp.reload();
    }, 200);
  });
  useEffect(
    () => () => {
      if (pending.current !== null) window.clearTimeout(pending.current);
    },
    [],
  );
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const daysLeft = new Map((exp.data?.items ?? []).map((s) => [s.id, s.daysLeft]));

  const deactivate = async (s: Supplier) => {
    try {
      await post(`/api/suppliers/${s.id}/deactivate`, { version: s.version });
      toast(t('deactivated'));
    } catch (e) {
      toast((e as Error).message, 'error');
    }
    r.reload();
    exp.reload();
  };

  const exportFile = async () => {
    try {
      await download('/api/suppliers/export', {}, t('exportFile'));
      toast(t('exported'));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : tg('error.unexpected'), 'error');
    }
  };

  const columns: Column<Supplier>[] = [
    { label: t('code'), render: (s) => s.code, class: 'mono' },
    { label: t('name'), render: (s) => s.name },
    { label: t('shortName'), render: (s) => s.shortName ?? '' },
    { label: t('pinyinInitials'), render: (s) => s.pinyinInitials, class: 'mono' },
    { label: t('contactPerson'), render: (s) => [s.contactPerson, s.phone].filter(Boolean).join(' ') },
    { label: t('licence'), render: (s) => html`<${LicenceCell} s=${s} left=${daysLeft.get(s.id)} />` },
    { label: tg('common.status'), render: (s) => html`<${ActiveBadge} active=${s.active} />` },
    {
      label: tg('common.actions'),
      class: 'actions-col',
      render: (s) => html`<div class="row-actions">
        <button type="button" class="btn btn-small" onClick=${() => setEditing(s)}>${tg('common.edit')}</button>
        ${
          s.active
            ? html`<button type="button" class="btn btn-small btn-danger-quiet"
          onClick=${() => deactivate(s)}>${t('deactivate')}</button>`
            : null
        }
      </div>`,
    },
  ];
  const nExp = exp.data?.items.length ?? 0;
  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.suppliers')}>
      <button type="button" class="btn btn-primary" onClick=${() => setEditing('new')}>${t('new')}</button>
      <button type="button" class="btn" onClick=${exportFile}>${t('export')}</button>
      <button type="button" class="btn" onClick=${() => setImporting(true)}>${t('import')}</button>
    <//>
    ${
      nExp
        ? html`<div class="notice" role="status"
      data-testid="expiring-summary">${t('expiringSummary', { n: nExp, days: exp.data!.days })}</div>`
        : null
    }
    <${DataTable}
      label=${tg('admin.suppliers')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(s: Supplier) => s.id}
      loading=${r.loading}
      error=${r.error}
      rowClass=${(s: Supplier) => {
        const left = daysLeft.get(s.id);
        return left === undefined ? undefined : left < 0 ? 'row-expired' : 'row-near';
      }}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('searchHint')} />
        <${ActiveFilter} value=${active} onChange=${setActive} />
      `}
    />
    ${
      editing
        ? html`<${SupplierDialog}
          supplier=${editing === 'new' ? null : editing}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            r.reload();
            exp.reload();
          }}
        />`
        : null
    }
    ${
      importing
        ? html`<${ImportDialog}
          path="/api/suppliers/import"
          title=${t('importTitle')}
          onClose=${() => {
            setImporting(false);
            r.reload();
            exp.reload();
          }}
        />`
        : null
    }
  <//>`;
}

const FIELDS = [
  'code',
  'name',
  'shortName',
  'contactPerson',
  'phone',
  'address',
  'creditCode',
  'drugLicenceNo',
  'drugLicenceExpiresOn',
  'pinyinInitials',
  'active',
];

function SupplierDialog(props: { supplier: Supplier | null; onClose: () => void; onSaved: () => void }) {
  const s = props.supplier;
  const f = useForm({
    code: s?.code ?? '',
    name: s?.name ?? '',
    shortName: s?.shortName ?? '',
    contactPerson: s?.contactPerson ?? '',
    phone: s?.phone ?? '',
    address: s?.address ?? '',
    creditCode: s?.creditCode ?? '',
    drugLicenceNo: s?.drugLicenceNo ?? '',
    drugLicenceExpiresOn: s?.drugLicenceExpiresOn ?? '',
    pinyinInitials: s?.pinyinInitials ?? '',
    active: s?.active ?? true,
  });
  const onSubmit = f.submit(async (v) => {
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      shortName: orNull(v.shortName),
      contactPerson: orNull(v.contactPerson),
      phone: orNull(v.phone),
      address: orNull(v.address),
      creditCode: orNull(v.creditCode),
      drugLicenceNo: orNull(v.drugLicenceNo),
      drugLicenceExpiresOn: orNull(v.drugLicenceExpiresOn),
      pinyinInitials: orNull(v.pinyinInitials),
    };
    if (s) await put(`/api/suppliers/${s.id}`, { ...body, active: v.active, version: s.version });
    else await post('/api/suppliers', body);
    toast(tg('common.saved'));
    props.onSaved();
  });
  const text = (name: keyof typeof f.values & keyof typeof LIMITS, extra: Record<string, unknown> = {}) =>
    html`<${TextField}
      label=${t(name)}
      name=${name}
      value=${f.values[name] as string}
      onInput=${(v: string) => f.set(name, v)}
      maxLength=${LIMITS[name]}
      error=${f.error}
      ...${extra}
    />`;
  return html`<${Dialog} title=${s ? t('edit', { name: s.name }) : t('new')} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error} fields=${FIELDS} />
      ${text('code', { hint: t('codeHint'), required: true })}
      ${text('name', { required: true })}
      ${text('shortName')}
      ${text('pinyinInitials', { hint: t('pinyinHint') })}
      ${text('contactPerson')}
      ${text('phone')}
      ${text('address')}
      ${text('creditCode', { hint: t('creditCodeHint') })}
      ${text('drugLicenceNo')}
      ${text('drugLicenceExpiresOn', { hint: t('dateHint'), placeholder: 'YYYY-MM-DD' })}
      ${
        s
          ? html`<${CheckField} label=${tg('common.activeCheck')} name="active" checked=${f.values.active}
        onChange=${(v: boolean) => f.set('active', v)} error=${f.error} />`
          : null
      }
      <${FormActions} busy=${f.busy} submitLabel=${tg('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}

const LIMITS = {
  code: 20,
  name: 100,
  shortName: 30,
  contactPerson: 30,
  phone: 30,
  address: 200,
  creditCode: 18,
  drugLicenceNo: 50,
  drugLicenceExpiresOn: 10,
  pinyinInitials: 200,
};
