// Home: one tile per station the user's permissions allow.
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { Link } from '../router.js';
import { me, permissions, workstation } from '../session.js';
import { stationsFor } from '../stations.js';

export function HomePage() {
  const list = stationsFor(permissions.value);
  return html`<section class="page">
    <h1>${t('home.greeting', { name: me.value?.staffName ?? '' })}</h1>
    ${
      workstation.value
        ? null
        : html`<div class="notice" role="note">
          ${t('home.noWorkstation')} <${Link} href="/workstation" class="inline-link">${t('home.chooseWorkstation')}<//>
        </div>`
    }
    <ul class="tiles" aria-label=${t('home.stations')}>
      ${list.map(
        (s) => html`<li key=${s.id}>
          <${Link} href=${s.route} class="tile">
            <span class="tile-glyph" aria-hidden="true">${s.glyph()}</span>
            <span class="tile-title">${s.title()}</span>
            <span class="tile-desc">${s.description()}</span>
          <//>
        </li>`,
      )}
    </ul>
  </section>`;
}
