// The audit log API's request and response shapes (the client imports the types, type-only).
import { z } from 'zod';

export const AuditQuery = z.strictObject({
  userId: z.coerce.number().int().positive().optional(),
  username: z.string().trim().max(64).optional(),
  patientId: z.coerce.number().int().positive().optional(),
  action: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9.*-]+$/, 'action is like "auth.sign-in" or "user.*"')
    .optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  patientId: z.number().nullable(),
  ip: z.string().nullable(),
  workstationId: z.number().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextBeforeId: z.number().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
