// Suppliers (供应商): the dictionary of the companies drugs and materials are bought from,
// with their business licence (统一社会信用代码) and drug trading licence (药品经营许可证).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    CREATE TABLE suppliers (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL COLLATE NOCASE UNIQUE,
      name TEXT NOT NULL UNIQUE,
      short_name TEXT,
      contact_person TEXT,
      phone TEXT,
      address TEXT,
      credit_code TEXT UNIQUE,
      drug_licence_no TEXT,
      drug_licence_expires_on TEXT CHECK (drug_licence_expires_on IS NULL OR drug_licence_expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      pinyin_initials TEXT NOT NULL DEFAULT '',
      pinyin_full TEXT NOT NULL DEFAULT '',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      version INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )
  `)
    .execute(db);
  await sql
    .raw(`CREATE INDEX suppliers_licence_expiry ON suppliers(drug_licence_expires_on) WHERE active = 1`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The suppliers migration cannot be reverted; restore the pre-migration backup instead');
}
