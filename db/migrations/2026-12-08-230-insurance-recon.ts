// Insurance reconciliation (医保对账, issue 11 item 6): one row per 3201 (对总账) call — a period and
// a (insutype, clr_type, clr_optins) group, the HIS's totals sent and the insurer's answer — and the
// rows of a 3202 (对明细账) answer: the settlements that differ. Written by insurance-recon only.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DAY = `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    CREATE TABLE insurance_reconciliations (
      id INTEGER PRIMARY KEY,
      begin_date TEXT NOT NULL CHECK (begin_date ${DAY}),
      end_date TEXT NOT NULL CHECK (end_date ${DAY} AND end_date >= begin_date),
      insutype TEXT NOT NULL,
      clr_type TEXT NOT NULL,
      clr_optins TEXT NOT NULL,
      medfee_sumamt_fen INTEGER NOT NULL,
      fund_pay_sumamt_fen INTEGER NOT NULL,
      acct_pay_fen INTEGER NOT NULL,
      psn_cash_pay_fen INTEGER NOT NULL,
      setl_cnt INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('balanced', 'unbalanced', 'failed')),
      stmt_rslt TEXT,
      stmt_rslt_dscr TEXT,
      msgid TEXT,
      error TEXT,
      detail_state TEXT NOT NULL DEFAULT 'none' CHECK (detail_state IN ('none', 'done', 'failed')),
      detail_msgid TEXT,
      detail_error TEXT,
      detail_count INTEGER,
      detail_by INTEGER REFERENCES users(id),
      detail_at INTEGER,
      created_by INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL
    )
  `)
    .execute(db);
  await sql
    .raw(`CREATE INDEX insurance_reconciliations_period ON insurance_reconciliations(begin_date, end_date, created_at)`)
    .execute(db);
  await sql
    .raw(`
    CREATE TABLE insurance_recon_diffs (
      id INTEGER PRIMARY KEY,
      reconciliation_id INTEGER NOT NULL REFERENCES insurance_reconciliations(id),
      kind TEXT NOT NULL CHECK (kind IN ('only_local', 'only_insurer', 'amount_differs')),
      setl_id TEXT NOT NULL,
      mdtrt_id TEXT,
      psn_no TEXT,
      refd_setl_flag TEXT,
      local_medfee_sumamt_fen INTEGER,
      local_fund_pay_sumamt_fen INTEGER,
      local_acct_pay_fen INTEGER,
      insurer_medfee_sumamt_fen INTEGER,
      insurer_fund_pay_sumamt_fen INTEGER,
      insurer_acct_pay_fen INTEGER,
      memo TEXT,
      settlement_id INTEGER,
      bill_id INTEGER,
      created_at INTEGER NOT NULL
    )
  `)
    .execute(db);
  await sql
    .raw(`CREATE INDEX insurance_recon_diffs_reconciliation ON insurance_recon_diffs(reconciliation_id)`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error(
    'The insurance reconciliation migration cannot be reverted; restore the pre-migration backup instead',
  );
}
