// Insurer catalogs and matching (基础数据对应 / 目录对照): request and response shapes.
import { z } from 'zod';
import { labelFields } from '../../http/validation.js';
import { t } from '../../../core/i18n.js';
import { searchQuery } from '../departments/schema.js';

export const ListType = z.enum(['101', '102', '103', '104', '105', '201', '301'], {
  error: '应为 101–105、201 或 301(one of 101–105, 201, 301)',
});
export const ItemKind = z.enum(['drug', 'service', 'material'], {
  error: '应为 drug、service 或 material(drug, service or material)',
});
export const MatchState = z.enum(['proposed', 'confirmed', 'reviewed', 'uploaded', 'revoked']);
export const DOWNLOAD_INFNOS = [
  '1301',
  '1302',
  '1303',
  '1304',
  '1305',
  '1306',
  '1307',
  '1308',
  '1309',
  '1310',
  '1311',
  '1312',
  '1313',
  '1314',
  '1315',
  '1316',
  '1317',
  '1318',
  '1319',
  '1901',
] as const;
export const DownloadInfno = z.enum(DOWNLOAD_INFNOS, {
  error: '应为 1301–1319 或 1901 的目录接口(one of the catalog transactions 1301–1319, 1901)',
});

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ids = (max = 5000) =>
  z
    .array(id)
    .min(1, '至少选择一项(choose at least one)')
    .max(max)
    .refine((a) => new Set(a).size === a.length, '不能重复(no id twice)');
/** A national code (med_list_codg): 1–50 letters, digits, '.', '-' or '_'. */
const nationalCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9._-]+$/, '只能包含字母、数字和 . - _(letters, digits, . - _ only)');
const limit = (dflt: number, max: number) => z.coerce.number().int().min(1).max(max).default(dflt);

// ---- catalogs (downloads) ----
export const CatalogStatus = z.object({
  infno: DownloadInfno,
  name: z.string(),
  nameEn: z.string(),
  /** Rows held locally from this transaction. */
  rows: z.number().int(),
  /** The highest version held ('0': never downloaded); 1312: the last updt_time asked. */
  ver: z.string(),
  downloadedAt: z.number().int().nullable(),
  downloadedBy: z.string().nullable(),
  running: z.boolean(),
  /** Rows stored so far by the download running now (null when none runs). */
  progressRows: z.number().int().nullable(),
});
export const CatalogStatusList = z.object({ items: z.array(CatalogStatus) });

// ---- code lists (1308–1311, 1313–1315), code tables (1901), held matches (1317) ----
export const CODE_LIST_INFNOS = ['1308', '1309', '1310', '1311', '1313', '1314', '1315'] as const;
export const CodeListQuery = z.strictObject({
  infno: z.enum(CODE_LIST_INFNOS, { error: '应为 1308–1311 或 1313–1315(one of 1308–1311, 1313–1315)' }),
  q: searchQuery,
  limit: limit(100, 1000),
});
export type CodeListQuery = z.infer<typeof CodeListQuery>;
export const CodeListRowView = z.object({
  code: z.string(),
  name: z.string(),
  /** the wire's other columns of the row, by their names */
  fields: z.record(z.string(), z.string()),
  valid: z.boolean(),
  version: z.string(),
});
export const CodeListList = z.object({ items: z.array(CodeListRowView), total: z.number().int() });
export const CodeTableQuery = z.strictObject({
  type: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, '应为字典类型,如 insutype(a code table type such as insutype)')
    .optional(),
});
export const CodeTableList = z.object({
  items: z.array(
    z.object({
      type: z.string(),
      value: z.string(),
      /** the label in force: 1901's when downloaded, else the seed's (core/insurance-wire.ts) */
      label: z.string(),
      /** 'insurer' (downloaded by 1901) or 'seed' */
      source: z.enum(['insurer', 'seed']),
      valid: z.boolean(),
    }),
  ),
});
export const HeldOnlyList = z.object({
  items: z.array(
    z.object({
      localCode: z.string(),
      catalogItemId: z.number().int().nullable(),
      name: z.string().nullable(),
      listType: z.string(),
      medListCodg: z.string(),
      updtTime: z.string(),
    }),
  ),
});

export const DownloadBody = z.strictObject({ infno: DownloadInfno });
export type DownloadBody = z.infer<typeof DownloadBody>;
export const DownloadResult = z.object({
  infno: DownloadInfno,
  /** Files (or 1312 pages) fetched and stored. */
  files: z.number().int(),
  rows: z.number().int(),
  ver: z.string(),
  upToDate: z.boolean(),
});
export type DownloadResult = z.infer<typeof DownloadResult>;

// ---- insurer items (the right-hand side) ----
export const InsurerItem = z.object({
  medListCodg: z.string(),
  listType: ListType,
  name: z.string(),
  spec: z.string().nullable(),
  dosageForm: z.string().nullable(),
  manufacturer: z.string().nullable(),
  aprvno: z.string().nullable(),
  unit: z.string().nullable(),
  chrgitmLv: z.enum(['01', '02', '03']).nullable(),
  lmtUsedFlag: z.boolean(),
  lmtText: z.string().nullable(),
  selfpayProp: z.number().int().nullable(),
  priceCapFen: z.number().int().nullable(),
  valid: z.boolean(),
  /** 商品名 (1301) */
  tradeName: z.string().nullable(),
  /** validity of the cap (1318) and ratio (1319) applied; null = open or from 1312 */
  priceCapFrom: z.string().nullable(),
  priceCapTo: z.string().nullable(),
  selfpayFrom: z.string().nullable(),
  selfpayTo: z.string().nullable(),
});
export type InsurerItem = z.infer<typeof InsurerItem>;
export const InsurerItemQuery = z.strictObject({
  q: searchQuery,
  kind: ItemKind.optional(),
  listType: ListType.optional(),
  limit: limit(50, 500),
});
export type InsurerItemQuery = z.infer<typeof InsurerItemQuery>;
export const InsurerItemList = z.object({ items: z.array(InsurerItem), total: z.number().int() });

// ---- local items and their matches (the left-hand side) ----
export const MatchView = z.object({
  id: z.number().int(),
  medListCodg: z.string(),
  listType: ListType,
  insurerName: z.string().nullable(),
  insurerSpec: z.string().nullable(),
  chrgitmLv: z.enum(['01', '02', '03']).nullable(),
  /** 商品名 (1301) */
  insurerTradeName: z.string().nullable(),
  /** 限价 per unit in fen (1318 newest valid row, or 1312), with its validity (null = open / from 1312) */
  priceCapFen: z.number().int().nullable(),
  priceCapFrom: z.string().nullable(),
  priceCapTo: z.string().nullable(),
  /** 乙类 self-pay ratio in basis points (1319 or 1312), with its validity */
  selfpayProp: z.number().int().nullable(),
  selfpayFrom: z.string().nullable(),
  selfpayTo: z.string().nullable(),
  state: MatchState,
  score: z.number().int().nullable(),
  matchedBy: z.string().nullable(),
  matchedById: z.number().int().nullable(),
  matchedAt: z.number().int(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.number().int().nullable(),
  uploadedAt: z.number().int().nullable(),
  uploadMsgid: z.string().nullable(),
  version: z.number().int(),
});
export type MatchView = z.infer<typeof MatchView>;
export const LocalItem = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: ItemKind,
  name: z.string(),
  tradeName: z.string().nullable(),
  spec: z.string().nullable(),
  dosageForm: z.string().nullable(),
  manufacturer: z.string().nullable(),
  approvalNo: z.string().nullable(),
  unit: z.string(),
  /** The live match (null: unmatched, shown red). */
  match: MatchView.nullable(),
  /** What the insurer holds for this item (1317; null when 1317 was not downloaded or holds nothing). */
  held: z.object({ medListCodg: z.string(), valid: z.boolean(), updtTime: z.string() }).nullable(),
  /** 1317 against our match: uploaded here but absent there, held with another code, held there only. */
  heldMismatch: z.enum(['absent-there', 'different', 'absent-here']).nullable(),
  /** Whether 1316 (医疗目录与医保目录匹配) lists the matched code as a valid list code; null before 1316. */
  listedIn1316: z.boolean().nullable(),
});
export type LocalItem = z.infer<typeof LocalItem>;
export const LocalItemFilter = z.enum(['unmatched', 'proposed', 'confirmed', 'reviewed', 'uploaded']);
export const LocalItemQuery = z.strictObject({
  kind: ItemKind,
  q: searchQuery,
  state: LocalItemFilter.optional(),
  limit: limit(500, 5000),
});
export type LocalItemQuery = z.infer<typeof LocalItemQuery>;
export const LocalItemCounts = z.object({
  total: z.number().int(),
  unmatched: z.number().int(),
  proposed: z.number().int(),
  confirmed: z.number().int(),
  reviewed: z.number().int(),
  uploaded: z.number().int(),
});
export const LocalItemList = z.object({
  items: z.array(LocalItem),
  total: z.number().int(),
  counts: LocalItemCounts,
});

export const LinkBody = z.strictObject({ catalogItemId: id, medListCodg: nationalCode });
export type LinkBody = z.infer<typeof LinkBody>;
export const ItemIdsBody = z.strictObject({ catalogItemIds: ids() });
export type ItemIdsBody = z.infer<typeof ItemIdsBody>;
export const MatchIdsBody = z.strictObject({ matchIds: ids() });
export type MatchIdsBody = z.infer<typeof MatchIdsBody>;
export const SmartBody = z.strictObject({ kind: ItemKind });
export type SmartBody = z.infer<typeof SmartBody>;
export const ConfirmBody = z
  .strictObject({
    matchIds: ids().optional(),
    /** Bulk: every proposal of this kind scoring at least this much (90 on the page). */
    kind: ItemKind.optional(),
    minScore: z.number().int().min(50).max(100).optional(),
  })
  .refine((b) => (b.matchIds ? b.minScore === undefined : b.kind !== undefined && b.minScore !== undefined), {
    message: '给出 matchIds,或同时给出 kind 与 minScore(matchIds, or kind with minScore)',
    path: ['matchIds'],
  });
export type ConfirmBody = z.infer<typeof ConfirmBody>;
export const UploadBody = z.strictObject({
  /** The reviewed matches to upload; absent: every reviewed match of `kind`. */
  matchIds: ids().optional(),
  kind: ItemKind.optional(),
});
export type UploadBody = z.infer<typeof UploadBody>;

export const ChangeResult = z.object({ changed: z.number().int(), ids: z.array(z.number().int()) });
export type ChangeResult = z.infer<typeof ChangeResult>;
export const SmartResult = z.object({
  proposed: z.number().int(),
  /** Proposals scoring ≥ 90 (the page offers to confirm them at once). */
  high: z.number().int(),
  /** Items still without any proposal. */
  unmatched: z.number().int(),
});
export type SmartResult = z.infer<typeof SmartResult>;
export const UploadResult = z.object({
  uploaded: z.number().int(),
  calls: z.number().int(),
  msgids: z.array(z.string()),
});
export type UploadResult = z.infer<typeof UploadResult>;

// ---- departments (科室 → 科别) ----
export const CodeState = z.enum(['proposed', 'confirmed', 'reviewed']);
export const CatyView = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export const DepartmentCodeView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  caty: z.string().nullable(),
  catyName: z.string().nullable(),
  matchedAt: z.number().int().nullable(),
  matchedBy: z.string().nullable(),
  /** proposed → confirmed → reviewed (only reviewed counts for settlement); null when unmatched */
  state: CodeState.nullable(),
  reviewedAt: z.number().int().nullable(),
  reviewedBy: z.string().nullable(),
});
export const DepartmentCodeList = z.object({ items: z.array(DepartmentCodeView), caty: z.array(CatyView) });
const catyCode = z
  .string()
  .trim()
  .regex(/^A\d{2}(\.\d{2})?$/, '应为科别代码,如 A02 或 A05.01(a 科别 code such as A02 or A05.01)');
export const DepartmentLinksBody = z.strictObject({
  links: z
    .array(z.strictObject({ departmentId: id, caty: catyCode, catyName: z.string().trim().min(1).max(50).optional() }))
    .min(1)
    .max(500),
  /** true: saved as proposals (智能匹配 kept for later confirmation); otherwise confirmed by this user */
  proposed: z.boolean().optional(),
});
export type DepartmentLinksBody = z.infer<typeof DepartmentLinksBody>;
export const DepartmentIdsBody = z.strictObject({ departmentIds: ids(500) });
export const Proposal = z.object({
  key: z.union([z.number().int(), z.string()]),
  localName: z.string(),
  code: z.string(),
  name: z.string(),
  score: z.number().int(),
});
export const ProposalList = z.object({ proposals: z.array(Proposal) });

// ---- diseases (local ICD-10 → insurer code) ----
export const DiseaseCodeView = z.object({
  code: z.string(),
  name: z.string(),
  diseCode: z.string().nullable(),
  diseName: z.string().nullable(),
  score: z.number().int().nullable(),
  matchedAt: z.number().int().nullable(),
  matchedBy: z.string().nullable(),
  state: CodeState.nullable(),
  reviewedAt: z.number().int().nullable(),
  reviewedBy: z.string().nullable(),
});
export const DiseaseQuery = z.strictObject({
  q: searchQuery,
  unmatched: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: limit(200, 2000),
});
export type DiseaseQuery = z.infer<typeof DiseaseQuery>;
export const DiseaseCodeList = z.object({
  items: z.array(DiseaseCodeView),
  total: z.number().int(),
  unmatched: z.number().int(),
});
export const InsurerDisease = z.object({ code: z.string(), name: z.string() });
export const InsurerDiseaseQuery = z.strictObject({ q: searchQuery, limit: limit(50, 500) });
export const InsurerDiseaseList = z.object({ items: z.array(InsurerDisease), total: z.number().int() });
const localDiseaseCode = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9.+*-]+$/, '应为疾病编码(a diagnosis code)');
export const DiseaseLinksBody = z.strictObject({
  links: z
    .array(z.strictObject({ localCode: localDiseaseCode, diseCode: nationalCode, score: z.number().int().optional() }))
    .min(1)
    .max(2000),
  proposed: z.boolean().optional(),
});
export type DiseaseLinksBody = z.infer<typeof DiseaseLinksBody>;
export const DiseaseCodesBody = z.strictObject({ localCodes: z.array(localDiseaseCode).min(1).max(2000) });
export const DiseaseSmartBody = z.strictObject({ limit: z.number().int().min(1).max(2000).default(500) });

// ---- staff (医保医师/护士国家码) ----
export const StaffCodeView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  title: z.string(),
  departmentName: z.string().nullable(),
  nationalCode: z.string().nullable(),
  matchedAt: z.number().int().nullable(),
});
export const StaffQuery = z.strictObject({ q: searchQuery });
export const StaffCodeList = z.object({ items: z.array(StaffCodeView) });
/** D (医师) or N (护士) + 12 digits (area code + serial), as the national registry gives them. */
export const NATIONAL_STAFF_CODE = /^[DN]\d{12}$/;
export const StaffLinksBody = z.strictObject({
  links: z
    .array(
      z.strictObject({
        staffId: id,
        nationalCode: z
          .string()
          .trim()
          .toUpperCase()
          .regex(
            NATIONAL_STAFF_CODE,
            '应为 D(医师)或 N(护士)加 12 位数字(D for doctors or N for nurses, then 12 digits)',
          ),
      }),
    )
    .min(1)
    .max(500),
});
export type StaffLinksBody = z.infer<typeof StaffLinksBody>;
export const StaffIdsBody = z.strictObject({ staffIds: ids(500) });

// Field labels for the error messages (server/http/field-text.ts).
labelFields(DownloadBody, { infno: t('目录接口', 'Catalog transaction') });
labelFields(LinkBody, { catalogItemId: t('本院项目', 'Local item'), medListCodg: t('医保目录编码', 'National code') });
labelFields(ItemIdsBody, { catalogItemIds: t('本院项目', 'Local items') });
labelFields(MatchIdsBody, { matchIds: t('对照记录', 'Matches') });
labelFields(SmartBody, { kind: t('项目类型', 'Item kind') });
labelFields(StaffLinksBody, { links: t('人员国家码', 'National staff codes') });
labelFields(DepartmentLinksBody, { links: t('科室对照', 'Department matches') });
labelFields(DiseaseLinksBody, { links: t('疾病对照', 'Disease matches') });
