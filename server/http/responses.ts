// Response schemas shared by routes whose answer is not a module's own view.
import { z } from 'zod';

/**
 * A response that is a file or a page, not JSON (an .xlsx export, a PDF, an HTML preview):
 * documented in the OpenAPI document under its media type as a binary string.
 */
export function fileResponse<T extends Buffer | Uint8Array | string = Buffer>(contentType: string): z.ZodType<T> {
  return z
    .custom<T>((v) => typeof v === 'string' || v instanceof Uint8Array)
    .meta({ type: 'string', format: 'binary', contentMediaType: contentType });
}

/** `{ ok: true }`: a command that answers nothing else. */
export const OkResponse = z.object({ ok: z.literal(true) });

/** `{ id, deleted: true }`: a row deleted (only rows nothing refers to may be). */
export const DeletedResponse = z.object({ id: z.number().int(), deleted: z.literal(true) });

/** An OpenAPI 3.1 document (GET /api/openapi.json). */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
