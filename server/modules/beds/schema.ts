// Beds (床位): request and response shapes (the client imports them type-only).
import { z } from 'zod';
import type { StaySummary } from '../../../core/contract.js';
import { t } from '../../../core/i18n.js';
import { idParam, labelFields, pathId, version } from '../../http/validation.js';
import { nameField } from '../departments/schema.js';
import { PrintOutcome } from '../printing/schema.js';
export { PrintOutcome };
export type PrintOutcomeView = z.infer<typeof PrintOutcome>;

const id = z.number().int().positive();
const nullableId = id.nullable().optional();

/** A room or bed code: 1–20 characters, letters, digits, Chinese, - + _ (e.g. 301, 加1, A-12). */
const bedCode = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{L}\p{N}_+-]+$/u, '只能包含字母、数字、汉字、_、+ 和 -(letters, digits, Chinese, _ + - only)');

const reason = z
  .string()
  .trim()
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, '不能包含控制字符(no control characters)');

export const BedType = z.enum(['normal', 'extra', 'virtual']);
export const BedState = z.enum(['free', 'occupied', 'reserved']);
export const BedMoveKind = z.enum([
  'place',
  'change',
  'reserve',
  'unreserve',
  'transfer_out',
  'transfer_in',
  'release',
  'pre_discharge',
  'recall',
]);

export const wardParam = z.strictObject({ wardId: pathId });
export const stayParam = z.strictObject({ stayId: pathId });
export const bedParam = z.strictObject({ bedId: pathId });
export { idParam };

// ---- setup (病区床位设置) ----
export const ChargeItemInput = z.strictObject({
  catalogItemId: id,
  quantity: z.number().int().min(1).max(100),
});

export const CreateRoom = z.strictObject({ code: bedCode, name: nameField(40) });
export type CreateRoom = z.infer<typeof CreateRoom>;
export const UpdateRoom = CreateRoom.extend({ active: z.boolean(), version });
export type UpdateRoom = z.infer<typeof UpdateRoom>;

export const BulkBeds = z
  .strictObject({
    roomId: id,
    /** Put before each number: "" → 1, 2 …; "3" → 31, 32 … */
    prefix: z
      .string()
      .trim()
      .max(10)
      .regex(/^[\p{L}\p{N}_+-]*$/u, '只能包含字母、数字、汉字、_、+ 和 -(letters, digits, Chinese, _ + - only)'),
    from: z.number().int().min(1).max(9999),
    to: z.number().int().min(1).max(9999),
    type: BedType,
    items: z.array(ChargeItemInput).max(10),
  })
  .refine((b) => b.to >= b.from, { path: ['to'], message: '应不小于起始床号(must not be below the first number)' })
  .refine((b) => b.to - b.from < 100, { path: ['to'], message: '一次最多 100 张床(at most 100 beds at once)' });
export type BulkBeds = z.infer<typeof BulkBeds>;

export const UpdateBed = z.strictObject({ roomId: id, code: bedCode, type: BedType, sort: z.number().int(), version });
export type UpdateBed = z.infer<typeof UpdateBed>;
export const BedVersion = z.strictObject({ version });
export const BedItems = z.strictObject({ items: z.array(ChargeItemInput).max(10), version });
export type BedItems = z.infer<typeof BedItems>;

export const RoomView = z.object({
  id: z.number().int(),
  wardId: z.number().int(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type RoomView = z.infer<typeof RoomView>;

export const BedItemView = z.object({
  catalogItemId: z.number().int(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  priceFen: z.number().int(),
  quantity: z.number().int(),
});
export type BedItemView = z.infer<typeof BedItemView>;

export const BedView = z.object({
  id: z.number().int(),
  wardId: z.number().int(),
  roomId: z.number().int(),
  code: z.string(),
  type: BedType,
  state: BedState,
  stayId: z.number().int().nullable(),
  active: z.boolean(),
  sort: z.number().int(),
  version: z.number().int(),
});
export type BedView = z.infer<typeof BedView>;

export const SetupBed = BedView.extend({ items: z.array(BedItemView) });
export type SetupBed = z.infer<typeof SetupBed>;

export const WardView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  beds: z.number().int(),
  freeBeds: z.number().int(),
});
export type WardView = z.infer<typeof WardView>;
export const WardList = z.object({ items: z.array(WardView) });

export const WardSetup = z.object({ ward: WardView, rooms: z.array(RoomView), beds: z.array(SetupBed) });
export type WardSetup = z.infer<typeof WardSetup>;
export const BulkResult = z.object({ beds: z.array(SetupBed) });

// ---- the board and the moves (护士站) ----
const Balance = z.object({
  depositsFen: z.number().int(),
  chargesFen: z.number().int(),
  guaranteeFen: z.number().int(),
  balanceFen: z.number().int(),
  warning: z.boolean(),
  arrears: z.boolean(),
  warningLineFen: z.number().int(),
  arrearsLimitFen: z.number().int(),
});

/** A stay as the board shows it (stays.staySummaries; core/contract.ts StaySummary). */
export const BoardStay = z.object({
  id: z.number().int(),
  stayNo: z.string(),
  state: z.enum(['pending', 'in_ward', 'transferring', 'pre_discharge', 'discharged', 'cancelled']),
  patient: z.object({
    id: z.number().int(),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    age: z.number().int(),
    mrn: z.string(),
  }),
  wardId: z.number().int(),
  wardName: z.string(),
  deptId: z.number().int(),
  bedId: z.number().int().nullable(),
  admittedAt: z.number().int(),
  days: z.number().int(),
  attendingDoctorId: z.number().int().nullable(),
  attendingDoctorName: z.string().nullable(),
  nursingLevel: z.string().nullable(),
  patientType: z.enum(['self', 'insured']),
  admissionDiagName: z.string(),
  balance: Balance,
  version: z.number().int(),
}) satisfies z.ZodType<StaySummary>;
export type BoardStay = z.infer<typeof BoardStay>;

export const StaffOption = z.object({ id: z.number().int(), name: z.string(), title: z.string(), mine: z.boolean() });
export const Board = z.object({
  ward: WardView,
  rooms: z.array(RoomView),
  beds: z.array(BedView),
  /** Open stays of the ward: bed occupants, 包床 holders and the waiting list (待入 / 待转入). */
  stays: z.array(BoardStay),
  doctors: z.array(StaffOption),
  nurses: z.array(StaffOption),
  wards: z.array(WardView),
});
export type Board = z.infer<typeof Board>;

export const PlaceBody = z.strictObject({
  stayId: id,
  /** The bed's version as the board showed it. */
  version,
  stayVersion: version.optional(),
  attendingDoctorId: nullableId,
  residentDoctorId: nullableId,
  nurseId: nullableId,
  /** Also print the patient's wristband (腕带) at this workstation's label printer. */
  wristband: z.boolean().optional(),
});
export type PlaceBody = z.infer<typeof PlaceBody>;

export const ChangeBody = z.strictObject({
  toBedId: id,
  toBedVersion: version,
  stayVersion: version.optional(),
  reason: reason.optional(),
});
export type ChangeBody = z.infer<typeof ChangeBody>;

export const ReserveBody = z.strictObject({ bedId: id, version });
export type ReserveBody = z.infer<typeof ReserveBody>;

export const ReleaseBody = z.strictObject({ version, reason: reason.min(1) });
export type ReleaseBody = z.infer<typeof ReleaseBody>;

export const TransferBody = z.strictObject({
  toWardId: id,
  stayVersion: version.optional(),
  reason: reason.min(1),
});
export type TransferBody = z.infer<typeof TransferBody>;

export const MoveResult = z.object({
  moveId: z.number().int(),
  beds: z.array(BedView),
  /** The wristband's print outcome when 安床 asked for it. */
  print: PrintOutcome.nullable().optional(),
});
export type MoveResult = z.infer<typeof MoveResult>;

export const BedMoveView = z.object({
  id: z.number().int(),
  stayId: z.number().int(),
  kind: BedMoveKind,
  fromBed: z.string().nullable(),
  toBed: z.string().nullable(),
  fromWard: z.string().nullable(),
  toWard: z.string().nullable(),
  attendingDoctor: z.string().nullable(),
  residentDoctor: z.string().nullable(),
  nurse: z.string().nullable(),
  reason: z.string().nullable(),
  operator: z.string(),
  createdAt: z.number().int(),
});
export type BedMoveView = z.infer<typeof BedMoveView>;
export const BedMoveList = z.object({ items: z.array(BedMoveView) });

// Field labels for the error messages (server/http/field-text.ts).
const LABELS = {
  code: t('编号', 'Code'),
  name: t('名称', 'Name'),
  roomId: t('病房', 'Room'),
  prefix: t('床号前缀', 'Bed number prefix'),
  from: t('起始床号', 'First bed number'),
  to: t('结束床号', 'Last bed number'),
  type: t('床位类型', 'Bed type'),
  items: t('床位收费项目', 'Bed charge items'),
  catalogItemId: t('收费项目', 'Charge item'),
  quantity: t('数量', 'Quantity'),
  sort: t('排序', 'Order'),
  active: t('启用', 'Active'),
  version: t('版本号', 'Version'),
  stayId: t('住院患者', 'Inpatient stay'),
  stayVersion: t('住院记录版本号', 'Stay version'),
  bedId: t('床位', 'Bed'),
  toBedId: t('新床位', 'New bed'),
  toBedVersion: t('新床位版本号', 'New bed version'),
  attendingDoctorId: t('主治医生', 'Attending doctor'),
  residentDoctorId: t('经治医生', 'Resident doctor'),
  nurseId: t('责任护士', 'Responsible nurse'),
  toWardId: t('转入病区', 'Receiving ward'),
  wristband: t('打印腕带', 'Print the wristband'),
  reason: t('原因', 'Reason'),
};
labelFields(CreateRoom, LABELS);
labelFields(UpdateRoom, LABELS);
labelFields(BulkBeds, LABELS);
labelFields(UpdateBed, LABELS);
labelFields(BedItems, LABELS);
labelFields(BedVersion, LABELS);
labelFields(PlaceBody, LABELS);
labelFields(ChangeBody, LABELS);
labelFields(ReserveBody, LABELS);
labelFields(ReleaseBody, LABELS);
labelFields(TransferBody, LABELS);
labelFields(ChargeItemInput, LABELS);
