// What the settlement reads on its path (insurance-settlement, via index.ts): one query each.
//
// Which matches count for settlement: a match counts once a second person has REVIEWED it
// (匹配审核) — states 'reviewed' and 'uploaded'. A 'proposed' (智能匹配, not confirmed) or a
// 'confirmed' (one person's word, not reviewed) match does not: the bill's line is then unmatched
// and the settlement names it (the cashier may charge it as 自费). A 'revoked' match never counts.
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

/** The 科别 (caty) a department is matched to, for 2201/2204 (dept_code stays the local code). */
export async function departmentCode(db: Q, departmentId: number): Promise<{ caty: string; catyName: string } | null> {
  const r = await db
    .selectFrom('insurance_department_codes')
    .select(['caty', 'caty_name'])
    .where('department_id', '=', departmentId)
    .executeTakeFirst();
  return r ? { caty: r.caty, catyName: r.caty_name } : null;
}

/** The insurer's disease code (diag_code / dise_codg) and name for a local ICD-10 code. */
export async function diseaseCode(db: Q, icd10: string): Promise<{ code: string; name: string } | null> {
  const r = await db
    .selectFrom('insurance_disease_codes')
    .select(['dise_code', 'dise_name'])
    .where('local_code', '=', icd10)
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
