// Queue (候诊队列): request and response shapes.
import { z } from 'zod';
import { idParam } from '../../http/validation.js';

export const dayField = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式为 YYYY-MM-DD(date as YYYY-MM-DD)');

export const departmentIdField = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The doctor's first page: the screen can load more (`next` is the following offset). */
export const QUEUE_PAGE = 200;

export const QueueQuery = z.strictObject({
  departmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  day: dayField.optional(),
  /** Page size, in line order. */
  limit: z.coerce.number().int().min(1).max(500).default(QUEUE_PAGE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** `true`: only the entries still in the line (not done, not cancelled), as the doctor's list shows. */
  open: z.enum(['true', 'false']).optional(),
  /** Only entries with a greater id: what a screen holding the list has not seen yet. */
  afterId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const CallNext = z.strictObject({ departmentId: departmentIdField });
export type CallNext = z.infer<typeof CallNext>;

export const QueueStatus = z.enum(['waiting', 'called', 'in_consultation', 'passed', 'done', 'cancelled']);

export const QueueEntryView = z.object({
  id: z.number().int(),
  visitId: z.number().int(),
  patientId: z.number().int(),
  patientName: z.string(),
  maskedName: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  mrn: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  doctorStaffId: z.number().int().nullable(),
  doctorName: z.string().nullable(),
  calledByStaffId: z.number().int().nullable(),
  calledByName: z.string().nullable(),
  day: z.string(),
  queueNo: z.number().int(),
  label: z.string(),
  status: QueueStatus,
  callCount: z.number().int(),
  calledAt: z.number().int().nullable(),
  room: z.string().nullable(),
  position: z.number().int(),
  registrationId: z.number().int().nullable(),
  payer: z.enum(['cash', 'insured']),
  visitKind: z.enum(['registered', 'walk_in']),
  version: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type QueueEntryView = z.infer<typeof QueueEntryView>;

export const QueueList = z.object({
  day: z.string(),
  departmentId: z.number().int(),
  items: z.array(QueueEntryView),
  /** The `offset` of the next page; null: this was the last. */
  next: z.number().int().nullable(),
});
export type QueueList = z.infer<typeof QueueList>;

export { idParam };
