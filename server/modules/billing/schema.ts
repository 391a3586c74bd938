// Billing (收费): request shapes. Money is integer fen; a fraction of a fen is refused.
import { z } from 'zod';
import { labelFields, pathId } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';

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

// Invoice number accounting as the API shows it (answers, not requests; types only, so the
// cashier page takes them from here).
export interface InvoiceUsageView {
  invoiceNo: string;
  kind: 'used' | 'voided' | 'reprint-replacement';
  reason: string | null;
  replacesNo: string | null;
  refundBillId: number | null;
  userName: string | null;
  at: number;
}

export interface BookUsage {
  /** Issued to a bill and not voided. */
  used: number;
  /** Voided: issued then voided (补打, 退费) or spoiled blanks (作废). */
  voided: number;
  /** Of the issued numbers, how many were reprint replacements. */
  reprinted: number;
  /** Never issued nor voided (still in the book, or left in a retired book). */
  unused: number;
  /** Numbers below the book's next number with no record (always 0 when nothing is lost). */
  gaps: number;
}

export interface ShiftInvoices {
  /** Numbers issued in the shift (charges, registration fees, kept parts, reprints). */
  issued: number;
  /** Numbers voided in the shift. */
  voided: number;
  /** Reprint replacements issued in the shift. */
  reprinted: number;
  /** First and last number issued or voided in the shift. */
  first: string | null;
  last: string | null;
  /** Numbers between the first and last of each book touched in the shift with no record. */
  gaps: number;
}
