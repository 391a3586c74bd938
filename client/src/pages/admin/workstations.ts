// Workstations (工作站): a named place (a browser in a room) with its department,
// printers, card reader and default pharmacy; the browsers bound to each (who bound them,
// when, last seen) with a revoke. Live.
import { useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { ApiError, get, post, put } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from '../../i18n/index.js';
import { loadWorkstation, workstation } from '../../session.js';
import { bindThisBrowser } from '../workstation-chooser.js';
import { ActiveBadge } from './departments.js';
import { AdminFrame } from './frame.js';
import { orNull, type Department, type Items, type Workstation } from './types.js';
import { dateTimeSecondsText } from '../../time.js';
import type { BindingView } from '../../../../server/modules/workstations/schema.js';
import type { z } from 'zod';

export function WorkstationsPage() {
  const [q, setQ] = useState('');
  const dq = useDebounced(q);
  const r = useResource(() => get<Items<Workstation>>('/api/workstations', { q: dq }), [dq]);
  const depts = useResource(() => get<Items<Department>>('/api/departments'), []);
  useLive([EVENTS.workstationChanged, EVENTS.departmentChanged], r.reload);
  useLive([EVENTS.departmentChanged], depts.reload);
  const [editing, setEditing] = useState<Workstation | 'new' | null>(null);
  const deptName = (id: number | null) =>
    id === null ? '' : (depts.data?.items.find((d) => d.id === id)?.name ?? String(id));
  const rows = r.data?.items;
  const here = workstation.value?.id;

  const columns: Column<Workstation>[] = [
    { label: t('ws.code'), render: (w) => w.code, class: 'mono' },
    {
      label: t('ws.name'),
      render: (w) => html`${w.name}${w.id === here ? html` <${Badge} kind="info">${t('ws.thisBrowser')}<//>` : null}`,
    },
    { label: t('ws.department'), render: (w) => w.departmentName ?? '' },
    {
      label: t('ws.printers'),
      render: (w) =>
        [
          w.receiptPrinter && `${t('ws.receipt')}: ${w.receiptPrinter}`,
          w.labelPrinter && `${t('ws.label')}: ${w.labelPrinter}`,
          w.invoicePrinter && `${t('ws.invoice')}: ${w.invoicePrinter}`,
        ]
          .filter(Boolean)
          .join(';'),
    },
    { label: t('ws.cardReader'), render: (w) => w.cardReader ?? '' },
    { label: t('ws.defaultPharmacy'), render: (w) => deptName(w.defaultPharmacyId) },
    { label: t('common.status'), render: (w) => html`<${ActiveBadge} active=${w.active} />` },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (w) => html`<div class="row-actions">
        <button type="button" class="btn btn-small" onClick=${() => setEditing(w)}>${t('common.edit')}</button>
        ${
          w.active && w.id !== here
            ? html`<button type="button" class="btn btn-small"
              onClick=${() => void bindThisBrowser(w)}>${t('ws.useHere')}</button>`
            : null
        }
      </div>`,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.workstations')}>
      <button type="button" class="btn btn-primary" onClick=${() => setEditing('new')}>${t('ws.new')}</button>
    <//>
    <${DataTable}
      label=${t('admin.workstations')}
      columns=${columns}
      rows=${rows}
      rowKey=${(w: Workstation) => w.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`<${SearchBox} value=${q} onInput=${setQ} />`}
    />
    <${Bindings} />
    ${
      editing
        ? html`<${WorkstationDialog}
          workstation=${editing === 'new' ? null : editing}
          departments=${depts.data?.items ?? []}
          onClose=${() => setEditing(null)}
          onSaved=${(w: Workstation) => {
            setEditing(null);
            if (w.id === here) void loadWorkstation();
            r.reload();
          }}
        />`
        : null
    }
  <//>`;
}

type Binding = z.infer<typeof BindingView>;

const when = (ms: number | null) => (ms === null ? '' : dateTimeSecondsText(ms));

/** A short browser label from a user agent ("Chrome 120 · Windows"). */
function browserOf(ua: string | null): string {
  if (!ua) return '';
  const b = /(Edg|Chrome|Chromium|Firefox|Safari)\/(\d+)/.exec(ua);
  const os = /Windows|Mac OS X|Linux|Android|iPhone|iPad/.exec(ua);
  return (
    [b ? `${b[1] === 'Edg' ? 'Edge' : b[1]} ${b[2]}` : '', os ? os[0] : ''].filter(Boolean).join(' · ') ||
    ua.slice(0, 40)
  );
}

/** The browsers bound to workstations, with a revoke that counts from their next request. */
function Bindings() {
  const r = useResource(() => get<Items<Binding>>('/api/workstations/bindings'), []);
  useLive([EVENTS.workstationChanged], r.reload);
  const [revoking, setRevoking] = useState<Binding | null>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async (b: Binding) => {
    setBusy(true);
    try {
      await post(`/api/workstations/bindings/${b.id}/revoke`, {});
      toast(t('ws.bindings.revoked'), 'ok');
      r.reload();
      if (b.workstationId === workstation.value?.id) void loadWorkstation();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };
  const columns: Column<Binding>[] = [
    { label: t('ws.bindings.workstation'), render: (b) => b.workstationName },
    {
      label: t('ws.bindings.browser'),
      render: (b) => html`<span title=${b.userAgent ?? ''}>${browserOf(b.userAgent)}</span>`,
    },
    { label: t('ws.bindings.issuedBy'), render: (b) => b.issuedByName ?? '' },
    { label: t('ws.bindings.issuedAt'), render: (b) => when(b.issuedAt) },
    { label: t('ws.bindings.lastSeen'), render: (b) => when(b.lastSeenAt) },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (b) =>
        html`<button type="button" class="btn btn-small" data-revoke=${b.id}
          onClick=${() => setRevoking(b)}>${t('ws.bindings.revoke')}</button>`,
    },
  ];
  return html`<section class="ws-bindings" style="margin-top:1.5rem">
    <h2>${t('ws.bindings')}</h2>
    ${r.data && r.data.items.length === 0 ? html`<p class="muted">${t('ws.bindings.none')}</p>` : null}
    ${
      r.data?.items.length || r.error
        ? html`<${DataTable} label=${t('ws.bindings')} columns=${columns} rows=${r.data?.items}
          rowKey=${(b: Binding) => b.id} loading=${r.loading} error=${r.error} />`
        : null
    }
    ${
      revoking
        ? html`<${Confirm}
          title=${t('ws.bindings.revoke')}
          text=${t('ws.bindings.confirmRevoke', { name: revoking.workstationName })}
          confirmLabel=${t('ws.bindings.revoke')}
          danger=${true}
          busy=${busy}
          onAnswer=${(yes: boolean) => (yes ? void revoke(revoking) : setRevoking(null))}
        />`
        : null
    }
  </section>`;
}

function WorkstationDialog(props: {
  workstation: Workstation | null;
  departments: Department[];
  onClose: () => void;
  onSaved: (w: Workstation) => void;
}) {
  const w = props.workstation;
  const f = useForm({
    code: w?.code ?? '',
    name: w?.name ?? '',
    departmentId: w?.departmentId ? String(w.departmentId) : '',
    receiptPrinter: w?.receiptPrinter ?? '',
    labelPrinter: w?.labelPrinter ?? '',
    invoicePrinter: w?.invoicePrinter ?? '',
    cardReader: w?.cardReader ?? '',
    defaultPharmacyId: w?.defaultPharmacyId ? String(w.defaultPharmacyId) : '',
    active: w?.active ?? true,
  });
  const onSubmit = f.submit(async (v) => {
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      departmentId: v.departmentId ? Number(v.departmentId) : null,
      receiptPrinter: orNull(v.receiptPrinter),
      labelPrinter: orNull(v.labelPrinter),
      invoicePrinter: orNull(v.invoicePrinter),
      cardReader: orNull(v.cardReader),
      defaultPharmacyId: v.defaultPharmacyId ? Number(v.defaultPharmacyId) : null,
    };
    const saved = w
      ? await put<Workstation>(`/api/workstations/${w.id}`, { ...body, active: v.active, version: w.version })
      : await post<Workstation>('/api/workstations', body);
    toast(t('common.saved'));
    props.onSaved(saved);
  });
  const active = props.departments.filter((d) => d.active);
  const deptOptions = active.map((d) => ({ value: String(d.id), label: d.name }));
  const pharmacyOptions = active
    .filter((d) => d.kind === 'pharmacy')
    .map((d) => ({ value: String(d.id), label: d.name }));
  const text = (
    name: 'receiptPrinter' | 'labelPrinter' | 'invoicePrinter' | 'cardReader',
    label: string,
    hint: string,
  ) =>
    html`<${TextField} label=${label} name=${name} value=${f.values[name]} onInput=${(x: string) => f.set(name, x)}
      maxLength=${100} hint=${hint} error=${f.error} />`;
  return html`<${Dialog} title=${w ? t('ws.edit', { name: w.name }) : t('ws.new')} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error}
        fields=${[
          'code',
          'name',
          'departmentId',
          'receiptPrinter',
          'labelPrinter',
          'invoicePrinter',
          'cardReader',
          'defaultPharmacyId',
          'active',
        ]} />
      <${TextField} label=${t('ws.code')} name="code" value=${f.values.code}
        onInput=${(x: string) => f.set('code', x)} maxLength=${20} error=${f.error} required />
      <${TextField} label=${t('ws.name')} name="name" value=${f.values.name}
        onInput=${(x: string) => f.set('name', x)} maxLength=${50} error=${f.error} required />
      <${SelectField} label=${t('ws.department')} name="departmentId" value=${f.values.departmentId}
        options=${deptOptions} empty=${t('common.none')} onChange=${(x: string) => f.set('departmentId', x)}
          error=${f.error} />
      <${SelectField} label=${t('ws.defaultPharmacy')} name="defaultPharmacyId" value=${f.values.defaultPharmacyId}
        options=${pharmacyOptions} empty=${t('common.none')} onChange=${(x: string) => f.set('defaultPharmacyId', x)}
          error=${f.error} />
      ${text('receiptPrinter', t('ws.receiptPrinter'), t('ws.printerHint'))}
      ${text('labelPrinter', t('ws.labelPrinter'), t('ws.printerHint'))}
      ${text('invoicePrinter', t('ws.invoicePrinter'), t('ws.printerHint'))}
      ${text('cardReader', t('ws.cardReader'), t('ws.cardReaderHint'))}
      ${
        w
          ? html`<${CheckField} label=${t('common.activeCheck')} name="active" checked=${f.values.active}
        onChange=${(x: boolean) => f.set('active', x)} error=${f.error} />`
          : null
      }
      <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
