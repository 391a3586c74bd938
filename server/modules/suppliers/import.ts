// Excel import of suppliers (导入): the header is checked first (the export's columns, any
// order), then every row cell by cell with the supplier form's rules; codes, names and credit
// codes repeated in the file, and names or credit codes of another saved supplier, are row
// errors. Rows are matched by code (any case): existing → update, new → create, identical →
// unchanged. `check` writes nothing, `all` nothing when a row is bad (422 with the report),
// `good-rows` the valid rows; one transaction, every row audited, supplier:changed per row.
import type { Actor } from '../../http/actor.js';
import { t, type Lang, type Text } from '../../../core/i18n.js';
import { readRow } from '../../lib/import-cells.js';
import {
  headerPositions,
  importErrors,
  importReport,
  type ImportError,
  type ImportMode,
  type ImportReport,
} from '../../lib/import-report.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import { readXlsx } from '../../lib/xlsx.js';
import type { ModuleContext } from '../context.js';
import { SUPPLIER_COLUMNS, SUPPLIER_HEADER_OF, SUPPLIER_HEADERS, type SupplierRow } from './columns.js';
import { supplierChanged } from './events.js';
import * as repo from './repo.js';
import type { SupplierView } from './schema.js';

export const MAX_SUPPLIER_ROWS = 5000;

type Planned =
  | { action: 'create'; values: repo.SupplierValues & { active: boolean } }
  | { action: 'update'; before: SupplierView; values: repo.SupplierValues & { active: boolean } }
  | { action: 'unchanged' };

/** Each row's values or its errors (cells, required cells, repeats within the file). */
function parse(
  rows: Array<{ rowNumber: number; cells: Array<string | number | boolean | null> }>,
  pos: Map<string, number>,
  lang: Lang,
) {
  const errors: ImportError[] = [];
  const good: Array<{ row: number; v: SupplierRow }> = [];
  const seen = {
    code: new Map<string, number>(),
    name: new Map<string, number>(),
    creditCode: new Map<string, number>(),
  };
  for (const { rowNumber, cells } of rows) {
    const before = errors.length;
    const err = (column: string, text: Text) => errors.push({ row: rowNumber, column, message: text[lang] });
    const v = readRow(cells, SUPPLIER_COLUMNS, (col) => pos.get(col.header)!, err);
    for (const key of ['code', 'name', 'creditCode'] as const) {
      const value = v[key];
      if (typeof value !== 'string') continue;
      const k = key === 'code' ? value.toLowerCase() : value;
      const first = seen[key].get(k);
      const header = SUPPLIER_HEADER_OF[key];
      if (first !== undefined)
        err(header, t(`${header}“${value}”与第 ${first} 行重复`, `The ${header} "${value}" repeats row ${first}`));
      else seen[key].set(k, rowNumber);
    }
    if (errors.length === before) good.push({ row: rowNumber, v: v as unknown as SupplierRow });
  }
  return { errors, good };
}

/** Plans for the valid rows against the saved suppliers; a name or credit code of another supplier is a row error. */
function plan(good: Array<{ row: number; v: SupplierRow }>, saved: SupplierView[], lang: Lang) {
  const byCode = new Map(saved.map((s) => [s.code.toLowerCase(), s]));
  const byName = new Map(saved.map((s) => [s.name, s]));
  const byCredit = new Map(saved.filter((s) => s.creditCode).map((s) => [s.creditCode!, s]));
  const plans: Planned[] = [];
  const errors: ImportError[] = [];
  for (const { row, v } of good) {
    const existing = byCode.get(v.code.toLowerCase());
    const other = (s: SupplierView | undefined) => s !== undefined && s.id !== existing?.id;
    const n = errors.length;
    const nameOwner = byName.get(v.name);
    if (other(nameOwner)) {
      errors.push({
        row,
        column: '名称',
        message: t(
          `供应商名称“${v.name}”已被 ${nameOwner!.code} 使用`,
          `The supplier name "${v.name}" is already used by ${nameOwner!.code}`,
        )[lang],
      });
    }
    const creditOwner = v.creditCode ? byCredit.get(v.creditCode) : undefined;
    if (other(creditOwner)) {
      errors.push({
        row,
        column: '统一社会信用代码',
        message: t(
          `统一社会信用代码已被 ${creditOwner!.code} 使用`,
          `The credit code is already used by ${creditOwner!.code}`,
        )[lang],
      });
    }
    if (errors.length > n) continue;
    if (!existing) {
      const py = pinyinKeys(v.name);
      plans.push({ action: 'create', values: { ...v, pinyinInitials: py.initials, pinyinFull: py.full } });
      continue;
    }
    // Matched by code regardless of case: the saved spelling stays; pinyin follows a new name.
    const renamed = existing.name !== v.name;
    const py = pinyinKeys(v.name);
    const values = {
      ...v,
      code: existing.code,
      pinyinInitials: renamed ? py.initials : existing.pinyinInitials,
      pinyinFull: py.full,
    };
    const same =
      (Object.keys(v) as Array<keyof SupplierRow>).every((k) => k === 'code' || values[k] === existing[k]) && !renamed;
    plans.push(same ? { action: 'unchanged' } : { action: 'update', before: existing, values });
  }
  return { plans, errors };
}

async function write(tx: Tx, actor: Actor, plans: Planned[]): Promise<void> {
  for (const p of plans) {
    if (p.action === 'create') {
      const id = await repo.insert(tx.db, p.values, tx.now, p.values.active);
      const after = (await repo.findById(tx.db, id))!;
      await tx.audit(actor, {
        action: 'supplier.import.create',
        entity: 'supplier',
        entityId: id,
        before: null,
        after,
      });
      tx.emit(supplierChanged(id, 'created'));
    } else if (p.action === 'update') {
      await repo.update(tx.db, p.before.id, p.values, tx.now);
      const after = (await repo.findById(tx.db, p.before.id))!;
      await tx.audit(actor, {
        action: 'supplier.import.update',
        entity: 'supplier',
        entityId: p.before.id,
        before: p.before,
        after,
      });
      tx.emit(supplierChanged(p.before.id, 'updated'));
    }
  }
}

export function createSupplierImport(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    async importXlsx(
      actor: Actor,
      bytes: Buffer,
      mode: ImportMode,
      idem: Idempotency | undefined,
    ): Promise<ImportReport> {
      const sheet = await readXlsx(bytes, { maxRows: MAX_SUPPLIER_ROWS });
      const pos = headerPositions(sheet.header, SUPPLIER_HEADERS);
      const parsed = parse(sheet.rows, pos, actor.lang);
      const evaluate = async (q: typeof db | Tx['db']) => {
        const p = plan(parsed.good, await repo.list(q, {}), actor.lang);
        return { plans: p.plans, errors: [...parsed.errors, ...p.errors] };
      };
      const report = (errors: ImportError[], plans: Planned[], imported: boolean) =>
        importReport(
          sheet.rows.length,
          errors,
          plans.map((p) => p.action),
          imported,
        );
      if (mode === 'check') {
        const e = await evaluate(db);
        return report(e.errors, e.plans, false);
      }
      return uow.write(async (tx) => {
        const { plans, errors } = await evaluate(tx.db);
        if (mode === 'all' && errors.length) throw importErrors(report(errors, plans, false), errors);
        await write(tx, actor, plans);
        const rep = report(errors, plans, true);
        await tx.audit(actor, {
          action: 'supplier.import',
          entity: 'supplier',
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
        return rep;
      }, idem);
    },
  };
}

export type SupplierImport = ReturnType<typeof createSupplierImport>;
