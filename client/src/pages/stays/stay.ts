// The cashier's view of one stay: who, where, since when, the balance (deposits − unsettled charges +
// guarantee, red under the ward's warning line), the deposit receipts with 退 (a whole receipt), 收预交金
// (F4), the admission's edit (contact, doctors, diagnoses, guarantee with its approver) and 取消入院.
// The write's receipt print is followed live (PrintNotice). Below, the stay's fee list (inpatient-charges'
// panel, read-only for the cashier).
import { useState } from 'preact/hooks';
import { get, post, api } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { useKeydown, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { dateTimeText } from '../../time.js';
import { StayChargesPanel } from '../nurse/charges-panel.js';
import { PrintNotice, type PrintOutcome } from '../printing/desk-print.js';
import { t } from './i18n.js';
import { fenOf, formatYuan } from './money.js';
import { DiagnosisField, StaffSelect, type Diagnosis } from './pickers.js';
import { DEPOSIT_METHODS, type Deposit, type FormOptions, type Stay } from './types.js';

const methodText = (m: string) => t(`method.${m}` as 'method.cash');

export function StayView(props: {
  id: number;
  epoch: number;
  options: FormOptions | undefined;
  /** The receipt printed by the admission that opened this page. */
  firstPrint?: PrintOutcome | null;
}) {
  const r = useResource(() => get<Stay>(`/api/stays/${props.id}`), [props.id, props.epoch]);
  const [dialog, setDialog] = useState<'deposit' | 'edit' | 'cancel' | Deposit | null>(null);
  const [print, setPrint] = useState<PrintOutcome | null>(props.firstPrint ?? null);
  const s = r.data;
  const open = !!s && s.summary.state !== 'cancelled' && s.summary.state !== 'discharged';
  useKeydown((e) => {
    if (e.key === 'F4' && open && !dialog && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      setDialog('deposit');
    }
  });
  if (!s) return html`<div class="st-stay muted">${r.error ? r.error.message : t('loading')}</div>`;
  const sum = s.summary;
  const b = sum.balance;
  const done = (next: Stay, text: string) => {
    setDialog(null);
    if (next.print) setPrint(next.print);
    toast(text);
    r.reload();
  };
  return html`<section class="st-stay" aria-label=${sum.stayNo} data-testid="stay-view">
    <header class="st-head">
      <h2><span class="mono" data-testid="stay-no">${sum.stayNo}</span> ${sum.patient.name}</h2>
      <span class=${'badge st-state st-' + sum.state}>${t(`state.${sum.state}` as 'state.pending')}</span>
      <div class="muted">
        ${t('stay.sexAge', { sex: t(`sex.${sum.patient.sex}` as 'sex.M'), age: sum.patient.age })} ·
        ${t('stay.mrn', { mrn: sum.patient.mrn })} ·
        ${sum.wardName}${s.deptName !== sum.wardName ? ` / ${s.deptName}` : ''}
        · ${t('stay.admittedAt', { time: dateTimeText(sum.admittedAt) })} · ${t('stay.days', { n: sum.days })}
      </div>
      <div class="muted">
        ${t('stay.diag', { name: `${s.admissionDiagCode} ${s.admissionDiagName}` })}
        ${s.attendingDoctor ? html` · ${t('stay.doctor', { name: s.attendingDoctor.name })}` : null}
        ${s.contactName ? html` · ${t('stay.contact', { name: `${s.contactName} ${s.contactPhone ?? ''}` })}` : null}
      </div>
      ${
        s.cancelReason
          ? html`<div class="form-error">${t('cancel.reasonShown', { reason: s.cancelReason })}</div>`
          : null
      }
    </header>
    <div class=${'st-money' + (b.warning ? ' st-warn' : '')} data-testid="stay-money">
      <div><span>${t('money.deposits')}</span>
        <strong data-testid="deposits">${formatYuan(b.depositsFen)}</strong></div>
      <div><span>${t('money.charges')}</span><strong>${formatYuan(b.chargesFen)}</strong></div>
      <div><span>${t('money.guarantee')}</span><strong>${formatYuan(b.guaranteeFen)}</strong></div>
      <div><span>${t('money.balance')}</span>
        <strong data-testid="balance">${formatYuan(b.balanceFen)}</strong></div>
      ${
        b.arrears
          ? html`<div class="st-alert" role="status">
              ${t('money.arrears', { limit: formatYuan(b.arrearsLimitFen) })}</div>`
          : b.warning
            ? html`<div class="st-alert" role="status">
                ${t('money.warning', { line: formatYuan(b.warningLineFen) })}</div>`
            : null
      }
    </div>
    <div class="actions">
      ${
        open
          ? html`<button type="button" class="btn btn-primary" onClick=${() => setDialog('deposit')}>
              ${t('deposit.take')}</button>
            <button type="button" class="btn" onClick=${() => setDialog('edit')}>${t('edit.open')}</button>`
          : null
      }
      ${
        sum.state === 'pending'
          ? html`<button type="button" class="btn btn-danger" onClick=${() => setDialog('cancel')}>
              ${t('cancel.open')}</button>`
          : null
      }
    </div>
    ${print ? html`<${PrintNotice} print=${print} />` : null}
    <h3>${t('deposits.title')}</h3>
    <${Deposits} stay=${s} canRefund=${open} onRefund=${(d: Deposit) => setDialog(d)} />
    ${
      sum.state !== 'cancelled'
        ? html`<${StayChargesPanel} key=${sum.id} stayId=${sum.id} wardId=${sum.wardId} />`
        : null
    }
    ${
      dialog === 'deposit'
        ? html`<${DepositDialog} stay=${s} onClose=${() => setDialog(null)}
            onDone=${(n: Stay) => {
              const d = n.deposits[n.deposits.length - 1]!;
              done(n, t('deposit.done', { amount: formatYuan(d.amountFen), no: d.receiptNo }));
            }} />`
        : dialog === 'edit'
          ? html`<${EditDialog} stay=${s} options=${props.options} onClose=${() => setDialog(null)}
              onDone=${(n: Stay) => done(n, t('edit.done'))} />`
          : dialog === 'cancel'
            ? html`<${CancelDialog} stay=${s} onClose=${() => setDialog(null)}
                onDone=${(n: Stay) => done(n, t('cancel.done'))} />`
            : dialog
              ? html`<${ReverseDialog} stay=${s} deposit=${dialog} onClose=${() => setDialog(null)}
                  onDone=${(n: Stay) => done(n, t('deposit.reverseDone', { no: dialog.receiptNo }))} />`
              : null
    }
  </section>`;
}

function Deposits(props: { stay: Stay; canRefund: boolean; onRefund: (d: Deposit) => void }) {
  const rows = props.stay.deposits;
  const byId = new Map(rows.map((d) => [d.id, d]));
  if (!rows.length) return html`<p class="muted">${t('deposits.empty')}</p>`;
  return html`<div class="table-scroll"><table class="data" aria-label=${t('deposits.title')}>
    <thead><tr>
      <th>${t('col.receipt')}</th><th class="num">${t('col.amount')}</th><th>${t('col.method')}</th>
      <th>${t('col.reference')}</th><th>${t('col.operator')}</th><th>${t('col.time')}</th><th>${t('col.note')}</th>
      <th></th>
    </tr></thead>
    <tbody>${rows.map((d) => {
      const note =
        d.reversesId !== null
          ? t('deposits.reversal', { no: byId.get(d.reversesId)?.receiptNo ?? '', reason: d.reason ?? '' })
          : d.reversedById !== null
            ? t('deposits.reversed', { no: byId.get(d.reversedById)?.receiptNo ?? '' })
            : d.settled
              ? t('deposits.settled')
              : '';
      const refundable = props.canRefund && d.reversesId === null && d.reversedById === null && !d.settled;
      return html`<tr key=${d.id} class=${d.amountFen < 0 ? 'st-neg' : undefined}>
        <td class="mono">${d.receiptNo}</td><td class="num">${formatYuan(d.amountFen)}</td>
        <td>${methodText(d.method)}</td><td class="mono">${d.reference ?? ''}</td><td>${d.operatorName ?? ''}</td>
        <td>${dateTimeText(d.createdAt)}</td><td>${note}</td>
        <td>${
          refundable
            ? html`<button type="button" class="btn btn-small" aria-label=${`${t('deposit.reverse')} ${d.receiptNo}`}
                onClick=${() => props.onRefund(d)}>${t('deposit.reverse')}</button>`
            : null
        }</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

function DepositDialog(props: { stay: Stay; onClose: () => void; onDone: (s: Stay) => void }) {
  const f = useForm({ amount: '', method: 'cash' as (typeof DEPOSIT_METHODS)[number], reference: '' });
  const submit = f.submit(async (v) => {
    const body = { amountFen: fenOf(v.amount) ?? 0, method: v.method, reference: v.reference };
    props.onDone(await post<Stay>(`/api/stays/${props.stay.summary.id}/deposits`, body));
  });
  return html`<${Dialog} title=${`${t('deposit.title')} · ${props.stay.summary.patient.name}`} onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate>
      <${TextField} label=${t('deposit.amount')} name="amountFen" required value=${f.values.amount} error=${f.error}
        onInput=${(x: string) => f.set('amount', x)} />
      <${SelectField} label=${t('admit.method')} name="method" value=${f.values.method} error=${f.error}
        options=${DEPOSIT_METHODS.map((m) => ({ value: m, label: methodText(m) }))}
        onChange=${(x: string) => f.set('method', x as (typeof DEPOSIT_METHODS)[number])} />
      <${TextField} label=${t('admit.reference')} name="reference" value=${f.values.reference} error=${f.error}
        maxLength=${60} onInput=${(x: string) => f.set('reference', x)} />
      <${FormError} error=${f.error} fields=${['amountFen', 'method', 'reference']} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${f.busy}>
          ${f.busy ? t('working') : t('deposit.submit')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

function ReverseDialog(props: { stay: Stay; deposit: Deposit; onClose: () => void; onDone: (s: Stay) => void }) {
  const d = props.deposit;
  const f = useForm({ reason: '' });
  const submit = f.submit(async (v) => {
    props.onDone(await post<Stay>(`/api/stays/${props.stay.summary.id}/deposits/${d.id}/reverse`, v));
  });
  return html`<${Dialog} title=${t('deposit.reverseTitle', { no: d.receiptNo })} onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate>
      <p>${t('deposit.reverseText', { amount: formatYuan(d.amountFen), method: methodText(d.method) })}</p>
      <${TextField} label=${t('deposit.reason')} name="reason" required value=${f.values.reason} error=${f.error}
        maxLength=${200} onInput=${(x: string) => f.set('reason', x)} />
      <${FormError} error=${f.error} fields=${['reason']} />
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled=${f.busy}>
          ${f.busy ? t('working') : t('deposit.reverseSubmit')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

function CancelDialog(props: { stay: Stay; onClose: () => void; onDone: (s: Stay) => void }) {
  const f = useForm({ reason: '' });
  const submit = f.submit(async (v) => {
    const body = { version: props.stay.summary.version, reason: v.reason };
    props.onDone(await post<Stay>(`/api/stays/${props.stay.summary.id}/cancel`, body));
  });
  return html`<${Dialog} title=${t('cancel.title')} onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate>
      <p>${t('cancel.text')}</p>
      <${TextField} label=${t('cancel.reason')} name="reason" required value=${f.values.reason} error=${f.error}
        maxLength=${200} onInput=${(x: string) => f.set('reason', x)} />
      <${FormError} error=${f.error} fields=${['reason']} />
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled=${f.busy}>
          ${f.busy ? t('working') : t('cancel.submit')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

function EditDialog(props: {
  stay: Stay;
  options: FormOptions | undefined;
  onClose: () => void;
  onDone: (s: Stay) => void;
}) {
  const s = props.stay;
  const f = useForm({
    contactName: s.contactName ?? '',
    contactRelation: s.contactRelation ?? '',
    contactPhone: s.contactPhone ?? '',
    attendingDoctorId: s.attendingDoctor?.id ?? null,
    residentDoctorId: s.residentDoctor?.id ?? null,
    admDiag: { code: s.admissionDiagCode, name: s.admissionDiagName } as Diagnosis | null,
    guarantorName: s.guarantorName ?? '',
    guarantee: s.guaranteeFen ? formatYuan(s.guaranteeFen) : '',
    guaranteeApproverId: s.guaranteeApprover?.id ?? null,
    remark: s.remark ?? '',
  });
  const v = f.values;
  const e = f.error;
  const submit = f.submit(async (x) => {
    const body = {
      version: s.summary.version,
      contactName: x.contactName,
      contactRelation: x.contactRelation,
      contactPhone: x.contactPhone,
      attendingDoctorId: x.attendingDoctorId,
      residentDoctorId: x.residentDoctorId,
      admissionDiagCode: x.admDiag?.code ?? '',
      guarantorName: x.guarantorName,
      guaranteeFen: fenOf(x.guarantee) ?? 0,
      guaranteeApproverId: x.guaranteeApproverId,
      remark: x.remark,
    };
    props.onDone(await api<Stay>('PATCH', `/api/stays/${s.summary.id}`, body));
  });
  return html`<${Dialog} title=${t('edit.title')} wide onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate class="st-form">
      <div class="st-grid">
        <${TextField} label=${t('admit.contact')} name="contactName" value=${v.contactName} error=${e}
          maxLength=${30} onInput=${(x: string) => f.set('contactName', x)} />
        <${TextField} label=${t('admit.contactRelation')} name="contactRelation" value=${v.contactRelation}
          error=${e} maxLength=${20} onInput=${(x: string) => f.set('contactRelation', x)} />
        <${TextField} label=${t('admit.contactPhone')} name="contactPhone" value=${v.contactPhone} error=${e}
          maxLength=${30} onInput=${(x: string) => f.set('contactPhone', x)} />
      </div>
      <div class="st-grid st-grid-2">
        <${StaffSelect} label=${t('admit.attending')} name="attendingDoctorId" value=${v.attendingDoctorId}
          options=${props.options} preferDeptId=${s.summary.wardId} error=${e}
          onChange=${(x: number | null) => f.set('attendingDoctorId', x)} />
        <${StaffSelect} label=${t('admit.resident')} name="residentDoctorId" value=${v.residentDoctorId}
          options=${props.options} preferDeptId=${s.summary.wardId} error=${e}
          onChange=${(x: number | null) => f.set('residentDoctorId', x)} />
      </div>
      <${DiagnosisField} label=${t('admit.admDiag')} name="admissionDiagCode" required value=${v.admDiag} error=${e}
        onChange=${(d: Diagnosis | null) => f.set('admDiag', d)} />
      <div class="st-grid">
        <${TextField} label=${t('admit.guarantor')} name="guarantorName" value=${v.guarantorName} error=${e}
          maxLength=${30} onInput=${(x: string) => f.set('guarantorName', x)} />
        <${TextField} label=${t('admit.guarantee')} name="guaranteeFen" value=${v.guarantee} error=${e}
          onInput=${(x: string) => f.set('guarantee', x)} />
        <${StaffSelect} label=${t('admit.approver')} name="guaranteeApproverId" value=${v.guaranteeApproverId}
          options=${props.options} error=${e} onChange=${(x: number | null) => f.set('guaranteeApproverId', x)} />
      </div>
      <${TextField} label=${t('admit.remark')} name="remark" value=${v.remark} error=${e} maxLength=${200}
        onInput=${(x: string) => f.set('remark', x)} />
      <${FormError} error=${e} fields=${[
        'contactName',
        'contactRelation',
        'contactPhone',
        'attendingDoctorId',
        'residentDoctorId',
        'admissionDiagCode',
        'guarantorName',
        'guaranteeFen',
        'guaranteeApproverId',
        'remark',
      ]} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${f.busy}>${f.busy ? t('working') : t('save')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}
