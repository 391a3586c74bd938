// The billing API's shapes as the cashier page sees them: the z.infer types of the server's
// response schemas (server/modules/billing/schema.ts is the truth), imported type-only.
import { EV } from '../../../../core/contract.js';
import type { ChargeBody } from '../../../../server/modules/billing/schema.js';

export type {
  Book,
  BookUsage,
  BillDetail,
  BillLine,
  BillSummary,
  CategoryTotal,
  ChargeResult,
  InvoiceUsageView as InvoiceUsage,
  PaymentView,
  RefundResult,
  ShiftInvoices,
  ShiftTotals,
  ShiftView,
  Unpaid,
  UnpaidLine,
  UnpaidOrder,
  WaitingPatient as Waiting,
} from '../../../../server/modules/billing/schema.js';
export type { InvoicePrintResult } from '../../../../server/modules/printing/schema.js';

export type Payer = ChargeBody['payer'];
export type PayMethod = ChargeBody['payments'][number]['method'];

/** Live events the cashier listens to (names of the realtime contract). */
export const LIVE = {
  orderSigned: EV.orderSigned,
  orderCancelled: EV.orderCancelled,
  billPaid: EV.billPaid,
  billRefunded: EV.billRefunded,
  shiftClosed: EV.shiftClosed,
  invoiceChanged: EV.invoiceChanged,
  dispenseCompleted: EV.dispenseCompleted,
  dispenseReturned: EV.dispenseReturned,
  /** A deposit taken or paid back changes the shift's 预交金 (the cashier room hears every stay change). */
  stayChanged: EV.stayChanged,
} as const;
