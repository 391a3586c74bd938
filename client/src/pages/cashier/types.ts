// The billing API's shapes as the cashier page sees them (server/modules/billing is the truth).
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
}

export interface ShiftTotals {
  byMethod: { method: string; amountFen: number; receivedFen: number; paidBackFen: number }[];
  byCategory: CategoryTotal[];
  charges: { count: number; totalFen: number };
  refunds: { count: number; totalFen: number };
  netFen: number;
  insuranceFundFen: number;
  cashFen: number;
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
}

/** Live events the cashier listens to. */
export const LIVE = {
  orderSigned: 'order:signed',
  orderCancelled: 'order:cancelled',
  billPaid: 'bill:paid',
  billRefunded: 'bill:refunded',
  shiftClosed: 'shift:closed',
  dispenseCompleted: 'dispense:completed',
  dispenseReturned: 'dispense:returned',
} as const;
