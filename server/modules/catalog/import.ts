// Excel import of the dictionary (导入): the header is checked first (every column of the
// export, in any order), then every row cell by cell; each bad cell is reported as
// { row (Excel row number), column (its header), message }. Rows are matched to items by code:
// an existing code updates the item, a new code creates one, an identical row changes nothing.
// `check` writes nothing; `all` writes nothing when any row is bad (422 with the report);
// `good-rows` writes the valid rows only. All writes are one transaction.
import type { Actor } from '../../http/actor.js';
import { t, type Lang } from '../../../core/i18n.js';
import { readRow } from '../../lib/import-cells.js';
import { headerPositions, importErrors, importReport } from '../../lib/import-report.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import { readXlsx, type ReadSheet } from '../../lib/xlsx.js';
import type { ModuleContext } from '../context.js';
import { getInstitutionSettings } from '../settings/index.js';
import type { ImportError, ImportMode, ImportReport } from './admin-schema.js';
import { COLUMNS, HEADER_OF, HEADERS, type RowValues } from './columns.js';
import { catalogChanged } from './events.js';
import { historyProblems, itemProblems, priceProblem, suggestedCategory, type ItemValues } from './fields.js';
import { columnsOf, pinyinFor, valuesOf } from './maintenance.js';
import * as repo from './repo.js';

export const MAX_ROWS = 20_000;

interface ParsedRow {
  row: number;
  values: RowValues | null;
}

/** Column positions by key; 422 (field `file`) naming missing, unknown or repeated columns. */
export function headerIndex(header: string[]): Map<string, number> {
  const pos = headerPositions(header, HEADERS);
  return new Map(COLUMNS.map((c) => [c.key, pos.get(c.header)!]));
}

/**
 * Every row's values, or its errors (cell formats, required cells, codes repeated in the file, rules across fields).
 */
export function parseRows(
  sheet: ReadSheet,
  pos: Map<string, number>,
  lang: Lang,
  policy: { zeroMarkupEssentialDrugs: boolean },
): { rows: ParsedRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, cells } of sheet.rows) {
    const before = errors.length;
    const err = (column: string, text: { zh: string; en: string }) =>
      errors.push({ row: rowNumber, column, message: text[lang] });
    const v = readRow(cells, COLUMNS, (col) => pos.get(col.key)!, err);
    if (typeof v.code === 'string') {
      const first = seen.get(v.code.toLowerCase());
      if (first !== undefined)
        err('编码', t(`编码“${v.code}”与第 ${first} 行重复`, `The code "${v.code}" repeats row ${first}`));
      else seen.set(v.code.toLowerCase(), rowNumber);
    }
    if (errors.length === before) {
      const values = v as unknown as RowValues;
      if (values.packUnit === null) values.packUnit = values.unit;
      const probe: ItemValues = {
        ...values,
        chargeCategory: values.chargeCategory ?? '14',
        dosePerUnit: null,
        defaultDose: null,
        doseUnit: null,
        defaultFrequency: null,
        defaultRoute: null,
      };
      for (const p of itemProblems(probe, policy)) err(HEADER_OF[p.field] ?? '编码', p.text);
    }
    rows.push({ row: rowNumber, values: errors.length === before ? (v as unknown as RowValues) : null });
  }
  return { rows, errors };
}

type Planned =
  | { action: 'create'; columns: repo.ItemColumns }
  | { action: 'update'; id: number; before: repo.ItemRow; columns: repo.ItemColumns }
  | { action: 'unchanged' };

/** What a valid row does to the saved dictionary. */
function plan(values: RowValues, existing: repo.ItemRow | undefined): Planned {
  const { pinyinInitials, chargeCategory, ...rest } = values;
  if (!existing) {
    const v: ItemValues = {
      ...rest,
      chargeCategory: chargeCategory ?? suggestedCategory(values.kind, values.drugClass),
      dosePerUnit: null,
      defaultDose: null,
      doseUnit: null,
      defaultFrequency: null,
      defaultRoute: null,
    };
    return {
      action: 'create',
      columns: {
        ...columnsOf(v),
        ...pinyinFor({ name: v.name, pinyinInitials, pinyinFull: null }),
        invoice_confirmed: 0,
      },
    };
  }
  const v: ItemValues = {
    ...rest,
    // Matched by code regardless of case; the saved spelling stays.
    code: existing.code,
    chargeCategory: chargeCategory ?? existing.charge_category,
    dosePerUnit: existing.dose_per_unit,
    defaultDose: existing.default_dose,
    doseUnit: existing.dose_unit,
    defaultFrequency: existing.default_frequency,
    defaultRoute: existing.default_route,
  };
  const columns: repo.ItemColumns = {
    ...columnsOf(v),
    ...pinyinFor({ name: v.name, pinyinInitials, pinyinFull: existing.pinyin_full }, existing),
    invoice_confirmed: v.chargeCategory === existing.charge_category ? existing.invoice_confirmed : 0,
  };
  const same = (Object.keys(columns) as Array<keyof repo.ItemColumns>).every(
    (k) => columns[k] === existing[k as keyof repo.ItemRow],
  );
  return same ? { action: 'unchanged' } : { action: 'update', id: existing.id, before: existing, columns };
}

/** Each valid row's plan, or the errors of a row changing a history field of an item with history. */
function planRows(
  rows: ParsedRow[],
  existing: Map<string, repo.ItemRow>,
  history: Set<number>,
  stocked: Set<number>,
  lang: Lang,
): { plans: Planned[]; errors: ImportError[] } {
  const plans: Planned[] = [];
  const errors: ImportError[] = [];
  for (const r of rows) {
    if (!r.values) continue;
    const saved = existing.get(r.values.code.toLowerCase());
    if (saved && history.has(saved.id)) {
      const problems = historyProblems(r.values, valuesOf(saved));
      if (problems.length) {
        for (const p of problems) errors.push({ row: r.row, column: HEADER_OF[p.field]!, message: p.text[lang] });
        continue;
      }
    }
    if (saved && stocked.has(saved.id)) {
      const p = priceProblem(r.values, valuesOf(saved));
      if (p) {
        errors.push({ row: r.row, column: HEADER_OF[p.field]!, message: p.text[lang] });
        continue;
      }
    }
    plans.push(plan(r.values, saved));
  }
  return { plans, errors };
}

function report(total: number, errors: ImportError[], plans: Planned[], imported: boolean): ImportReport {
  return importReport(
    total,
    errors,
    plans.map((p) => p.action),
    imported,
  );
}

async function write(tx: Tx, actor: Actor, plans: Planned[]): Promise<number[]> {
  const ids: number[] = [];
  for (const p of plans) {
    if (p.action === 'create') {
      const id = await repo.insertItem(tx.db, p.columns, tx.now);
      ids.push(id);
      await tx.audit(actor, {
        action: 'catalog.import.create',
        entity: 'catalog_item',
        entityId: id,
        before: null,
        after: { id, ...p.columns },
      });
    } else if (p.action === 'update') {
      await repo.updateItem(tx.db, p.id, p.columns, tx.now);
      ids.push(p.id);
      await tx.audit(actor, {
        action: 'catalog.import.update',
        entity: 'catalog_item',
        entityId: p.id,
        before: p.before,
        after: { ...p.before, ...p.columns },
      });
    }
  }
  return ids;
}

export function createImportService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    async importXlsx(
      actor: Actor,
      bytes: Buffer,
      mode: ImportMode,
      idem: Idempotency | undefined,
    ): Promise<ImportReport> {
      const sheet = await readXlsx(bytes, { maxRows: MAX_ROWS });
      const pos = headerIndex(sheet.header);
      const parsed = parseRows(sheet, pos, actor.lang, await getInstitutionSettings(db));
      const planAll = async (q: typeof db | Tx['db']) => {
        const done = planRows(
          parsed.rows,
          await repo.itemsByCode(q),
          await repo.itemsWithHistory(q),
          await repo.itemsWithStock(q),
          actor.lang,
        );
        return { plans: done.plans, errors: [...parsed.errors, ...done.errors] };
      };
      if (mode === 'check') {
        const p = await planAll(db);
        return report(sheet.rows.length, p.errors, p.plans, false);
      }
      return uow.write(async (tx) => {
        const { plans, errors } = await planAll(tx.db);
        if (mode === 'all' && errors.length)
          throw importErrors(report(sheet.rows.length, errors, plans, false), errors);
        const ids = await write(tx, actor, plans);
        const rep = report(sheet.rows.length, errors, plans, true);
        await tx.audit(actor, {
          action: 'catalog.import',
          entity: 'catalog_item',
          summary: {
            mode,
            rows: rep.rows,
            valid: rep.valid,
            errors: errors.length,
            created: rep.created,
            updated: rep.updated,
            unchanged: rep.unchanged,
          },
        });
        if (ids.length) tx.emit(catalogChanged(ids, 'imported', await repo.stockRoomIds(tx.db)));
        return rep;
      }, idem);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
