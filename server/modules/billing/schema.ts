// Billing (收费): request shapes. Money is integer fen; a fraction of a fen is refused.
import { z } from 'zod';
import { labelFields, pathId } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { PrintOutcome } from '../printing/schema.js';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fen = z.number().int().min(0).max(100_000_000_00);
const reference = z
  .string()
  .trim()
  .max(64)
  .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)');

export const PatientParam = z.strictObject({ patientId: pathId });
export const BillParam = z.strictObject({ billId: pathId });
export const IdParam = z.strictObject({ id: pathId });

export const Payment = z.strictObject({
  method: z.enum(['cash', 'bank_card', 'wechat', 'alipay']),
  amountFen: fen.min(1),
  tenderedFen: fen.optional(),
  reference: reference.optional(),
});

export const ChargeBody = z.strictObject({
  patientId: id,
  orderIds: z
    .array(id)
    .min(1)
    .max(50)
    .refine((a) => new Set(a).size === a.length, '同一医嘱不能重复(each order once)'),
  payer: z.enum(['cash', 'insured']),
  payments: z.array(Payment).max(5),
  /** The cashier confirmed an unusual amount (a line or the bill above the institution's thresholds). */
  confirmUnusual: z.boolean().optional(),
});
export type ChargeBody = z.infer<typeof ChargeBody>;

export const RefundBody = z
  .strictObject({
    lines: z
      .array(z.strictObject({ billLineId: id, quantity: z.number().int().positive().max(1_000_000) }))
      .min(1)
      .max(100)
      .optional(),
    all: z.literal(true).optional(),
    method: z.enum(['cash', 'bank_card', 'wechat', 'alipay']).optional(),
    reference: reference.optional(),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)'),
  })
  .refine((b) => (b.lines ? !b.all : b.all === true), {
    message: '请给出要退的行(lines),或 all: true(give lines or all: true)',
    path: ['lines'],
  });
export type RefundBody = z.infer<typeof RefundBody>;

export const BillsQuery = z.strictObject({
  patientId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD(date as YYYY-MM-DD)')
    .optional(),
  shiftId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type BillsQuery = z.infer<typeof BillsQuery>;

export const BookBody = z
  .strictObject({
    cashierUserId: id,
    prefix: z
      .string()
      .trim()
      .max(12)
      .regex(/^[A-Za-z0-9-]*$/, '只能包含字母、数字和 -(letters, digits and - only)')
      .default(''),
    startNo: z.number().int().min(0).max(9_999_999_999),
    endNo: z.number().int().min(0).max(9_999_999_999),
  })
  .refine((b) => b.endNo >= b.startNo, {
    message: '结束号不能小于起始号(end must not be below start)',
    path: ['endNo'],
  })
  .refine((b) => b.endNo - b.startNo < 1_000_000, {
    message: '一个号段最多 1000000 张(at most 1,000,000 numbers in a book)',
    path: ['endNo'],
  });
export type BookBody = z.infer<typeof BookBody>;

export const BooksQuery = z.strictObject({
  cashierUserId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  status: z.enum(['active', 'used_up', 'retired']).optional(),
});
export type BooksQuery = z.infer<typeof BooksQuery>;

export const EmptyBody = z.strictObject({});

// Field labels for the error messages (server/http/field-text.ts).
labelFields(Payment, {
  method: t('支付方式', 'Payment method'),
  amountFen: t('付款金额', 'Amount paid'),
  tenderedFen: t('实收金额', 'Amount tendered'),
  reference: t('交易参考号', 'Payment reference'),
});
labelFields(ChargeBody, {
  patientId: t('患者', 'Patient'),
  orderIds: t('收费项目', 'Orders to charge'),
  payer: t('费别', 'Payer'),
  payments: t('付款', 'Payments'),
});
labelFields(RefundBody, {
  lines: t('退费明细', 'Lines to refund'),
  all: t('全部退费', 'Refund all'),
  method: t('退款方式', 'Refund method'),
  reference: t('交易参考号', 'Payment reference'),
  reason: t('退费原因', 'Reason for the refund'),
});
labelFields(RefundBody.shape.lines.unwrap().element, {
  billLineId: t('账单明细', 'Bill line'),
  quantity: t('退费数量', 'Quantity to refund'),
});

/** 作废: a spoiled blank number of an invoice book, with why. */
export const VoidNumberBody = z.strictObject({
  number: z.number().int().min(0).max(9_999_999_999),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)'),
});
export type VoidNumberBody = z.infer<typeof VoidNumberBody>;

// ---- Answers (response schemas: the OpenAPI document, and the types the cashier page imports) ----
const fenAmount = z.number().int();
const PayerEnum = z.enum(['cash', 'insured']);
const MethodEnum = z.enum(['cash', 'bank_card', 'wechat', 'alipay']);

// Invoice number accounting as the API shows it.
export const InvoiceUsageView = z.object({
  invoiceNo: z.string(),
  kind: z.enum(['used', 'voided', 'reprint-replacement']),
  reason: z.string().nullable(),
  replacesNo: z.string().nullable(),
  refundBillId: z.number().int().nullable(),
  userName: z.string().nullable(),
  at: z.number().int(),
});
export type InvoiceUsageView = z.infer<typeof InvoiceUsageView>;

export const BookUsage = z.object({
  /** Issued to a bill and not voided. */
  used: z.number().int(),
  /** Voided: issued then voided (补打, 退费) or spoiled blanks (作废). */
  voided: z.number().int(),
  /** Of the issued numbers, how many were reprint replacements. */
  reprinted: z.number().int(),
  /** Never issued nor voided (still in the book, or left in a retired book). */
  unused: z.number().int(),
  /** Numbers below the book's next number with no record (always 0 when nothing is lost). */
  gaps: z.number().int(),
});
export type BookUsage = z.infer<typeof BookUsage>;

export const ShiftInvoices = z.object({
  /** Numbers issued in the shift (charges, registration fees, kept parts, reprints). */
  issued: z.number().int(),
  /** Numbers voided in the shift. */
  voided: z.number().int(),
  /** Reprint replacements issued in the shift. */
  reprinted: z.number().int(),
  /** First and last number issued or voided in the shift. */
  first: z.string().nullable(),
  last: z.string().nullable(),
  /** Numbers between the first and last of each book touched in the shift with no record. */
  gaps: z.number().int(),
});
export type ShiftInvoices = z.infer<typeof ShiftInvoices>;

export const CategoryTotal = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), amountFen: fenAmount });
export type CategoryTotal = z.infer<typeof CategoryTotal>;

export const WaitingPatient = z.object({
  patientId: z.number().int(),
  name: z.string(),
  mrn: z.string(),
  sex: z.enum(['M', 'F']),
  orderCount: z.number().int(),
  totalFen: fenAmount,
  firstSignedAt: z.number().int().nullable(),
});
export type WaitingPatient = z.infer<typeof WaitingPatient>;
export const WaitingList = z.object({ items: z.array(WaitingPatient) });

export const UnpaidLine = z.object({
  orderLineId: z.number().int(),
  itemId: z.number().int(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  packUnit: z.string(),
  quantity: z.number().int(),
  unitPriceFen: fenAmount,
  packSize: z.number().int(),
  amountFen: fenAmount,
  chargeCategory: z.string(),
});
export type UnpaidLine = z.infer<typeof UnpaidLine>;

export const UnpaidOrder = z.object({
  orderId: z.number().int(),
  visitId: z.number().int(),
  kind: z.enum(['western', 'herbal', 'service']),
  departmentName: z.string(),
  doctorName: z.string(),
  signedAt: z.number().int().nullable(),
  totalFen: fenAmount,
  version: z.number().int(),
  /** Last business day a prescription may be charged (null for service orders). */
  validUntil: z.string().nullable(),
  expired: z.boolean(),
  lines: z.array(UnpaidLine),
});
export type UnpaidOrder = z.infer<typeof UnpaidOrder>;

export const Unpaid = z.object({
  patient: z.object({
    id: z.number().int(),
    mrn: z.string(),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    birthDate: z.string(),
    insuranceNo: z.string().nullable(),
  }),
  payer: PayerEnum,
  orders: z.array(UnpaidOrder),
  categories: z.array(CategoryTotal),
  totalFen: fenAmount,
  /** 异常金额 thresholds (fen; 0 = off): above them the cashier confirms before charging. */
  unusual: z.object({ lineWarnFen: z.number().int(), billWarnFen: z.number().int() }),
});
export type Unpaid = z.infer<typeof Unpaid>;

export const ChargeResult = z.object({
  billId: z.number().int(),
  invoiceNo: z.string().nullable(),
  totalFen: fenAmount,
  insuranceFundFen: fenAmount,
  patientPayFen: fenAmount,
  changeFen: fenAmount,
  printJobId: z.number().int(),
  /** Whether the receipt can print here (no receipt printer: the desk says so). */
  print: PrintOutcome,
  orderIds: z.array(z.number().int()),
  shiftId: z.number().int(),
});
export type ChargeResult = z.infer<typeof ChargeResult>;

export const PaymentView = z.object({
  method: z.enum(['cash', 'bank_card', 'wechat', 'alipay', 'insurance_fund', 'insurance_account']),
  amountFen: fenAmount,
  tenderedFen: fenAmount.nullable(),
  changeFen: fenAmount.nullable(),
  reference: z.string().nullable(),
  /** An insurer fund payment's fund type (390100 城乡居民基本医保 …); null otherwise. */
  fundPayType: z.string().nullable(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const BillSummary = z.object({
  id: z.number().int(),
  kind: z.enum(['charge', 'refund']),
  reversesId: z.number().int().nullable(),
  patientId: z.number().int(),
  patientName: z.string(),
  /** Pinyin initials of the patient's name (space-separated readings), for filtering. */
  patientPinyin: z.string(),
  mrn: z.string(),
  visitId: z.number().int().nullable(),
  payer: PayerEnum,
  invoiceNo: z.string().nullable(),
  totalFen: fenAmount,
  insuranceFundFen: fenAmount,
  patientPayFen: fenAmount,
  cashierUserId: z.number().int(),
  cashierName: z.string(),
  shiftId: z.number().int(),
  at: z.number().int(),
  reason: z.string().nullable(),
  payments: z.array(PaymentView),
  refundedFen: fenAmount,
  /** A charge's valid invoice number was printed on a form (打印发票 done; 补打 for another copy). */
  invoicePrinted: z.boolean(),
  /** Every number the bill had (voided ones too), for finding it by an old number. */
  invoiceNos: z.array(z.string()),
  /** On a refund: the invoice number it reverses (voided by it) and the one issued for the kept part. */
  reversesInvoiceNo: z.string().nullable(),
  newInvoiceNo: z.string().nullable(),
});
export type BillSummary = z.infer<typeof BillSummary>;
export const BillList = z.object({ items: z.array(BillSummary) });

export const BillLine = z.object({
  id: z.number().int(),
  orderId: z.number().int().nullable(),
  orderLineId: z.number().int().nullable(),
  registrationId: z.number().int().nullable(),
  itemId: z.number().int(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPriceFen: fenAmount,
  amountFen: fenAmount,
  chargeCategory: z.string(),
  reversesLineId: z.number().int().nullable(),
  refundedQuantity: z.number().int(),
  refundedFen: fenAmount,
  dispensedQuantity: z.number().int(),
  refundableQuantity: z.number().int(),
});
export type BillLine = z.infer<typeof BillLine>;

export const BillDetail = BillSummary.extend({
  lines: z.array(BillLine),
  categories: z.array(CategoryTotal),
  refunds: z.array(BillSummary),
  /** The bill's invoice numbers: issued, voided (补打, 退费) and replacements, oldest first. */
  invoices: z.array(InvoiceUsageView),
});
export type BillDetail = z.infer<typeof BillDetail>;

export const RefundResult = z.object({
  billId: z.number().int(),
  originalBillId: z.number().int(),
  totalFen: fenAmount,
  refundFen: fenAmount,
  method: MethodEnum.nullable(),
  printJobId: z.number().int(),
  print: PrintOutcome,
  cancelledOrderIds: z.array(z.number().int()),
  /** The invoice number voided by this refund and the number issued for the kept part (print it from the bill). */
  voidedInvoiceNo: z.string().nullable(),
  newInvoiceNo: z.string().nullable(),
});
export type RefundResult = z.infer<typeof RefundResult>;

/** Inpatient deposits (预交金, the stays module's money) the cashier took and paid back in the shift, by method. */
export const ShiftDeposits = z.object({
  byMethod: z.array(
    z.object({
      method: z.string(),
      count: z.number().int(),
      takenFen: fenAmount,
      refundedFen: fenAmount,
      netFen: fenAmount,
    }),
  ),
  /** Taken (positive), refunded (negative) and their sum. */
  takenFen: fenAmount,
  refundedFen: fenAmount,
  netFen: fenAmount,
  /** Counted from just after the cashier's previous 交班 (0 for the first) up to this one's close (ms). */
  fromAt: z.number().int(),
});
export type ShiftDeposits = z.infer<typeof ShiftDeposits>;

export const ShiftTotals = z.object({
  byMethod: z.array(
    z.object({ method: z.string(), amountFen: fenAmount, receivedFen: fenAmount, paidBackFen: fenAmount }),
  ),
  byCategory: z.array(CategoryTotal),
  charges: z.object({ count: z.number().int(), totalFen: fenAmount }),
  refunds: z.object({ count: z.number().int(), totalFen: fenAmount }),
  /** Charges plus refunds (refunds are negative). */
  netFen: fenAmount,
  /** The fund's part (insured bills), not money in the drawer. */
  insuranceFundFen: fenAmount,
  /** Net cash that should be in the drawer: the bills' cash plus the net cash deposits. */
  cashFen: fenAmount,
  /** Invoice numbers issued, voided and reprinted in the shift (absent on shifts closed before they were counted). */
  invoices: ShiftInvoices.optional(),
  /** Inpatient deposits of the shift (absent on shifts closed before they were counted). */
  deposits: ShiftDeposits.optional(),
});
export type ShiftTotals = z.infer<typeof ShiftTotals>;

const ShiftHead = z.object({ id: z.number().int(), openedAt: z.number().int(), closedAt: z.number().int().nullable() });
/** No open shift: `shift` null, and `totals` the deposits waiting for one (closing makes a shift of them) or null. */
export const ShiftView = z.object({ shift: ShiftHead.nullable(), totals: ShiftTotals.nullable() });
export type ShiftView = z.infer<typeof ShiftView>;
export const ShiftList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      openedAt: z.number().int(),
      closedAt: z.number().int(),
      totals: ShiftTotals.nullable(),
    }),
  ),
});
export const ShiftDetail = z.object({
  shift: ShiftHead.extend({ cashierUserId: z.number().int() }),
  totals: ShiftTotals,
});
export const ShiftClosed = z.object({
  shift: ShiftHead,
  totals: ShiftTotals,
  printJobId: z.number().int(),
  print: PrintOutcome,
});

export const Book = z.object({
  id: z.number().int(),
  cashierUserId: z.number().int(),
  cashierName: z.string(),
  username: z.string(),
  prefix: z.string(),
  startNo: z.number().int(),
  endNo: z.number().int(),
  nextNo: z.number().int(),
  first: z.string(),
  last: z.string(),
  next: z.string().nullable(),
  remaining: z.number().int(),
  status: z.enum(['active', 'used_up', 'retired']),
  createdAt: z.number().int(),
  /** The book's numbers accounted for: used + voided + unused = its range; gaps should be 0. */
  usage: BookUsage,
});
export type Book = z.infer<typeof Book>;
export const BookList = z.object({ items: z.array(Book) });
export const CashierList = z.object({
  items: z.array(z.object({ id: z.number().int(), username: z.string(), name: z.string() })),
});
export const VoidedNumber = z.object({
  bookId: z.number().int(),
  number: z.number().int(),
  invoiceNo: z.string(),
  reason: z.string(),
});
