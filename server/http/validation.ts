// zod validation with messages that name the field, in the request's language.
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import type { Lang, Text } from '../../core/i18n.js';
import { fieldAt, issueText } from './field-text.js';

export { labelFields } from './field-text.js';

// Every message is worded here from the issue's data (field-text.ts), never zod's locale
// text: a sentence naming the field by its label. SCHEMA_OWN marks "no message of the
// schema's own" so that a pattern's or refinement's own bilingual message can be told apart.
const SCHEMA_OWN = '\u0000';
const noLocale = () => SCHEMA_OWN;

function fieldOf(issue: z.core.$ZodIssue, where: string): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length) path.push(issue.keys[0]!);
  return path.length ? path.join('.') : where;
}

/** The sentence (both languages) for one issue of `schema`. */
export function describe(schema: z.core.$ZodType, issue: z.core.$ZodIssue, where: string): Text {
  const info = fieldAt(schema, issue.path, where);
  return issueText(issue, info, issue.message && issue.message !== SCHEMA_OWN ? issue.message : undefined);
}

/** Parse `data` with `schema` or throw a 400/422 DomainError naming the first bad field. */
export function parseInput<T>(schema: z.ZodType<T>, data: unknown, where: 'body' | 'query' | 'params', lang: Lang): T {
  const r = schema.safeParse(data, { error: noLocale, reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = fieldOf(issue, where);
  const text = describe(schema, issue, where);
  const status = where === 'params' ? 400 : 422;
  throw new DomainError(status, 'invalid', text, field, {
    issues: r.error.issues
      .slice(0, 20)
      .map((i) => ({ field: fieldOf(i, where), code: i.code, message: describe(schema, i, where)[lang] })),
  });
}

/** Common schema pieces. */
/** Decimal digits only (no sign, space, exponent, hex or other digits): the pattern of every id in a path. */
export const ID_PATTERN = /^[0-9]{1,16}$/;
/** An id in a path or query string: `0x10`, " 1 ", `1e3`, `+1`, `1.0` are refused (Number() took them). */
export const pathId = z
  .string()
  .regex(ID_PATTERN)
  .transform(Number)
  .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
export const idParam = z.strictObject({ id: pathId });
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
