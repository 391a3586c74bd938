// The wards, first part (issue 12): inpatient stays (入院登记), their deposit receipts (预交金) and each
// ward's money settings (预警线 / 欠费上限). Written by the stays module only (server/modules/owners.ts).
// Money in integer fen. Deposits are a ledger: a refund is a new negative row pointing at the receipt it
// reverses (once), and only settlement_id may be set later (by the settlement). Frozen once landed.
import { sql, type Kysely } from 'kysely';

const STATES = `'pending','in_ward','transferring','pre_discharge','discharged','cancelled'`;

const statements = [
  `CREATE TABLE inpatient_stays (
    id INTEGER PRIMARY KEY,
    stay_no TEXT NOT NULL UNIQUE,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    ward_id INTEGER NOT NULL REFERENCES departments(id),
    dept_id INTEGER NOT NULL REFERENCES departments(id),
    state TEXT NOT NULL CHECK (state IN (${STATES})),
    bed_id INTEGER,
    admitted_at INTEGER NOT NULL,
    admission_way TEXT NOT NULL CHECK (admission_way IN ('outpatient','emergency','transfer')),
    admission_condition TEXT NOT NULL CHECK (admission_condition IN ('critical','urgent','general')),
    outpatient_diag_code TEXT,
    outpatient_diag_name TEXT,
    admission_diag_code TEXT NOT NULL,
    admission_diag_name TEXT NOT NULL,
    outpatient_doctor_id INTEGER REFERENCES staff(id),
    attending_doctor_id INTEGER REFERENCES staff(id),
    resident_doctor_id INTEGER REFERENCES staff(id),
    nurse_id INTEGER REFERENCES staff(id),
    bed_wish TEXT,
    patient_type TEXT NOT NULL CHECK (patient_type IN ('self','insured')),
    psn_no TEXT,
    insutype TEXT,
    mdtrt_id TEXT,
    contact_name TEXT,
    contact_relation TEXT,
    contact_phone TEXT,
    guarantor_name TEXT,
    guarantee_fen INTEGER NOT NULL DEFAULT 0 CHECK (guarantee_fen >= 0),
    guarantee_approver_id INTEGER REFERENCES staff(id),
    nursing_level TEXT,
    diet TEXT,
    deposits_fen INTEGER NOT NULL DEFAULT 0,
    charges_fen INTEGER NOT NULL DEFAULT 0,
    charge_writes INTEGER NOT NULL DEFAULT 0 CHECK (charge_writes >= 0),
    discharged_at INTEGER,
    cancel_reason TEXT,
    cancelled_by INTEGER REFERENCES users(id),
    cancelled_at INTEGER,
    remark TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  // One open stay per patient.
  `CREATE UNIQUE INDEX inpatient_stays_one_open ON inpatient_stays(patient_id)
     WHERE state NOT IN ('discharged','cancelled')`,
  `CREATE INDEX inpatient_stays_ward ON inpatient_stays(ward_id, state)`,
  `CREATE INDEX inpatient_stays_state ON inpatient_stays(state, admitted_at)`,
  `CREATE TABLE stay_deposits (
    id INTEGER PRIMARY KEY,
    stay_id INTEGER NOT NULL REFERENCES inpatient_stays(id),
    receipt_no TEXT NOT NULL UNIQUE,
    amount_fen INTEGER NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('cash','wechat','alipay','card','transfer','cheque')),
    reference TEXT,
    reverses_id INTEGER REFERENCES stay_deposits(id),
    reason TEXT,
    settlement_id INTEGER,
    operator_id INTEGER NOT NULL REFERENCES users(id),
    workstation_id INTEGER,
    created_at INTEGER NOT NULL,
    CHECK ((reverses_id IS NULL AND amount_fen > 0)
      OR (reverses_id IS NOT NULL AND amount_fen < 0 AND reason IS NOT NULL))
  )`,
  `CREATE UNIQUE INDEX stay_deposits_reversal ON stay_deposits(reverses_id) WHERE reverses_id IS NOT NULL`,
  `CREATE INDEX stay_deposits_stay ON stay_deposits(stay_id, id)`,
  // The cashier's deposits of a shift: by operator and time (the shift is billing's).
  `CREATE INDEX stay_deposits_operator ON stay_deposits(operator_id, created_at)`,
  `CREATE TRIGGER stay_deposits_no_delete BEFORE DELETE ON stay_deposits
     BEGIN SELECT RAISE(ABORT, 'stay_deposits is a ledger: rows are never deleted'); END`,
  `CREATE TRIGGER stay_deposits_no_update BEFORE UPDATE ON stay_deposits
     WHEN NEW.id IS NOT OLD.id OR NEW.stay_id IS NOT OLD.stay_id OR NEW.receipt_no IS NOT OLD.receipt_no
       OR NEW.amount_fen IS NOT OLD.amount_fen OR NEW.method IS NOT OLD.method OR NEW.reference IS NOT OLD.reference
       OR NEW.reverses_id IS NOT OLD.reverses_id OR NEW.reason IS NOT OLD.reason
       OR NEW.operator_id IS NOT OLD.operator_id OR NEW.workstation_id IS NOT OLD.workstation_id
       OR NEW.created_at IS NOT OLD.created_at OR OLD.settlement_id IS NOT NULL
     BEGIN SELECT RAISE(ABORT, 'stay_deposits is a ledger: only an unsettled receipt''s settlement_id is set'); END`,
  `CREATE TABLE ward_settings (
    ward_id INTEGER PRIMARY KEY REFERENCES departments(id),
    warning_line_fen INTEGER NOT NULL,
    arrears_limit_fen INTEGER NOT NULL CHECK (arrears_limit_fen <= 0),
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at INTEGER NOT NULL
  )`,
  // print_jobs.layout was a closed list in SQL (migration 002): every new printed form of the wards
  // (预交金收据 'deposit-receipt', and the fee lists, wristbands … after it) would rebuild the table. The
  // layout is checked where jobs are made (db/schema.ts PrintLayout, the printing module), so the table
  // is rebuilt once here with a shape check instead of the list; rows, ids and indexes are kept.
  `CREATE TABLE print_jobs_new (
     id INTEGER PRIMARY KEY,
     workstation_id INTEGER REFERENCES workstations(id),
     printer TEXT,
     layout TEXT NOT NULL CHECK (layout GLOB '[a-z]*' AND length(layout) <= 40),
     payload_json TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','printing','done','failed','cancelled')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     ref_type TEXT,
     ref_id INTEGER,
     created_by INTEGER REFERENCES users(id),
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     partial_count INTEGER NOT NULL DEFAULT 0 CHECK (partial_count >= 0),
     partial_at INTEGER
   ) STRICT`,
  `INSERT INTO print_jobs_new (id, workstation_id, printer, layout, payload_json, status, attempts, last_error,
     ref_type, ref_id, created_by, created_at, updated_at, partial_count, partial_at)
   SELECT id, workstation_id, printer, layout, payload_json, status, attempts, last_error,
     ref_type, ref_id, created_by, created_at, updated_at, partial_count, partial_at FROM print_jobs`,
  `DROP TABLE print_jobs`,
  `ALTER TABLE print_jobs_new RENAME TO print_jobs`,
  `CREATE INDEX print_jobs_status ON print_jobs(status, id)`,
  `CREATE INDEX print_jobs_ready ON print_jobs(id) WHERE status = 'pending' AND printer IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The stays migration cannot be reverted; restore the pre-migration backup instead');
}
