// Which workstation is this computer? Bound on the server (issue 9 item 1): a user who may
// bind (admin.workstations or workstations.assign) binds this browser here, and the server
// keeps the binding in an HttpOnly cookie; everyone else is told that this computer is not
// bound and who can bind it. The page never sends a workstation id with other requests.
import { useState } from 'preact/hooks';
import { ApiError, del, get, post, type ResponseOf } from '../api.js';
import { Confirm } from '../components/dialog.js';
import { PageHead } from '../components/layout.js';
import { toast } from '../components/toast.js';
import { useResource } from '../hooks.js';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { Link, navigate } from '../router.js';
import { bindingEpoch, can, canBindWorkstation, loadWorkstation, workstation } from '../session.js';
import type { Workstation } from './admin/types.js';
import type { WorkstationList } from '../../../server/modules/workstations/schema.js';

/** Binds this browser to a workstation (the server sets the cookie); reloads what the page knows. */
export async function bindThisBrowser(w: { id: number; name: string }): Promise<boolean> {
  try {
    await post('/api/workstations/this-browser', { workstationId: w.id });
    await loadWorkstation();
    bindingEpoch.value++;
    toast(t('wsChooser.chosen', { name: w.name }), 'ok');
    return true;
  } catch (e) {
    toast(e instanceof ApiError ? e.message : String(e), 'error');
    return false;
  }
}

export function WorkstationChooserPage() {
  const current = workstation.value;
  const mayBind = canBindWorkstation.value;
  const r = useResource(
    () =>
      mayBind
        ? get<ResponseOf<typeof WorkstationList>>('/api/workstations', { active: true })
        : Promise.resolve({ items: [] as Workstation[] }),
    [mayBind],
  );
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const choose = async (w: Workstation) => {
    setBusy(true);
    const ok = await bindThisBrowser(w);
    setBusy(false);
    if (ok) navigate('/');
  };
  const unbind = async () => {
    setBusy(true);
    try {
      await del('/api/workstations/this-browser');
      await loadWorkstation();
      bindingEpoch.value++;
      toast(t('wsChooser.cleared'), 'ok');
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const items = r.data?.items ?? [];
  return html`<section class="page narrow">
    <${PageHead} title=${t('wsChooser.title')} />
    <p>${t('wsChooser.intro')}</p>
    ${
      current
        ? html`<div class="notice" data-ws-state="bound">${t('wsChooser.bound', { name: current.name })}</div>`
        : html`<div class="notice" role="status"
          data-ws-state="unbound">${t('wsChooser.unbound')}${
            mayBind
              ? null
              : html`<br
            />${t('wsChooser.whoCanBind')}`
          }</div>`
    }
    ${
      mayBind
        ? html`
          ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
          ${
            !r.loading && !r.error && !items.length
              ? html`<div class="notice">${t('wsChooser.none')}
                ${
                  can('admin.workstations')
                    ? html` <${Link} href="/admin/workstations"
                  class="inline-link">${t('wsChooser.create')}<//>`
                    : null
                }</div>`
              : null
          }
          ${items.length ? html`<p>${t('wsChooser.pick')}</p>` : null}
          <ul class="choice-list">
            ${items.map(
              (w) => html`<li key=${w.id}>
                <button type="button" disabled=${busy}
                  class=${current?.id === w.id ? 'choice choice-current' : 'choice'}
                    aria-pressed=${current?.id === w.id ? 'true' : 'false'} onClick=${() => void choose(w)}>
                  <span class="choice-title">${w.name}</span>
                  <span class="muted">${w.code}${w.departmentName ? ' · ' + w.departmentName : ''}</span>
                </button>
              </li>`,
            )}
          </ul>
          ${
            current
              ? html`<p><button type="button" class="btn" disabled=${busy}
            onClick=${() => setConfirming(true)}>${t('wsChooser.clear')}</button></p>`
              : null
          }
          ${
            confirming && current
              ? html`<${Confirm}
                title=${t('wsChooser.clear')}
                text=${t('wsChooser.confirmClear', { name: current.name })}
                confirmLabel=${t('wsChooser.clear')}
                danger=${true}
                busy=${busy}
                onAnswer=${(yes: boolean) => (yes ? void unbind() : setConfirming(false))}
              />`
              : null
          }
        `
        : null
    }
  </section>`;
}
