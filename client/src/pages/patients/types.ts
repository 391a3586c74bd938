// Shapes of the patients API (server/modules/patients/schema.ts) as the client sees them.
import { PATIENT_EVENTS } from '../../../../core/contract.js';

export interface PatientSummary {
  id: number;
  mrn: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  idNumber: string | null;
  phone: string | null;
  insuranceNo: string | null;
  allergies: string[];
}

export interface Patient extends PatientSummary {
  address: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  guardianRelation: string | null;
  chronicConditions: string[];
  masked: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface VisitHistoryItem {
  id: number;
  day: string;
  departmentId: number;
  department: string;
  doctor: string | null;
  kind: 'registered' | 'walk_in';
  status: string;
  queueLabel: string | null;
  chiefComplaint: string | null;
  diagnoses: Array<{ code: string | null; name: string }>;
}

export const PATIENT_CHANGED = PATIENT_EVENTS.changed;
