// The billing API's shapes as the cashier page sees them (server/modules/billing is the truth).
import type { PrintOutcome } from '../printing/desk-print.js';
import type {
  BookUsage,
  InvoiceUsageView as InvoiceUsage,
  ShiftInvoices,
} from '../../../../server/modules/billing/schema.js';
export type { BookUsage, InvoiceUsage, ShiftInvoices };
export type { InvoicePrintResult } from '../../../../server/modules/printing/schema.js';
export type PayMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay';
export type Payer = 'cash' | 'insured';

export interface CategoryTotal {
  code: string;
  name: string;
  nameEn: string;
  amountFen: number;
}

export interface UnpaidLine {
  orderLineId: number;
  itemId: number;
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  quantity: number;
  unitPriceFen: number;
  packSize: number;
  amountFen: number;
  chargeCategory: string;
}

export interface UnpaidOrder {
  orderId: number;
  visitId: number;
  kind: 'western' | 'herbal' | 'service';
  departmentName: string;
  doctorName: string;
  signedAt: number | null;
  totalFen: number;
  version: number;
  /** Last business day a prescription may be charged (null for service orders). */
  validUntil: string | null;
  expired: boolean;
  lines: UnpaidLine[];
}

export interface Unpaid {
  patient: { id: number; mrn: string; name: string; sex: 'M' | 'F'; birthDate: string; insuranceNo: string | null };
  payer: Payer;
  orders: UnpaidOrder[];
  categories: CategoryTotal[];
  totalFen: number;
  /** 异常金额 thresholds (fen; 0 = off): above them the cashier confirms before charging. */
  unusual?: { lineWarnFen: number; billWarnFen: number };
}

export interface Waiting {
  patientId: number;
  name: string;
  mrn: string;
  sex: 'M' | 'F';
  orderCount: number;
  totalFen: number;
  firstSignedAt: number | null;
}

export interface ChargeResult {
  billId: number;
  invoiceNo: string | null;
  totalFen: number;
  insuranceFundFen: number;
  patientPayFen: number;
  changeFen: number;
  printJobId: number;
  /** Whether the receipt can print here (no receipt printer: the desk says so). */
  print?: PrintOutcome;
}

export interface PaymentView {
  method: PayMethod | 'insurance_fund';
  amountFen: number;
  tenderedFen: number | null;
  changeFen: number | null;
  reference: string | null;
}

export interface BillSummary {
  id: number;
  kind: 'charge' | 'refund';
  reversesId: number | null;
  patientId: number;
  patientName: string;
  patientPinyin: string;
  mrn: string;
  payer: Payer;
  invoiceNo: string | null;
  totalFen: number;
  insuranceFundFen: number;
  patientPayFen: number;
  cashierName: string;
  shiftId: number;
  at: number;
  reason: string | null;
  payments: PaymentView[];
  refundedFen: number;
  /** A charge's valid invoice number was printed on a form (打印发票 done; 补打 for another copy). */
  invoicePrinted: boolean;
  /** Every number the bill had (voided ones too), for finding it by an old number. */
  invoiceNos: string[];
  /** On a refund: the invoice number it reverses (voided by it) and the one issued for the kept part. */
  reversesInvoiceNo: string | null;
  newInvoiceNo: string | null;
}

export interface BillLine {
  id: number;
  orderId: number | null;
  registrationId: number | null;
  name: string;
  spec: string | null;
  unit: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  chargeCategory: string;
  refundedQuantity: number;
  refundedFen: number;
  dispensedQuantity: number;
  refundableQuantity: number;
}

export interface BillDetail extends BillSummary {
  lines: BillLine[];
  refunds: BillSummary[];
  invoices: InvoiceUsage[];
}

export interface ShiftTotals {
  byMethod: { method: string; amountFen: number; receivedFen: number; paidBackFen: number }[];
  byCategory: CategoryTotal[];
  charges: { count: number; totalFen: number };
  refunds: { count: number; totalFen: number };
  netFen: number;
  insuranceFundFen: number;
  cashFen: number;
  /** Absent on shifts closed before invoice numbers were counted. */
  invoices?: ShiftInvoices;
}

export interface ShiftView {
  shift: { id: number; openedAt: number; closedAt: number | null } | null;
  totals: ShiftTotals | null;
}

export interface Book {
  id: number;
  cashierUserId: number;
  cashierName: string;
  username: string;
  prefix: string;
  startNo: number;
  endNo: number;
  nextNo: number;
  first: string;
  last: string;
  next: string | null;
  remaining: number;
  status: 'active' | 'used_up' | 'retired';
  createdAt: number;
  usage: BookUsage;
}

/** Live events the cashier listens to. */
export const LIVE = {
  orderSigned: 'order:signed',
  orderCancelled: 'order:cancelled',
  billPaid: 'bill:paid',
  billRefunded: 'bill:refunded',
  shiftClosed: 'shift:closed',
  invoiceChanged: 'bill:invoice',
  dispenseCompleted: 'dispense:completed',
  dispenseReturned: 'dispense:returned',
} as const;
