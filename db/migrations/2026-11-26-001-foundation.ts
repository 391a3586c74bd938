// Foundation: settings, departments, staff, users, roles, sessions, workstations,
// audit (append-only), event log, sequences, idempotency keys.
// Frozen once landed: later changes go into a new date-prefixed migration.
import { sql, type Kysely } from 'kysely';

const statements: string[] = [
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value_json TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     updated_by INTEGER
   ) STRICT`,

  `CREATE TABLE departments (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('clinic','ward','pharmacy','store','cashier','registration','lab','admin')),
     pinyin_initials TEXT NOT NULL,
     pinyin_full TEXT NOT NULL,
     phone TEXT,
     location TEXT,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE UNIQUE INDEX departments_name ON departments(name)`,
  `CREATE INDEX departments_pinyin ON departments(pinyin_initials)`,

  `CREATE TABLE staff (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     gender TEXT NOT NULL CHECK (gender IN ('M','F')),
     id_number TEXT UNIQUE,
     phone TEXT,
     department_id INTEGER NOT NULL REFERENCES departments(id),
     title TEXT NOT NULL,
     pinyin_initials TEXT NOT NULL,
     pinyin_full TEXT NOT NULL,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX staff_department ON staff(department_id)`,
  `CREATE INDEX staff_pinyin ON staff(pinyin_initials)`,

  `CREATE TABLE roles (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name_zh TEXT NOT NULL,
     name_en TEXT NOT NULL,
     builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE role_permissions (
     role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
     permission TEXT NOT NULL,
     PRIMARY KEY (role_id, permission)
   ) STRICT, WITHOUT ROWID`,

  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     staff_id INTEGER NOT NULL UNIQUE REFERENCES staff(id),
     password_hash TEXT NOT NULL,
     must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0,1)),
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     failed_attempts INTEGER NOT NULL DEFAULT 0,
     locked_until INTEGER,
     password_changed_at INTEGER,
     last_sign_in_at INTEGER,
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE user_roles (
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     role_id INTEGER NOT NULL REFERENCES roles(id),
     PRIMARY KEY (user_id, role_id)
   ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX user_roles_role ON user_roles(role_id)`,

  `CREATE TABLE workstations (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     department_id INTEGER REFERENCES departments(id),
     receipt_printer TEXT,
     label_printer TEXT,
     invoice_printer TEXT,
     card_reader TEXT,
     default_pharmacy_id INTEGER REFERENCES departments(id),
     pinyin_initials TEXT NOT NULL,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,

  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER,
     ip TEXT,
     user_agent TEXT,
     workstation_id INTEGER REFERENCES workstations(id)
   ) STRICT`,
  `CREATE INDEX sessions_user ON sessions(user_id)`,

  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     user_id INTEGER,
     username TEXT,
     action TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('ok','denied','failed')),
     entity TEXT,
     entity_id TEXT,
     patient_id INTEGER,
     ip TEXT,
     workstation_id INTEGER,
     summary_json TEXT
   ) STRICT`,
  `CREATE INDEX audit_at ON audit_log(at)`,
  `CREATE INDEX audit_user_at ON audit_log(user_id, at)`,
  `CREATE INDEX audit_patient_at ON audit_log(patient_id, at) WHERE patient_id IS NOT NULL`,
  `CREATE INDEX audit_action_at ON audit_log(action, at)`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,

  `CREATE TABLE event_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     name TEXT NOT NULL,
     rooms_json TEXT NOT NULL,
     payload_json TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX event_log_at ON event_log(at)`,

  `CREATE TABLE sequences (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) STRICT`,

  `CREATE TABLE idempotency_keys (
     key TEXT NOT NULL,
     user_id INTEGER NOT NULL,
     operation TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     status INTEGER NOT NULL,
     response_json TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (key, user_id)
   ) STRICT`,
  `CREATE INDEX idempotency_created ON idempotency_keys(created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted; restore the pre-migration backup instead');
}
