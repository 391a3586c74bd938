// Insurance reconciliation: the only Kysely queries of this module. It writes its own two tables
// (insurance_reconciliations, insurance_recon_diffs) and only READS the settlement module's
// insurance_settlements / insurance_settlement_funds (and bills for the invoice number).
import type { Insertable, Selectable } from 'kysely';
import { nextDay } from '../../../core/calendar.js';
import type { Db } from '../../../db/connection.js';
import type { InsuranceReconciliationsTable, InsuranceReconDiffsTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import type { SettlementFact } from './facts.js';

type Q = Db | Trx;

export type ReconRow = Selectable<InsuranceReconciliationsTable> & { created_by_name: string };
export type DiffRow = Selectable<InsuranceReconDiffsTable> & { invoice_no: string | null; psn_name: string | null };

/** A period of business days with the instants that bound it, and the business day of an instant. */
export interface Period {
  from: string;
  to: string;
  /** dayStart(from) and dayStart(to + 1) in the institution's time zone, epoch ms. */
  startMs: number;
  endMs: number;
  dayOf(at: number): string;
}

/**
 * Settlements applied locally (bill_id set) whose settlement or reversal falls in [from, to]:
 * the day of each is the date of the insurer's own time (setl_time, cancel_time), as the insurer
 * counts it; a reversal whose answer had no readable time (cancel_time '') counts on the business
 * day it was recorded (cancelled_at). A settlement not yet applied (a 单边账, bill_id null) is not
 * the HIS's: 3202 shows it.
 */
export async function settlementFacts(db: Q, p: Period, clrOptins?: string): Promise<SettlementFact[]> {
  const { from } = p;
  const end = nextDay(p.to);
  let q = db
    .selectFrom('insurance_settlements as s')
    .select([
      's.id',
      's.bill_id',
      's.setl_id',
      's.mdtrt_id',
      's.psn_no',
      's.insutype',
      's.clr_type',
      's.clr_optins',
      's.setl_time',
      's.cancel_setl_id',
      's.cancel_time',
      's.cancelled_at',
      's.state',
      's.medfee_sumamt_fen',
      's.fund_pay_sumamt_fen',
      's.acct_pay_fen',
      's.psn_cash_pay_fen',
      's.hifp_pay_fen',
      's.hifmi_pay_fen',
      's.hifob_pay_fen',
      's.maf_pay_fen',
    ])
    .where('s.bill_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.setl_time', '>=', from), eb('s.setl_time', '<', end)]),
        eb.and([eb('s.cancel_time', '>=', from), eb('s.cancel_time', '<', end)]),
        eb.and([
          eb.or([eb('s.cancel_time', 'is', null), eb('s.cancel_time', '=', '')]),
          eb('s.cancelled_at', '>=', p.startMs),
          eb('s.cancelled_at', '<', p.endMs),
        ]),
      ]),
    );
  if (clrOptins !== undefined) q = q.where('s.clr_optins', '=', clrOptins);
  const rows = await q.orderBy('s.id').execute();
  if (!rows.length) return [];
  const funds = await db
    .selectFrom('insurance_settlement_funds')
    .select(['settlement_id', 'fund_pay_type', 'fund_payamt_fen'])
    .where(
      'settlement_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const bySettlement = new Map<number, SettlementFact['funds']>();
  for (const f of funds) {
    const xs = bySettlement.get(f.settlement_id) ?? [];
    xs.push({ type: f.fund_pay_type, amountFen: f.fund_payamt_fen });
    bySettlement.set(f.settlement_id, xs);
  }
  return rows.map((r) => ({
    id: r.id,
    billId: r.bill_id,
    setlId: r.setl_id,
    mdtrtId: r.mdtrt_id,
    psnNo: r.psn_no,
    insutype: r.insutype,
    clrType: r.clr_type,
    clrOptins: r.clr_optins,
    setlDay: r.setl_time.slice(0, 10),
    cancelSetlId: r.state === 'cancelled' ? r.cancel_setl_id : null,
    cancelDay:
      r.state !== 'cancelled'
        ? null
        : r.cancel_time
          ? r.cancel_time.slice(0, 10)
          : r.cancelled_at !== null
            ? p.dayOf(r.cancelled_at)
            : null,
    medfeeSumamtFen: r.medfee_sumamt_fen,
    fundPaySumamtFen: r.fund_pay_sumamt_fen,
    acctPayFen: r.acct_pay_fen,
    psnCashPayFen: r.psn_cash_pay_fen,
    hifpPayFen: r.hifp_pay_fen,
    hifmiPayFen: r.hifmi_pay_fen,
    hifobPayFen: r.hifob_pay_fen,
    mafPayFen: r.maf_pay_fen,
    funds: bySettlement.get(r.id) ?? [],
  }));
}

/**
 * The groups (insutype, clr_type, clr_optins) of every local settlement row settled or reversed in
 * the period, applied or not: a group whose only settlement is a 单边账 is still reconciled (zero
 * HIS totals against the insurer's).
 */
export async function groupsSeen(
  db: Q,
  p: Period,
): Promise<Array<{ insutype: string; clrType: string; clrOptins: string }>> {
  const end = nextDay(p.to);
  const rows = await db
    .selectFrom('insurance_settlements')
    .select(['insutype', 'clr_type', 'clr_optins'])
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('setl_time', '>=', p.from), eb('setl_time', '<', end)]),
        eb.and([eb('cancel_time', '>=', p.from), eb('cancel_time', '<', end)]),
      ]),
    )
    .execute();
  return rows.map((r) => ({ insutype: r.insutype, clrType: r.clr_type, clrOptins: r.clr_optins }));
}

/** Local settlements by setl_id (the settlement's own or its reversal's), applied or not. */
export async function settlementsBySetlIds(
  db: Q,
  setlIds: string[],
): Promise<Array<{ id: number; bill_id: number | null; setl_id: string; cancel_setl_id: string | null }>> {
  if (!setlIds.length) return [];
  return db
    .selectFrom('insurance_settlements')
    .select(['id', 'bill_id', 'setl_id', 'cancel_setl_id'])
    .where((eb) => eb.or([eb('setl_id', 'in', setlIds), eb('cancel_setl_id', 'in', setlIds)]))
    .execute();
}

function reconSelect(db: Q) {
  return db
    .selectFrom('insurance_reconciliations as r')
    .innerJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.username as created_by_name');
}

export async function insertReconciliation(db: Trx, row: Insertable<InsuranceReconciliationsTable>): Promise<number> {
  return (await db.insertInto('insurance_reconciliations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findReconciliation(db: Q, id: number): Promise<ReconRow | undefined> {
  return reconSelect(db).where('r.id', '=', id).executeTakeFirst();
}

export async function reconciliationsByIds(db: Q, ids: number[]): Promise<ReconRow[]> {
  if (!ids.length) return [];
  return reconSelect(db).where('r.id', 'in', ids).orderBy('r.id').execute();
}

/** Every reconciliation of exactly this period, newest first. */
export async function reconciliationsOf(db: Q, from: string, to: string): Promise<ReconRow[]> {
  return reconSelect(db)
    .where('r.begin_date', '=', from)
    .where('r.end_date', '=', to)
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
}

export async function recordDetail(
  db: Trx,
  id: number,
  set: {
    detail_state: 'done' | 'failed';
    detail_msgid: string | null;
    detail_error: string | null;
    detail_count: number | null;
    detail_by: number;
    detail_at: number;
  },
): Promise<void> {
  await db.updateTable('insurance_reconciliations').set(set).where('id', '=', id).execute();
}

export async function insertDiffs(db: Trx, rows: Insertable<InsuranceReconDiffsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('insurance_recon_diffs')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** The diffs of a reconciliation's latest 3202 (a rerun replaces them: see service.detail). */
export async function diffsOf(db: Q, reconciliationId: number): Promise<DiffRow[]> {
  return db
    .selectFrom('insurance_recon_diffs as d')
    .leftJoin('bills as b', 'b.id', 'd.bill_id')
    .leftJoin('insurance_settlements as s', 's.id', 'd.settlement_id')
    .selectAll('d')
    .select(['b.invoice_no', 's.psn_name'])
    .where('d.reconciliation_id', '=', reconciliationId)
    .orderBy('d.id')
    .execute();
}

export async function deleteDiffs(db: Trx, reconciliationId: number): Promise<void> {
  await db.deleteFrom('insurance_recon_diffs').where('reconciliation_id', '=', reconciliationId).execute();
}
