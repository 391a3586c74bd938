// Stays: the only Kysely queries of this module (inpatient_stays, stay_deposits, ward_settings; reads of
// patients, departments, staff and diagnoses for names and checks).
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { StaySummary } from '../../../core/contract.js';
import type { Db } from '../../../db/connection.js';
import type { InpatientStaysTable, StayDepositsTable, StayState } from '../../../db/schema.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import { calendarOf } from '../settings/index.js';

type Q = Db | Trx;
type StayRow = Selectable<InpatientStaysTable>;
export type DepositRow = Selectable<StayDepositsTable>;

export function stayById(db: Q, id: number): Promise<StayRow | undefined> {
  return db.selectFrom('inpatient_stays').selectAll().where('id', '=', id).executeTakeFirst();
}

export function openStayOf(db: Q, patientId: number): Promise<StayRow | undefined> {
  return db
    .selectFrom('inpatient_stays')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('state', 'not in', ['discharged', 'cancelled'])
    .executeTakeFirst();
}

export async function insertStay(db: Q, row: Insertable<InpatientStaysTable>): Promise<number> {
  const r = await db.insertInto('inpatient_stays').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Updates the stay's columns (and updated_at); bumpVersion for edits and placements. */
export async function updateStay(
  db: Q,
  id: number,
  set: Updateable<InpatientStaysTable>,
  now: number,
  bumpVersion: boolean,
): Promise<void> {
  await db
    .updateTable('inpatient_stays')
    .set({ ...set, updated_at: now, ...(bumpVersion ? { version: sql<number>`version + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function addCharges(db: Q, id: number, deltaFen: number, now: number): Promise<void> {
  await db
    .updateTable('inpatient_stays')
    .set({
      charges_fen: sql<number>`charges_fen + ${deltaFen}`,
      charge_writes: sql<number>`charge_writes + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function addDeposits(db: Q, id: number, deltaFen: number, now: number): Promise<void> {
  await db
    .updateTable('inpatient_stays')
    .set({ deposits_fen: sql<number>`deposits_fen + ${deltaFen}`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function wardSettingsRow(db: Q, wardId: number) {
  return db.selectFrom('ward_settings').selectAll().where('ward_id', '=', wardId).executeTakeFirst();
}

export async function saveWardSettings(
  db: Q,
  v: { wardId: number; warningLineFen: number; arrearsLimitFen: number; userId: number; now: number },
): Promise<void> {
  const row = {
    warning_line_fen: v.warningLineFen,
    arrears_limit_fen: v.arrearsLimitFen,
    updated_by: v.userId,
    updated_at: v.now,
  };
  await db
    .insertInto('ward_settings')
    .values({ ward_id: v.wardId, ...row })
    .onConflict((oc) => oc.column('ward_id').doUpdateSet(row))
    .execute();
}

export async function isWard(db: Q, departmentId: number): Promise<boolean> {
  const d = await db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', departmentId)
    .where('kind', '=', 'ward')
    .where('active', '=', 1)
    .executeTakeFirst();
  return !!d;
}

export function department(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export function staffById(db: Q, id: number) {
  return db.selectFrom('staff').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
}

export function patientById(db: Q, id: number) {
  return db.selectFrom('patients').select(['id', 'name', 'mrn']).where('id', '=', id).executeTakeFirst();
}

/** The dictionary's diagnosis of this code, in any case (the dictionary keeps e.g. I10.x00). */
export function diagnosisByCode(db: Q, code: string) {
  return db
    .selectFrom('diagnoses')
    .select(['code', 'name', 'active'])
    .where((eb) => eb.or([eb('code', '=', code), eb(eb.fn('upper', ['code']), '=', code.toUpperCase())]))
    .orderBy(sql`code = ${code}`, 'desc')
    .executeTakeFirst();
}

/** Active wards, clinical departments and their staff, for the admission form. */
export async function formOptions(db: Q) {
  const depts = await db
    .selectFrom('departments')
    .select(['id', 'name', 'kind'])
    .where('active', '=', 1)
    .where('kind', 'in', ['ward', 'clinic'])
    .orderBy('code')
    .execute();
  const staff = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.name', 's.department_id', 's.title', 's.pinyin_initials'])
    .where('s.active', '=', 1)
    .where('d.kind', 'in', ['ward', 'clinic'])
    .orderBy('s.code')
    .execute();
  return {
    wards: depts.filter((d) => d.kind === 'ward').map((d) => ({ id: d.id, name: d.name })),
    depts,
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      departmentId: s.department_id,
      title: s.title,
      pinyin: s.pinyin_initials,
    })),
  };
}

// ---- deposits ----

export async function insertDeposit(db: Q, row: Insertable<StayDepositsTable>): Promise<number> {
  const r = await db.insertInto('stay_deposits').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function depositById(db: Q, id: number): Promise<DepositRow | undefined> {
  return db.selectFrom('stay_deposits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function reversalOf(db: Q, id: number): Promise<DepositRow | undefined> {
  return db.selectFrom('stay_deposits').selectAll().where('reverses_id', '=', id).executeTakeFirst();
}

export function depositsOf(db: Q, stayId: number) {
  return db
    .selectFrom('stay_deposits as d')
    .leftJoin('users as u', 'u.id', 'd.operator_id')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .selectAll('d')
    .select(['s.name as operator_name'])
    .where('d.stay_id', '=', stayId)
    .orderBy('d.id')
    .execute();
}

export async function depositSum(db: Q, stayId: number): Promise<number> {
  const r = await db
    .selectFrom('stay_deposits')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('total'))
    .where('stay_id', '=', stayId)
    .executeTakeFirstOrThrow();
  return Number(r.total);
}

/** A cashier's deposits and refunds in [from, to) by method (for the shift's handover). */
export function depositTotalsBy(db: Q, operatorId: number, from: number, to: number) {
  return db
    .selectFrom('stay_deposits')
    .select((eb) => [
      'method',
      eb.fn.count<number>('id').as('n'),
      eb.fn.sum<number>(eb.case().when('amount_fen', '>', 0).then(eb.ref('amount_fen')).else(0).end()).as('taken'),
      eb.fn.sum<number>(eb.case().when('amount_fen', '<', 0).then(eb.ref('amount_fen')).else(0).end()).as('refunded'),
    ])
    .where('operator_id', '=', operatorId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('method')
    .orderBy('method')
    .execute();
}

// ---- summaries ----

export interface SummaryFilter {
  wardId?: number;
  stayIds?: number[];
  open?: boolean;
  state?: StayState;
  q?: string;
  limit?: number;
}

const DEFAULT_WARNING = 50_000;
const DEFAULT_ARREARS = -100_000;

/** The stays as boards and lists show them; newest admission first. */
export async function summaries(db: Q, f: SummaryFilter, now: number): Promise<StaySummary[]> {
  if (f.stayIds && f.stayIds.length === 0) return [];
  let q = db
    .selectFrom('inpatient_stays as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('departments as w', 'w.id', 's.ward_id')
    .leftJoin('staff as d', 'd.id', 's.attending_doctor_id')
    .leftJoin('ward_settings as ws', 'ws.ward_id', 's.ward_id')
    .select([
      's.id',
      's.stay_no',
      's.state',
      's.ward_id',
      's.dept_id',
      's.bed_id',
      's.admitted_at',
      's.discharged_at',
      's.attending_doctor_id',
      's.nursing_level',
      's.patient_type',
      's.admission_diag_name',
      's.deposits_fen',
      's.charges_fen',
      's.guarantee_fen',
      's.version',
      'p.id as patient_id',
      'p.name as patient_name',
      'p.sex',
      'p.birth_date',
      'p.mrn',
      'w.name as ward_name',
      'd.name as doctor_name',
      'ws.warning_line_fen',
      'ws.arrears_limit_fen',
    ]);
  if (f.wardId !== undefined) q = q.where('s.ward_id', '=', f.wardId);
  if (f.stayIds) q = q.where('s.id', 'in', f.stayIds);
  if (f.open) q = q.where('s.state', 'not in', ['discharged', 'cancelled']);
  if (f.state) q = q.where('s.state', '=', f.state);
  const text = f.q?.trim();
  if (text)
    q = q.where((eb) =>
      eb.or([
        eb('s.stay_no', '=', text),
        eb('p.mrn', '=', text),
        searchCondition(text, { contains: ['p.name'], initials: 'p.pinyin_initials', full: 'p.pinyin_full' }),
      ]),
    );
  const rows = await q
    .orderBy('s.admitted_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit ?? 500)
    .execute();
  const cal = await calendarOf(db);
  const today = cal.today(now);
  return rows.map((r) => {
    const warningLineFen = r.warning_line_fen ?? DEFAULT_WARNING;
    const arrearsLimitFen = r.arrears_limit_fen ?? DEFAULT_ARREARS;
    const balanceFen = r.deposits_fen - r.charges_fen + r.guarantee_fen;
    const admitDay = cal.dayOf(r.admitted_at);
    // 算入不算出: in the ward, today counts; once discharged, the discharge day does not (minimum 1).
    const days =
      r.discharged_at !== null
        ? Math.max(1, cal.daysBetween(admitDay, cal.dayOf(r.discharged_at)))
        : Math.max(1, cal.daysBetween(admitDay, today) + 1);
    return {
      id: r.id,
      stayNo: r.stay_no,
      state: r.state,
      patient: {
        id: r.patient_id,
        name: r.patient_name,
        sex: r.sex,
        age: cal.ageOn(r.birth_date, today),
        mrn: r.mrn,
      },
      wardId: r.ward_id,
      wardName: r.ward_name,
      deptId: r.dept_id,
      bedId: r.bed_id,
      admittedAt: r.admitted_at,
      days,
      attendingDoctorId: r.attending_doctor_id,
      attendingDoctorName: r.doctor_name,
      nursingLevel: r.nursing_level,
      patientType: r.patient_type,
      admissionDiagName: r.admission_diag_name,
      balance: {
        depositsFen: r.deposits_fen,
        chargesFen: r.charges_fen,
        guaranteeFen: r.guarantee_fen,
        balanceFen,
        warning: balanceFen < warningLineFen,
        arrears: balanceFen < arrearsLimitFen,
        warningLineFen,
        arrearsLimitFen,
      },
      version: r.version,
    };
  });
}
