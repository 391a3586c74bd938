import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { Link } from '../router.js';

export function NotFoundPage() {
  return html`<section class="page narrow">
    <h1>${t('notFound.title')}</h1>
    <p>${t('notFound.text')}</p>
    <p><${Link} href="/" class="btn">${t('common.backHome')}<//></p>
  </section>`;
}
