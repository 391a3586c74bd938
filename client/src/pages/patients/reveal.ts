// RevealValue: a masked identifier in a patient list ("1101**********002X", "138****1234")
// with a 显示 button that shows it in full. Lists are masked for every user (issue 9 item
// 21); the button is offered only with patients.identifiers, and each click is a deliberate
// read: POST /api/patients/:id/reveal writes a patient.reveal audit row and returns the value.
//
//   <${RevealValue} patientId=${p.id} field="idNumber" value=${p.idNumber} />
import { useState } from 'preact/hooks';
import { ApiError, post, type ResponseOf } from '../../api.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { t } from './i18n.js';
import type { RevealResult } from '../../../../server/modules/patients/schema.js';

export type RevealField = ResponseOf<typeof RevealResult>['field'];

export function RevealValue(props: { patientId: number; field: RevealField; value: string | null }) {
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!props.value) return html`<span class="reveal-value">—</span>`;
  const masked = props.value.includes('*');
  const show = async (e: Event) => {
    // Inside a list row that picks the patient on click: the click reveals only.
    e.preventDefault();
    e.stopPropagation();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<ResponseOf<typeof RevealResult>>(`/api/patients/${props.patientId}/reveal`, {
        field: props.field,
      });
      setFull(r.value ?? '—');
    } catch (x) {
      setError(x instanceof ApiError ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };
  return html`<span class="reveal-value" data-field=${props.field}>
    <span class="mono">${full ?? props.value}</span>
    ${
      masked && full === null && can('patients.identifiers')
        ? html`<button
          type="button"
          class="btn btn-small btn-quiet reveal-btn"
          aria-label=${t(`reveal.${props.field}`)}
          title=${t(`reveal.${props.field}`)}
          disabled=${busy}
          onMouseDown=${(e: Event) => e.stopPropagation()}
          onClick=${show}
        >${t('reveal.button')}</button>`
        : null
    }
    ${error ? html`<span class="form-error small" role="alert">${error}</span>` : null}
  </span>`;
}
