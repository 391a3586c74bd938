// 退费 (红冲), the plan: a pure function of what the refund read (the charge bill, its lines and
// their balances, the orders behind them, the charge's payments). It answers the reversing
// bill to write (lines with their half-up amounts, the fund's and the patient's part, the
// method the money goes back by), the orders a refund leaves with nothing paid (cancelled), or
// the DomainError that refuses it. ledger.ts recordRefund reads, plans, then applies.
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { LineBalance, PayMethod, RefundInput } from './ledger.js';
import type * as repo from './ledger-repo.js';
import { PAY_METHODS } from './pay-methods.js';

type BillRow = NonNullable<Awaited<ReturnType<typeof repo.billById>>>;
export type RefundBillLine = Awaited<ReturnType<typeof repo.linesOfBill>>[number];
export type RefundOrderRow = Pick<
  Awaited<ReturnType<typeof repo.ordersOfLines>>[number],
  'order_line_id' | 'order_id' | 'kind' | 'status' | 'pharmacy_id'
>;

/** Half-up share of `amount` for `part` of `whole` (integers, whole > 0). */
export function share(amount: number, part: number, whole: number): number {
  return Math.floor((2 * amount * part + whole) / (2 * whole));
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function positiveInt(v: unknown, field: string): number {
  if (!isWhole(v) || v < 1)
    throw invalid(field, t(`“${field}”必须是正整数`, `"${field}" must be a positive whole number`));
  return v;
}

export interface RefundPlanInput {
  input: Pick<RefundInput, 'originalBillId' | 'lines' | 'method'>;
  /** The charge bill (undefined: it does not exist). */
  original: Pick<BillRow, 'id' | 'kind' | 'total_fen' | 'insurance_fund_fen'> | undefined;
  /** All lines of the charge bill, with their balances (lineBalances). */
  lines: readonly RefundBillLine[];
  balances: ReadonlyMap<number, LineBalance>;
  /** The orders behind the bill's order lines (one row per order line). */
  orders: readonly RefundOrderRow[];
  /** Every line of those orders (a refund that clears them all cancels the order). */
  orderLines: readonly { id: number; order_id: number }[];
  /** The charge's payments (the money goes back by the main one unless another is chosen). */
  payments: readonly { method: string; amount_fen: number }[];
}

export interface RefundPlan {
  lines: Array<{ line: RefundBillLine; quantity: number; amount: number }>;
  /** What this refund gives back (fen, positive). */
  refundTotal: number;
  /** What earlier refunds of this charge gave back (fen, positive). */
  priorRefunds: number;
  fundBack: number;
  patientBack: number;
  /** How the patient's part goes back; null when nothing does. */
  method: PayMethod | null;
  /** What is left of the charge after this refund (a new invoice number is issued for it). */
  keptFen: number;
  /** Orders touched, and of them those left with nothing paid (cancelled), ascending. */
  orderIds: number[];
  cancelledOrderIds: number[];
  pharmacyIds: number[];
}

export function planRefund(p: RefundPlanInput): RefundPlan {
  const { input, original, lines, balances } = p;
  if (!original) throw notFound(t('收费单', 'Bill'), input.originalBillId, 'billId');
  if (original.kind !== 'charge')
    throw conflict('not_a_charge', t('只能对收费单退费', 'Only a charge bill can be refunded'), 'billId');
  if (!Array.isArray(input.lines) || input.lines.length === 0)
    throw invalid('lines', t('请选择要退费的项目', 'Choose what to refund'));
  if (input.method != null && !PAY_METHODS.includes(input.method))
    throw invalid(
      'method',
      t('退款方式只能是现金、银行卡、微信或支付宝', 'Refund method must be cash, bank_card, wechat or alipay'),
    );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  const wanted = input.lines.map((w, i) => {
    const line = byId.get(w.billLineId);
    if (!line)
      throw invalid(
        `lines.${i}.billLineId`,
        t(`第 ${i + 1} 行不是这张收费单的项目`, `Line ${i + 1} is not a line of this bill`),
      );
    if (seen.has(line.id))
      throw invalid(`lines.${i}.billLineId`, t(`第 ${i + 1} 行重复`, `Line ${i + 1} appears twice`));
    seen.add(line.id);
    return { line, quantity: positiveInt(w.quantity, `lines.${i}.quantity`), index: i };
  });
  const refunded = new Map([...balances].map(([id, b]) => [id, { quantity: b.refunded, amount: b.refundedFen }]));
  const orderOfLine = new Map(p.orders.map((o) => [o.order_line_id, o]));

  const out = wanted.map(({ line, quantity, index }) => {
    const b = balances.get(line.id)!;
    if (quantity > b.refundable) {
      throw conflict(
        'refund_exceeds_refundable',
        t(
          `第 ${index + 1} 行最多可退 ${b.refundable}(已收 ${b.paid},已退 ${b.refunded},已发药未退回 ${b.outstanding})`,
          `Line ${index + 1}: at most ${b.refundable} can be refunded ` +
            `(paid ${b.paid}, refunded ${b.refunded}, dispensed and not returned ${b.outstanding})`,
        ),
        `lines.${index}.quantity`,
      );
    }
    const remainingQty = b.paid - b.refunded;
    // The half-up share of the line, never more than is left of it (rounding up on several
    // small refunds must not give back more than was paid); the last part gets what is left.
    const left = line.amount_fen - b.refundedFen;
    const amount = quantity === remainingQty ? left : Math.min(left, share(line.amount_fen, quantity, line.quantity));
    return { line, quantity, amount };
  });

  // A drug order not yet dispensed is refunded as a whole: the pharmacy dispenses whole
  // orders, so a half-refunded undispensed prescription would be handed out in full.
  const touchedOrders = new Set(
    out
      .map((o) => (o.line.order_line_id === null ? null : orderOfLine.get(o.line.order_line_id)?.order_id))
      .filter((x): x is number => !!x),
  );
  const fullAfter = new Set<number>(); // order ids with nothing left paid after this refund
  for (const orderId of touchedOrders) {
    const mine = p.orderLines.filter((l) => l.order_id === orderId).map((l) => l.id);
    const clears = mine.every((olId) => {
      const bl = lines.find((l) => l.order_line_id === olId);
      if (!bl) return true;
      const done = refunded.get(bl.id)?.quantity ?? 0;
      const now = out.find((o) => o.line.id === bl.id)?.quantity ?? 0;
      return bl.quantity - done - now === 0;
    });
    const order = p.orders.find((o) => o.order_id === orderId)!;
    if (order.status === 'paid' && order.kind !== 'service' && !clears) {
      throw conflict(
        'refund_whole_prescription',
        t('未发药的处方须整张退费', 'A prescription not yet dispensed is refunded as a whole'),
        'lines',
      );
    }
    if (clears) fullAfter.add(orderId);
  }

  const refundTotal = out.reduce((s, o) => s + o.amount, 0);
  const priorRefunds = [...refunded.values()].reduce((s, r) => s + r.amount, 0);
  // The fund gets back its share; what is left of the fund part caps it.
  const fundLeft =
    original.insurance_fund_fen -
    (original.total_fen === 0 ? 0 : share(original.insurance_fund_fen, priorRefunds, original.total_fen));
  const fundBack =
    original.total_fen === 0
      ? 0
      : Math.min(fundLeft, share(original.insurance_fund_fen, refundTotal, original.total_fen));
  const patientBack = refundTotal - fundBack;
  const main = p.payments
    .filter((x) => x.method !== 'insurance_fund' && x.method !== 'insurance_account')
    .sort((a, b) => b.amount_fen - a.amount_fen)[0];
  const method: PayMethod | null =
    patientBack > 0 ? (input.method ?? (main?.method as PayMethod | undefined) ?? 'cash') : null;

  return {
    lines: out,
    refundTotal,
    priorRefunds,
    fundBack,
    patientBack,
    method,
    keptFen: original.total_fen - priorRefunds - refundTotal,
    orderIds: [...touchedOrders].sort((a, b) => a - b),
    cancelledOrderIds: [...fullAfter].sort((a, b) => a - b),
    pharmacyIds: [
      ...new Set(
        p.orders
          .filter((o) => touchedOrders.has(o.order_id))
          .map((o) => o.pharmacy_id)
          .filter((x): x is number => x !== null),
      ),
    ].sort((a, b) => a - b),
  };
}
