// Shapes of the clinics, roster, registration and display APIs as the client sees them.
import type { QueueEntryStatus } from '../../../../core/contract.js';
import type { PrintOutcome } from '../printing/desk-print.js';

export type PayMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay';

export interface Clinic {
  departmentId: number;
  code: string;
  name: string;
  location: string | null;
  configured: boolean;
  queuePrefix: string | null;
  registrationFeeFen: number;
  feeItemId: number | null;
  feeItemName: string | null;
  room: string | null;
  version: number | null;
  day: string;
  doctorsToday: Array<{ staffId: number; name: string; session: 'am' | 'pm' | 'all'; room: string | null }>;
  waiting: number;
}

export interface Registration {
  id: number;
  visitId: number;
  patientId: number;
  patientName: string;
  mrn: string;
  departmentId: number;
  departmentName: string;
  doctorStaffId: number | null;
  doctorName: string | null;
  day: string;
  queueNo: number;
  queueLabel: string;
  queueEntryId: number | null;
  queueStatus: QueueEntryStatus | null;
  payer: 'cash' | 'insured';
  feeFen: number;
  billId: number | null;
  status: 'active' | 'cancelled';
  createdAt: number;
  cancelledAt: number | null;
  version: number;
}

export interface Ticket {
  number: string;
  clinic: string;
  room: string | null;
  doctor: string | null;
  time: number;
  ahead: number;
  patient: string;
  feeFen: number;
  changeFen: number;
  institution: string;
}

export interface RegistrationCreated {
  registration: Registration;
  visitId: number;
  queueLabel: string;
  printJobId: number;
  /** Whether the ticket can print here (no receipt printer: the desk says so). */
  print?: PrintOutcome;
  ticket: Ticket;
  /** The fee's invoice number (null: no fee, or the registrar has no number left). */
  invoiceNo?: string | null;
}

export interface RosterEntry {
  id: number;
  day: string;
  departmentId: number;
  departmentName: string;
  doctorStaffId: number;
  doctorName: string;
  session: 'am' | 'pm' | 'all';
  room: string | null;
}

export interface DisplayView {
  id: number;
  name: string;
  departmentIds: number[];
  departments: Array<{ id: number; name: string }>;
  active: boolean;
  version: number;
}

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
