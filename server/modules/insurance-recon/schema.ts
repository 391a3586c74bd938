// Insurance reconciliation (医保对账) and settlement reports: request and response shapes.
// The client imports this file type-only.
import { z } from 'zod';
import { dayField } from '../equipment/schema.js';

/** The longest period one reconciliation or report covers, in days. */
export const MAX_PERIOD_DAYS = 366;

const int = z.number().int();
const format = z
  .enum(['json', 'xlsx'])
  .optional()
  .transform((v) => v ?? 'json');

export const monthField = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM(month must be YYYY-MM)')
  .refine((s) => Number(s.slice(0, 4)) >= 1900, '不是有效月份(not a valid month)');

/** A period of business days (inclusive), in the institution's time zone. */
export const PeriodQuery = z.strictObject({ from: dayField, to: dayField });
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const RunReconciliation = z.strictObject({ from: dayField, to: dayField });
export type RunReconciliation = z.infer<typeof RunReconciliation>;

/** Settlement report: a day, a month or a period. */
export const ReportQuery = z.strictObject({
  day: dayField.optional(),
  month: monthField.optional(),
  from: dayField.optional(),
  to: dayField.optional(),
  format,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReconToday = z.object({ today: z.string(), month: z.string(), timeZone: z.string() });
export type ReconToday = z.infer<typeof ReconToday>;

/** The HIS's totals of a group (fen): settlements minus reversals within the period. */
export const Totals = z.object({
  medfeeSumamtFen: int,
  fundPaySumamtFen: int,
  acctPayFen: int,
  psnCashPayFen: int,
  /** Settlements in the period minus reversals in the period. */
  count: int,
  settled: int,
  reversed: int,
});
export type Totals = z.infer<typeof Totals>;

export const ReconState = z.enum(['balanced', 'unbalanced', 'failed']);
export type ReconState = z.infer<typeof ReconState>;

export const ReconciliationView = z.object({
  id: int,
  from: z.string(),
  to: z.string(),
  insutype: z.string(),
  clrType: z.string(),
  clrOptins: z.string(),
  /** What was sent to the insurer (the HIS's totals at the time of the call). */
  sent: Totals.pick({ medfeeSumamtFen: true, fundPaySumamtFen: true, acctPayFen: true, psnCashPayFen: true }).extend({
    count: int,
  }),
  state: ReconState,
  stmtRslt: z.string().nullable(),
  stmtRsltDscr: z.string().nullable(),
  msgid: z.string().nullable(),
  error: z.string().nullable(),
  detailState: z.enum(['none', 'done', 'failed']),
  detailError: z.string().nullable(),
  detailCount: int.nullable(),
  detailAt: int.nullable(),
  createdBy: z.string(),
  createdAt: int,
});
export type ReconciliationView = z.infer<typeof ReconciliationView>;

export const ReconGroup = z.object({
  insutype: z.string(),
  insutypeName: z.string(),
  clrType: z.string(),
  clrTypeName: z.string(),
  clrOptins: z.string(),
  local: Totals,
  /** The latest 3201 of this group for exactly this period, if any. */
  last: ReconciliationView.nullable(),
  /** The HIS's totals changed since that 3201 (a settlement or a reversal since). */
  changedSince: z.boolean(),
});
export type ReconGroup = z.infer<typeof ReconGroup>;

export const ReconOverview = z.object({
  from: z.string(),
  to: z.string(),
  groups: z.array(ReconGroup),
  /** Reconciliations of this period whose group the HIS no longer has (all reversed since). */
  history: z.array(ReconciliationView),
});
export type ReconOverview = z.infer<typeof ReconOverview>;

export const RunResult = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(ReconciliationView),
  balanced: int,
  unbalanced: int,
  failed: int,
});
export type RunResult = z.infer<typeof RunResult>;

export const DiffKind = z.enum(['only_local', 'only_insurer', 'amount_differs']);
export type DiffKind = z.infer<typeof DiffKind>;

const amounts = z.object({ medfeeSumamtFen: int, fundPaySumamtFen: int, acctPayFen: int });

export const DiffView = z.object({
  id: int,
  kind: DiffKind,
  setlId: z.string(),
  mdtrtId: z.string().nullable(),
  psnNo: z.string().nullable(),
  refdSetlFlag: z.string().nullable(),
  local: amounts.nullable(),
  insurer: amounts.nullable(),
  memo: z.string().nullable(),
  settlementId: int.nullable(),
  billId: int.nullable(),
  /** The bill's invoice number, and the insured person's name as the settlement has it. */
  invoiceNo: z.string().nullable(),
  psnName: z.string().nullable(),
});
export type DiffView = z.infer<typeof DiffView>;

export const ReconDetail = z.object({ reconciliation: ReconciliationView, diffs: z.array(DiffView) });
export type ReconDetail = z.infer<typeof ReconDetail>;

/** The fund kinds of the report (统筹, 大病, 救助, 其他基金, 个人账户, 现金). */
export const FundKind = z.enum(['pool', 'serious', 'assistance', 'otherFund', 'account', 'cash']);
export type FundKind = z.infer<typeof FundKind>;
export const FUND_KINDS: FundKind[] = FundKind.options;

const fundFen = z.object({
  pool: int,
  serious: int,
  assistance: int,
  otherFund: int,
  account: int,
  cash: int,
});

export const InsutypeRow = z.object({
  insutype: z.string(),
  insutypeName: z.string(),
  settled: int,
  reversed: int,
  count: int,
  medfeeSumamtFen: int,
  fundPaySumamtFen: int,
  funds: fundFen,
});
export type InsutypeRow = z.infer<typeof InsutypeRow>;

export const FundTypeRow = z.object({
  /** fund_pay_type code of setldetail (390100 …), or 'account' / 'cash'. */
  code: z.string(),
  name: z.string(),
  kind: FundKind,
  /** Settlements with this fund part (reversals subtract). */
  count: int,
  amountFen: int,
});
export type FundTypeRow = z.infer<typeof FundTypeRow>;

export const SettlementReport = z.object({
  from: z.string(),
  to: z.string(),
  /** 'day' | 'month' | 'period': how the period was asked for (the page's title). */
  span: z.enum(['day', 'month', 'period']),
  byInsutype: z.array(InsutypeRow),
  byFund: z.array(FundTypeRow),
  totals: InsutypeRow.omit({ insutype: true, insutypeName: true }),
});
export type SettlementReport = z.infer<typeof SettlementReport>;
