// Beds (床位, issue 12): a ward's rooms, its beds with their state and holder, each bed's daily
// charge items (床位费, 取暖费 …) and the append-only bed movements (安床, 换床, 包床, 转科, 释放 …).
// Written by the beds module only (the stays' bed_id is stays' own, set through its setPlacement).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const appendOnly = (table: string) => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
];

const statements = [
  `CREATE TABLE ward_rooms (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES departments(id),
    code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (ward_id, code)
  )`,
  `CREATE TABLE beds (
    id INTEGER PRIMARY KEY,
    ward_id INTEGER NOT NULL REFERENCES departments(id),
    room_id INTEGER NOT NULL REFERENCES ward_rooms(id),
    code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    type TEXT NOT NULL DEFAULT 'normal' CHECK (type IN ('normal', 'extra', 'virtual')),
    state TEXT NOT NULL DEFAULT 'free' CHECK (state IN ('free', 'occupied', 'reserved')),
    stay_id INTEGER REFERENCES inpatient_stays(id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (ward_id, code),
    CHECK ((state = 'free') = (stay_id IS NULL)),
    CHECK (active = 1 OR state = 'free')
  )`,
  `CREATE INDEX beds_room ON beds(room_id)`,
  `CREATE INDEX beds_stay ON beds(stay_id) WHERE stay_id IS NOT NULL`,
  `CREATE TABLE bed_charge_items (
    bed_id INTEGER NOT NULL REFERENCES beds(id),
    catalog_item_id INTEGER NOT NULL REFERENCES catalog_items(id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    PRIMARY KEY (bed_id, catalog_item_id)
  )`,
  `CREATE TABLE bed_moves (
    id INTEGER PRIMARY KEY,
    stay_id INTEGER NOT NULL REFERENCES inpatient_stays(id),
    kind TEXT NOT NULL CHECK (kind IN ('place', 'change', 'reserve', 'unreserve', 'transfer_out', 'transfer_in',
      'release', 'pre_discharge', 'recall')),
    from_bed_id INTEGER REFERENCES beds(id),
    to_bed_id INTEGER REFERENCES beds(id),
    from_ward_id INTEGER REFERENCES departments(id),
    to_ward_id INTEGER REFERENCES departments(id),
    attending_doctor_id INTEGER REFERENCES staff(id),
    resident_doctor_id INTEGER REFERENCES staff(id),
    nurse_id INTEGER REFERENCES staff(id),
    reason TEXT,
    operator_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
  )`,
  `CREATE INDEX bed_moves_stay ON bed_moves(stay_id, id)`,
  ...appendOnly('bed_moves'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['bed_moves', 'bed_charge_items', 'beds', 'ward_rooms']) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  }
}
