// OpenAPI 3.1, generated from the same zod schemas the routes validate with.
import { z } from 'zod';
import type { RouteDef } from './route.js';

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  try {
    const j = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
    delete j.$schema;
    return j;
  } catch {
    return {};
  }
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
};

/** A file response (server/http/responses.ts fileResponse) is documented under its own media type. */
function mediaType(schema: Record<string, unknown>): string {
  return typeof schema.contentMediaType === 'string' ? schema.contentMediaType : 'application/json';
}

export function openApiDocument(routes: RouteDef[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = '/api' + r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    if (r.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: r.idempotent === true,
        schema: { type: 'string', minLength: 8, maxLength: 100 },
      });
    }
    const response = r.response ? schemaOf(r.response, 'output') : {};
    const op: Record<string, unknown> = {
      operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      tags: [r.tag],
      'x-permission': r.auth === 'public' ? 'public' : r.auth === 'signed-in' ? 'signed-in' : r.auth.permission,
      parameters,
      responses: {
        '200': {
          description: 'OK',
          content: { [mediaType(response)]: { schema: response } },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (r.auth !== 'public') op.security = [{ session: [] }];
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
    if (r.rawBody)
      op.requestBody = {
        required: true,
        content: {
          [r.rawBody.contentType]: {
            schema: r.rawBody.binary ? { type: 'string', format: 'binary' } : { type: 'string' },
          },
        },
      };
    (paths[p] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jiceng API',
      version: info.version,
      description: 'The HTTP API of Jiceng (基层), a primary health center information system.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jiceng_sid' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
