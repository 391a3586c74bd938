// The one bill presenter: every answer and print payload that shows a bill is shaped here from
// its rows (the bill with its patient and cashier, its lines with their items, its payments).
// Pure functions: the callers read the rows (or, for a charge just written, pass the same facts
// they wrote) and decide which numbers to show.
import { categoryName } from '../../../core/charge-categories.js';
import type * as repo from './repo.js';

/** A bill row as the billing repo reads it (bills joined with the patient and the cashier's staff name). */
export type BillHead = Awaited<ReturnType<typeof repo.billsByIds>>[number];

type BillLineRow = Awaited<ReturnType<typeof repo.billLinesWithItems>>[number];
/** A bill line (or an order line about to be charged) with its item. */
export type LineFacts = Pick<
  BillLineRow,
  'name' | 'spec' | 'unit' | 'quantity' | 'unit_price_fen' | 'amount_fen' | 'charge_category'
>;

type PaymentRow = Awaited<ReturnType<typeof repo.paymentsOfBills>>[number];
export type PaymentFacts = Pick<PaymentRow, 'method' | 'amount_fen' | 'tendered_fen' | 'change_fen' | 'reference'> & {
  /** On an insurance_fund payment of an insured settlement: the fund type (390100 …). */
  fund_pay_type?: string | null;
};

/** Totals by national charge category (收费类别), in code order. */
export function categoriesOf(lines: readonly { charge_category: string; amount_fen: number }[]) {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.charge_category, (m.get(l.charge_category) ?? 0) + l.amount_fen);
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, amountFen]) => ({
      code,
      name: categoryName(code, 'zh'),
      nameEn: categoryName(code, 'en'),
      amountFen,
    }));
}

export function presentPayment(p: PaymentFacts) {
  return {
    method: p.method,
    amountFen: p.amount_fen,
    tenderedFen: p.tendered_fen,
    changeFen: p.change_fen,
    reference: p.reference,
    fundPayType: p.fund_pay_type ?? null,
  };
}

/** A line as a receipt or an invoice prints it. */
export function presentPrintedLine(l: LineFacts) {
  return {
    name: l.name,
    spec: l.spec,
    unit: l.unit,
    quantity: l.quantity,
    unitPriceFen: l.unit_price_fen,
    amountFen: l.amount_fen,
    category: l.charge_category,
  };
}

/** A bill in lists and at the head of its detail: totals, payments, what was refunded of it. */
export function presentSummary(
  b: BillHead,
  payments: readonly (PaymentFacts & { bill_id: number })[],
  refunds: readonly { reverses_id: number | null; total_fen: number }[],
) {
  return {
    id: b.id,
    kind: b.kind,
    reversesId: b.reverses_id,
    patientId: b.patient_id,
    patientName: b.patient_name,
    /** Pinyin initials of the patient's name (space-separated readings), for filtering. */
    patientPinyin: b.patient_pinyin,
    mrn: b.mrn,
    visitId: b.visit_id,
    payer: b.payer,
    invoiceNo: b.invoice_no,
    totalFen: b.total_fen,
    insuranceFundFen: b.insurance_fund_fen,
    patientPayFen: b.patient_pay_fen,
    cashierUserId: b.cashier_user_id,
    cashierName: b.cashier_name,
    shiftId: b.shift_id,
    at: b.at,
    reason: b.reason,
    payments: payments.filter((p) => p.bill_id === b.id).map(presentPayment),
    refundedFen: -refunds.filter((r) => r.reverses_id === b.id).reduce((s, r) => s + r.total_fen, 0),
  };
}

type PrintHead = Pick<
  BillHead,
  'id' | 'kind' | 'reverses_id' | 'invoice_no' | 'at' | 'patient_name' | 'mrn' | 'payer' | 'cashier_name'
>;

/** The receipt print payload (layout `receipt`) of a charge or a refund. */
export function presentReceipt(
  b: PrintHead & Pick<BillHead, 'total_fen' | 'insurance_fund_fen' | 'patient_pay_fen' | 'reason'>,
  lines: readonly LineFacts[],
  payments: readonly PaymentFacts[],
) {
  return {
    kind: b.kind,
    billId: b.id,
    reversesId: b.reverses_id,
    invoiceNo: b.invoice_no,
    at: b.at,
    patient: { name: b.patient_name, mrn: b.mrn },
    payer: b.payer,
    cashier: b.cashier_name,
    categories: categoriesOf(lines),
    lines: lines.map(presentPrintedLine),
    totalFen: b.total_fen,
    insuranceFundFen: b.insurance_fund_fen,
    patientPayFen: b.patient_pay_fen,
    payments: payments.map(presentPayment),
    reason: b.reason,
  };
}
export type ReceiptPayload = ReturnType<typeof presentReceipt>;

/**
 * The facts printed on a bill's invoice, shaped like the receipt: the number shown, the lines
 * and totals the caller kept (after refunds for a charge; its own lines for a refund).
 */
export function presentInvoiceFacts(
  b: PrintHead & Pick<BillHead, 'patient_id'>,
  invoiceNo: string | null,
  kept: readonly LineFacts[],
  totals: { totalFen: number; insuranceFundFen: number },
  payments: readonly PaymentFacts[] = [],
) {
  const net = new Map<string, { method: string; fundPayType: string | null; amountFen: number }>();
  for (const p of payments) {
    const k = `${p.method}|${p.fund_pay_type ?? ''}`;
    const e = net.get(k) ?? { method: p.method, fundPayType: p.fund_pay_type ?? null, amountFen: 0 };
    e.amountFen += p.amount_fen;
    net.set(k, e);
  }
  return {
    /** Net of refunds, by method (and fund type): the split printed on an insured invoice. */
    payments: [...net.values()].filter((p) => p.amountFen !== 0),
    kind: b.kind,
    billId: b.id,
    reversesId: b.reverses_id,
    invoiceNo,
    at: b.at,
    patient: { name: b.patient_name, mrn: b.mrn },
    patientId: b.patient_id,
    payer: b.payer,
    cashier: b.cashier_name,
    categories: categoriesOf(kept),
    lines: kept.map(presentPrintedLine),
    totalFen: totals.totalFen,
    insuranceFundFen: totals.insuranceFundFen,
    patientPayFen: totals.totalFen - totals.insuranceFundFen,
  };
}
