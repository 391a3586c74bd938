// 退费 of an insured bill (issue 11 item 3): the settlement is cancelled with the insurer (2208,
// through the outbox), its lines cancelled (2205), what is kept uploaded again (2204) and settled
// again (2207); then ONE local write: the reversing bill whose payments are what goes back per
// fund type, account and cash (the cancelled settlement's less the new one's), and the new
// settlement linked to the bill. Each step's outcome is returned for the cashier to see. A
// failure after 2208 leaves the settlement cancelled and the refund to finish: pressing refund
// again goes on from there (no second 2208).
import { conflict, DomainError, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Actor } from '../../http/actor.js';
import type { Idempotency } from '../../lib/uow.js';
import { lineBalances, recordRefund } from '../billing/index.js';
import { matchOf, type ItemMatch } from '../insurance-catalog/index.js';
import type { CallActor } from '../insurance/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { parseSettlement, type ParsedSettlement } from './answers.js';
import { applySettlement, writeInsuredRefund } from './apply.js';
import { settlementChanged } from './events.js';
import { assertNothingOpen, callActorOf, recordSettlement, setPending, type Deps } from './flow.js';
import * as repo from './repo.js';
import type { RefundBody, RefundResult } from './schema.js';

type OrderLine = Awaited<ReturnType<typeof repo.orderLinesOf>>[number];

interface Helpers {
  upload(
    who: CallActor,
    iv: repo.InsuranceVisit,
    lines: readonly OrderLine[],
    matches: ReadonlyMap<number, ItemMatch>,
    tz: string,
  ): Promise<string>;
  settleData(iv: repo.InsuranceVisit, chrgBchno: string, medfeeFen: number): Record<string, unknown>;
  reverseNow(
    who: CallActor,
    iv: repo.InsuranceVisit,
    c: { callId: number; msgid: string; infno: string },
    why: unknown,
  ): Promise<void>;
}

class DryRun extends Error {
  constructor(readonly lines: Map<number, { quantity: number; amount: number }>) {
    super('dry run');
  }
}

const step = (s: string, ok: boolean, zh: string, en: string) => ({ step: s, ok, message: t(zh, en) });

export function createRefunds(deps: Deps, h: Helpers) {
  const { db, uow, insurer } = deps;

  /** The lines a refund takes (resolving `all`) and their amounts, as billing's ledger would write them. */
  async function planLines(who: CallActor, billId: number, body: RefundBody) {
    let wanted = body.lines;
    if (!wanted) {
      const lines = await repo.billLinesOf(db, billId);
      const charge = lines.filter((l) => l.reverses_line_id === null && l.registration_id === null);
      const bal = await lineBalances(db, charge);
      wanted = charge
        .map((l) => ({ billLineId: l.id, quantity: bal.get(l.id)?.refundable ?? 0 }))
        .filter((w) => w.quantity > 0);
      if (!wanted.length)
        throw conflict(
          'nothing_refundable',
          t('没有可退的项目:药品已发出且未退药,或已全部退费', 'Nothing can be refunded'),
          'lines',
        );
    }
    const lines = wanted;
    // A dry run of the ledger's refund (rolled back): every rule of billing's refund is checked now,
    // before the insurer is asked to cancel anything.
    try {
      await uow.write(async (tx) => {
        const r = await recordRefund(tx, {
          originalBillId: billId,
          lines,
          method: body.method ?? null,
          reference: body.reference ?? null,
          userId: who.userId,
          reason: body.reason,
        });
        const rows = await repo.billLinesOf(tx.db, r.billId);
        throw new DryRun(
          new Map(rows.map((l) => [l.reverses_line_id!, { quantity: -l.quantity, amount: -l.amount_fen }])),
        );
      });
    } catch (e) {
      if (e instanceof DryRun) return { wanted: lines, amounts: e.lines };
      throw e;
    }
    throw new Error('unreachable: the dry run always rolls back');
  }

  return {
    async refund(actor: Actor, billId: number, body: RefundBody, idem: Idempotency | undefined): Promise<RefundResult> {
      if (idem) {
        const prior = await repo.idempotentReply(db, idem.key, idem.userId);
        if (prior && prior.operation === idem.operation) return JSON.parse(prior.response_json) as RefundResult;
      }
      const who = callActorOf(actor);
      const bill = await repo.billOf(db, billId);
      if (!bill) throw notFound(t('收费单', 'Bill'), billId, 'billId');
      const settlements = await repo.settlementsOfBill(db, billId);
      const target =
        settlements.find((s) => s.state === 'settled') ??
        settlements.find((s) => s.state === 'cancelled' && s.refund_bill_id === null && s.cancel_setl_id !== null);
      if (!target)
        throw conflict(
          'not_insured_bill',
          t('该收费单没有有效的医保结算', 'This bill has no insurer settlement'),
          'billId',
        );
      await assertNothingOpen(db, bill.patient_id);
      const iv = await repo.insuranceVisitById(db, target.insurance_visit_id);
      if (!iv) throw notFound(t('医保就诊', 'Insured visit'), target.insurance_visit_id, 'billId');
      const { wanted, amounts } = await planLines(who, billId, body);
      const tz = (await getInstitutionSettings(db)).timeZone;

      return deps.locks.run(iv.visit_id, who, 'refund', deps.clock.now(), async () => {
        const steps: RefundResult['steps'] = [];
        let old = (await repo.settlementById(db, target.id))!;
        if (old.state === 'settled') {
          const signNo = await insurer.ensureSignedIn(who);
          const sent = await uow.write(async (tx) => {
            const c = await insurer.prepareCall(
              tx,
              '2208',
              { data: { setl_id: old.setl_id, mdtrt_id: old.mdtrt_id, psn_no: old.psn_no } },
              { actor: who, patientId: old.patient_id, refType: 'insurance-settlement', refId: old.id, signNo },
            );
            await repo.updateInsuranceVisit(
              tx.db,
              iv.id,
              {
                pending_settle_json: JSON.stringify({
                  kind: 'cancel',
                  callId: c.callId,
                  msgid: c.msgid,
                  settlementId: old.id,
                  billId,
                  refund: { ...body, lines: wanted, all: undefined },
                  userId: who.userId,
                  at: tx.now,
                }),
              },
              tx.now,
            );
            return c;
          });
          const o = await insurer.sendPrepared(sent.callId, { actor: who, patientId: old.patient_id });
          if (o.state === 'failed') {
            await setPending(deps, iv.id, null);
            throw await insurer.errorOf(o);
          }
          if (o.state !== 'ok') throw await insurer.errorOf(o);
          // The insurer cancelled it (infcode 0): recorded whatever the answer's details look like.
          let cancelSetlId = '';
          let cancelTime = '';
          try {
            const rev = parseSettlement(o.output, { mdtrtId: old.mdtrt_id, psnNo: old.psn_no, needSetlId: true });
            cancelSetlId = rev.setlId;
            cancelTime = rev.setlTime;
          } catch {
            const s = (o.output as { setlinfo?: { setl_id?: unknown } } | null)?.setlinfo;
            cancelSetlId = typeof s?.setl_id === 'string' ? s.setl_id : `msgid:${sent.msgid}`;
          }
          await uow.write(async (tx) => {
            await repo.updateSettlement(tx.db, old.id, {
              state: 'cancelled',
              cancel_setl_id: cancelSetlId,
              cancel_msgid: sent.msgid,
              cancel_time: cancelTime,
              cancelled_at: tx.now,
              cancelled_by: who.userId,
            });
            await repo.updateInsuranceVisit(tx.db, iv.id, { pending_settle_json: null }, tx.now);
            await tx.audit(who, {
              action: 'insurance.cancel',
              entity: 'insurance_settlement',
              entityId: old.id,
              patientId: old.patient_id,
              summary: { setlId: old.setl_id, cancelSetlId, msgid: sent.msgid, billId },
            });
            tx.emit(
              settlementChanged({
                patientId: old.patient_id,
                visitId: old.visit_id,
                insuranceVisitId: iv.id,
                settlementId: old.id,
                step: 'cancelled',
                billId,
              }),
            );
          });
          steps.push(step('2208', true, `医保结算 ${old.setl_id} 已撤销`, `Settlement ${old.setl_id} cancelled`));
          old = (await repo.settlementById(db, old.id))!;
        }
        // The cancelled settlement's lines are back to unsettled at the insurer: cancel them (2205).
        const settledLines = await repo.feeLinesOfSettlement(db, old.id);
        if (settledLines.some((f) => f.state === 'uploaded')) {
          try {
            const r = await insurer.call(
              '2205',
              { data: { mdtrt_id: old.mdtrt_id, chrg_bchno: old.chrg_bchno, psn_no: old.psn_no } },
              { actor: who, patientId: old.patient_id, refType: 'insurance-visit', refId: iv.id },
            );
            await uow.write(async (tx) => repo.cancelSettledLines(tx.db, old.id, r.msgid, tx.now));
            steps.push(step('2205', true, '原费用明细已撤销', 'The settled lines were cancelled'));
          } catch (e) {
            steps.push(
              step(
                '2205',
                false,
                `原费用明细撤销失败:${(e as Error).message}`,
                `Cancelling the lines failed: ${(e as Error).message}`,
              ),
            );
          }
        }
        // What is kept of each charge line after this refund (and the earlier ones).
        const billLines = (await repo.billLinesOf(db, billId)).filter((l) => l.reverses_line_id === null);
        const prior = await repo.refundLinesOfCharge(db, billId);
        const lineIds = billLines.map((l) => l.order_line_id).filter((x): x is number => x !== null);
        const orderLines = new Map((await repo.orderLinesByIds(db, lineIds)).map((l) => [l.id, l]));
        const kept: OrderLine[] = [];
        for (const l of billLines) {
          if (l.order_line_id === null) continue;
          const before = prior.filter((p) => p.reverses_line_id === l.id);
          const now = amounts.get(l.id) ?? { quantity: 0, amount: 0 };
          const qty = l.quantity + before.reduce((s, p) => s + p.quantity, 0) - now.quantity;
          const amt = l.amount_fen + before.reduce((s, p) => s + p.amount_fen, 0) - now.amount;
          const ol = orderLines.get(l.order_line_id);
          if (qty > 0 && ol) kept.push({ ...ol, quantity: qty, amount_fen: amt });
        }
        if (!kept.length) {
          const r = await uow.write(
            (tx) =>
              writeInsuredRefund(tx, who, old, null, billId, {
                lines: wanted,
                method: body.method,
                reference: body.reference,
                reason: body.reason,
              }),
            idem,
          );
          return { ...r, steps: [...steps, step('local', true, '已退费', 'Refunded')] };
        }
        const matches = await matchOf(
          db,
          kept.map((l) => l.item_id),
        );
        const chrgBchno = await h.upload(who, iv, kept, matches, tz);
        steps.push(
          step('2204', true, `保留的 ${kept.length} 项已重新上传`, `${kept.length} kept lines uploaded again`),
        );
        const medfeeFen = kept.reduce((s, l) => s + l.amount_fen, 0);
        const signNo = await insurer.ensureSignedIn(who);
        const refund = { ...body, lines: wanted, all: undefined };
        const sent = await uow.write(async (tx) => {
          const c = await insurer.prepareCall(tx, '2207', { data: h.settleData(iv, chrgBchno, medfeeFen) } as never, {
            actor: who,
            patientId: iv.patient_id,
            refType: 'insurance-visit',
            refId: iv.id,
            signNo,
            insuplcAdmdvs: iv.insuplc_admdvs,
          });
          await repo.updateInsuranceVisit(
            tx.db,
            iv.id,
            {
              pending_settle_json: JSON.stringify({
                kind: 'resettle',
                callId: c.callId,
                msgid: c.msgid,
                chrgBchno,
                cancelledSettlementId: old.id,
                billId,
                refund,
                medfeeFen,
                userId: who.userId,
                at: tx.now,
              }),
            },
            tx.now,
          );
          return c;
        });
        const o = await insurer.sendPrepared(sent.callId, { actor: who, patientId: iv.patient_id });
        if (o.state === 'failed') {
          await setPending(deps, iv.id, null);
          const e = await insurer.errorOf(o);
          throw new DomainError(
            e.status,
            e.code,
            t(
              `医保结算已撤销,保留部分重新结算失败:${e.text.zh}。请稍后再点“医保退费”继续`,
              `The settlement was cancelled but settling what is kept failed: ${e.text.en}. ` +
                'Press the refund again later',
            ),
            e.field,
            e.details,
          );
        }
        if (o.state !== 'ok') throw await insurer.errorOf(o);
        let parsed: ParsedSettlement;
        try {
          parsed = parseSettlement(o.output, { mdtrtId: iv.mdtrt_id, psnNo: iv.psn_no, medfeeFen, needSetlId: true });
        } catch (e) {
          const fresh = (await repo.insuranceVisitById(db, iv.id))!;
          await h.reverseNow(who, fresh, { callId: sent.callId, msgid: sent.msgid, infno: '2207' }, e);
          throw e;
        }
        steps.push(
          step(
            '2207',
            true,
            `保留部分已重新结算(${parsed.setlId})`,
            `What is kept was settled again (${parsed.setlId})`,
          ),
        );
        const sid = await recordSettlement(deps, who, iv, parsed, {
          msgid: sent.msgid,
          chrgBchno,
          plan: { kind: 'resettle', billId, cancelledSettlementId: old.id, refund },
          orderIds: [],
        });
        const applied = await applySettlement(deps, who, sid, idem);
        if (applied.kind !== 'resettle') throw new Error('unreachable: a re-settlement');
        return { ...applied.result, steps: [...steps, step('local', true, '已退费', 'Refunded')] };
      });
    },
  };
}
