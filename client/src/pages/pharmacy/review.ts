// The pharmacist's review of a prescription (审方, issue 9 items 6 and 10): the patient's
// allergies and the visit's diagnoses above the pick list; 拒发 with a reason (the prescription
// goes back to the doctor live and the cashier refunds it); and, when the institution turns the
// two-person check on, 配药 by one pharmacist before another checks and dispenses (核对发药).
import { useState } from 'preact/hooks';
import { ApiError, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormError, TextField } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import { me } from '../../session.js';
import type { Rx } from './types.js';

export const tr = scoped(
  {
    'review.allergies': '过敏史',
    'review.noAllergies': '无过敏记录',
    'review.diagnoses': '诊断',
    'review.noDiagnoses': '无诊断',
    'refuse.button': '拒发',
    'refuse.title': '拒发处方:{patient}',
    'refuse.text': '拒发后处方退回开方医生(医生站即时显示原因,可重开),患者到收费处整张退费。',
    'refuse.reason': '拒发原因',
    'refuse.hint': '如:总量与用法用量不符、与诊断不符、过敏',
    'refuse.reasonRequired': '请填写拒发原因',
    'refuse.confirm': '确认拒发',
    'refuse.done': '已拒发 {patient} 的处方,已通知医生和收费处',
    'prep.button': '配药',
    'prep.done': '已记录配药,请另一名药师核对发药',
    'prep.by': '{name} 已配药 {time}',
    'prep.needed': '本院实行配药、核对双人复核:请先配药,再由另一名药师核对发药',
    'prep.mine': '该处方由您配药,须由另一名药师核对发药',
    'prep.check': '核对发药 (Enter / F9)',
    working: '处理中…',
    cancel: '取消',
    'error.unexpected': '出现意外错误,请重试',
  },
  {
    'review.allergies': 'Allergies',
    'review.noAllergies': 'No allergies recorded',
    'review.diagnoses': 'Diagnoses',
    'review.noDiagnoses': 'No diagnosis',
    'refuse.button': 'Refuse',
    'refuse.title': 'Refuse the prescription: {patient}',
    'refuse.text':
      'A refused prescription goes back to the doctor (shown at once with the reason; the doctor can rewrite ' +
      'it) and the patient is refunded in whole at the cashier.',
    'refuse.reason': 'Reason for refusing',
    'refuse.hint': 'e.g. total does not match the dose, does not match the diagnosis, allergy',
    'refuse.reasonRequired': 'Give the reason for refusing',
    'refuse.confirm': 'Refuse',
    'refuse.done': "{patient}'s prescription refused; the doctor and the cashier were told",
    'prep.button': 'Prepared (配药)',
    'prep.done': 'Preparation recorded; another pharmacist checks and dispenses',
    'prep.by': 'Prepared by {name} at {time}',
    'prep.needed':
      'This center checks in two steps: record the preparation first; another pharmacist then checks and dispenses',
    'prep.mine': 'You prepared this prescription; another pharmacist must check and dispense it',
    'prep.check': 'Check and dispense (Enter / F9)',
    working: 'Working…',
    cancel: 'Cancel',
    'error.unexpected': 'Something unexpected went wrong; try again',
  },
);

/** Allergies (prominent when any) and diagnoses of the prescription's visit. */
export function ReviewInfo(props: { rx: Rx }) {
  const rx = props.rx;
  return html`<div class="rx-review" data-testid="rx-review">
    <div class=${rx.allergies.length ? 'rx-allergy rx-allergy-on' : 'rx-allergy'}
      role=${rx.allergies.length ? 'alert' : undefined} data-testid="rx-allergies">
      <strong>${tr('review.allergies')}:</strong>${' '}
        ${rx.allergies.length ? rx.allergies.join('、') : tr('review.noAllergies')}
    </div>
    <div class="rx-diagnoses" data-testid="rx-diagnoses">
      <strong>${tr('review.diagnoses')}:</strong>
      ${
        rx.diagnoses.length
          ? rx.diagnoses.map(
              (d, i) => html`${i ? '、' : ''}<span key=${d.code}>${d.name} <span
        class="mono small muted">${d.code}</span></span>`,
            )
          : tr('review.noDiagnoses')
      }
    </div>
  </div>`;
}

/** Where the two-person check stands for me: null when it does not apply. */
export function twoPersonState(rx: Rx, on: boolean): 'prepare' | 'mine' | 'check' | null {
  if (!on) return null;
  if (!rx.preparation) return 'prepare';
  return rx.preparation.userId === me.value?.userId ? 'mine' : 'check';
}

export function PrepareButton(props: {
  rx: Rx;
  pharmacyId: number;
  onDone: () => void;
  onError: (e: ApiError) => void;
}) {
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const prepare = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await post(
        `/api/pharmacy/orders/${props.rx.orderId}/prepare`,
        { pharmacyId: props.pharmacyId },
        { idempotencyKey: key },
      );
      toast(tr('prep.done'));
      props.onDone();
    } catch (e) {
      props.onError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', tr('error.unexpected')));
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="btn btn-primary btn-big" data-testid="prepare" disabled=${busy}
    onClick=${() => void prepare()}>${busy ? tr('working') : tr('prep.button')}</button>`;
}

export function RefuseDialog(props: { rx: Rx; pharmacyId: number; onClose: () => void; onDone: () => void }) {
  // One key per intent (this dialog); a retry after a lost answer reuses it.
  const [key] = useState(newKey);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setError(new ApiError(422, 'invalid', tr('refuse.reasonRequired'), 'reason'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(
        `/api/pharmacy/orders/${props.rx.orderId}/refuse`,
        { pharmacyId: props.pharmacyId, reason: reason.trim() },
        { idempotencyKey: key },
      );
      toast(tr('refuse.done', { patient: props.rx.patient.name }));
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', tr('error.unexpected')));
    } finally {
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${tr('refuse.title', { patient: props.rx.patient.name })} onClose=${props.onClose}>
    <form class="form" onSubmit=${submit} novalidate>
      <p class="muted">${tr('refuse.text')}</p>
      <${FormError} error=${error} fields=${['reason']} />
      <${TextField} label=${tr('refuse.reason')} name="reason" value=${reason} onInput=${setReason} maxLength=${200}
        error=${error} required placeholder=${tr('refuse.hint')} />
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled=${busy}>${busy ? tr('working') : tr('refuse.confirm')}
          </button>
        <button type="button" class="btn" onClick=${props.onClose}>${tr('cancel')}</button>
      </div>
    </form>
  <//>`;
}
