// The bed card's actions and their dialogs: 安床 (also from the waiting list), 换床, 包床 /
// 取消包床, 释放, 转科, the stay's bed history, and the stay panels other features register
// (stay-panels.ts). Each write sends one idempotency key per dialog; a 409 (someone else was
// quicker) reloads the board and says which bed.
import { useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { CheckField, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { pick } from '../../i18n/index.js';
import { dateTimeText } from '../../time.js';
import { t } from './i18n.js';
import { STAY_PANELS } from './stay-panels.js';
import type { Board, BoardStay, BedMoveView, BedView, MoveResult, PrintOutcome, StaffChoice } from './types.js';

type Props = { board: Board; onClose: () => void; onChanged: () => void };

const staffOptions = (l: StaffChoice[]) => l.map((s) => ({ value: String(s.id), label: s.name }));
const bedOptions = (l: BedView[]) => l.map((b) => ({ value: String(b.id), label: b.code }));
const num = (v: string) => (v ? Number(v) : null);

/** The wristband's print outcome: sent, or why it waits (no printer at this workstation). */
function printToast(p: PrintOutcome, what: 'wristband' | 'bed-card' = 'wristband') {
  const sent = t(what === 'wristband' ? 'wristband.queued' : 'bedCard.queued');
  if (p.outcome === 'queued') toast(sent);
  else toast(p.message ? pick(p.message) : sent, 'error');
}

/** 打印腕带 again (a lost or damaged band), or 打印床头卡. */
function PrintButton(props: { stay: BoardStay; what: 'wristband' | 'bed-card' }) {
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    try {
      printToast(await post<PrintOutcome>(`/api/stays/${props.stay.id}/${props.what}`), props.what);
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="btn" data-action=${props.what} disabled=${busy} onClick=${print}
    >${t(props.what === 'wristband' ? 'actions.wristband' : 'actions.bedCard')}</button>`;
}

function onConflict(e: unknown, onChanged: () => void) {
  if (e instanceof ApiError && e.status === 409) onChanged();
}

/** 安床: a waiting stay into a free bed, with the doctors and the nurse. */
export function PlaceDialog(props: Props & { stay?: BoardStay; bed?: BedView; waiting: BoardStay[] }) {
  const { board } = props;
  const free = board.beds.filter((b) => b.state === 'free');
  const [key] = useState(newKey);
  const f = useForm({
    stayId: props.stay ? String(props.stay.id) : props.waiting.length === 1 ? String(props.waiting[0]!.id) : '',
    bedId: props.bed ? String(props.bed.id) : '',
    attendingDoctorId: '',
    residentDoctorId: '',
    nurseId: '',
    wristband: true,
  });
  const stay = props.stay ?? props.waiting.find((s) => String(s.id) === f.values.stayId);
  const title = t('place.title') + (stay ? ':' + stay.patient.name : '');
  const submit = f.submit(async (v) => {
    const bed = free.find((b) => String(b.id) === v.bedId) ?? props.bed;
    let r: MoveResult;
    try {
      r = await post<MoveResult>(
        `/api/beds/${v.bedId || 0}/place`,
        {
          stayId: Number(v.stayId) || 0,
          version: bed?.version ?? 1,
          ...(stay ? { stayVersion: stay.version } : {}),
          attendingDoctorId: num(v.attendingDoctorId),
          residentDoctorId: num(v.residentDoctorId),
          nurseId: num(v.nurseId),
          wristband: v.wristband,
        },
        { idempotencyKey: key },
      );
    } catch (e) {
      onConflict(e, props.onChanged);
      throw e;
    }
    toast(t('place.done', { name: stay?.patient.name ?? '', bed: bed?.code ?? '' }));
    if (r.print) printToast(r.print);
    props.onClose();
  });
  return html`<${Dialog} title=${title} onClose=${props.onClose}>
    <form class="nurse-form" onSubmit=${submit}>
      ${
        props.stay
          ? null
          : html`<${SelectField} label=${t('place.stay')} name="stayId" required value=${f.values.stayId}
              empty=${t('place.choose')} error=${f.error} onChange=${(v: string) => f.set('stayId', v)}
              options=${props.waiting.map((s) => ({ value: String(s.id), label: `${s.patient.name} ${s.stayNo}` }))} />`
      }
      ${
        props.bed
          ? null
          : free.length === 0
            ? html`<p class="form-error">${t('place.noFree')}</p>`
            : html`<${SelectField} label=${t('place.bed')} name="bedId" required value=${f.values.bedId}
                empty=${t('place.choose')} error=${f.error} onChange=${(v: string) => f.set('bedId', v)}
                options=${bedOptions(free)} />`
      }
      <${SelectField} label=${t('place.attending')} name="attendingDoctorId" value=${f.values.attendingDoctorId}
        empty=${t('place.none')} error=${f.error} options=${staffOptions(board.doctors)}
        onChange=${(v: string) => f.set('attendingDoctorId', v)} />
      <${SelectField} label=${t('place.resident')} name="residentDoctorId" value=${f.values.residentDoctorId}
        empty=${t('place.none')} error=${f.error} options=${staffOptions(board.doctors)}
        onChange=${(v: string) => f.set('residentDoctorId', v)} />
      <${SelectField} label=${t('place.nurse')} name="nurseId" value=${f.values.nurseId}
        empty=${t('place.none')} error=${f.error} options=${staffOptions(board.nurses)}
        onChange=${(v: string) => f.set('nurseId', v)} />
      <${CheckField} label=${t('place.wristband')} name="wristband" checked=${f.values.wristband}
        onChange=${(v: boolean) => f.set('wristband', v)} />
      <${FormError} error=${f.error}
        fields=${['stayId', 'bedId', 'attendingDoctorId', 'residentDoctorId', 'nurseId', 'wristband']} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${f.busy}
          >${f.busy ? t('working') : t('place.title')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

/** 换床 or 包床: choose a free bed of the ward. */
function BedChoice(props: Props & { stay: BoardStay; mode: 'change' | 'reserve' }) {
  const { board, stay, mode } = props;
  const choices = board.beds.filter(
    (b) => b.state === 'free' || (mode === 'change' && b.state === 'reserved' && b.stayId === stay.id),
  );
  const [key] = useState(newKey);
  const field = mode === 'change' ? 'toBedId' : 'bedId';
  const f = useForm({ bed: '', reason: '' });
  const submit = f.submit(async (v) => {
    const bed = choices.find((b) => String(b.id) === v.bed);
    try {
      if (mode === 'change')
        await post<MoveResult>(
          `/api/stays/${stay.id}/change-bed`,
          { toBedId: Number(v.bed) || 0, toBedVersion: bed?.version ?? 1, reason: v.reason },
          { idempotencyKey: key },
        );
      else
        await post<MoveResult>(
          `/api/stays/${stay.id}/reserve`,
          { bedId: Number(v.bed) || 0, version: bed?.version ?? 1 },
          { idempotencyKey: key },
        );
    } catch (e) {
      onConflict(e, props.onChanged);
      throw e;
    }
    toast(t(mode === 'change' ? 'change.done' : 'reserve.done', { name: stay.patient.name, bed: bed?.code ?? '' }));
    props.onClose();
  });
  return html`<form class="nurse-form" onSubmit=${submit}>
    <h3>${t(mode === 'change' ? 'change.title' : 'reserve.title', { name: stay.patient.name })}</h3>
    ${mode === 'reserve' ? html`<p class="muted">${t('reserve.hint')}</p>` : null}
    ${
      choices.length === 0
        ? html`<p class="form-error">${t('place.noFree')}</p>`
        : html`<${SelectField} label=${t(mode === 'change' ? 'change.to' : 'reserve.bed')} name=${field} required
            value=${f.values.bed} empty=${t('place.choose')} error=${f.error} options=${bedOptions(choices)}
            onChange=${(v: string) => f.set('bed', v)} />`
    }
    ${
      mode === 'change'
        ? html`<${TextField} label=${t('change.reason')} name="reason" value=${f.values.reason} maxLength=${200}
            error=${f.error} onInput=${(v: string) => f.set('reason', v)} />`
        : null
    }
    <${FormError} error=${f.error} fields=${[field, 'reason']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy || choices.length === 0}
        >${f.busy ? t('working') : t(mode === 'change' ? 'actions.change' : 'actions.reserve')}</button>
      <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
    </div>
  </form>`;
}

/** 转科: choose the receiving ward and say why. */
function TransferForm(props: Props & { stay: BoardStay }) {
  const { board, stay } = props;
  const others = board.wards.filter((w) => w.id !== board.ward.id);
  const [key] = useState(newKey);
  const f = useForm({ toWardId: '', reason: '' });
  const submit = f.submit(async (v) => {
    try {
      await post<MoveResult>(
        `/api/stays/${stay.id}/transfer`,
        { toWardId: Number(v.toWardId) || 0, stayVersion: stay.version, reason: v.reason },
        { idempotencyKey: key },
      );
    } catch (e) {
      onConflict(e, props.onChanged);
      throw e;
    }
    const ward = others.find((w) => String(w.id) === v.toWardId);
    toast(t('transfer.done', { name: stay.patient.name, ward: ward?.name ?? '' }));
    props.onClose();
  });
  return html`<form class="nurse-form" onSubmit=${submit}>
    <h3>${t('transfer.title', { name: stay.patient.name })}</h3>
    <p class="muted">${t('transfer.hint')}</p>
    <${SelectField} label=${t('transfer.ward')} name="toWardId" required value=${f.values.toWardId}
      empty=${t('place.choose')} error=${f.error} onChange=${(v: string) => f.set('toWardId', v)}
      options=${others.map((w) => ({ value: String(w.id), label: w.name }))} />
    <${TextField} label=${t('transfer.reason')} name="reason" required value=${f.values.reason} maxLength=${200}
      error=${f.error} onInput=${(v: string) => f.set('reason', v)} />
    <${FormError} error=${f.error} fields=${['toWardId', 'reason']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}
        >${f.busy ? t('working') : t('actions.transfer')}</button>
      <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
    </div>
  </form>`;
}

/** 取消包床 (no reason) or 释放 (with a reason). */
function FreeReserved(props: Props & { bed: BedView; stay: BoardStay | undefined; mode: 'unreserve' | 'release' }) {
  const { bed, stay, mode } = props;
  const [key] = useState(newKey);
  const f = useForm({ reason: '' });
  const submit = f.submit(async (v) => {
    try {
      await post<MoveResult>(
        `/api/beds/${bed.id}/${mode}`,
        mode === 'release' ? { version: bed.version, reason: v.reason } : { version: bed.version },
        { idempotencyKey: key },
      );
    } catch (e) {
      onConflict(e, props.onChanged);
      throw e;
    }
    toast(t(mode === 'release' ? 'release.done' : 'unreserve.done', { bed: bed.code }));
    props.onClose();
  });
  return html`<form class="nurse-form" onSubmit=${submit}>
    ${
      mode === 'release'
        ? html`<h3>${t('release.title', { bed: bed.code })}</h3>
          <${TextField} label=${t('release.reason')} name="reason" required value=${f.values.reason} maxLength=${200}
            error=${f.error} onInput=${(v: string) => f.set('reason', v)} />`
        : html`<p>${t('unreserve.text', { name: stay?.patient.name ?? '', bed: bed.code })}</p>`
    }
    <${FormError} error=${f.error} fields=${['reason']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy} data-autofocus
        >${f.busy ? t('working') : t(mode === 'release' ? 'actions.release' : 'actions.unreserve')}</button>
      <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
    </div>
  </form>`;
}

/** The stay's bed movements (床位变动记录). */
export function MovesList(props: { stayId: number }) {
  const moves = useResource(
    () => get<{ items: BedMoveView[] }>(`/api/stays/${props.stayId}/bed-moves`),
    [props.stayId],
  );
  if (moves.error) return html`<div class="form-error" role="alert">${moves.error.message}</div>`;
  if (!moves.data) return html`<p class="muted" role="status">${t('loading')}</p>`;
  if (!moves.data.items.length) return html`<p class="muted">${t('moves.empty')}</p>`;
  const wardText = (m: BedMoveView) =>
    m.fromWard && m.toWard && m.fromWard !== m.toWard ? `${m.fromWard} → ${m.toWard}` : (m.toWard ?? m.fromWard ?? '');
  const staff = (m: BedMoveView) => [m.attendingDoctor, m.residentDoctor, m.nurse].filter(Boolean).join(' / ');
  return html`<div class="table-scroll"><table class="data nurse-moves" aria-label=${t('actions.moves')}>
    <thead><tr>
      <th>${t('moves.time')}</th><th>${t('moves.kind')}</th><th>${t('moves.from')}</th><th>${t('moves.to')}</th>
      <th>${t('moves.ward')}</th><th>${t('moves.staff')}</th><th>${t('moves.reason')}</th>
      <th>${t('moves.operator')}</th>
    </tr></thead>
    <tbody>
      ${moves.data.items.map(
        (m) => html`<tr key=${m.id}>
          <td>${dateTimeText(m.createdAt)}</td><td>${t(`kind.${m.kind}`)}</td><td>${m.fromBed ?? ''}</td>
          <td>${m.toBed ?? ''}</td>
          <td>${wardText(m)}</td>
          <td>${staff(m)}</td><td>${m.reason ?? ''}</td><td>${m.operator}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}

type Mode =
  | 'menu'
  | 'place'
  | 'change'
  | 'reserve'
  | 'transfer'
  | 'unreserve'
  | 'release'
  | 'moves'
  | `panel:${string}`;

/** A bed card's actions: what the card's state allows, then that action's form in the same dialog. */
export function BedActions(props: Props & { bed: BedView; waiting: BoardStay[] }) {
  const { board, bed } = props;
  const [mode, setMode] = useState<Mode>('menu');
  const stay = bed.stayId ? board.stays.find((s) => s.id === bed.stayId) : undefined;
  if (mode === 'place') return html`<${PlaceDialog} ...${props} bed=${bed} waiting=${props.waiting} />`;
  const panel = mode.startsWith('panel:') ? STAY_PANELS.find((p) => `panel:${p.id}` === mode) : undefined;
  const title = t('actions.title', { bed: bed.code }) + (stay ? ' · ' + stay.patient.name : '');
  const btn = (m: Mode, label: string) =>
    html`<button type="button" class="btn" data-action=${m} onClick=${() => setMode(m)}>${label}</button>`;
  let body: ReturnType<typeof html>;
  if (panel && stay) body = html`<${panel.view} stay=${stay} wardId=${board.ward.id} onClose=${props.onClose} />`;
  else if ((mode === 'change' || mode === 'reserve') && stay)
    body = html`<${BedChoice} ...${props} stay=${stay} mode=${mode} />`;
  else if (mode === 'transfer' && stay) body = html`<${TransferForm} ...${props} stay=${stay} />`;
  else if (mode === 'unreserve' || mode === 'release')
    body = html`<${FreeReserved} ...${props} bed=${bed} stay=${stay} mode=${mode} />`;
  else if (mode === 'moves' && stay) body = html`<${MovesList} stayId=${stay.id} />`;
  else
    body = html`
      ${
        stay
          ? html`<div class="nurse-stay">
            <div>${t('actions.stay', { no: stay.stayNo, diag: stay.admissionDiagName })}</div>
            ${
              stay.attendingDoctorName
                ? html`<div>${t('actions.doctor', { name: stay.attendingDoctorName })}</div>`
                : null
            }
            ${stay.nursingLevel ? html`<div>${t('actions.level', { level: stay.nursingLevel })}</div>` : null}
          </div>`
          : null
      }
      <div class="nurse-actions">
        ${bed.state === 'free' && props.waiting.length ? btn('place', t('actions.place')) : null}
        ${bed.state === 'occupied' && stay ? btn('change', t('actions.change')) : null}
        ${bed.state === 'occupied' && stay ? btn('reserve', t('actions.reserve')) : null}
        ${bed.state === 'occupied' && stay && board.wards.length > 1 ? btn('transfer', t('actions.transfer')) : null}
        ${bed.state === 'reserved' && stay?.state === 'in_ward' ? btn('unreserve', t('actions.unreserve')) : null}
        ${bed.state === 'reserved' ? btn('release', t('actions.release')) : null}
        ${stay ? btn('moves', t('actions.moves')) : null}
        ${bed.state === 'occupied' && stay ? html`<${PrintButton} stay=${stay} what="wristband" />` : null}
        ${bed.state === 'occupied' && stay ? html`<${PrintButton} stay=${stay} what="bed-card" />` : null}
        ${stay ? STAY_PANELS.map((p) => btn(`panel:${p.id}`, p.label())) : null}
      </div>
      ${bed.state === 'free' && !props.waiting.length ? html`<p class="muted">${t('waiting.empty')}</p>` : null}`;
  const wide = mode === 'moves' || mode.startsWith('panel:');
  return html`<${Dialog} title=${title} wide=${wide} onClose=${props.onClose}>${body}<//>`;
}
