// The insured outpatient visit settled at the cashier (issue 11 items 2, 3, 7; module
// insurance-settlement):
// - insurance_visits: a local visit registered with the insurer (2201 → mdtrt_id; 2203 its
//   diagnoses), with a per-visit lock so that two cashiers never settle one visit at once;
// - insurance_fee_lines: the lines uploaded by 2204 (feedetl_sn = a stable id of the charge row,
//   never reused in the visit) with the insurer's per-line answer in fen; 2205 cancels them;
// - insurance_settlements: 2207's setlinfo in fen (money columns `<field>_fen`), the local bill
//   once applied (bill_id null while not yet applied: a 单边账 to complete), 2208's cancellation;
// - insurance_settlement_funds: setldetail, one row per fund type (append-only).
// Billing's payments gain the method 'insurance_account' (个人账户) and a fund_pay_type on fund
// payments: SQLite cannot change a CHECK, so the table is rebuilt with every row, index and
// trigger it had. Orders' lines gain the doctor's answer to a restricted item (hosp_appr_flag).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const MONEY = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
  'balc',
  'acct_mulaid_pay',
];

const appendOnly = (table: string) => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_replace BEFORE INSERT ON ${table}
     WHEN EXISTS (SELECT 1 FROM ${table} WHERE id = NEW.id)
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
];

const neverDeleted = (table: string) => [
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table}: rows are never deleted'); END`,
];

const statements = [
  `CREATE TABLE insurance_visits (
     id INTEGER PRIMARY KEY,
     visit_id INTEGER NOT NULL REFERENCES visits(id),
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     psn_no TEXT NOT NULL,
     psn_name TEXT NOT NULL,
     insutype TEXT NOT NULL,
     psn_type TEXT,
     med_type TEXT NOT NULL,
     mdtrt_cert_type TEXT NOT NULL CHECK (mdtrt_cert_type IN ('01', '02', '03')),
     mdtrt_cert_no TEXT NOT NULL,
     card_sn TEXT,
     insuplc_admdvs TEXT NOT NULL,
     ipt_otp_no TEXT NOT NULL,
     atddr_no TEXT NOT NULL,
     dept_code TEXT NOT NULL,
     mdtrt_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('registered', 'cancelled')),
     register_msgid TEXT NOT NULL,
     diagnoses_msgid TEXT,
     cancel_msgid TEXT,
     lock_user_id INTEGER REFERENCES users(id),
     lock_at INTEGER,
     lock_step TEXT,
     pending_settle_json TEXT,
     created_by INTEGER NOT NULL REFERENCES users(id),
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     cancelled_at INTEGER,
     version INTEGER NOT NULL DEFAULT 1
   ) STRICT`,
  `CREATE UNIQUE INDEX insurance_visits_open ON insurance_visits(visit_id) WHERE state = 'registered'`,
  `CREATE UNIQUE INDEX insurance_visits_mdtrt ON insurance_visits(mdtrt_id)`,
  `CREATE INDEX insurance_visits_patient ON insurance_visits(patient_id, id)`,
  ...neverDeleted('insurance_visits'),

  `CREATE TABLE insurance_fee_lines (
     id INTEGER PRIMARY KEY,
     insurance_visit_id INTEGER NOT NULL REFERENCES insurance_visits(id),
     mdtrt_id TEXT NOT NULL,
     feedetl_sn TEXT NOT NULL,
     chrg_bchno TEXT NOT NULL,
     order_line_id INTEGER REFERENCES order_lines(id),
     registration_id INTEGER REFERENCES registrations(id),
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     med_list_codg TEXT NOT NULL,
     medins_list_codg TEXT NOT NULL,
     list_type TEXT,
     det_item_fee_sumamt_fen INTEGER NOT NULL,
     quantity INTEGER NOT NULL,
     cnt TEXT NOT NULL,
     pric TEXT NOT NULL,
     hosp_appr_flag TEXT NOT NULL,
     fulamt_ownpay_amt_fen INTEGER NOT NULL,
     overlmt_amt_fen INTEGER NOT NULL,
     preselfpay_amt_fen INTEGER NOT NULL,
     inscp_scp_amt_fen INTEGER NOT NULL,
     pric_uplmt_amt_fen INTEGER,
     selfpay_prop TEXT,
     chrgitm_lv TEXT,
     med_chrgitm_type TEXT,
     lmt_used_flag TEXT,
     memo TEXT,
     state TEXT NOT NULL CHECK (state IN ('uploaded', 'cancelled')),
     settlement_id INTEGER REFERENCES insurance_settlements(id),
     upload_msgid TEXT NOT NULL,
     cancel_msgid TEXT,
     created_at INTEGER NOT NULL,
     cancelled_at INTEGER
   ) STRICT`,
  `CREATE UNIQUE INDEX insurance_fee_lines_sn ON insurance_fee_lines(mdtrt_id, feedetl_sn)`,
  `CREATE INDEX insurance_fee_lines_visit ON insurance_fee_lines(insurance_visit_id, state)`,
  `CREATE INDEX insurance_fee_lines_batch ON insurance_fee_lines(chrg_bchno)`,
  `CREATE INDEX insurance_fee_lines_settlement ON insurance_fee_lines(settlement_id) WHERE settlement_id IS NOT NULL`,
  ...neverDeleted('insurance_fee_lines'),

  `CREATE TABLE insurance_settlements (
     id INTEGER PRIMARY KEY,
     insurance_visit_id INTEGER NOT NULL REFERENCES insurance_visits(id),
     visit_id INTEGER NOT NULL REFERENCES visits(id),
     patient_id INTEGER NOT NULL REFERENCES patients(id),
     bill_id INTEGER REFERENCES bills(id),
     setl_id TEXT NOT NULL,
     mdtrt_id TEXT NOT NULL,
     msgid TEXT NOT NULL,
     chrg_bchno TEXT NOT NULL,
     psn_no TEXT NOT NULL,
     psn_name TEXT NOT NULL,
     insutype TEXT NOT NULL,
     med_type TEXT NOT NULL,
     clr_type TEXT NOT NULL,
     clr_way TEXT NOT NULL,
     clr_optins TEXT NOT NULL,
     setl_time TEXT NOT NULL,
     medins_setl_id TEXT,
     ${MONEY.map((m) => `${m}_fen INTEGER NOT NULL`).join(',\n     ')},
     pool_prop_selfpay TEXT,
     state TEXT NOT NULL CHECK (state IN ('settled', 'cancelled')),
     cancel_setl_id TEXT,
     cancel_msgid TEXT,
     cancel_time TEXT,
     cancelled_at INTEGER,
     cancelled_by INTEGER REFERENCES users(id),
     refund_bill_id INTEGER REFERENCES bills(id),
     business_day TEXT NOT NULL,
     order_ids_json TEXT NOT NULL,
     payments_json TEXT NOT NULL,
     apply_error TEXT,
     settled_by INTEGER NOT NULL REFERENCES users(id),
     created_at INTEGER NOT NULL,
     applied_at INTEGER,
     CHECK (medfee_sumamt_fen = fulamt_ownpay_amt_fen + overlmt_selfpay_fen + preselfpay_amt_fen + inscp_scp_amt_fen),
     CHECK (psn_part_amt_fen = medfee_sumamt_fen - fund_pay_sumamt_fen),
     CHECK (psn_part_amt_fen = acct_pay_fen + psn_cash_pay_fen)
   ) STRICT`,
  `CREATE UNIQUE INDEX insurance_settlements_setl ON insurance_settlements(setl_id)`,
  `CREATE UNIQUE INDEX insurance_settlements_msgid ON insurance_settlements(msgid)`,
  `CREATE UNIQUE INDEX insurance_settlements_bill ON insurance_settlements(bill_id)
     WHERE bill_id IS NOT NULL AND state = 'settled'`,
  `CREATE INDEX insurance_settlements_day ON insurance_settlements(business_day, insutype)`,
  `CREATE INDEX insurance_settlements_visit ON insurance_settlements(insurance_visit_id, state)`,
  `CREATE INDEX insurance_settlements_patient ON insurance_settlements(patient_id, id)`,
  `CREATE INDEX insurance_settlements_unapplied ON insurance_settlements(id)
     WHERE bill_id IS NULL AND state = 'settled'`,
  ...neverDeleted('insurance_settlements'),

  `CREATE TABLE insurance_settlement_funds (
     id INTEGER PRIMARY KEY,
     settlement_id INTEGER NOT NULL REFERENCES insurance_settlements(id),
     fund_pay_type TEXT NOT NULL,
     fund_payamt_fen INTEGER NOT NULL,
     inscp_scp_amt_fen INTEGER,
     crt_payb_lmt_amt_fen INTEGER,
     setl_proc_info TEXT
   ) STRICT`,
  `CREATE INDEX insurance_settlement_funds_settlement ON insurance_settlement_funds(settlement_id)`,
  ...appendOnly('insurance_settlement_funds'),

  // The doctor's answer for a restricted item (限定适应症): '1' met, '0' not met; null = not asked.
  `ALTER TABLE order_lines ADD COLUMN hosp_appr_flag TEXT CHECK (hosp_appr_flag IN ('0', '1'))`,
  `ALTER TABLE order_lines ADD COLUMN hosp_appr_at INTEGER`,
  `ALTER TABLE order_lines ADD COLUMN hosp_appr_by INTEGER REFERENCES users(id)`,
];

const PAYMENT_COLUMNS = 'id, bill_id, method, amount_fen, tendered_fen, change_fen, reference, shift_id, at, user_id';

/** Rebuilds payments with the new method and fund_pay_type, keeping its rows, indexes and triggers. */
async function rebuildPayments(db: Kysely<unknown>): Promise<void> {
  const kept = (
    await sql<{ sql: string }>`SELECT sql FROM sqlite_schema
      WHERE tbl_name = 'payments' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`.execute(db)
  ).rows.map((r) => r.sql);
  await sql.raw(`CREATE TEMP TABLE payments_copy AS SELECT ${PAYMENT_COLUMNS} FROM payments`).execute(db);
  await sql.raw(`DROP TABLE payments`).execute(db);
  await sql
    .raw(
      `CREATE TABLE payments (
     id INTEGER PRIMARY KEY,
     bill_id INTEGER NOT NULL REFERENCES bills(id),
     method TEXT NOT NULL CHECK (method IN
       ('cash','bank_card','wechat','alipay','insurance_fund','insurance_account')),
     amount_fen INTEGER NOT NULL,
     tendered_fen INTEGER,
     change_fen INTEGER,
     reference TEXT,
     shift_id INTEGER NOT NULL REFERENCES shifts(id),
     at INTEGER NOT NULL,
     user_id INTEGER NOT NULL REFERENCES users(id),
     fund_pay_type TEXT CHECK (fund_pay_type IS NULL OR method = 'insurance_fund')
   ) STRICT`,
    )
    .execute(db);
  await sql
    .raw(`INSERT INTO payments (${PAYMENT_COLUMNS}) SELECT ${PAYMENT_COLUMNS} FROM payments_copy ORDER BY id`)
    .execute(db);
  await sql.raw(`DROP TABLE payments_copy`).execute(db);
  for (const s of kept) await sql.raw(s).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildPayments(db);
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The insurance-settlement migration cannot be reverted; restore the pre-migration backup instead');
}
