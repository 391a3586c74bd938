// 划价收费, the plan: a pure function of what the charge read (the orders, their lines with the
// items' saved categories, the business day, the warning thresholds, the visits' payers). It
// answers what the charge writes (the bill's lines, its visit, the visits whose payer switches)
// or the DomainError that refuses it. service.ts reads, plans, then applies (ledger, orders
// lifecycle, visit payer, receipt, audit) in one short transaction.
import { DomainError, conflict, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import { addDays, dayOf } from '../../../core/calendar.js';
import type { ChargeLine, Payer } from './ledger.js';
import type * as repo from './repo.js';

export type ChargeOrderRow = Pick<
  Awaited<ReturnType<typeof repo.ordersByIds>>[number],
  'id' | 'patient_id' | 'visit_id' | 'status' | 'kind' | 'signed_at' | 'valid_days'
>;
export type OrderedLine = Awaited<ReturnType<typeof repo.orderLines>>[number];

/** The last business day a prescription may be charged (and dispensed); null for service orders. */
export function validUntil(
  o: { kind: string; signed_at: number | null; valid_days: number },
  timeZone: string,
): string | null {
  if (o.kind === 'service' || o.signed_at === null) return null;
  return addDays(dayOf(o.signed_at, timeZone), Math.max(1, o.valid_days) - 1);
}

export interface ChargePlanInput {
  patientId: number;
  orderIds: readonly number[];
  payer: Payer;
  confirmUnusual: boolean;
  orders: readonly ChargeOrderRow[];
  /** The orders' lines in order (order id, line no) with their items. */
  lines: readonly OrderedLine[];
  /** The charge's instant and the center's time zone (validity of prescriptions). */
  now: number;
  timeZone: string;
  /** 异常金额 thresholds (fen; 0 turns one off). */
  warn: { lineWarnFen: number; billWarnFen: number };
  /** The orders' visits whose payer differs from the one chosen (自费 ↔ 医保). */
  otherPayerVisits: readonly { id: number; payer: Payer; version: number }[];
}

export interface ChargePlan {
  /** The order lines charged, with the item's saved (发票归类) category. */
  lines: Array<OrderedLine & { charge_category: string }>;
  chargeLines: ChargeLine[];
  /** The bill's visit: the newest of the orders' visits. */
  visitId: number | null;
  totalFen: number;
  /** Visits whose payer follows the cashier's choice (audited as visit.payer-switched). */
  payerSwitches: Array<{ visitId: number; from: Payer; version: number }>;
}

/** Refuses orders that cannot be charged now: another patient's, cancelled, unsigned, paid, expired. */
function checkOrders(input: ChargePlanInput): void {
  const today = dayOf(input.now, input.timeZone);
  for (const id of input.orderIds) {
    const o = input.orders.find((x) => x.id === id);
    if (!o) throw notFound(t('医嘱', 'Order'), id, 'orderIds');
    if (o.patient_id !== input.patientId)
      throw invalid('orderIds', t(`医嘱 ${id} 不属于该患者`, `Order ${id} belongs to another patient`));
    if (o.status === 'cancelled')
      throw conflict(
        'order_cancelled',
        t(`医嘱 ${id} 已被医生作废,请刷新`, `Order ${id} was cancelled by the doctor; reload`),
        'orderIds',
      );
    if (o.status === 'draft')
      throw conflict('order_not_signed', t(`医嘱 ${id} 尚未签名`, `Order ${id} is not signed yet`), 'orderIds');
    if (o.status !== 'signed')
      throw conflict(
        'already_paid',
        t(`医嘱 ${id} 已经收费,请勿重复收费`, `Order ${id} has already been paid`),
        'orderIds',
      );
    const until = validUntil(o, input.timeZone);
    if (until !== null && until < today) {
      throw conflict(
        'prescription_expired',
        t(
          `处方 ${id} 已过有效期(${until}),请医生重新开具`,
          `Prescription ${id} expired on ${until}; the doctor must write it again`,
        ),
        'orderIds',
      );
    }
  }
}

/**
 * 异常金额: a line above lineWarnFen or a bill above billWarnFen is charged only with
 * confirmUnusual, so a double click or a bare API call cannot skip the warning the cashier's
 * screen shows. The 409 names the amounts. Null when the charge may go on.
 */
export function unusualAmount(
  lines: ReadonlyArray<{ name: string; amount_fen: number }>,
  totalFen: number,
  warn: { lineWarnFen: number; billWarnFen: number },
  confirmed: boolean,
): DomainError | null {
  if (confirmed) return null;
  const w = warn;
  const big = w.lineWarnFen > 0 ? lines.filter((l) => l.amount_fen > w.lineWarnFen) : [];
  const billOver = w.billWarnFen > 0 && totalFen > w.billWarnFen;
  if (!big.length && !billOver) return null;
  const zh = [
    ...big.map((l) => `“${l.name}”金额 ¥${formatYuan(l.amount_fen)} 超过单项提醒额 ¥${formatYuan(w.lineWarnFen)}`),
    ...(billOver ? [`本次合计 ¥${formatYuan(totalFen)} 超过单次提醒额 ¥${formatYuan(w.billWarnFen)}`] : []),
  ];
  const en = [
    ...big.map(
      (l) => `"${l.name}" is ¥${formatYuan(l.amount_fen)}, above the line warning of ¥${formatYuan(w.lineWarnFen)}`,
    ),
    ...(billOver
      ? [`the total ¥${formatYuan(totalFen)} is above the bill warning of ¥${formatYuan(w.billWarnFen)}`]
      : []),
  ];
  return new DomainError(
    409,
    'unusual_amount',
    t(
      `金额异常,请核对后确认再收费:${zh.join(';')}`,
      `Unusual amount; check it and confirm before charging: ${en.join('; ')}`,
    ),
    'confirmUnusual',
    {
      totalFen,
      lineWarnFen: w.lineWarnFen,
      billWarnFen: w.billWarnFen,
      lines: big.map((l) => ({ name: l.name, amountFen: l.amount_fen })),
    },
  );
}

/** The plan of a charge of whole signed orders, or the DomainError that refuses it. */
export function planCharge(input: ChargePlanInput): ChargePlan {
  checkOrders(input);
  // 发票归类: an item whose invoice category was never saved is not charged; a saved
  // category (which may differ from the one copied when the order was written) is used.
  // The one check of the charge (the ledger is told it was done).
  const unmapped = input.lines.find((l) => l.invoice_confirmed === 0);
  if (unmapped) {
    throw invalid(
      'orderIds',
      t(
        `收费项目“${unmapped.name}”尚未做发票归类,请管理员在“发票归类”中保存后再收费`,
        `The charge item "${unmapped.name}" has no saved invoice category; ` +
          'an administrator must save it under "Invoice categories" first',
      ),
    );
  }
  const lines = input.lines.map((l) => ({ ...l, charge_category: l.item_charge_category }));
  const chargeLines: ChargeLine[] = lines.map((l) => ({
    itemId: l.item_id,
    quantity: l.quantity,
    unitPriceFen: l.unit_price_fen,
    amountFen: l.amount_fen,
    chargeCategory: l.charge_category,
    orderLineId: l.id,
  }));
  const visitId = input.orders.map((o) => o.visit_id).sort((a, b) => b - a)[0] ?? null;
  const totalFen = chargeLines.reduce((s, l) => s + l.amountFen, 0);
  const unusual = unusualAmount(lines, totalFen, input.warn, input.confirmUnusual);
  if (unusual) throw unusual;
  return {
    lines,
    chargeLines,
    visitId,
    totalFen,
    payerSwitches: input.otherPayerVisits.map((v) => ({ visitId: v.id, from: v.payer, version: v.version })),
  };
}
