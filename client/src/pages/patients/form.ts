// Register or edit a patient in a dialog. The ID number fills in birth date and sex; the
// server's duplicate answers are shown in place: the same ID number offers the existing
// patient, the same name + birth date lists the candidates and asks to confirm.
import { useRef, useState } from 'preact/hooks';
import { ApiError, newKey, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { t as tc } from '../../i18n/index.js';
import { t } from './i18n.js';
import type { Patient, PatientSummary } from './types.js';

const FIELDS = [
  'name',
  'sex',
  'birthDate',
  'idNumber',
  'phone',
  'address',
  'insuranceNo',
  'guardianName',
  'guardianPhone',
  'guardianRelation',
  'allergies',
  'chronicConditions',
];

/** Birth date and sex read from a complete ID number (the server checks it again). */
export function fromIdNumber(v: string): { birthDate: string; sex: 'M' | 'F' } | null {
  const s = v.trim().toUpperCase();
  let full: string;
  if (/^\d{17}[\dX]$/.test(s)) full = s;
  else if (/^\d{15}$/.test(s)) full = s.slice(0, 6) + '19' + s.slice(6) + '0';
  else return null;
  return {
    birthDate: `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`,
    sex: Number(full[16]) % 2 === 1 ? 'M' : 'F',
  };
}

const splitList = (s: string) =>
  s
    .split(/[,,、;;\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function PatientRow(props: { p: PatientSummary; action?: string; onAction?: () => void }) {
  const p = props.p;
  return html`<li class="pt-row">
    <div>
      <strong>${p.name}</strong> <span class="muted">${t(('sex.' + p.sex) as 'sex.M')} ·${' '}
        ${t('age.years', { n: p.age })} · ${p.birthDate}</span>
      <div class="small muted mono">${p.mrn} ${p.idNumber ?? ''} ${p.phone ?? ''}</div>
    </div>
    ${
      props.onAction
        ? html`<button type="button" class="btn btn-small" onClick=${props.onAction}>${props.action}
      </button>`
        : null
    }
  </li>`;
}

export function PatientFormDialog(props: {
  patient: Patient | null;
  initialName?: string;
  /** A new patient's first values (e.g. from a card read). */
  initial?: { name?: string; sex?: string; birthDate?: string; idNumber?: string };
  onClose: () => void;
  onDone: (p: PatientSummary, created: boolean) => void;
}) {
  const p = props.patient;
  const f = useForm({
    name: p?.name ?? props.initial?.name ?? props.initialName ?? '',
    sex: (p?.sex ?? props.initial?.sex ?? '') as string,
    birthDate: p?.birthDate ?? props.initial?.birthDate ?? '',
    idNumber: p?.idNumber ?? props.initial?.idNumber ?? '',
    phone: p?.phone ?? '',
    address: p?.address ?? '',
    insuranceNo: p?.insuranceNo ?? '',
    guardianName: p?.guardianName ?? '',
    guardianPhone: p?.guardianPhone ?? '',
    guardianRelation: p?.guardianRelation ?? '',
    allergies: (p?.allergies ?? []).join(','),
    chronicConditions: (p?.chronicConditions ?? []).join(','),
  });
  const [dupId, setDupId] = useState<PatientSummary | null>(null);
  const [candidates, setCandidates] = useState<PatientSummary[] | null>(null);
  // One Idempotency-Key per submission: the same form content sent again (a double click on
  // 确认不是重复, a retry after a dropped connection) reuses it, so one patient is registered.
  const submission = useRef<{ body: string; key: string } | null>(null);

  const save = (confirm: boolean) =>
    f.submit(async (v) => {
      setDupId(null);
      setCandidates(null);
      const body = {
        name: v.name.trim(),
        sex: v.sex === 'M' || v.sex === 'F' ? v.sex : null,
        birthDate: orNull(v.birthDate),
        idNumber: orNull(v.idNumber),
        phone: orNull(v.phone),
        address: orNull(v.address),
        insuranceNo: orNull(v.insuranceNo),
        guardianName: orNull(v.guardianName),
        guardianPhone: orNull(v.guardianPhone),
        guardianRelation: orNull(v.guardianRelation),
        allergies: splitList(v.allergies),
        chronicConditions: splitList(v.chronicConditions),
        ...(confirm ? { confirmNotDuplicate: true } : {}),
      };
      try {
        let saved: Patient;
        if (p) saved = await put<Patient>(`/api/patients/${p.id}`, { ...body, version: p.version });
        else {
          const sent = JSON.stringify(body);
          if (submission.current?.body !== sent) submission.current = { body: sent, key: newKey() };
          saved = await post<Patient>('/api/patients', body, { idempotencyKey: submission.current.key });
        }
        toast(t('saved', { name: saved.name, mrn: saved.mrn }));
        props.onDone(saved, !p);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'duplicate_id_number' && e.details?.existing) {
          setDupId(e.details.existing as PatientSummary);
          return;
        }
        if (e instanceof ApiError && e.code === 'possible_duplicate' && Array.isArray(e.details?.candidates)) {
          setCandidates(e.details.candidates as PatientSummary[]);
          return;
        }
        throw e;
      }
    });

  const onId = (v: string) => {
    f.set('idNumber', v);
    const d = fromIdNumber(v);
    if (d) {
      f.set('birthDate', d.birthDate);
      f.set('sex', d.sex);
    }
  };
  const text = (name: keyof typeof f.values, label: string, max: number, extra: Record<string, unknown> = {}) =>
    html`<${TextField} label=${label} name=${name} value=${f.values[name]} onInput=${(v: string) => f.set(name, v)}
      maxLength=${max} error=${f.error} ...${extra} />`;

  return html`<${Dialog} wide title=${p ? `${t('edit')} ${p.name}` : t('new')} onClose=${props.onClose}>
    <form onSubmit=${save(false)} novalidate class="form grid2 pt-form">
      <${FormError} error=${f.error} fields=${FIELDS} />
      ${text('name', t('field.name'), 50, { required: true })}
      <${TextField} label=${t('field.idNumber')} name="idNumber" value=${f.values.idNumber} onInput=${onId}
        maxLength=${18} hint=${t('field.idNumberHint')} error=${f.error} />
      <${SelectField} label=${t('field.sex')} name="sex" value=${f.values.sex} empty=${t('sex.choose')}
        options=${[{ value: 'M', label: t('sex.M') }, { value: 'F', label: t('sex.F') }]}
          onChange=${(v: string) => f.set('sex', v)} error=${f.error} required />
      ${text('birthDate', t('field.birthDate'), 10, { type: 'date', required: true })}
      ${text('phone', t('field.phone'), 20, { type: 'tel' })}
      ${text('insuranceNo', t('field.insuranceNo'), 40)}
      <div class="span2">${text('address', t('field.address'), 200)}</div>
      ${text('guardianName', t('field.guardianName'), 50, { hint: t('field.guardianHint') })}
      ${text('guardianRelation', t('field.guardianRelation'), 20)}
      ${text('guardianPhone', t('field.guardianPhone'), 20, { type: 'tel' })}
      <div></div>
      ${text('allergies', t('field.allergies'), 400, { hint: t('field.listHint') })}
      ${text('chronicConditions', t('field.chronic'), 400, { hint: t('field.listHint') })}
      ${
        dupId
          ? html`<div class="notice span2 pt-dup" role="alert">
            <strong>${t('dup.idTitle')}</strong>
            <p>${t('dup.idText', { name: dupId.name, mrn: dupId.mrn })}</p>
            <ul class="pt-list"><${PatientRow} p=${dupId} action=${t('dup.useExisting')}
              onAction=${() => props.onDone(dupId, false)} /></ul>
          </div>`
          : null
      }
      ${
        candidates
          ? html`<div class="notice span2 pt-dup" role="alert">
            <strong>${t('dup.possibleTitle')}</strong>
            <p>${t('dup.possibleText')}</p>
            <ul class="pt-list">${candidates.map(
              (c) => html`<${PatientRow} key=${c.id} p=${c} action=${t('pick')}
              onAction=${() => props.onDone(c, false)} />`,
            )}</ul>
            <button type="button" class="btn btn-primary" name="confirmNotDuplicate"
              onClick=${save(true)}>${t('dup.confirm')}</button>
          </div>`
          : null
      }
      <${FormActions} busy=${f.busy} submitLabel=${tc('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
