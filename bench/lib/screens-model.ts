// What a registration desk or a doctor's screen asks the server for when a pushed event arrives,
// as a switchable model of the client pages (bench/day.ts, BENCH_DAY_CLIENT):
//   reload — the pages before issue 10 (2ff8781): the desk reloads the clinics and the whole day's
//            registrations on each queue/registration event (registration/page.ts,
//            useLive(LIVE_EVENTS) → clinics.reload() + today.reload()); the doctor reloads the
//            clinic's whole queue and the open visits on each queue event, and the open visits on
//            each visit event (doctor/page.ts). Every reload is a new request (useResource: no
//            coalescing, the newest answer wins).
//   delta1 — the pages of issue 10 item 6 (8e7a9fd, registration/live.ts): the pushed payload
//            is applied; a registration the list has not seen is fetched with `after=<newest id>`
//            (the doctor: `afterId=`), the desk reloads the clinics (their counts) on each event,
//            the doctor reloads the open visits when an entry of theirs changes; every loader is
//            coalesced (one request in flight, at most one trailing).
//   delta  — the pages now: as delta1, but each queue change carries its clinic's count (the desk
//            applies it: no clinics reload per event), the doctor's page fetches unseen entries on
//            queue changes only (it does not listen to registration:*), and reloads the open
//            visits only when an entry of theirs changes to something else than waiting.
export type ClientMode = 'reload' | 'delta1' | 'delta';

export interface ScreenSpec {
  kind: 'desk' | 'doctor';
  /** The session cookie of the desk's or doctor's account. */
  cookie: string;
  clinicId: number;
  /** The doctor's staff id (doctor screens). */
  staffId: number | null;
}

/** One request: `key` names a coalesced loader (null: a request of its own); the path is built when sent. */
export interface ScreenRequest {
  key: string | null;
  path: () => string;
}

export interface Envelope {
  name?: string;
  payload?: {
    registrationId?: number;
    entryId?: number;
    status?: string;
    position?: number;
    doctorStaffId?: number | null;
    calledByStaffId?: number | null;
  };
}

const QUEUE_EVENTS = ['queue:ticket-called', 'queue:ticket-recalled', 'queue:ticket-passed', 'queue:changed'];
const LIST_EVENTS = [...QUEUE_EVENTS, 'registration:created', 'registration:cancelled'];
const DESK_EVENTS = [
  'queue:changed',
  'queue:ticket-called',
  'queue:ticket-passed',
  'registration:created',
  'registration:cancelled',
  'clinic:changed',
  'roster:changed',
];
const VISIT_EVENTS = ['visit:started', 'visit:finished'];
const gone = (status: string | undefined) => status === 'done' || status === 'cancelled';

/** The rooms the screen's page joins. */
export function roomsOf(s: ScreenSpec): string[] {
  return s.kind === 'desk' ? ['registration'] : [`dept:${s.clinicId}`];
}

/** One screen's page: what it loads first, what it sends on each event, what it learns from answers. */
export class ScreenModel {
  /** Ids of the rows the list shows (registrations on the desk, queue entries on the doctor's). */
  private seen = new Set<number>();
  private newest = 0;

  constructor(
    readonly mode: ClientMode,
    readonly s: ScreenSpec,
  ) {}

  private listPath(): string {
    return this.s.kind === 'desk'
      ? '/api/registrations'
      : this.mode !== 'reload'
        ? `/api/queue?departmentId=${this.s.clinicId}&open=true`
        : `/api/queue?departmentId=${this.s.clinicId}`;
  }

  initial(): ScreenRequest[] {
    const list = { key: 'list', path: () => this.listPath() };
    return this.s.kind === 'desk'
      ? [{ key: 'clinics', path: () => '/api/clinics' }, list]
      : [list, { key: 'mine', path: () => '/api/visits?mine=open' }];
  }

  onEvent(env: Envelope): ScreenRequest[] {
    const name = env.name ?? '';
    const p = env.payload ?? {};
    if (this.mode === 'reload') {
      const once = (path: string): ScreenRequest => ({ key: null, path: () => path });
      if (this.s.kind === 'desk')
        return DESK_EVENTS.includes(name) ? [once('/api/clinics'), once('/api/registrations')] : [];
      const out: ScreenRequest[] = [];
      if (LIST_EVENTS.includes(name)) out.push(once(this.listPath()));
      if (LIST_EVENTS.includes(name) || VISIT_EVENTS.includes(name)) out.push(once('/api/visits?mine=open'));
      return out;
    }
    const fetchNew: ScreenRequest = {
      key: 'new',
      path: () =>
        this.s.kind === 'desk'
          ? `/api/registrations?after=${this.newest}&limit=500`
          : `/api/queue?departmentId=${this.s.clinicId}&open=true&afterId=${this.newest}&limit=500`,
    };
    const now = this.mode === 'delta';
    if (this.s.kind === 'desk') {
      if (!DESK_EVENTS.includes(name)) return [];
      const out: ScreenRequest[] = [];
      if (name === 'registration:created' && !this.seen.has(p.registrationId ?? -1)) out.push(fetchNew);
      const clinics = now ? name === 'clinic:changed' || name === 'roster:changed' : true;
      if (clinics) out.push({ key: 'clinics', path: () => '/api/clinics' });
      return out;
    }
    const mine: ScreenRequest = { key: 'mine', path: () => '/api/visits?mine=open' };
    if (name === 'registration:created') return now ? [] : [fetchNew];
    if (VISIT_EVENTS.includes(name)) return [mine];
    if (!QUEUE_EVENTS.includes(name)) return [];
    const out: ScreenRequest[] = [];
    const known = this.seen.has(p.entryId ?? -1);
    if ((!known && !gone(p.status)) || (known && (p.status === undefined || p.position === undefined)))
      out.push(fetchNew);
    const ofMine =
      this.s.staffId !== null && (p.doctorStaffId === this.s.staffId || p.calledByStaffId === this.s.staffId);
    if (ofMine && !(now && p.status === 'waiting')) out.push(mine);
    return out;
  }

  /** The answer to a list request: the rows it holds are now on the screen. */
  onAnswer(key: string | null, body: string): void {
    if (this.mode === 'reload' || (key !== 'list' && key !== 'new')) return;
    try {
      const items = (JSON.parse(body) as { items?: Array<{ id: number }> }).items ?? [];
      for (const r of items) {
        this.seen.add(r.id);
        if (r.id > this.newest) this.newest = r.id;
      }
    } catch {
      // not a list: nothing learnt
    }
  }
}
