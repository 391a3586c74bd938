// zod validation with messages that name the field, in the request's language.
import { z } from 'zod';
import { DomainError } from './errors.js';
import type { Lang } from '../lib/i18n.js';

const locales = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };

function fieldOf(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length) path.push(issue.keys[0]!);
  return path.length ? path.join('.') : where;
}

function describe(issue: z.core.$ZodIssue, field: string, lang: Lang): { zh: string; en: string } {
  const msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    return { zh: `不认识的字段“${field}”`, en: `Unknown field "${field}"` };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { zh: `缺少必填字段“${field}”`, en: `Missing required field "${field}"` };
  }
  return lang === 'zh' ? { zh: `字段“${field}”:${msg}`, en: msg } : { zh: msg, en: `Field "${field}": ${msg}` };
}

/** Parse `data` with `schema` or throw a 400/422 DomainError naming the first bad field. */
export function parseInput<T>(schema: z.ZodType<T>, data: unknown, where: 'body' | 'query' | 'params', lang: Lang): T {
  const r = schema.safeParse(data, { error: locales[lang], reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = fieldOf(issue, where);
  const text = describe(issue, field, lang);
  const status = where === 'params' ? 400 : 422;
  throw new DomainError(status, 'invalid', text, field, {
    issues: r.error.issues.slice(0, 20).map((i) => ({ field: fieldOf(i, where), code: i.code, message: i.message })),
  });
}

/** Common schema pieces. */
export const idParam = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const shortText = (max = 100) => z.string().trim().min(1).max(max);
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '' ? null : v));
export const version = z.number().int().positive();
export const bool01 = z.boolean().transform((b) => (b ? 1 : 0) as 0 | 1);
