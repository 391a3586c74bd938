// 入院登记 (admission) at the cashier: the patient (searched as at every desk), ward and department,
// admission way and condition, the outpatient and admission diagnoses (ICD-10 from the diagnoses
// dictionary), doctors, patient type, contact, guarantee, remark and an optional first deposit whose
// receipt prints at this workstation. Errors show at the field the server names.
import { useState } from 'preact/hooks';
import { post } from '../../api.js';
import { FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { html } from '../../html.js';
import { centerDateTimeLocalToMs } from '../../time.js';
import { PatientPicker, type PatientSummary } from '../patients/picker.js';
import { t } from './i18n.js';
import { fenOf } from './money.js';
import { DiagnosisField, StaffSelect, type Diagnosis } from './pickers.js';
import { DEPOSIT_METHODS, type FormOptions, type Stay } from './types.js';

interface Values {
  wardId: string;
  deptId: string;
  /** datetime-local text in center time; '' = now. */
  admittedAt: string;
  admissionWay: 'outpatient' | 'emergency' | 'transfer';
  admissionCondition: 'general' | 'urgent' | 'critical';
  opDiag: Diagnosis | null;
  admDiag: Diagnosis | null;
  outpatientDoctorId: number | null;
  attendingDoctorId: number | null;
  residentDoctorId: number | null;
  bedWish: string;
  patientType: 'self' | 'insured';
  psnNo: string;
  insutype: string;
  contactName: string;
  contactRelation: string;
  contactPhone: string;
  guarantorName: string;
  guarantee: string;
  guaranteeApproverId: number | null;
  remark: string;
  deposit: string;
  method: (typeof DEPOSIT_METHODS)[number];
  reference: string;
}

const FIELDS = [
  'patientId',
  'wardId',
  'deptId',
  'admittedAt',
  'admissionWay',
  'admissionCondition',
  'outpatientDiagCode',
  'admissionDiagCode',
  'outpatientDoctorId',
  'attendingDoctorId',
  'residentDoctorId',
  'bedWish',
  'patientType',
  'psnNo',
  'insutype',
  'contactName',
  'contactRelation',
  'contactPhone',
  'guarantorName',
  'guaranteeFen',
  'guaranteeApproverId',
  'remark',
  'deposit',
];

export function AdmitForm(props: {
  options: FormOptions | undefined;
  onDone: (s: Stay) => void;
  onCancel: () => void;
}) {
  const wards = props.options?.wards ?? [];
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const f = useForm<Values>({
    wardId: wards.length === 1 ? String(wards[0]!.id) : '',
    deptId: '',
    admittedAt: '',
    admissionWay: 'outpatient',
    admissionCondition: 'general',
    opDiag: null,
    admDiag: null,
    outpatientDoctorId: null,
    attendingDoctorId: null,
    residentDoctorId: null,
    bedWish: '',
    patientType: 'self',
    psnNo: '',
    insutype: '',
    contactName: '',
    contactRelation: '',
    contactPhone: '',
    guarantorName: '',
    guarantee: '',
    guaranteeApproverId: null,
    remark: '',
    deposit: '',
    method: 'cash',
    reference: '',
  });
  const v = f.values;
  const e = f.error;
  const wardId = v.wardId ? Number(v.wardId) : null;

  const submit = f.submit(async (x) => {
    const deposit = fenOf(x.deposit);
    const guarantee = fenOf(x.guarantee);
    const body = {
      patientId: patient?.id ?? null,
      wardId: x.wardId ? Number(x.wardId) : null,
      deptId: x.deptId ? Number(x.deptId) : null,
      // Center time; a text that is no time is sent as typed so the server names the field.
      admittedAt: x.admittedAt ? (centerDateTimeLocalToMs(x.admittedAt) ?? x.admittedAt) : null,
      admissionWay: x.admissionWay,
      admissionCondition: x.admissionCondition,
      outpatientDiagCode: x.opDiag?.code ?? null,
      admissionDiagCode: x.admDiag?.code ?? '',
      outpatientDoctorId: x.outpatientDoctorId,
      attendingDoctorId: x.attendingDoctorId,
      residentDoctorId: x.residentDoctorId,
      bedWish: x.bedWish,
      patientType: x.patientType,
      psnNo: x.patientType === 'insured' ? x.psnNo : '',
      insutype: x.patientType === 'insured' ? x.insutype : '',
      contactName: x.contactName,
      contactRelation: x.contactRelation,
      contactPhone: x.contactPhone,
      guarantorName: x.guarantorName,
      guaranteeFen: guarantee ?? 0,
      guaranteeApproverId: x.guaranteeApproverId,
      remark: x.remark,
      deposit: deposit === null ? null : { amountFen: deposit, method: x.method, reference: x.reference },
    };
    props.onDone(await post<Stay>('/api/stays', body));
  });

  const opt = (prefix: string, codes: readonly string[]) =>
    codes.map((c) => ({ value: c, label: t(`${prefix}.${c}` as 'way.outpatient') }));
  return html`<section class="st-admit" aria-label=${t('admit.title')}>
    <h2>${t('admit.title')}</h2>
    ${
      patient
        ? html`<div class="st-patient" data-testid="admit-patient">
          <strong>${patient.name}</strong> ${t(`sex.${patient.sex}` as 'sex.M')} ·
          ${t('stay.mrn', { mrn: patient.mrn })}
          <button type="button" class="btn btn-small" onClick=${() => setPatient(null)}>
            ${t('admit.changePatient')}</button>
        </div>`
        : html`<div class="st-pick">
          <p class="muted">${t('admit.pickPatient')}</p>
          <${PatientPicker} showRecent=${false} onPick=${(p: PatientSummary) => setPatient(p)} />
          ${e?.field === 'patientId' ? html`<div class="form-error" role="alert">${e.message}</div>` : null}
        </div>`
    }
    <form class="st-form" onSubmit=${submit} noValidate>
      <div class="st-grid">
        <${SelectField} label=${t('admit.ward')} name="wardId" required value=${v.wardId} error=${e}
          empty=${t('none')} options=${wards.map((w) => ({ value: String(w.id), label: w.name }))}
          onChange=${(x: string) => f.set('wardId', x)} />
        <${SelectField} label=${t('admit.dept')} name="deptId" value=${v.deptId} error=${e}
          empty=${t('admit.deptSame')}
          options=${(props.options?.depts ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
          onChange=${(x: string) => f.set('deptId', x)} />
        <${SelectField} label=${t('admit.way')} name="admissionWay" value=${v.admissionWay} error=${e}
          options=${opt('way', ['outpatient', 'emergency', 'transfer'])}
          onChange=${(x: string) => f.set('admissionWay', x as Values['admissionWay'])} />
        <${TextField} label=${t('admit.admittedAt')} name="admittedAt" type="datetime-local" value=${v.admittedAt}
          hint=${t('admit.admittedAtHint')} error=${e} onInput=${(x: string) => f.set('admittedAt', x)} />
        <${SelectField} label=${t('admit.condition')} name="admissionCondition" value=${v.admissionCondition}
          error=${e} options=${opt('condition', ['general', 'urgent', 'critical'])}
          onChange=${(x: string) => f.set('admissionCondition', x as Values['admissionCondition'])} />
      </div>
      <div class="st-grid st-grid-2">
        <${DiagnosisField} label=${t('admit.opDiag')} name="outpatientDiagCode" value=${v.opDiag} error=${e}
          onChange=${(d: Diagnosis | null) => f.set('opDiag', d)} />
        <${DiagnosisField} label=${t('admit.admDiag')} name="admissionDiagCode" required value=${v.admDiag}
          error=${e} onChange=${(d: Diagnosis | null) => f.set('admDiag', d)} />
      </div>
      <div class="st-grid">
        <${StaffSelect} label=${t('admit.opDoctor')} name="outpatientDoctorId" value=${v.outpatientDoctorId}
          options=${props.options} error=${e} onChange=${(x: number | null) => f.set('outpatientDoctorId', x)} />
        <${StaffSelect} label=${t('admit.attending')} name="attendingDoctorId" value=${v.attendingDoctorId}
          options=${props.options} preferDeptId=${wardId} error=${e}
          onChange=${(x: number | null) => f.set('attendingDoctorId', x)} />
        <${StaffSelect} label=${t('admit.resident')} name="residentDoctorId" value=${v.residentDoctorId}
          options=${props.options} preferDeptId=${wardId} error=${e}
          onChange=${(x: number | null) => f.set('residentDoctorId', x)} />
        <${TextField} label=${t('admit.bedWish')} name="bedWish" value=${v.bedWish} error=${e} maxLength=${60}
          onInput=${(x: string) => f.set('bedWish', x)} />
      </div>
      <div class="st-grid">
        <${SelectField} label=${t('admit.patientType')} name="patientType" value=${v.patientType} error=${e}
          options=${opt('type', ['self', 'insured'])}
          onChange=${(x: string) => f.set('patientType', x as Values['patientType'])} />
        ${
          v.patientType === 'insured'
            ? html`<${TextField} label=${t('admit.psnNo')} name="psnNo" value=${v.psnNo} error=${e} maxLength=${30}
                onInput=${(x: string) => f.set('psnNo', x)} />
              <${TextField} label=${t('admit.insutype')} name="insutype" value=${v.insutype} error=${e}
                maxLength=${6} onInput=${(x: string) => f.set('insutype', x)} />`
            : null
        }
      </div>
      <div class="st-grid">
        <${TextField} label=${t('admit.contact')} name="contactName" value=${v.contactName} error=${e}
          maxLength=${30} onInput=${(x: string) => f.set('contactName', x)} />
        <${TextField} label=${t('admit.contactRelation')} name="contactRelation" value=${v.contactRelation}
          error=${e} maxLength=${20} onInput=${(x: string) => f.set('contactRelation', x)} />
        <${TextField} label=${t('admit.contactPhone')} name="contactPhone" value=${v.contactPhone} error=${e}
          type="tel" maxLength=${30} onInput=${(x: string) => f.set('contactPhone', x)} />
      </div>
      <div class="st-grid">
        <${TextField} label=${t('admit.guarantor')} name="guarantorName" value=${v.guarantorName} error=${e}
          maxLength=${30} onInput=${(x: string) => f.set('guarantorName', x)} />
        <${TextField} label=${t('admit.guarantee')} name="guaranteeFen" value=${v.guarantee} error=${e}
          onInput=${(x: string) => f.set('guarantee', x)} />
        <${StaffSelect} label=${t('admit.approver')} name="guaranteeApproverId" value=${v.guaranteeApproverId}
          options=${props.options} error=${e} onChange=${(x: number | null) => f.set('guaranteeApproverId', x)} />
      </div>
      <div class="st-grid">
        <${TextField} label=${t('admit.deposit')} name="deposit.amountFen" value=${v.deposit} error=${e}
          hint=${t('admit.depositHint')} onInput=${(x: string) => f.set('deposit', x)} />
        <${SelectField} label=${t('admit.method')} name="deposit.method" value=${v.method} error=${e}
          options=${opt('method', DEPOSIT_METHODS)}
          onChange=${(x: string) => f.set('method', x as Values['method'])} />
        ${
          v.method === 'cheque' || v.method === 'transfer' || v.method === 'wechat' || v.method === 'alipay'
            ? html`<${TextField} label=${t('admit.reference')} name="deposit.reference" value=${v.reference}
                error=${e} maxLength=${60} onInput=${(x: string) => f.set('reference', x)} />`
            : null
        }
      </div>
      <${TextField} label=${t('admit.remark')} name="remark" value=${v.remark} error=${e} maxLength=${200}
        onInput=${(x: string) => f.set('remark', x)} />
      <${FormError} error=${e} fields=${FIELDS} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${f.busy}>
          ${f.busy ? t('working') : t('admit.submit')}</button>
        <button type="button" class="btn" onClick=${props.onCancel}>${t('cancel')}</button>
      </div>
    </form>
  </section>`;
}
