// The insurer's catalogs (医保目录): drugs (1301), herbal pieces (1302), services (1305), materials
// (1306), diseases (1307), and the 1312 list of each national code's 甲/乙/丙 level, restriction,
// 乙类 self-pay ratio and price cap. Versioned: a download from ver '0' gives every row, one from
// the latest version gives nothing. Rows come from catalog-data.ts.
import {
  CATALOG_COLUMNS,
  type ChrgitmLv,
  type CodeListInfno,
  type FileCatalogInfno,
  type ListType,
  type Row1304,
  type Row1312,
  type Row1316,
  type Row1318,
  type Row1319,
} from '../../core/insurance-wire.js';
import { DISEASE_ROWS, DRUG_ROWS, HERB_ROWS, MATERIAL_ROWS, RESTRICTIONS, SERVICE_ROWS } from './catalog-data.js';
import {
  BYDISEASE_ROWS,
  CHRONIC_ROWS,
  CODE_TABLES,
  DAY_SURGERY_ROWS,
  ETHNIC_ROWS,
  MORPHOLOGY_ROWS,
  OLD_CAP_ROWS,
  OLD_SELFPAY_ROWS,
  OPERATION_ROWS,
  PREPARATION_ROWS,
  TCM_DISEASE_ROWS,
  TCM_SYNDROME_ROWS,
  TRADE_NAMES,
} from './catalog-data-more.js';

/** Catalog versions, oldest first. */
export const VERSIONS = ['20250101001', '20260601001'] as const;
export const LATEST_VERSION = VERSIONS[VERSIONS.length - 1]!;

/** A chargeable national item (drug, herbal piece, service, material), as of one version. */
export interface InsurerItem {
  infno: '1301' | '1302' | '1303' | '1304' | '1305' | '1306';
  code: string;
  name: string;
  /** 商品名 (1301), '' when none */
  tradeName?: string;
  /** 民族药种类 (1304) */
  ethdrugType?: string;
  spec: string;
  /** dosage form (drugs) */
  form: string;
  /** the unit pric is expressed in (the smallest unit for drugs) */
  unit: string;
  manufacturer: string;
  aprvno: string;
  list_type: ListType;
  med_chrgitm_type: string;
  chrgitm_lv: ChrgitmLv;
  /** 乙类 self-pay ratio in basis points; null = the policy's default */
  selfpayBp: number | null;
  /** price cap per unit in millionths of a yuan; 0 = none */
  capMicro: number;
  lmt_used_flag: '0' | '1';
  lmt_used_dscr: string;
  vali_flag: '0' | '1';
  ver: string;
  rid: string;
}

export interface Disease {
  code: string;
  name: string;
  vali_flag: '0' | '1';
  ver: string;
  rid: string;
}

function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split('|'));
}

/** 'yyyy-MM-dd HH:mm:ss' of a version ('20260601001' → '2026-06-01 00:00:00'). */
export function versionTime(ver: string): string {
  return `${ver.slice(0, 4)}-${ver.slice(4, 6)}-${ver.slice(6, 8)} 00:00:00`;
}

function digits(s: string, n: number): string {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return String(h).padStart(10, '0').slice(-n);
}

function bp(text: string): number | null {
  return text ? Math.round(Number(text) * 10_000) : null;
}

function micro(text: string): number {
  return text ? Math.round(Number(text) * 1_000_000) : 0;
}

function restriction(key: string): string {
  if (!key) return '';
  const t = RESTRICTIONS[key];
  if (t === undefined) throw new Error(`catalog-data: unknown restriction key ${key}`);
  return t;
}

const ITEM_ROWS: InsurerItem[] = [];
let seq = 0;
const rid = (ver: string) => `${ver}${String(++seq).padStart(6, '0')}`;

for (const [code, name, spec, form, unit, lt, lv, prop, cap, lmt, mfr, ver, vali] of rows(DRUG_ROWS)) {
  const western = lt === '101';
  ITEM_ROWS.push({
    infno: '1301',
    code: code!,
    name: name!,
    tradeName: TRADE_NAMES[code!] ?? '',
    spec: spec!,
    form: form!,
    unit: unit!,
    manufacturer: mfr!,
    aprvno: `国药准字${western ? 'H' : 'Z'}${digits(code! + mfr!, 8)}`,
    list_type: lt as ListType,
    med_chrgitm_type: western ? '09' : '11',
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: bp(prop!),
    capMicro: micro(cap!),
    lmt_used_flag: lmt ? '1' : '0',
    lmt_used_dscr: restriction(lmt!),
    vali_flag: vali === '0' ? '0' : '1',
    ver: ver!,
    rid: rid(ver!),
  });
}
for (const [code, name, unit, lt, lv, mfr, ver] of rows(HERB_ROWS)) {
  ITEM_ROWS.push({
    infno: '1302',
    code: code!,
    name: name!,
    spec: '饮片',
    form: '饮片',
    unit: unit!,
    manufacturer: mfr!,
    aprvno: '',
    list_type: lt as ListType,
    med_chrgitm_type: '10',
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: null,
    capMicro: 0,
    lmt_used_flag: '0',
    lmt_used_dscr: '',
    vali_flag: '1',
    ver: ver!,
    rid: rid(ver!),
  });
}
for (const [code, name, unit, content, type, lv, prop, cap, lmt, ver] of rows(SERVICE_ROWS)) {
  ITEM_ROWS.push({
    infno: '1305',
    code: code!,
    name: name!,
    spec: content!,
    form: '',
    unit: unit!,
    manufacturer: '',
    aprvno: '',
    list_type: '201',
    med_chrgitm_type: type!,
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: bp(prop!),
    capMicro: micro(cap!),
    lmt_used_flag: lmt ? '1' : '0',
    lmt_used_dscr: restriction(lmt!),
    vali_flag: '1',
    ver: ver!,
    rid: rid(ver!),
  });
}
for (const [code, name, spec, mfr, unit, type, lv, prop, cap, ver] of rows(MATERIAL_ROWS)) {
  ITEM_ROWS.push({
    infno: '1306',
    code: code!,
    name: name!,
    spec: spec!,
    form: '',
    unit: unit!,
    manufacturer: mfr!,
    aprvno: `国械注准${digits(code!, 11)}`,
    list_type: '301',
    med_chrgitm_type: type!,
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: bp(prop!),
    capMicro: micro(cap!),
    lmt_used_flag: '0',
    lmt_used_dscr: '',
    vali_flag: '1',
    ver: ver!,
    rid: rid(ver!),
  });
}

for (const [code, name, spec, form, unit, lv, cap, mfr, ver] of rows(PREPARATION_ROWS)) {
  ITEM_ROWS.push({
    infno: '1303',
    code: code!,
    name: name!,
    spec: spec!,
    form: form!,
    unit: unit!,
    manufacturer: mfr!,
    aprvno: `浙药制字Z${digits(code!, 8)}`,
    list_type: '104',
    med_chrgitm_type: '11',
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: null,
    capMicro: micro(cap!),
    lmt_used_flag: '0',
    lmt_used_dscr: '',
    vali_flag: '1',
    ver: ver!,
    rid: rid(ver!),
  });
}
for (const [code, name, type, spec, form, unit, lv, mfr, ver] of rows(ETHNIC_ROWS)) {
  ITEM_ROWS.push({
    infno: '1304',
    code: code!,
    name: name!,
    ethdrugType: type!,
    spec: spec!,
    form: form!,
    unit: unit!,
    manufacturer: mfr!,
    aprvno: `国药准字Z${digits(code! + mfr!, 8)}`,
    list_type: '105',
    med_chrgitm_type: '11',
    chrgitm_lv: lv as ChrgitmLv,
    selfpayBp: null,
    capMicro: 0,
    lmt_used_flag: '0',
    lmt_used_dscr: '',
    vali_flag: '1',
    ver: ver!,
    rid: rid(ver!),
  });
}

const DISEASE_LIST: Disease[] = rows(DISEASE_ROWS).map(([code, name, ver]) => ({
  code: code!,
  name: name!,
  vali_flag: '1',
  ver: ver!,
  rid: rid(ver!),
}));

/** Every chargeable item as of the latest version, by national code. */
export const ITEMS: ReadonlyMap<string, InsurerItem> = new Map(ITEM_ROWS.map((i) => [i.code, i]));
export const DISEASES: ReadonlyMap<string, Disease> = new Map(DISEASE_LIST.map((d) => [d.code, d]));

/** ICD-10 chapters: [first code, last code, chapter number, name]. */
const CHAPTERS: Array<[string, string, string, string]> = [
  ['A00', 'B99', '1', '某些传染病和寄生虫病'],
  ['C00', 'D48', '2', '肿瘤'],
  ['D50', 'D89', '3', '血液及造血器官疾病和某些涉及免疫机制的疾患'],
  ['E00', 'E90', '4', '内分泌、营养和代谢疾病'],
  ['F00', 'F99', '5', '精神和行为障碍'],
  ['G00', 'G99', '6', '神经系统疾病'],
  ['H00', 'H59', '7', '眼和附器疾病'],
  ['H60', 'H95', '8', '耳和乳突疾病'],
  ['I00', 'I99', '9', '循环系统疾病'],
  ['J00', 'J99', '10', '呼吸系统疾病'],
  ['K00', 'K93', '11', '消化系统疾病'],
  ['L00', 'L99', '12', '皮肤和皮下组织疾病'],
  ['M00', 'M99', '13', '肌肉骨骼系统和结缔组织疾病'],
  ['N00', 'N99', '14', '泌尿生殖系统疾病'],
  ['O00', 'O99', '15', '妊娠、分娩和产褥期'],
  ['P00', 'P96', '16', '起源于围生期的某些情况'],
  ['Q00', 'Q99', '17', '先天性畸形、变形和染色体异常'],
  ['R00', 'R99', '18', '症状、体征和临床与实验室异常所见'],
  ['S00', 'T98', '19', '损伤、中毒和外因的某些其他后果'],
  ['V01', 'Y98', '20', '疾病和死亡的外因'],
  ['Z00', 'Z99', '21', '影响健康状态和与保健机构接触的因素'],
  ['U00', 'U99', '22', '用于特殊目的的编码'],
];

function chapter(code: string): [string, string] {
  const c = code.slice(0, 3);
  const ch = CHAPTERS.find(([a, b]) => c >= a && c <= b);
  return ch ? [ch[2], ch[3]] : ['', ''];
}

/** The file of a catalog: every row of a version newer than `fromVer`, in the wire's column order. */
export function catalogFile(infno: FileCatalogInfno, fromVer: string): { rows: string[][]; ver: string } {
  const columns = CATALOG_COLUMNS[infno] as readonly string[];
  const newer = (ver: string) => fromVer === '0' || ver > fromVer;
  let records: Array<Record<string, string>>;
  if (infno in CODE_LISTS) {
    records = CODE_LISTS[infno as CodeListInfno]
      .filter((r) => newer(r.ver!))
      .map((r) => ({ ...r, vali_flag: '1', memo: '', updt_time: versionTime(r.ver!) }));
  } else if (infno === '1307') {
    const byCategory = new Map<string, string>();
    for (const d of DISEASE_LIST) if (!byCategory.has(d.code.slice(0, 3))) byCategory.set(d.code.slice(0, 3), d.name);
    records = DISEASE_LIST.filter((d) => newer(d.ver)).map((d) => {
      const [chp, chpName] = chapter(d.code);
      return {
        diag_list_id: d.rid,
        chp_code: chp,
        chp_name: chpName,
        cgy_code: d.code.slice(0, 3),
        cgy_name: byCategory.get(d.code.slice(0, 3)) ?? d.name,
        sor_code: d.code.slice(0, 5),
        sor_name: d.name,
        diag_code: d.code,
        diag_name: d.name,
        vali_flag: d.vali_flag,
        rid: d.rid,
        updt_time: versionTime(d.ver),
        ver: d.ver,
      };
    });
  } else {
    records = ITEM_ROWS.filter((i) => i.infno === infno && newer(i.ver)).map((i) => ({
      med_list_codg: i.code,
      drug_genname: i.name.replace(/\((?!\d)[^)]*\)$/, ''),
      drug_prodname: i.tradeName ?? '',
      drug_dosform: i.form,
      drug_spec: i.spec,
      prodentp_name: i.manufacturer,
      aprvno: i.aprvno,
      min_prcunt: i.unit,
      tcmherb_name: i.name,
      medc_part: '',
      cnvl_used: '',
      prcunt: i.unit,
      medsrv_name: i.name,
      trt_item_cont: i.spec,
      trt_exct_cont: '',
      mcs_name: i.name,
      spec: i.spec,
      mcs_matl: '',
      reg_no: i.aprvno,
      list_type: i.list_type,
      med_chrgitm_type: i.med_chrgitm_type,
      vali_flag: i.vali_flag,
      rid: i.rid,
      updt_time: versionTime(i.ver),
      ver: i.ver,
    }));
  }
  const ver = records.reduce((v, r) => (r.ver! > v ? r.ver! : v), fromVer);
  return { rows: records.map((r) => columns.map((c) => r[c] ?? '')), ver };
}

/** 1312 rows: the level of every chargeable national code valid on `queryDate`, updated since `updtTime`. */
export function list1312(
  q: { queryDate: string; updtTime: string; hilistCode: string | null },
  admdvs: string,
  defaultSelfpayBp: number,
): Row1312[] {
  const out: Row1312[] = [];
  for (const i of ITEM_ROWS) {
    const updt = versionTime(i.ver);
    if (updt < q.updtTime || updt.slice(0, 10) > q.queryDate) continue;
    if (q.hilistCode && i.code !== q.hilistCode) continue;
    out.push({
      hilist_code: i.code,
      hilist_name: i.name,
      insu_admdvs: admdvs,
      begndate: updt.slice(0, 10),
      enddate: i.vali_flag === '1' ? null : updt.slice(0, 10),
      med_chrg_itmtype: i.med_chrgitm_type,
      chrgitm_lv: i.chrgitm_lv,
      lmt_used_flag: i.lmt_used_flag,
      lmt_used_dscr: i.lmt_used_dscr,
      list_type: i.list_type,
      selfpay_prop: i.chrgitm_lv === '02' ? (i.selfpayBp ?? defaultSelfpayBp) / 10_000 : 0,
      pric_uplmt_amt: i.capMicro / 1_000_000,
      vali_flag: i.vali_flag,
      rid: i.rid,
      updt_time: updt,
    });
  }
  return out;
}

/** The code-list files (1308–1311, 1313–1315): each row by column name (vali_flag, memo, updt_time added). */
const CODE_LISTS: Record<CodeListInfno, Array<Record<string, string>>> = (() => {
  const withRid = (r: Record<string, string>, id: string) => {
    const ver = r.ver!;
    const rowId = rid(ver);
    return { ...r, [id]: rowId, rid: rowId };
  };
  return {
    '1308': rows(OPERATION_ROWS).map(([code, name, cpr, cprName, ver]) =>
      withRid(
        {
          cpr_code: cpr!,
          cpr_code_name: cprName!,
          cgy_code: code!.slice(0, 2),
          cgy_name: cprName!,
          sor_code: code!.slice(0, 4),
          sor_name: name!,
          dtls_code: code!.slice(0, 5),
          dtls_name: name!,
          oprn_oprt_code: code!,
          oprn_oprt_name: name!,
          ver: ver!,
        },
        'oprn_oprt_list_id',
      ),
    ),
    '1309': rows(CHRONIC_ROWS).map(([code, name, maj, sub, ver]) => ({
      opsp_dise_code: code!,
      opsp_dise_name: name!,
      opsp_dise_majcls_name: maj!,
      opsp_dise_subd_clss_name: sub!,
      ver: ver!,
      rid: rid(ver!),
    })),
    '1310': rows(BYDISEASE_ROWS).map(([code, name, op, opName, cont, ver]) => ({
      bydise_setl_list_code: code!,
      bydise_setl_dise_name: name!,
      qlt_oprn_oprt_code: op!,
      qlt_oprn_oprt_name: opName!,
      dise_cont: cont!,
      ver: ver!,
      rid: rid(ver!),
    })),
    '1311': rows(DAY_SURGERY_ROWS).map(([code, name, op, opName, ver]) =>
      withRid(
        {
          daysrg_dise_list_code: code!,
          daysrg_dise_name: name!,
          oprn_oprt_code: op!,
          oprn_oprt_name: opName!,
          ver: ver!,
        },
        'daysrg_trt_list_id',
      ),
    ),
    '1313': rows(MORPHOLOGY_ROWS).map(([code, name, cell, cellName, ver]) =>
      withRid(
        { tumor_cell_type_code: cell!, tumor_cell_type: cellName!, morp_code: code!, morp_name: name!, ver: ver! },
        'tumor_morp_id',
      ),
    ),
    '1314': rows(TCM_DISEASE_ROWS).map(([code, name, cpr, cprName, sec, secName, ver]) =>
      withRid(
        {
          cpr_code: cpr!,
          cpr_name: cprName!,
          sec_code: sec!,
          sec_name: secName!,
          dise_code: code!,
          dise_name: name!,
          ver: ver!,
        },
        'tcm_dise_id',
      ),
    ),
    '1315': rows(TCM_SYNDROME_ROWS).map(([code, name, sdt, sdtName, ver]) =>
      withRid(
        { sdt_code: sdt!, sdt_name: sdtName!, syndrome_code: code!, syndrome_name: name!, ver: ver! },
        'tcm_syndrome_id',
      ),
    ),
  };
})();

/** A paged query's filter: rows updated at or after updtTime, valid by queryDate. */
export interface PagedQuery {
  queryDate: string;
  updtTime: string;
  hilistCode: string | null;
}

/** 1304 民族药 rows. */
export function list1304(q: PagedQuery): Row1304[] {
  return ITEM_ROWS.filter(
    (i) =>
      i.infno === '1304' &&
      versionTime(i.ver) >= q.updtTime &&
      versionTime(i.ver).slice(0, 10) <= q.queryDate &&
      (!q.hilistCode || i.code === q.hilistCode),
  ).map((i) => ({
    med_list_codg: i.code,
    drug_prodname: i.name,
    drug_genname: i.name,
    ethdrug_type: i.ethdrugType ?? '',
    drug_dosform: i.form,
    drug_spec: i.spec,
    prodentp_name: i.manufacturer,
    aprvno: i.aprvno,
    min_prcunt: i.unit,
    list_type: i.list_type,
    vali_flag: i.vali_flag,
    rid: i.rid,
    updt_time: versionTime(i.ver),
  }));
}

/** 1316: each national medical catalog code → its insurance list code (the same code in this province). */
export function list1316(q: PagedQuery, admdvs: string): Row1316[] {
  return ITEM_ROWS.filter((i) => versionTime(i.ver) >= q.updtTime && (!q.hilistCode || i.code === q.hilistCode)).map(
    (i) => ({
      med_list_codg: i.code,
      hilist_code: i.code,
      list_type: i.list_type,
      insu_admdvs: admdvs,
      begndate: versionTime(i.ver).slice(0, 10),
      enddate: null,
      vali_flag: i.vali_flag,
      rid: i.rid,
      updt_time: versionTime(i.ver),
    }),
  );
}

function lines(text: string): string[][] {
  return rows(text).filter((r) => r.length > 1);
}

/** 1318 price caps: each capped item's current cap (from its version on) and the older caps that ended. */
export function list1318(q: PagedQuery, admdvs: string): Row1318[] {
  const out: Row1318[] = [];
  for (const [code, cap, begn, end, updt] of lines(OLD_CAP_ROWS))
    out.push({
      hilist_code: code!,
      hilist_lmtpric_type: '1',
      overlmt_dspo_way: '1',
      insu_admdvs: admdvs,
      begndate: begn!,
      enddate: end!,
      hilist_pric_uplmt_amt: Number(cap),
      vali_flag: '1',
      rid: `C${digits(code! + begn!, 10)}`,
      updt_time: updt!,
    });
  for (const i of ITEM_ROWS)
    if (i.capMicro > 0)
      out.push({
        hilist_code: i.code,
        hilist_lmtpric_type: '1',
        overlmt_dspo_way: '1',
        insu_admdvs: admdvs,
        begndate: versionTime(i.ver).slice(0, 10),
        enddate: null,
        hilist_pric_uplmt_amt: i.capMicro / 1_000_000,
        vali_flag: '1',
        rid: `C${i.rid}`,
        updt_time: versionTime(i.ver),
      });
  return out.filter(
    (r) => r.updt_time >= q.updtTime && r.begndate <= q.queryDate && (!q.hilistCode || r.hilist_code === q.hilistCode),
  );
}

/** 1319 self-pay ratios of the 乙类 items (the policy's default when the item has none), and older ones. */
export function list1319(q: PagedQuery, admdvs: string, defaultSelfpayBp: number): Row1319[] {
  const out: Row1319[] = [];
  for (const [code, ratio, begn, end, updt] of lines(OLD_SELFPAY_ROWS))
    out.push({
      hilist_code: code!,
      selfpay_prop_psn_type: '1',
      selfpay_prop_type: '1',
      insu_admdvs: admdvs,
      selfpay_prop: Number(ratio),
      begndate: begn!,
      enddate: end!,
      vali_flag: '1',
      rid: `S${digits(code! + begn!, 10)}`,
      updt_time: updt!,
    });
  for (const i of ITEM_ROWS)
    if (i.chrgitm_lv === '02')
      out.push({
        hilist_code: i.code,
        selfpay_prop_psn_type: '1',
        selfpay_prop_type: '1',
        insu_admdvs: admdvs,
        selfpay_prop: (i.selfpayBp ?? defaultSelfpayBp) / 10_000,
        begndate: versionTime(i.ver).slice(0, 10),
        enddate: null,
        vali_flag: '1',
        rid: `S${i.rid}`,
        updt_time: versionTime(i.ver),
      });
  return out.filter(
    (r) => r.updt_time >= q.updtTime && r.begndate <= q.queryDate && (!q.hilistCode || r.hilist_code === q.hilistCode),
  );
}

/** 1901: the code table of a type, or null when the platform has no such type. */
export function codeTable(type: string): Array<{ value: string; label: string; sort: number; vali_flag: '1' }> | null {
  const text = CODE_TABLES[type];
  if (text === undefined) return null;
  return lines(text).map(([value, label], i) => ({ value: value!, label: label!, sort: i + 1, vali_flag: '1' }));
}
