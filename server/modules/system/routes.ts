import { z } from 'zod';
import { route, type RouteDef } from '../../http/route.js';
import type { RouteDef as R } from '../../http/route.js';
import { openApiDocument } from '../../http/openapi.js';

export interface HealthSource {
  version: string;
  startedAt: number;
  dbOk(): boolean;
  connectedScreens(): number;
  devices(): Array<{ kind: string; name: string; state: string }>;
}

const Health = z.object({
  ok: z.boolean(),
  db: z.enum(['ok', 'error']),
  version: z.string(),
  uptimeSeconds: z.number(),
  screens: z.number().int(),
  devices: z.array(z.object({ kind: z.string(), name: z.string(), state: z.string() })),
});

export function systemRoutes(src: HealthSource, allRoutes: () => R[]): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/health',
      tag: 'system',
      summary: 'Is the server well: database, version, uptime, connected screens, devices',
      auth: 'public',
      response: Health,
      async handler() {
        const dbOk = src.dbOk();
        return {
          ok: dbOk,
          db: dbOk ? ('ok' as const) : ('error' as const),
          version: src.version,
          uptimeSeconds: Math.round((Date.now() - src.startedAt) / 1000),
          screens: src.connectedScreens(),
          devices: src.devices(),
        };
      },
    }),
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'system',
      summary: 'This API as an OpenAPI 3.1 document',
      auth: 'public',
      async handler() {
        return openApiDocument(allRoutes(), { version: src.version });
      },
    }),
  ];
}
