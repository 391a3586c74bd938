// The paged catalog queries other than 1312 (issue 11 item 4) and 1901's code tables:
// - 1304 民族药 → insurer_catalog_items (list_type 105, source 1304);
// - 1316 医疗目录与医保目录匹配 and 1317 医药机构目录匹配 (our matches as the insurer holds them) →
//   insurer_held_matches;
// - 1318 限价 and 1319 先自付比例 → insurer_price_rules, then the newest row valid today onto the item's
//   price_cap_fen / selfpay_prop (repo.applyPriceRules);
// - 1901 → insurer_code_tables, one type at a time (the table of a type is replaced whole).
// Like 1312: ask from the last updt_time held ('2000-01-01 00:00:00' first), page by page; each page
// is checked whole (a bad row refuses the page naming its row: data[i] (page p)) and stored in one
// transaction with its version row; the pages before stay.
import type { Actor } from '../../http/actor.js';
import type { PagedCatalogInfno } from '../../../core/insurance-wire.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { InsurerListType } from '../../../db/schema.js';
import type { ModuleContext } from '../context.js';
import { badAnswer, type CallContext, type Insurer, insurerDate, toFen } from '../insurance/index.js';
import { calendarOf } from '../settings/index.js';
import { catalogChanged } from './events.js';
import * as repo from './repo.js';
import type { DownloadResult } from './schema.js';

/** The 1901 types the HIS labels with (险种, 人员类别, 医疗类别, 清算类别, 人员身份类别, 基金支付类型). */
export const CODE_TABLE_TYPES = ['insutype', 'psn_type', 'med_type', 'clr_type', 'psn_idet_type', 'fund_pay_type'];

const ALL_ROWS_SINCE = '2000-01-01 00:00:00';
const PAGE_SIZE = 500;
const MAX_PAGES = 1000;
const WIRE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const WIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9._-]{1,50}$/;
const LIST_TYPES: readonly string[] = ['101', '102', '103', '104', '105', '201', '301'];

type Insurer_ = Pick<Insurer, 'call'>;

function ctxOf(actor: Actor, refId: string): CallContext {
  return { actor, refType: 'insurance-catalog', refId };
}

/** One row of a page, checked field by field; each refusal names `data[i] (page p).field`. */
function rowReader(row: unknown, i: number, page: number) {
  const at = `data[${i}](第 ${page} 页)`;
  const atEn = `data[${i}] (page ${page})`;
  if (!row || typeof row !== 'object') throw badAnswer(at, '不是对象', `${atEn} is not an object`);
  const r = row as Record<string, unknown>;
  const bad = (k: string, why: string, whyEn: string) => badAnswer(`${at}.${k}`, why, `${atEn}.${k} ${whyEn}`);
  const str = (k: string, max: number): string => {
    const v = r[k];
    if (typeof v !== 'string' || !v.trim() || v.length > max) throw bad(k, '缺失或过长', 'is missing or too long');
    return v.trim();
  };
  return {
    at,
    r,
    str,
    opt: (k: string, max: number): string | null => {
      const v = r[k];
      if (v == null || v === '') return null;
      if (typeof v !== 'string') throw bad(k, '不是文本', 'is not text');
      return v.trim().slice(0, max) || null;
    },
    code: (k: string): string => {
      const v = str(k, 50);
      if (!CODE.test(v)) throw bad(k, '不是有效编码', 'is not a code');
      return v;
    },
    flag: (k: string): 0 | 1 => {
      if (r[k] !== '0' && r[k] !== '1') throw bad(k, '应为 0 或 1', 'should be 0 or 1');
      return Number(r[k]) as 0 | 1;
    },
    listType: (k: string): InsurerListType => {
      if (!LIST_TYPES.includes(r[k] as string)) throw bad(k, '不是目录类别', 'is not a list type');
      return r[k] as InsurerListType;
    },
    time: (k: string): string => {
      if (typeof r[k] !== 'string' || !WIRE_TIME.test(r[k] as string))
        throw bad(k, '应为 yyyy-MM-dd HH:mm:ss', 'should be yyyy-MM-dd HH:mm:ss');
      return r[k] as string;
    },
    date: (k: string, required: boolean): string | null => {
      const v = r[k];
      if (v == null || v === '') {
        if (required) throw bad(k, '缺失', 'is missing');
        return null;
      }
      if (typeof v !== 'string' || !WIRE_DATE.test(v.slice(0, 10)))
        throw bad(k, '应为 yyyy-MM-dd', 'should be yyyy-MM-dd');
      return v.slice(0, 10);
    },
    ratioBp: (k: string): number => {
      const v = r[k];
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad(k, '不是数字', 'is not a number');
      const bp = Math.round(n * 10000);
      if (bp < 0 || bp > 10000 || Math.abs(n * 10000 - bp) > 1e-6)
        throw bad(k, `应为 0–1 之间最多 4 位小数(实为 ${String(v)})`, `should be 0–1 with ≤ 4 decimals (${String(v)})`);
      return bp;
    },
    fen: (k: string): number => {
      const f = toFen(r[k], `${at}.${k}`);
      if (f < 0) throw bad(k, '不能为负', 'is negative');
      return f;
    },
  };
}

export function createPagedDownloads(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>, insurer: Insurer_) {
  const { db, uow, clock } = deps;

  /** Check a page's rows (all before anything is stored) and return the store step. */
  function prepare(infno: PagedCatalogInfno, data: unknown[], page: number, today: string) {
    switch (infno) {
      case '1304': {
        const rows = data.map((x, i) => {
          const c = rowReader(x, i, page);
          if (c.listType('list_type') !== '105')
            throw badAnswer(`${c.at}.list_type`, '民族药应为 105', 'should be 105 for an ethnic drug');
          const name = c.str('drug_genname', 200);
          const trade = c.opt('drug_prodname', 200);
          return {
            updt: c.time('updt_time'),
            code: c.code('med_list_codg'),
            v: {
              list_type: '105' as const,
              med_list_codg: c.code('med_list_codg'),
              name,
              trade_name: trade && trade !== name ? trade : null,
              spec: c.opt('drug_spec', 200),
              dosage_form: c.opt('drug_dosform', 50),
              manufacturer: c.opt('prodentp_name', 200),
              aprvno: c.opt('aprvno', 100),
              unit: c.opt('min_prcunt', 20),
              valid: c.flag('vali_flag'),
              source_infno: '1304',
              version: c.time('updt_time'),
              pinyin_initials: pinyinKeys(name).initials,
              begndate: null,
              enddate: null,
            },
          };
        });
        return {
          updts: rows.map((r) => r.updt),
          store: async (tx: { db: Parameters<typeof repo.upsertInsurerItems>[0]; now: number }) =>
            repo.upsertInsurerItems(
              tx.db,
              rows.map((r) => ({ ...r.v, updated_at: tx.now })),
            ),
        };
      }
      case '1316':
      case '1317': {
        const rows = data.map((x, i) => {
          const c = rowReader(x, i, page);
          const local = infno === '1316' ? c.code('med_list_codg') : c.str('medins_list_codg', 50);
          return {
            infno,
            local_code: local,
            list_type: c.listType('list_type'),
            hilist_code: infno === '1316' ? c.code('hilist_code') : c.code('med_list_codg'),
            name: infno === '1317' ? c.opt('medins_list_name', 200) : null,
            begndate: c.date('begndate', false),
            enddate: c.date('enddate', false),
            valid: c.flag('vali_flag'),
            rid: c.str('rid', 60),
            updt_time: c.time('updt_time'),
          };
        });
        return {
          updts: rows.map((r) => r.updt_time),
          store: async (tx: { db: Parameters<typeof repo.upsertHeldMatches>[0]; now: number }) =>
            repo.upsertHeldMatches(
              tx.db,
              rows.map((r) => ({ ...r, updated_at: tx.now })),
            ),
        };
      }
      default: {
        const kind = infno === '1318' ? ('cap' as const) : ('selfpay' as const);
        const rows = data.map((x, i) => {
          const c = rowReader(x, i, page);
          const begndate = c.date('begndate', true)!;
          const enddate = c.date('enddate', false);
          if (enddate && enddate < begndate) throw badAnswer(`${c.at}.enddate`, '早于开始日期', 'is before begndate');
          return {
            kind,
            hilist_code: c.code('hilist_code'),
            rid: c.str('rid', 60),
            value: kind === 'cap' ? c.fen('hilist_pric_uplmt_amt') : c.ratioBp('selfpay_prop'),
            begndate,
            enddate,
            valid: c.flag('vali_flag'),
            updt_time: c.time('updt_time'),
          };
        });
        return {
          updts: rows.map((r) => r.updt_time),
          store: async (tx: { db: Parameters<typeof repo.upsertPriceRules>[0]; now: number }) => {
            await repo.upsertPriceRules(
              tx.db,
              rows.map((r) => ({ ...r, updated_at: tx.now })),
            );
            await repo.applyPriceRules(
              tx.db,
              kind,
              rows.map((r) => r.hilist_code),
              today,
              tx.now,
            );
          },
        };
      }
    }
  }

  return {
    async download(actor: Actor, infno: PagedCatalogInfno, progress: { rows: number }): Promise<DownloadResult> {
      const since = (await repo.lastVersionOf(db, infno)) ?? ALL_ROWS_SINCE;
      const today = insurerDate(clock.now(), (await calendarOf(db)).timeZone);
      const code = await repo.institutionCode(db);
      let page = 1;
      let pages = 1;
      let files = 0;
      let newest = since;
      while (page <= pages && files < MAX_PAGES) {
        const r = await insurer.call(
          infno,
          {
            data: {
              query_date: today,
              updt_time: since,
              page_num: page,
              page_size: PAGE_SIZE,
              ...(infno === '1317' ? { fixmedins_code: code } : {}),
            },
          },
          ctxOf(actor, infno),
        );
        const out = r.output as unknown as Record<string, unknown>;
        if (!Array.isArray(out.data)) throw badAnswer('data', '不是数组', 'is not a list', { callId: r.callId });
        const p = typeof out.pages === 'string' ? Number(out.pages) : out.pages;
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 0)
          throw badAnswer('pages', '不是整数', 'is not a whole number');
        pages = p;
        if (!out.data.length) break;
        const step = prepare(infno, out.data, page, today);
        const pageNewest = step.updts.reduce((m, u) => (u > m ? u : m), newest);
        await uow.write(async (tx) => {
          await step.store(tx);
          await repo.insertVersion(tx.db, {
            infno,
            ver: page === pages ? pageNewest : since,
            rows: step.updts.length,
            filename: `page ${page}/${pages}`,
            downloaded_at: tx.now,
            by_user_id: actor.userId,
          });
          await tx.audit(actor, {
            action: 'insurance_catalog.download',
            entity: 'insurance_catalog',
            entityId: infno,
            summary: { infno, since, page, pages, rows: step.updts.length },
          });
          tx.emit(catalogChanged('download', [infno], 'downloaded'));
        });
        newest = pageNewest;
        files++;
        progress.rows += step.updts.length;
        page++;
      }
      return { infno, files, rows: progress.rows, ver: newest, upToDate: true };
    },

    /** 1901: each type's table replaced whole (one transaction per type). */
    async codeTables(actor: Actor, progress: { rows: number }, types: readonly string[]): Promise<DownloadResult> {
      const today = insurerDate(clock.now(), (await calendarOf(db)).timeZone);
      let files = 0;
      for (const type of types) {
        const r = await insurer.call('1901', { data: { type, date: today } }, ctxOf(actor, '1901'));
        const out = r.output as unknown as Record<string, unknown>;
        if (!Array.isArray(out.list))
          throw badAnswer('list', `(${type})不是数组`, `(${type}) is not a list`, { callId: r.callId });
        const seen = new Set<string>();
        const rows = out.list.map((x, i) => {
          const at = `list[${i}](${type})`;
          if (!x || typeof x !== 'object') throw badAnswer(at, '不是对象', 'is not an object');
          const o = x as Record<string, unknown>;
          const value = typeof o.value === 'number' ? String(o.value) : o.value;
          if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,30}$/.test(value))
            throw badAnswer(`${at}.value`, '不是有效代码', 'is not a code');
          if (seen.has(value)) throw badAnswer(`${at}.value`, `重复(${value})`, `repeats ${value}`);
          seen.add(value);
          if (typeof o.label !== 'string' || !o.label.trim() || o.label.length > 100)
            throw badAnswer(`${at}.label`, '缺失或过长', 'is missing or too long');
          const sort = o.sort == null || o.sort === '' ? i + 1 : Number(o.sort);
          if (!Number.isInteger(sort)) throw badAnswer(`${at}.sort`, '不是整数', 'is not a whole number');
          const valid =
            o.vali_flag == null || o.vali_flag === '' ? 1 : o.vali_flag === '1' ? 1 : o.vali_flag === '0' ? 0 : -1;
          if (valid < 0) throw badAnswer(`${at}.vali_flag`, '应为 0 或 1', 'should be 0 or 1');
          return { value, label: o.label.trim(), sort, valid: valid as 0 | 1 };
        });
        await uow.write(async (tx) => {
          await repo.replaceCodeTable(tx.db, type, rows, tx.now);
          await repo.insertVersion(tx.db, {
            infno: '1901',
            ver: today,
            rows: rows.length,
            filename: type,
            downloaded_at: tx.now,
            by_user_id: actor.userId,
          });
          await tx.audit(actor, {
            action: 'insurance_catalog.download',
            entity: 'insurance_catalog',
            entityId: '1901',
            summary: { infno: '1901', type, rows: rows.length },
          });
          tx.emit(catalogChanged('download', ['1901'], 'downloaded'));
        });
        files++;
        progress.rows += rows.length;
      }
      return { infno: '1901', files, rows: progress.rows, ver: today, upToDate: true };
    },
  };
}
