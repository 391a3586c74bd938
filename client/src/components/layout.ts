// The page frame: a header with the institution, the live-link indicator, this browser's
// workstation, the user, the language switch and sign-out; the page below it.
import type { ComponentChildren } from 'preact';
import { html } from '../html.js';
import { lang, setLang, t } from '../i18n/index.js';
import { Link } from '../router.js';
import { institutionName, me, workstation } from '../session.js';
import { linkState } from '../socket.js';
import { signOut } from '../auth.js';
import { DeskPrintAlerts } from '../pages/printing/desk-print.js';

export function LinkIndicator() {
  const s = linkState.value;
  if (s === 'off') return null;
  const text =
    s === 'down'
      ? t('link.down')
      : s === 'recovered'
        ? t('link.recovered')
        : s === 'connecting'
          ? t('link.connecting')
          : t('link.up');
  return html`<div class=${'link link-' + s} data-state=${s} role="status" aria-live="polite" title=${text}>
    <span class="link-dot" aria-hidden="true"></span><span class="link-text">${text}</span>
  </div>`;
}

export function LangSwitch() {
  const other = lang.value === 'zh' ? 'en' : 'zh';
  return html`<button type="button" class="btn btn-quiet lang-switch" lang=${other === 'en' ? 'en' : 'zh-CN'}
    onClick=${() => setLang(other)}>
    ${t('lang.switchTo')}
  </button>`;
}

export function Layout(props: { children?: ComponentChildren }) {
  const m = me.value;
  const ws = workstation.value;
  return html`<div class="app">
    <a class="skip" href="#main">${t('common.skipToContent')}</a>
    <header class="topbar">
      <${Link} href="/" class="brand">
        <span class="brand-mark" aria-hidden="true">基</span>
        <span class="brand-name">${institutionName.value || t('app.name')}</span>
      <//>
      <div class="topbar-right">
        <${LinkIndicator} />
        ${
          m && !m.mustChangePassword
            ? html`<${Link} href="/workstation" class="topbar-item ws-link">
              <span class="muted">${t('header.workstation')}</span> ${ws ? ws.name : t('header.noWorkstation')}
            <//>`
            : null
        }
        ${
          m
            ? html`<span class="topbar-item user" title=${m.username}>${m.staffName} <span
          class="muted">(${m.username})</span></span>`
            : null
        }
        <${LangSwitch} />
        ${
          m
            ? html`<button type="button" class="btn btn-quiet" onClick=${() => void signOut()}>${t('header.signOut')}
          </button>`
            : null
        }
      </div>
    </header>
    <main id="main" tabindex="-1"><${DeskPrintAlerts} />${props.children}</main>
  </div>`;
}

/** A page heading with optional actions on the right. */
export function PageHead(props: { title: string; children?: ComponentChildren }) {
  return html`<div class="page-head">
    <h1>${props.title}</h1>
    ${props.children ? html`<div class="page-actions">${props.children}</div>` : null}
  </div>`;
}
