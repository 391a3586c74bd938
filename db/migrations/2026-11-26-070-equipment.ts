// Equipment (医疗设备): the asset register and its append-only service log. Dates are
// business days 'YYYY-MM-DD'; money integer fen. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DATE = (col: string) =>
  `(${col} IS NULL OR (length(${col}) = 10 AND ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))`;

const STATEMENTS = [
  `CREATE TABLE equipment (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     asset_code TEXT NOT NULL COLLATE NOCASE UNIQUE,
     name TEXT NOT NULL,
     model TEXT,
     serial_no TEXT,
     manufacturer TEXT,
     category TEXT,
     location_id INTEGER NOT NULL REFERENCES departments(id),
     purchase_date TEXT CHECK ${DATE('purchase_date')},
     purchase_price_fen INTEGER CHECK (purchase_price_fen IS NULL OR (typeof(purchase_price_fen) = 'integer' AND purchase_price_fen >= 0)),
     supplier_name TEXT,
     warranty_until TEXT CHECK ${DATE('warranty_until')},
     status TEXT NOT NULL DEFAULT 'in_use' CHECK (status IN ('in_use', 'under_repair', 'scrapped')),
     maintenance_interval_days INTEGER CHECK (maintenance_interval_days IS NULL OR maintenance_interval_days > 0),
     calibration_interval_days INTEGER CHECK (calibration_interval_days IS NULL OR calibration_interval_days > 0),
     next_maintenance_due TEXT CHECK ${DATE('next_maintenance_due')},
     next_calibration_due TEXT CHECK ${DATE('next_calibration_due')},
     pinyin_initials TEXT NOT NULL DEFAULT '',
     pinyin_full TEXT NOT NULL DEFAULT '',
     version INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX equipment_location ON equipment(location_id)`,
  `CREATE INDEX equipment_status ON equipment(status)`,

  `CREATE TABLE equipment_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     equipment_id INTEGER NOT NULL REFERENCES equipment(id),
     kind TEXT NOT NULL CHECK (kind IN ('maintenance', 'calibration', 'repair', 'status_change')),
     day TEXT NOT NULL CHECK ${DATE('day')},
     performed_by TEXT NOT NULL,
     note TEXT,
     cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (typeof(cost_fen) = 'integer' AND cost_fen >= 0),
     result TEXT,
     status_before TEXT,
     status_after TEXT,
     user_id INTEGER REFERENCES users(id),
     created_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX equipment_log_item ON equipment_log(equipment_id, id)`,
  `CREATE TRIGGER equipment_log_no_update BEFORE UPDATE ON equipment_log
     BEGIN SELECT RAISE(ABORT, 'equipment_log is append-only'); END`,
  `CREATE TRIGGER equipment_log_no_delete BEFORE DELETE ON equipment_log
     BEGIN SELECT RAISE(ABORT, 'equipment_log is append-only'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The equipment migration cannot be reverted; restore the pre-migration backup instead');
}
