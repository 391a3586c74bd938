// Shift closing (交班/日结): a cashier's shift opens with their first payment or refund and
// closes on request; its totals are saved and its payments are locked (the ledger only ever
// writes into the cashier's open shift, so a closed shift receives nothing more).
import type { Actor } from '../../http/actor.js';
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency } from '../../lib/uow.js';
import { enqueuePrint } from '../printing/index.js';
import type { ModuleContext } from '../context.js';
import { categoryName } from '../../../core/charge-categories.js';
import { cashierDepositTotals, type CashierDepositTotals } from '../stays/index.js';
import { shiftClosed } from './events.js';
import { insertShift } from './ledger-repo.js';
import * as repo from './repo.js';
import { shiftInvoices, type ShiftInvoices } from './invoices.js';

type Q = Parameters<typeof repo.shiftPaymentTotals>[0];

export interface ShiftTotals {
  byMethod: { method: string; amountFen: number; receivedFen: number; paidBackFen: number }[];
  byCategory: { code: string; name: string; nameEn: string; amountFen: number }[];
  charges: { count: number; totalFen: number };
  refunds: { count: number; totalFen: number };
  /** Charges plus refunds (refunds are negative). */
  netFen: number;
  /** The fund's part (insured bills), not money in the drawer. */
  insuranceFundFen: number;
  /** Net cash that should be in the drawer: the bills' cash plus the net cash deposits. */
  cashFen: number;
  /** Invoice numbers issued, voided and reprinted by the cashier in the shift, and any gap. */
  invoices: ShiftInvoices;
  /** Inpatient deposits (预交金) the cashier took and paid back in the shift. */
  deposits: ShiftDeposits;
}

export type ShiftDeposits = CashierDepositTotals & { fromAt: number };

/**
 * The deposits of a shift: the stays module's money taken at this desk by the cashier, counted from
 * just after their previous 交班 (so a deposit taken while no shift was open is not lost) up to and
 * including `at` (the close, or now for an open shift). Each deposit falls in exactly one shift.
 */
async function shiftDeposits(db: Q, cashierUserId: number, shiftId: number, at: number): Promise<ShiftDeposits> {
  const prev = await repo.previousCloseOf(db, cashierUserId, shiftId);
  const fromAt = prev === null ? 0 : prev + 1;
  return { ...(await cashierDepositTotals(db, cashierUserId, fromAt, at + 1)), fromAt };
}

/** `at`: now for an open shift (its closing instant when closing); a closed shift uses its closed_at. */
export async function shiftTotals(db: Q, shiftId: number, at: number): Promise<ShiftTotals> {
  const [methods, categories, counts] = await Promise.all([
    repo.shiftPaymentTotals(db, shiftId),
    repo.shiftCategoryTotals(db, shiftId),
    repo.shiftBillCounts(db, shiftId),
  ]);
  const s = await repo.shiftById(db, shiftId);
  const invoices = s
    ? await shiftInvoices(db, s.cashier_user_id, s.opened_at, s.closed_at ?? Number.MAX_SAFE_INTEGER)
    : await shiftInvoices(db, 0, 0, -1);
  const deposits = await shiftDeposits(db, s?.cashier_user_id ?? 0, shiftId, s?.closed_at ?? at);
  const depositCash = deposits.byMethod.find((m) => m.method === 'cash')?.netFen ?? 0;
  const count = (kind: 'charge' | 'refund') => {
    const c = counts.find((x) => x.kind === kind);
    return { count: Number(c?.n ?? 0), totalFen: Number(c?.total ?? 0) };
  };
  const charges = count('charge');
  const refunds = count('refund');
  return {
    byMethod: methods.map((m) => ({
      method: m.method,
      amountFen: Number(m.amount),
      receivedFen: Number(m.received),
      paidBackFen: Number(m.paid_back),
    })),
    byCategory: categories.map((c) => ({
      code: c.charge_category,
      name: categoryName(c.charge_category, 'zh'),
      nameEn: categoryName(c.charge_category, 'en'),
      amountFen: Number(c.amount),
    })),
    charges,
    refunds,
    netFen: charges.totalFen + refunds.totalFen,
    insuranceFundFen: counts.reduce((s, c) => s + Number(c.fund ?? 0), 0),
    cashFen: Number(methods.find((m) => m.method === 'cash')?.amount ?? 0) + depositCash,
    invoices,
    deposits,
  };
}

/**
 * Deposits waiting for a shift: the cashier has no open shift (no bill payment since their last 交班) but
 * took or paid back deposits since then. Totals of a shift holding only them (null when there are none).
 */
async function waitingDepositTotals(db: Q, userId: number, at: number): Promise<ShiftTotals | null> {
  const deposits = await shiftDeposits(db, userId, Number.MAX_SAFE_INTEGER, at);
  if (deposits.byMethod.length === 0) return null;
  return {
    byMethod: [],
    byCategory: [],
    charges: { count: 0, totalFen: 0 },
    refunds: { count: 0, totalFen: 0 },
    netFen: 0,
    insuranceFundFen: 0,
    cashFen: deposits.byMethod.find((m) => m.method === 'cash')?.netFen ?? 0,
    invoices: await shiftInvoices(db, 0, 0, -1),
    deposits,
  };
}

export function createShiftService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  return {
    /** The signed-in cashier's open shift with its live totals (null when none is open); with no open
     *  shift, the deposits waiting for one (shift null, totals of those deposits), or both null. */
    async current(actor: Actor) {
      const s = await repo.openShift(db, actor.userId);
      if (!s) return { shift: null, totals: await waitingDepositTotals(db, actor.userId, clock.now()) };
      return {
        shift: { id: s.id, openedAt: s.opened_at, closedAt: null },
        totals: await shiftTotals(db, s.id, clock.now()),
      };
    },

    /** The signed-in cashier's recently closed shifts with their saved totals. */
    async recent(actor: Actor) {
      const rows = await repo.closedShiftsOf(db, actor.userId, 10);
      return rows.map((r) => ({
        id: r.id,
        openedAt: r.opened_at,
        closedAt: r.closed_at!,
        totals: JSON.parse(r.totals_json ?? 'null') as ShiftTotals | null,
      }));
    },

    async get(id: number) {
      const s = await repo.shiftById(db, id);
      if (!s) return null;
      const totals = s.totals_json
        ? (JSON.parse(s.totals_json) as ShiftTotals)
        : await shiftTotals(db, s.id, clock.now());
      return {
        shift: { id: s.id, openedAt: s.opened_at, closedAt: s.closed_at, cashierUserId: s.cashier_user_id },
        totals,
      };
    },

    /** Closes the cashier's open shift: totals saved, a shift-report print job, payments locked. With no
     *  open shift but deposits waiting (a desk taking only deposits), a shift of those is opened and closed. */
    close(actor: Actor, idem: Idempotency | undefined) {
      return uow.write(async (tx) => {
        let s = await repo.openShift(tx.db, actor.userId);
        if (!s && (await waitingDepositTotals(tx.db, actor.userId, tx.now))) {
          await insertShift(tx.db, actor.userId, tx.now);
          s = await repo.openShift(tx.db, actor.userId);
        }
        if (!s) throw conflict('no_open_shift', t('当前没有未交班的班次', 'You have no open shift to close'));
        const totals = await shiftTotals(tx.db, s.id, tx.now);
        await repo.closeShift(tx.db, s.id, tx.now, JSON.stringify(totals));
        const cashier = await repo.staffNameOfUser(tx.db, actor.userId);
        const print = await enqueuePrint(tx, {
          workstationId: actor.workstationId,
          layout: 'shift-report',
          payload: { shiftId: s.id, cashier, openedAt: s.opened_at, closedAt: tx.now, totals },
          ref: { type: 'shift', id: s.id },
          userId: actor.userId,
        });
        await tx.audit(actor, {
          action: 'billing.shift.close',
          entity: 'shift',
          entityId: s.id,
          before: { closed_at: null },
          after: {
            closed_at: tx.now,
            netFen: totals.netFen,
            cashFen: totals.cashFen,
            depositNetFen: totals.deposits.netFen,
          },
        });
        tx.emit(shiftClosed({ shiftId: s.id, cashierUserId: actor.userId }));
        return { shift: { id: s.id, openedAt: s.opened_at, closedAt: tx.now }, totals, printJobId: print.jobId, print };
      }, idem);
    },
  };
}

export type ShiftService = ReturnType<typeof createShiftService>;
