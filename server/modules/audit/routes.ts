import { z } from 'zod';
import { perm, route, type RouteDef } from '../../http/route.js';
import type { AuditService } from './service.js';
import { AuditPage, AuditQuery } from './schema.js';

export function auditRoutes(audit: AuditService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary: 'Search the audit log by user, patient, action, outcome and time (newest first)',
      auth: perm('audit.read'),
      query: AuditQuery,
      response: AuditPage,
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
