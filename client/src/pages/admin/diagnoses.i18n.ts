// Strings of the ICD-10 import page (诊断字典导入).
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  intro:
    '上传机构的 ICD-10 诊断目录(CSV 文件,UTF-8,第一行为表头 ' +
    'code,name)。每一行都会检查并列出结果;只要有一行有误,就不导入任何数据,除非选择"只导入正确的行"。已有的编' +
    '码按新名称更新。',
  file: 'CSV 文件',
  chosen: '已选择 {name}({size} KB)',
  import: '检查并导入',
  importGood: '只导入正确的 {n} 行',
  choose: '请先选择文件',
  busy: '正在导入…',
  done: '已导入:新增 {inserted},更新 {updated},未变 {unchanged}',
  notImported: '未导入任何数据',
  summary: '共 {total} 行:错误 {errors} 行',
  'col.line': '行号',
  'col.code': '编码',
  'col.status': '结果',
  'col.message': '说明',
  'status.inserted': '新增',
  'status.updated': '更新',
  'status.unchanged': '未变',
  'status.error': '错误',
  'status.skipped': '未导入',
  shown: '列出全部错误行与前 {n} 个其他行',
  readFailed: '无法读取文件:{message}',
};

export const en: typeof zh = {
  intro:
    'Upload the center’s ICD-10 catalog (a CSV file, UTF-8, first line the header code,name). Every row is ' +
    'checked and listed; when any row is bad nothing is imported, unless you choose to import the good rows ' +
    'only. Existing codes take the new name.',
  file: 'CSV file',
  chosen: 'Chosen: {name} ({size} KB)',
  import: 'Check and import',
  importGood: 'Import the {n} good rows only',
  choose: 'Choose a file first',
  busy: 'Importing…',
  done: 'Imported: {inserted} new, {updated} updated, {unchanged} unchanged',
  notImported: 'Nothing was imported',
  summary: '{total} rows: {errors} bad',
  'col.line': 'Line',
  'col.code': 'Code',
  'col.status': 'Result',
  'col.message': 'Details',
  'status.inserted': 'New',
  'status.updated': 'Updated',
  'status.unchanged': 'Unchanged',
  'status.error': 'Error',
  'status.skipped': 'Not imported',
  shown: 'Listing every bad row and the first {n} others',
  readFailed: 'Could not read the file: {message}',
};

export const t = scoped(zh, en);
