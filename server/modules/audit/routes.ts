import { z } from 'zod';
import { perm, route, type RouteDef } from '../../http/route.js';
import type { AuditService } from './service.js';

const AuditQuery = z.strictObject({
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

const AuditEntry = z.object({
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

export function auditRoutes(audit: AuditService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary: 'Search the audit log by user, patient, action, outcome and time (newest first)',
      auth: perm('audit.read'),
      query: AuditQuery,
      response: z.object({ items: z.array(AuditEntry), nextBeforeId: z.number().nullable() }),
      async handler(req) {
        return audit.search(req.query);
      },
    }),
    route({
      method: 'get',
      path: '/audit/actions',
      tag: 'audit',
      summary: 'The distinct audited actions, for the search form',
      auth: perm('audit.read'),
      response: z.array(z.string()),
      async handler() {
        return audit.actions();
      },
    }),
  ];
}
