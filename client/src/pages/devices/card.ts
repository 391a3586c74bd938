// CardReadWatcher: for desks with a card reader bound to their workstation (registration,
// cashier). The server pushes `card:read` only to this workstation's room; the watcher
// finds the patient by ID number (GET /api/patients?q=) and picks them, or opens the
// new-patient form pre-filled (name, sex, birth date, ID number). `card:error` shows the
// server's message (what to do) in place; `card:ready` (the reader or pcscd is back) clears it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CARD_EVENTS, type CardReadPayload } from '../../../../core/contract.js';
import { get, type ResponseOf } from '../../api.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { can } from '../../session.js';
import { onEvent } from '../../socket.js';
import { PatientFormDialog } from '../patients/form.js';
import type { PatientSummary } from '../patients/types.js';
import { t } from './i18n.js';
import type { PatientList } from '../../../../server/modules/patients/schema.js';

/** Does a (possibly masked, "1101**********002X") ID number match the card's? */
export function sameIdNumber(shown: string | null, full: string): boolean {
  if (!shown) return false;
  const a = shown.toUpperCase();
  const b = full.toUpperCase();
  if (a.length !== b.length) return false;
  return [...a].every((c, i) => c === '*' || c === b[i]);
}

type Note = { kind: 'info' | 'error'; text: string } | null;

export function CardReadWatcher(props: { onPick: (p: PatientSummary) => void }) {
  const [note, setNote] = useState<Note>(null);
  const [prefill, setPrefill] = useState<CardReadPayload['person'] | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;

  useEffect(() => {
    let seq = 0;
    const offRead = onEvent(CARD_EVENTS.read, (env) => {
      const ev = env.payload;
      const person = ev.person;
      const mine = ++seq;
      if (!person) {
        setNote({ kind: 'error', text: t('card.noPerson') });
        return;
      }
      setNote({ kind: 'info', text: t('card.searching') });
      void get<ResponseOf<typeof PatientList>>('/api/patients', { q: person.idNumber, limit: 5 }).then(
        (r) => {
          if (mine !== seq) return;
          const found = r.items.find((p) => sameIdNumber(p.idNumber, person.idNumber));
          if (found) {
            setNote({ kind: 'info', text: t('card.found', { name: found.name }) });
            onPick.current(found);
          } else if (can('patients.write')) {
            setNote({ kind: 'info', text: t('card.new', { name: person.name }) });
            setPrefill(person);
          } else {
            setNote({ kind: 'info', text: t('card.read', { name: person.name }) });
          }
        },
        (e: Error) => mine === seq && setNote({ kind: 'error', text: e.message }),
      );
    });
    const offError = onEvent(CARD_EVENTS.error, (env) => {
      const ev = env.payload;
      seq++;
      setNote({ kind: 'error', text: lang.value === 'en' ? ev.message.en : ev.message.zh });
    });
    // The reader is back (re-plugged, or pcscd back): its "disconnected" message goes now.
    const offReady = onEvent(CARD_EVENTS.ready, () => setNote((n) => (n?.kind === 'error' ? null : n)));
    return () => {
      offRead();
      offError();
      offReady();
    };
  }, []);

  return html`${
    note
      ? html`<div class=${note.kind === 'error' ? 'form-error card-note' : 'small card-note'}
        role=${note.kind === 'error' ? 'alert' : 'status'} data-card-note=${note.kind}>
          ${note.text}
        </div>`
      : null
  }
    ${
      prefill
        ? html`<${PatientFormDialog}
          patient=${null}
          initial=${{
            name: prefill.name,
            sex: prefill.sex === 'U' ? '' : prefill.sex,
            birthDate: prefill.birthDate ?? '',
            idNumber: prefill.idNumber,
          }}
          onClose=${() => setPrefill(null)}
          onDone=${(p: PatientSummary) => {
            setPrefill(null);
            onPick.current(p);
          }}
        />`
        : null
    }`;
}
