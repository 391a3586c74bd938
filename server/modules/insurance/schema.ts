// The insurance adapter's request and response shapes (接口设置, person look-up, the outbox).
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';

const digits = (len: number) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{${len}}$`), `应为 ${len} 位数字(${len} digits)`);

export const ConfigInput = z.strictObject({
  version: z.number().int().min(1),
  enabled: z.boolean(),
  gatewayUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/[^\s/?#]+(?::\d{1,5})?(?:[/?#]\S*)?$/i, '应为 http:// 或 https:// 开头的地址(an http(s) URL)'),
  fixmedinsCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{12}$/, '应为 12 位字母或数字(12 letters or digits)'),
  fixmedinsName: z.string().trim().min(1).max(200),
  mdtrtareaAdmvs: digits(6),
  insuplcAdmdvs: digits(6),
  recerSysCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,10}$/, '应为 1–10 位字母或数字(1–10 letters or digits)'),
  infver: z
    .string()
    .trim()
    .regex(/^V\d+(\.\d+)*$/, '应为版本号,如 V1.0(a version like V1.0)'),
  devNo: z
    .string()
    .trim()
    .max(30)
    .regex(/^[\w.-]*$/, '只能含字母、数字、点或横线(letters, digits, dots or dashes)'),
  signer: z.enum(['none', 'sha256-header'], { error: '应为 none 或 sha256-header(none or sha256-header)' }),
  signerPaasid: z.string().trim().max(100),
  /** Blank keeps the stored secret. */
  signerSecret: z.string().max(200).optional(),
  timeoutMs: z.number().int().min(1000).max(120000),
  facilityLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});
export type ConfigInput = z.infer<typeof ConfigInput>;

export const ConfigView = z.object({
  version: z.number().int(),
  enabled: z.boolean(),
  interfaceType: z.literal('national'),
  gatewayUrl: z.string(),
  fixmedinsCode: z.string(),
  fixmedinsName: z.string(),
  mdtrtareaAdmvs: z.string(),
  insuplcAdmdvs: z.string(),
  recerSysCode: z.string(),
  infver: z.string(),
  devNo: z.string(),
  signer: z.enum(['none', 'sha256-header']),
  signerPaasid: z.string(),
  /** The secret itself is never returned: only whether one is stored. */
  signerSecretSet: z.boolean(),
  timeoutMs: z.number().int(),
  facilityLevel: z.number().int(),
  updatedAt: z.number().int(),
  updatedBy: z.number().int().nullable(),
  /** Outbox calls whose outcome is unknown and not resolved. */
  unknownCalls: z.number().int(),
});
export type ConfigView = z.infer<typeof ConfigView>;

export const TestResult = z.object({
  ok: z.boolean(),
  /** In the request's language: what happened, what to do. */
  message: z.string(),
  code: z.string().nullable(),
  callId: z.number().int().nullable(),
  signNo: z.string().nullable(),
  elapsedMs: z.number().int(),
});

export const PersonQuery = z.strictObject({
  certType: z.enum(['01', '02', '03'], {
    error: '应为 01 电子凭证、02 身份证或 03 社保卡(01 e-voucher, 02 ID card or 03 social security card)',
  }),
  certNo: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, '只能含字母、数字或横线(letters, digits or dashes)'),
  cardSn: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9]*$/, '只能含字母或数字(letters or digits)')
    .optional(),
  patientId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type PersonQuery = z.infer<typeof PersonQuery>;

const Insurance = z.object({
  insutype: z.string(),
  insutypeName: z.string(),
  psnType: z.string(),
  psnTypeName: z.string(),
  balcFen: z.number().int(),
  status: z.string(),
  statusName: z.string(),
  suspended: z.boolean(),
  cvlservFlag: z.string(),
  insuplcAdmdvs: z.string(),
  empName: z.string(),
});

export const PersonView = z.object({
  psnNo: z.string(),
  certno: z.string(),
  name: z.string(),
  gend: z.string(),
  naty: z.string(),
  brdy: z.string(),
  age: z.number().int().nullable(),
  insurances: z.array(Insurance),
  identities: z.array(
    z.object({ psnIdetType: z.string(), name: z.string(), begntime: z.string(), endtime: z.string().nullable() }),
  ),
});

export const PersonLookupView = z.object({
  lookupId: z.number().int(),
  patientId: z.number().int().nullable(),
  insutype: z.string().nullable(),
  certType: z.enum(['01', '02', '03']),
  certNo: z.string(),
  cardSn: z.string().nullable(),
  insuplcAdmdvs: z.string().nullable(),
  at: z.number().int(),
  callId: z.number().int().nullable(),
  person: PersonView,
});
export type PersonLookupView = z.infer<typeof PersonLookupView>;

export const ChooseInput = z.strictObject({
  lookupId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  insutype: z
    .string()
    .trim()
    .regex(/^\d{3}$/, '应为 3 位险种代码(a 3-digit insurance type)'),
  patientId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type ChooseInput = z.infer<typeof ChooseInput>;

export const CALL_STATES = ['pending', 'ok', 'failed', 'unknown'] as const;

export const CallsQuery = z.strictObject({
  state: z.enum(CALL_STATES, { error: '应为 pending、ok、failed 或 unknown' }).optional(),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD(a date YYYY-MM-DD)')
    .optional(),
  patientId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  infno: z
    .string()
    .regex(/^\d{4}$/, '应为 4 位交易号(a 4-digit transaction number)')
    .optional(),
  unresolved: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type CallsQuery = z.infer<typeof CallsQuery>;

export const CallView = z.object({
  id: z.number().int(),
  msgid: z.string(),
  infno: z.string(),
  state: z.enum(CALL_STATES),
  infcode: z.number().int().nullable(),
  errMsg: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  patientId: z.number().int().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
  answeredAt: z.number().int().nullable(),
  resolvedAt: z.number().int().nullable(),
  resolution: z.string().nullable(),
  /** the refused call this one resends after a renewed sign-in (9001) */
  retryOf: z.number().int().nullable(),
});
export type CallView = z.infer<typeof CallView>;
export const CallList = z.object({ items: z.array(CallView), unknownCalls: z.number().int() });

export const SignInStatus = z.object({
  signedIn: z.boolean(),
  signNo: z.string().nullable(),
  signTime: z.string().nullable(),
  day: z.string(),
});
export const SignOutResult = z.object({ signedOut: z.number().int() });

// Field labels for the error messages (server/http/field-text.ts).
labelFields(ConfigInput, {
  version: t('版本', 'Version'),
  enabled: t('启用', 'Enabled'),
  gatewayUrl: t('接口地址', 'Gateway URL'),
  fixmedinsCode: t('机构编码', 'Institution code'),
  fixmedinsName: t('机构名称', 'Institution name'),
  mdtrtareaAdmvs: t('就医地区划', 'Treatment area code'),
  insuplcAdmdvs: t('参保地区划', 'Insured area code'),
  recerSysCode: t('接收方系统代码', 'Receiver system code'),
  infver: t('接口版本', 'Interface version'),
  devNo: t('设备编号', 'Device number'),
  signer: t('签名方式', 'Signer'),
  signerPaasid: t('授权编号(paasid)', 'Authorization id (paasid)'),
  signerSecret: t('授权密钥', 'Authorization secret'),
  timeoutMs: t('超时(毫秒)', 'Timeout (ms)'),
  facilityLevel: t('医疗机构级别', 'Facility level'),
});
labelFields(PersonQuery, {
  certType: t('凭证类型', 'Credential type'),
  certNo: t('凭证号码', 'Credential number'),
  cardSn: t('社保卡识别码', 'Card serial'),
  patientId: t('患者', 'Patient'),
});
labelFields(ChooseInput, {
  lookupId: t('查询记录', 'Look-up'),
  insutype: t('险种', 'Insurance type'),
  patientId: t('患者', 'Patient'),
});
labelFields(CallsQuery, {
  state: t('状态', 'State'),
  day: t('日期', 'Day'),
  patientId: t('患者', 'Patient'),
  infno: t('交易号', 'Transaction'),
  before: t('起点', 'Before'),
  limit: t('条数', 'Limit'),
});
