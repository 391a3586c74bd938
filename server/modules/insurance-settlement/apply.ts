// The apply step: once the insurer settled (infcode 0, recorded in insurance_settlements), ONE
// uow.write writes the local side — the bill through billing's recordCharge with the fund parts
// as payments (one per fund type) and the account as 'insurance_account', the 自费 lines as their
// own cash bill, the orders paid, the settlement linked to its bill, the receipt with the split,
// the audit entry and the events. Idempotent on the settlement (setl_id): applied once.
// If it fails, the settlement stays "settled, not applied" (单边账): the desk completes it (the
// same step) or reverses it (2601); the server does the former at start.
import { conflict, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import { billReceipt, recordCharge, recordRefund, type PaymentInput } from '../billing/index.js';
import type { CallActor } from '../insurance/index.js';
import { markPaid } from '../orders/index.js';
import { enqueuePrint } from '../printing/index.js';
import { settlementChanged } from './events.js';
import type { ApplyPlan, Deps } from './flow.js';
import { receiptInsurance, splitOfRow } from './present.js';
import * as repo from './repo.js';
import type { RefundResult, SettleResult } from './schema.js';

/** Test hook: make the next n apply steps fail (a crash between 2207 and the local commit). */
export const settlementFaults = { failApply: 0 };

type OrderLine = Awaited<ReturnType<typeof repo.orderLinesOf>>[number];

const chargeLine = (l: OrderLine) => ({
  itemId: l.item_id,
  quantity: l.quantity,
  unitPriceFen: l.unit_price_fen,
  amountFen: l.amount_fen,
  chargeCategory: l.item_charge_category,
  orderLineId: l.id,
});

/** Splits the cashier's payments: the first `firstFen` to the insured bill, the rest to the 自费 bill. */
export function splitPayments(payments: readonly PaymentInput[], firstFen: number): [PaymentInput[], PaymentInput[]] {
  const a: PaymentInput[] = [];
  const b: PaymentInput[] = [];
  let need = firstFen;
  for (const p of payments) {
    const take = Math.min(need, p.amountFen);
    need -= take;
    const rest = p.amountFen - take;
    if (take > 0 && rest === 0) a.push(p);
    else if (take === 0) b.push(p);
    else {
      // A cash payment split across both bills: the change goes with the second part.
      a.push({ method: p.method, amountFen: take, reference: p.reference ?? null });
      b.push({
        method: p.method,
        amountFen: rest,
        reference: p.reference ?? null,
        ...(p.tenderedFen != null ? { tenderedFen: p.tenderedFen - take } : {}),
      });
    }
  }
  return [a, b];
}

export type Applied = { kind: 'charge'; result: SettleResult } | { kind: 'resettle'; result: RefundResult };

function failIfAsked() {
  if (settlementFaults.failApply > 0) {
    settlementFaults.failApply--;
    throw new Error('simulated failure of the local commit after the insurer settled (test hook)');
  }
}

/** Applies a recorded settlement locally (see the file's head). */
export async function applySettlement(
  deps: Deps,
  who: CallActor,
  settlementId: number,
  idem?: Idempotency,
): Promise<Applied> {
  try {
    return await deps.uow.write(async (tx) => {
      const s = await repo.settlementById(tx.db, settlementId);
      if (!s) throw notFound(t('医保结算', 'Insurance settlement'), settlementId, 'settlementId');
      const plan = JSON.parse(s.payments_json) as ApplyPlan;
      if (plan.kind === 'resettle') return { kind: 'resettle' as const, result: await applyResettle(tx, who, s, plan) };
      return { kind: 'charge' as const, result: await applyCharge(tx, who, s, plan) };
    }, idem);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    await deps.uow
      .write(async (tx) => {
        const s = await repo.settlementById(tx.db, settlementId);
        if (s && s.bill_id === null)
          await repo.updateSettlement(tx.db, settlementId, { apply_error: msg.slice(0, 500) });
      })
      .catch(() => undefined);
    throw e;
  }
}

async function applyCharge(
  tx: Tx,
  who: CallActor,
  s: repo.SettlementRow,
  plan: Extract<ApplyPlan, { kind: 'charge' }>,
): Promise<SettleResult> {
  const funds = await repo.fundsOf(tx.db, [s.id]);
  const split = splitOfRow(s, funds);
  const feeLines = await repo.feeLinesOfSettlement(tx.db, s.id);
  const lines = await repo.orderLinesOf(tx.db, plan.orderIds);
  const uploaded = new Set(feeLines.map((f) => f.order_line_id));
  const insured = lines.filter((l) => uploaded.has(l.id));
  const selfPay = lines.filter((l) => !uploaded.has(l.id));
  const selfPayFen = selfPay.reduce((sum, l) => sum + l.amount_fen, 0);
  if (s.bill_id !== null) {
    const bill = await repo.billOf(tx.db, s.bill_id);
    return {
      settlementId: s.id,
      setlId: s.setl_id,
      billId: s.bill_id,
      invoiceNo: bill?.invoice_no ?? null,
      selfPayBillId: null,
      selfPayFen,
      totalFen: s.medfee_sumamt_fen + selfPayFen,
      split,
      cashFen: s.psn_cash_pay_fen + selfPayFen,
      changeFen: 0,
      printJobId: null,
      print: null,
    };
  }
  if (s.state !== 'settled')
    throw conflict('settlement_cancelled', t('该医保结算已撤销', 'This settlement was cancelled'), 'settlementId');
  failIfAsked();
  const insuredFen = insured.reduce((sum, l) => sum + l.amount_fen, 0);
  if (insuredFen !== s.medfee_sumamt_fen)
    throw conflict(
      'settlement_lines_changed',
      t(
        `医保结算金额 ${formatYuan(s.medfee_sumamt_fen)} 元与医嘱金额 ${formatYuan(insuredFen)} 元不符,` +
          '须冲正后重新结算',
        `The settlement (${formatYuan(s.medfee_sumamt_fen)}) does not match the orders (${formatYuan(insuredFen)}): ` +
          'reverse it and settle again',
      ),
      'orderIds',
    );
  const [insuredPay, selfPayments] = splitPayments(plan.payments, s.psn_cash_pay_fen);
  const r = await recordCharge(tx, {
    patientId: s.patient_id,
    visitId: s.visit_id,
    payer: 'insured',
    cashierUserId: who.userId,
    lines: insured.map(chargeLine),
    payments: insuredPay,
    invoice: true,
    insurer: {
      funds: funds.map((f) => ({ fundPayType: f.fund_pay_type, amountFen: f.fund_payamt_fen })),
      accountFen: s.acct_pay_fen,
    },
  });
  const self = selfPay.length
    ? await recordCharge(tx, {
        patientId: s.patient_id,
        visitId: s.visit_id,
        payer: 'cash',
        cashierUserId: who.userId,
        lines: selfPay.map(chargeLine),
        payments: selfPayments,
        invoice: true,
      })
    : null;
  await markPaid(tx, plan.orderIds, tx.now);
  await repo.updateSettlement(tx.db, s.id, { bill_id: r.billId, applied_at: tx.now, apply_error: null });
  const receipt = await billReceipt(tx.db, r.billId);
  const print = await enqueuePrint(tx, {
    workstationId: who.workstationId,
    layout: 'receipt',
    payload: { ...receipt, insurance: receiptInsurance(s.setl_id, s.insutype, split) },
    ref: { type: 'bill', id: r.billId },
    userId: who.userId,
  });
  if (self)
    await enqueuePrint(tx, {
      workstationId: who.workstationId,
      layout: 'receipt',
      payload: await billReceipt(tx.db, self.billId),
      ref: { type: 'bill', id: self.billId },
      userId: who.userId,
    });
  await tx.audit(who, {
    action: 'insurance.settlement.apply',
    entity: 'insurance_settlement',
    entityId: s.id,
    patientId: s.patient_id,
    summary: {
      setlId: s.setl_id,
      billId: r.billId,
      selfPayBillId: self?.billId ?? null,
      orderIds: plan.orderIds,
      fundFen: s.fund_pay_sumamt_fen,
      acctFen: s.acct_pay_fen,
      cashFen: s.psn_cash_pay_fen,
      selfPayFen,
    },
  });
  tx.emit(
    settlementChanged({
      patientId: s.patient_id,
      visitId: s.visit_id,
      insuranceVisitId: s.insurance_visit_id,
      settlementId: s.id,
      step: 'applied',
      billId: r.billId,
    }),
  );
  return {
    settlementId: s.id,
    setlId: s.setl_id,
    billId: r.billId,
    invoiceNo: r.invoiceNo,
    selfPayBillId: self?.billId ?? null,
    selfPayFen,
    totalFen: r.totalFen + (self?.totalFen ?? 0),
    split,
    cashFen: s.psn_cash_pay_fen + selfPayFen,
    changeFen: r.changeFen + (self?.changeFen ?? 0),
    printJobId: print.jobId,
    print,
  };
}

/** What goes back per fund type, account and cash: the cancelled settlement's less the new one's. */
export function refundParts(
  old: Pick<repo.SettlementRow, 'acct_pay_fen' | 'psn_cash_pay_fen'>,
  oldFunds: readonly { fund_pay_type: string; fund_payamt_fen: number }[],
  now: Pick<repo.SettlementRow, 'acct_pay_fen' | 'psn_cash_pay_fen'> | null,
  newFunds: readonly { fund_pay_type: string; fund_payamt_fen: number }[],
) {
  const byType = new Map<string, number>();
  for (const f of oldFunds) byType.set(f.fund_pay_type, (byType.get(f.fund_pay_type) ?? 0) + f.fund_payamt_fen);
  for (const f of newFunds) byType.set(f.fund_pay_type, (byType.get(f.fund_pay_type) ?? 0) - f.fund_payamt_fen);
  return {
    funds: [...byType].map(([fundPayType, amountFen]) => ({ fundPayType, amountFen })),
    accountFen: old.acct_pay_fen - (now?.acct_pay_fen ?? 0),
    cashFen: old.psn_cash_pay_fen - (now?.psn_cash_pay_fen ?? 0),
  };
}

/** The local refund of an insured bill whose settlement was cancelled (2208); `s` is the new settlement of
 *  what is kept (null when nothing is kept). Writes the reversing bill and links both settlements. */
export async function writeInsuredRefund(
  tx: Tx,
  who: CallActor,
  old: repo.SettlementRow,
  s: repo.SettlementRow | null,
  billId: number,
  refund: {
    lines: { billLineId: number; quantity: number }[];
    method?: PaymentInput['method'];
    reference?: string;
    reason: string;
  },
): Promise<RefundResult> {
  const funds = await repo.fundsOf(tx.db, s ? [old.id, s.id] : [old.id]);
  const parts = refundParts(
    old,
    funds.filter((f) => f.settlement_id === old.id),
    s,
    s ? funds.filter((f) => f.settlement_id === s.id) : [],
  );
  const r = await recordRefund(tx, {
    originalBillId: billId,
    lines: refund.lines,
    method: refund.method ?? null,
    reference: refund.reference ?? null,
    userId: who.userId,
    reason: refund.reason,
    insurer: parts,
  });
  await repo.updateSettlement(tx.db, old.id, { refund_bill_id: r.billId });
  if (s) await repo.updateSettlement(tx.db, s.id, { bill_id: billId, applied_at: tx.now, apply_error: null });
  const print = await enqueuePrint(tx, {
    workstationId: who.workstationId,
    layout: 'receipt',
    payload: {
      ...(await billReceipt(tx.db, r.billId)),
      ...(s ? { insurance: receiptInsurance(s.setl_id, s.insutype, splitOfRow(s, funds)) } : {}),
    },
    ref: { type: 'bill', id: r.billId },
    userId: who.userId,
  });
  await tx.audit(who, {
    action: 'insurance.settlement.refund',
    entity: 'bill',
    entityId: r.billId,
    patientId: old.patient_id,
    summary: {
      originalBillId: billId,
      cancelledSetlId: old.setl_id,
      cancelSetlId: old.cancel_setl_id,
      newSetlId: s?.setl_id ?? null,
      lines: refund.lines,
      parts,
      reason: refund.reason,
    },
  });
  tx.emit(
    settlementChanged({
      patientId: old.patient_id,
      visitId: old.visit_id,
      insuranceVisitId: old.insurance_visit_id,
      settlementId: s?.id ?? old.id,
      step: 'refunded',
      billId,
    }),
  );
  return {
    originalBillId: billId,
    cancelledSettlementId: old.id,
    cancelSetlId: old.cancel_setl_id ?? '',
    refundBillId: r.billId,
    newSettlementId: s?.id ?? null,
    refundFen: -r.totalFen,
    cashBackFen: parts.cashFen,
    steps: [],
    printJobId: print.jobId,
  };
}

async function applyResettle(
  tx: Tx,
  who: CallActor,
  s: repo.SettlementRow,
  plan: Extract<ApplyPlan, { kind: 'resettle' }>,
): Promise<RefundResult> {
  const old = await repo.settlementById(tx.db, plan.cancelledSettlementId);
  if (!old) throw notFound(t('医保结算', 'Insurance settlement'), plan.cancelledSettlementId, 'settlementId');
  if (s.bill_id !== null && old.refund_bill_id !== null)
    return {
      originalBillId: plan.billId,
      cancelledSettlementId: old.id,
      cancelSetlId: old.cancel_setl_id ?? '',
      refundBillId: old.refund_bill_id,
      newSettlementId: s.id,
      refundFen: old.medfee_sumamt_fen - s.medfee_sumamt_fen,
      cashBackFen: old.psn_cash_pay_fen - s.psn_cash_pay_fen,
      steps: [],
      printJobId: null,
    };
  failIfAsked();
  return writeInsuredRefund(tx, who, old, s, plan.billId, {
    lines: plan.refund.lines ?? [],
    method: plan.refund.method,
    reference: plan.refund.reference,
    reason: plan.refund.reason,
  });
}
