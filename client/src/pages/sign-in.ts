// Sign-in: username and password; Enter submits; the server's message (wrong password,
// locked account, disabled account) is shown as it is.
import { post } from '../api.js';
import { FormError, TextField, useForm } from '../components/form.js';
import { LangSwitch } from '../components/layout.js';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { institutionName, me, type Me } from '../session.js';

export function SignInPage() {
  const f = useForm({ username: '', password: '' });
  const onSubmit = f.submit(async (v) => {
    const m = await post<Me>('/api/auth/sign-in', { username: v.username.trim(), password: v.password });
    me.value = m;
    navigate(m.mustChangePassword ? '/change-password' : '/', { replace: true });
  });
  return html`<div class="signin-screen">
    <div class="signin-lang"><${LangSwitch} /></div>
    <main id="main" class="signin-card">
      <div class="signin-brand">
        <span class="brand-mark big" aria-hidden="true">基</span>
        <div>
          <div class="signin-inst">${institutionName.value || t('app.name')}</div>
          <div class="muted">${t('app.tagline')}</div>
        </div>
      </div>
      <h1>${t('signIn.title')}</h1>
      <form onSubmit=${onSubmit} novalidate>
        <${FormError} error=${f.error} fields=${['username', 'password']} />
        <${TextField} label=${t('signIn.username')} name="username" value=${f.values.username}
          onInput=${(v: string) => f.set('username', v)} autoComplete="username" error=${f.error} required />
        <${TextField} label=${t('signIn.password')} name="password" type="password" value=${f.values.password}
          onInput=${(v: string) => f.set('password', v)} autoComplete="current-password" error=${f.error} required />
        <button type="submit" class="btn btn-primary btn-block"
          disabled=${f.busy}>${f.busy ? t('signIn.busy') : t('signIn.submit')}</button>
      </form>
      <p class="muted small">${t('signIn.help')}</p>
    </main>
  </div>`;
}
