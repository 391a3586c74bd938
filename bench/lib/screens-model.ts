// What a registration desk or a doctor's screen asks the server for when a pushed event arrives,
// as a switchable model of the client pages (bench/day.ts, BENCH_DAY_CLIENT):
//   reload — the pages before issue 10: the desk reloads the clinics and the whole day's
//            registrations on each queue/registration event (client/src/pages/registration/page.ts,
//            useLive(LIVE_EVENTS) → clinics.reload() + today.reload()); the doctor reloads the
//            clinic's whole queue and the open visits on each queue event, and the open visits on
//            each visit event (pages/doctor/page.ts). Every reload is a new request (useResource:
//            no coalescing, the newest answer wins).
//   delta  — screens that apply the pushed payload to what they show (issue 10 item 6): no
//            request per event.
export type ClientMode = 'reload' | 'delta';

export interface ScreenSpec {
  kind: 'desk' | 'doctor';
  /** The session cookie of the desk's or doctor's account. */
  cookie: string;
  clinicId: number;
}

const QUEUE_EVENTS = [
  'queue:ticket-called',
  'queue:ticket-recalled',
  'queue:ticket-passed',
  'queue:changed',
  'registration:created',
  'registration:cancelled',
  'clinic:changed',
  'roster:changed',
];
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

/** The rooms the screen's page joins. */
export function roomsOf(s: ScreenSpec): string[] {
  return s.kind === 'desk' ? ['registration'] : [`dept:${s.clinicId}`];
}

/** What the page loads when it opens. */
export function initialRequests(s: ScreenSpec): string[] {
  return s.kind === 'desk'
    ? ['/api/clinics', '/api/registrations']
    : [`/api/queue?departmentId=${s.clinicId}`, '/api/visits?mine=open'];
}

/** The GETs the screen sends when the event `name` arrives. */
export function requestsOnEvent(mode: ClientMode, s: ScreenSpec, name: string): string[] {
  if (mode === 'delta') return [];
  if (s.kind === 'desk') return DESK_EVENTS.includes(name) ? ['/api/clinics', '/api/registrations'] : [];
  const out: string[] = [];
  if (QUEUE_EVENTS.includes(name)) out.push(`/api/queue?departmentId=${s.clinicId}`);
  if (QUEUE_EVENTS.includes(name) || VISIT_EVENTS.includes(name)) out.push('/api/visits?mine=open');
  return out;
}
