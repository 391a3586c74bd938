// Departments (科室): list, search by code / name / pinyin, create and edit. Live.
import { useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { get, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t, type Key } from '../../i18n/index.js';
import { can } from '../../session.js';
import { AdminFrame } from './frame.js';
import { DEPARTMENT_KINDS, orNull, type Department, type DepartmentKind, type Items } from './types.js';

export const kindLabel = (k: DepartmentKind) => t(('dept.kind.' + k) as Key);

export function ActiveFilter(props: { value: string; onChange: (v: string) => void }) {
  return html`<label class="filter">
    <span class="sr-only">${t('common.status')}</span>
    <select name="active" value=${props.value}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">${t('common.allStatuses')}</option>
      <option value="true">${t('common.activeOnly')}</option>
      <option value="false">${t('common.inactiveOnly')}</option>
    </select>
  </label>`;
}

export function ActiveBadge(props: { active: boolean }) {
  return props.active
    ? html`<${Badge} kind="ok">${t('common.active')}<//>`
    : html`<${Badge} kind="off">${t('common.inactive')}<//>`;
}

export function DepartmentsPage() {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [active, setActive] = useState('');
  const dq = useDebounced(q);
  const r = useResource(() => get<Items<Department>>('/api/departments', { q: dq, kind, active }), [dq, kind, active]);
  useLive([EVENTS.departmentChanged], r.reload);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const editable = can('admin.departments');

  const columns: Column<Department>[] = [
    { label: t('dept.code'), render: (d) => d.code, class: 'mono' },
    { label: t('dept.name'), render: (d) => d.name },
    { label: t('dept.kind'), render: (d) => kindLabel(d.kind) },
    { label: t('dept.phone'), render: (d) => d.phone ?? '' },
    { label: t('dept.location'), render: (d) => d.location ?? '' },
    { label: t('common.status'), render: (d) => html`<${ActiveBadge} active=${d.active} />` },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (d) =>
        editable
          ? html`<button type="button" class="btn btn-small" onClick=${() => setEditing(d)}>${t('common.edit')}
            </button>`
          : null,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.departments')}>
      ${
        editable
          ? html`<button type="button" class="btn btn-primary"
        onClick=${() => setEditing('new')}>${t('dept.new')}</button>`
          : null
      }
    <//>
    <${DataTable}
      label=${t('admin.departments')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(d: Department) => d.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${setQ} />
        <label class="filter">
          <span class="sr-only">${t('dept.kind')}</span>
          <select name="kind" value=${kind}
            onChange=${(e: Event) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">${t('dept.allKinds')}</option>
            ${DEPARTMENT_KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
          </select>
        </label>
        <${ActiveFilter} value=${active} onChange=${setActive} />
      `}
    />
    ${
      editing
        ? html`<${DepartmentDialog}
          department=${editing === 'new' ? null : editing}
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

function DepartmentDialog(props: { department: Department | null; onClose: () => void; onSaved: () => void }) {
  const d = props.department;
  const f = useForm({
    code: d?.code ?? '',
    name: d?.name ?? '',
    kind: (d?.kind ?? 'clinic') as string,
    phone: d?.phone ?? '',
    location: d?.location ?? '',
    active: d?.active ?? true,
  });
  const onSubmit = f.submit(async (v) => {
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      kind: v.kind,
      phone: orNull(v.phone),
      location: orNull(v.location),
    };
    if (d) await put(`/api/departments/${d.id}`, { ...body, active: v.active, version: d.version });
    else await post('/api/departments', body);
    toast(t('common.saved'));
    props.onSaved();
  });
  return html`<${Dialog} title=${d ? t('dept.edit', { name: d.name }) : t('dept.new')} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error} fields=${['code', 'name', 'kind', 'phone', 'location', 'active']} />
      <${TextField} label=${t('dept.code')} name="code" value=${f.values.code}
        onInput=${(v: string) => f.set('code', v)} maxLength=${20} hint=${t('dept.codeHint')} error=${f.error}
          required />
      <${TextField} label=${t('dept.name')} name="name" value=${f.values.name}
        onInput=${(v: string) => f.set('name', v)} maxLength=${50} error=${f.error} required />
      <${SelectField} label=${t('dept.kind')} name="kind" value=${f.values.kind}
        options=${DEPARTMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          onChange=${(v: string) => f.set('kind', v)} error=${f.error} required />
      <${TextField} label=${t('dept.phone')} name="phone" value=${f.values.phone}
        onInput=${(v: string) => f.set('phone', v)} maxLength=${30} error=${f.error} />
      <${TextField} label=${t('dept.location')} name="location" value=${f.values.location}
        onInput=${(v: string) => f.set('location', v)} maxLength=${100} error=${f.error} />
      ${
        d
          ? html`<${CheckField} label=${t('common.activeCheck')} name="active" checked=${f.values.active}
        onChange=${(v: boolean) => f.set('active', v)} error=${f.error} />`
          : null
      }
      <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
