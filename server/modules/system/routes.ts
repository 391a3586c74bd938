import { z } from 'zod';
import { route, type RouteDef } from '../../http/route.js';
import type { RouteDef as R } from '../../http/route.js';
import { openApiDocument } from '../../http/openapi.js';
import type { LoadSnapshot } from '../../http/load.js';
import { OpenApiDocument } from '../../http/responses.js';

export interface HealthSource {
  version: string;
  startedAt: number;
  dbOk(): boolean;
  connectedScreens(): number;
  devices(): Array<{ kind: string; name: string; state: string }>;
  /** Event-loop delay and requests in flight (http/load.ts). */
  load?(): LoadSnapshot;
}

const Health = z.object({
  ok: z.boolean(),
  db: z.enum(['ok', 'error']),
  version: z.string(),
  uptimeSeconds: z.number(),
  screens: z.number().int(),
  devices: z.array(z.object({ kind: z.string(), name: z.string(), state: z.string() })),
  /** The event loop's delay over the last interval (ms): high p99 means requests queue. */
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).optional(),
  /** The interval the delay covers (seconds). */
  loadIntervalSeconds: z.number().optional(),
  /** Requests arrived and not yet answered, now and at most during the interval. */
  inFlight: z.number().int().optional(),
  inFlightMax: z.number().int().optional(),
});

export function systemRoutes(src: HealthSource, allRoutes: () => R[]): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/health',
      tag: 'system',
      summary: 'Is the server well: database, version, uptime, screens, devices, event-loop delay, requests in flight',
      auth: 'public',
      response: Health,
      async handler() {
        const dbOk = src.dbOk();
        const load = src.load?.();
        return {
          ok: dbOk,
          db: dbOk ? ('ok' as const) : ('error' as const),
          version: src.version,
          uptimeSeconds: Math.round((Date.now() - src.startedAt) / 1000),
          screens: src.connectedScreens(),
          devices: src.devices(),
          ...(load
            ? {
                eventLoopDelayMs: load.eventLoopDelayMs,
                loadIntervalSeconds: load.intervalSeconds,
                inFlight: load.inFlight,
                inFlightMax: load.inFlightMax,
              }
            : {}),
        };
      },
    }),
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'system',
      summary: 'This API as an OpenAPI 3.1 document',
      auth: 'public',
      response: OpenApiDocument,
      async handler() {
        return openApiDocument(allRoutes(), { version: src.version }) as z.infer<typeof OpenApiDocument>;
      },
    }),
  ];
}
