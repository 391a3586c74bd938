// Small pickers of the admission form: an ICD-10 diagnosis search (the diagnoses dictionary) and a
// staff select searchable by pinyin initials.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api.js';
import { get } from '../../api.js';
import { fieldError } from '../../components/form.js';
import { fitPop } from '../../components/fit-pop.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from './i18n.js';
import type { FormOptions } from './types.js';

export interface Diagnosis {
  code: string;
  name: string;
}

/** A diagnosis field: shows the chosen code and name, a search box to change it (↑/↓, Enter). */
export function DiagnosisField(props: {
  label: string;
  name: string;
  value: Diagnosis | null;
  onChange: (d: Diagnosis | null) => void;
  error: ApiError | null;
  required?: boolean;
}) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 200);
  const [active, setActive] = useState(0);
  const r = useResource(
    () =>
      dq.trim() ? get<{ items: Diagnosis[] }>('/api/diagnoses', { q: dq.trim() }) : Promise.resolve({ items: [] }),
    [dq],
  );
  const items = r.data?.items ?? [];
  useEffect(() => setActive(0), [r.data]);
  const msg = fieldError(props.error, props.name);
  const pick = (d: Diagnosis | undefined) => {
    if (!d) return;
    props.onChange(d);
    setQ('');
  };
  return html`<div class=${msg ? 'field field-invalid' : 'field'}>
    <div class="label-row"><label for=${'st-' + props.name}>${props.label}</label>${
      props.required ? html`<span class="req" aria-hidden="true">*</span>` : null
    }</div>
    ${
      props.value
        ? html`<div class="st-chosen"><span class="mono">${props.value.code}</span> ${props.value.name}
          <button type="button" class="btn btn-small" aria-label=${`${props.label}: ×`}
            onClick=${() => props.onChange(null)}>×</button></div>`
        : null
    }
    <div class="search-pop">
      <input id=${'st-' + props.name} name=${props.name} type="search" value=${q} autocomplete="off"
        placeholder=${t('admit.diagHint')} aria-invalid=${msg ? 'true' : undefined}
        onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)}
        onKeyDown=${(e: KeyboardEvent) => {
          if (e.key === 'ArrowDown') setActive(Math.min(active + 1, items.length - 1));
          else if (e.key === 'ArrowUp') setActive(Math.max(active - 1, 0));
          else if (e.key === 'Enter') pick(items[active]);
          else return;
          e.preventDefault();
        }} />
      ${
        q.trim() && items.length
          ? html`<ul class="pop" ref=${fitPop} role="listbox" aria-label=${props.label}>
            ${items.slice(0, 10).map(
              (d, i) => html`<li key=${d.code} role="option" aria-selected=${i === active ? 'true' : 'false'}
                class=${i === active ? 'pop-on' : ''} onMouseDown=${(e: Event) => {
                  e.preventDefault();
                  pick(d);
                }}><span class="mono">${d.code}</span> ${d.name}</li>`,
            )}
          </ul>`
          : null
      }
    </div>
    ${msg ? html`<div class="field-msg" role="alert">${msg}</div>` : null}
  </div>`;
}

/** A staff member of the form's options (the ward's own first), or none. */
export function StaffSelect(props: {
  label: string;
  name: string;
  value: number | null;
  onChange: (id: number | null) => void;
  options: FormOptions | undefined;
  preferDeptId?: number | null;
  error: ApiError | null;
}) {
  const msg = fieldError(props.error, props.name);
  const staff = [...(props.options?.staff ?? [])].sort(
    (a, b) => Number(b.departmentId === props.preferDeptId) - Number(a.departmentId === props.preferDeptId),
  );
  const deptName = (id: number) => props.options?.depts.find((d) => d.id === id)?.name ?? '';
  return html`<div class=${msg ? 'field field-invalid' : 'field'}>
    <div class="label-row"><label for=${'st-' + props.name}>${props.label}</label></div>
    <select id=${'st-' + props.name} name=${props.name} value=${props.value === null ? '' : String(props.value)}
      aria-invalid=${msg ? 'true' : undefined}
      onChange=${(e: Event) => {
        const v = (e.currentTarget as HTMLSelectElement).value;
        props.onChange(v ? Number(v) : null);
      }}>
      <option value="">${t('none')}</option>
      ${staff.map(
        (s) =>
          html`<option key=${s.id} value=${String(s.id)}>
            ${s.name} · ${deptName(s.departmentId)} · ${s.pinyin}</option>`,
      )}
    </select>
    ${msg ? html`<div class="field-msg" role="alert">${msg}</div>` : null}
  </div>`;
}
