// The outpatient day: catalog of chargeable items, stock lots and moves, diagnoses,
// clinics and roster, patients, visits, registrations and queues, displays, orders
// (prescriptions and service orders), invoice books, bills, payments, shifts,
// dispensing, print jobs. Money is integer fen; quantities are integers in the item's
// smallest unit; ledgers (stock_moves, bills, bill_lines, payments, dispense_lines) are
// append-only. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const appendOnly = (table: string) => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
];

const statements: string[] = [
  // ---- Catalog: drugs, services, materials as one list of chargeable items ----
  `CREATE TABLE catalog_items (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE COLLATE NOCASE,
     kind TEXT NOT NULL CHECK (kind IN ('drug','service','material')),
     name TEXT NOT NULL,
     trade_name TEXT,
     spec TEXT,
     dosage_form TEXT,
     manufacturer TEXT,
     unit TEXT NOT NULL,
     pack_unit TEXT NOT NULL,
     pack_size INTEGER NOT NULL CHECK (pack_size >= 1),
     price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
     charge_category TEXT NOT NULL CHECK (charge_category IN ('01','02','03','04','05','06','07','08','09','10','11','12','13','14')),
     drug_class TEXT CHECK (drug_class IN ('western','patent','herbal')),
     antibiotic_tier TEXT CHECK (antibiotic_tier IN ('unrestricted','restricted','special')),
     controlled_class TEXT CHECK (controlled_class IN ('narcotic','psych1','psych2')),
     essential INTEGER NOT NULL DEFAULT 0 CHECK (essential IN (0,1)),
     dose_per_unit TEXT,
     default_dose TEXT,
     dose_unit TEXT,
     default_frequency TEXT,
     default_route TEXT,
     insurance_code TEXT,
     pinyin_initials TEXT NOT NULL,
     pinyin_full TEXT NOT NULL,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     CHECK ((kind = 'drug') = (drug_class IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX catalog_items_kind ON catalog_items(kind, active)`,
  `CREATE INDEX catalog_items_pinyin ON catalog_items(pinyin_initials)`,
  `CREATE INDEX catalog_items_name ON catalog_items(name)`,

  // ---- Stock: lots per location (a pharmacy or store department) and the move ledger ----
  `CREATE TABLE stock_lots (
     id INTEGER PRIMARY KEY,
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     location_id INTEGER NOT NULL REFERENCES departments(id),
     lot_no TEXT NOT NULL,
     expiry_date TEXT NOT NULL CHECK (expiry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
     purchase_price_fen INTEGER NOT NULL CHECK (purchase_price_fen >= 0),
     qty_on_hand INTEGER NOT NULL DEFAULT 0 CHECK (qty_on_hand >= 0),
     created_at INTEGER NOT NULL,
     UNIQUE (item_id, location_id, lot_no)
   ) STRICT`,
  `CREATE INDEX stock_lots_fefo ON stock_lots(location_id, item_id, expiry_date)`,
  `CREATE TABLE stock_moves (
     id INTEGER PRIMARY KEY,
     lot_id INTEGER NOT NULL REFERENCES stock_lots(id),
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     location_id INTEGER NOT NULL REFERENCES departments(id),
     qty_delta INTEGER NOT NULL CHECK (qty_delta <> 0),
     reason TEXT NOT NULL CHECK (reason IN ('opening','receipt','dispense','dispense_return','transfer_in','transfer_out','supplier_return','loss','consumption','stocktake')),
     ref_type TEXT,
     ref_id INTEGER,
     reverses_id INTEGER REFERENCES stock_moves(id),
     at INTEGER NOT NULL,
     user_id INTEGER REFERENCES users(id)
   ) STRICT`,
  `CREATE INDEX stock_moves_lot ON stock_moves(lot_id, id)`,
  `CREATE INDEX stock_moves_item_at ON stock_moves(item_id, location_id, at)`,
  `CREATE INDEX stock_moves_ref ON stock_moves(ref_type, ref_id)`,
  ...appendOnly('stock_moves'),

  // ---- Diagnoses (ICD-10) ----
  `CREATE TABLE diagnoses (
     code TEXT PRIMARY KEY COLLATE NOCASE,
     name TEXT NOT NULL,
     pinyin_initials TEXT NOT NULL,
     pinyin_full TEXT NOT NULL,
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
   ) STRICT`,
  `CREATE INDEX diagnoses_pinyin ON diagnoses(pinyin_initials)`,
  `CREATE INDEX diagnoses_name ON diagnoses(name)`,

  // ---- Clinics (a clinic department's outpatient settings) and the daily roster ----
  `CREATE TABLE clinics (
     department_id INTEGER PRIMARY KEY REFERENCES departments(id),
     queue_prefix TEXT NOT NULL CHECK (length(queue_prefix) BETWEEN 1 AND 2),
     registration_fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (registration_fee_fen >= 0),
     fee_item_id INTEGER REFERENCES catalog_items(id),
     room TEXT,
     version INTEGER NOT NULL DEFAULT 1,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE roster (
     id INTEGER PRIMARY KEY,
     day TEXT NOT NULL,
     department_id INTEGER NOT NULL REFERENCES departments(id),
     doctor_staff_id INTEGER NOT NULL REFERENCES staff(id),
     session TEXT NOT NULL CHECK (session IN ('am','pm','all')),
     room TEXT,
     created_at INTEGER NOT NULL,
     UNIQUE (day, department_id, doctor_staff_id, session)
   ) STRICT`,
  `CREATE INDEX roster_day ON roster(day, department_id)`,

  // ---- Patients (master patient index) ----
  `CREATE TABLE patients (
     id INTEGER PRIMARY KEY,
     mrn TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     sex TEXT NOT NULL CHECK (sex IN ('M','F')),
     birth_date TEXT NOT NULL,
     id_number TEXT UNIQUE,
     phone TEXT,
     address TEXT,
     insurance_no TEXT,
     guardian_name TEXT,
     guardian_phone TEXT,
     guardian_relation TEXT,
     allergies_json TEXT NOT NULL DEFAULT '[]',
     chronic_json TEXT NOT NULL DEFAULT '[]',
     pinyin_initials TEXT NOT NULL,
     pinyin_full TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX patients_name_birth ON patients(name, birth_date)`,
  `CREATE INDEX patients_phone ON patients(phone) WHERE phone IS NOT NULL`,
  // One row per search key (name, each pinyin-initials reading, full pinyin, ID number,
  // phone, MRN), lower case: a prefix search is an index range scan at a million patients.
  `CREATE TABLE patient_search (
     key TEXT NOT NULL,
     patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
     PRIMARY KEY (key, patient_id)
   ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX patient_search_patient ON patient_search(patient_id)`,

  // ---- Visits, registrations, queues ----
  `CREATE TABLE visits (
     id INTEGER PRIMARY KEY,
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     department_id INTEGER NOT NULL REFERENCES departments(id),
     doctor_staff_id INTEGER REFERENCES staff(id),
     day TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('registered','walk_in')),
     payer TEXT NOT NULL DEFAULT 'cash' CHECK (payer IN ('cash','insured')),
     status TEXT NOT NULL CHECK (status IN ('waiting','in_consultation','finished','cancelled')),
     chief_complaint TEXT,
     history TEXT,
     examination TEXT,
     notes TEXT,
     diagnoses_json TEXT NOT NULL DEFAULT '[]',
     started_at INTEGER,
     finished_at INTEGER,
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX visits_patient ON visits(patient_id, day)`,
  `CREATE INDEX visits_day ON visits(day, department_id)`,
  `CREATE TABLE registrations (
     id INTEGER PRIMARY KEY,
     visit_id INTEGER NOT NULL UNIQUE REFERENCES visits(id),
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     department_id INTEGER NOT NULL REFERENCES departments(id),
     doctor_staff_id INTEGER REFERENCES staff(id),
     day TEXT NOT NULL,
     queue_no INTEGER NOT NULL,
     queue_label TEXT NOT NULL,
     fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
     bill_id INTEGER REFERENCES bills(id),
     status TEXT NOT NULL CHECK (status IN ('active','cancelled')),
     cancelled_at INTEGER,
     cancelled_by INTEGER REFERENCES users(id),
     created_by INTEGER REFERENCES users(id),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     UNIQUE (day, department_id, queue_no)
   ) STRICT`,
  `CREATE TABLE queue_entries (
     id INTEGER PRIMARY KEY,
     visit_id INTEGER NOT NULL UNIQUE REFERENCES visits(id),
     department_id INTEGER NOT NULL REFERENCES departments(id),
     doctor_staff_id INTEGER REFERENCES staff(id),
     day TEXT NOT NULL,
     queue_no INTEGER NOT NULL,
     queue_label TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('waiting','called','in_consultation','passed','done','cancelled')),
     called_by_staff_id INTEGER REFERENCES staff(id),
     called_at INTEGER,
     call_count INTEGER NOT NULL DEFAULT 0,
     room TEXT,
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX queue_day ON queue_entries(day, department_id, status, queue_no)`,
  `CREATE TABLE displays (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     department_ids_json TEXT NOT NULL DEFAULT '[]',
     active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,

  // ---- Orders: prescriptions and service/material orders written by a doctor ----
  `CREATE TABLE orders (
     id INTEGER PRIMARY KEY,
     visit_id INTEGER NOT NULL REFERENCES visits(id),
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     doctor_staff_id INTEGER NOT NULL REFERENCES staff(id),
     department_id INTEGER NOT NULL REFERENCES departments(id),
     kind TEXT NOT NULL CHECK (kind IN ('western','herbal','service')),
     status TEXT NOT NULL CHECK (status IN ('draft','signed','paid','dispensed','returned','cancelled')),
     pharmacy_id INTEGER REFERENCES departments(id),
     herbal_doses INTEGER CHECK (herbal_doses IS NULL OR herbal_doses >= 1),
     emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0,1)),
     supply_reason TEXT,
     valid_days INTEGER NOT NULL DEFAULT 1,
     total_fen INTEGER NOT NULL DEFAULT 0,
     signed_at INTEGER,
     paid_at INTEGER,
     dispensed_at INTEGER,
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX orders_visit ON orders(visit_id)`,
  `CREATE INDEX orders_patient_status ON orders(patient_id, status)`,
  `CREATE INDEX orders_status ON orders(status, pharmacy_id)`,
  `CREATE TABLE order_lines (
     id INTEGER PRIMARY KEY,
     order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
     line_no INTEGER NOT NULL,
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     dose TEXT,
     dose_unit TEXT,
     frequency TEXT,
     route TEXT,
     days INTEGER CHECK (days IS NULL OR days >= 1),
     quantity INTEGER NOT NULL CHECK (quantity >= 1),
     unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
     pack_size INTEGER NOT NULL CHECK (pack_size >= 1),
     amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
     charge_category TEXT NOT NULL,
     note TEXT,
     UNIQUE (order_id, line_no)
   ) STRICT`,
  `CREATE INDEX order_lines_item ON order_lines(item_id)`,

  // ---- Billing: invoice books, bills (append-only; a refund is a reversing bill), payments, shifts ----
  `CREATE TABLE invoice_books (
     id INTEGER PRIMARY KEY,
     cashier_user_id INTEGER NOT NULL REFERENCES users(id),
     prefix TEXT NOT NULL DEFAULT '',
     start_no INTEGER NOT NULL CHECK (start_no >= 0),
     end_no INTEGER NOT NULL,
     next_no INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('active','used_up','retired')),
     created_at INTEGER NOT NULL,
     CHECK (end_no >= start_no AND next_no >= start_no AND next_no <= end_no + 1)
   ) STRICT`,
  `CREATE TABLE shifts (
     id INTEGER PRIMARY KEY,
     cashier_user_id INTEGER NOT NULL REFERENCES users(id),
     opened_at INTEGER NOT NULL,
     closed_at INTEGER,
     totals_json TEXT
   ) STRICT`,
  `CREATE UNIQUE INDEX shifts_open ON shifts(cashier_user_id) WHERE closed_at IS NULL`,
  `CREATE TABLE bills (
     id INTEGER PRIMARY KEY,
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     visit_id INTEGER REFERENCES visits(id),
     kind TEXT NOT NULL CHECK (kind IN ('charge','refund')),
     reverses_id INTEGER REFERENCES bills(id),
     payer TEXT NOT NULL CHECK (payer IN ('cash','insured')),
     invoice_no TEXT UNIQUE,
     total_fen INTEGER NOT NULL,
     insurance_fund_fen INTEGER NOT NULL DEFAULT 0,
     patient_pay_fen INTEGER NOT NULL,
     cashier_user_id INTEGER NOT NULL REFERENCES users(id),
     shift_id INTEGER NOT NULL REFERENCES shifts(id),
     at INTEGER NOT NULL,
     CHECK ((kind = 'charge' AND total_fen >= 0 AND reverses_id IS NULL) OR (kind = 'refund' AND total_fen <= 0 AND reverses_id IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX bills_patient ON bills(patient_id, at)`,
  `CREATE INDEX bills_shift ON bills(shift_id)`,
  ...appendOnly('bills'),
  `CREATE TABLE bill_lines (
     id INTEGER PRIMARY KEY,
     bill_id INTEGER NOT NULL REFERENCES bills(id),
     order_line_id INTEGER REFERENCES order_lines(id),
     registration_id INTEGER REFERENCES registrations(id),
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     quantity INTEGER NOT NULL,
     unit_price_fen INTEGER NOT NULL,
     amount_fen INTEGER NOT NULL,
     charge_category TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX bill_lines_bill ON bill_lines(bill_id)`,
  `CREATE INDEX bill_lines_order_line ON bill_lines(order_line_id)`,
  ...appendOnly('bill_lines'),
  `CREATE TABLE payments (
     id INTEGER PRIMARY KEY,
     bill_id INTEGER NOT NULL REFERENCES bills(id),
     method TEXT NOT NULL CHECK (method IN ('cash','bank_card','wechat','alipay','insurance_fund')),
     amount_fen INTEGER NOT NULL,
     tendered_fen INTEGER,
     change_fen INTEGER,
     reference TEXT,
     shift_id INTEGER NOT NULL REFERENCES shifts(id),
     at INTEGER NOT NULL,
     user_id INTEGER NOT NULL REFERENCES users(id)
   ) STRICT`,
  `CREATE INDEX payments_bill ON payments(bill_id)`,
  `CREATE INDEX payments_shift ON payments(shift_id)`,
  ...appendOnly('payments'),

  // ---- Pharmacy: dispensing allocates lots (FEFO); returns reverse lines ----
  `CREATE TABLE dispensations (
     id INTEGER PRIMARY KEY,
     order_id INTEGER NOT NULL REFERENCES orders(id),
     pharmacy_id INTEGER NOT NULL REFERENCES departments(id),
     kind TEXT NOT NULL CHECK (kind IN ('dispense','return')),
     reverses_id INTEGER REFERENCES dispensations(id),
     pharmacist_user_id INTEGER NOT NULL REFERENCES users(id),
     at INTEGER NOT NULL,
     reason TEXT
   ) STRICT`,
  `CREATE INDEX dispensations_order ON dispensations(order_id)`,
  ...appendOnly('dispensations'),
  `CREATE TABLE dispense_lines (
     id INTEGER PRIMARY KEY,
     dispensation_id INTEGER NOT NULL REFERENCES dispensations(id),
     order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
     lot_id INTEGER NOT NULL REFERENCES stock_lots(id),
     quantity INTEGER NOT NULL CHECK (quantity <> 0)
   ) STRICT`,
  `CREATE INDEX dispense_lines_dispensation ON dispense_lines(dispensation_id)`,
  `CREATE INDEX dispense_lines_order_line ON dispense_lines(order_line_id)`,
  ...appendOnly('dispense_lines'),

  // ---- Print jobs: saved in the business transaction; a worker (devices issue) prints them ----
  `CREATE TABLE print_jobs (
     id INTEGER PRIMARY KEY,
     workstation_id INTEGER REFERENCES workstations(id),
     printer TEXT,
     layout TEXT NOT NULL CHECK (layout IN ('queue-ticket','receipt','rx-slip','drug-label','shift-report','invoice')),
     payload_json TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','printing','done','failed','cancelled')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     ref_type TEXT,
     ref_id INTEGER,
     created_by INTEGER REFERENCES users(id),
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX print_jobs_status ON print_jobs(status, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The outpatient migration cannot be reverted; restore the pre-migration backup instead');
}
