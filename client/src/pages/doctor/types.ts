// The shapes of the APIs the doctor station uses (the servers' zod schemas are the truth).
import type { QueueEntryView, QueueList as QueueListOut } from '../../../../server/modules/queue/schema.js';
export interface Diagnosis {
  code: string;
  name: string;
}

export interface OrderLine {
  id: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  dose: string | null;
  doseUnit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  note: string | null;
  onHand: number | null;
}

export type OrderKind = 'western' | 'herbal' | 'service';

export interface Order {
  id: number;
  visitId: number;
  patientId: number;
  doctorStaffId: number;
  doctorName: string;
  kind: OrderKind;
  status: 'draft' | 'signed' | 'paid' | 'dispensed' | 'returned' | 'cancelled';
  pharmacyId: number | null;
  herbalDoses: number | null;
  emergency: boolean;
  supplyReason: string | null;
  allergyOverrideReason: string | null;
  totalFen: number;
  signedAt: number | null;
  version: number;
  /** 拒发: the pharmacy refused it (status stays 'paid' until refunded, then 'cancelled'). */
  refusal: { at: number; reason: string; by: string } | null;
  lines: OrderLine[];
}

export interface Visit {
  id: number;
  patientId: number;
  patientName: string;
  departmentId: number;
  departmentName: string;
  doctorStaffId: number | null;
  doctorName: string | null;
  day: string;
  kind: 'registered' | 'walk_in';
  status: 'waiting' | 'in_consultation' | 'finished' | 'cancelled';
  queueLabel: string | null;
  chiefComplaint: string | null;
  history: string | null;
  examination: string | null;
  notes: string | null;
  diagnoses: Diagnosis[];
  version: number;
  orders: Order[];
  patient?: {
    id: number;
    mrn: string;
    name: string;
    sex: 'M' | 'F';
    birthDate: string;
    age: number;
    insuranceNo: string | null;
    allergies: string[];
    chronic: string[];
  };
}

export type QueueEntry = QueueEntryView;
export type QueueList = QueueListOut;

export interface CatalogItem {
  id: number;
  code: string;
  kind: 'drug' | 'service' | 'material';
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  priceFen: number;
  drugClass: 'western' | 'patent' | 'herbal' | null;
  antibioticTier: string | null;
  controlledClass: string | null;
  dosePerUnit: string | null;
  defaultDose: string | null;
  doseUnit: string | null;
  defaultFrequency: string | null;
  defaultRoute: string | null;
  onHand: number | null;
}

export interface Problem {
  code: string;
  field: string;
  message: string;
}

export interface Vocabulary {
  frequencies: Array<{ code: string; zh: string; en: string }>;
  routes: Array<{ code: string; zh: string; en: string }>;
}

export interface Dept {
  id: number;
  name: string;
  kind: string;
  active: boolean;
}

export const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
