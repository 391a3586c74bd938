// The row-by-row report of an Excel import (dictionary, suppliers): the modes, the report
// shape, the header check and the 422 for `all` with bad rows. Each module reads its own cells.
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { t } from '../../core/i18n.js';

export const ImportQuery = z.strictObject({ mode: z.enum(['check', 'good-rows', 'all']) });
export type ImportMode = z.infer<typeof ImportQuery>['mode'];

export const ImportError = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type ImportError = z.infer<typeof ImportError>;

export const ImportReport = z.object({
  /** Data rows in the file. */
  rows: z.number().int(),
  /** Rows without an error. */
  valid: z.number().int(),
  /** The first 1,000 errors. */
  errors: z.array(ImportError),
  /** Errors beyond those listed. */
  moreErrors: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Valid rows identical to the saved record (nothing written for them). */
  unchanged: z.number().int(),
  /** Whether anything was written (false for `check`). */
  imported: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** Errors listed in a report (the rest are counted in `moreErrors`). */
const MAX_LISTED = 1000;

/** The report of planned (or written) actions and the errors, errors listed in row order. */
export function importReport(
  rows: number,
  errors: ImportError[],
  actions: Array<'create' | 'update' | 'unchanged'>,
  imported: boolean,
): ImportReport {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return {
    rows,
    valid: actions.length,
    errors: sorted.slice(0, MAX_LISTED),
    moreErrors: Math.max(0, sorted.length - MAX_LISTED),
    created: actions.filter((a) => a === 'create').length,
    updated: actions.filter((a) => a === 'update').length,
    unchanged: actions.filter((a) => a === 'unchanged').length,
    imported,
  };
}

/** `all` with bad rows: 422 `import_errors` (field `file`) with the report in `details.report`. */
export function importErrors(report: ImportReport, errors: ImportError[]): DomainError {
  const n = new Set(errors.map((e) => e.row)).size;
  return new DomainError(
    422,
    'import_errors',
    t(`有 ${n} 行有误,未导入任何数据`, `${n} rows have errors; nothing was imported`),
    'file',
    { report },
  );
}

/** Column positions by header; 422 `bad_columns` (field `file`) naming missing, unknown or repeated columns. */
export function headerPositions(header: string[], expected: readonly string[]): Map<string, number> {
  const pos = new Map<string, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((h, i) => {
    const name = h.trim();
    if (!name) return;
    if (!expected.includes(name)) unknown.push(name);
    else if (pos.has(name)) repeated.push(name);
    else pos.set(name, i);
  });
  const missing = expected.filter((h) => !pos.has(h));
  if (missing.length || unknown.length || repeated.length) {
    const zh = [
      missing.length ? `缺少列:${missing.join('、')}` : '',
      unknown.length ? `不认识的列:${unknown.join('、')}` : '',
      repeated.length ? `重复的列:${repeated.join('、')}` : '',
    ];
    const en = [
      missing.length ? `missing columns: ${missing.join(', ')}` : '',
      unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
      repeated.length ? `repeated columns: ${repeated.join(', ')}` : '',
    ];
    throw new DomainError(
      422,
      'bad_columns',
      t(
        `表头不对(${zh.filter(Boolean).join(';')}),请用“导出”得到的文件作模板`,
        `Wrong header (${en.filter(Boolean).join('; ')}); use an exported file as the template`,
      ),
      'file',
      { missing, unknown, repeated },
    );
  }
  return pos;
}
