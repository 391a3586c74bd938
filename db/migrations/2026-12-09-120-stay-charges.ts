// The stay's charge ledger (issue 12, INPATIENT.md §5, §7, §8, §11): one row per charge of an
// inpatient stay — a bed's daily item (source 'bed', from the nightly run), a manual charge
// (补记账, 'manual') or, next session, an order's charge ('order') — and a reversal (冲账) as a NEW
// row with the negative quantity and amount pointing at the row it reverses (at most once).
// Insert-only: only settlement_id may be set later (by the settlement). Written by
// inpatient-charges only. Also: the items a ward may charge over the arrears limit (急救项目) and
// one row per nightly run (ward × day) so a missed night is filled at start. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DAY = `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

const FROZEN = [
  'id',
  'stay_id',
  'charge_day',
  'catalog_item_id',
  'item_name',
  'item_spec',
  'item_unit',
  'pack_size',
  'charge_category',
  'quantity',
  'unit_price_fen',
  'amount_fen',
  'source',
  'source_key',
  'bed_id',
  'reverses_id',
  'reason',
  'dept_id',
  'exec_dept_id',
  'doctor_id',
  'operator_id',
  'emergency',
  'created_at',
];

const statements = [
  `CREATE TABLE stay_charges (
     id INTEGER PRIMARY KEY,
     stay_id INTEGER NOT NULL REFERENCES inpatient_stays(id),
     charge_day TEXT NOT NULL CHECK (charge_day ${DAY}),
     catalog_item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     item_name TEXT NOT NULL,
     item_spec TEXT,
     item_unit TEXT NOT NULL,
     pack_size INTEGER NOT NULL CHECK (pack_size >= 1),
     charge_category TEXT NOT NULL,
     quantity INTEGER NOT NULL CHECK (quantity <> 0),
     unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
     amount_fen INTEGER NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('bed', 'manual', 'order')),
     source_key TEXT,
     bed_id INTEGER REFERENCES beds(id),
     reverses_id INTEGER REFERENCES stay_charges(id),
     reason TEXT,
     dept_id INTEGER NOT NULL REFERENCES departments(id),
     exec_dept_id INTEGER REFERENCES departments(id),
     doctor_id INTEGER REFERENCES staff(id),
     operator_id INTEGER REFERENCES users(id),
     settlement_id INTEGER,
     emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
     created_at INTEGER NOT NULL,
     CHECK ((reverses_id IS NULL AND quantity > 0 AND amount_fen >= 0)
         OR (reverses_id IS NOT NULL AND quantity < 0 AND amount_fen <= 0 AND source_key IS NULL)),
     CHECK (source <> 'manual' OR reason IS NOT NULL),
     CHECK (reverses_id IS NULL OR reason IS NOT NULL)
   ) STRICT`,
  `CREATE INDEX stay_charges_stay_day ON stay_charges(stay_id, charge_day)`,
  `CREATE UNIQUE INDEX stay_charges_source_key ON stay_charges(stay_id, source, source_key)
     WHERE source_key IS NOT NULL`,
  `CREATE UNIQUE INDEX stay_charges_reverses ON stay_charges(reverses_id) WHERE reverses_id IS NOT NULL`,
  `CREATE TRIGGER stay_charges_no_update BEFORE UPDATE OF ${FROZEN.join(', ')} ON stay_charges
     BEGIN SELECT RAISE(ABORT, 'stay_charges is append-only (only settlement_id is set later)'); END`,
  `CREATE TRIGGER stay_charges_no_delete BEFORE DELETE ON stay_charges
     BEGIN SELECT RAISE(ABORT, 'stay_charges is append-only'); END`,
  // 急救项目: an item here is charged by 补记账 even over the ward's arrears limit (INPATIENT.md §2).
  `CREATE TABLE stay_charge_emergency_items (
     catalog_item_id INTEGER PRIMARY KEY REFERENCES catalog_items(id),
     updated_by INTEGER REFERENCES users(id),
     updated_at INTEGER NOT NULL
   ) STRICT`,
  // One row per nightly bed-fee run of a ward and day (by the job or a nurse's "run now").
  `CREATE TABLE stay_charge_runs (
     id INTEGER PRIMARY KEY,
     ward_id INTEGER NOT NULL REFERENCES departments(id),
     charge_day TEXT NOT NULL CHECK (charge_day ${DAY}),
     trigger TEXT NOT NULL CHECK (trigger IN ('job', 'manual')),
     rows INTEGER NOT NULL,
     amount_fen INTEGER NOT NULL,
     operator_id INTEGER REFERENCES users(id),
     created_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX stay_charge_runs_day ON stay_charge_runs(trigger, charge_day)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The stay charges migration cannot be reverted; restore the pre-migration backup instead');
}
