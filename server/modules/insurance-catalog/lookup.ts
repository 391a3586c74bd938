// What the settlement reads on its path (insurance-settlement, via index.ts): one query each.
//
// Which matches count for settlement: a match counts once a second person has REVIEWED it
// (匹配审核) — states 'reviewed' and 'uploaded'. A 'proposed' (智能匹配, not confirmed) or a
// 'confirmed' (one person's word, not reviewed) match does not: the bill's line is then unmatched
// and the settlement names it (the cashier may charge it as 自费). A 'revoked' match never counts.
import { CLR_TYPE, FUND_PAY_TYPE, INSUTYPE, MED_TYPE, PSN_IDET_TYPE, PSN_TYPE } from '../../../core/insurance-wire.js';
import type { Db } from '../../../db/connection.js';
import type { InsurerListType } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

/** The states of a match the settlement may use. */
export const SETTLEABLE_STATES = ['reviewed', 'uploaded'] as const;

export interface ItemMatch {
  /** The national code (med_list_codg) sent in 2204. */
  medListCodg: string;
  listType: InsurerListType;
  /** The insurer's name of the item. */
  name: string;
  /** 01 甲类, 02 乙类, 03 丙类; null when 1312 has not given the item's level. */
  chrgitmLv: '01' | '02' | '03' | null;
  /** 1: a restricted item (限定支付范围): the doctor answers hosp_appr_flag. */
  lmtUsedFlag: 0 | 1;
  lmtText: string | null;
  /** 乙类 self-pay ratio in basis points (1000 = 10%), null when unknown. */
  selfpayProp: number | null;
  /** The insurer's price cap (限价) per unit in fen, null when none. */
  priceCapFen: number | null;
}

/** The settleable match of each local catalog item that has one (reviewed or uploaded); items
 *  without one are absent from the map. One query (the ids are bound in chunks of 500). */
export async function matchOf(db: Q, catalogItemIds: readonly number[]): Promise<Map<number, ItemMatch>> {
  const out = new Map<number, ItemMatch>();
  const ids = [...new Set(catalogItemIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('insurance_item_matches as m')
      .innerJoin('insurer_catalog_items as c', 'c.med_list_codg', 'm.med_list_codg')
      .select([
        'm.catalog_item_id',
        'm.med_list_codg',
        'm.list_type',
        'c.name',
        'c.chrgitm_lv',
        'c.lmt_used_flag',
        'c.lmt_text',
        'c.selfpay_prop',
        'c.price_cap_fen',
      ])
      .where('m.catalog_item_id', 'in', ids.slice(i, i + 500))
      .where('m.state', 'in', SETTLEABLE_STATES)
      .execute();
    for (const r of rows)
      out.set(r.catalog_item_id, {
        medListCodg: r.med_list_codg,
        listType: r.list_type,
        name: r.name,
        chrgitmLv: r.chrgitm_lv,
        lmtUsedFlag: r.lmt_used_flag,
        lmtText: r.lmt_text,
        selfpayProp: r.selfpay_prop,
        priceCapFen: r.price_cap_fen,
      });
  }
  return out;
}

/** The 科别 (caty) a department is matched to, for 2201/2204 (dept_code stays the local code); like the item
 *  matches, only a REVIEWED code counts (proposed or confirmed by one person: null, the settlement says so). */
export async function departmentCode(db: Q, departmentId: number): Promise<{ caty: string; catyName: string } | null> {
  const r = await db
    .selectFrom('insurance_department_codes')
    .select(['caty', 'caty_name'])
    .where('department_id', '=', departmentId)
    .where('state', '=', 'reviewed')
    .executeTakeFirst();
  return r ? { caty: r.caty, catyName: r.caty_name } : null;
}

/** The insurer's disease code (diag_code / dise_codg) and name for a local ICD-10 code; reviewed codes only. */
export async function diseaseCode(db: Q, icd10: string): Promise<{ code: string; name: string } | null> {
  const r = await db
    .selectFrom('insurance_disease_codes')
    .select(['dise_code', 'dise_name'])
    .where('local_code', '=', icd10)
    .where('state', '=', 'reviewed')
    .executeTakeFirst();
  return r ? { code: r.dise_code, name: r.dise_name } : null;
}

/** The 医保医师/护士国家码 of a staff member (atddr_no, bilg_dr_codg), e.g. D420102000123. */
export async function staffCode(db: Q, staffId: number): Promise<string | null> {
  const r = await db
    .selectFrom('insurance_staff_codes')
    .select('national_code')
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return r?.national_code ?? null;
}

/** The seed code tables (core/insurance-wire.ts, INSURANCE.md §4) by 1901 type. */
const SEED_TABLES: Record<string, Record<string, string>> = {
  insutype: INSUTYPE,
  psn_type: PSN_TYPE,
  med_type: MED_TYPE,
  clr_type: CLR_TYPE,
  psn_idet_type: PSN_IDET_TYPE,
  fund_pay_type: FUND_PAY_TYPE,
};

/**
 * The labels of a code table in force: the seed's, overridden (and completed) by the rows 1901
 * downloaded for that type. One query. e.g. codeLabels(db, 'insutype').get('390') → '城乡居民基本医疗保险'.
 */
export async function codeLabels(db: Q, type: string): Promise<Map<string, string>> {
  const out = new Map(Object.entries(SEED_TABLES[type] ?? {}));
  const rows = await db
    .selectFrom('insurer_code_tables')
    .select(['value', 'label'])
    .where('type', '=', type)
    .orderBy('sort')
    .execute();
  for (const r of rows) out.set(r.value, r.label);
  return out;
}

/** Every code table in force (or one type's): 1901's rows first (source 'insurer'), then the seed's
 *  values 1901 did not give (source 'seed'). */
export async function codeTablesInForce(db: Q, type?: string) {
  let q = db.selectFrom('insurer_code_tables').select(['type', 'value', 'label', 'sort', 'valid']);
  if (type) q = q.where('type', '=', type);
  const rows = await q.orderBy('type').orderBy('sort').orderBy('value').execute();
  const out: Array<{ type: string; value: string; label: string; source: 'insurer' | 'seed'; valid: boolean }> = [];
  const held = new Set(rows.map((r) => `${r.type}\t${r.value}`));
  const types = type ? [type] : [...new Set([...Object.keys(SEED_TABLES), ...rows.map((r) => r.type)])].sort();
  for (const ty of types) {
    for (const r of rows)
      if (r.type === ty)
        out.push({ type: ty, value: r.value, label: r.label, source: 'insurer', valid: r.valid === 1 });
    for (const [value, label] of Object.entries(SEED_TABLES[ty] ?? {}))
      if (!held.has(`${ty}\t${value}`)) out.push({ type: ty, value, label, source: 'seed', valid: true });
  }
  return out;
}
