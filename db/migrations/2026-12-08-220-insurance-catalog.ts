// The insurer's catalogs and the center's matches to them (基础数据对应 / 目录对照, issue 11 item 4):
// - insurer_catalog_items: the national catalog rows downloaded by 1301/1302/1305/1306 (drugs,
//   herbal pieces, services, materials), completed by 1312 (甲/乙/丙 level, restriction, self-pay
//   ratio in basis points, price cap in fen); one row per national code, replaced by newer files;
// - insurer_diseases: 1307's disease codes; insurer_catalog_versions: one row per downloaded file
//   or page run (infno, version, rows, who, when);
// - insurance_item_matches: a local catalog item → a national code, with its state (proposed,
//   confirmed, reviewed, uploaded, revoked); a revoked row is kept (history), at most one live row
//   per item (partial unique index);
// - insurance_department_codes (科室 → 科别 caty), insurance_disease_codes (local ICD-10 → insurer
//   code), insurance_staff_codes (staff → 医保医师/护士国家码).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DDL = [
  `CREATE TABLE insurer_catalog_items (
    id INTEGER PRIMARY KEY,
    list_type TEXT NOT NULL CHECK (list_type IN ('101','102','103','104','105','201','301')),
    med_list_codg TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    spec TEXT,
    dosage_form TEXT,
    manufacturer TEXT,
    aprvno TEXT,
    unit TEXT,
    chrgitm_lv TEXT CHECK (chrgitm_lv IS NULL OR chrgitm_lv IN ('01','02','03')),
    lmt_used_flag INTEGER NOT NULL DEFAULT 0 CHECK (lmt_used_flag IN (0, 1)),
    lmt_text TEXT,
    selfpay_prop INTEGER CHECK (selfpay_prop IS NULL OR selfpay_prop BETWEEN 0 AND 10000),
    price_cap_fen INTEGER CHECK (price_cap_fen IS NULL OR price_cap_fen >= 0),
    begndate TEXT,
    enddate TEXT,
    valid INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
    source_infno TEXT NOT NULL,
    version TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
  )`,
  'CREATE INDEX insurer_catalog_items_type_name ON insurer_catalog_items(list_type, name)',
  'CREATE INDEX insurer_catalog_items_aprvno ON insurer_catalog_items(aprvno) WHERE aprvno IS NOT NULL',
  `CREATE TABLE insurer_diseases (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL DEFAULT '',
    valid INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
    version TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  'CREATE INDEX insurer_diseases_name ON insurer_diseases(name)',
  `CREATE TABLE insurer_catalog_versions (
    id INTEGER PRIMARY KEY,
    infno TEXT NOT NULL,
    ver TEXT NOT NULL,
    rows INTEGER NOT NULL,
    filename TEXT,
    downloaded_at INTEGER NOT NULL,
    by_user_id INTEGER REFERENCES users(id)
  )`,
  'CREATE INDEX insurer_catalog_versions_infno ON insurer_catalog_versions(infno, id)',
  `CREATE TABLE insurance_item_matches (
    id INTEGER PRIMARY KEY,
    catalog_item_id INTEGER NOT NULL REFERENCES catalog_items(id),
    med_list_codg TEXT NOT NULL,
    list_type TEXT NOT NULL CHECK (list_type IN ('101','102','103','104','105','201','301')),
    state TEXT NOT NULL CHECK (state IN ('proposed','confirmed','reviewed','uploaded','revoked')),
    score INTEGER CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    matched_by INTEGER REFERENCES users(id),
    matched_at INTEGER NOT NULL,
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at INTEGER,
    upload_msgid TEXT,
    uploaded_at INTEGER,
    revoked_by INTEGER REFERENCES users(id),
    revoked_at INTEGER,
    revoke_msgid TEXT,
    version INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE UNIQUE INDEX insurance_item_matches_live ON insurance_item_matches(catalog_item_id)
    WHERE state <> 'revoked'`,
  'CREATE INDEX insurance_item_matches_state ON insurance_item_matches(state, catalog_item_id)',
  `CREATE TABLE insurance_department_codes (
    department_id INTEGER PRIMARY KEY REFERENCES departments(id),
    caty TEXT NOT NULL,
    caty_name TEXT NOT NULL,
    matched_by INTEGER REFERENCES users(id),
    matched_at INTEGER NOT NULL
  )`,
  `CREATE TABLE insurance_disease_codes (
    local_code TEXT PRIMARY KEY,
    dise_code TEXT NOT NULL,
    dise_name TEXT NOT NULL,
    score INTEGER,
    matched_by INTEGER REFERENCES users(id),
    matched_at INTEGER NOT NULL
  )`,
  `CREATE TABLE insurance_staff_codes (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
    national_code TEXT NOT NULL UNIQUE,
    matched_by INTEGER REFERENCES users(id),
    matched_at INTEGER NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const ddl of DDL) await sql.raw(ddl).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The insurance catalog migration cannot be reverted; restore the pre-migration backup instead');
}
