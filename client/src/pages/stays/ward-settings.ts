// 病区费用设置 (administration, permission inpatient.wards): each ward's 预警线 and 欠费上限 in yuan. A ward
// without a saved row uses the defaults (500.00 and −1,000.00), shown as such. Saving pushes the ward's
// open stays anew, so boards and the cashier's list recolour at once.
import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../../api.js';
import { FormError, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { ChargeSettings } from '../nurse/charges-settings.js';
import { t } from './i18n.js';
import { fenOf, formatYuan } from './money.js';
import type { WardSettings } from './types.js';

export function WardSettingsPage() {
  const r = useResource(() => get<{ items: WardSettings[] }>('/api/wards/settings'), []);
  const items = r.data?.items ?? [];
  return html`<div class="page ward-settings">
    <${PageHead} title=${t('page.settings')} />
    <p class="muted">${t('page.settingsIntro')}</p>
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    ${!r.loading && !items.length ? html`<p class="muted">${t('settings.none')}</p>` : null}
    <div class="st-settings">
      ${items.map((w) => html`<${WardForm} key=${w.wardId} ward=${w} onSaved=${r.reload} />`)}
    </div>
    <${ChargeSettings} />
  </div>`;
}

function WardForm(props: { ward: WardSettings; onSaved: () => void }) {
  const w = props.ward;
  const initial = { warning: formatYuan(w.warningLineFen), arrears: formatYuan(w.arrearsLimitFen) };
  const f = useForm(initial);
  useEffect(() => f.setAll(initial), [w.warningLineFen, w.arrearsLimitFen]);
  const [saved, setSaved] = useState(w.saved);
  const submit = f.submit(async (v) => {
    const body = { warningLineFen: fenOf(v.warning) ?? 0, arrearsLimitFen: fenOf(v.arrears) ?? 0 };
    const next = await api<WardSettings>('PUT', `/api/wards/${w.wardId}/settings`, body);
    setSaved(next.saved);
    toast(t('settings.saved', { ward: w.wardName }));
    props.onSaved();
  });
  return html`<form class="st-ward" onSubmit=${submit} noValidate aria-label=${w.wardName}>
    <h2>${w.wardName} ${saved ? null : html`<span class="badge badge-info">${t('settings.default')}</span>`}</h2>
    <${TextField} label=${t('settings.warning')} name="warningLineFen" value=${f.values.warning} error=${f.error}
      onInput=${(x: string) => f.set('warning', x)} />
    <${TextField} label=${t('settings.arrears')} name="arrearsLimitFen" value=${f.values.arrears} error=${f.error}
      onInput=${(x: string) => f.set('arrears', x)} />
    <${FormError} error=${f.error} fields=${['warningLineFen', 'arrearsLimitFen']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}>${f.busy ? t('working') : t('save')}</button>
    </div>
  </form>`;
}
