// Unknown outcomes (INSURANCE.md §3, 2601): a 2201/2207/2208 that timed out, whose connection
// dropped, or whose answer we could not keep (单边账). The desk — or the server at start, in the
// background — queries 5203 and completes the local side (the same apply step, idempotent on
// setl_id), or reverses with 2601 of the saved msgid and starts again. Nothing is ever resent
// under a new msgid.
import { conflict, notFound } from '../../../core/errors.js';
import { t, type Text } from '../../../core/i18n.js';
import type { Actor } from '../../http/actor.js';
import { callById, markResolved, unknownCalls, type CallActor, type InsuranceCall } from '../insurance/index.js';
import { parseSettlement } from './answers.js';
import { applySettlement } from './apply.js';
import { settlementChanged } from './events.js';
import {
  actorOfUser,
  callActorOf,
  pendingOf,
  recordSettlement,
  setPending,
  type ApplyPlan,
  type Deps,
  type Pending,
} from './flow.js';
import * as repo from './repo.js';
import type { ResolveResult } from './schema.js';

type Input = {
  data?: { psn_no?: string; mdtrt_id?: string; chrg_bchno?: string };
  feedetail?: Array<{ psn_no?: string; mdtrt_id?: string; chrg_bchno?: string }>;
  mdtrtinfo?: { psn_no?: string; mdtrt_id?: string };
};

const inputOf = (c: InsuranceCall): Input => ((c.envelope as { input?: Input }).input ?? {}) as Input;

function facts(c: InsuranceCall) {
  const i = inputOf(c);
  const f = i.feedetail?.[0];
  return {
    psnNo: i.data?.psn_no ?? f?.psn_no ?? i.mdtrtinfo?.psn_no ?? '',
    mdtrtId: i.data?.mdtrt_id ?? f?.mdtrt_id ?? i.mdtrtinfo?.mdtrt_id ?? null,
    chrgBchno: i.data?.chrg_bchno ?? f?.chrg_bchno ?? null,
  };
}

/** Which resolutions the desk offers for an unknown call. */
export function actionsOf(infno: string): Array<'query' | 'reverse'> {
  if (infno === '2207' || infno === '2208') return ['query', 'reverse'];
  if (infno === '2201') return ['reverse'];
  return ['query'];
}

const result = (
  outcome: ResolveResult['outcome'],
  message: Text,
  settlementId: number | null = null,
  billId: number | null = null,
): ResolveResult => ({ outcome, message, settlementId, billId });

export function createResolver(deps: Deps) {
  const { db, uow, insurer } = deps;

  /** The insured visit a call belongs to (its pending attempt, else by mdtrt_id). */
  async function visitOfCall(c: InsuranceCall): Promise<repo.InsuranceVisit | null> {
    if (c.patientId !== null) {
      const v = (await repo.visitsWithPendingSettle(db, c.patientId)).find((x) => pendingOf(x)?.callId === c.id);
      if (v) return v;
    }
    const { mdtrtId } = facts(c);
    if (!mdtrtId) return null;
    const rows = c.patientId !== null ? await repo.insuranceVisitsOfPatient(db, c.patientId, 50) : [];
    return rows.find((v) => v.mdtrt_id === mdtrtId) ?? null;
  }

  /** Marks the call resolved (when still open) and clears the visit's attempt of that call, in one write. */
  async function close(c: InsuranceCall, iv: repo.InsuranceVisit | null, resolution: string, who: CallActor) {
    await uow.write(async (tx) => {
      const fresh = await callById(tx.db, c.id);
      if (fresh && fresh.resolvedAt === null) await markResolved(tx, c.id, resolution);
      if (iv) {
        const v = await repo.insuranceVisitById(tx.db, iv.id);
        if (v && pendingOf(v)?.callId === c.id)
          await repo.updateInsuranceVisit(tx.db, iv.id, { pending_settle_json: null }, tx.now);
        tx.emit(
          settlementChanged({
            patientId: iv.patient_id,
            visitId: iv.visit_id,
            insuranceVisitId: iv.id,
            settlementId: null,
            step: 'resolved',
            billId: null,
          }),
        );
      }
      await tx.audit(who, {
        action: 'insurance.resolve',
        entity: 'insurance_call',
        entityId: c.id,
        patientId: c.patientId,
        summary: { infno: c.infno, msgid: c.msgid, resolution },
      });
    });
  }

  /** 2601 of a call (its saved msgid). */
  async function reverse(who: CallActor, c: { msgid: string; infno: string; psnNo: string; patientId: number | null }) {
    return insurer.call(
      '2601',
      { data: { psn_no: c.psnNo, omsgid: c.msgid, oinfno: c.infno } },
      { actor: who, patientId: c.patientId, refType: 'reversal', refId: c.msgid },
    );
  }

  const resolver = {
    /**
     * Reverses (2601) a settlement whose answer we refuse (bad fields, a cash part that changed): nothing
     * stays half settled. If the reversal itself fails, the visit keeps a 'reverse' attempt that blocks it.
     */
    async reverseNow(
      who: CallActor,
      iv: repo.InsuranceVisit,
      c: { callId: number; msgid: string; infno: string },
      why: unknown,
    ) {
      const reason = why instanceof Error ? why.message : String(why);
      try {
        await reverse(who, { msgid: c.msgid, infno: c.infno, psnNo: iv.psn_no, patientId: iv.patient_id });
        const call = await callById(db, c.callId);
        if (call) await close(call, iv, '2601-reversed', who);
      } catch {
        const p: Pending = {
          kind: 'reverse',
          callId: c.callId,
          msgid: c.msgid,
          infno: c.infno,
          psnNo: iv.psn_no,
          reason: reason.slice(0, 300),
          userId: who.userId,
          at: deps.clock.now(),
        };
        await setPending(deps, iv.id, p);
      }
    },

    /** 查询 (5203) or 冲正 (2601) of a call whose outcome is unknown (or answered but not kept). */
    async resolveCall(actor: Actor | CallActor, callId: number, action: 'query' | 'reverse'): Promise<ResolveResult> {
      const who = callActorOf(actor);
      const c = await callById(db, callId);
      if (!c) throw notFound(t('医保调用记录', 'Insurer call'), callId, 'callId');
      const iv = await visitOfCall(c);
      const pending = iv ? pendingOf(iv) : null;
      const open = (c.state === 'unknown' || c.state === 'pending') && c.resolvedAt === null;
      if (!open && pending?.callId !== c.id)
        throw conflict(
          'nothing_to_resolve',
          t('该医保交易无需处理', 'This insurer call needs no resolution'),
          'callId',
        );
      const run = () => resolveLocked(who, c, iv, pending, action);
      return iv ? deps.locks.run(iv.visit_id, who, `resolve ${c.infno}`, deps.clock.now(), run) : run();
    },

    /** 完成本地记账: applies a settlement the insurer made but the bill was not written for (单边账). */
    async complete(actor: Actor | CallActor, settlementId: number): Promise<ResolveResult> {
      const who = callActorOf(actor);
      const s = await repo.settlementById(db, settlementId);
      if (!s) throw notFound(t('医保结算', 'Insurance settlement'), settlementId, 'settlementId');
      if (s.bill_id !== null)
        return result('completed', t('本地记账已完成', 'The bill was already written'), s.id, s.bill_id);
      if (s.state !== 'settled')
        throw conflict('settlement_cancelled', t('该医保结算已撤销', 'This settlement was cancelled'), 'settlementId');
      const applied = await deps.locks.run(s.visit_id, who, 'complete', deps.clock.now(), () =>
        applySettlement(deps, who, s.id),
      );
      const billId = applied.kind === 'charge' ? applied.result.billId : applied.result.originalBillId;
      return result('completed', t('已完成本地记账', 'The bill was written'), s.id, billId);
    },

    /** 冲正 of a settlement the insurer made but we did not apply: 2601 of its msgid; its lines cancelled (2205). */
    async reverseUnapplied(actor: Actor | CallActor, settlementId: number): Promise<ResolveResult> {
      const who = callActorOf(actor);
      const s = await repo.settlementById(db, settlementId);
      if (!s) throw notFound(t('医保结算', 'Insurance settlement'), settlementId, 'settlementId');
      if (s.bill_id !== null || s.state !== 'settled')
        throw conflict(
          'settlement_applied',
          t('该结算已记账或已撤销,请用医保退费', 'This settlement was applied or cancelled: use the insured refund'),
          'settlementId',
        );
      return deps.locks.run(s.visit_id, who, 'reverse', deps.clock.now(), async () => {
        const r = await reverse(who, { msgid: s.msgid, infno: '2207', psnNo: s.psn_no, patientId: s.patient_id });
        await insurer
          .call(
            '2205',
            { data: { mdtrt_id: s.mdtrt_id, chrg_bchno: s.chrg_bchno, psn_no: s.psn_no } },
            { actor: who, patientId: s.patient_id, refType: 'insurance-visit', refId: s.insurance_visit_id },
          )
          .catch(() => undefined);
        await uow.write(async (tx) => {
          await repo.updateSettlement(tx.db, s.id, {
            state: 'cancelled',
            cancel_msgid: r.msgid,
            cancelled_at: tx.now,
            cancelled_by: who.userId,
          });
          await repo.cancelSettledLines(tx.db, s.id, r.msgid, tx.now);
          await tx.audit(who, {
            action: 'insurance.reverse',
            entity: 'insurance_settlement',
            entityId: s.id,
            patientId: s.patient_id,
            summary: { setlId: s.setl_id, msgid: s.msgid, reversalMsgid: r.msgid },
          });
          tx.emit(
            settlementChanged({
              patientId: s.patient_id,
              visitId: s.visit_id,
              insuranceVisitId: s.insurance_visit_id,
              settlementId: s.id,
              step: 'cancelled',
              billId: null,
            }),
          );
        });
        return result('reversed', t('已冲正,可重新预结算', 'Reversed: pre-settle again'), s.id, null);
      });
    },

    /**
     * At start, in the background (never blocking it): settlements made but not applied are applied;
     * unknown calls of a previous run are queried (5203) and completed or closed.
     */
    async recoverAtStart(startedAt: number): Promise<{ applied: number; resolved: number; failed: number }> {
      let applied = 0;
      let resolved = 0;
      let failed = 0;
      for (const s of await repo.unappliedSettlements(db)) {
        try {
          await resolver.complete(await actorOfUser(db, s.settled_by), s.id);
          applied++;
        } catch (e) {
          failed++;
          deps.logger?.warn({ err: e, settlementId: s.id }, 'insurance settlement: could not apply at start');
        }
      }
      const calls = (await unknownCalls(db)).filter((c) => c.createdAt < startedAt && c.infno !== '2201');
      const pendingCalls = (await repo.visitsWithPendingSettle(db))
        .map((v) => pendingOf(v)!)
        .filter((p) => p.kind !== 'reverse' && p.at < startedAt)
        .map((p) => p.callId);
      for (const id of new Set([...calls.map((c) => c.id), ...pendingCalls])) {
        const c = await callById(db, id);
        if (!c || c.infno === '2601') continue;
        try {
          await resolver.resolveCall(await actorOfUser(db, c.userId ?? 1), id, 'query');
          resolved++;
        } catch (e) {
          failed++;
          deps.logger?.warn({ err: e, callId: id }, 'insurance settlement: could not resolve an unknown call at start');
        }
      }
      return { applied, resolved, failed };
    },
  };

  async function resolveLocked(
    who: CallActor,
    c: InsuranceCall,
    iv: repo.InsuranceVisit | null,
    pending: Pending | null,
    action: 'query' | 'reverse',
  ): Promise<ResolveResult> {
    const { psnNo, mdtrtId, chrgBchno } = facts(c);
    const ofThis = pending && pending.callId === c.id ? pending : null;
    if (ofThis?.kind === 'reverse' && action === 'query')
      throw conflict(
        'must_reverse',
        t('该交易的应答有误,只能冲正', "This transaction's answer was refused: reverse it"),
        'action',
      );
    if (action === 'reverse') {
      if (c.infno !== '2207' && c.infno !== '2208' && c.infno !== '2201')
        throw conflict(
          'cannot_reverse',
          t('该交易无需冲正,请点“查询”', 'This transaction needs no reversal: query it'),
          'action',
        );
      await reverse(who, { msgid: c.msgid, infno: c.infno, psnNo, patientId: c.patientId });
      await close(c, iv, '2601-reversed', who);
      return result(
        'reversed',
        c.infno === '2208'
          ? t('撤销结算的交易已冲正,原结算仍有效', 'The cancellation was reversed: the settlement stands')
          : t('已冲正,请重新预结算', 'Reversed: pre-settle again'),
      );
    }
    if (c.infno === '2207') {
      let output: unknown = c.state === 'ok' ? c.output : null;
      if (!output) {
        const q = await insurer.call(
          '5203',
          { data: { psn_no: psnNo, omsgid: c.msgid } },
          {
            actor: who,
            patientId: c.patientId,
            refType: 'query',
            refId: c.msgid,
          },
        );
        const out = q.output as unknown as { setlinfo: { infno?: string; refd_setl_flag?: string } | null };
        const found = out.setlinfo && (out.setlinfo.infno ?? '2207') === '2207' && out.setlinfo.refd_setl_flag !== '1';
        output = found ? q.output : null;
      }
      if (!output) {
        await close(c, iv, '5203-not-found', who);
        return result(
          'not-found',
          t('医保方未结算:可重新预结算后结算', 'The insurer did not settle: pre-settle and settle again'),
        );
      }
      if (!iv || !ofThis || (ofThis.kind !== 'charge' && ofThis.kind !== 'resettle'))
        throw conflict(
          'cannot_complete',
          t(
            '医保方已结算,但找不到本次收费的记录:请冲正后重新结算',
            'The insurer settled but this charge is not known here: reverse it',
          ),
          'callId',
        );
      const parsed = parseSettlement(output, {
        psnNo,
        ...(mdtrtId ? { mdtrtId } : {}),
        medfeeFen: ofThis.medfeeFen,
        needSetlId: true,
      });
      const plan: ApplyPlan =
        ofThis.kind === 'charge'
          ? { kind: 'charge', orderIds: ofThis.orderIds, payments: ofThis.payments }
          : {
              kind: 'resettle',
              billId: ofThis.billId,
              cancelledSettlementId: ofThis.cancelledSettlementId,
              refund: ofThis.refund,
            };
      const sid = await recordSettlement(deps, who, iv, parsed, {
        msgid: c.msgid,
        chrgBchno: ofThis.chrgBchno,
        plan,
        orderIds: ofThis.kind === 'charge' ? ofThis.orderIds : [],
      });
      await close(c, iv, 'completed-locally', who);
      const applied = await applySettlement(deps, who, sid);
      const billId = applied.kind === 'charge' ? applied.result.billId : applied.result.originalBillId;
      return result(
        'completed',
        t('医保方已结算,已完成本地记账', 'The insurer had settled: the bill was written'),
        sid,
        billId,
      );
    }
    if (c.infno === '2208') {
      const q = await insurer.call(
        '5203',
        { data: { psn_no: psnNo, omsgid: c.msgid } },
        {
          actor: who,
          patientId: c.patientId,
          refType: 'query',
          refId: c.msgid,
        },
      );
      const out = q.output as unknown as { setlinfo: { infno?: string } | null };
      if (!out.setlinfo || out.setlinfo.infno !== '2208') {
        await close(c, iv, '5203-not-found', who);
        return result(
          'not-found',
          t('撤销未生效,原结算仍有效', 'The cancellation did not happen: the settlement stands'),
        );
      }
      const rev = parseSettlement(q.output, { psnNo, needSetlId: true });
      if (ofThis?.kind === 'cancel') {
        await uow.write(async (tx) => {
          await repo.updateSettlement(tx.db, ofThis.settlementId, {
            state: 'cancelled',
            cancel_setl_id: rev.setlId,
            cancel_msgid: c.msgid,
            cancel_time: rev.setlTime,
            cancelled_at: tx.now,
            cancelled_by: who.userId,
          });
        });
      }
      await close(c, iv, '5203-found', who);
      return result(
        'cancel-recorded',
        t(
          '医保结算已撤销:请再次点“医保退费”完成退费',
          'The settlement was cancelled: press the insured refund again to finish',
        ),
        ofThis?.kind === 'cancel' ? ofThis.settlementId : null,
      );
    }
    if (c.infno === '2204' && mdtrtId && chrgBchno) {
      await insurer.call(
        '2205',
        { data: { mdtrt_id: mdtrtId, chrg_bchno: chrgBchno, psn_no: psnNo } },
        {
          actor: who,
          patientId: c.patientId,
          refType: 'insurance-visit',
          refId: iv?.id ?? null,
        },
      );
      await uow.write(async (tx) => repo.cancelBatch(tx.db, chrgBchno, c.msgid, tx.now));
      await close(c, iv, '2205-cancelled', who);
      return result('resolved', t('已撤销该批费用上传,请重新预结算', 'The upload was cancelled: pre-settle again'));
    }
    if (c.infno === '2201')
      throw conflict(
        'cannot_query',
        t('登记交易无法查询,请冲正后重新登记', 'A registration cannot be queried: reverse it'),
        'action',
      );
    await close(c, iv, 'no-effect', who);
    return result(
      'resolved',
      t('该交易不影响结算,已标记为已处理', 'This transaction changes no settlement: marked resolved'),
    );
  }

  return resolver;
}

export type Resolver = ReturnType<typeof createResolver>;
