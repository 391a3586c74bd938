// 住院记账设置 (on the 病区费用设置 page, permission inpatient.wards): the time of the nightly bed-fee run
// (center time, default 23:30) and the 急救项目 — the items a nurse's 补记账 may charge even over a ward's
// arrears limit (searched in the catalog, removed with ×, saved as one list).
import { useEffect, useState } from 'preact/hooks';
import { formatYuan } from '../../../../core/money.js';
import { get, put } from '../../api.js';
import { FormError, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from './charges-i18n.js';

interface Item {
  id: number;
  code: string;
  name: string;
}
interface Found extends Item {
  priceFen: number;
  packUnit: string;
}

export function ChargeSettings() {
  const nightly = useResource(
    () => get<{ time: string; lastJobDay: string | null }>('/api/inpatient-charges/settings'),
    [],
  );
  const emergency = useResource(() => get<{ items: Item[] }>('/api/inpatient-charges/emergency-items'), []);
  return html`<section class="st-ward ch-settings" aria-label=${t('settings.title')}>
    <h2>${t('settings.title')}</h2>
    ${nightly.data ? html`<${NightlyForm} time=${nightly.data.time} last=${nightly.data.lastJobDay} />` : null}
    ${emergency.data ? html`<${EmergencyForm} items=${emergency.data.items} />` : null}
    ${
      nightly.error || emergency.error
        ? html`<div class="form-error" role="alert">${(nightly.error ?? emergency.error)!.message}</div>`
        : null
    }
  </section>`;
}

function NightlyForm(props: { time: string; last: string | null }) {
  const f = useForm({ time: props.time });
  useEffect(() => f.setAll({ time: props.time }), [props.time]);
  const submit = f.submit(async (v) => {
    await put('/api/inpatient-charges/settings', v);
    toast(t('settings.saved'));
  });
  return html`<form onSubmit=${submit} noValidate>
    <${TextField} label=${t('settings.time')} name="time" type="time" value=${f.values.time} error=${f.error}
      hint=${props.last ? t('settings.last', { day: props.last }) : t('settings.never')}
      onInput=${(x: string) => f.set('time', x)} />
    <${FormError} error=${f.error} fields=${['time']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}>
        ${f.busy ? t('working') : t('settings.save')}</button>
    </div>
  </form>`;
}

function EmergencyForm(props: { items: Item[] }) {
  const [items, setItems] = useState<Item[]>(props.items);
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 200);
  const found = useResource(
    () =>
      dq.trim()
        ? get<{ items: Found[] }>('/api/catalog/items', { q: dq, kind: 'service', limit: 10 }).then((r) => r.items)
        : Promise.resolve([] as Found[]),
    [dq],
  );
  const f = useForm({});
  const submit = f.submit(async () => {
    const r = await put<{ items: Item[] }>('/api/inpatient-charges/emergency-items', {
      itemIds: items.map((i) => i.id),
    });
    setItems(r.items);
    toast(t('settings.saved'));
  });
  return html`<form onSubmit=${submit} noValidate>
    <h3>${t('settings.emergency')}</h3>
    <p class="muted">${t('settings.emergencyHint')}</p>
    <ul class="ch-pick" aria-label=${t('settings.emergency')}>
      ${items.map(
        (i) => html`<li key=${i.id}>${i.code} ${i.name}
          <button type="button" class="btn btn-small" aria-label=${t('settings.remove', { name: i.name })}
            onClick=${() => setItems(items.filter((x) => x.id !== i.id))}>×</button></li>`,
      )}
      ${items.length ? null : html`<li class="muted">${t('settings.noEmergency')}</li>`}
    </ul>
    <${TextField} label=${t('settings.add')} name="itemIds" value=${q} error=${f.error} placeholder=${t('add.search')}
      onInput=${setQ} />
    <ul class="ch-pick" role="listbox" aria-label=${t('add.search')}>
      ${(found.data ?? [])
        .filter((i) => !items.some((x) => x.id === i.id))
        .map(
          (i) => html`<li key=${i.id}><button type="button" class="btn btn-small" role="option"
            onClick=${() => {
              setItems([...items, { id: i.id, code: i.code, name: i.name }]);
              setQ('');
            }}>${i.code} ${i.name} · ${formatYuan(i.priceFen)}/${i.packUnit}</button></li>`,
        )}
    </ul>
    <${FormError} error=${f.error} fields=${['itemIds']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}>
        ${f.busy ? t('working') : t('settings.save')}</button>
    </div>
  </form>`;
}
