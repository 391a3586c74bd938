// Diagnoses (ICD-10): search for the doctor, and import of the full catalog the center
// supplies as a CSV file (code,name; header row; UTF-8 with or without BOM). Every row is
// checked and reported; when any row is bad nothing is imported unless importGoodRows is
// set. Rows are upserted by code; the import is one transaction, audited with its counts.
import type { Actor } from '../../http/actor.js';
import { DomainError } from '../../../core/errors.js';
import { t, type Text } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { fillOnce } from '../../lib/search.js';
import type { ModuleContext } from '../context.js';
import { CsvError, parseCsv } from './csv.js';
import * as repo from './repo.js';
import { ICD10_CODE, type DiagnosisQuery, type ImportReport, type ImportRowReport } from './schema.js';

const MAX_ROWS = 200_000;

function csvInvalid(text: ReturnType<typeof t>, field: string, details?: Record<string, unknown>) {
  return new DomainError(422, 'invalid_csv', text, field, details);
}

export function createDiagnosesService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    async search(q: DiagnosisQuery) {
      if (q.q) await fillOnce(db, 'diagnoses', () => uow.write((tx) => repo.fillSearchWords(tx.db)));
      return repo.search(db, q.q, q.limit ?? 20);
    },

    async importCsv(actor: Actor, text: string, opts: { importGoodRows: boolean }): Promise<ImportReport> {
      let rows: ReturnType<typeof parseCsv>;
      try {
        rows = parseCsv(text);
      } catch (e) {
        if (e instanceof CsvError)
          throw csvInvalid(t(`CSV 第 ${e.line} 行格式错误:${e.message}`, `CSV line ${e.line}: ${e.message}`), 'body');
        throw e;
      }
      const header = rows.shift();
      if (!header)
        throw csvInvalid(
          t('文件是空的:第一行应为表头 code,name', 'The file is empty: the first line must be the header code,name'),
          'body',
        );
      const cols = header.fields.map((f) => f.trim().toLowerCase());
      if (cols.length !== 2 || cols[0] !== 'code' || cols[1] !== 'name') {
        throw csvInvalid(
          t(
            `表头应为 code,name(实际为 ${header.fields.join(',').slice(0, 80)})`,
            `The header must be code,name (it is ${header.fields.join(',').slice(0, 80)})`,
          ),
          'header',
        );
      }
      if (rows.length === 0) throw csvInvalid(t('文件中没有诊断数据行', 'The file has no diagnosis rows'), 'body');
      if (rows.length > MAX_ROWS)
        throw csvInvalid(t(`行数超过 ${MAX_ROWS} 行上限`, `More than ${MAX_ROWS} rows`), 'body');

      const report: ImportRowReport[] = [];
      const good: repo.DiagnosisRow[] = [];
      const seen = new Map<string, number>();
      for (const r of rows) {
        const code = (r.fields[0] ?? '').trim();
        const name = (r.fields[1] ?? '').trim();
        const bad = (m: Text) => report.push({ line: r.line, code, status: 'error', message: m[actor.lang] });
        if (r.fields.length !== 2)
          bad(
            t(
              `应为 2 列(code,name),实际 ${r.fields.length} 列`,
              `expected 2 columns (code,name), found ${r.fields.length}`,
            ),
          );
        else if (!ICD10_CODE.test(code))
          bad(
            t(
              `编码 "${code.slice(0, 20)}" 不是 A00 或 J06.900 这样的 ICD-10 编码`,
              `code "${code.slice(0, 20)}" is not an ICD-10 code like A00 or J06.900`,
            ),
          );
        else if (!name) bad(t('名称为空', 'name is empty'));
        else if (name.length > 200) bad(t('名称超过 200 个字', 'name is longer than 200 characters'));
        else if (/\p{Cc}/u.test(name)) bad(t('名称含有控制字符', 'name contains control characters'));
        else if (seen.has(code.toUpperCase()))
          bad(
            t(
              `编码 ${code} 与第 ${seen.get(code.toUpperCase())} 行重复`,
              `code ${code} repeats line ${seen.get(code.toUpperCase())}`,
            ),
          );
        else {
          seen.set(code.toUpperCase(), r.line);
          const py = pinyinKeys(name);
          good.push({ code, name, pinyinInitials: py.initials, pinyinFull: py.full });
          report.push({ line: r.line, code, status: 'unchanged' });
        }
      }
      const errors = report.filter((r) => r.status === 'error').length;
      const summary = (imported: boolean, counts = { inserted: 0, updated: 0, unchanged: 0 }): ImportReport => ({
        imported,
        total: rows!.length,
        ...counts,
        errors,
        rows: report,
      });
      if (errors > 0 && !opts.importGoodRows) {
        for (const r of report) if (r.status !== 'error') r.status = 'skipped';
        throw csvInvalid(
          t(
            `有 ${errors} 行有误,未导入任何数据;请改正后重新导入,或选择只导入正确的行`,
            `${errors} row(s) are bad, so nothing was imported; fix them and import again, or import the good ` +
              `rows only`,
          ),
          'body',
          { report: summary(false) },
        );
      }
      return uow.write(async (tx) => {
        const existing = await repo.existingNames(tx.db);
        const counts = { inserted: 0, updated: 0, unchanged: 0 };
        const changed: repo.DiagnosisRow[] = [];
        const byCode = new Map(good.map((g) => [g.code.toUpperCase(), g]));
        for (const r of report) {
          if (r.status === 'error') continue;
          const g = byCode.get(r.code.toUpperCase())!;
          const before = existing.get(r.code.toUpperCase());
          if (before === undefined) r.status = 'inserted';
          else if (before !== g.name) r.status = 'updated';
          else r.status = 'unchanged';
          counts[r.status]++;
          if (r.status !== 'unchanged') changed.push(g);
        }
        await repo.upsert(tx.db, changed);
        await tx.audit(actor, {
          action: 'diagnosis.import',
          entity: 'diagnoses',
          entityId: 'csv',
          summary: { ...counts, errors, total: rows!.length },
        });
        return summary(true, counts);
      });
    },
  };
}

export type DiagnosesService = ReturnType<typeof createDiagnosesService>;
