// Excel (.xlsx) in and out through exceljs, for dictionary import/export and report exports.
// Writing: one or more sheets of typed columns → a Buffer sent with the xlsx content type.
// Reading: the first sheet's header row and data rows as plain cell values, with a row limit
// checked before the rows are turned into objects, and a clear error for a file that is not
// an .xlsx workbook. exceljs takes ~360 ms to import, so it is loaded when first used, not at
// the server's start.
import type ExcelJS from 'exceljs';
import { DomainError } from '../../core/errors.js';
import { HttpResult } from '../http/route.js';
import { t } from '../../core/i18n.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let exceljs: Promise<typeof ExcelJS> | null = null;

/** The exceljs module, imported on first use. */
function loadExcelJS(): Promise<typeof ExcelJS> {
  exceljs ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? (m as typeof ExcelJS));
  return exceljs;
}

export interface SheetColumn<R> {
  header: string;
  /** The cell value of a row (numbers stay numbers; money is best given in yuan with numFmt '0.00'). */
  value: (row: R) => string | number | boolean | null | undefined;
  width?: number;
  /** Excel number format, e.g. '0.00' for yuan, '0' for counts. */
  numFmt?: string;
}

export interface Sheet<R> {
  name: string;
  columns: SheetColumn<R>[];
  rows: R[];
  /** Optional lines above the table (title, period, location). */
  title?: string[];
  /** Optional last row (totals), given as cell values in column order. */
  footer?: Array<string | number | null>;
}

/** A workbook of these sheets as a Buffer. */
export async function writeXlsx(sheets: Sheet<any>[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Jiceng';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    for (const line of s.title ?? []) ws.addRow([line]).font = { bold: true };
    const header = ws.addRow(s.columns.map((c) => c.header));
    header.font = { bold: true };
    s.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? Math.max(8, Math.min(40, c.header.length * 2 + 2));
      if (c.numFmt) col.numFmt = c.numFmt;
    });
    for (const r of s.rows) ws.addRow(s.columns.map((c) => c.value(r) ?? null));
    if (s.footer) ws.addRow(s.footer).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: (s.title?.length ?? 0) + 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The route result for an xlsx download. */
export async function xlsxResult(sheets: Sheet<any>[]): Promise<HttpResult<Buffer>> {
  return new HttpResult(200, await writeXlsx(sheets), XLSX_TYPE);
}

export type Cell = string | number | boolean | null;

export interface ReadSheet {
  /** Header cells, trimmed text. */
  header: string[];
  /**
   * Data rows (1-based Excel row number kept for the validation report), cells by header position; fully empty rows are
   * skipped.
   */
  rows: Array<{ rowNumber: number; cells: Cell[] }>;
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return typeof v === 'string' ? v.trim() : v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((p) => p.text)
        .join('')
        .trim();
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return null;
  }
  return String(v);
}

/**
 * Reads the first worksheet. Refuses a file that is not an xlsx workbook (400, field `file`)
 * and one with more than `maxRows` data rows (413, before any row is validated).
 */
export async function readXlsx(bytes: Buffer, opts: { maxRows: number }): Promise<ReadSheet> {
  if (bytes.length === 0) throw new DomainError(400, 'bad_file', t('文件是空的', 'The file is empty'), 'file');
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError(
      400,
      'bad_file',
      t(
        '文件不是 Excel 工作簿(.xlsx),请用“导出”得到的模板填写后再导入',
        'The file is not an Excel workbook (.xlsx); fill in the exported template and import that',
      ),
      'file',
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new DomainError(400, 'bad_file', t('工作簿里没有工作表', 'The workbook has no worksheet'), 'file');
  const dataRows = Math.max(0, ws.actualRowCount - 1);
  if (dataRows > opts.maxRows) {
    throw new DomainError(
      413,
      'too_many_rows',
      t(
        `文件有 ${dataRows} 行,一次最多导入 ${opts.maxRows} 行,请分成几个文件`,
        `The file has ${dataRows} rows; at most ${opts.maxRows} can be imported at once, split it into several files`,
      ),
      'file',
    );
  }
  const header: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = String(cellValue(cell.value) ?? '').trim();
  });
  const rows: ReadSheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Cell[] = header.map((_, i) => cellValue(row.getCell(i + 1).value));
    if (cells.every((c) => c === null || c === '')) return;
    rows.push({ rowNumber, cells });
  });
  return { header, rows };
}
