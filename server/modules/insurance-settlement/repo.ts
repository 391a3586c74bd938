// The insured visit's settlement: the only Kysely queries of this module (its four tables, and
// reads of the visit, its orders and the catalog it settles).
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type {
  InsuranceFeeLinesTable,
  InsuranceSettlementFundsTable,
  InsuranceSettlementsTable,
  InsuranceVisitsTable,
} from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

// ---- reads of other modules' rows ----

export async function visitOf(db: Q, visitId: number) {
  return db
    .selectFrom('visits as v')
    .innerJoin('departments as d', 'd.id', 'v.department_id')
    .leftJoin('staff as s', 's.id', 'v.doctor_staff_id')
    .select([
      'v.id',
      'v.patient_id',
      'v.department_id',
      'v.doctor_staff_id',
      'v.payer',
      'v.status',
      'v.version',
      'v.diagnoses_json',
      'v.started_at',
      'v.created_at',
      'd.code as department_code',
      'd.name as department_name',
      's.name as doctor_name',
    ])
    .where('v.id', '=', visitId)
    .executeTakeFirst();
}

export async function patientOf(db: Q, id: number) {
  return db
    .selectFrom('patients')
    .select(['id', 'name', 'mrn', 'id_number', 'insurance_no'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function ordersByIds(db: Q, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('orders as o')
    .innerJoin('departments as d', 'd.id', 'o.department_id')
    .innerJoin('staff as s', 's.id', 'o.doctor_staff_id')
    .select([
      'o.id',
      'o.visit_id',
      'o.patient_id',
      'o.kind',
      'o.status',
      'o.signed_at',
      'o.valid_days',
      'o.department_id',
      'o.doctor_staff_id',
      'd.code as department_code',
      'd.name as department_name',
      's.name as doctor_name',
    ])
    .where('o.id', 'in', [...ids])
    .orderBy('o.id')
    .execute();
}

/** Signed, unpaid orders of a patient (what the cashier would settle). */
export async function signedOrderIdsOfPatient(db: Q, patientId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', '=', 'signed')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function orderLinesOf(db: Q, orderIds: readonly number[]) {
  if (!orderIds.length) return [];
  return db
    .selectFrom('order_lines as l')
    .innerJoin('catalog_items as c', 'c.id', 'l.item_id')
    .select([
      'l.id',
      'l.order_id',
      'l.line_no',
      'l.item_id',
      'l.quantity',
      'l.unit_price_fen',
      'l.pack_size',
      'l.amount_fen',
      'l.charge_category',
      'l.dose',
      'l.dose_unit',
      'l.frequency',
      'l.days',
      'l.route',
      'l.hosp_appr_flag',
      'c.code as item_code',
      'c.name as item_name',
      'c.spec as item_spec',
      'c.unit as item_unit',
      'c.charge_category as item_charge_category',
    ])
    .where('l.order_id', 'in', [...orderIds])
    .orderBy('l.order_id')
    .orderBy('l.line_no')
    .execute();
}

/** Order lines by id, with their items (the lines of a bill). */
export async function orderLinesByIds(db: Q, ids: readonly number[]) {
  if (!ids.length) return [];
  const orderIds = await db
    .selectFrom('order_lines')
    .select('order_id')
    .where('id', 'in', [...ids])
    .execute();
  const lines = await orderLinesOf(db, [...new Set(orderIds.map((o) => o.order_id))]);
  const wanted = new Set(ids);
  return lines.filter((l) => wanted.has(l.id));
}

/** The visit's orders not cancelled (the doctor's restricted-drug questions). */
export async function orderIdsOfVisit(db: Q, visitId: number) {
  return db
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('visit_id', '=', visitId)
    .where('status', '!=', 'cancelled')
    .orderBy('id')
    .execute();
}

export async function orderLineById(db: Q, id: number) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.id', 'l.order_id', 'l.item_id', 'l.hosp_appr_flag', 'o.status', 'o.patient_id', 'o.doctor_staff_id'])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export async function userNames(db: Q, userId: number) {
  return db
    .selectFrom('users as u')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .select(['u.id', 'u.username', 's.name as staff_name'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function billLinesOf(db: Q, billId: number) {
  return db
    .selectFrom('bill_lines')
    .select(['id', 'order_line_id', 'registration_id', 'item_id', 'quantity', 'amount_fen', 'reverses_line_id'])
    .where('bill_id', '=', billId)
    .orderBy('id')
    .execute();
}

/** Refund lines of every refund of a charge bill (negative quantities and amounts). */
export async function refundLinesOfCharge(db: Q, billId: number) {
  return db
    .selectFrom('bill_lines as l')
    .innerJoin('bills as b', 'b.id', 'l.bill_id')
    .select(['l.reverses_line_id', 'l.quantity', 'l.amount_fen'])
    .where('b.reverses_id', '=', billId)
    .execute();
}

export async function billOf(db: Q, billId: number) {
  return db
    .selectFrom('bills')
    .select(['id', 'kind', 'patient_id', 'visit_id', 'total_fen', 'invoice_no', 'payer'])
    .where('id', '=', billId)
    .executeTakeFirst();
}

/** The adapter's outbox row of a msgid (read-only: what a 2203 sent is read back through callById). */
export async function callIdOfMsgid(db: Q, msgid: string): Promise<number | null> {
  const r = await db.selectFrom('insurance_calls').select('id').where('msgid', '=', msgid).executeTakeFirst();
  return r?.id ?? null;
}

export async function idempotentReply(db: Q, key: string, userId: number) {
  return db
    .selectFrom('idempotency_keys')
    .select(['operation', 'response_json'])
    .where('key', '=', key)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

// ---- insurance_visits ----

export type InsuranceVisit = NonNullable<Awaited<ReturnType<typeof insuranceVisitById>>>;

export async function insuranceVisitById(db: Q, id: number) {
  return db.selectFrom('insurance_visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openInsuranceVisit(db: Q, visitId: number) {
  return db
    .selectFrom('insurance_visits')
    .selectAll()
    .where('visit_id', '=', visitId)
    .where('state', '=', 'registered')
    .executeTakeFirst();
}

export async function insuranceVisitsOfPatient(db: Q, patientId: number, limit = 20) {
  return db
    .selectFrom('insurance_visits')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertInsuranceVisit(db: Trx, row: Insertable<InsuranceVisitsTable>): Promise<number> {
  const r = await db.insertInto('insurance_visits').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateInsuranceVisit(
  db: Trx,
  id: number,
  set: Partial<
    Pick<
      InsuranceVisitsTable,
      | 'diagnoses_msgid'
      | 'state'
      | 'cancel_msgid'
      | 'cancelled_at'
      | 'lock_user_id'
      | 'lock_at'
      | 'lock_step'
      | 'pending_settle_json'
    >
  >,
  now: number,
): Promise<void> {
  await db
    .updateTable('insurance_visits')
    .set((eb) => ({ ...set, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Takes the visit's settlement lock unless another user holds a lock newer than `staleBefore`. */
export async function takeLock(
  db: Trx,
  id: number,
  v: { userId: number; step: string; now: number; staleBefore: number },
): Promise<boolean> {
  const r = await db
    .updateTable('insurance_visits')
    .set({ lock_user_id: v.userId, lock_at: v.now, lock_step: v.step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lock_user_id', 'is', null), eb('lock_at', '<', v.staleBefore)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLock(db: Trx, id: number, userId: number): Promise<void> {
  await db
    .updateTable('insurance_visits')
    .set({ lock_user_id: null, lock_at: null, lock_step: null })
    .where('id', '=', id)
    .where('lock_user_id', '=', userId)
    .execute();
}

/** Visits with a settle attempt sent and not yet applied or resolved. */
export async function visitsWithPendingSettle(db: Q, patientId?: number) {
  let q = db.selectFrom('insurance_visits').selectAll().where('pending_settle_json', 'is not', null);
  if (patientId !== undefined) q = q.where('patient_id', '=', patientId);
  return q.orderBy('id').execute();
}

// ---- insurance_fee_lines ----

export type FeeLine = Awaited<ReturnType<typeof feeLinesOfBatch>>[number];

export async function insertFeeLine(db: Trx, row: Insertable<InsuranceFeeLinesTable>): Promise<number> {
  const r = await db.insertInto('insurance_fee_lines').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Uploaded lines of a visit not yet settled (the current batch, if any). */
export async function unsettledFeeLines(db: Q, insuranceVisitId: number) {
  return db
    .selectFrom('insurance_fee_lines')
    .selectAll()
    .where('insurance_visit_id', '=', insuranceVisitId)
    .where('state', '=', 'uploaded')
    .where('settlement_id', 'is', null)
    .orderBy('id')
    .execute();
}

export async function feeLinesOfBatch(db: Q, chrgBchno: string) {
  return db.selectFrom('insurance_fee_lines').selectAll().where('chrg_bchno', '=', chrgBchno).orderBy('id').execute();
}

export async function feeLinesOfSettlement(db: Q, settlementId: number) {
  return db
    .selectFrom('insurance_fee_lines')
    .selectAll()
    .where('settlement_id', '=', settlementId)
    .orderBy('id')
    .execute();
}

/** feedetl_sn values already used in a visit (they are never reused). */
export async function usedSerials(db: Q, mdtrtId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('insurance_fee_lines')
    .select('feedetl_sn')
    .where('mdtrt_id', '=', mdtrtId)
    .execute();
  return new Set(rows.map((r) => r.feedetl_sn));
}

export async function cancelBatch(db: Trx, chrgBchno: string, msgid: string, now: number): Promise<void> {
  await db
    .updateTable('insurance_fee_lines')
    .set({ state: 'cancelled', cancel_msgid: msgid, cancelled_at: now })
    .where('chrg_bchno', '=', chrgBchno)
    .where('state', '=', 'uploaded')
    .where('settlement_id', 'is', null)
    .execute();
}

export async function cancelSettledLines(db: Trx, settlementId: number, msgid: string, now: number): Promise<void> {
  await db
    .updateTable('insurance_fee_lines')
    .set({ state: 'cancelled', cancel_msgid: msgid, cancelled_at: now })
    .where('settlement_id', '=', settlementId)
    .execute();
}

export async function linkBatch(db: Trx, chrgBchno: string, settlementId: number): Promise<void> {
  await db
    .updateTable('insurance_fee_lines')
    .set({ settlement_id: settlementId })
    .where('chrg_bchno', '=', chrgBchno)
    .where('state', '=', 'uploaded')
    .execute();
}

// ---- insurance_settlements ----

export type SettlementRow = NonNullable<Awaited<ReturnType<typeof settlementById>>>;

export async function insertSettlement(db: Trx, row: Insertable<InsuranceSettlementsTable>): Promise<number> {
  const r = await db.insertInto('insurance_settlements').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertFund(db: Trx, row: Insertable<InsuranceSettlementFundsTable>): Promise<void> {
  await db.insertInto('insurance_settlement_funds').values(row).execute();
}

export async function settlementById(db: Q, id: number) {
  return db.selectFrom('insurance_settlements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function settlementBySetlId(db: Q, setlId: string) {
  return db.selectFrom('insurance_settlements').selectAll().where('setl_id', '=', setlId).executeTakeFirst();
}

export async function settlementsOfBill(db: Q, billId: number) {
  return db.selectFrom('insurance_settlements').selectAll().where('bill_id', '=', billId).orderBy('id').execute();
}

export async function settlementsOfPatient(db: Q, patientId: number, limit = 20) {
  return db
    .selectFrom('insurance_settlements')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Settled with the insurer, not yet written locally (单边账 to complete). */
export async function unappliedSettlements(db: Q, patientId?: number) {
  let q = db
    .selectFrom('insurance_settlements')
    .selectAll()
    .where('bill_id', 'is', null)
    .where('state', '=', 'settled');
  if (patientId !== undefined) q = q.where('patient_id', '=', patientId);
  return q.orderBy('id').execute();
}

export async function fundsOf(db: Q, settlementIds: readonly number[]) {
  if (!settlementIds.length) return [];
  return db
    .selectFrom('insurance_settlement_funds')
    .selectAll()
    .where('settlement_id', 'in', [...settlementIds])
    .orderBy('id')
    .execute();
}

export async function updateSettlement(
  db: Trx,
  id: number,
  set: Partial<
    Pick<
      InsuranceSettlementsTable,
      | 'bill_id'
      | 'applied_at'
      | 'apply_error'
      | 'state'
      | 'cancel_setl_id'
      | 'cancel_msgid'
      | 'cancel_time'
      | 'cancelled_at'
      | 'cancelled_by'
      | 'refund_bill_id'
    >
  >,
): Promise<void> {
  await db.updateTable('insurance_settlements').set(set).where('id', '=', id).execute();
}
