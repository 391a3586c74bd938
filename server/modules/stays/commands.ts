// The stays module's commands for the other ward modules (beds, inpatient-charges): read a stay for a
// write, place it (ward/bed/state), keep its charge total, its balance against the ward's lines, the
// arrears check and the summaries boards and lists show. Each takes the caller's transaction (Tx) and
// writes only stays' own tables; events publish after the caller's commit.
import type { Selectable } from 'kysely';
import { DomainError, conflict, staleVersion } from '../../../core/errors.js';
import type { StayBalance, StayChangeAction, StaySummary } from '../../../core/contract.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import type { Db } from '../../../db/connection.js';
import type { InpatientStaysTable, StayState } from '../../../db/schema.js';
import type { AuditWho, Trx, Tx } from '../../lib/uow.js';
import { stayChanged } from './events.js';
import * as repo from './repo.js';

export type { StayState };
/** A row of inpatient_stays as selected (snake_case, as the table). */
export type StayRow = Selectable<InpatientStaysTable>;

export const STAY = t('住院记录', 'Stay');

/** A ward's money lines (预警线, 欠费上限); the defaults when the ward has no row. */
export interface WardSettings {
  wardId: number;
  warningLineFen: number;
  arrearsLimitFen: number;
  /** false: the defaults (no row saved yet). */
  saved: boolean;
  updatedAt: number | null;
}

export const DEFAULT_WARNING_LINE_FEN = 50_000;
export const DEFAULT_ARREARS_LIMIT_FEN = -100_000;

/** States in which the stay is open (one per patient). */
export const OPEN_STATES: readonly StayState[] = ['pending', 'in_ward', 'transferring', 'pre_discharge'];

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

export function stayNotFound(stayId: number): DomainError {
  return new DomainError(
    404,
    'stay_not_found',
    t(`住院记录不存在(编号 ${stayId})`, `Stay ${stayId} does not exist`),
    'stayId',
  );
}

/** The stay read inside the transaction (404 `stay_not_found` naming `stayId`). */
export async function stayForWrite(tx: Tx | { db: Trx }, stayId: number): Promise<StayRow> {
  const row = await repo.stayById(tx.db, stayId);
  if (!row) throw stayNotFound(stayId);
  return row;
}

/** The ward's 预警线 / 欠费上限 (defaults 500.00 and −1000.00 yuan when not set). */
export async function wardSettingsOf(db: Db | Trx, wardId: number): Promise<WardSettings> {
  const row = await repo.wardSettingsRow(db, wardId);
  if (!row)
    return {
      wardId,
      warningLineFen: DEFAULT_WARNING_LINE_FEN,
      arrearsLimitFen: DEFAULT_ARREARS_LIMIT_FEN,
      saved: false,
      updatedAt: null,
    };
  return {
    wardId,
    warningLineFen: row.warning_line_fen,
    arrearsLimitFen: row.arrears_limit_fen,
    saved: true,
    updatedAt: row.updated_at,
  };
}

type Money = Pick<StayRow, 'deposits_fen' | 'charges_fen' | 'guarantee_fen'>;

/** Balance = deposits − unsettled charges + guarantee (INPATIENT.md §2), judged against the ward's lines
 *  (pass wardSettingsOf(db, row.ward_id); the defaults otherwise). */
export function balanceOf(
  row: Money,
  settings: Pick<WardSettings, 'warningLineFen' | 'arrearsLimitFen'> = {
    warningLineFen: DEFAULT_WARNING_LINE_FEN,
    arrearsLimitFen: DEFAULT_ARREARS_LIMIT_FEN,
  },
): StayBalance {
  const balanceFen = row.deposits_fen - row.charges_fen + row.guarantee_fen;
  return {
    depositsFen: row.deposits_fen,
    chargesFen: row.charges_fen,
    guaranteeFen: row.guarantee_fen,
    balanceFen,
    warning: balanceFen < settings.warningLineFen,
    arrears: balanceFen < settings.arrearsLimitFen,
    warningLineFen: settings.warningLineFen,
    arrearsLimitFen: settings.arrearsLimitFen,
  };
}

/** Refuses (422 `arrears_limit`, 您已欠费…) a charge of addFen that would take the balance below the ward's
 *  欠费上限, unless it is an emergency item. */
export async function checkArrears(
  tx: Tx | { db: Trx },
  stay: StayRow,
  addFen: number,
  emergency: boolean,
): Promise<void> {
  if (emergency || addFen <= 0) return;
  const s = await wardSettingsOf(tx.db, stay.ward_id);
  const b = balanceOf(stay, s);
  const after = b.balanceFen - addFen;
  if (after >= s.arrearsLimitFen) return;
  throw new DomainError(
    422,
    'arrears_limit',
    t(
      `您已欠费:余额 ${formatYuan(b.balanceFen)} 元,本次 ${formatYuan(addFen)} 元后为 ${formatYuan(after)} 元,` +
        `低于欠费上限 ${formatYuan(s.arrearsLimitFen)} 元。请先交预交金(急救项目除外)`,
      `In arrears: the balance ${formatYuan(b.balanceFen)} would be ${formatYuan(after)} after this ` +
        `${formatYuan(addFen)}, below the arrears limit ${formatYuan(s.arrearsLimitFen)}; ` +
        'a deposit is needed first (emergency items excepted)',
    ),
    undefined,
    { balanceFen: b.balanceFen, addFen, arrearsLimitFen: s.arrearsLimitFen },
  );
}

/** The stays as boards and lists show them (patient, ward, bed, days, doctor, balance). `now` defaults to
 *  the system clock (days and age are counted on the center's calendar). */
export function staySummaries(
  db: Db | Trx,
  filter: { wardId?: number; stayIds?: number[]; open?: boolean; now?: number },
): Promise<StaySummary[]> {
  return repo.summaries(db, filter, filter.now ?? Date.now());
}

/** One stay's summary (inside the transaction: what the event carries). */
export async function staySummary(db: Db | Trx, stayId: number, now: number): Promise<StaySummary> {
  const [s] = await repo.summaries(db, { stayIds: [stayId] }, now);
  if (!s) throw stayNotFound(stayId);
  return s;
}

/** Emits `stay:changed` with the stay's summary as of this transaction, to its ward(s) and the cashier. */
export async function emitStayChanged(
  tx: Tx,
  stayId: number,
  action: StayChangeAction,
  alsoWardId?: number,
): Promise<StaySummary> {
  const summary = await staySummary(tx.db, stayId, tx.now);
  tx.emit(stayChanged(summary, action, alsoWardId));
  return summary;
}

/** A cashier's deposit money in a period, by method: what the shift's handover (交班) adds to the drawer.
 *  Deposits are not bill payments: billing's shift report adds them through this (see CONTEXT.md). */
export interface CashierDepositTotals {
  byMethod: { method: string; count: number; takenFen: number; refundedFen: number; netFen: number }[];
  takenFen: number;
  refundedFen: number;
  netFen: number;
}

export async function cashierDepositTotals(
  db: Db | Trx,
  operatorUserId: number,
  fromMs: number,
  toMs: number,
): Promise<CashierDepositTotals> {
  const rows = await repo.depositTotalsBy(db, operatorUserId, fromMs, toMs);
  const byMethod = rows.map((r) => {
    const takenFen = Number(r.taken ?? 0);
    const refundedFen = Number(r.refunded ?? 0);
    return { method: r.method, count: Number(r.n), takenFen, refundedFen, netFen: takenFen + refundedFen };
  });
  const sum = (k: 'takenFen' | 'refundedFen' | 'netFen') => byMethod.reduce((s, m) => s + m[k], 0);
  return { byMethod, takenFen: sum('takenFen'), refundedFen: sum('refundedFen'), netFen: sum('netFen') };
}

export interface Placement {
  state: 'in_ward' | 'transferring';
  wardId: number;
  bedId: number | null;
  attendingDoctorId?: number | null;
  residentDoctorId?: number | null;
  nurseId?: number | null;
}

const CLOSED: Partial<Record<StayState, ReturnType<typeof t>>> = {
  pre_discharge: t('已预出院', 'is pre-discharged'),
  discharged: t('已出院', 'is discharged'),
  cancelled: t('已作废', 'is cancelled'),
};

/**
 * The only way beds changes a stay's ward, bed and state (安床, 换床, 转科, 转入): refused from
 * 预出院 / 出院 / 作废 (409 `stay_closed`); bumps the version (409 `stale_version` when expectedVersion is
 * given and differs), audits `stay.place` with before/after, emits `stay:changed` ('placed') to the new
 * ward, the ward it left and the cashier.
 */
export async function setPlacement(
  tx: Tx,
  stayId: number,
  p: Placement,
  expectedVersion?: number,
  who: AuditWho = SYSTEM,
): Promise<StayRow> {
  const before = await stayForWrite(tx, stayId);
  const closed = CLOSED[before.state];
  if (closed)
    throw conflict(
      'stay_closed',
      t(
        `住院号 ${before.stay_no} ${closed.zh},不能安床、换床或转科`,
        `Stay ${before.stay_no} ${closed.en}: no bed or ward change`,
      ),
      'stayId',
    );
  if (expectedVersion !== undefined && expectedVersion !== before.version) throw staleVersion(STAY);
  if (p.state !== 'in_ward' && p.state !== 'transferring')
    throw new DomainError(
      422,
      'invalid',
      t('住院状态只能是在院或待转入', 'State must be in_ward or transferring'),
      'state',
    );
  if (!(await repo.isWard(tx.db, p.wardId)))
    throw new DomainError(
      422,
      'invalid',
      t(`病区 ${p.wardId} 不存在或不是病区`, `${p.wardId} is not a ward`),
      'wardId',
    );
  const set: Partial<StayRow> = {
    state: p.state,
    ward_id: p.wardId,
    bed_id: p.bedId,
    // The 科室 follows the ward when it was the ward itself.
    dept_id: before.dept_id === before.ward_id ? p.wardId : before.dept_id,
  };
  if (p.attendingDoctorId !== undefined) set.attending_doctor_id = p.attendingDoctorId;
  if (p.residentDoctorId !== undefined) set.resident_doctor_id = p.residentDoctorId;
  if (p.nurseId !== undefined) set.nurse_id = p.nurseId;
  await repo.updateStay(tx.db, stayId, set, tx.now, true);
  const after = (await repo.stayById(tx.db, stayId))!;
  await tx.audit(who, {
    action: 'stay.place',
    entity: 'inpatient_stay',
    entityId: stayId,
    patientId: before.patient_id,
    before,
    after,
  });
  await emitStayChanged(tx, stayId, 'placed', before.ward_id !== p.wardId ? before.ward_id : undefined);
  return after;
}

/**
 * Keeps `charges_fen` (Σ unsettled charge rows) in the caller's transaction: inpatient-charges calls it for
 * what it writes (a charge positive, a reversal negative). Refused on an 出院 or 作废 stay (409
 * `stay_closed`). Emits `stay:changed` ('charged').
 */
export async function addChargeTotal(tx: Tx, stayId: number, deltaFen: number): Promise<void> {
  if (!Number.isSafeInteger(deltaFen))
    throw new DomainError(422, 'invalid', t('金额必须是整数(分)', 'The amount must be whole fen'), 'deltaFen');
  const stay = await stayForWrite(tx, stayId);
  if (stay.state === 'discharged' || stay.state === 'cancelled')
    throw conflict(
      'stay_closed',
      t(`住院号 ${stay.stay_no} ${CLOSED[stay.state]!.zh},不能再记账`, `Stay ${stay.stay_no} takes no charge`),
      'stayId',
    );
  await repo.addCharges(tx.db, stayId, deltaFen, tx.now);
  await emitStayChanged(tx, stayId, 'charged');
}
