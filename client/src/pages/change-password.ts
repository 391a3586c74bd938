// Change the own password; forced after the first sign-in and after a reset.
import { ApiError, post } from '../api.js';
import { FormActions, FormError, TextField, useForm } from '../components/form.js';
import { PageHead } from '../components/layout.js';
import { toast } from '../components/toast.js';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { me, type Me } from '../session.js';

export function ChangePasswordPage() {
  const forced = me.value?.mustChangePassword ?? false;
  const f = useForm({ currentPassword: '', newPassword: '', repeat: '' });
  const onSubmit = f.submit(async (v) => {
    if (v.newPassword !== v.repeat) throw new ApiError(422, 'mismatch', t('pw.mismatch'), 'repeat');
    const m = await post<Me>('/api/auth/change-password', {
      currentPassword: v.currentPassword,
      newPassword: v.newPassword,
    });
    me.value = m;
    toast(t('pw.changed'));
    navigate('/', { replace: true });
  });
  return html`<section class="page narrow">
    <${PageHead} title=${t('pw.title')} />
    ${forced ? html`<div class="notice" role="note">${t('pw.forced')}</div>` : null}
    <div class="rules">
      <div class="rules-title">${t('pw.rules')}</div>
      <ul>
        <li>${t('pw.rule.length')}</li>
        <li>${t('pw.rule.mix')}</li>
        <li>${t('pw.rule.username')}</li>
      </ul>
    </div>
    <form onSubmit=${onSubmit} novalidate class="form">
      <${FormError} error=${f.error} fields=${['currentPassword', 'newPassword', 'repeat']} />
      <${TextField} label=${t('pw.current')} name="currentPassword" type="password" autoComplete="current-password"
        value=${f.values.currentPassword} onInput=${(v: string) => f.set('currentPassword', v)} error=${f.error}
          required />
      <${TextField} label=${t('pw.new')} name="newPassword" type="password" autoComplete="new-password"
        value=${f.values.newPassword} onInput=${(v: string) => f.set('newPassword', v)} error=${f.error} required />
      <${TextField} label=${t('pw.repeat')} name="repeat" type="password" autoComplete="new-password"
        value=${f.values.repeat} onInput=${(v: string) => f.set('repeat', v)} error=${f.error} required />
      <${FormActions} busy=${f.busy} submitLabel=${t('pw.submit')}
        onCancel=${forced ? undefined : () => navigate('/')} />
    </form>
  </section>`;
}
