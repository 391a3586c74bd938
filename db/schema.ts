// The Kysely type of the whole database. snake_case columns, as in the migrations.
// Booleans are INTEGER 0/1; times are epoch milliseconds; money is integer fen.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Bool01 = 0 | 1;

export type DepartmentKind = 'clinic' | 'ward' | 'pharmacy' | 'store' | 'cashier' | 'registration' | 'lab' | 'admin';
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = [
  'clinic', 'ward', 'pharmacy', 'store', 'cashier', 'registration', 'lab', 'admin',
];

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: number;
  updated_by: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: DepartmentKind;
  pinyin_initials: string;
  pinyin_full: string;
  phone: string | null;
  location: string | null;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface StaffTable {
  id: Generated<number>;
  code: string;
  name: string;
  gender: 'M' | 'F';
  id_number: string | null;
  phone: string | null;
  department_id: number;
  title: string;
  pinyin_initials: string;
  pinyin_full: string;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface RolesTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  builtin: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface RolePermissionsTable {
  role_id: number;
  permission: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  staff_id: number;
  password_hash: string;
  must_change_password: Generated<Bool01>;
  active: Generated<Bool01>;
  failed_attempts: Generated<number>;
  locked_until: number | null;
  password_changed_at: number | null;
  last_sign_in_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface UserRolesTable {
  user_id: number;
  role_id: number;
}

export interface WorkstationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  department_id: number | null;
  receipt_printer: string | null;
  label_printer: string | null;
  invoice_printer: string | null;
  card_reader: string | null;
  default_pharmacy_id: number | null;
  pinyin_initials: string;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  ip: string | null;
  user_agent: string | null;
  workstation_id: number | null;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  user_id: number | null;
  username: string | null;
  action: string;
  outcome: AuditOutcome;
  entity: string | null;
  entity_id: string | null;
  patient_id: number | null;
  ip: string | null;
  workstation_id: number | null;
  summary_json: string | null;
}

export interface EventLogTable {
  seq: Generated<number>;
  at: number;
  name: string;
  rooms_json: string;
  payload_json: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: number;
  operation: string;
  request_hash: string;
  status: number;
  response_json: string;
  created_at: number;
}

export interface Database {
  settings: SettingsTable;
  departments: DepartmentsTable;
  staff: StaffTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  workstations: WorkstationsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  event_log: EventLogTable;
  sequences: SequencesTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type Department = Selectable<DepartmentsTable>;
export type NewDepartment = Insertable<DepartmentsTable>;
export type DepartmentUpdate = Updateable<DepartmentsTable>;
export type Staff = Selectable<StaffTable>;
export type User = Selectable<UsersTable>;
export type Role = Selectable<RolesTable>;
export type Workstation = Selectable<WorkstationsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type EventRow = Selectable<EventLogTable>;
