// The waiting-room display (候诊大屏): opened on a TV as /display/<token>, no sign-in. It
// reads its state with the token, then follows the display's room over Socket.IO: a call
// chimes, is spoken in Mandarin and highlighted. It survives network loss and TV restarts
// by itself (reconnects, catches up from the last seq, reloads its state on resync) and
// shows a small offline badge while the link is down.
import { render } from 'preact';
import { signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import { QUEUE_EVENTS, SOCKET, callText, type StoredEnvelope, type SubscribeReply } from '../../core/contract.js';
import { html } from '../src/html.js';
import { announce, soundBlocked, unlockSound } from './audio.js';
import { t } from './i18n.js';
import { setCenterTimeZone, timeText } from '../src/time.js';
import type { DisplayState } from '../../server/modules/display/schema.js';

type ClinicState = DisplayState['clinics'][number];

const token = decodeURIComponent(location.pathname.replace(/^\/display\/?/, '').split('/')[0] ?? '');
const state = signal<DisplayState | null>(null);
const status = signal<'loading' | 'ok' | 'invalid'>('loading');
const online = signal(true);
/** The socket is subscribed to this display's room (data-link on the page, for tests and support). */
const linked = signal(false);
const flash = signal<Set<number>>(new Set());
const needsTap = signal(false);
const clock = signal(new Date());

let lastSeq: number | null = null;
let serverOffset = 0;
let socket: Socket | null = null;
let retry = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let reloadTimer: ReturnType<typeof setTimeout> | undefined;
let dayTimer: ReturnType<typeof setTimeout> | undefined;

async function load(): Promise<void> {
  clearTimeout(retryTimer);
  let res: Response;
  try {
    res = await fetch('/api/display/state', {
      headers: { 'x-display-token': token, accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    online.value = false;
    retryTimer = setTimeout(() => void load(), Math.min(30_000, 1000 * 2 ** Math.min(retry++, 5)));
    return;
  }
  if (res.status === 401 || res.status === 400) {
    status.value = 'invalid';
    socket?.disconnect();
    socket = null;
    // An administrator may re-enable the display: look again now and then.
    retryTimer = setTimeout(() => void load(), 60_000);
    return;
  }
  if (!res.ok) {
    retryTimer = setTimeout(() => void load(), Math.min(30_000, 1000 * 2 ** Math.min(retry++, 5)));
    return;
  }
  retry = 0;
  const date = res.headers.get('date');
  if (date) serverOffset = new Date(date).getTime() - Date.now();
  const s = (await res.json()) as DisplayState;
  if (lastSeq === null || s.lastSeq > lastSeq) lastSeq = s.lastSeq;
  setCenterTimeZone(s.timeZone);
  state.value = s;
  status.value = 'ok';
  // A new business day starts with an empty board: reload then (not a poll: once a day).
  clearTimeout(dayTimer);
  dayTimer = setTimeout(
    () => void load(),
    Math.max(1000, Math.min(2 ** 31 - 1, s.dayEndsAt - serverOffset - Date.now() + 2000)),
  );
  if (!socket) connect(s.display.id);
}

/** Coalesces bursts of events into one state reload. */
function reloadSoon(): void {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => void load(), 150);
}

function flashEntry(entryId: number): void {
  flash.value = new Set([...flash.value, entryId]);
  setTimeout(() => {
    const next = new Set(flash.value);
    next.delete(entryId);
    flash.value = next;
  }, 12_000);
}

function onEnvelope(env: StoredEnvelope): void {
  if (!env || typeof env.seq !== 'number') return;
  if (lastSeq !== null && env.seq <= lastSeq) return;
  lastSeq = env.seq;
  if (env.name === QUEUE_EVENTS.ticketCalled || env.name === QUEUE_EVENTS.ticketRecalled) {
    const p = env.payload;
    const clinic = state.value?.clinics.find((c) => c.departmentId === p.departmentId);
    // A call replayed after a long outage is shown, not announced.
    const fresh = Date.now() + serverOffset - env.at < 120_000;
    if (clinic && fresh) {
      flashEntry(p.entryId);
      needsTap.value = soundBlocked();
      void announce(callText(p.label, p.maskedName, p.room, clinic.name), token);
    }
  }
  reloadSoon();
}

function subscribe(s: Socket, displayId: number): void {
  s.emit(SOCKET.subscribe, { rooms: [`display:${displayId}`], since: lastSeq }, (reply: SubscribeReply) => {
    if (s !== socket || !reply.ok) return;
    online.value = true;
    linked.value = true;
    if (reply.resync) {
      lastSeq = reply.lastSeq;
      void load();
    }
  });
}

function connect(displayId: number): void {
  const s = io({
    auth: { displayToken: token },
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
  socket = s;
  s.on('connect', () => {
    subscribe(s, displayId);
    void load(); // whatever happened while away (a restart of the server, a day change)
  });
  s.on('disconnect', (reason) => {
    if (s !== socket) return;
    online.value = false;
    linked.value = false;
    // The server cut us (restart, or this display was changed or revoked): check the token, then retry.
    if (reason === 'io server disconnect') setTimeout(() => s === socket && s.connect(), 2000);
  });
  s.on('connect_error', () => {
    if (s !== socket) return;
    online.value = false;
    linked.value = false;
    if (!s.active) {
      void load().then(() => {
        if (s === socket) setTimeout(() => s === socket && s.connect(), 5000);
      });
    }
  });
  s.on(SOCKET.event, onEnvelope);
  s.on(SOCKET.resync, () => void load());
}

/** "2" → "2 诊室"; a room named in full stays; no room → the clinic (as the spoken call says). */
function roomText(room: string | null, clinicName: string): string {
  return room ? (/[室诊]$/.test(room) ? room : `${room} 诊室`) : clinicName;
}

function Now(props: { clinic: ClinicState }) {
  const c = props.clinic;
  const [first, ...rest] = c.calling;
  if (!first) return html`<div class="dp-now dp-empty">${t('none')}</div>`;
  return html`<div class=${'dp-now' + (flash.value.has(first.entryId) ? ' dp-flash' : '')} data-entry=${first.entryId}>
      <div class="dp-label">${first.label}</div>
      <div class="dp-name">${first.maskedName}</div>
      <div class="dp-room">${roomText(first.room, c.name)}</div>
    </div>
    ${rest.map(
      (x) => html`<div class=${'dp-also' + (flash.value.has(x.entryId) ? ' dp-flash' : '')} data-entry=${x.entryId}>
        <span class="dp-label">${x.label}</span> <span>${x.maskedName}</span> <span>${roomText(x.room, c.name)}</span>
      </div>`,
    )}`;
}

function Clinic(props: { clinic: ClinicState }) {
  const c = props.clinic;
  return html`<section class="dp-clinic" data-department=${c.departmentId}>
    <h2>${c.name}</h2>
    <div class="dp-sub">${t('calling')}</div>
    <${Now} clinic=${c} />
    <div class="dp-next">
      <div class="dp-sub">${t('next')} <span class="dp-count">${t('waiting', { n: c.waiting })}</span></div>
      <ol>
        ${c.next.map((n) => html`<li key=${n.entryId}><span class="dp-label">${n.label}</span> ${n.maskedName}</li>`)}
        ${c.next.length === 0 ? html`<li class="dp-none">${t('none')}</li>` : null}
      </ol>
    </div>
  </section>`;
}

/** One column per clinic (at most 4 across, more wrap into rows); type sizes follow the cell. */
function gridStyle(n: number): string {
  const cols = Math.min(4, Math.max(1, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  return `--cols: ${cols}; --rows: ${rows}`;
}

function App() {
  const s = state.value;
  if (status.value === 'invalid') return html`<div class="dp dp-message"><p>${t('invalid')}</p></div>`;
  if (!s) return html`<div class="dp dp-message"><p>${online.value ? t('loading') : t('offline')}</p></div>`;
  // The center's time (its zone), corrected by the server's clock.
  const hhmm = timeText(clock.value.getTime() + serverOffset);
  return html`<div class="dp" data-display=${s.display.id} data-link=${linked.value ? 'up' : 'down'}>
    <header class="dp-head">
      <h1>${s.institution} <span class="dp-place">${s.display.name}</span></h1>
      <div class="dp-right">
        ${online.value ? null : html`<span class="dp-offline" role="status">${t('offline')}</span>`}
        <time class="dp-clock">${hhmm}</time>
      </div>
    </header>
    <main class="dp-grid" style=${gridStyle(s.clinics.length)}>
      ${s.clinics.map((c) => html`<${Clinic} key=${c.departmentId} clinic=${c} />`)}
      ${s.clinics.length === 0 ? html`<p class="dp-message">${t('noClinics')}</p>` : null}
    </main>
    ${
      needsTap.value
        ? html`<button type="button" class="dp-sound"
          onClick=${() => void unlockSound().then(() => (needsTap.value = soundBlocked()))}>${t('sound')}</button>`
        : null
    }
  </div>`;
}

setInterval(() => (clock.value = new Date()), 15_000);
window.addEventListener('online', () => void load());
needsTap.value = soundBlocked();
render(html`<${App} />`, document.getElementById('display')!);
void load();
