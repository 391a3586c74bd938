// The insurance adapter: the only Kysely queries of this module (its four tables).
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { InsuranceCallState, InsuranceConfigTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export type ConfigRow = InsuranceConfigTable;

export async function readConfig(db: Q): Promise<ConfigRow> {
  return db.selectFrom('insurance_config').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function updateConfig(db: Trx, values: Omit<ConfigRow, 'id'>, expectedVersion: number): Promise<number> {
  const r = await db
    .updateTable('insurance_config')
    .set(values)
    .where('id', '=', 1)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface NewCall {
  msgid: string;
  infno: string;
  input_json: string;
  user_id: number | null;
  patient_id: number | null;
  ref_type: string | null;
  ref_id: string | null;
  created_at: number;
  /** the refused call this one resends (after a renewed sign-in) */
  retry_of?: number | null;
}

export async function insertCall(db: Trx, c: NewCall): Promise<number> {
  const r = await db
    .insertInto('insurance_calls')
    .values({ ...c, state: 'pending', sent_at: c.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface CallAnswer {
  state: InsuranceCallState;
  output_json: string | null;
  infcode: number | null;
  err_msg: string | null;
  http_status: number | null;
  answered_at: number;
}

export async function recordAnswer(
  db: Trx,
  id: number,
  a: CallAnswer & { resolution?: string | null; resolved_at?: number | null },
): Promise<void> {
  await db.updateTable('insurance_calls').set(a).where('id', '=', id).where('state', '=', 'pending').execute();
}

export async function setResolution(db: Trx, id: number, resolution: string, now: number): Promise<number> {
  const r = await db
    .updateTable('insurance_calls')
    .set({ resolution, resolved_at: now })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const CALL_COLUMNS = [
  'id',
  'msgid',
  'infno',
  'state',
  'infcode',
  'err_msg',
  'http_status',
  'user_id',
  'patient_id',
  'ref_type',
  'ref_id',
  'created_at',
  'sent_at',
  'answered_at',
  'resolved_at',
  'resolution',
  'retry_of',
] as const;

export async function callRow(db: Q, id: number) {
  return db
    .selectFrom('insurance_calls')
    .select([...CALL_COLUMNS, 'input_json', 'output_json'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function openCalls(db: Q, patientId?: number) {
  let q = db
    .selectFrom('insurance_calls')
    .select([...CALL_COLUMNS, 'input_json', 'output_json'])
    .where('state', 'in', ['pending', 'unknown'])
    .where('resolved_at', 'is', null);
  if (patientId !== undefined) q = q.where('patient_id', '=', patientId);
  return q.orderBy('id').execute();
}

export interface CallFilter {
  state?: InsuranceCallState;
  from?: number;
  to?: number;
  patientId?: number;
  infno?: string;
  unresolved?: boolean;
  before?: number;
  limit: number;
}

export async function listCalls(db: Q, f: CallFilter) {
  let q = db
    .selectFrom('insurance_calls as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select(CALL_COLUMNS.map((c) => `c.${c}` as const))
    .select('u.username');
  if (f.state) q = q.where('c.state', '=', f.state);
  if (f.from !== undefined) q = q.where('c.created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.created_at', '<', f.to);
  if (f.patientId !== undefined) q = q.where('c.patient_id', '=', f.patientId);
  if (f.infno) q = q.where('c.infno', '=', f.infno);
  if (f.unresolved) q = q.where('c.resolved_at', 'is', null).where('c.state', 'in', ['pending', 'unknown']);
  if (f.before !== undefined) q = q.where('c.id', '<', f.before);
  return q.orderBy('c.id', 'desc').limit(f.limit).execute();
}

export async function countOpen(db: Q): Promise<number> {
  const r = await db
    .selectFrom('insurance_calls')
    .select(sql<number>`count(*)`.as('n'))
    .where('state', '=', 'unknown')
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- sign-ins ----

export async function signInOf(db: Q, userId: number, day: string) {
  return db
    .selectFrom('insurance_sign_ins')
    .selectAll()
    .where('user_id', '=', userId)
    .where('business_day', '=', day)
    .executeTakeFirst();
}

export async function insertSignIn(
  db: Trx,
  v: { user_id: number; business_day: string; sign_no: string; sign_time: string; call_id: number; at: number },
): Promise<void> {
  await db
    .insertInto('insurance_sign_ins')
    .values({
      user_id: v.user_id,
      business_day: v.business_day,
      sign_no: v.sign_no,
      sign_time: v.sign_time,
      call_id: v.call_id,
      signed_in_at: v.at,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'business_day']).doUpdateSet({
        sign_no: v.sign_no,
        sign_time: v.sign_time,
        call_id: v.call_id,
        signed_in_at: v.at,
        signed_out_at: null,
        sign_out_call_id: null,
      }),
    )
    .execute();
}

export async function markSignedOut(db: Trx, id: number, callId: number | null, at: number): Promise<void> {
  await db
    .updateTable('insurance_sign_ins')
    .set({ signed_out_at: at, sign_out_call_id: callId })
    .where('id', '=', id)
    .execute();
}

/**
 * The insurer no longer knows this sign_no (it refused a call for it): today's row is closed unless
 * it already holds another sign_no (a concurrent renewal). Returns whether it closed the row.
 */
export async function markSignInLost(db: Trx, userId: number, signNo: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('insurance_sign_ins')
    .set({ signed_out_at: at, sign_out_call_id: null })
    .where('user_id', '=', userId)
    .where('sign_no', '=', signNo)
    .where('signed_out_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function openSignIns(db: Q, userId?: number) {
  let q = db.selectFrom('insurance_sign_ins').selectAll().where('signed_out_at', 'is', null);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  return q.orderBy('id').execute();
}

// ---- person look-ups ----

export interface NewLookup {
  patient_id: number | null;
  psn_no: string;
  psn_name: string;
  certno: string;
  insutype: string | null;
  cert_type: '01' | '02' | '03';
  cert_no: string;
  card_sn: string | null;
  insuplc_admdvs: string | null;
  output_json: string;
  call_id: number | null;
  user_id: number | null;
  at: number;
}

export async function insertLookup(db: Trx, v: NewLookup): Promise<number> {
  const r = await db.insertInto('insurance_person_lookups').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function lookupById(db: Q, id: number) {
  return db.selectFrom('insurance_person_lookups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function chooseLookup(
  db: Trx,
  id: number,
  v: { patient_id: number | null; insutype: string; insuplc_admdvs: string | null },
): Promise<void> {
  await db.updateTable('insurance_person_lookups').set(v).where('id', '=', id).execute();
}

export async function lastLookupOfPatient(db: Q, patientId: number) {
  return db
    .selectFrom('insurance_person_lookups')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function patientIdByIdNumber(db: Q, idNumber: string): Promise<number | null> {
  const r = await db
    .selectFrom('patients')
    .select('id')
    .where('id_number', '=', idNumber)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function patientIdNumber(db: Q, id: number): Promise<string | null> {
  const r = await db.selectFrom('patients').select('id_number').where('id', '=', id).executeTakeFirst();
  return r?.id_number ?? null;
}

export async function patientExists(db: Q, id: number): Promise<boolean> {
  return !!(await db.selectFrom('patients').select('id').where('id', '=', id).executeTakeFirst());
}

/** At start: calls left 'pending' by a previous run (written, maybe sent, never answered) become 'unknown'. */
export async function pendingToUnknown(db: Trx, now: number) {
  return db
    .updateTable('insurance_calls')
    .set({ state: 'unknown', err_msg: 'left pending by a restart: outcome unknown', answered_at: now })
    .where('state', '=', 'pending')
    .returning(['id', 'infno', 'patient_id'])
    .execute();
}

/** Unresolved unknown calls of transactions that change nothing (NO_EFFECT_INFNOS): resolved 'no-effect'. */
export async function resolveNoEffect(db: Trx, infnos: readonly string[], now: number): Promise<number> {
  const r = await db
    .updateTable('insurance_calls')
    .set({ resolution: 'no-effect', resolved_at: now })
    .where('state', '=', 'unknown')
    .where('resolved_at', 'is', null)
    .where('infno', 'in', [...infnos])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Sign-ins of earlier business days still open, with their operator (for the day-end 9002). */
export async function staleSignIns(db: Q, today: string) {
  return db
    .selectFrom('insurance_sign_ins as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select(['s.id', 's.user_id', 's.sign_no', 's.business_day', 'u.username', 'st.name as staff_name'])
    .where('s.signed_out_at', 'is', null)
    .where('s.business_day', '<', today)
    .orderBy('s.id')
    .execute();
}
