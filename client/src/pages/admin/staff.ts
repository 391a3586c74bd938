// Staff members (人员): name, gender, ID number (checked by the server), phone, department,
// professional title. ID numbers are masked in the list unless the user manages staff.
import { useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { get, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang, t } from '../../i18n/index.js';
import { can } from '../../session.js';
import { ActiveBadge, ActiveFilter } from './departments.js';
import { AdminFrame } from './frame.js';
import { orNull, type Department, type Items, type Staff, type Title } from './types.js';

export function maskIdNumber(id: string | null): string {
  if (!id) return '';
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function StaffPage() {
  const [q, setQ] = useState('');
  const [dept, setDept] = useState('');
  const [active, setActive] = useState('');
  const dq = useDebounced(q);
  const r = useResource(
    () => get<Items<Staff>>('/api/staff', { q: dq, departmentId: dept, active }),
    [dq, dept, active],
  );
  const depts = useResource(() => get<Items<Department>>('/api/departments'), []);
  const titles = useResource(() => get<Title[]>('/api/staff/titles'), []);
  useLive([EVENTS.staffChanged, EVENTS.userChanged], r.reload);
  useLive([EVENTS.departmentChanged], () => {
    depts.reload();
    r.reload();
  });
  const [editing, setEditing] = useState<Staff | 'new' | null>(null);
  const fullIds = can('admin.staff');
  const titleName = (code: string) => {
    const x = titles.data?.find((ti) => ti.code === code);
    return x ? x[lang.value] : code;
  };

  const columns: Column<Staff>[] = [
    { label: t('staff.code'), render: (s) => s.code, class: 'mono' },
    { label: t('staff.name'), render: (s) => s.name },
    { label: t('staff.gender'), render: (s) => (s.gender === 'M' ? t('staff.male') : t('staff.female')) },
    {
      label: t('staff.idNumber'),
      render: (s) => (fullIds ? (s.idNumber ?? '') : maskIdNumber(s.idNumber)),
      class: 'mono',
    },
    { label: t('staff.phone'), render: (s) => s.phone ?? '', class: 'mono' },
    { label: t('staff.department'), render: (s) => s.departmentName },
    { label: t('staff.title'), render: (s) => titleName(s.title) },
    { label: t('staff.username'), render: (s) => s.username ?? html`<span class="muted">${t('staff.noUser')}</span>` },
    { label: t('common.status'), render: (s) => html`<${ActiveBadge} active=${s.active} />` },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (s) =>
        html`<button type="button" class="btn btn-small" onClick=${() => setEditing(s)}>${t('common.edit')}</button>`,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.staff')}>
      <button type="button" class="btn btn-primary" onClick=${() => setEditing('new')}>${t('staff.new')}</button>
    <//>
    <${DataTable}
      label=${t('admin.staff')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(s: Staff) => s.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('staff.searchHint')} />
        <label class="filter">
          <span class="sr-only">${t('staff.department')}</span>
          <select name="departmentId" value=${dept}
            onChange=${(e: Event) => setDept((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">${t('staff.allDepartments')}</option>
            ${(depts.data?.items ?? []).map((d) => html`<option value=${String(d.id)}>${d.name}</option>`)}
          </select>
        </label>
        <${ActiveFilter} value=${active} onChange=${setActive} />
      `}
    />
    ${
      editing
        ? html`<${StaffDialog}
          staff=${editing === 'new' ? null : editing}
          departments=${depts.data?.items ?? []}
          titles=${titles.data ?? []}
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

function StaffDialog(props: {
  staff: Staff | null;
  departments: Department[];
  titles: Title[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const s = props.staff;
  const f = useForm({
    code: s?.code ?? '',
    name: s?.name ?? '',
    gender: (s?.gender ?? 'M') as string,
    idNumber: s?.idNumber ?? '',
    phone: s?.phone ?? '',
    departmentId: s ? String(s.departmentId) : '',
    title: s?.title ?? '',
    active: s?.active ?? true,
  });
  const onSubmit = f.submit(async (v) => {
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      gender: v.gender,
      idNumber: orNull(v.idNumber),
      phone: orNull(v.phone),
      departmentId: v.departmentId ? Number(v.departmentId) : 0,
      title: v.title,
    };
    if (s) await put(`/api/staff/${s.id}`, { ...body, active: v.active, version: s.version });
    else await post('/api/staff', body);
    toast(t('common.saved'));
    props.onSaved();
  });
  const deptOptions = props.departments
    .filter((d) => d.active || d.id === s?.departmentId)
    .map((d) => ({ value: String(d.id), label: d.name }));
  const titleOptions = props.titles.map((ti) => ({ value: ti.code, label: ti[lang.value] }));
  return html`<${Dialog} title=${s ? t('staff.edit', { name: s.name }) : t('staff.new')} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error}
        fields=${['code', 'name', 'gender', 'idNumber', 'phone', 'departmentId', 'title', 'active']} />
      <${TextField} label=${t('staff.code')} name="code" value=${f.values.code}
        onInput=${(v: string) => f.set('code', v)} maxLength=${20} error=${f.error} required />
      <${TextField} label=${t('staff.name')} name="name" value=${f.values.name}
        onInput=${(v: string) => f.set('name', v)} maxLength=${50} error=${f.error} required />
      <${SelectField} label=${t('staff.gender')} name="gender" value=${f.values.gender} options=${[
        { value: 'M', label: t('staff.male') },
        { value: 'F', label: t('staff.female') },
      ]} onChange=${(v: string) => f.set('gender', v)} error=${f.error} required />
      <${TextField} label=${t('staff.idNumber')} name="idNumber" value=${f.values.idNumber}
        onInput=${(v: string) => f.set('idNumber', v)} maxLength=${18} hint=${t('staff.idHint')} error=${f.error} />
      <${TextField} label=${t('staff.phone')} name="phone" type="tel" value=${f.values.phone}
        onInput=${(v: string) => f.set('phone', v)} maxLength=${20} error=${f.error} />
      <${SelectField} label=${t('staff.department')} name="departmentId" value=${f.values.departmentId}
        options=${deptOptions} empty=${t('common.choose')} onChange=${(v: string) => f.set('departmentId', v)}
          error=${f.error} required />
      <${SelectField} label=${t('staff.title')} name="title" value=${f.values.title} options=${titleOptions}
        empty=${t('common.choose')} onChange=${(v: string) => f.set('title', v)} error=${f.error} required />
      ${
        s
          ? html`<${CheckField} label=${t('common.activeCheck')} name="active" checked=${f.values.active}
        onChange=${(v: boolean) => f.set('active', v)} error=${f.error} />`
          : null
      }
      <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
