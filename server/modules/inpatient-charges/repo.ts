// The charge ledger: the only Kysely queries of this module. stay_charges, its emergency items and
// its run log are written here only; stays, beds, bed items, catalog items and users are read.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { BedItem, HeldBed, NewCharge } from './plan.js';
import type { ChargeRowView } from './schema.js';

type Q = Db | Trx;

const ROW_COLUMNS = [
  'c.id',
  'c.stay_id',
  'c.charge_day',
  'c.catalog_item_id',
  'c.item_name',
  'c.item_spec',
  'c.item_unit',
  'c.pack_size',
  'c.charge_category',
  'c.quantity',
  'c.unit_price_fen',
  'c.amount_fen',
  'c.source',
  'c.bed_id',
  'c.reverses_id',
  'c.reason',
  'c.dept_id',
  'c.exec_dept_id',
  'c.doctor_id',
  'c.operator_id',
  'c.settlement_id',
  'c.emergency',
  'c.created_at',
] as const;

function rowsQuery(db: Q) {
  return db
    .selectFrom('stay_charges as c')
    .leftJoin('stay_charges as r', 'r.reverses_id', 'c.id')
    .leftJoin('users as u', 'u.id', 'c.operator_id')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .select(ROW_COLUMNS)
    .select(['r.id as reversed_by_id', 's.name as operator_name']);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowsQuery>['execute']>>[number];

/** A stay_charges row with its reversal and operator, as the API and events show it. */
export interface ChargeRow extends ChargeRowView {
  execDeptId: number | null;
  doctorId: number | null;
}

function view(r: RawRow): ChargeRow {
  return {
    id: r.id,
    stayId: r.stay_id,
    chargeDay: r.charge_day,
    catalogItemId: r.catalog_item_id,
    itemName: r.item_name,
    itemSpec: r.item_spec,
    itemUnit: r.item_unit,
    packSize: r.pack_size,
    chargeCategory: r.charge_category,
    quantity: r.quantity,
    unitPriceFen: r.unit_price_fen,
    amountFen: r.amount_fen,
    source: r.source,
    bedId: r.bed_id,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id ?? null,
    reason: r.reason,
    deptId: r.dept_id,
    execDeptId: r.exec_dept_id,
    doctorId: r.doctor_id,
    operatorId: r.operator_id,
    operatorName: r.operator_name ?? null,
    settlementId: r.settlement_id,
    emergency: r.emergency === 1,
    createdAt: r.created_at,
  };
}

/** A stay's rows (of one day when given), oldest first. */
export async function chargesOfStay(db: Q, stayId: number, day?: string): Promise<ChargeRow[]> {
  let q = rowsQuery(db).where('c.stay_id', '=', stayId);
  if (day) q = q.where('c.charge_day', '=', day);
  return (await q.orderBy('c.charge_day').orderBy('c.id').execute()).map(view);
}

export async function chargesByIds(db: Q, ids: number[]): Promise<ChargeRow[]> {
  if (!ids.length) return [];
  return (await rowsQuery(db).where('c.id', 'in', ids).orderBy('c.id').execute()).map(view);
}

export async function chargeById(db: Q, id: number): Promise<ChargeRow | undefined> {
  const r = await rowsQuery(db).where('c.id', '=', id).executeTakeFirst();
  return r ? view(r) : undefined;
}

/** Σ amount of a stay's unsettled rows (what stays' charges_fen caches). */
export async function unsettledTotal(db: Q, stayId: number): Promise<number> {
  const r = await db
    .selectFrom('stay_charges')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total'))
    .where('stay_id', '=', stayId)
    .where('settlement_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.total);
}

/** Inserts the rows; their ids in order. */
export async function insertCharges(
  db: Trx,
  rows: NewCharge[],
  operatorId: number | null,
  now: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const r of rows) {
    const { id } = await db
      .insertInto('stay_charges')
      .values({
        stay_id: r.stayId,
        charge_day: r.chargeDay,
        catalog_item_id: r.catalogItemId,
        item_name: r.itemName,
        item_spec: r.itemSpec,
        item_unit: r.itemUnit,
        pack_size: r.packSize,
        charge_category: r.chargeCategory,
        quantity: r.quantity,
        unit_price_fen: r.unitPriceFen,
        amount_fen: r.amountFen,
        source: r.source,
        source_key: r.sourceKey,
        bed_id: r.bedId,
        reverses_id: r.reversesId,
        reason: r.reason,
        dept_id: r.deptId,
        exec_dept_id: r.execDeptId,
        doctor_id: r.doctorId,
        operator_id: operatorId,
        settlement_id: null,
        emergency: r.emergency,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

/** The source keys already charged to these stays (`${stayId}|${key}`) for keys starting with `prefix`. */
export async function existingKeys(db: Q, stayIds: number[], prefix: string): Promise<Set<string>> {
  if (!stayIds.length) return new Set();
  const rows = await db
    .selectFrom('stay_charges')
    .select(['stay_id', 'source_key'])
    .where('stay_id', 'in', stayIds)
    .where('source', '=', 'bed')
    .where('source_key', 'like', `${prefix}%`)
    .execute();
  return new Set(rows.map((r) => `${r.stay_id}|${r.source_key}`));
}

/** Which of these source keys of a stay and source are already posted. */
export async function existingSourceKeys(
  db: Q,
  stayId: number,
  source: 'bed' | 'manual' | 'order',
  keys: string[],
): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db
    .selectFrom('stay_charges')
    .select('source_key')
    .where('stay_id', '=', stayId)
    .where('source', '=', source)
    .where('source_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.source_key!));
}

/** A catalog item as a charge copies it. */
export async function catalogItem(db: Q, id: number) {
  return db
    .selectFrom('catalog_items')
    .select(['id', 'code', 'kind', 'name', 'spec', 'unit', 'pack_size', 'price_fen', 'charge_category', 'active'])
    .select('invoice_confirmed')
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function isEmergencyItem(db: Q, itemId: number): Promise<boolean> {
  const r = await db
    .selectFrom('stay_charge_emergency_items')
    .select('catalog_item_id')
    .where('catalog_item_id', '=', itemId)
    .executeTakeFirst();
  return !!r;
}

export async function emergencyItems(db: Q) {
  return db
    .selectFrom('stay_charge_emergency_items as e')
    .innerJoin('catalog_items as i', 'i.id', 'e.catalog_item_id')
    .select(['i.id', 'i.code', 'i.name'])
    .orderBy('i.code')
    .execute();
}

export async function existingItemIds(db: Q, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('catalog_items').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function replaceEmergencyItems(db: Trx, ids: number[], userId: number, now: number): Promise<void> {
  await db.deleteFrom('stay_charge_emergency_items').execute();
  for (const id of ids)
    await db
      .insertInto('stay_charge_emergency_items')
      .values({ catalog_item_id: id, updated_by: userId, updated_at: now })
      .execute();
}

/** The beds held in a ward (or every ward) now: occupied (the stay's own bed) or 包床 (reserved). */
export async function heldBeds(db: Q, wardId: number | null, dayOf: (at: number) => string): Promise<HeldBed[]> {
  let q = db
    .selectFrom('beds as b')
    .innerJoin('inpatient_stays as s', 's.id', 'b.stay_id')
    .select([
      'b.id as bed_id',
      'b.ward_id',
      's.id as stay_id',
      's.state',
      's.bed_id as stay_bed_id',
      's.admitted_at',
      's.discharged_at',
      's.attending_doctor_id',
    ])
    .where('b.stay_id', 'is not', null)
    .where('b.active', '=', 1);
  if (wardId !== null) q = q.where('b.ward_id', '=', wardId);
  const rows = await q.orderBy('b.id').execute();
  return rows.map((r) => ({
    stayId: r.stay_id,
    state: r.state,
    wardId: r.ward_id,
    bedId: r.bed_id,
    slot: r.stay_bed_id === r.bed_id ? 'main' : 'reserved',
    admittedDay: dayOf(r.admitted_at),
    dischargedDay: r.discharged_at === null ? null : dayOf(r.discharged_at),
    doctorId: r.attending_doctor_id,
  }));
}

/** The daily items of these beds at the catalog's current price (active items only). */
export async function bedItems(db: Q, bedIds: number[]): Promise<BedItem[]> {
  if (!bedIds.length) return [];
  const rows = await db
    .selectFrom('bed_charge_items as bi')
    .innerJoin('catalog_items as i', 'i.id', 'bi.catalog_item_id')
    .select([
      'bi.bed_id',
      'bi.catalog_item_id',
      'bi.quantity',
      'i.name',
      'i.spec',
      'i.unit',
      'i.pack_size',
      'i.price_fen',
      'i.charge_category',
    ])
    .where('bi.bed_id', 'in', bedIds)
    .where('i.active', '=', 1)
    .orderBy('bi.bed_id')
    .orderBy('bi.catalog_item_id')
    .execute();
  return rows.map((r) => ({
    bedId: r.bed_id,
    catalogItemId: r.catalog_item_id,
    quantity: r.quantity,
    name: r.name,
    spec: r.spec,
    unit: r.unit,
    packSize: r.pack_size,
    priceFen: r.price_fen,
    chargeCategory: r.charge_category,
  }));
}

/** Wards: departments of kind ward, active. */
export async function wardIds(db: Q): Promise<number[]> {
  const rows = await db
    .selectFrom('departments')
    .select('id')
    .where('kind', '=', 'ward')
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function isWard(db: Q, id: number): Promise<boolean> {
  const r = await db.selectFrom('departments').select('kind').where('id', '=', id).executeTakeFirst();
  return r?.kind === 'ward';
}

export async function insertRun(
  db: Trx,
  r: { wardId: number; day: string; trigger: 'job' | 'manual'; rows: number; amountFen: number },
  operatorId: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('stay_charge_runs')
    .values({
      ward_id: r.wardId,
      charge_day: r.day,
      trigger: r.trigger,
      rows: r.rows,
      amount_fen: r.amountFen,
      operator_id: operatorId,
      created_at: now,
    })
    .execute();
}

/** The last day the nightly job ran for, or null. */
export async function lastJobDay(db: Q): Promise<string | null> {
  const r = await db
    .selectFrom('stay_charge_runs')
    .select((eb) => eb.fn.max('charge_day').as('day'))
    .where('trigger', '=', 'job')
    .executeTakeFirst();
  return (r?.day as string | null | undefined) ?? null;
}

export async function patientName(db: Q, patientId: number): Promise<string> {
  const r = await db.selectFrom('patients').select('name').where('id', '=', patientId).executeTakeFirst();
  return r?.name ?? '';
}
