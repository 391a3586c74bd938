// The registration desk's insurance look-up (农合读卡 / 输入卡号查询, issue 11 item 3): a card read
// at this desk's reader fills the ID number; the clerk may also type an ID / card number or scan
// an e-voucher code. 医保查询 asks the insurer (1101, POST /api/insurance/person): the person's name,
// each insutype with its state and balance (a suspended one red and not selectable) and identity
// (低保/特困…). The insured person is matched to the patient index by ID number (picked, or the
// new-patient form opened filled from the insurer's baseinfo). Choosing an insutype records it
// (POST /api/insurance/person/choose): the settlement reads it when the cashier settles.
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { CARD_EVENTS } from '../../../../core/contract.js';
import { ApiError, get, post, type ResponseOf } from '../../api.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { onEvent } from '../../socket.js';
import { sameIdNumber } from '../devices/card.js';
import { maskCertNo } from '../insurance/mask.js';
import { PatientFormDialog } from '../patients/form.js';
import type { PatientSummary } from '../patients/types.js';
import { t } from './insurance.i18n.js';
import type { PatientList } from '../../../../server/modules/patients/schema.js';
import type { PersonLookupView } from '../../../../server/modules/insurance/schema.js';

export type InsuranceLookup = z.infer<typeof PersonLookupView>;
type CertType = '01' | '02' | '03';

const yuanOf = (fen: number) => (fen / 100).toFixed(2);
/** 330782********6270: what the desk shows of an ID number read from a card (first 6 + last 4). */
const masked = maskCertNo;

export function InsurancePanel(props: {
  patient: PatientSummary | null;
  chosen: InsuranceLookup | null;
  onPatient: (p: PatientSummary) => void;
  onChosen: (l: InsuranceLookup | null) => void;
}) {
  const [certType, setCertType] = useState<CertType>('02');
  const [certNo, setCertNo] = useState('');
  // The ID number read from the card's chip: sent as is, shown masked (typing replaces it).
  const [cardId, setCardId] = useState<string | null>(null);
  const [cardSn, setCardSn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [result, setResult] = useState<InsuranceLookup | null>(null);
  const [prefill, setPrefill] = useState<InsuranceLookup['person'] | null>(null);

  // A card read at this desk fills the ID number read from the chip.
  useEffect(
    () =>
      onEvent(CARD_EVENTS.read, (env) => {
        const person = env.payload.person;
        if (!person) return;
        // With the 卡识别码 the look-up goes by the card (03), as the insurer prefers; without it,
        // by the ID number read from the chip (02).
        const byCard = !!(person.cardNumber && person.cardSn);
        setCertType(byCard ? '03' : '02');
        setCardId(byCard ? person.cardNumber : person.idNumber);
        setCardSn(byCard ? (person.cardSn ?? '') : '');
        setCertNo('');
        setResult(null);
        setError(null);
        setNote(t('fromCard', { name: person.name }));
      }),
    [],
  );

  // The desk was reset (a registration done, the patient changed): forget the look-up. A layout
  // effect, so the reset lands in the same task as the change: a number typed or scanned right after
  // Esc is never wiped by a reset that ran late (a plain effect runs after paint).
  useLayoutEffect(() => {
    if (!props.patient) {
      setResult(null);
      setCardId(null);
      setCertNo('');
      setNote(null);
      setError(null);
    }
  }, [props.patient?.id ?? null]);

  const findPatient = async (l: InsuranceLookup) => {
    const r = await get<ResponseOf<typeof PatientList>>('/api/patients', { q: l.person.certno, limit: 5 });
    return r.items.find((p) => sameIdNumber(p.idNumber, l.person.certno)) ?? null;
  };

  const lookup = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const body: Record<string, unknown> = { certType, certNo: (cardId ?? certNo).trim() };
      if (certType === '03') body.cardSn = cardSn.trim();
      const l = await post<InsuranceLookup>('/api/insurance/person', body);
      setResult(l);
      if (!props.patient && l.patientId !== null) {
        const p = await findPatient(l);
        if (p) props.onPatient(p);
      } else if (!props.patient && l.patientId === null) {
        setNote(t('notFound', { name: l.person.name }));
      }
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const choose = async (insutype: string) => {
    if (!result || busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { lookupId: result.lookupId, insutype };
      if (props.patient) body.patientId = props.patient.id;
      const l = await post<InsuranceLookup>('/api/insurance/person/choose', body);
      setResult(l);
      props.onChosen(l);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const mismatch =
    result && props.patient && result.patientId !== null && result.patientId !== props.patient.id
      ? t('otherPatient', { name: result.person.name })
      : null;
  const canCreate = result && !props.patient && result.patientId === null && can('patients.write');
  const fieldErr = (name: string) => (error?.field === name ? error.message : null);
  const person = result?.person;

  return html`<div class="reg-insurance card" data-testid="reg-insurance">
    <form class="reg-inline" onSubmit=${(e: Event) => (e.preventDefault(), void lookup())} novalidate
      aria-label=${t('title')}>
      <select name="certType" aria-label=${t('certType')} value=${certType}
        onChange=${(e: Event) => {
          setCertType((e.currentTarget as HTMLSelectElement).value as CertType);
          setCardId(null);
        }}>
        ${(['02', '03', '01'] as const).map((c) => html`<option key=${c} value=${c}>${t(`cert.${c}`)}</option>`)}
      </select>
      <input name="certNo" aria-label=${t('certNo')} placeholder=${t(`certNo.${certType}`)} autocomplete="off"
        maxlength="64" value=${cardId ? masked(cardId) : certNo}
        aria-invalid=${fieldErr('certNo') ? 'true' : undefined} data-from-card=${cardId ? '1' : undefined}
        onFocus=${(e: Event) => cardId && (e.currentTarget as HTMLInputElement).select()}
        onInput=${(e: Event) => {
          setCardId(null);
          setCertNo((e.currentTarget as HTMLInputElement).value);
        }} />
      ${
        certType === '03'
          ? html`<input name="cardSn" aria-label=${t('cardSn')} placeholder=${t('cardSn')} autocomplete="off"
            maxlength="64" value=${cardSn}
            onInput=${(e: Event) => setCardSn((e.currentTarget as HTMLInputElement).value)} />`
          : null
      }
      <button type="submit" class="btn btn-small" disabled=${busy || !(cardId ?? certNo).trim()}
        data-testid="reg-insurance-lookup">${busy ? t('looking') : t('lookup')}</button>
    </form>
    ${note ? html`<div class="small muted" role="status">${note}</div>` : null}
    ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
    ${mismatch ? html`<div class="form-error" role="alert">${mismatch}</div>` : null}
    ${
      person
        ? html`<div class="reg-insurance-person" data-psn-no=${person.psnNo}>
          <div>
            <strong>${person.name}</strong> <span class="small muted mono">${t('psnNo', { no: person.psnNo })}</span>
          </div>
          ${
            person.identities.length
              ? html`<div class="badge badge-info">${t('identity', {
                  list: person.identities.map((i) => i.name).join('、'),
                })}</div>`
              : null
          }
          ${person.insurances.length === 0 ? html`<div class="form-error">${t('noInsurance')}</div>` : null}
          <ul class="reg-insurance-list">
            ${person.insurances.map((i) => {
              const chosen = result?.insutype === i.insutype && props.chosen?.lookupId === result?.lookupId;
              const style = i.suspended ? 'color: var(--danger)' : undefined;
              return html`<li key=${i.insutype} style=${style} data-insutype=${i.insutype}
                data-suspended=${i.suspended ? '1' : '0'}>
                <span>${i.insutypeName}</span> <span class="small">${i.psnTypeName} · ${i.statusName}</span>
                ${i.balcFen ? html` <span class="small">${t('balance', { v: yuanOf(i.balcFen) })}</span>` : null}
                ${' '}
                ${
                  i.suspended
                    ? html`<span class="badge badge-off" style="color: var(--danger)">${t('suspended')}</span>`
                    : chosen
                      ? html`<span class="badge badge-ok">${t('chosen', { name: i.insutypeName })}</span>`
                      : html`<button type="button" class="btn btn-small" disabled=${busy}
                        onClick=${() => void choose(i.insutype)}>${t('choose')}</button>`
                }
              </li>`;
            })}
          </ul>
          ${
            canCreate
              ? html`<button type="button" class="btn btn-small"
                onClick=${() => setPrefill(person)}>${t('newPatient', { name: person.name })}</button>`
              : null
          }
        </div>`
        : null
    }
    ${
      prefill
        ? html`<${PatientFormDialog}
          patient=${null}
          initial=${{
            name: prefill.name,
            sex: prefill.gend === '1' ? 'M' : prefill.gend === '2' ? 'F' : '',
            birthDate: prefill.brdy,
            idNumber: prefill.certno,
          }}
          onClose=${() => setPrefill(null)}
          onDone=${(p: PatientSummary) => {
            setPrefill(null);
            props.onPatient(p);
            if (result) setResult({ ...result, patientId: p.id });
          }}
        />`
        : null
    }
  </div>`;
}
