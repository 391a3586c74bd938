// The patients station (患者): find a patient as you type, register or edit one, and read
// the record with its visit history (each read audited on the server). Identifiers are
// shown masked unless the user has patients.identifiers.
import { useEffect, useState } from 'preact/hooks';
import { get, type ResponseOf } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { DataTable, type Column } from '../../components/table.js';
import { useResource } from '../../hooks.js';
import { onEvent } from '../../socket.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { PatientFormDialog } from './form.js';
import { t } from './i18n.js';
import { PatientPicker } from './picker.js';
import { PATIENT_CHANGED, type Patient, type PatientSummary, type VisitHistoryItem } from './types.js';
import type { VisitHistory } from '../../../../server/modules/patients/schema.js';

function initialId(): number | null {
  const v = new URLSearchParams(location.search).get('id');
  return v && /^\d{1,12}$/.test(v) ? Number(v) : null;
}

export function PatientsPage() {
  const [selected, setSelected] = useState<number | null>(initialId);
  const choose = (p: PatientSummary) => {
    setSelected(p.id);
    history.replaceState(null, '', `/patients?id=${p.id}`);
  };
  return html`<div class="page pt-page">
    <${PageHead} title=${t('page.title')} />
    <div class="pt-columns">
      <section class="pt-left" aria-label=${t('search.label')}>
        <${PatientPicker} onPick=${choose} selectedId=${selected} />
      </section>
      <section class="pt-right" aria-live="polite">
        ${
          selected
            ? html`<${PatientDetail} key=${selected} id=${selected} onChanged=${choose} />`
            : html`<p
          class="muted pt-none">${t('detail.none')}</p>`
        }
      </section>
    </div>
  </div>`;
}

function Field(props: { label: string; value: string | null | undefined; mono?: boolean }) {
  return html`<div class="pt-field"><dt>${props.label}</dt><dd
    class=${props.mono ? 'mono' : undefined}>${props.value || '—'}</dd></div>`;
}

function PatientDetail(props: { id: number; onChanged: (p: PatientSummary) => void }) {
  const p = useResource(() => get<Patient>(`/api/patients/${props.id}`), [props.id]);
  const v = useResource(() => get<ResponseOf<typeof VisitHistory>>(`/api/patients/${props.id}/visits`), [props.id]);
  // Reload (an audited read) only when this patient changed, not on every registration.
  useEffect(
    () =>
      onEvent(PATIENT_CHANGED, (e) => {
        if (e.payload?.id === props.id) p.reload();
      }),
    [props.id],
  );
  const [editing, setEditing] = useState(false);
  const d = p.data;
  if (p.error) return html`<div class="form-error" role="alert">${p.error.message}</div>`;
  if (!d) return html`<p class="muted">…</p>`;
  const columns: Column<VisitHistoryItem>[] = [
    { label: t('visits.day'), render: (x) => x.day, class: 'nowrap' },
    { label: t('visits.department'), render: (x) => x.department },
    { label: t('visits.doctor'), render: (x) => x.doctor ?? '—' },
    {
      label: t('visits.diagnoses'),
      render: (x) => x.diagnoses.map((g) => (g.code ? `${g.name} (${g.code})` : g.name)).join(';') || '—',
    },
    { label: t('visits.complaint'), render: (x) => x.chiefComplaint ?? '' },
    { label: t('visits.status'), render: (x) => t(('visit.status.' + x.status) as 'visit.status.finished') },
  ];
  return html`<article class="pt-detail" data-patient-id=${d.id}>
    <div class="pt-detail-head">
      <h2>${d.name} <span class="muted">${t(('sex.' + d.sex) as 'sex.M')} · ${t('age.years', { n: d.age })}</span></h2>
      ${
        can('patients.write')
          ? html`<button type="button" class="btn" onClick=${() => setEditing(true)}>${t('edit')}
        </button>`
          : null
      }
    </div>
    ${
      d.allergies.length
        ? html`<div class="notice pt-allergy"
      role="note">${t('allergyWarn', { list: d.allergies.join('、') })}</div>`
        : null
    }
    <dl class="pt-fields">
      <${Field} label=${t('field.mrn')} value=${d.mrn} mono />
      <${Field} label=${t('field.birthDate')} value=${d.birthDate} />
      <${Field} label=${t('field.idNumber')} value=${d.idNumber} mono />
      <${Field} label=${t('field.phone')} value=${d.phone} mono />
      <${Field} label=${t('field.insuranceNo')} value=${d.insuranceNo} mono />
      <${Field} label=${t('field.address')} value=${d.address} />
      <${Field} label=${t('field.guardianName')}
        value=${
          d.guardianName
            ? `${d.guardianName}${d.guardianRelation ? `(${d.guardianRelation})` : ''} ${d.guardianPhone ?? ''}`
            : null
        } />
      <${Field} label=${t('field.allergies')} value=${d.allergies.join('、') || t('detail.allergiesNone')} />
      <${Field} label=${t('field.chronic')} value=${d.chronicConditions.join('、') || t('detail.allergiesNone')} />
    </dl>
    ${d.masked ? html`<p class="small muted">${t('detail.maskedNote')}</p>` : null}
    <h3>${t('visits.title')}</h3>
    <${DataTable} label=${t('visits.title')} columns=${columns} rows=${v.data?.items}
      rowKey=${(x: VisitHistoryItem) => x.id} loading=${v.loading} error=${v.error} empty=${t('visits.none')} />
    ${
      editing
        ? html`<${PatientFormDialog}
          patient=${d}
          onClose=${() => setEditing(false)}
          onDone=${(np: PatientSummary) => {
            setEditing(false);
            if (np.id === d.id) p.reload();
            else props.onChanged(np);
          }}
        />`
        : null
    }
  </article>`;
}
