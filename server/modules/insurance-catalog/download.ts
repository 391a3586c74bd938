// Catalog downloads (issue 11 items 2 and 4): the versioned files (1301/1302/1303/1305/1306/1307 and
// the code lists 1308–1311/1313–1315: ask with the highest version held, '0' first → file_qury_no →
// 9102 zip → rows; repeat until the answer is empty), 1312 paged (甲/乙/丙 level, restriction, 乙类
// self-pay ratio, price cap), the other paged ones (paged.ts: 1304 民族药, 1316/1317 matches, 1318 限价,
// 1319 先自付比例) and 1901 code tables.
// Each file (or 1312 page) is stored in ONE transaction with its version row: a bad row refuses
// the file naming its line, and what came before stays. The insurer is never called inside a
// transaction (the adapter writes each call to its outbox first). One download per catalog at a
// time; a second click while one runs is refused. Progress: an insurance:catalog-changed event
// after each file, and the status list's `progressRows`.
import type { Actor } from '../../http/actor.js';
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { CodeListInfno, FileCatalogInfno, PagedCatalogInfno, Row1312 } from '../../../core/insurance-wire.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { ModuleContext } from '../context.js';
import { badAnswer, insurerDate, toFen, type CallContext, type Insurer } from '../insurance/index.js';
import { calendarOf } from '../settings/index.js';
import { catalogChanged } from './events.js';
import { badFile, parseCodeListFile, parseDiseaseFile, parseItemFile, zipLines } from './files.js';
import { CODE_TABLE_TYPES, createPagedDownloads } from './paged.js';
import * as repo from './repo.js';
import type { DownloadResult } from './schema.js';

export type DownloadInfno = FileCatalogInfno | PagedCatalogInfno | '1312' | '1901';

export const CATALOG_NAMES: Record<DownloadInfno, { zh: string; en: string }> = {
  '1301': { zh: '西药中成药目录', en: 'Western and patent drugs' },
  '1302': { zh: '中药饮片目录', en: 'Herbal pieces' },
  '1303': { zh: '医疗机构制剂目录', en: 'In-house preparations' },
  '1304': { zh: '民族药品目录', en: 'Ethnic drugs' },
  '1305': { zh: '医疗服务项目目录', en: 'Medical services' },
  '1306': { zh: '医用耗材目录', en: 'Medical materials' },
  '1307': { zh: '疾病与诊断目录', en: 'Diseases and diagnoses' },
  '1308': { zh: '手术操作目录', en: 'Operations and procedures' },
  '1309': { zh: '门诊慢特病种目录', en: 'Outpatient chronic and special diseases' },
  '1310': { zh: '按病种付费病种目录', en: 'Diseases paid per case' },
  '1311': { zh: '日间手术治疗病种目录', en: 'Day surgery diseases' },
  '1312': { zh: '医保目录(甲乙丙类、限价、自付比例)', en: 'Insurance list (level, cap, self-pay ratio)' },
  '1313': { zh: '肿瘤形态学目录', en: 'Tumour morphology' },
  '1314': { zh: '中医疾病目录', en: 'TCM diseases' },
  '1315': { zh: '中医证候目录', en: 'TCM syndromes' },
  '1316': { zh: '医疗目录与医保目录匹配信息', en: 'Medical catalog ↔ insurance list' },
  '1317': { zh: '医药机构目录匹配信息(医保端)', en: 'Our matches as the insurer holds them' },
  '1318': { zh: '医保目录限价信息', en: 'Price caps' },
  '1319': { zh: '医保目录先自付比例信息', en: 'Self-pay ratios' },
  '1901': { zh: '字典表(险种、人员类别、医疗类别…)', en: 'Code tables (insutype, person type, …)' },
};

const CODE_LIST_INFNOS: readonly string[] = ['1308', '1309', '1310', '1311', '1313', '1314', '1315'];

/** The first 1312 updt_time (every row). */
export const ALL_ROWS_SINCE = '2000-01-01 00:00:00';
const PAGE_SIZE = 500;
const MAX_FILES = 1000;
const WIRE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const WIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type CatalogInsurer = Pick<Insurer, 'call' | 'download9102'>;

export function callContext(actor: Actor, refId: string): CallContext {
  return { actor, refType: 'insurance-catalog', refId };
}

/** 乙类 ratio 0–1 with ≤ 4 decimals → basis points; refused otherwise. */
function ratioBp(v: unknown, field: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw badAnswer(field, '不是数字', 'is not a number');
  const bp = Math.round(n * 10000);
  if (bp < 0 || bp > 10000 || Math.abs(n * 10000 - bp) > 1e-6)
    throw badAnswer(
      field,
      `应为 0–1 之间最多 4 位小数(实为 ${String(v)})`,
      `should be 0–1 with ≤ 4 decimals (${String(v)})`,
    );
  return bp;
}

export function createDownloads(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>, insurer: CatalogInsurer) {
  const { db, uow, clock } = deps;
  const running = new Map<string, { rows: number }>();

  async function fileCatalog(
    actor: Actor,
    infno: FileCatalogInfno,
    progress: { rows: number },
  ): Promise<DownloadResult> {
    const code = await repo.institutionCode(db);
    let files = 0;
    let ver = (await repo.lastVersionOf(db, infno)) ?? '0';
    for (;;) {
      if (files >= MAX_FILES) break;
      const r = await insurer.call(infno, { data: { ver } }, callContext(actor, infno));
      const out = r.output as unknown as Record<string, unknown>;
      const cnt = typeof out.data_cnt === 'string' ? Number(out.data_cnt) : out.data_cnt;
      if (typeof cnt !== 'number' || !Number.isInteger(cnt) || cnt < 0)
        throw badAnswer('data_cnt', '不是非负整数', 'is not a whole number ≥ 0', { callId: r.callId });
      if (cnt === 0 || out.file_qury_no === '' || out.file_qury_no == null) break;
      if (typeof out.file_qury_no !== 'string') throw badAnswer('file_qury_no', '不是文本', 'is not text');
      const filename = typeof out.filename === 'string' && out.filename ? out.filename : `${infno}-${ver}.zip`;
      const newVer = typeof out.ver === 'string' && out.ver ? out.ver : null;
      if (!newVer) throw badAnswer('ver', '缺失', 'is missing', { callId: r.callId });
      if (newVer === ver) throw badAnswer('ver', `未前进(仍为 ${ver})`, `did not move on (still ${ver})`);
      const { bytes } = await insurer.download9102(
        { file_qury_no: out.file_qury_no, filename, fixmedins_code: code },
        callContext(actor, infno),
      );
      const lines = zipLines(bytes, filename);
      if (lines.length !== cnt)
        throw badFile(
          filename,
          null,
          `有 ${lines.length} 行,应答说 ${cnt} 行`,
          `has ${lines.length} rows, the answer said ${cnt}`,
        );
      await uow.write(async (tx) => {
        if (CODE_LIST_INFNOS.includes(infno)) {
          const rows = parseCodeListFile(infno as CodeListInfno, filename, lines);
          await repo.upsertCodeLists(
            tx.db,
            rows.map((r) => ({
              infno: infno as CodeListInfno,
              code: r.code,
              name: r.name,
              fields: JSON.stringify(r.fields),
              pinyin_initials: pinyinKeys(r.name).initials,
              valid: r.valid,
              version: r.ver,
              updated_at: tx.now,
            })),
          );
        } else if (infno === '1307') {
          const rows = parseDiseaseFile(filename, lines);
          await repo.upsertDiseases(
            tx.db,
            rows.map((d) => ({
              code: d.code,
              name: d.name,
              pinyin_initials: pinyinKeys(d.name).initials,
              valid: d.valid,
              version: d.ver,
              updated_at: tx.now,
            })),
          );
        } else {
          const rows = parseItemFile(infno as '1301' | '1302' | '1303' | '1305' | '1306', filename, lines);
          await repo.upsertInsurerItems(
            tx.db,
            rows.map((i) => ({
              list_type: i.list_type,
              med_list_codg: i.med_list_codg,
              name: i.name,
              spec: i.spec,
              dosage_form: i.dosage_form,
              manufacturer: i.manufacturer,
              aprvno: i.aprvno,
              unit: i.unit,
              trade_name: i.trade_name,
              valid: i.valid,
              source_infno: infno,
              version: i.ver,
              pinyin_initials: pinyinKeys(i.name).initials,
              begndate: null,
              enddate: null,
              updated_at: tx.now,
            })),
          );
        }
        await repo.insertVersion(tx.db, {
          infno,
          ver: newVer,
          rows: lines.length,
          filename,
          downloaded_at: tx.now,
          by_user_id: actor.userId,
        });
        await tx.audit(actor, {
          action: 'insurance_catalog.download',
          entity: 'insurance_catalog',
          entityId: infno,
          summary: { infno, fromVer: ver, ver: newVer, rows: lines.length, filename },
        });
        tx.emit(catalogChanged('download', [infno], 'downloaded'));
      });
      files++;
      progress.rows += lines.length;
      ver = newVer;
    }
    return { infno, files, rows: progress.rows, ver, upToDate: true };
  }

  function checkRow(row: unknown, i: number, page: number): Row1312 {
    const at = `data[${i}](第 ${page} 页)`;
    const atEn = `data[${i}] (page ${page})`;
    if (!row || typeof row !== 'object') throw badAnswer(at, '不是对象', `${atEn} is not an object`);
    const r = row as Record<string, unknown>;
    const str = (k: string, max: number) => {
      const v = r[k];
      if (typeof v !== 'string' || !v.trim() || v.length > max)
        throw badAnswer(`${at}.${k}`, '缺失或过长', `${atEn}.${k} is missing or too long`);
      return v.trim();
    };
    const code = str('hilist_code', 50);
    if (!/^[A-Za-z0-9._-]+$/.test(code)) throw badAnswer(`${at}.hilist_code`, '不是有效编码', 'is not a code');
    if (!['01', '02', '03'].includes(r.chrgitm_lv as string))
      throw badAnswer(`${at}.chrgitm_lv`, '应为 01/02/03', 'should be 01/02/03');
    for (const k of ['lmt_used_flag', 'vali_flag'])
      if (r[k] !== '0' && r[k] !== '1') throw badAnswer(`${at}.${k}`, '应为 0 或 1', 'should be 0 or 1');
    if (!['101', '102', '103', '104', '105', '201', '301'].includes(r.list_type as string))
      throw badAnswer(`${at}.list_type`, '不是目录类别', 'is not a list type');
    if (typeof r.updt_time !== 'string' || !WIRE_TIME.test(r.updt_time))
      throw badAnswer(`${at}.updt_time`, '应为 yyyy-MM-dd HH:mm:ss', 'should be yyyy-MM-dd HH:mm:ss');
    for (const k of ['begndate', 'enddate']) {
      const v = r[k];
      if (v != null && v !== '' && (typeof v !== 'string' || !WIRE_DATE.test(v.slice(0, 10))))
        throw badAnswer(`${at}.${k}`, '应为 yyyy-MM-dd', 'should be yyyy-MM-dd');
    }
    str('hilist_name', 200);
    return r as unknown as Row1312;
  }

  async function levels(actor: Actor, progress: { rows: number }): Promise<DownloadResult> {
    const since = (await repo.lastVersionOf(db, '1312')) ?? ALL_ROWS_SINCE;
    const today = insurerDate(clock.now(), (await calendarOf(db)).timeZone);
    let page = 1;
    let pages = 1;
    let files = 0;
    let newest = since;
    while (page <= pages && files < MAX_FILES) {
      const r = await insurer.call(
        '1312',
        { data: { query_date: today, updt_time: since, page_num: page, page_size: PAGE_SIZE } },
        callContext(actor, '1312'),
      );
      const out = r.output as unknown as Record<string, unknown>;
      if (!Array.isArray(out.data)) throw badAnswer('data', '不是数组', 'is not a list', { callId: r.callId });
      const p = typeof out.pages === 'string' ? Number(out.pages) : out.pages;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0)
        throw badAnswer('pages', '不是整数', 'is not a whole number');
      pages = p;
      if (!out.data.length) break;
      const rows = out.data.map((x, i) => checkRow(x, i, page));
      const values = rows.map((row, i) => ({
        row,
        selfpay: ratioBp(row.selfpay_prop, `data[${i}].selfpay_prop`),
        cap: toFen(row.pric_uplmt_amt, `data[${i}].pric_uplmt_amt`),
      }));
      await uow.write(async (tx) => {
        for (const { row, selfpay, cap } of values) {
          const v = {
            chrgitm_lv: row.chrgitm_lv as '01' | '02' | '03',
            lmt_used_flag: Number(row.lmt_used_flag) as 0 | 1,
            lmt_text: row.lmt_used_dscr ? String(row.lmt_used_dscr).slice(0, 500) : null,
            selfpay_prop: selfpay,
            price_cap_fen: cap > 0 ? cap : null,
            begndate: row.begndate ? row.begndate.slice(0, 10) : null,
            enddate: row.enddate ? row.enddate.slice(0, 10) : null,
            valid: Number(row.vali_flag) as 0 | 1,
            updated_at: tx.now,
          };
          if (!(await repo.applyLevel(tx.db, row.hilist_code, v)))
            await repo.upsertInsurerItems(tx.db, [
              {
                list_type: row.list_type,
                med_list_codg: row.hilist_code,
                name: row.hilist_name.trim(),
                spec: null,
                dosage_form: null,
                manufacturer: null,
                aprvno: null,
                unit: null,
                source_infno: '1312',
                version: row.updt_time,
                pinyin_initials: pinyinKeys(row.hilist_name).initials,
                ...v,
              },
            ]);
        }
        // a code with 1318/1319 rules keeps the newest of them valid today (they are dated, 1312 is not)
        const codes = rows.map((row) => row.hilist_code);
        await repo.applyPriceRules(tx.db, 'cap', codes, today, tx.now);
        await repo.applyPriceRules(tx.db, 'selfpay', codes, today, tx.now);
        const pageNewest = rows.reduce((m, row) => (row.updt_time > m ? row.updt_time : m), newest);
        newest = pageNewest;
        await repo.insertVersion(tx.db, {
          infno: '1312',
          ver: page === pages ? pageNewest : since,
          rows: rows.length,
          filename: `page ${page}/${pages}`,
          downloaded_at: tx.now,
          by_user_id: actor.userId,
        });
        await tx.audit(actor, {
          action: 'insurance_catalog.download',
          entity: 'insurance_catalog',
          entityId: '1312',
          summary: { infno: '1312', since, page, pages, rows: rows.length },
        });
        tx.emit(catalogChanged('download', ['1312'], 'downloaded'));
      });
      files++;
      progress.rows += rows.length;
      page++;
    }
    return { infno: '1312', files, rows: progress.rows, ver: newest, upToDate: true };
  }

  const paged = createPagedDownloads(deps, insurer);

  return {
    /** Which downloads run now, with the rows stored so far. */
    progress(): Map<string, { rows: number }> {
      return running;
    },

    async download(actor: Actor, infno: DownloadInfno): Promise<DownloadResult> {
      if (running.has(infno))
        throw conflict(
          'download_running',
          t(`${CATALOG_NAMES[infno].zh}正在下载,请稍候`, `${CATALOG_NAMES[infno].en} is being downloaded; wait`),
          'infno',
        );
      const progress = { rows: 0 };
      running.set(infno, progress);
      try {
        if (infno === '1312') return await levels(actor, progress);
        if (infno === '1901') return await paged.codeTables(actor, progress, CODE_TABLE_TYPES);
        if (infno === '1304' || infno === '1316' || infno === '1317' || infno === '1318' || infno === '1319')
          return await paged.download(actor, infno, progress);
        return await fileCatalog(actor, infno, progress);
      } finally {
        running.delete(infno);
      }
    },
  };
}

export type Downloads = ReturnType<typeof createDownloads>;
