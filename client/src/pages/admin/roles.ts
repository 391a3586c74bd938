// Roles (角色): built-in roles are read-only; custom roles are sets of permissions
// chosen with checkboxes grouped by area. Live.
import { useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { ApiError, del, get, post, put } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { FormActions, FormError, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang, pick, t } from '../../i18n/index.js';
import { AdminFrame } from './frame.js';
import type { Items, Permission, Role } from './types.js';

type Action = { kind: 'new' } | { kind: 'edit'; role: Role } | { kind: 'delete'; role: Role };

export function RolesPage() {
  const r = useResource(() => get<Items<Role>>('/api/roles'), []);
  const perms = useResource(() => get<Permission[]>('/api/auth/permissions'), []);
  useLive([EVENTS.roleChanged, EVENTS.userChanged], r.reload);
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (role: Role) => {
    setBusy(true);
    try {
      await del(`/api/roles/${role.id}`);
      toast(t('role.deleted', { name: pick({ zh: role.nameZh, en: role.nameEn }) }));
      r.reload();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error');
    } finally {
      setBusy(false);
      setAction(null);
    }
  };

  const columns: Column<Role>[] = [
    { label: t('role.code'), render: (x) => x.code, class: 'mono' },
    { label: t('role.name'), render: (x) => (lang.value === 'zh' ? x.nameZh : x.nameEn) },
    {
      label: t('role.kind'),
      render: (x) =>
        x.builtin
          ? html`<${Badge} kind="info">${t('role.builtin')}<//>`
          : html`<${Badge} kind="ok">${t('role.custom')}<//>`,
    },
    { label: t('role.permissionCount'), render: (x) => String(x.permissions.length), class: 'num' },
    { label: t('role.userCount'), render: (x) => String(x.userCount), class: 'num' },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (x) => html`<div class="row-actions">
        <button type="button" class="btn btn-small"
          onClick=${() => setAction({ kind: 'edit', role: x })}>${x.builtin ? t('common.view') : t('common.edit')}
            </button>
        ${
          !x.builtin
            ? html`<button type="button" class="btn btn-small btn-danger-quiet" disabled=${x.userCount > 0}
              title=${x.userCount > 0 ? t('role.inUse') : undefined}
                onClick=${() => setAction({ kind: 'delete', role: x })}>${t('common.delete')}</button>`
            : null
        }
      </div>`,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.roles')}>
      <button type="button" class="btn btn-primary" onClick=${() => setAction({ kind: 'new' })}>${t('role.new')}
        </button>
    <//>
    <${DataTable} label=${t('admin.roles')} columns=${columns} rows=${r.data?.items} rowKey=${(x: Role) => x.id}
      loading=${r.loading} error=${r.error ?? perms.error} />
    ${
      action?.kind === 'new' || action?.kind === 'edit'
        ? html`<${RoleDialog}
          role=${action.kind === 'edit' ? action.role : null}
          permissions=${perms.data ?? []}
          onClose=${() => setAction(null)}
          onSaved=${() => {
            setAction(null);
            r.reload();
          }}
        />`
        : null
    }
    ${
      action?.kind === 'delete'
        ? html`<${Confirm}
          title=${t('role.delete')}
          text=${t('role.deleteConfirm', { name: pick({ zh: action.role.nameZh, en: action.role.nameEn }) })}
          confirmLabel=${t('common.delete')}
          danger
          busy=${busy}
          onAnswer=${(yes: boolean) => (yes ? void remove(action.role) : setAction(null))}
        />`
        : null
    }
  <//>`;
}

function groupPermissions(list: Permission[]): Array<{ group: string; items: Permission[] }> {
  const out: Array<{ group: string; items: Permission[] }> = [];
  for (const p of list) {
    const g = pick(p.group);
    let bucket = out.find((x) => x.group === g);
    if (!bucket) out.push((bucket = { group: g, items: [] }));
    bucket.items.push(p);
  }
  return out;
}

function RoleDialog(props: { role: Role | null; permissions: Permission[]; onClose: () => void; onSaved: () => void }) {
  const role = props.role;
  const readOnly = role?.builtin ?? false;
  const f = useForm({
    code: role?.code ?? '',
    nameZh: role?.nameZh ?? '',
    nameEn: role?.nameEn ?? '',
    permissions: role?.permissions ?? ([] as string[]),
  });
  const onSubmit = f.submit(async (v) => {
    const body = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), permissions: v.permissions };
    if (role) await put(`/api/roles/${role.id}`, { ...body, version: role.version });
    else await post('/api/roles', { code: v.code.trim(), ...body });
    toast(t('common.saved'));
    props.onSaved();
  });
  const toggle = (code: string, on: boolean) =>
    f.set('permissions', on ? [...f.values.permissions, code] : f.values.permissions.filter((c) => c !== code));
  const permMsg = f.error?.field?.startsWith('permissions') ? f.error.message : null;
  const title = role
    ? readOnly
      ? t('role.viewTitle', { name: pick({ zh: role.nameZh, en: role.nameEn }) })
      : t('role.edit', { name: pick({ zh: role.nameZh, en: role.nameEn }) })
    : t('role.new');
  return html`<${Dialog} title=${title} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      ${readOnly ? html`<div class="notice span2">${t('role.builtinReadOnly')}</div>` : null}
      <${FormError} error=${f.error} fields=${['code', 'nameZh', 'nameEn', 'permissions']} />
      <${TextField} label=${t('role.code')} name="code" value=${f.values.code}
        onInput=${(v: string) => f.set('code', v)} maxLength=${32} disabled=${!!role}
          hint=${role ? undefined : t('role.codeHint')} error=${f.error} required />
      <div></div>
      <${TextField} label=${t('role.nameZh')} name="nameZh" value=${f.values.nameZh}
        onInput=${(v: string) => f.set('nameZh', v)} maxLength=${50} disabled=${readOnly} error=${f.error} required />
      <${TextField} label=${t('role.nameEn')} name="nameEn" value=${f.values.nameEn}
        onInput=${(v: string) => f.set('nameEn', v)} maxLength=${50} disabled=${readOnly} error=${f.error} required />
      <div class=${permMsg ? 'span2 perm-groups field-invalid' : 'span2 perm-groups'}>
        ${groupPermissions(props.permissions).map(
          (g) => html`<fieldset class="checks" key=${g.group}>
            <legend>${g.group}</legend>
            <div class="check-grid">
              ${g.items.map(
                (p) => html`<label class="check" key=${p.code} title=${p.code}>
                  <input type="checkbox" name="permissions" value=${p.code} disabled=${readOnly}
                    checked=${f.values.permissions.includes(p.code)}
                      onChange=${(e: Event) => toggle(p.code, (e.currentTarget as HTMLInputElement).checked)} />
                  <span>${pick(p.label)}</span>
                </label>`,
              )}
            </div>
          </fieldset>`,
        )}
        ${permMsg ? html`<div class="field-msg" role="alert">${permMsg}</div>` : null}
      </div>
      ${
        readOnly
          ? html`<div class="actions"><button type="button" class="btn btn-primary"
            onClick=${props.onClose}>${t('common.close')}</button></div>`
          : html`<${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />`
      }
    </form>
  <//>`;
}
