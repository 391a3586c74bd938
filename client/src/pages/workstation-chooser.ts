// Which workstation is this browser? Chosen once, remembered in localStorage, sent with
// every request; changeable from the header.
import { get } from '../api.js';
import { PageHead } from '../components/layout.js';
import { toast } from '../components/toast.js';
import { useResource } from '../hooks.js';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { Link, navigate } from '../router.js';
import { can, setWorkstation, workstation } from '../session.js';
import type { Workstation } from './admin/types.js';

export function WorkstationChooserPage() {
  const r = useResource(() => get<{ items: Workstation[] }>('/api/workstations', { active: true }), []);
  const current = workstation.value;
  const choose = (w: Workstation | null) => {
    setWorkstation(w ? { id: w.id, name: w.name } : null);
    toast(w ? t('wsChooser.chosen', { name: w.name }) : t('wsChooser.cleared'));
    navigate('/');
  };
  const items = r.data?.items ?? [];
  return html`<section class="page narrow">
    <${PageHead} title=${t('wsChooser.title')} />
    <p>${t('wsChooser.intro')}</p>
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    ${!r.loading && !r.error && !items.length
      ? html`<div class="notice">${t('wsChooser.none')}
          ${can('admin.workstations') ? html` <${Link} href="/admin/workstations" class="inline-link">${t('wsChooser.create')}<//>` : null}</div>`
      : null}
    <ul class="choice-list">
      ${items.map(
        (w) => html`<li key=${w.id}>
          <button type="button" class=${current?.id === w.id ? 'choice choice-current' : 'choice'} aria-pressed=${current?.id === w.id ? 'true' : 'false'} onClick=${() => choose(w)}>
            <span class="choice-title">${w.name}</span>
            <span class="muted">${w.code}${w.departmentName ? ' · ' + w.departmentName : ''}</span>
          </button>
        </li>`,
      )}
    </ul>
    ${current ? html`<p><button type="button" class="btn" onClick=${() => choose(null)}>${t('wsChooser.clear')}</button></p>` : null}
  </section>`;
}
