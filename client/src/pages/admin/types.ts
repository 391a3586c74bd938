// The admin API's shapes (see /work/briefs/api-contract.md; the server's zod schemas are the truth).
export type DepartmentKind = 'clinic' | 'ward' | 'pharmacy' | 'store' | 'cashier' | 'registration' | 'lab' | 'admin';
export const DEPARTMENT_KINDS: DepartmentKind[] = [
  'clinic',
  'ward',
  'pharmacy',
  'store',
  'cashier',
  'registration',
  'lab',
  'admin',
];

export interface Department {
  id: number;
  code: string;
  name: string;
  kind: DepartmentKind;
  phone: string | null;
  location: string | null;
  active: boolean;
  pinyinInitials: string;
  version: number;
}

export interface Staff {
  id: number;
  code: string;
  name: string;
  gender: 'M' | 'F';
  idNumber: string | null;
  phone: string | null;
  departmentId: number;
  departmentName: string;
  title: string;
  active: boolean;
  pinyinInitials: string;
  userId: number | null;
  username: string | null;
  version: number;
}

export interface Title {
  code: string;
  zh: string;
  en: string;
  track: 'physician' | 'nurse' | 'pharmacist' | 'technician' | 'other';
  level: 'junior' | 'intermediate' | 'senior' | 'none';
}

export interface User {
  id: number;
  username: string;
  staffId: number;
  staffName: string;
  departmentId: number;
  departmentName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: number | null;
  lastSignInAt: number | null;
  version: number;
}

export interface Role {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  builtin: boolean;
  permissions: string[];
  userCount: number;
  version: number;
}

export interface Permission {
  code: string;
  group: { zh: string; en: string };
  label: { zh: string; en: string };
}

export type AntibioticTier = 'none' | 'unrestricted' | 'restricted' | 'special';

export interface PrescriptionRules {
  validDays: number;
  maxValidDays: number;
  maxSupplyDays: number;
  emergencyMaxSupplyDays: number;
  chronicMaxSupplyDays: number;
  maxDrugsPerPrescription: number;
  antibioticTierByTitleLevel: { junior: AntibioticTier; intermediate: AntibioticTier; senior: AntibioticTier };
  specialUseInOutpatient: boolean;
}

export interface InstitutionSettings {
  name: string;
  code: string;
  address: string;
  phone: string;
  timeZone: string;
  prescription: PrescriptionRules;
  zeroMarkupEssentialDrugs: boolean;
  externalEmr: boolean;
  inventory: { nearExpiryDays: number; shortShelfLifeMonths: number; allowMixedPriceLots: boolean };
  version: number;
}

export interface Workstation {
  id: number;
  code: string;
  name: string;
  departmentId: number | null;
  departmentName: string | null;
  receiptPrinter: string | null;
  labelPrinter: string | null;
  invoicePrinter: string | null;
  cardReader: string | null;
  defaultPharmacyId: number | null;
  active: boolean;
  version: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  userId: number | null;
  username: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  entity: string | null;
  entityId: string | null;
  patientId: number | null;
  ip: string | null;
  workstationId: number | null;
  summary: Record<string, unknown> | null;
}

export interface Items<T> {
  items: T[];
}

/** Empty text inputs are sent as null for nullable fields. */
export const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
