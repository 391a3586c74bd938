// PatientPicker: the search box every desk uses to find a patient (registration, cashier,
// the patients station). Search as you type (name, pinyin initials, ID number, phone, MRN),
// ↑/↓ to move, Enter to choose, F2 (or the button) for a new patient in a dialog; a saved
// or existing patient found through the duplicate check is chosen at once.
//
//   <${PatientPicker} onPick=${(p) => ...} />      p: PatientSummary (identifiers masked for
//   every user: the list shows twenty patients at once; a 显示 button per field reveals one
//   value in full for users with patients.identifiers, audited on the server)
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, type ResponseOf } from '../../api.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { PatientFormDialog } from './form.js';
import { RevealValue } from './reveal.js';
import { t } from './i18n.js';
import { PATIENT_CHANGED, type PatientSummary } from './types.js';
import type { PatientList } from '../../../../server/modules/patients/schema.js';

/** Gives each picker's hint its own element id. */
let pickers = 0;

export type { PatientSummary } from './types.js';

export interface PatientPickerProps {
  onPick: (p: PatientSummary) => void;
  /** The chosen patient's id, highlighted in the list. */
  selectedId?: number | null;
  /** Focus the search box when shown (default true). */
  autoFocus?: boolean;
  /** Show recently registered patients while the box is empty (default true). */
  showRecent?: boolean;
  limit?: number;
}

export function PatientPicker(props: PatientPickerProps) {
  const [q, setQ] = useState('');
  const [hintId] = useState(() => `pt-search-hint-${++pickers}`);
  const dq = useDebounced(q, 200);
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const showRecent = props.showRecent ?? true;
  const r = useResource(
    () =>
      dq.trim() || showRecent
        ? get<ResponseOf<typeof PatientList>>('/api/patients', { q: dq.trim(), limit: props.limit ?? 20 })
        : Promise.resolve({ items: [] }),
    [dq],
  );
  useLive([PATIENT_CHANGED], r.reload);
  const items = r.data?.items ?? [];
  useEffect(() => setActive(0), [r.data]);
  useEffect(() => {
    if (props.autoFocus ?? true) input.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' && can('patients.write') && !creating) {
        e.preventDefault();
        setCreating(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [creating]);

  const pick = (p: PatientSummary) => props.onPick(p);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (dq === q && !r.loading) {
        const p = items[active];
        if (p) pick(p);
      } else if (q.trim()) {
        // Typed (or scanned) faster than the list follows: search now and take the best hit.
        void get<ResponseOf<typeof PatientList>>('/api/patients', { q: q.trim(), limit: 1 }).then(
          (res) => res.items[0] && pick(res.items[0]),
          () => undefined,
        );
      }
    }
  };

  return html`<div class="pt-picker">
    <div class="pt-search">
      <label class="search">
        <span class="sr-only">${t('search.label')}</span>
        <input
          ref=${input}
          type="search"
          name="patientQuery"
          value=${q}
          placeholder=${t('search.label')}
          aria-describedby=${hintId}
          autocomplete="off"
          role="combobox"
          aria-expanded=${items.length > 0 ? 'true' : 'false'}
          aria-controls="pt-results"
          onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)}
          onKeyDown=${onKeyDown}
        />
      </label>
      ${
        can('patients.write')
          ? html`<button type="button" class="btn"
        onClick=${() => setCreating(true)}>${t('newKey')}</button>`
          : null
      }
    </div>
    <div id=${hintId} class="small muted pt-hint">${t('search.hint')}</div>
    <div class="small muted pt-caption">${dq.trim() ? t('search.results') : showRecent ? t('search.recent') : ''}</div>
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    <ul id="pt-results" class="pt-results" role="listbox" aria-label=${t('search.results')}
      aria-busy=${r.loading ? 'true' : 'false'}>
      ${items.map(
        (p, i) => html`<li
          key=${p.id}
          role="option"
          aria-selected=${i === active ? 'true' : 'false'}
          class=${'pt-item' + (i === active ? ' pt-active' : '') + (p.id === props.selectedId ? ' pt-selected' : '')}
          data-patient-id=${p.id}
          onMouseDown=${(e: Event) => e.preventDefault()}
          onClick=${() => pick(p)}
        >
          <div class="pt-item-main">
            <strong>${p.name}</strong>
            <span class="muted">${t(('sex.' + p.sex) as 'sex.M')} ${t('age.years', { n: p.age })}</span>
            ${
              p.allergies.length
                ? html`<span
              class="badge badge-warn">${t('allergyWarn', { list: p.allergies.join('、') })}</span>`
                : null
            }
          </div>
          <div class="small muted pt-ids">
            <span class="mono">${p.mrn}</span> · <${RevealValue} patientId=${p.id} field="idNumber"
              value=${p.idNumber} /> ·
            <${RevealValue} patientId=${p.id} field="phone" value=${p.phone} />
          </div>
        </li>`,
      )}
      ${!items.length && !r.loading && dq.trim() ? html`<li class="pt-empty muted">${t('search.none')}</li>` : null}
    </ul>
    ${
      creating
        ? html`<${PatientFormDialog}
          patient=${null}
          initialName=${/^[\u4e00-\u9fff·]+$/.test(q.trim()) ? q.trim() : ''}
          onClose=${() => {
            setCreating(false);
            input.current?.focus();
          }}
          onDone=${(p: PatientSummary) => {
            setCreating(false);
            setQ(p.mrn);
            pick(p);
          }}
        />`
        : null
    }
  </div>`;
}
