// The platform's other catalog transactions (issue 11 item 4): the versioned files 1303 and
// 1308–1311/1313–1315 (as 1301: ask with a version, get a file of the newer rows), the paged
// queries 1304 民族药, 1316 医疗目录与医保目录匹配, 1317 医药机构目录匹配 (what 3301 stored for the
// institution), 1318 限价, 1319 先自付比例, and 1901 字典表. transactions.ts spreads these into HANDLERS.
import type { InfNo } from '../../core/insurance-wire.js';
import { catalogFile, codeTable, LATEST_VERSION, list1304, list1316, list1318, list1319 } from './catalogs.js';
import { date, int, type Obj, obj, optStr, str, time, WireError } from './fields.js';
import type { Ctx, HandlerResult } from './transactions.js';
import { zipText } from './zip.js';

type Handler = (ctx: Ctx, input: Obj) => HandlerResult;
type StoreFile = (ctx: Ctx, filename: string, bytes: Uint8Array) => { file_qury_no: string; filename: string };

const out = (output: unknown): HandlerResult => ({ output });

type MoreInfno =
  | '1303'
  | '1308'
  | '1309'
  | '1310'
  | '1311'
  | '1313'
  | '1314'
  | '1315'
  | '1304'
  | '1316'
  | '1317'
  | '1318'
  | '1319'
  | '1901';

function paged<R>(input: Obj, list: (q: { queryDate: string; updtTime: string; hilistCode: string | null }) => R[]) {
  const d = obj(input, 'data');
  const queryDate = date(d, 'query_date', 'data');
  const updtTime = time(d, 'updt_time', 'data');
  const hilist = optStr(d, 'hilist_code', 'data', 50);
  const pageNum = int(d, 'page_num', 'data');
  const pageSize = int(d, 'page_size', 'data');
  if (pageNum < 1) throw new WireError('data.page_num 必须从1开始');
  if (pageSize < 1 || pageSize > 1000) throw new WireError('data.page_size 应在1到1000之间');
  const all = list({ queryDate, updtTime, hilistCode: hilist });
  return out({
    data: all.slice((pageNum - 1) * pageSize, pageNum * pageSize),
    recordCounts: all.length,
    pages: Math.ceil(all.length / pageSize),
    pageNum,
    pageSize,
  });
}

interface MatchRow {
  fixmedins_code: string;
  fixmedins_hilist_id: string;
  list_type: string;
  fixmedins_hilist_name: string;
  med_list_codg: string;
  begndate: string;
  enddate: string | null;
  state: string;
  msgid: string;
  updated_at: string;
}

export function moreCatalogHandlers(
  storeFile: StoreFile,
): Record<MoreInfno, Handler> & Partial<Record<InfNo, Handler>> {
  const file =
    (infno: '1303' | '1308' | '1309' | '1310' | '1311' | '1313' | '1314' | '1315'): Handler =>
    (ctx, input) => {
      const d = obj(input, 'data');
      const ver = str(d, 'ver', 'data', 30);
      if (ver !== '0' && !(/^\d{11}$/.test(ver) && ver <= LATEST_VERSION)) {
        throw new WireError(`版本号 data.ver ${ver} 不存在`);
      }
      const { rows, ver: newest } = catalogFile(infno, ver);
      if (rows.length === 0) return out({ file_qury_no: '', filename: '', data_cnt: 0, ver });
      const name = `${infno}_${newest}`;
      const bytes = zipText(`${name}.txt`, rows.map((r) => r.join('\t')).join('\n'));
      const f = storeFile(ctx, `${name}.zip`, bytes);
      return out({ file_qury_no: f.file_qury_no, filename: f.filename, data_cnt: rows.length, ver: newest });
    };
  return {
    '1303': file('1303'),
    '1308': file('1308'),
    '1309': file('1309'),
    '1310': file('1310'),
    '1311': file('1311'),
    '1313': file('1313'),
    '1314': file('1314'),
    '1315': file('1315'),
    '1304': (_ctx, input) => paged(input, list1304),
    '1316': (ctx, input) => paged(input, (q) => list1316(q, ctx.admdvs)),
    '1317': (ctx, input) =>
      paged(input, (q) =>
        ctx.store
          .all<MatchRow>(
            `SELECT * FROM matches WHERE fixmedins_code = ? AND updated_at >= ?
             ORDER BY updated_at, fixmedins_hilist_id`,
            ctx.env.fixmedins_code,
            q.updtTime,
          )
          .filter((m) => !q.hilistCode || m.med_list_codg === q.hilistCode)
          .map((m) => ({
            fixmedins_code: m.fixmedins_code,
            medins_list_codg: m.fixmedins_hilist_id,
            medins_list_name: m.fixmedins_hilist_name,
            insu_admdvs: ctx.admdvs,
            list_type: m.list_type,
            med_list_codg: m.med_list_codg,
            begndate: m.begndate,
            enddate: m.enddate,
            aprvno: '',
            spec: '',
            vali_flag: m.state === 'valid' ? '1' : '0',
            rid: `M${m.msgid}`,
            updt_time: m.updated_at,
          })),
      ),
    '1318': (ctx, input) => paged(input, (q) => list1318(q, ctx.admdvs)),
    '1319': (ctx, input) => paged(input, (q) => list1319(q, ctx.admdvs, ctx.policy.defaultSelfpayBp)),
    '1901': (_ctx, input) => {
      const d = obj(input, 'data');
      const type = str(d, 'type', 'data', 50);
      const list = codeTable(type);
      if (!list) throw new WireError(`字典类型 data.type ${type} 不存在`);
      return out({ list });
    },
  };
}
