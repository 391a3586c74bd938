// User accounts (用户): create with a one-time password shown once, edit roles, disable /
// enable, reset the password, unlock after too many wrong passwords. Live.
import { useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { ApiError, get, post, put, type ResponseOf } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { CheckField, FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { formatTime, lang, t } from '../../i18n/index.js';
import { ActiveFilter } from './departments.js';
import { AdminFrame } from './frame.js';
import type { Items, Role, Staff, User } from './types.js';
import type { CreatedUser, OneTimePassword } from '../../../../server/modules/users/schema.js';

type Action =
  | { kind: 'new' }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'password'; username: string; password: string };

export function roleName(roles: Role[] | undefined, code: string): string {
  const r = roles?.find((x) => x.code === code);
  return r ? (lang.value === 'zh' ? r.nameZh : r.nameEn) : code;
}

function UserStatus(props: { user: User }) {
  const u = props.user;
  const out = [];
  if (!u.active) out.push(html`<${Badge} kind="off">${t('user.disabled')}<//>`);
  else if (u.lockedUntil && u.lockedUntil > Date.now()) out.push(html`<${Badge} kind="warn">${t('user.locked')}<//>`);
  else out.push(html`<${Badge} kind="ok">${t('common.active')}<//>`);
  if (u.mustChangePassword) out.push(html` <${Badge} kind="info">${t('user.mustChange')}<//>`);
  return html`${out}`;
}

export function UsersPage() {
  const [q, setQ] = useState('');
  const [active, setActive] = useState('');
  const dq = useDebounced(q);
  const r = useResource(() => get<Items<User>>('/api/users', { q: dq, active }), [dq, active]);
  const roles = useResource(() => get<Items<Role>>('/api/roles'), []);
  useLive([EVENTS.userChanged, EVENTS.staffChanged, EVENTS.departmentChanged], r.reload);
  useLive([EVENTS.roleChanged], roles.reload);
  const [action, setAction] = useState<Action | null>(null);

  const unlock = async (u: User) => {
    try {
      await post(`/api/users/${u.id}/unlock`);
      toast(t('user.unlocked', { name: u.username }));
      r.reload();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error');
    }
  };

  const columns: Column<User>[] = [
    { label: t('user.username'), render: (u) => u.username, class: 'mono' },
    { label: t('user.staff'), render: (u) => u.staffName },
    { label: t('user.department'), render: (u) => u.departmentName },
    { label: t('user.roles'), render: (u) => u.roles.map((c) => roleName(roles.data?.items, c)).join('、') },
    { label: t('common.status'), render: (u) => html`<${UserStatus} user=${u} />` },
    { label: t('user.lastSignIn'), render: (u) => formatTime(u.lastSignInAt) },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (u) => html`<div class="row-actions">
        <button type="button" class="btn btn-small"
          onClick=${() => setAction({ kind: 'edit', user: u })}>${t('common.edit')}</button>
        <button type="button" class="btn btn-small"
          onClick=${() => setAction({ kind: 'reset', user: u })}>${t('user.resetPassword')}</button>
        ${
          u.lockedUntil && u.lockedUntil > Date.now()
            ? html`<button type="button" class="btn btn-small" onClick=${() => void unlock(u)}>${t('user.unlock')}
              </button>`
            : null
        }
      </div>`,
    },
  ];

  const resetPassword = async (u: User) => {
    try {
      const res = await post<ResponseOf<typeof OneTimePassword>>(`/api/users/${u.id}/reset-password`);
      setAction({ kind: 'password', username: u.username, password: res.oneTimePassword });
      r.reload();
    } catch (e) {
      setAction(null);
      toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error');
    }
  };

  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.users')}>
      <button type="button" class="btn btn-primary" onClick=${() => setAction({ kind: 'new' })}>${t('user.new')}
        </button>
    <//>
    <${DataTable}
      label=${t('admin.users')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(u: User) => u.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`<${SearchBox} value=${q} onInput=${setQ} /><${ActiveFilter} value=${active} onChange=${setActive}
        />`}
    />
    ${
      action?.kind === 'new'
        ? html`<${NewUserDialog}
          roles=${roles.data?.items ?? []}
          onClose=${() => setAction(null)}
          onCreated=${(username: string, password: string) => {
            setAction({ kind: 'password', username, password });
            r.reload();
          }}
        />`
        : null
    }
    ${
      action?.kind === 'edit'
        ? html`<${EditUserDialog}
          user=${action.user}
          roles=${roles.data?.items ?? []}
          onClose=${() => setAction(null)}
          onSaved=${() => {
            setAction(null);
            r.reload();
          }}
        />`
        : null
    }
    ${
      action?.kind === 'reset'
        ? html`<${Confirm}
          title=${t('user.resetPassword')}
          text=${t('user.resetConfirm', { name: action.user.username })}
          confirmLabel=${t('user.resetPassword')}
          danger
          onAnswer=${(yes: boolean) => (yes ? void resetPassword(action.user) : setAction(null))}
        />`
        : null
    }
    ${
      action?.kind === 'password'
        ? html`<${OneTimePasswordDialog} username=${action.username} password=${action.password}
          onClose=${() => setAction(null)} />`
        : null
    }
  <//>`;
}

function OneTimePasswordDialog(props: { username: string; password: string; onClose: () => void }) {
  return html`<${Dialog} title=${t('user.otpTitle')} onClose=${props.onClose}>
    <p>${t('user.otpIntro', { name: props.username })}</p>
    <p class="otp" data-testid="one-time-password">${props.password}</p>
    <p class="notice">${t('user.otpOnce')}</p>
    <div class="actions">
      <button type="button" class="btn btn-primary" data-autofocus onClick=${props.onClose}>${t('user.otpDone')}
        </button>
    </div>
  <//>`;
}

function RoleChecks(props: {
  roles: Role[];
  value: string[];
  onChange: (v: string[]) => void;
  error: ApiError | null;
}) {
  const toggle = (code: string, on: boolean) =>
    props.onChange(on ? [...props.value, code] : props.value.filter((c) => c !== code));
  const msg = props.error?.field === 'roles' ? props.error.message : null;
  return html`<fieldset class=${msg ? 'field checks field-invalid span2' : 'field checks span2'}>
    <legend>${t('user.roles')}</legend>
    <div class="check-grid">
      ${props.roles.map(
        (r) => html`<label key=${r.code} class="check">
          <input type="checkbox" name="roles" value=${r.code} checked=${props.value.includes(r.code)}
            onChange=${(e: Event) => toggle(r.code, (e.currentTarget as HTMLInputElement).checked)} />
          <span>${lang.value === 'zh' ? r.nameZh : r.nameEn}</span>
        </label>`,
      )}
    </div>
    ${msg ? html`<div class="field-msg" role="alert">${msg}</div>` : null}
  </fieldset>`;
}

function NewUserDialog(props: {
  roles: Role[];
  onClose: () => void;
  onCreated: (username: string, password: string) => void;
}) {
  const staff = useResource(() => get<Items<Staff>>('/api/staff', { active: true }), []);
  const f = useForm({ username: '', staffId: '', roles: [] as string[] });
  const onSubmit = f.submit(async (v) => {
    const res = await post<ResponseOf<typeof CreatedUser>>('/api/users', {
      username: v.username.trim(),
      staffId: v.staffId ? Number(v.staffId) : 0,
      roles: v.roles,
    });
    props.onCreated(res.user.username, res.oneTimePassword);
  });
  const options = (staff.data?.items ?? [])
    .filter((s) => s.userId === null)
    .map((s) => ({ value: String(s.id), label: `${s.name}(${s.code} · ${s.departmentName})` }));
  return html`<${Dialog} title=${t('user.new')} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error ?? staff.error} fields=${['username', 'staffId', 'roles']} />
      <${TextField} label=${t('user.username')} name="username" value=${f.values.username}
        onInput=${(v: string) => f.set('username', v.toLowerCase())} maxLength=${32} hint=${t('user.usernameHint')}
          error=${f.error} required />
      <${SelectField} label=${t('user.staff')} name="staffId" value=${f.values.staffId} options=${options}
        empty=${options.length ? t('common.choose') : t('user.noStaffWithoutUser')}
          onChange=${(v: string) => f.set('staffId', v)} error=${f.error} required />
      <${RoleChecks} roles=${props.roles} value=${f.values.roles} onChange=${(v: string[]) => f.set('roles', v)}
        error=${f.error} />
      <${FormActions} busy=${f.busy} submitLabel=${t('user.create')} onCancel=${props.onClose} />
    </form>
  <//>`;
}

function EditUserDialog(props: { user: User; roles: Role[]; onClose: () => void; onSaved: () => void }) {
  const u = props.user;
  const f = useForm({ roles: u.roles, active: u.active });
  const onSubmit = f.submit(async (v) => {
    await put(`/api/users/${u.id}`, { roles: v.roles, active: v.active, version: u.version });
    toast(t('common.saved'));
    props.onSaved();
  });
  return html`<${Dialog} title=${t('user.edit', { name: u.username })} onClose=${props.onClose} wide>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error} fields=${['roles', 'active']} />
      <p class="span2">${u.staffName} · ${u.departmentName}</p>
      <${RoleChecks} roles=${props.roles} value=${f.values.roles} onChange=${(v: string[]) => f.set('roles', v)}
        error=${f.error} />
      <${CheckField} label=${t('user.enabled')} name="active" checked=${f.values.active}
        onChange=${(v: boolean) => f.set('active', v)} error=${f.error} />
      <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
