// Shapes of the clinics, roster, registration and display APIs: the server's zod schemas (type-only).
import type { ClinicView } from '../../../../server/modules/clinics/schema.js';
import type { DisplayView as DisplayViewOut } from '../../../../server/modules/display/schema.js';
import type {
  PaymentMethod,
  RegistrationCreated as RegistrationCreatedOut,
  RegistrationList as RegistrationListOut,
  RegistrationView,
  Ticket as TicketOut,
} from '../../../../server/modules/registration/schema.js';
import type { RosterEntryView } from '../../../../server/modules/roster/schema.js';

export type PayMethod = PaymentMethod;
export type Clinic = ClinicView;
export type Registration = RegistrationView;
export type RegistrationList = RegistrationListOut;
export type Ticket = TicketOut;
export type RegistrationCreated = RegistrationCreatedOut;
export type RosterEntry = RosterEntryView;
export type DisplayView = DisplayViewOut;

/** Yuan text from fen: 1230 → "12.30". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Fen from yuan text ("12", "12.3", "12.30"); null when not a whole number of fen. */
export function fenOf(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
