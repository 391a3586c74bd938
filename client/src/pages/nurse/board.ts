// The bed board of one ward: the rooms with their bed cards (free / occupied / reserved; the
// patient, days, nursing level and balance — red under the ward's warning line) and the waiting
// list (待入 / 待转入) with 安床. A card opens its actions (dialogs.ts).
import { useState } from 'preact/hooks';
import { formatYuan } from '../../../../core/money.js';
import { html } from '../../html.js';
import { dateText } from '../../time.js';
import { BedActions, PlaceDialog } from './dialogs.js';
import { t } from './i18n.js';
import type { Board, BoardStay, BedView } from './types.js';

function patientLine(s: BoardStay): string {
  return `${t(s.patient.sex === 'M' ? 'sex.M' : 'sex.F')} ${t('age', { n: s.patient.age })}`;
}

function BedCard(props: { bed: BedView; stay: BoardStay | undefined; flash: boolean; onOpen: () => void }) {
  const { bed, stay } = props;
  const warn = stay?.balance.warning === true;
  const cls = [
    'bed-card',
    `bed-${bed.state}`,
    warn && bed.state === 'occupied' ? 'bed-warn' : '',
    props.flash ? 'bed-flash' : '',
  ].join(' ');
  const type = bed.type === 'extra' ? t('bed.extra') : bed.type === 'virtual' ? t('bed.virtual') : '';
  let body: ReturnType<typeof html>;
  if (bed.state === 'free') {
    body = html`<span class="bed-free-text">${t('bed.free')}</span>`;
  } else if (bed.state === 'reserved') {
    body = html`<span class="bed-who">${t('bed.reserved')}</span>
      <span class="bed-line">${stay ? t('bed.holder', { name: stay.patient.name }) : t('bed.unknown')}</span>`;
  } else if (!stay) {
    body = html`<span class="bed-line muted">${t('bed.unknown')}</span>`;
  } else {
    body = html`<span class="bed-who">${stay.patient.name}
        <small>${patientLine(stay)}</small></span>
      <span class="bed-line"
        >${t('bed.days', { n: stay.days })}${stay.nursingLevel ? ' · ' + stay.nursingLevel : ''}</span>
      <span class=${warn ? 'bed-line bed-balance bed-balance-warn' : 'bed-line bed-balance'}
        >${t('bed.balance', { v: formatYuan(stay.balance.balanceFen) })}</span>`;
  }
  return html`<button type="button" class=${cls} data-bed=${bed.code} data-state=${bed.state} onClick=${props.onOpen}
    aria-label=${`${bed.code} ${bed.state === 'free' ? t('bed.free') : (stay?.patient.name ?? '')}`}>
    <span class="bed-code">${bed.code}${type ? html` <small>${type}</small>` : null}</span>
    ${body}
  </button>`;
}

export function BoardView(props: { board: Board; wardName: string; flash: Set<number>; onChanged: () => void }) {
  const { board } = props;
  const [open, setOpen] = useState<number | null>(null);
  const [placing, setPlacing] = useState<BoardStay | null>(null);
  const stays = new Map(board.stays.map((s) => [s.id, s]));
  const waiting = board.stays
    .filter((s) => (s.state === 'pending' || s.state === 'transferring') && s.wardId === board.ward.id)
    .sort((a, b) => a.admittedAt - b.admittedAt);
  const bedsByRoom = new Map<number, BedView[]>();
  for (const b of board.beds) {
    let l = bedsByRoom.get(b.roomId);
    if (!l) bedsByRoom.set(b.roomId, (l = []));
    l.push(b);
  }
  const rooms = board.rooms.filter((r) => bedsByRoom.has(r.id));
  const openBed = board.beds.find((b) => b.id === open);
  return html`<div class="nurse-layout">
    <section class="bed-board" aria-label=${t('board.label')}>
      ${board.beds.length === 0 ? html`<p class="muted">${t('board.empty')}</p>` : null}
      ${rooms.map(
        (r) => html`<div class="bed-room" key=${r.id}>
          <div class="bed-room-name">${r.name}</div>
          <div class="bed-room-beds">
            ${bedsByRoom.get(r.id)!.map(
              (b) =>
                html`<${BedCard} key=${b.id} bed=${b} stay=${b.stayId ? stays.get(b.stayId) : undefined}
                  flash=${props.flash.has(b.id)} onOpen=${() => setOpen(b.id)} />`,
            )}
          </div>
        </div>`,
      )}
    </section>
    <aside class="nurse-waiting" aria-labelledby="nurse-waiting-title">
      <h2 id="nurse-waiting-title">${t('waiting.title', { n: waiting.length })}</h2>
      ${waiting.length === 0 ? html`<p class="muted">${t('waiting.empty')}</p>` : null}
      <ul>
        ${waiting.map(
          (s) => html`<li key=${s.id} class="waiting-item" data-stay=${s.stayNo}>
            <div class="waiting-who">
              <strong>${s.patient.name}</strong> <small>${patientLine(s)}</small>
              <span class=${s.state === 'transferring' ? 'tag tag-warn' : 'tag'}
                >${t(s.state === 'transferring' ? 'waiting.transferring' : 'waiting.pending')}</span>
            </div>
            <div class="muted waiting-line">${s.stayNo} · ${s.admissionDiagName}</div>
            <div class="waiting-line">
              <span class="muted">${t('waiting.admitted', { time: dateText(s.admittedAt) })}</span>
              <span class=${s.balance.warning ? 'bed-balance-warn' : ''}
                >${t('bed.balance', { v: formatYuan(s.balance.balanceFen) })}</span>
            </div>
            <button type="button" class="btn btn-primary btn-small" onClick=${() => setPlacing(s)}
              >${t('waiting.place')}</button>
          </li>`,
        )}
      </ul>
    </aside>
    ${
      openBed
        ? html`<${BedActions} board=${board} bed=${openBed} waiting=${waiting}
            onClose=${() => setOpen(null)} onChanged=${props.onChanged} />`
        : null
    }
    ${
      placing
        ? html`<${PlaceDialog} board=${board} stay=${placing} waiting=${waiting}
            onClose=${() => setPlacing(null)} onChanged=${props.onChanged} />`
        : null
    }
  </div>`;
}
