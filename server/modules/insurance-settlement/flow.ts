// The pieces every step of the insured visit shares: the per-visit lock, the blockers (an
// unknown outcome, a 单边账, a reversal still owed), the pending attempt kept on the insured visit,
// and the record step (2207's answer → insurance_settlements + funds, before the local bill).
import type { Logger } from 'pino';
import type { Db } from '../../../db/connection.js';
import { DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { dayOf } from '../../../core/calendar.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditWho, Tx, UnitOfWork } from '../../lib/uow.js';
import { getInstitutionSettings } from '../settings/index.js';
import { unknownCalls, type CallActor, type Insurer } from '../insurance/index.js';
import type { ParsedSettlement } from './answers.js';
import { settlementChanged } from './events.js';
import * as repo from './repo.js';
import type { RefundBody, SettleBody } from './schema.js';

export interface Deps {
  db: Db;
  uow: UnitOfWork;
  clock: Clock;
  logger?: Logger;
  insurer: Insurer;
  locks: VisitLocks;
}

/** The attempt sent to the insurer and not yet applied or resolved (insurance_visits.pending_settle_json). */
export type Pending =
  | {
      kind: 'charge';
      callId: number;
      msgid: string;
      chrgBchno: string;
      orderIds: number[];
      payments: SettleBody['payments'];
      medfeeFen: number;
      userId: number;
      at: number;
    }
  | {
      kind: 'cancel';
      callId: number;
      msgid: string;
      settlementId: number;
      billId: number;
      refund: RefundBody;
      userId: number;
      at: number;
    }
  | {
      kind: 'resettle';
      callId: number;
      msgid: string;
      chrgBchno: string;
      cancelledSettlementId: number;
      billId: number;
      refund: RefundBody;
      medfeeFen: number;
      userId: number;
      at: number;
    }
  | {
      kind: 'reverse';
      callId: number;
      msgid: string;
      infno: string;
      psnNo: string;
      reason: string;
      userId: number;
      at: number;
    };

/** How the local bill is written once the insurer settled (insurance_settlements.payments_json). */
export type ApplyPlan =
  | { kind: 'charge'; orderIds: number[]; payments: SettleBody['payments'] }
  | { kind: 'resettle'; billId: number; cancelledSettlementId: number; refund: RefundBody };

export const pendingOf = (v: { pending_settle_json: string | null }): Pending | null =>
  v.pending_settle_json ? (JSON.parse(v.pending_settle_json) as Pending) : null;

/** 医保结算进行中: one step at a time per visit (double clicks, two cashiers). In memory: one server process. */
export class VisitLocks {
  private held = new Map<number, { userId: number; name: string; at: number; step: string }>();

  async run<T>(
    visitId: number,
    who: { userId: number; staffName: string },
    step: string,
    now: number,
    fn: () => Promise<T>,
  ) {
    const h = this.held.get(visitId);
    if (h) {
      const time = new Date(h.at).toISOString().slice(11, 19);
      throw new DomainError(
        409,
        'settlement_in_progress',
        t(
          `该患者的医保结算正在由 ${h.name} 办理(${time} UTC 起,步骤 ${h.step}),请稍候刷新`,
          `${h.name} is settling this patient with the insurer (since ${time} UTC, step ${h.step}); wait and reload`,
        ),
        'patientId',
        { userId: h.userId, at: h.at, step: h.step },
      );
    }
    this.held.set(visitId, { userId: who.userId, name: who.staffName, at: now, step });
    try {
      return await fn();
    } finally {
      this.held.delete(visitId);
    }
  }

  of(visitId: number) {
    return this.held.get(visitId) ?? null;
  }
}

const blocked = (code: string, text: ReturnType<typeof t>, field: string, details: Record<string, unknown>) =>
  new DomainError(409, code, text, field, details);

/** Refuses to go on while something of this patient's insurance is unresolved (INSURANCE.md §3, 2601). */
export async function assertNothingOpen(db: Db, patientId: number): Promise<void> {
  const calls = (await unknownCalls(db, { patientId })).filter((c) => c.state === 'unknown' || c.state === 'pending');
  if (calls.length) {
    const c = calls[0]!;
    throw blocked(
      'insurer_outcome_unknown',
      t(
        `上次医保交易结果未知(交易 ${c.infno},记录号 ${c.id}):请先“查询”或“冲正”后再继续`,
        `The outcome of the last insurer transaction is unknown (${c.infno}, call ${c.id}): query or reverse it first`,
      ),
      'patientId',
      { callId: c.id, infno: c.infno },
    );
  }
  const unapplied = await repo.unappliedSettlements(db, patientId);
  if (unapplied.length)
    throw blocked(
      'settlement_not_applied',
      t(
        `医保已结算(结算号 ${unapplied[0]!.setl_id})但本院未记账:请先“完成本地记账”或“冲正”`,
        `The insurer settled (${unapplied[0]!.setl_id}) but the bill was not written here: ` +
          'complete it locally or reverse it first',
      ),
      'patientId',
      { settlementId: unapplied[0]!.id },
    );
  const pending = await repo.visitsWithPendingSettle(db, patientId);
  if (pending.length) {
    const p = pendingOf(pending[0]!)!;
    throw blocked(
      'settlement_pending',
      p.kind === 'reverse'
        ? t(
            `医保交易 ${p.infno} 的应答有误(${p.reason}),须先“冲正”`,
            `The insurer's answer to ${p.infno} was refused (${p.reason}): reverse it first`,
          )
        : t(
            `医保交易(记录号 ${p.callId})已发出尚未处理完:请先“查询”确认`,
            `An insurer transaction (call ${p.callId}) is not finished: query it first`,
          ),
      'patientId',
      { insuranceVisitId: pending[0]!.id, callId: p.callId },
    );
  }
}

export async function setPending(deps: Deps, insuranceVisitId: number, p: Pending | null): Promise<void> {
  await deps.uow.write(async (tx) =>
    repo.updateInsuranceVisit(tx.db, insuranceVisitId, { pending_settle_json: p ? JSON.stringify(p) : null }, tx.now),
  );
}

export function callActorOf(a: { userId: number; username: string; staffName: string } & Partial<AuditWho>): CallActor {
  return {
    userId: a.userId,
    username: a.username,
    staffName: a.staffName,
    ip: a.ip ?? null,
    workstationId: a.workstationId ?? null,
  };
}

/** The actor of background work: the user who made the call (or settled). */
export async function actorOfUser(db: Db, userId: number): Promise<CallActor> {
  const u = await repo.userNames(db, userId);
  return {
    userId,
    username: u?.username ?? 'system',
    staffName: u?.staff_name ?? 'system',
    ip: null,
    workstationId: null,
  };
}

/**
 * The record step: the insurer's settlement as a row (bill_id null until applied) with its funds,
 * the batch's lines linked, the visit's pending attempt cleared — one short write, before the bill.
 * Idempotent on setl_id.
 */
export async function recordSettlement(
  deps: Deps,
  who: CallActor,
  v: repo.InsuranceVisit,
  s: ParsedSettlement,
  a: { msgid: string; chrgBchno: string; plan: ApplyPlan; orderIds: number[] },
): Promise<number> {
  return deps.uow.write(async (tx: Tx) => {
    const prior = await repo.settlementBySetlId(tx.db, s.setlId);
    if (prior) return prior.id;
    const tz = (await getInstitutionSettings(tx.db)).timeZone;
    const id = await repo.insertSettlement(tx.db, {
      insurance_visit_id: v.id,
      visit_id: v.visit_id,
      patient_id: v.patient_id,
      bill_id: null,
      setl_id: s.setlId,
      mdtrt_id: s.mdtrtId,
      msgid: a.msgid,
      chrg_bchno: a.chrgBchno,
      psn_no: s.psnNo,
      psn_name: s.psnName || v.psn_name,
      insutype: s.insutype || v.insutype,
      med_type: s.medType || v.med_type,
      clr_type: s.clrType,
      clr_way: s.clrWay,
      clr_optins: s.clrOptins,
      setl_time: s.setlTime,
      medins_setl_id: s.medinsSetlId,
      ...s.money,
      pool_prop_selfpay: s.poolPropSelfpay,
      state: 'settled',
      cancel_setl_id: null,
      cancel_msgid: null,
      cancel_time: null,
      cancelled_at: null,
      cancelled_by: null,
      refund_bill_id: null,
      business_day: dayOf(tx.now, tz),
      order_ids_json: JSON.stringify(a.orderIds),
      payments_json: JSON.stringify(a.plan),
      apply_error: null,
      settled_by: who.userId,
      created_at: tx.now,
      applied_at: null,
    });
    for (const f of s.funds)
      await repo.insertFund(tx.db, {
        settlement_id: id,
        fund_pay_type: f.fundPayType,
        fund_payamt_fen: f.fundPayamtFen,
        inscp_scp_amt_fen: f.inscpScpAmtFen,
        crt_payb_lmt_amt_fen: f.crtPaybLmtAmtFen,
        setl_proc_info: f.setlProcInfo,
      });
    await repo.linkBatch(tx.db, a.chrgBchno, id);
    await repo.updateInsuranceVisit(tx.db, v.id, { pending_settle_json: null }, tx.now);
    await tx.audit(who, {
      action: 'insurance.settle',
      entity: 'insurance_settlement',
      entityId: id,
      patientId: v.patient_id,
      summary: {
        setlId: s.setlId,
        mdtrtId: s.mdtrtId,
        msgid: a.msgid,
        medfeeFen: s.money.medfee_sumamt_fen,
        fundFen: s.money.fund_pay_sumamt_fen,
        acctFen: s.money.acct_pay_fen,
        cashFen: s.money.psn_cash_pay_fen,
      },
    });
    tx.emit(
      settlementChanged({
        patientId: v.patient_id,
        visitId: v.visit_id,
        insuranceVisitId: v.id,
        settlementId: id,
        step: 'settled',
        billId: null,
      }),
    );
    return id;
  });
}
