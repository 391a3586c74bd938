// The insurer's other catalogs and the review of department/disease codes (issue 11 item 4, module
// insurance-catalog):
// - insurer_catalog_items gains trade_name (1301 商品名) and the validity dates of its price cap
//   (1318) and self-pay ratio (1319);
// - insurer_code_lists: the code lists 1308 手术操作, 1309 门诊慢特病种, 1310 按病种付费病种, 1311 日间手术,
//   1313 肿瘤形态学, 1314 中医疾病, 1315 中医证候, one row per (infno, code) with the wire's other fields
//   as JSON;
// - insurer_price_rules: every 1318 price cap (fen) and 1319 self-pay ratio (basis points) row with
//   its dates; the newest row valid today is applied to the item;
// - insurer_held_matches: 1316 (national medical code → list code) and 1317 (the center's matches
//   as the insurer holds them);
// - insurer_code_tables: the 1901 code tables (type, value → label), which win over the seed's;
// - insurance_department_codes / insurance_disease_codes gain a review state (proposed, confirmed,
//   reviewed) and who reviewed: rows that exist already were used for settlement and stay usable
//   (they become 'reviewed'). Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DDL = [
  'ALTER TABLE insurer_catalog_items ADD COLUMN trade_name TEXT',
  'ALTER TABLE insurer_catalog_items ADD COLUMN price_cap_begndate TEXT',
  'ALTER TABLE insurer_catalog_items ADD COLUMN price_cap_enddate TEXT',
  'ALTER TABLE insurer_catalog_items ADD COLUMN selfpay_begndate TEXT',
  'ALTER TABLE insurer_catalog_items ADD COLUMN selfpay_enddate TEXT',
  `CREATE TABLE insurer_code_lists (
    infno TEXT NOT NULL CHECK (infno IN ('1308','1309','1310','1311','1313','1314','1315')),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    pinyin_initials TEXT NOT NULL DEFAULT '',
    valid INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
    version TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (infno, code)
  )`,
  `CREATE TABLE insurer_price_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('cap','selfpay')),
    hilist_code TEXT NOT NULL,
    rid TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    begndate TEXT NOT NULL,
    enddate TEXT,
    valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
    updt_time TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, rid)
  )`,
  'CREATE INDEX insurer_price_rules_code ON insurer_price_rules(kind, hilist_code, begndate)',
  `CREATE TABLE insurer_held_matches (
    infno TEXT NOT NULL CHECK (infno IN ('1316','1317')),
    local_code TEXT NOT NULL,
    list_type TEXT NOT NULL,
    hilist_code TEXT NOT NULL,
    name TEXT,
    begndate TEXT,
    enddate TEXT,
    valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
    rid TEXT NOT NULL,
    updt_time TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (infno, local_code, list_type)
  )`,
  `CREATE TABLE insurer_code_tables (
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    label TEXT NOT NULL,
    sort INTEGER NOT NULL DEFAULT 0,
    valid INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (type, value)
  )`,
  `ALTER TABLE insurance_department_codes ADD COLUMN state TEXT NOT NULL DEFAULT 'reviewed'
    CHECK (state IN ('proposed','confirmed','reviewed'))`,
  'ALTER TABLE insurance_department_codes ADD COLUMN reviewed_by INTEGER REFERENCES users(id)',
  'ALTER TABLE insurance_department_codes ADD COLUMN reviewed_at INTEGER',
  `ALTER TABLE insurance_disease_codes ADD COLUMN state TEXT NOT NULL DEFAULT 'reviewed'
    CHECK (state IN ('proposed','confirmed','reviewed'))`,
  'ALTER TABLE insurance_disease_codes ADD COLUMN reviewed_by INTEGER REFERENCES users(id)',
  'ALTER TABLE insurance_disease_codes ADD COLUMN reviewed_at INTEGER',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const ddl of DDL) await sql.raw(ddl).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The insurance catalog migration cannot be reverted; restore the pre-migration backup instead');
}
