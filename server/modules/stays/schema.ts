// Stays (入院登记, 预交金, 病区设置): request and response shapes. The client imports it type-only.
import { z } from 'zod';
import { t } from '../../../core/i18n.js';
import { ID_PATTERN, idParam, labelFields, optionalText, version } from '../../http/validation.js';
import { PrintOutcome } from '../printing/schema.js';

export { idParam };

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fen = z.number().int();
/** A positive amount in fen, at most 10,000,000.00 yuan. */
const positiveFen = z.number().int().positive().max(1_000_000_000);
const phone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => v === '' || /^[0-9+\-() ]{3,30}$/.test(v), '电话只能包含数字和 +-()(digits and +-() only)')
  .nullable()
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '' ? null : v));
/** An ICD-10 code as typed; matched to the dictionary regardless of case (I10.x00 = I10.X00). */
const diagCode = z.string().trim().min(1).max(20);

export const STAY_STATES = ['pending', 'in_ward', 'transferring', 'pre_discharge', 'discharged', 'cancelled'] as const;
export const DEPOSIT_METHODS = ['cash', 'wechat', 'alipay', 'card', 'transfer', 'cheque'] as const;
export const StayStateEnum = z.enum(STAY_STATES);
export const DepositMethod = z.enum(DEPOSIT_METHODS);

export const DepositInput = z.strictObject({
  amountFen: positiveFen,
  method: DepositMethod,
  /** Cheque number / transfer or third-party order number (required for cheque and transfer). */
  reference: optionalText(60),
});
export type DepositInput = z.infer<typeof DepositInput>;

export const AdmitBody = z.strictObject({
  patientId: id,
  wardId: id,
  /** 科室 (defaults to the ward). */
  deptId: id.nullable().optional(),
  /** 入院时间 (ms); defaults to now; not in the future. */
  admittedAt: z.number().int().positive().nullable().optional(),
  admissionWay: z.enum(['outpatient', 'emergency', 'transfer']),
  admissionCondition: z.enum(['critical', 'urgent', 'general']),
  outpatientDiagCode: diagCode.nullable().optional(),
  admissionDiagCode: diagCode,
  outpatientDoctorId: id.nullable().optional(),
  attendingDoctorId: id.nullable().optional(),
  residentDoctorId: id.nullable().optional(),
  bedWish: optionalText(60),
  patientType: z.enum(['self', 'insured']),
  psnNo: optionalText(30),
  insutype: optionalText(6),
  contactName: optionalText(30),
  contactRelation: optionalText(20),
  contactPhone: phone,
  guarantorName: optionalText(30),
  guaranteeFen: z.number().int().min(0).max(1_000_000_000).optional(),
  guaranteeApproverId: id.nullable().optional(),
  remark: optionalText(200),
  /** A first deposit in the same write. */
  deposit: DepositInput.nullable().optional(),
});
export type AdmitBody = z.infer<typeof AdmitBody>;

export const UpdateStayBody = z.strictObject({
  version,
  contactName: optionalText(30),
  contactRelation: optionalText(20),
  contactPhone: phone,
  outpatientDoctorId: id.nullable().optional(),
  attendingDoctorId: id.nullable().optional(),
  residentDoctorId: id.nullable().optional(),
  outpatientDiagCode: diagCode.nullable().optional(),
  admissionDiagCode: diagCode.optional(),
  bedWish: optionalText(60),
  guarantorName: optionalText(30),
  guaranteeFen: z.number().int().min(0).max(1_000_000_000).optional(),
  guaranteeApproverId: id.nullable().optional(),
  remark: optionalText(200),
});
export type UpdateStayBody = z.infer<typeof UpdateStayBody>;

const reason = z.string().trim().min(1).max(200);
export const CancelStayBody = z.strictObject({ version, reason });
export type CancelStayBody = z.infer<typeof CancelStayBody>;
export const ReverseDepositBody = z.strictObject({ reason });
export type ReverseDepositBody = z.infer<typeof ReverseDepositBody>;

export const StayQuery = z.strictObject({
  wardId: z.string().regex(ID_PATTERN).transform(Number).optional(),
  state: z.enum([...STAY_STATES, 'open']).optional(),
  q: z.string().trim().max(50).optional(),
});
export type StayQuery = z.infer<typeof StayQuery>;

export const DepositParams = z.strictObject({
  id: z.string().regex(ID_PATTERN).transform(Number),
  depositId: z.string().regex(ID_PATTERN).transform(Number),
});
export const WardParams = z.strictObject({ wardId: z.string().regex(ID_PATTERN).transform(Number) });

export const WardSettingsBody = z.strictObject({
  /** 预警线: balance below it → warning (0 … 1,000,000 yuan). */
  warningLineFen: z.number().int().min(-100_000_000).max(100_000_000),
  /** 欠费上限: zero or negative. */
  arrearsLimitFen: z.number().int().min(-100_000_000).max(0),
});
export type WardSettingsBody = z.infer<typeof WardSettingsBody>;

// ---- responses ----

export const StayBalanceView = z.object({
  depositsFen: fen,
  chargesFen: fen,
  guaranteeFen: fen,
  balanceFen: fen,
  warning: z.boolean(),
  arrears: z.boolean(),
  warningLineFen: fen,
  arrearsLimitFen: fen,
});

export const StaySummaryView = z.object({
  id: z.number(),
  stayNo: z.string(),
  state: StayStateEnum,
  patient: z.object({
    id: z.number(),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    age: z.number(),
    mrn: z.string(),
  }),
  wardId: z.number(),
  wardName: z.string(),
  deptId: z.number(),
  bedId: z.number().nullable(),
  admittedAt: z.number(),
  days: z.number(),
  attendingDoctorId: z.number().nullable(),
  attendingDoctorName: z.string().nullable(),
  nursingLevel: z.string().nullable(),
  patientType: z.enum(['self', 'insured']),
  admissionDiagName: z.string(),
  balance: StayBalanceView,
  version: z.number(),
});
export type StaySummaryView = z.infer<typeof StaySummaryView>;
export const StayList = z.object({ items: z.array(StaySummaryView) });

export const DepositView = z.object({
  id: z.number(),
  receiptNo: z.string(),
  amountFen: fen,
  method: DepositMethod,
  reference: z.string().nullable(),
  reversesId: z.number().nullable(),
  reversedById: z.number().nullable(),
  reason: z.string().nullable(),
  settled: z.boolean(),
  operatorName: z.string().nullable(),
  createdAt: z.number(),
});
export type DepositView = z.infer<typeof DepositView>;

const person = z.object({ id: z.number(), name: z.string() }).nullable();

export const StayDetail = z.object({
  summary: StaySummaryView,
  deptName: z.string(),
  admissionWay: z.enum(['outpatient', 'emergency', 'transfer']),
  admissionCondition: z.enum(['critical', 'urgent', 'general']),
  outpatientDiagCode: z.string().nullable(),
  outpatientDiagName: z.string().nullable(),
  admissionDiagCode: z.string(),
  admissionDiagName: z.string(),
  outpatientDoctor: person,
  attendingDoctor: person,
  residentDoctor: person,
  nurse: person,
  bedWish: z.string().nullable(),
  psnNo: z.string().nullable(),
  insutype: z.string().nullable(),
  contactName: z.string().nullable(),
  contactRelation: z.string().nullable(),
  contactPhone: z.string().nullable(),
  guarantorName: z.string().nullable(),
  guaranteeFen: fen,
  guaranteeApprover: person,
  remark: z.string().nullable(),
  cancelReason: z.string().nullable(),
  chargeWrites: z.number(),
  deposits: z.array(DepositView),
  /** The receipt printed by this request (admission with a deposit, a deposit, a refund). */
  print: PrintOutcome.nullable().optional(),
});
export type StayDetail = z.infer<typeof StayDetail>;

/** What the admission form chooses from: wards, departments (clinics and wards), doctors and nurses. */
export const StayFormOptions = z.object({
  wards: z.array(z.object({ id: z.number(), name: z.string() })),
  depts: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })),
  staff: z.array(
    z.object({ id: z.number(), name: z.string(), departmentId: z.number(), title: z.string(), pinyin: z.string() }),
  ),
});
export type StayFormOptions = z.infer<typeof StayFormOptions>;

export const WardSettingsView = z.object({
  wardId: z.number(),
  wardName: z.string(),
  warningLineFen: fen,
  arrearsLimitFen: fen,
  saved: z.boolean(),
  updatedAt: z.number().nullable(),
});
export type WardSettingsView = z.infer<typeof WardSettingsView>;
export const WardSettingsList = z.object({ items: z.array(WardSettingsView) });

const LABELS = {
  patientId: t('患者', 'Patient'),
  wardId: t('病区', 'Ward'),
  deptId: t('科室', 'Department'),
  admittedAt: t('入院时间', 'Admission time'),
  admissionWay: t('入院方式', 'Admission way'),
  admissionCondition: t('入院情况', 'Condition on admission'),
  outpatientDiagCode: t('门诊诊断', 'Outpatient diagnosis'),
  admissionDiagCode: t('入院诊断', 'Admission diagnosis'),
  outpatientDoctorId: t('门诊医生', 'Outpatient doctor'),
  attendingDoctorId: t('主治医生', 'Attending doctor'),
  residentDoctorId: t('经治医生', 'Resident doctor'),
  bedWish: t('床位要求', 'Bed wish'),
  patientType: t('患者类型', 'Patient type'),
  psnNo: t('人员编号', 'Insured person number'),
  insutype: t('险种', 'Insurance type'),
  contactName: t('联系人', 'Contact person'),
  contactRelation: t('联系人关系', 'Contact relation'),
  contactPhone: t('联系人电话', 'Contact phone'),
  guarantorName: t('担保人', 'Guarantor'),
  guaranteeFen: t('担保金额', 'Guarantee amount'),
  guaranteeApproverId: t('担保审批人', 'Guarantee approver'),
  remark: t('备注', 'Remark'),
  deposit: t('预交金', 'Deposit'),
  version: t('版本号', 'Version'),
  reason: t('原因', 'Reason'),
};
labelFields(AdmitBody, LABELS);
labelFields(UpdateStayBody, LABELS);
labelFields(CancelStayBody, LABELS);
labelFields(ReverseDepositBody, LABELS);
labelFields(DepositInput, {
  amountFen: t('预交金额', 'Deposit amount'),
  method: t('支付方式', 'Payment method'),
  reference: t('票据号/交易号', 'Cheque or transaction number'),
});
labelFields(WardSettingsBody, {
  warningLineFen: t('预警线', 'Warning line'),
  arrearsLimitFen: t('欠费上限', 'Arrears limit'),
});
