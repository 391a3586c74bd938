// Diagnoses (ICD-10 诊断): request and response shapes.
import { z } from 'zod';

export const DiagnosisQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type DiagnosisQuery = z.infer<typeof DiagnosisQuery>;

export const Diagnosis = z.object({ code: z.string(), name: z.string() });
export const DiagnosisList = z.object({ items: z.array(Diagnosis) });

export const ImportQuery = z.strictObject({
  /** Import the good rows even when some rows are bad (default: nothing is imported then). */
  importGoodRows: z.enum(['true', 'false']).optional(),
});

export const ImportRowReport = z.object({
  line: z.number().int(),
  code: z.string(),
  status: z.enum(['inserted', 'updated', 'unchanged', 'error', 'skipped']),
  message: z.string().optional(),
});
export type ImportRowReport = z.infer<typeof ImportRowReport>;

export const ImportReport = z.object({
  imported: z.boolean(),
  total: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.number().int(),
  rows: z.array(ImportRowReport),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** ICD-10 codes: a letter, two digits, optionally a dot and up to 8 letters/digits (J06.900, I10.x00, E11.900x001). */
export const ICD10_CODE = /^[A-Z][0-9]{2}(\.[0-9A-Za-z]{1,8})?[+*]?$/;
