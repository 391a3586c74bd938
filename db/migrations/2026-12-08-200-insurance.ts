// The insurance adapter (issue 11 item 1): the gateway settings (接口设置, one versioned row),
// the OUTBOX of every call to the national platform (committed before it is sent, its answer
// recorded by a second write), the operators' daily sign-ins (9001/9002) and the last person
// look-ups (1101) per patient. Owned by the insurance module. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE insurance_config (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
     interface_type TEXT NOT NULL DEFAULT 'national' CHECK (interface_type IN ('national')),
     gateway_url TEXT NOT NULL DEFAULT '',
     fixmedins_code TEXT NOT NULL DEFAULT '',
     fixmedins_name TEXT NOT NULL DEFAULT '',
     mdtrtarea_admvs TEXT NOT NULL DEFAULT '',
     insuplc_admdvs TEXT NOT NULL DEFAULT '',
     recer_sys_code TEXT NOT NULL DEFAULT '',
     infver TEXT NOT NULL DEFAULT 'V1.0',
     dev_no TEXT NOT NULL DEFAULT '',
     signer TEXT NOT NULL DEFAULT 'none' CHECK (signer IN ('none', 'sha256-header')),
     signer_paasid TEXT NOT NULL DEFAULT '',
     signer_secret TEXT NOT NULL DEFAULT '',
     timeout_ms INTEGER NOT NULL DEFAULT 15000 CHECK (timeout_ms BETWEEN 1000 AND 120000),
     facility_level INTEGER NOT NULL DEFAULT 1 CHECK (facility_level IN (1, 2, 3)),
     version INTEGER NOT NULL DEFAULT 1,
     updated_at INTEGER NOT NULL,
     updated_by INTEGER REFERENCES users(id)
   ) STRICT`,
  `INSERT INTO insurance_config (id, updated_at) VALUES (1, 0)`,
  `CREATE TABLE insurance_calls (
     id INTEGER PRIMARY KEY,
     msgid TEXT NOT NULL UNIQUE,
     infno TEXT NOT NULL,
     input_json TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'ok', 'failed', 'unknown')),
     output_json TEXT,
     infcode INTEGER,
     err_msg TEXT,
     http_status INTEGER,
     user_id INTEGER REFERENCES users(id),
     patient_id INTEGER REFERENCES patients(id),
     ref_type TEXT,
     ref_id TEXT,
     created_at INTEGER NOT NULL,
     sent_at INTEGER,
     answered_at INTEGER,
     resolved_at INTEGER,
     resolution TEXT
   ) STRICT`,
  `CREATE INDEX insurance_calls_created ON insurance_calls(created_at)`,
  `CREATE INDEX insurance_calls_open ON insurance_calls(state, patient_id) WHERE state IN ('pending', 'unknown')`,
  `CREATE INDEX insurance_calls_patient ON insurance_calls(patient_id, id) WHERE patient_id IS NOT NULL`,
  `CREATE INDEX insurance_calls_ref ON insurance_calls(ref_type, ref_id) WHERE ref_type IS NOT NULL`,
  `CREATE TABLE insurance_sign_ins (
     id INTEGER PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     business_day TEXT NOT NULL,
     sign_no TEXT NOT NULL,
     sign_time TEXT NOT NULL,
     call_id INTEGER REFERENCES insurance_calls(id),
     signed_in_at INTEGER NOT NULL,
     signed_out_at INTEGER,
     sign_out_call_id INTEGER REFERENCES insurance_calls(id)
   ) STRICT`,
  `CREATE UNIQUE INDEX insurance_sign_ins_day ON insurance_sign_ins(user_id, business_day)`,
  `CREATE TABLE insurance_person_lookups (
     id INTEGER PRIMARY KEY,
     patient_id INTEGER REFERENCES patients(id),
     psn_no TEXT NOT NULL,
     psn_name TEXT NOT NULL,
     certno TEXT NOT NULL,
     insutype TEXT,
     cert_type TEXT NOT NULL CHECK (cert_type IN ('01', '02', '03')),
     cert_no TEXT NOT NULL,
     card_sn TEXT,
     insuplc_admdvs TEXT,
     output_json TEXT NOT NULL,
     call_id INTEGER REFERENCES insurance_calls(id),
     user_id INTEGER REFERENCES users(id),
     at INTEGER NOT NULL
   ) STRICT`,
  `CREATE INDEX insurance_person_lookups_patient ON insurance_person_lookups(patient_id, id)`,
  `CREATE INDEX insurance_person_lookups_certno ON insurance_person_lookups(certno, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const tb of ['insurance_person_lookups', 'insurance_sign_ins', 'insurance_calls', 'insurance_config'])
    await sql.raw(`DROP TABLE ${tb}`).execute(db);
}
