// Reads a JSON request body with a hard size limit (default 1 MB).
import type { Context } from 'koa';
import { DomainError } from '../../core/errors.js';
import { t } from '../../core/i18n.js';

export const BODY_LIMIT = 1024 * 1024;

/** application/json, with or without parameters (charset). */
export const isJsonType = (type: string) => /^application\/json\s*(;|$)/i.test(type);

export const notJsonError = () =>
  new DomainError(
    415,
    'unsupported_media_type',
    t(
      '请求内容必须是 JSON(Content-Type: application/json)',
      'The request body must be JSON (Content-Type: application/json)',
    ),
  );

export async function readJsonBody(ctx: Context, limit = BODY_LIMIT): Promise<unknown> {
  const isJson = isJsonType(ctx.get('content-type'));
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) {
    ctx.req.resume();
    throw new DomainError(
      413,
      'body_too_large',
      t('请求内容超过 1 MB 上限', 'The request body is over the 1 MB limit'),
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.resume();
      throw new DomainError(
        413,
        'body_too_large',
        t('请求内容超过 1 MB 上限', 'The request body is over the 1 MB limit'),
      );
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  if (!isJson) throw notJsonError();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DomainError(
      400,
      'malformed_json',
      t('请求内容不是有效的 JSON', `The request body is not valid JSON: ${(e as Error).message}`),
      'body',
    );
  }
  const bad = loneSurrogateAt(value, []);
  if (bad) {
    const field = bad.length ? bad.join('.') : 'body';
    throw new DomainError(
      422,
      'invalid',
      t(
        `字段“${field}”含有无效字符(不成对的 UTF-16 代理项),无法保存;请删除该处的乱码后重新输入`,
        `Field "${field}" contains an invalid character (a lone UTF-16 surrogate) that cannot be stored; delete ` +
          `it and type the text again`,
      ),
      field,
    );
  }
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * The path of the first string (value or key) holding a lone UTF-16 surrogate ("\ud800"
 * escaped in JSON): it cannot be encoded as UTF-8 and would be stored as invalid text.
 * Keys are part of the path as they are, with the bad characters replaced by U+FFFD.
 */
export function loneSurrogateAt(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = loneSurrogateAt(value[i], [...path, String(i)]);
      if (r) return r;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) return [...path, k.replace(LONE_SURROGATE_G, '\uFFFD')];
      const r = loneSurrogateAt(v, [...path, k]);
      if (r) return r;
    }
  }
  return null;
}

function sizeText(limit: number): { zh: string; en: string } {
  const mb = limit / (1024 * 1024);
  const n = Number.isInteger(mb) ? `${mb} MB` : `${Math.ceil(limit / 1024)} KB`;
  return { zh: n, en: n };
}

/**
 * Reads a raw text body (a CSV file, ...) of one content type with its own size limit.
 * UTF-8 only; a byte-order mark is kept for the handler to strip. Empty → "".
 */
export async function readTextBody(ctx: Context, contentType: string, limit: number): Promise<string> {
  const bytes = await readBytesBody(ctx, contentType, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DomainError(
      400,
      'bad_encoding',
      t(
        '文件不是 UTF-8 编码,请另存为 UTF-8 后重试',
        'The body is not UTF-8 text; save the file as UTF-8 and try again',
      ),
      'body',
    );
  }
}

/** Reads a raw binary body (an .xlsx file, ...) of one content type with its own size limit. Empty → empty buffer. */
export async function readBytesBody(ctx: Context, contentType: string, limit: number): Promise<Buffer> {
  const size = sizeText(limit);
  const tooLarge = () =>
    new DomainError(
      413,
      'body_too_large',
      t(`请求内容超过 ${size.zh} 上限`, `The request body is over the ${size.en} limit`),
    );
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) {
    ctx.req.resume();
    throw tooLarge();
  }
  const type = ctx.get('content-type');
  const wanted = contentType.toLowerCase();
  if (type.split(';')[0]!.trim().toLowerCase() !== wanted) {
    ctx.req.resume();
    throw new DomainError(
      415,
      'unsupported_media_type',
      t(`请求内容必须是 ${wanted}`, `The request body must be ${wanted} (Content-Type: ${wanted})`),
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      ctx.req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
