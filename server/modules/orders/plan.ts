// A draft's plan (pure): what saving or signing it writes — its priced lines and total — from the
// checks' outcome (checks.ts checkOrder) and the items read; and the signing-only refusal of an
// item without a saved invoice category. service.ts reads, plans, then writes.
import { DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { lineAmountFen } from '../../../core/money.js';
import type { CheckOutcome, DraftOrder, ItemRow, Problem } from './checks.js';
import type { LineRowInput } from './repo.js';

export interface OrderPlan {
  problems: Problem[];
  lines: LineRowInput[];
  quantities: Array<number | null>;
  totalFen: number;
}

/** Prices the lines the checks counted (today's prices, half-up once per line); lines with no quantity are left out. */
export function planOrder(order: DraftOrder, items: ReadonlyMap<number, ItemRow>, outcome: CheckOutcome): OrderPlan {
  const lines: LineRowInput[] = [];
  let totalFen = 0;
  order.lines.forEach((l, i) => {
    const item = items.get(l.itemId);
    const qty = outcome.quantities[i];
    if (!item || qty === null || qty === undefined) return;
    const amountFen = lineAmountFen(qty, item.price_fen, item.pack_size);
    totalFen += amountFen;
    lines.push({
      itemId: l.itemId,
      dose: l.dose,
      doseUnit: l.dose ? (l.doseUnit ?? item.dose_unit ?? item.unit) : l.doseUnit,
      frequency: l.frequency,
      route: l.route,
      days: l.days,
      quantity: qty,
      unitPriceFen: item.price_fen,
      packSize: item.pack_size,
      amountFen,
      chargeCategory: item.charge_category,
      note: l.note,
    });
  });
  return { problems: outcome.problems, lines, quantities: outcome.quantities, totalFen };
}

/**
 * 发票归类: an item whose invoice category was never saved cannot be charged, so it is not
 * signed either (the patient would only be refused at the cashier). Drafts may still hold it.
 */
export function unconfirmedInvoiceCategory(order: DraftOrder, items: ReadonlyMap<number, ItemRow>): DomainError | null {
  for (const [i, l] of order.lines.entries()) {
    const item = items.get(l.itemId);
    if (item && item.invoice_confirmed === 0) {
      return new DomainError(
        422,
        'invoice_unconfirmed',
        t(
          `“${item.name}”尚未做发票归类,暂不能开具;请联系管理员在“发票归类”中保存`,
          `"${item.name}" has no saved invoice category and cannot be prescribed yet; ` +
            'ask an administrator to save it under "Invoice categories"',
        ),
        `lines.${i}.itemId`,
      );
    }
  }
  return null;
}
