// The billing ledger: the one place that writes bills, bill lines and payments. Other
// modules (registration fees, the cashier's charges and refunds) call recordCharge /
// recordRefund inside their own uow.write transaction; the caller records the audit entry
// (it knows the actor). Both functions emit their event (bill:paid / bill:refunded) with
// tx.emit, so it is published only after the caller's transaction commits.
//
// Rules kept here:
// - money is integer fen; a bill's total is the sum of its lines; the patient part is the
//   total less the insurance fund part; payments must equal the patient part exactly;
// - an order line or registration already paid (paid less refunded > 0) cannot be paid again;
// - the cashier's open shift receives the payments (one is opened when there is none), so a
//   closed shift never receives a new payment or refund;
// - invoice numbers come from the cashier's active invoice book, taken in this transaction and
//   recorded in the usage ledger; a refund voids the charge's number and, when part is kept,
//   issues a new one for the kept part (invoice-numbers.ts);
// - a refund is a reversing bill (kind 'refund', negative amounts, reverses_id) whose lines
//   point at the charge lines they reverse; a line can be refunded at most
//   paid − refunded − (dispensed − returned) of its quantity.
import type { Tx } from '../../lib/uow.js';
import { t } from '../../../core/i18n.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { formatYuan } from '../../../core/money.js';
import { cancelRefunded } from '../orders/index.js';
import * as repo from './ledger-repo.js';
import { billPaid, billRefunded } from './events.js';
import {
  VOID_PARTIAL_REFUND,
  VOID_REFUND,
  currentOf,
  formatInvoiceNo,
  issue,
  recordIssued,
  takeNumber,
  takeNumberIfAny,
  voidIssued,
} from './invoice-numbers.js';

export { formatInvoiceNo };

import { PAY_METHODS, type PayMethod } from './pay-methods.js';
import { planRefund } from './refund-plan.js';

export { PAY_METHODS, type PayMethod };
export type Payer = 'cash' | 'insured';
const CATEGORIES = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14']);

export interface ChargeLine {
  itemId: number;
  /** In the item's smallest unit (1 for a fee or a service). */
  quantity: number;
  /** Price of one pack (fen). */
  unitPriceFen: number;
  /** The line's amount (fen), computed once with lineAmountFen by whoever priced it. */
  amountFen: number;
  chargeCategory: string;
  orderLineId?: number | null;
  registrationId?: number | null;
}

export interface PaymentInput {
  method: PayMethod;
  amountFen: number;
  /** Cash handed over; at least amountFen. */
  tenderedFen?: number | null;
  /** If given, must equal tenderedFen − amountFen (it is computed anyway). */
  changeFen?: number | null;
  /** Required for bank_card / wechat / alipay (terminal or transaction number). */
  reference?: string | null;
}

export interface ChargeInput {
  patientId: number;
  visitId: number | null;
  payer: Payer;
  cashierUserId: number;
  lines: ChargeLine[];
  payments: PaymentInput[];
  /** Issue an invoice number (refused when the cashier has none); 'if-any': when the cashier has one. */
  invoice: boolean | 'if-any';
  /** The insurance fund's part (fen) when payer is 'insured'; default 0. */
  insuranceFundFen?: number;
  /** The insurer's settlement: the fund part per fund type (one payment each; their sum is the fund part,
   *  replacing insuranceFundFen) and the personal account's part (个人账户, method insurance_account), which
   *  is part of the patient's part: the payments then cover the patient part less the account. */
  insurer?: { funds: { fundPayType: string; amountFen: number }[]; accountFen: number };
  /** The caller already refused items without a saved invoice category (the cashier's charge plan). */
  itemsConfirmed?: boolean;
  /** What the caller read or wrote in this transaction (a registration's fee): the patient exists, the
   *  registrations charged were just created (nothing paid on them) and the visit's department. */
  known?: { patient: true; newRegistrations: true; visitDepartmentId: number | null };
}

export interface ChargeResult {
  billId: number;
  invoiceNo: string | null;
  totalFen: number;
  insuranceFundFen: number;
  patientPayFen: number;
  changeFen: number;
  shiftId: number;
  orderIds: number[];
  pharmacyIds: number[];
}

export interface RefundInput {
  originalBillId: number;
  lines: { billLineId: number; quantity: number }[];
  /** How the money goes back; defaults to the original's main payment method. */
  method?: PayMethod | null;
  reference?: string | null;
  userId: number;
  reason?: string | null;
  /** An insured charge whose settlement was cancelled (2208) and, for what is kept, settled again: what
   *  goes back replaces the plan's shares — per fund type and the account (the old settlement's less the
   *  new one's) and the patient's cash (negative: the patient pays the difference). Their sum must be the
   *  refunded amount. */
  insurer?: { funds: { fundPayType: string; amountFen: number }[]; accountFen: number; cashFen: number };
}

export interface RefundResult {
  billId: number;
  /** The refund bill's total: zero or negative fen. */
  totalFen: number;
  patientRefundFen: number;
  method: PayMethod | null;
  shiftId: number;
  orderIds: number[];
  pharmacyIds: number[];
  cancelledOrderIds: number[];
  /** The invoice number this refund voided (the one it reverses), if the charge had one. */
  voidedInvoiceNo: string | null;
  /** The number issued for the kept part of a partly refunded charge. */
  newInvoiceNo: string | null;
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function wholeFen(v: unknown, field: string, min = 0): number {
  if (!isWhole(v) || v < min) {
    throw invalid(
      field,
      t(`“${field}”必须是不小于 ${min} 的整数(分)`, `"${field}" must be a whole number of fen, at least ${min}`),
    );
  }
  return v;
}

function positiveInt(v: unknown, field: string): number {
  if (!isWhole(v) || v < 1)
    throw invalid(field, t(`“${field}”必须是正整数`, `"${field}" must be a positive whole number`));
  return v;
}

/** The cashier's open shift, opened now if there is none. */
export async function currentShiftId(tx: Tx, userId: number): Promise<number> {
  const open = await repo.openShiftOf(tx.db, userId);
  return open ? open.id : repo.insertShift(tx.db, userId, tx.now);
}

/** Takes the next invoice number from the cashier's active book (oldest book first); see invoice-numbers.ts. */
export async function takeInvoiceNo(tx: Tx, userId: number): Promise<string> {
  return (await takeNumber(tx, userId)).invoiceNo;
}

function checkPayments(payments: PaymentInput[], patientPayFen: number): { changeFen: number } {
  if (!Array.isArray(payments)) throw invalid('payments', t('“payments”必须是列表', '"payments" must be a list'));
  let sum = 0;
  let change = 0;
  payments.forEach((p, i) => {
    const f = `payments.${i}`;
    if (!PAY_METHODS.includes(p.method))
      throw invalid(
        `${f}.method`,
        t('付款方式只能是现金、银行卡、微信或支付宝', 'Payment method must be cash, bank_card, wechat or alipay'),
      );
    const amount = wholeFen(p.amountFen, `${f}.amountFen`, 1);
    if (p.method === 'cash') {
      if (p.tenderedFen !== undefined && p.tenderedFen !== null) {
        const tendered = wholeFen(p.tenderedFen, `${f}.tenderedFen`);
        if (tendered < amount) {
          throw invalid(
            `${f}.tenderedFen`,
            t(
              `实收现金 ${formatYuan(tendered)} 元少于应付 ${formatYuan(amount)} 元`,
              `Cash tendered ${formatYuan(tendered)} is less than the amount ${formatYuan(amount)}`,
            ),
          );
        }
        const c = tendered - amount;
        if (p.changeFen !== undefined && p.changeFen !== null && p.changeFen !== c) {
          throw invalid(`${f}.changeFen`, t(`找零应为 ${formatYuan(c)} 元`, `Change must be ${formatYuan(c)}`));
        }
        change += c;
      }
    } else if (!p.reference || !p.reference.trim()) {
      throw invalid(
        `${f}.reference`,
        t(
          '银行卡、微信、支付宝付款须填写交易参考号',
          'A bank card, WeChat or Alipay payment needs its transaction reference',
        ),
      );
    }
    sum += amount;
  });
  if (sum !== patientPayFen) {
    throw invalid(
      'payments',
      sum < patientPayFen
        ? t(
            `付款合计 ${formatYuan(sum)} 元不足应收 ${formatYuan(patientPayFen)} 元`,
            `Payments total ${formatYuan(sum)} do not cover the amount due ${formatYuan(patientPayFen)}`,
          )
        : t(
            `付款合计 ${formatYuan(sum)} 元超过应收 ${formatYuan(patientPayFen)} 元`,
            `Payments total ${formatYuan(sum)} exceed the amount due ${formatYuan(patientPayFen)}`,
          ),
    );
  }
  return { changeFen: change };
}

/** Records a charge bill with its lines and payments in the caller's transaction. */
export async function recordCharge(tx: Tx, input: ChargeInput): Promise<ChargeResult> {
  const { lines } = input;
  if (!Array.isArray(lines) || lines.length === 0)
    throw invalid('lines', t('收费项目不能为空', 'A bill needs at least one line'));
  let total = 0;
  lines.forEach((l, i) => {
    positiveInt(l.itemId, `lines.${i}.itemId`);
    positiveInt(l.quantity, `lines.${i}.quantity`);
    wholeFen(l.unitPriceFen, `lines.${i}.unitPriceFen`);
    total += wholeFen(l.amountFen, `lines.${i}.amountFen`);
    if (!CATEGORIES.has(l.chargeCategory))
      throw invalid(`lines.${i}.chargeCategory`, t('收费类别必须是 01–14', 'Charge category must be 01–14'));
  });
  if (!Number.isSafeInteger(total)) throw invalid('lines', t('金额过大', 'Amount too large'));
  const funds = input.insurer?.funds ?? [];
  funds.forEach((f, i) => {
    wholeFen(f.amountFen, `insurer.funds.${i}.amountFen`);
    if (!/^\d{6}$/.test(f.fundPayType))
      throw invalid(`insurer.funds.${i}.fundPayType`, t('基金类型须为6位数字', 'A fund type is 6 digits'));
  });
  const fund = input.insurer
    ? funds.reduce((s, f) => s + f.amountFen, 0)
    : wholeFen(input.insuranceFundFen ?? 0, 'insuranceFundFen');
  const account = input.insurer ? wholeFen(input.insurer.accountFen, 'insurer.accountFen') : 0;
  if (fund > total)
    throw invalid('insuranceFundFen', t('医保统筹支付不能超过总额', 'The insurance fund part cannot exceed the total'));
  if ((fund > 0 || account > 0) && input.payer !== 'insured')
    throw invalid('payer', t('只有医保患者才有统筹支付', 'Only an insured bill has a fund part'));
  const patientPay = total - fund;
  if (account > patientPay)
    throw invalid(
      'insurer.accountFen',
      t('个人账户支付不能超过个人负担', 'The account part cannot exceed the patient part'),
    );
  const { changeFen } = checkPayments(input.payments, patientPay - account);
  if (!input.known && !(await repo.patientExists(tx.db, input.patientId)))
    throw notFound(t('患者', 'Patient'), input.patientId, 'patientId');
  // 发票归类: an item is chargeable only once its invoice category was saved (registration fees too).
  const unconfirmed = input.itemsConfirmed
    ? []
    : await repo.unconfirmedItems(tx.db, [...new Set(lines.map((l) => l.itemId))]);
  if (unconfirmed.length) {
    const u = unconfirmed[0]!;
    const i = lines.findIndex((l) => l.itemId === u.id);
    throw invalid(
      `lines.${i}.itemId`,
      t(
        `收费项目“${u.name}”尚未做发票归类,请管理员在“发票归类”中保存后再收费`,
        `The charge item "${u.name}" has no saved invoice category; ` +
          'an administrator must save it under "Invoice categories" first',
      ),
    );
  }

  // Never pay an order line or a registration fee twice.
  const orderLineIds = lines.map((l) => l.orderLineId).filter((x): x is number => isWhole(x));
  const regIds = lines.map((l) => l.registrationId).filter((x): x is number => isWhole(x));
  if (new Set(orderLineIds).size !== orderLineIds.length)
    throw invalid('lines', t('同一医嘱行重复收费', 'The same order line appears twice'));
  const paidLines = await repo.netPaidByOrderLine(tx.db, orderLineIds);
  const paidRegs = input.known ? new Map<number, number>() : await repo.netPaidByRegistration(tx.db, regIds);
  if ([...paidLines.values(), ...paidRegs.values()].some((q) => q > 0)) {
    throw conflict('already_paid', t('该项目已经收过费,请刷新', 'This has already been paid; reload'));
  }
  const orders = await repo.ordersOfLines(tx.db, orderLineIds);
  if (orders.length !== orderLineIds.length) throw notFound(t('医嘱行', 'Order line'), orderLineIds.join(','), 'lines');
  if (orders.some((o) => o.patient_id !== input.patientId))
    throw invalid('lines', t('医嘱不属于该患者', 'An order belongs to another patient'));
  const orderIds = [...new Set(orders.map((o) => o.order_id))].sort((a, b) => a - b);
  const pharmacyIds = [...new Set(orders.map((o) => o.pharmacy_id).filter((x): x is number => x !== null))].sort(
    (a, b) => a - b,
  );

  const shiftId = await currentShiftId(tx, input.cashierUserId);
  const taken =
    input.invoice === 'if-any'
      ? await takeNumberIfAny(tx, input.cashierUserId)
      : input.invoice
        ? await takeNumber(tx, input.cashierUserId)
        : null;
  const invoiceNo = taken?.invoiceNo ?? null;
  const billId = await repo.insertBill(tx.db, {
    patient_id: input.patientId,
    visit_id: input.visitId,
    kind: 'charge',
    reverses_id: null,
    payer: input.payer,
    invoice_no: invoiceNo,
    total_fen: total,
    insurance_fund_fen: fund,
    patient_pay_fen: patientPay,
    cashier_user_id: input.cashierUserId,
    shift_id: shiftId,
    at: tx.now,
    reason: null,
  });
  if (taken) await recordIssued(tx, taken, { billId, userId: input.cashierUserId });
  await repo.insertBillLines(
    tx.db,
    lines.map((l) => ({
      bill_id: billId,
      order_line_id: l.orderLineId ?? null,
      registration_id: l.registrationId ?? null,
      item_id: l.itemId,
      quantity: l.quantity,
      unit_price_fen: l.unitPriceFen,
      amount_fen: l.amountFen,
      charge_category: l.chargeCategory,
      reverses_line_id: null,
    })),
  );
  const pay = (
    method: PaymentInput['method'] | 'insurance_fund',
    amount: number,
    tendered: number | null,
    change: number | null,
    reference: string | null,
  ) =>
    repo.insertPayment(tx.db, {
      bill_id: billId,
      method,
      amount_fen: amount,
      tendered_fen: tendered,
      change_fen: change,
      reference,
      shift_id: shiftId,
      at: tx.now,
      user_id: input.cashierUserId,
    });
  if (input.insurer) {
    for (const f of funds) {
      if (f.amountFen === 0) continue;
      await repo.insertInsurerPayment(tx.db, {
        bill_id: billId,
        method: 'insurance_fund',
        fund_pay_type: f.fundPayType,
        amount_fen: f.amountFen,
        shift_id: shiftId,
        at: tx.now,
        user_id: input.cashierUserId,
      });
    }
    if (account > 0)
      await repo.insertInsurerPayment(tx.db, {
        bill_id: billId,
        method: 'insurance_account',
        fund_pay_type: null,
        amount_fen: account,
        shift_id: shiftId,
        at: tx.now,
        user_id: input.cashierUserId,
      });
  } else if (fund > 0) await pay('insurance_fund', fund, null, null, null);
  for (const p of input.payments) {
    const tendered = p.method === 'cash' && isWhole(p.tenderedFen) ? p.tenderedFen : null;
    await pay(
      p.method,
      p.amountFen,
      tendered,
      tendered === null ? null : tendered - p.amountFen,
      p.reference?.trim() || null,
    );
  }
  tx.emit(
    billPaid(
      { billId, patientId: input.patientId, orderIds, pharmacyIds, totalFen: total },
      input.known ? input.known.visitDepartmentId : await repo.visitDept(tx.db, input.visitId),
    ),
  );
  return {
    billId,
    invoiceNo,
    totalFen: total,
    insuranceFundFen: fund,
    patientPayFen: patientPay,
    changeFen,
    shiftId,
    orderIds,
    pharmacyIds,
  };
}

export interface LineBalance {
  billLineId: number;
  /** Quantity charged on the line. */
  paid: number;
  /** Quantity and amount already refunded. */
  refunded: number;
  refundedFen: number;
  /** Dispensed and not returned (drug lines; 0 for services and fees). */
  outstanding: number;
  /** What may still be refunded: paid − refunded − outstanding, never below 0. */
  refundable: number;
}

/** The refund balance of each charge line. */
export async function lineBalances(
  db: Parameters<typeof repo.billById>[0],
  lines: { id: number; quantity: number; order_line_id: number | null }[],
): Promise<Map<number, LineBalance>> {
  const refunded = await repo.refundedByLine(
    db,
    lines.map((l) => l.id),
  );
  const dispensed = await repo.netDispensedByOrderLine(
    db,
    lines.map((l) => l.order_line_id).filter((x): x is number => x !== null),
  );
  const out = new Map<number, LineBalance>();
  for (const l of lines) {
    const done = refunded.get(l.id) ?? { quantity: 0, amount: 0 };
    const outstanding = l.order_line_id === null ? 0 : Math.max(0, dispensed.get(l.order_line_id) ?? 0);
    out.set(l.id, {
      billLineId: l.id,
      paid: l.quantity,
      refunded: done.quantity,
      refundedFen: done.amount,
      outstanding,
      refundable: Math.max(0, l.quantity - done.quantity - outstanding),
    });
  }
  return out;
}

/** Records a reversing (refund) bill for some lines of a charge bill. */
export async function recordRefund(tx: Tx, input: RefundInput): Promise<RefundResult> {
  // Read, plan (pure: refund-plan.ts), then apply.
  const original = await repo.billById(tx.db, input.originalBillId);
  const lines = original ? await repo.linesOfBill(tx.db, original.id) : [];
  const orders = await repo.ordersOfLines(
    tx.db,
    lines.map((l) => l.order_line_id).filter((x): x is number => x !== null),
  );
  const plan = planRefund({
    input,
    original,
    lines,
    balances: await lineBalances(tx.db, lines),
    orders,
    orderLines: await repo.lineIdsOfOrders(tx.db, [...new Set(orders.map((o) => o.order_id))]),
    payments: original ? await repo.paymentsOfBill(tx.db, original.id) : [],
  });
  if (!original) throw new Error('unreachable: the plan refuses a missing bill');
  const { refundTotal, orderIds, pharmacyIds, cancelledOrderIds } = plan;
  let { fundBack, patientBack, method } = plan;
  const ins = input.insurer;
  if (ins) {
    fundBack = ins.funds.reduce((s, f) => s + f.amountFen, 0);
    patientBack = ins.accountFen + ins.cashFen;
    if (![fundBack, ins.accountFen, ins.cashFen].every(Number.isSafeInteger) || fundBack + patientBack !== refundTotal)
      throw conflict(
        'insurer_refund_mismatch',
        t(
          `医保退费金额(基金 ${formatYuan(fundBack)} 元,个人 ${formatYuan(patientBack)} 元)与退费合计 ` +
            `${formatYuan(refundTotal)} 元不符`,
          `The insured refund (fund ${formatYuan(fundBack)}, patient ${formatYuan(patientBack)}) ` +
            `does not add up to the refund ${formatYuan(refundTotal)}`,
        ),
        'lines',
      );
    method = ins.cashFen !== 0 ? (method ?? input.method ?? 'cash') : null;
  }

  const shiftId = await currentShiftId(tx, input.userId);
  const billId = await repo.insertBill(tx.db, {
    patient_id: original.patient_id,
    visit_id: original.visit_id,
    kind: 'refund',
    reverses_id: original.id,
    payer: original.payer,
    invoice_no: null,
    total_fen: 0 - refundTotal,
    insurance_fund_fen: 0 - fundBack,
    patient_pay_fen: 0 - patientBack,
    cashier_user_id: input.userId,
    shift_id: shiftId,
    at: tx.now,
    reason: input.reason?.trim() || null,
  });
  for (const o of plan.lines) {
    await repo.insertBillLine(tx.db, {
      bill_id: billId,
      order_line_id: o.line.order_line_id,
      registration_id: o.line.registration_id,
      item_id: o.line.item_id,
      quantity: -o.quantity,
      unit_price_fen: o.line.unit_price_fen,
      amount_fen: -o.amount,
      charge_category: o.line.charge_category,
      reverses_line_id: o.line.id,
    });
  }
  const base = {
    bill_id: billId,
    tendered_fen: null,
    change_fen: null,
    shift_id: shiftId,
    at: tx.now,
    user_id: input.userId,
  };
  if (ins) {
    const who = { bill_id: billId, shift_id: shiftId, at: tx.now, user_id: input.userId };
    for (const f of ins.funds) {
      if (f.amountFen === 0) continue;
      await repo.insertInsurerPayment(tx.db, {
        ...who,
        method: 'insurance_fund',
        fund_pay_type: f.fundPayType,
        amount_fen: 0 - f.amountFen,
      });
    }
    if (ins.accountFen !== 0)
      await repo.insertInsurerPayment(tx.db, {
        ...who,
        method: 'insurance_account',
        fund_pay_type: null,
        amount_fen: 0 - ins.accountFen,
      });
    if (ins.cashFen !== 0 && method)
      await repo.insertPayment(tx.db, {
        ...base,
        method,
        amount_fen: 0 - ins.cashFen,
        reference: input.reference?.trim() || null,
      });
  } else if (fundBack > 0)
    await repo.insertPayment(tx.db, { ...base, method: 'insurance_fund', amount_fen: 0 - fundBack, reference: null });
  if (!ins && patientBack > 0 && method)
    await repo.insertPayment(tx.db, {
      ...base,
      method,
      amount_fen: 0 - patientBack,
      reference: input.reference?.trim() || null,
    });

  // Paper invoices: the refunded invoice is voided; if part of the bill is kept, a new number
  // is issued for the kept part (printed from the bill view) by the refunding user.
  let voidedInvoiceNo: string | null = null;
  let newInvoiceNo: string | null = null;
  const current = await currentOf(tx.db, original.id);
  if (current) {
    const keptFen = plan.keptFen;
    await voidIssued(tx, original.id, current, {
      userId: input.userId,
      reason: keptFen > 0 ? VOID_PARTIAL_REFUND : VOID_REFUND,
      refundBillId: billId,
    });
    voidedInvoiceNo = current.invoiceNo;
    if (keptFen > 0) {
      newInvoiceNo = (
        await issue(tx, {
          billId: original.id,
          userId: input.userId,
          replacesNo: current.invoiceNo,
          refundBillId: billId,
          reason: VOID_PARTIAL_REFUND,
        })
      ).invoiceNo;
    }
  }

  await cancelRefunded(tx, cancelledOrderIds, tx.now);
  tx.emit(
    billRefunded(
      {
        billId,
        originalBillId: original.id,
        patientId: original.patient_id,
        orderIds,
        pharmacyIds,
        totalFen: 0 - refundTotal,
      },
      await repo.visitDept(tx.db, original.visit_id),
    ),
  );
  return {
    billId,
    totalFen: 0 - refundTotal,
    patientRefundFen: patientBack,
    method,
    shiftId,
    orderIds,
    pharmacyIds,
    cancelledOrderIds,
    voidedInvoiceNo,
    newInvoiceNo,
  };
}
