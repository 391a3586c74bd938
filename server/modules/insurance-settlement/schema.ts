// The insured visit's settlement (医保结算): request and response shapes. Money is integer fen.
// The cashier page imports these types (type-only).
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
const TextZ = z.object({ zh: z.string(), en: z.string() });

export const PatientParam = z.strictObject({ patientId: pathId });
export const BillParam = z.strictObject({ billId: pathId });
export const IdParam = z.strictObject({ id: pathId });
export const CallParam = z.strictObject({ callId: pathId });
export const OrderLineParam = z.strictObject({ orderLineId: pathId });

export const Payment = z.strictObject({
  method: z.enum(['cash', 'bank_card', 'wechat', 'alipay']),
  amountFen: fen.min(1),
  tenderedFen: fen.optional(),
  reference: reference.optional(),
});

const orderIds = z
  .array(id)
  .min(1)
  .max(50)
  .refine((a) => new Set(a).size === a.length, '同一医嘱不能重复(each order once)');

/** Register (2201/2203) if needed, upload the lines (2204), pre-settle (2206). */
export const PrepareBody = z.strictObject({ patientId: id, orderIds });
export type PrepareBody = z.infer<typeof PrepareBody>;

/** Settle (2207) the uploaded batch; the cashier collected `payments` (= the cash part + any 自费 lines). */
export const SettleBody = z.strictObject({
  patientId: id,
  orderIds,
  chrgBchno: z.string().trim().min(1).max(30),
  payments: z.array(Payment).max(5),
});
export type SettleBody = z.infer<typeof SettleBody>;

export const AbandonBody = z.strictObject({ patientId: id });
export type AbandonBody = z.infer<typeof AbandonBody>;

export const ResolveBody = z.strictObject({ action: z.enum(['query', 'reverse']) });
export type ResolveBody = z.infer<typeof ResolveBody>;

export const EmptyBody = z.strictObject({});

// An insured bill's refund takes the same body as any refund (billing's: lines or all, method, reason).
export { RefundBody } from '../billing/schema.js';

/** The doctor's answer for a restricted item (符合限定适应症?): '1' yes, '0' no. */
export const ApprovalBody = z.strictObject({ flag: z.enum(['0', '1']) });
export type ApprovalBody = z.infer<typeof ApprovalBody>;

// ---- responses ----

export const Split = z.object({
  medfeeFen: z.number().int(),
  fulamtOwnpayFen: z.number().int(),
  overlmtSelfpayFen: z.number().int(),
  preselfpayFen: z.number().int(),
  inscpScpFen: z.number().int(),
  actPayDedcFen: z.number().int(),
  hifpFen: z.number().int(),
  hifmiFen: z.number().int(),
  mafFen: z.number().int(),
  otherFundFen: z.number().int(),
  fundFen: z.number().int(),
  acctFen: z.number().int(),
  psnPartFen: z.number().int(),
  psnCashFen: z.number().int(),
  balcFen: z.number().int(),
  poolPropSelfpay: z.string().nullable(),
  funds: z.array(z.object({ fundPayType: z.string(), name: z.string(), amountFen: z.number().int() })),
});
export type Split = z.infer<typeof Split>;

export const FeeLineView = z.object({
  orderId: z.number(),
  orderLineId: z.number(),
  itemId: z.number(),
  name: z.string(),
  spec: z.string().nullable(),
  quantity: z.number(),
  unit: z.string(),
  amountFen: z.number().int(),
  /** uploaded (with the insurer's answer), unmatched (自费, red), awaiting_doctor (待医生确认限定用药). */
  status: z.enum(['uploaded', 'unmatched', 'awaiting_doctor', 'pending']),
  feedetlSn: z.string().nullable(),
  medListCodg: z.string().nullable(),
  chrgitmLv: z.string().nullable(),
  chrgitmLvName: z.string().nullable(),
  fulamtOwnpayFen: z.number().int().nullable(),
  overlmtFen: z.number().int().nullable(),
  preselfpayFen: z.number().int().nullable(),
  inscpScpFen: z.number().int().nullable(),
  selfpayProp: z.string().nullable(),
  lmtUsedFlag: z.string().nullable(),
  hospApprFlag: z.string().nullable(),
  memo: z.string().nullable(),
});
export type FeeLineView = z.infer<typeof FeeLineView>;

export const PrepareResult = z.object({
  status: z.enum(['ready', 'awaiting_doctor', 'nothing_insured']),
  patientId: z.number(),
  visitId: z.number(),
  insuranceVisitId: z.number(),
  mdtrtId: z.string(),
  chrgBchno: z.string().nullable(),
  lines: z.array(FeeLineView),
  split: Split.nullable(),
  /** Unmatched lines charged as 自费 in a separate cash bill. */
  selfPayFen: z.number().int(),
  /** What the cashier collects: the insurer's cash part + the 自费 lines. */
  cashToCollectFen: z.number().int(),
  message: TextZ.nullable(),
});
export type PrepareResult = z.infer<typeof PrepareResult>;

export const SettleResult = z.object({
  settlementId: z.number(),
  setlId: z.string(),
  billId: z.number(),
  invoiceNo: z.string().nullable(),
  selfPayBillId: z.number().nullable(),
  selfPayFen: z.number().int(),
  totalFen: z.number().int(),
  split: Split,
  cashFen: z.number().int(),
  changeFen: z.number().int(),
  printJobId: z.number().nullable(),
  print: PrintOutcome.nullable(),
});
export type SettleResult = z.infer<typeof SettleResult>;

export const CallView = z.object({
  callId: z.number(),
  infno: z.string(),
  msgid: z.string(),
  state: z.string(),
  errMsg: z.string().nullable(),
  createdAt: z.number(),
  /** 查询 (5203) and/or 冲正 (2601). */
  actions: z.array(z.enum(['query', 'reverse'])),
});

export const SettlementView = z.object({
  id: z.number(),
  setlId: z.string(),
  billId: z.number().nullable(),
  state: z.enum(['settled', 'cancelled']),
  insutype: z.string(),
  setlTime: z.string(),
  businessDay: z.string(),
  split: Split,
  applyError: z.string().nullable(),
  cancelSetlId: z.string().nullable(),
  refundBillId: z.number().nullable(),
  createdAt: z.number(),
});
export type SettlementView = z.infer<typeof SettlementView>;

export const PatientState = z.object({
  patientId: z.number(),
  person: z
    .object({
      lookupId: z.number(),
      /** 人员编号: meaningless to a cashier, shown as a tooltip at most. */
      psnNo: z.string(),
      name: z.string(),
      /** 1101 gend: '1' male, '2' female, else unknown. */
      gend: z.string(),
      age: z.number().int().nullable(),
      insutype: z.string().nullable(),
      insutypeName: z.string().nullable(),
      /** 人员类别 of the chosen insutype (在职, 退休, 城乡居民 …). */
      psnTypeName: z.string().nullable(),
      balcFen: z.number().int().nullable(),
      suspended: z.boolean(),
      statusName: z.string().nullable(),
      certType: z.string(),
      at: z.number(),
    })
    .nullable(),
  insuranceVisit: z
    .object({
      id: z.number(),
      visitId: z.number(),
      mdtrtId: z.string(),
      insutype: z.string(),
      medType: z.string(),
      lock: z
        .object({ userId: z.number(), username: z.string().nullable(), at: z.number(), step: z.string() })
        .nullable(),
      uploaded: z.array(FeeLineView),
      chrgBchno: z.string().nullable(),
    })
    .nullable(),
  /** 上次医保交易结果未知: to resolve (查询/冲正) before anything else for this patient. */
  unknownCalls: z.array(CallView),
  /** Settled with the insurer but not written locally (单边账): 完成本地记账 or 冲正. */
  unapplied: z.array(SettlementView),
  /** A settlement whose answer was refused (bad fields) and still needs its 2601 reversal. */
  needsReversal: z.array(z.object({ insuranceVisitId: z.number(), msgid: z.string(), reason: z.string() })),
  settlements: z.array(SettlementView),
});
export type PatientState = z.infer<typeof PatientState>;

export const ResolveResult = z.object({
  outcome: z.enum(['completed', 'not-found', 'reversed', 'cancel-recorded', 'resolved']),
  message: TextZ,
  settlementId: z.number().nullable(),
  billId: z.number().nullable(),
});
export type ResolveResult = z.infer<typeof ResolveResult>;

export const RefundStep = z.object({ step: z.string(), ok: z.boolean(), message: TextZ });

export const RefundResult = z.object({
  originalBillId: z.number(),
  cancelledSettlementId: z.number(),
  cancelSetlId: z.string(),
  refundBillId: z.number(),
  newSettlementId: z.number().nullable(),
  refundFen: z.number().int(),
  /** Cash back to the patient (negative: the patient pays the difference). */
  cashBackFen: z.number().int(),
  steps: z.array(RefundStep),
  printJobId: z.number().nullable(),
});
export type RefundResult = z.infer<typeof RefundResult>;

export const BillSettlement = z.object({ billId: z.number(), settlements: z.array(SettlementView) });

export const AbandonResult = z.object({ cancelled: z.number(), chrgBchno: z.string().nullable() });

export const ApprovalResult = z.object({ orderLineId: z.number(), flag: z.enum(['0', '1']) });

export const VisitParam = z.strictObject({ visitId: pathId });

/** The doctor's view: the visit's restricted insured items (限定支付范围) and the answers given. */
export const RestrictedLines = z.object({
  insured: z.boolean(),
  items: z.array(
    z.object({
      orderLineId: z.number(),
      orderId: z.number(),
      name: z.string(),
      restriction: z.string().nullable(),
      flag: z.enum(['0', '1']).nullable(),
      editable: z.boolean(),
    }),
  ),
});
export type RestrictedLines = z.infer<typeof RestrictedLines>;

labelFields(Payment, {
  method: t('支付方式', 'Payment method'),
  amountFen: t('付款金额', 'Amount paid'),
  tenderedFen: t('实收金额', 'Amount tendered'),
  reference: t('交易参考号', 'Payment reference'),
});
labelFields(PrepareBody, { patientId: t('患者', 'Patient'), orderIds: t('收费项目', 'Orders to charge') });
labelFields(SettleBody, {
  patientId: t('患者', 'Patient'),
  orderIds: t('收费项目', 'Orders to charge'),
  chrgBchno: t('收费批次号', 'Charge batch'),
  payments: t('付款', 'Payments'),
});
labelFields(ResolveBody, { action: t('处理方式', 'Action') });
labelFields(ApprovalBody, { flag: t('是否符合限定适应症', 'Indication met') });
