// The Excel columns of the supplier list (the export is the import template): Chinese headers,
// how a saved supplier is written into a cell, and how a typed cell is read back with the same
// rules as the supplier form (credit-code check character, a real YYYY-MM-DD date, lengths).
import type { Db } from '../../../db/connection.js';
import { writeXlsx, type Cell } from '../../lib/xlsx.js';
import {
  bad,
  cellText as text,
  codeCell as code,
  freeText as free,
  ok,
  yesNo,
  type CellColumn,
  type Parsed,
} from '../../lib/import-cells.js';
import { creditCodeProblem } from './credit-code.js';
import * as repo from './repo.js';
import type { SupplierView } from './schema.js';

/** What a row of the file gives (pinyin initials are not in the file: generated from the name). */
export interface SupplierRow {
  code: string;
  name: string;
  shortName: string | null;
  contactPerson: string | null;
  phone: string | null;
  address: string | null;
  creditCode: string | null;
  drugLicenceNo: string | null;
  drugLicenceExpiresOn: string | null;
  active: boolean;
}

function creditCode(c: Cell): Parsed {
  const s = text(c).toUpperCase();
  const p = creditCodeProblem(s);
  return p ? bad(`统一社会信用代码“${s}”${p.zh}`, `Credit code "${s}": ${p.en}`) : ok(s);
}

/** A real day as YYYY-MM-DD (a date cell is read as one). */
function date(c: Cell): Parsed {
  const s = text(c);
  const d = new Date(s + 'T00:00:00Z');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s) return ok(s);
  return bad(`日期“${s}”应为 YYYY-MM-DD 格式的有效日期`, `The date "${s}" should be a real day as YYYY-MM-DD`);
}

export interface SupplierColumn extends CellColumn<keyof SupplierRow> {
  width: number;
  write: (s: SupplierView) => string | null;
}

export const SUPPLIER_COLUMNS: SupplierColumn[] = [
  { header: '编码', key: 'code', required: true, width: 12, write: (s) => s.code, read: code },
  { header: '名称', key: 'name', required: true, width: 30, write: (s) => s.name, read: free(100) },
  { header: '简称', key: 'shortName', width: 14, write: (s) => s.shortName, read: free(30), blank: null },
  { header: '联系人', key: 'contactPerson', width: 10, write: (s) => s.contactPerson, read: free(30), blank: null },
  { header: '电话', key: 'phone', width: 16, write: (s) => s.phone, read: free(30), blank: null },
  { header: '地址', key: 'address', width: 30, write: (s) => s.address, read: free(200), blank: null },
  {
    header: '统一社会信用代码',
    key: 'creditCode',
    width: 22,
    write: (s) => s.creditCode,
    read: creditCode,
    blank: null,
  },
  {
    header: '药品经营许可证号',
    key: 'drugLicenceNo',
    width: 20,
    write: (s) => s.drugLicenceNo,
    read: free(50),
    blank: null,
  },
  {
    header: '许可证有效期至',
    key: 'drugLicenceExpiresOn',
    width: 14,
    write: (s) => s.drugLicenceExpiresOn,
    read: date,
    blank: null,
  },
  { header: '在用', key: 'active', width: 6, write: (s) => (s.active ? '是' : '否'), read: yesNo, blank: true },
];

export const SUPPLIER_HEADERS = SUPPLIER_COLUMNS.map((c) => c.header);
export const SUPPLIER_HEADER_OF = Object.fromEntries(SUPPLIER_COLUMNS.map((c) => [c.key, c.header])) as Record<
  keyof SupplierRow,
  string
>;

/** Every supplier by code as an Excel file (the import template). */
export async function exportSuppliers(db: Db): Promise<Buffer> {
  const rows = await repo.list(db, {});
  return writeXlsx([
    {
      name: '供应商',
      columns: SUPPLIER_COLUMNS.map((c) => ({ header: c.header, value: c.write, width: c.width })),
      rows,
    },
  ]);
}
