// Institution settings: request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { isTimeZone } from '../../../core/calendar.js';
import { t } from '../../../core/i18n.js';
import { phoneField } from '../staff/schema.js';

const tier = z.enum(['none', 'unrestricted', 'restricted', 'special']);
const days = (max: number) => z.number().int().min(1).max(max);

export const Prescription = z
  .strictObject({
    validDays: days(7),
    maxValidDays: days(7),
    maxSupplyDays: days(90),
    emergencyMaxSupplyDays: days(90),
    chronicMaxSupplyDays: days(180),
    maxDrugsPerPrescription: z.number().int().min(1).max(20),
    antibioticTierByTitleLevel: z.strictObject({ junior: tier, intermediate: tier, senior: tier }),
    specialUseInOutpatient: z.boolean(),
  })
  .superRefine((p, ctx) => {
    if (p.validDays > p.maxValidDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['validDays'],
        message: '不能大于最长有效天数(must not exceed maxValidDays)',
      });
    }
    if (p.emergencyMaxSupplyDays > p.maxSupplyDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['emergencyMaxSupplyDays'],
        message: '不能大于一般用量天数(must not exceed maxSupplyDays)',
      });
    }
    if (p.chronicMaxSupplyDays < p.maxSupplyDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['chronicMaxSupplyDays'],
        message: '不能小于一般用量天数(must not be below maxSupplyDays)',
      });
    }
  });

const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)');

export const UpdateInstitution = z.strictObject({
  name: freeText(100).min(1),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,30}$/, '应为 1–30 位字母或数字(1–30 letters or digits)'),
  address: freeText(200),
  phone: z.union([phoneField, z.literal('')]),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(isTimeZone, '不是有效的 IANA 时区,例如 Asia/Shanghai(not an IANA time zone, e.g. Asia/Shanghai)'),
  prescription: Prescription,
  zeroMarkupEssentialDrugs: z.boolean(),
  externalEmr: z.boolean(),
  /** Optional so that older clients keep working: absent keeps the saved inventory settings. */
  inventory: z
    .strictObject({
      nearExpiryDays: z.number().int().min(1).max(730),
      /** Optional: absent keeps the saved value. */
      shortShelfLifeMonths: z.number().int().min(0).max(60).optional(),
      allowMixedPriceLots: z.boolean().optional(),
    })
    .optional(),
  /** Optional likewise: absent keeps the saved values. 0 turns a warning off. */
  billing: z
    .strictObject({
      lineWarnFen: z.number().int().min(0).max(100_000_000),
      billWarnFen: z.number().int().min(0).max(100_000_000),
    })
    .optional(),
  pharmacy: z.strictObject({ twoPersonCheck: z.boolean() }).optional(),
  insurance: z.strictObject({ lookupValidHours: z.number().int().min(1).max(72) }).optional(),
  version: z.number().int().min(0),
});
export type UpdateInstitution = z.infer<typeof UpdateInstitution>;

export const InstitutionView = z.object({
  name: z.string(),
  code: z.string(),
  address: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  prescription: z.object({
    validDays: z.number().int(),
    maxValidDays: z.number().int(),
    maxSupplyDays: z.number().int(),
    emergencyMaxSupplyDays: z.number().int(),
    chronicMaxSupplyDays: z.number().int(),
    maxDrugsPerPrescription: z.number().int(),
    antibioticTierByTitleLevel: z.object({ junior: tier, intermediate: tier, senior: tier }),
    specialUseInOutpatient: z.boolean(),
  }),
  zeroMarkupEssentialDrugs: z.boolean(),
  externalEmr: z.boolean(),
  inventory: z.object({
    nearExpiryDays: z.number().int(),
    shortShelfLifeMonths: z.number().int(),
    allowMixedPriceLots: z.boolean(),
  }),
  billing: z.object({ lineWarnFen: z.number().int(), billWarnFen: z.number().int() }),
  pharmacy: z.object({ twoPersonCheck: z.boolean() }),
  insurance: z.object({ lookupValidHours: z.number().int() }),
  version: z.number().int(),
});

/** The center's name and code for the sign-in page, and its time zone: every screen shows times in it. */
export const PublicInstitution = z.object({ name: z.string(), code: z.string(), timeZone: z.string() });

// Field labels for the error messages (server/http/field-text.ts).
labelFields(Prescription, {
  validDays: t('处方有效天数', 'Prescription valid days'),
  maxValidDays: t('最长有效天数', 'Longest valid days'),
  maxSupplyDays: t('一般用量天数', 'Usual supply days'),
  emergencyMaxSupplyDays: t('急诊用量天数', 'Emergency supply days'),
  chronicMaxSupplyDays: t('慢病用量天数', 'Chronic supply days'),
  maxDrugsPerPrescription: t('每张处方药品数', 'Drugs per prescription'),
  antibioticTierByTitleLevel: t('抗菌药物分级授权', 'Antibiotic tiers by title'),
  specialUseInOutpatient: t('门诊可用特殊使用级', 'Special-use antibiotics in outpatient'),
});
labelFields(UpdateInstitution, {
  name: t('机构名称', 'Institution name'),
  code: t('机构编码', 'Institution code'),
  address: t('地址', 'Address'),
  phone: t('电话', 'Phone'),
  timeZone: t('时区', 'Time zone'),
  prescription: t('处方规则', 'Prescription rules'),
  zeroMarkupEssentialDrugs: t('基本药物零差率', 'Zero markup on essential drugs'),
  externalEmr: t('外部电子病历', 'External EMR'),
  inventory: t('药库设置', 'Store settings'),
  billing: t('收费设置', 'Billing settings'),
  pharmacy: t('药房设置', 'Pharmacy settings'),
  insurance: t('医保查询有效时长', 'Insurance look-up validity'),
  version: t('版本号', 'Version'),
});
