// The insurer's catalog files, pure: a zip holding one UTF-8 .txt of tab-separated rows (no
// header), columns in core/insurance-wire.ts's orders → the rows this module stores. A bad row is
// refused with its line number (the whole file is then refused: nothing of it is stored).
import { unzipSync } from 'fflate';
import {
  CATALOG_COLUMNS,
  CODE_LIST_KEYS,
  type CodeListInfno,
  type FileCatalogInfno,
} from '../../../core/insurance-wire.js';
import { DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { InsurerListType } from '../../../db/schema.js';

/** The file catalogs of chargeable items (drugs, herbal pieces, preparations, services, materials). */
export type ItemFileInfno = '1301' | '1302' | '1303' | '1305' | '1306';

/** The list types each file catalog may carry. */
export const FILE_LIST_TYPES: Record<ItemFileInfno, readonly InsurerListType[]> = {
  '1301': ['101', '102', '104', '105'],
  '1302': ['103'],
  '1303': ['104'],
  '1305': ['201'],
  '1306': ['301'],
};

export function badFile(filename: string, line: number | null, why: string, whyEn: string): DomainError {
  const at = line === null ? '' : ` 第 ${line} 行`;
  const atEn = line === null ? '' : `, line ${line}`;
  return new DomainError(
    502,
    'catalog_bad_file',
    t(
      `医保目录文件 ${filename}${at}有误:${why};该文件未保存,请稍后重新下载或联系医保经办机构`,
      `The insurer's catalog file ${filename}${atEn} is wrong: ${whyEn}; nothing of it was saved`,
    ),
    'infno',
    { filename, line },
  );
}

/** The one .txt inside a catalog zip, as text lines (empty lines dropped, line numbers kept). */
export function zipLines(bytes: Uint8Array, filename: string): Array<{ line: number; text: string }> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw badFile(
      filename,
      null,
      `不是有效的 zip 文件(${(e as Error).message})`,
      `not a valid zip (${(e as Error).message})`,
    );
  }
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  if (names.length !== 1)
    throw badFile(
      filename,
      null,
      `应只含一个文本文件,实际 ${names.length} 个`,
      `should hold one text file, holds ${names.length}`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(files[names[0]!]!);
  } catch {
    throw badFile(filename, null, '不是 UTF-8 文本', 'is not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: Array<{ line: number; text: string }> = [];
  text.split(/\r?\n/).forEach((s, i) => {
    if (s.trim() !== '') out.push({ line: i + 1, text: s });
  });
  return out;
}

export interface ItemRow {
  list_type: InsurerListType;
  med_list_codg: string;
  name: string;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  aprvno: string | null;
  unit: string | null;
  /** 商品名 (1301/1303 drug_prodname) */
  trade_name: string | null;
  valid: 0 | 1;
  ver: string;
}

export interface CodeListRow {
  code: string;
  name: string;
  /** the wire's other columns (vali_flag, rid, updt_time and ver apart) */
  fields: Record<string, string>;
  valid: 0 | 1;
  ver: string;
}

export interface DiseaseRow {
  code: string;
  name: string;
  valid: 0 | 1;
  ver: string;
}

/** A file from version '0' holds every version of a row (a code changed in a later version comes
 *  again): the row of the highest version wins (the later line on a tie). */
function newestOfEach<R extends { ver: string }>(rows: R[], key: (r: R) => string): R[] {
  const out = new Map<string, R>();
  for (const r of rows) {
    const prior = out.get(key(r));
    if (!prior || r.ver >= prior.ver) out.set(key(r), r);
  }
  return [...out.values()];
}

const CODE = /^[A-Za-z0-9._-]{1,50}$/;
const CTRL = /\p{Cc}/u;

/** One line → its cells by column name, or a refusal naming the line. */
function cells<N extends FileCatalogInfno>(infno: N, filename: string, l: { line: number; text: string }) {
  const cols = CATALOG_COLUMNS[infno] as readonly string[];
  const parts = l.text.split('\t');
  if (parts.length !== cols.length)
    throw badFile(
      filename,
      l.line,
      `有 ${parts.length} 列,应为 ${cols.length} 列`,
      `has ${parts.length} columns, not ${cols.length}`,
    );
  const c: Record<string, string> = {};
  cols.forEach((name, i) => {
    const v = parts[i]!.trim();
    if (CTRL.test(v)) throw badFile(filename, l.line, `${name} 含控制字符`, `${name} holds control characters`);
    c[name] = v;
  });
  return c;
}

const opt = (v: string | undefined, max: number) => (v ? v.slice(0, max) : null);

function flag(filename: string, line: number, name: string, v: string): 0 | 1 {
  if (v === '0' || v === '1') return Number(v) as 0 | 1;
  throw badFile(
    filename,
    line,
    `${name} 应为 0 或 1(实为“${v.slice(0, 10)}”)`,
    `${name} should be 0 or 1, not "${v.slice(0, 10)}"`,
  );
}

function required(filename: string, line: number, name: string, v: string | undefined, max: number): string {
  if (!v) throw badFile(filename, line, `${name} 为空`, `${name} is empty`);
  if (v.length > max) throw badFile(filename, line, `${name} 超过 ${max} 个字符`, `${name} is longer than ${max}`);
  return v;
}

/** The rows of a drug/herb/service/material file. */
export function parseItemFile(
  infno: ItemFileInfno,
  filename: string,
  lines: Array<{ line: number; text: string }>,
): ItemRow[] {
  const rows = lines.map((l): ItemRow => {
    const c = cells(infno, filename, l);
    const code = required(filename, l.line, 'med_list_codg', c.med_list_codg, 50);
    if (!CODE.test(code))
      throw badFile(
        filename,
        l.line,
        `med_list_codg “${code.slice(0, 20)}”不是有效编码`,
        `med_list_codg "${code.slice(0, 20)}" is not a code`,
      );
    const listType = c.list_type as InsurerListType;
    if (!FILE_LIST_TYPES[infno].includes(listType))
      throw badFile(
        filename,
        l.line,
        `list_type “${c.list_type}”不属于 ${infno}(应为 ${FILE_LIST_TYPES[infno].join('/')})`,
        `list_type "${c.list_type}" does not belong to ${infno} (${FILE_LIST_TYPES[infno].join('/')})`,
      );
    const nameCol = {
      '1301': 'drug_genname',
      '1302': 'tcmherb_name',
      '1303': 'drug_genname',
      '1305': 'medsrv_name',
      '1306': 'mcs_name',
    }[infno];
    const name = required(filename, l.line, nameCol, c[nameCol], 200);
    const ver = required(filename, l.line, 'ver', c.ver, 50);
    const valid = flag(filename, l.line, 'vali_flag', c.vali_flag ?? '');
    const base = { list_type: listType, med_list_codg: code, name, valid, ver, trade_name: null };
    switch (infno) {
      case '1301':
      case '1303':
        return {
          ...base,
          trade_name: c.drug_prodname && c.drug_prodname !== name ? c.drug_prodname.slice(0, 200) : null,
          spec: opt(c.drug_spec, 200),
          dosage_form: opt(c.drug_dosform, 50),
          manufacturer: opt(c.prodentp_name, 200),
          aprvno: opt(c.aprvno, 100),
          unit: opt(c.min_prcunt, 20),
        };
      case '1302':
      case '1305':
        return { ...base, spec: null, dosage_form: null, manufacturer: null, aprvno: null, unit: opt(c.prcunt, 20) };
      default:
        return {
          ...base,
          spec: opt(c.spec, 200),
          dosage_form: null,
          manufacturer: opt(c.prodentp_name, 200),
          aprvno: opt(c.reg_no, 100),
          unit: opt(c.prcunt, 20),
        };
    }
  });
  return newestOfEach(rows, (r) => r.med_list_codg);
}

/** The rows of 1307 (diseases). */
export function parseDiseaseFile(filename: string, lines: Array<{ line: number; text: string }>): DiseaseRow[] {
  const rows = lines.map((l): DiseaseRow => {
    const c = cells('1307', filename, l);
    const code = required(filename, l.line, 'diag_code', c.diag_code, 50);
    if (!CODE.test(code))
      throw badFile(
        filename,
        l.line,
        `diag_code “${code.slice(0, 20)}”不是有效编码`,
        `diag_code "${code.slice(0, 20)}" is not a code`,
      );
    return {
      code,
      name: required(filename, l.line, 'diag_name', c.diag_name, 200),
      valid: flag(filename, l.line, 'vali_flag', c.vali_flag ?? ''),
      ver: required(filename, l.line, 'ver', c.ver, 50),
    };
  });
  return newestOfEach(rows, (r) => r.code);
}

const LIST_CODE = /^[A-Za-z0-9._/-]{1,50}$/;

/** The rows of a code-list file (1308–1311, 1313–1315): code and name by CODE_LIST_KEYS, the rest kept. */
export function parseCodeListFile(
  infno: CodeListInfno,
  filename: string,
  lines: Array<{ line: number; text: string }>,
): CodeListRow[] {
  const keys = CODE_LIST_KEYS[infno];
  const rows = lines.map((l): CodeListRow => {
    const c = cells(infno, filename, l);
    const code = required(filename, l.line, keys.code, c[keys.code], 50);
    if (!LIST_CODE.test(code))
      throw badFile(
        filename,
        l.line,
        `${keys.code} “${code.slice(0, 20)}”不是有效编码`,
        `${keys.code} "${code.slice(0, 20)}" is not a code`,
      );
    const name = required(filename, l.line, keys.name, c[keys.name], 200);
    const valid = flag(filename, l.line, 'vali_flag', c.vali_flag ?? '');
    const ver = required(filename, l.line, 'ver', c.ver, 50);
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(c))
      if (v && ![keys.code, keys.name, 'vali_flag', 'ver'].includes(k)) fields[k] = v.slice(0, 500);
    return { code, name, fields, valid, ver };
  });
  return newestOfEach(rows, (r) => r.code);
}
