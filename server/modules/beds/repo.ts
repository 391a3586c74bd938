// Beds: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { BedMoveKind, BedState } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import type { BedItemView, BedMoveView, BedView, RoomView, WardView } from './schema.js';

type Q = Db | Trx;

const BED_COLUMNS = [
  'id',
  'ward_id',
  'room_id',
  'code',
  'type',
  'state',
  'stay_id',
  'active',
  'sort',
  'version',
] as const;

type BedRow = {
  id: number;
  ward_id: number;
  room_id: number;
  code: string;
  type: BedView['type'];
  state: BedState;
  stay_id: number | null;
  active: 0 | 1;
  sort: number;
  version: number;
};

export function toBed(r: BedRow): BedView {
  return {
    id: r.id,
    wardId: r.ward_id,
    roomId: r.room_id,
    code: r.code,
    type: r.type,
    state: r.state,
    stayId: r.stay_id,
    active: r.active === 1,
    sort: r.sort,
    version: r.version,
  };
}

// ---- wards (departments of kind ward) ----
export async function wards(db: Q, onlyId?: number): Promise<WardView[]> {
  let q = db
    .selectFrom('departments as d')
    .leftJoin('beds as b', (j) => j.onRef('b.ward_id', '=', 'd.id').on('b.active', '=', 1))
    .select([
      'd.id',
      'd.code',
      'd.name',
      sql<number>`count(b.id)`.as('beds'),
      sql<number>`coalesce(sum(b.state = 'free'), 0)`.as('freeBeds'),
    ])
    .where('d.kind', '=', 'ward')
    .where('d.active', '=', 1)
    .groupBy('d.id')
    .orderBy('d.code');
  if (onlyId !== undefined) q = q.where('d.id', '=', onlyId);
  return q.execute();
}

// ---- rooms ----
type RoomRow = { id: number; ward_id: number; code: string; name: string; active: 0 | 1; version: number };
const toRoom = (r: RoomRow): RoomView => ({
  id: r.id,
  wardId: r.ward_id,
  code: r.code,
  name: r.name,
  active: r.active === 1,
  version: r.version,
});

export async function rooms(db: Q, wardId: number, activeOnly = false): Promise<RoomView[]> {
  let q = db
    .selectFrom('ward_rooms')
    .select(['id', 'ward_id', 'code', 'name', 'active', 'version'])
    .where('ward_id', '=', wardId);
  if (activeOnly) q = q.where('active', '=', 1);
  const rows = await q.orderBy(sql`length(code)`).orderBy('code').execute();
  return rows.map(toRoom);
}

export async function room(db: Q, id: number): Promise<RoomView | undefined> {
  const r = await db
    .selectFrom('ward_rooms')
    .select(['id', 'ward_id', 'code', 'name', 'active', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toRoom(r);
}

export async function roomCodeTaken(db: Q, wardId: number, code: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('ward_rooms').select('id').where('ward_id', '=', wardId).where('code', '=', code);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertRoom(db: Trx, wardId: number, v: { code: string; name: string }, now: number) {
  const r = await db
    .insertInto('ward_rooms')
    .values({ ward_id: wardId, code: v.code, name: v.name, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRoom(
  db: Trx,
  id: number,
  v: { code: string; name: string; active: boolean },
  now: number,
): Promise<void> {
  await db
    .updateTable('ward_rooms')
    .set({
      code: v.code,
      name: v.name,
      active: v.active ? 1 : 0,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function activeBedsInRoom(db: Q, roomId: number): Promise<number> {
  const r = await db
    .selectFrom('beds')
    .select(sql<number>`count(*)`.as('n'))
    .where('room_id', '=', roomId)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return r.n;
}

// ---- beds ----
export async function bedsOfWard(db: Q, wardId: number, activeOnly = false): Promise<BedView[]> {
  let q = db.selectFrom('beds').select(BED_COLUMNS).where('ward_id', '=', wardId);
  if (activeOnly) q = q.where('active', '=', 1);
  const rows = await q.orderBy('sort').orderBy(sql`length(code)`).orderBy('code').execute();
  return rows.map(toBed);
}

export async function bed(db: Q, id: number): Promise<BedView | undefined> {
  const r = await db.selectFrom('beds').select(BED_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r && toBed(r);
}

export async function bedsByIds(db: Q, ids: number[]): Promise<BedView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('beds').select(BED_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toBed);
}

/** Beds held by a stay (occupied and 包床). */
export async function bedsOfStay(db: Q, stayId: number): Promise<BedView[]> {
  const rows = await db.selectFrom('beds').select(BED_COLUMNS).where('stay_id', '=', stayId).execute();
  return rows.map(toBed);
}

export async function takenBedCodes(db: Q, wardId: number, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  const rows = await db
    .selectFrom('beds')
    .select('code')
    .where('ward_id', '=', wardId)
    .where('code', 'in', codes)
    .execute();
  return rows.map((r) => r.code);
}

export async function maxSort(db: Q, wardId: number): Promise<number> {
  const r = await db
    .selectFrom('beds')
    .select(sql<number>`coalesce(max(sort), 0)`.as('m'))
    .where('ward_id', '=', wardId)
    .executeTakeFirstOrThrow();
  return r.m;
}

export async function insertBed(
  db: Trx,
  v: { wardId: number; roomId: number; code: string; type: BedView['type']; sort: number },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('beds')
    .values({
      ward_id: v.wardId,
      room_id: v.roomId,
      code: v.code,
      type: v.type,
      sort: v.sort,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateBed(
  db: Trx,
  id: number,
  v: { roomId: number; code: string; type: BedView['type']; sort: number },
  now: number,
): Promise<void> {
  await db
    .updateTable('beds')
    .set({ room_id: v.roomId, code: v.code, type: v.type, sort: v.sort, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setBedActive(db: Trx, id: number, active: boolean, now: number): Promise<void> {
  await db
    .updateTable('beds')
    .set({ active: active ? 1 : 0, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function touchBed(db: Trx, id: number, now: number): Promise<void> {
  await db.updateTable('beds').set({ version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
}

/**
 * Moves a bed to a new state, only from the state and version read (one winner when two nurses
 * act on the same bed at once); false when the bed changed in between.
 */
export async function setBedState(
  db: Trx,
  b: { id: number; state: BedState; version: number },
  to: { state: BedState; stayId: number | null },
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('beds')
    .set({ state: to.state, stay_id: to.stayId, version: sql`version + 1`, updated_at: now })
    .where('id', '=', b.id)
    .where('state', '=', b.state)
    .where('version', '=', b.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- bed charge items ----
export async function itemsOfBeds(db: Q, bedIds: number[]): Promise<Map<number, BedItemView[]>> {
  const out = new Map<number, BedItemView[]>();
  if (!bedIds.length) return out;
  const rows = await db
    .selectFrom('bed_charge_items as bi')
    .innerJoin('catalog_items as c', 'c.id', 'bi.catalog_item_id')
    .select([
      'bi.bed_id',
      'bi.catalog_item_id',
      'bi.quantity',
      'c.code',
      'c.name',
      'c.unit',
      'c.price_fen',
      'c.pack_size',
    ])
    .where('bi.bed_id', 'in', bedIds)
    .orderBy('bi.bed_id')
    .orderBy('c.code')
    .execute();
  for (const r of rows) {
    let l = out.get(r.bed_id);
    if (!l) out.set(r.bed_id, (l = []));
    l.push({
      catalogItemId: r.catalog_item_id,
      code: r.code,
      name: r.name,
      unit: r.unit,
      priceFen: Math.round(r.price_fen / r.pack_size),
      quantity: r.quantity,
    });
  }
  return out;
}

export async function replaceItems(
  db: Trx,
  bedId: number,
  items: { catalogItemId: number; quantity: number }[],
): Promise<void> {
  await db.deleteFrom('bed_charge_items').where('bed_id', '=', bedId).execute();
  if (items.length)
    await db
      .insertInto('bed_charge_items')
      .values(items.map((i) => ({ bed_id: bedId, catalog_item_id: i.catalogItemId, quantity: i.quantity })))
      .execute();
}

/** Catalog items by id with their kind and active flag (for checking bed charge items). */
export async function catalogItems(db: Q, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('catalog_items').select(['id', 'kind', 'name', 'active']).where('id', 'in', ids).execute();
}

// ---- staff (doctors and nurses for 安床) ----
export async function staffOptions(db: Q, wardId: number) {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'title', 'department_id'])
    .where('active', '=', 1)
    .where((eb) =>
      eb.or([eb('title', 'like', '%physician'), eb('title', 'like', '%nurse'), eb('department_id', '=', wardId)]),
    )
    .orderBy('name')
    .execute();
}

export async function activeStaff(db: Q, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('staff').select(['id', 'title']).where('id', 'in', ids).where('active', '=', 1).execute();
}

// ---- moves ----
export async function insertMove(
  db: Trx,
  m: {
    stayId: number;
    kind: BedMoveKind;
    fromBedId: number | null;
    toBedId: number | null;
    fromWardId: number | null;
    toWardId: number | null;
    attendingDoctorId: number | null;
    residentDoctorId: number | null;
    nurseId: number | null;
    reason: string | null;
    operatorId: number;
  },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('bed_moves')
    .values({
      stay_id: m.stayId,
      kind: m.kind,
      from_bed_id: m.fromBedId,
      to_bed_id: m.toBedId,
      from_ward_id: m.fromWardId,
      to_ward_id: m.toWardId,
      attending_doctor_id: m.attendingDoctorId,
      resident_doctor_id: m.residentDoctorId,
      nurse_id: m.nurseId,
      reason: m.reason,
      operator_id: m.operatorId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The ward a stay was last transferred out of (for its 'transfer_in' row). */
export async function lastTransferOut(db: Q, stayId: number) {
  return db
    .selectFrom('bed_moves')
    .select(['from_ward_id', 'from_bed_id'])
    .where('stay_id', '=', stayId)
    .where('kind', '=', 'transfer_out')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function movesOfStay(db: Q, stayId: number): Promise<BedMoveView[]> {
  const rows = await db
    .selectFrom('bed_moves as m')
    .leftJoin('beds as fb', 'fb.id', 'm.from_bed_id')
    .leftJoin('beds as tb', 'tb.id', 'm.to_bed_id')
    .leftJoin('departments as fw', 'fw.id', 'm.from_ward_id')
    .leftJoin('departments as tw', 'tw.id', 'm.to_ward_id')
    .leftJoin('staff as ad', 'ad.id', 'm.attending_doctor_id')
    .leftJoin('staff as rd', 'rd.id', 'm.resident_doctor_id')
    .leftJoin('staff as n', 'n.id', 'm.nurse_id')
    .innerJoin('users as u', 'u.id', 'm.operator_id')
    .leftJoin('staff as us', 'us.id', 'u.staff_id')
    .select([
      'm.id',
      'm.stay_id',
      'm.kind',
      'fb.code as fromBed',
      'tb.code as toBed',
      'fw.name as fromWard',
      'tw.name as toWard',
      'ad.name as attendingDoctor',
      'rd.name as residentDoctor',
      'n.name as nurse',
      'm.reason',
      'u.username',
      'us.name as operatorName',
      'm.created_at',
    ])
    .where('m.stay_id', '=', stayId)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stayId: r.stay_id,
    kind: r.kind,
    fromBed: r.fromBed,
    toBed: r.toBed,
    fromWard: r.fromWard,
    toWard: r.toWard,
    attendingDoctor: r.attendingDoctor,
    residentDoctor: r.residentDoctor,
    nurse: r.nurse,
    reason: r.reason,
    operator: r.operatorName ?? r.username,
    createdAt: r.created_at,
  }));
}

/** Beds held on a day by stays (occupied or 包床) with their daily charge items — for the nightly bed fee. */
export async function heldBeds(db: Q, wardId?: number) {
  let q = db
    .selectFrom('beds')
    .select(['id', 'ward_id', 'stay_id', 'state', 'code'])
    .where('state', '!=', 'free')
    .where('stay_id', 'is not', null);
  if (wardId !== undefined) q = q.where('ward_id', '=', wardId);
  return q.orderBy('id').execute();
}

export async function rawItemsOfBeds(db: Q, bedIds: number[]) {
  if (!bedIds.length) return [];
  return db
    .selectFrom('bed_charge_items')
    .select(['bed_id', 'catalog_item_id', 'quantity'])
    .where('bed_id', 'in', bedIds)
    .execute();
}

/** The patient's recorded allergies (for the wristband). */
export async function patientAllergies(db: Q, patientId: number): Promise<string[]> {
  const r = await db.selectFrom('patients').select('allergies_json').where('id', '=', patientId).executeTakeFirst();
  try {
    const v: unknown = JSON.parse(r?.allergies_json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Staff names by id. */
export async function staffNames(db: Q, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
