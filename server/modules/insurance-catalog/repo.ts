// Insurer catalogs and matching: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type {
  InsuranceMatchState,
  InsurerCatalogItemsTable,
  InsurerCodeListsTable,
  InsurerHeldMatchesTable,
  InsurerListType,
  InsurerPriceRulesTable,
  ItemKind,
} from '../../../db/schema.js';
import type { Insertable } from 'kysely';
import { escapeLike, searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { InsurerItem, InsurerItemQuery, LocalItem, LocalItemQuery, MatchView } from './schema.js';
import { LIST_TYPES_OF } from './score.js';

type Q = Db | Trx;

// ---------------------------------------------------------------------------------------------
// insurer catalog rows

const INSURER_COLUMNS = [
  'med_list_codg',
  'list_type',
  'name',
  'spec',
  'dosage_form',
  'manufacturer',
  'aprvno',
  'unit',
  'chrgitm_lv',
  'lmt_used_flag',
  'lmt_text',
  'selfpay_prop',
  'price_cap_fen',
  'valid',
  'pinyin_initials',
  'trade_name',
  'price_cap_begndate',
  'price_cap_enddate',
  'selfpay_begndate',
  'selfpay_enddate',
] as const;

export type InsurerRow = {
  med_list_codg: string;
  list_type: InsurerListType;
  name: string;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  aprvno: string | null;
  unit: string | null;
  chrgitm_lv: '01' | '02' | '03' | null;
  lmt_used_flag: 0 | 1;
  lmt_text: string | null;
  selfpay_prop: number | null;
  price_cap_fen: number | null;
  valid: 0 | 1;
  pinyin_initials: string;
  trade_name: string | null;
  price_cap_begndate: string | null;
  price_cap_enddate: string | null;
  selfpay_begndate: string | null;
  selfpay_enddate: string | null;
};

export function insurerView(r: InsurerRow): InsurerItem {
  return {
    medListCodg: r.med_list_codg,
    listType: r.list_type,
    name: r.name,
    spec: r.spec,
    dosageForm: r.dosage_form,
    manufacturer: r.manufacturer,
    aprvno: r.aprvno,
    unit: r.unit,
    chrgitmLv: r.chrgitm_lv,
    lmtUsedFlag: r.lmt_used_flag === 1,
    lmtText: r.lmt_text,
    selfpayProp: r.selfpay_prop,
    priceCapFen: r.price_cap_fen,
    valid: r.valid === 1,
    tradeName: r.trade_name,
    priceCapFrom: r.price_cap_begndate,
    priceCapTo: r.price_cap_enddate,
    selfpayFrom: r.selfpay_begndate,
    selfpayTo: r.selfpay_enddate,
  };
}

/** Insurer rows by code, name, or pinyin initials; valid ones first. */
export async function searchInsurerItems(db: Q, q: InsurerItemQuery): Promise<{ items: InsurerItem[]; total: number }> {
  let query = db.selectFrom('insurer_catalog_items');
  if (q.listType) query = query.where('list_type', '=', q.listType);
  else if (q.kind) query = query.where('list_type', 'in', [...LIST_TYPES_OF[q.kind]]);
  if (q.q) {
    const text = q.q;
    const pattern = `%${escapeLike(text)}%`;
    const initials = `${escapeLike(text.toLowerCase())}%`;
    query = query.where(
      sql<boolean>`(med_list_codg LIKE ${pattern} ESCAPE '\\' OR name LIKE ${pattern} ESCAPE '\\'
        OR trade_name LIKE ${pattern} ESCAPE '\\'
        OR pinyin_initials LIKE ${initials} ESCAPE '\\' OR pinyin_initials LIKE ${'% ' + initials} ESCAPE '\\')`,
    );
  }
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(INSURER_COLUMNS)
    .orderBy('valid', 'desc')
    .orderBy(sql`length(name)`)
    .orderBy('med_list_codg')
    .limit(q.limit)
    .execute();
  return { items: rows.map(insurerView), total: Number(total.n) };
}

export async function insurerItemByCode(db: Q, code: string): Promise<InsurerRow | undefined> {
  return db
    .selectFrom('insurer_catalog_items')
    .select(INSURER_COLUMNS)
    .where('med_list_codg', '=', code)
    .executeTakeFirst();
}

/** Every valid insurer row of these list types (smart matching indexes them in memory). */
export async function insurerItemsOfTypes(db: Q, types: readonly InsurerListType[]): Promise<InsurerRow[]> {
  return db
    .selectFrom('insurer_catalog_items')
    .select(INSURER_COLUMNS)
    .where('list_type', 'in', [...types])
    .where('valid', '=', 1)
    .orderBy('med_list_codg')
    .execute();
}

export async function upsertInsurerItems(db: Trx, rows: Insertable<InsurerCatalogItemsTable>[]): Promise<void> {
  for (const r of rows) {
    await db
      .insertInto('insurer_catalog_items')
      .values(r)
      .onConflict((oc) =>
        oc.column('med_list_codg').doUpdateSet({
          list_type: r.list_type,
          name: r.name,
          spec: r.spec,
          dosage_form: r.dosage_form,
          manufacturer: r.manufacturer,
          aprvno: r.aprvno,
          unit: r.unit,
          begndate: r.begndate,
          enddate: r.enddate,
          valid: r.valid,
          source_infno: r.source_infno,
          version: r.version,
          pinyin_initials: r.pinyin_initials,
          updated_at: r.updated_at,
          ...(r.trade_name !== undefined ? { trade_name: r.trade_name } : {}),
        }),
      )
      .execute();
  }
}

/** 1312's level, restriction, ratio and cap onto an existing row; false when the code is unknown. */
export async function applyLevel(
  db: Trx,
  code: string,
  v: {
    chrgitm_lv: '01' | '02' | '03';
    lmt_used_flag: 0 | 1;
    lmt_text: string | null;
    selfpay_prop: number;
    price_cap_fen: number | null;
    begndate: string | null;
    enddate: string | null;
    valid: 0 | 1;
    updated_at: number;
  },
): Promise<boolean> {
  const r = await db.updateTable('insurer_catalog_items').set(v).where('med_list_codg', '=', code).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function upsertDiseases(
  db: Trx,
  rows: Array<{
    code: string;
    name: string;
    pinyin_initials: string;
    valid: 0 | 1;
    version: string;
    updated_at: number;
  }>,
): Promise<void> {
  for (const r of rows) {
    await db
      .insertInto('insurer_diseases')
      .values(r)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: r.name,
          pinyin_initials: r.pinyin_initials,
          valid: r.valid,
          version: r.version,
          updated_at: r.updated_at,
        }),
      )
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// catalog versions

export async function insertVersion(
  db: Trx,
  v: { infno: string; ver: string; rows: number; filename: string | null; downloaded_at: number; by_user_id: number },
): Promise<void> {
  await db.insertInto('insurer_catalog_versions').values(v).execute();
}

/** The last download of each transaction, with who made it. */
export async function lastVersions(db: Q) {
  return db
    .selectFrom('insurer_catalog_versions as v')
    .leftJoin('users as u', 'u.id', 'v.by_user_id')
    .leftJoin('staff as s', 's.id', 'u.staff_id')
    .select(['v.infno', 'v.ver', 'v.downloaded_at', 's.name as by_name'])
    .where('v.id', 'in', (eb) =>
      eb.selectFrom('insurer_catalog_versions').select(sql<number>`max(id)`.as('id')).groupBy('infno'),
    )
    .execute();
}

export async function lastVersionOf(db: Q, infno: string): Promise<string | null> {
  const r = await db
    .selectFrom('insurer_catalog_versions')
    .select('ver')
    .where('infno', '=', infno)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.ver ?? null;
}

/** Rows held per source transaction (1312: rows with a level). */
export async function rowCounts(db: Q): Promise<Map<string, number>> {
  const items = await db
    .selectFrom('insurer_catalog_items')
    .select(['source_infno', sql<number>`count(*)`.as('n'), sql<number>`count(chrgitm_lv)`.as('lv')])
    .groupBy('source_infno')
    .execute();
  const out = new Map<string, number>();
  let lv = 0;
  for (const r of items) {
    out.set(r.source_infno, Number(r.n));
    lv += Number(r.lv);
  }
  out.set('1312', lv);
  const d = await db.selectFrom('insurer_diseases').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  out.set('1307', Number(d.n));
  const lists = await db
    .selectFrom('insurer_code_lists')
    .select(['infno', sql<number>`count(*)`.as('n')])
    .groupBy('infno')
    .execute();
  for (const r of lists) out.set(r.infno, Number(r.n));
  const held = await db
    .selectFrom('insurer_held_matches')
    .select(['infno', sql<number>`count(*)`.as('n')])
    .groupBy('infno')
    .execute();
  for (const r of held) out.set(r.infno, Number(r.n));
  const rules = await db
    .selectFrom('insurer_price_rules')
    .select(['kind', sql<number>`count(*)`.as('n')])
    .groupBy('kind')
    .execute();
  for (const r of rules) out.set(r.kind === 'cap' ? '1318' : '1319', Number(r.n));
  const tables = await db
    .selectFrom('insurer_code_tables')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  out.set('1901', Number(tables.n));
  return out;
}

// ---------------------------------------------------------------------------------------------
// code lists (1308–1311, 1313–1315), price rules (1318/1319), held matches (1316/1317), 1901

export type CodeListInfno = Insertable<InsurerCodeListsTable>['infno'];

export async function upsertCodeLists(db: Trx, rows: Insertable<InsurerCodeListsTable>[]): Promise<void> {
  for (const r of rows)
    await db
      .insertInto('insurer_code_lists')
      .values(r)
      .onConflict((oc) =>
        oc.columns(['infno', 'code']).doUpdateSet({
          name: r.name,
          fields: r.fields,
          pinyin_initials: r.pinyin_initials,
          valid: r.valid,
          version: r.version,
          updated_at: r.updated_at,
        }),
      )
      .execute();
}

export async function codeLists(db: Q, q: { infno: CodeListInfno; q?: string; limit: number }) {
  let query = db.selectFrom('insurer_code_lists').where('infno', '=', q.infno);
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    const initials = `${escapeLike(q.q.toLowerCase())}%`;
    query = query.where(
      sql<boolean>`(code LIKE ${pattern} ESCAPE '\\' OR name LIKE ${pattern} ESCAPE '\\'
        OR pinyin_initials LIKE ${initials} ESCAPE '\\')`,
    );
  }
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['code', 'name', 'fields', 'valid', 'version'])
    .orderBy('valid', 'desc')
    .orderBy('code')
    .limit(q.limit)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function upsertPriceRules(db: Trx, rows: Insertable<InsurerPriceRulesTable>[]): Promise<void> {
  for (const r of rows)
    await db
      .insertInto('insurer_price_rules')
      .values(r)
      .onConflict((oc) =>
        oc.columns(['kind', 'rid']).doUpdateSet({
          hilist_code: r.hilist_code,
          value: r.value,
          begndate: r.begndate,
          enddate: r.enddate,
          valid: r.valid,
          updt_time: r.updt_time,
          updated_at: r.updated_at,
        }),
      )
      .execute();
}

/**
 * The newest 1318 cap / 1319 ratio valid on `today` (valid flag 1, begndate ≤ today ≤ enddate or open;
 * the latest begndate, then updt_time, wins) onto the items of these codes. A code with rules but none
 * valid today loses its cap (ratio: 0); a code without any rule keeps what 1312 gave it.
 */
export async function applyPriceRules(
  db: Trx,
  kind: 'cap' | 'selfpay',
  codes: readonly string[],
  today: string,
  now: number,
): Promise<void> {
  for (const code of new Set(codes)) {
    const rules = await db
      .selectFrom('insurer_price_rules')
      .select(['value', 'begndate', 'enddate', 'valid'])
      .where('kind', '=', kind)
      .where('hilist_code', '=', code)
      .orderBy('begndate', 'desc')
      .orderBy('updt_time', 'desc')
      .orderBy('id', 'desc')
      .execute();
    if (!rules.length) continue;
    const r = rules.find((x) => x.valid === 1 && x.begndate <= today && (x.enddate == null || x.enddate >= today));
    const set =
      kind === 'cap'
        ? {
            price_cap_fen: r && r.value > 0 ? r.value : null,
            price_cap_begndate: r?.begndate ?? null,
            price_cap_enddate: r?.enddate ?? null,
          }
        : { selfpay_prop: r?.value ?? 0, selfpay_begndate: r?.begndate ?? null, selfpay_enddate: r?.enddate ?? null };
    await db
      .updateTable('insurer_catalog_items')
      .set({ ...set, updated_at: now })
      .where('med_list_codg', '=', code)
      .execute();
  }
}

export async function upsertHeldMatches(db: Trx, rows: Insertable<InsurerHeldMatchesTable>[]): Promise<void> {
  for (const r of rows)
    await db
      .insertInto('insurer_held_matches')
      .values(r)
      .onConflict((oc) =>
        oc.columns(['infno', 'local_code', 'list_type']).doUpdateSet({
          hilist_code: r.hilist_code,
          name: r.name,
          begndate: r.begndate,
          enddate: r.enddate,
          valid: r.valid,
          rid: r.rid,
          updt_time: r.updt_time,
          updated_at: r.updated_at,
        }),
      )
      .execute();
}

/** 1317 rows (what the insurer holds for us) of these local item codes. */
export async function heldMatchesOf(db: Q, localCodes: readonly string[]) {
  if (!localCodes.length) return [];
  return db
    .selectFrom('insurer_held_matches')
    .select(['local_code', 'list_type', 'hilist_code', 'valid', 'begndate', 'enddate', 'updt_time'])
    .where('infno', '=', '1317')
    .where('local_code', 'in', [...localCodes])
    .execute();
}

/**
 * The 1317 rows whose item is not held as uploaded here (held there, absent or different here),
 * by our item code; the page lists them apart.
 */
export async function heldOnlyThere(db: Q, limit: number) {
  return db
    .selectFrom('insurer_held_matches as h')
    .leftJoin('catalog_items as ci', 'ci.code', 'h.local_code')
    .select(['h.local_code', 'h.list_type', 'h.hilist_code', 'h.updt_time', 'ci.name', 'ci.id as catalog_item_id'])
    .where('h.infno', '=', '1317')
    .where('h.valid', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('insurance_item_matches as m')
            .select('m.id')
            .whereRef('m.catalog_item_id', '=', 'ci.id')
            .whereRef('m.med_list_codg', '=', 'h.hilist_code')
            .where('m.state', '=', 'uploaded'),
        ),
      ),
    )
    .orderBy('h.local_code')
    .limit(limit)
    .execute();
}

export async function replaceCodeTable(
  db: Trx,
  type: string,
  rows: Array<{ value: string; label: string; sort: number; valid: 0 | 1 }>,
  now: number,
): Promise<void> {
  await db.deleteFrom('insurer_code_tables').where('type', '=', type).execute();
  for (const r of rows)
    await db
      .insertInto('insurer_code_tables')
      .values({ type, ...r, updated_at: now })
      .execute();
}

// ---------------------------------------------------------------------------------------------
// local items and their matches

const staffName = (alias: string) =>
  sql<string | null>`(SELECT s.name FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.id = ${sql.ref(alias)})`;

type LocalRow = {
  id: number;
  code: string;
  kind: ItemKind;
  name: string;
  trade_name: string | null;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  approval_no: string | null;
  unit: string;
  pinyin_initials: string;
  m_id: number | null;
  m_code: string | null;
  m_list_type: InsurerListType | null;
  m_state: InsuranceMatchState | null;
  m_score: number | null;
  m_matched_by: number | null;
  m_matched_by_name: string | null;
  m_matched_at: number | null;
  m_reviewed_by_name: string | null;
  m_reviewed_at: number | null;
  m_uploaded_at: number | null;
  m_upload_msgid: string | null;
  m_version: number | null;
  c_name: string | null;
  c_spec: string | null;
  c_lv: '01' | '02' | '03' | null;
  c_trade_name: string | null;
  c_cap: number | null;
  c_cap_from: string | null;
  c_cap_to: string | null;
  c_selfpay: number | null;
  c_selfpay_from: string | null;
  c_selfpay_to: string | null;
};

function localView(r: LocalRow): LocalItem {
  const match: MatchView | null =
    r.m_id === null
      ? null
      : {
          id: r.m_id,
          medListCodg: r.m_code!,
          listType: r.m_list_type!,
          insurerName: r.c_name,
          insurerSpec: r.c_spec,
          chrgitmLv: r.c_lv,
          insurerTradeName: r.c_trade_name,
          priceCapFen: r.c_cap,
          priceCapFrom: r.c_cap_from,
          priceCapTo: r.c_cap_to,
          selfpayProp: r.c_selfpay,
          selfpayFrom: r.c_selfpay_from,
          selfpayTo: r.c_selfpay_to,
          state: r.m_state!,
          score: r.m_score,
          matchedBy: r.m_matched_by_name,
          matchedById: r.m_matched_by,
          matchedAt: r.m_matched_at!,
          reviewedBy: r.m_reviewed_by_name,
          reviewedAt: r.m_reviewed_at,
          uploadedAt: r.m_uploaded_at,
          uploadMsgid: r.m_upload_msgid,
          version: r.m_version!,
        };
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    name: r.name,
    tradeName: r.trade_name,
    spec: r.spec,
    dosageForm: r.dosage_form,
    manufacturer: r.manufacturer,
    approvalNo: r.approval_no,
    unit: r.unit,
    match,
    held: null,
    heldMismatch: null,
    listedIn1316: null,
  };
}

function localBase(db: Q) {
  return db
    .selectFrom('catalog_items as i')
    .leftJoin('insurance_item_matches as m', (j) =>
      j.onRef('m.catalog_item_id', '=', 'i.id').on('m.state', '<>', 'revoked'),
    )
    .leftJoin('insurer_catalog_items as c', 'c.med_list_codg', 'm.med_list_codg')
    .where('i.active', '=', 1);
}

function localSelect(q: ReturnType<typeof localBase>) {
  return q.select([
    'i.id',
    'i.code',
    'i.kind',
    'i.name',
    'i.trade_name',
    'i.spec',
    'i.dosage_form',
    'i.manufacturer',
    'i.approval_no',
    'i.unit',
    'i.pinyin_initials',
    'm.id as m_id',
    'm.med_list_codg as m_code',
    'm.list_type as m_list_type',
    'm.state as m_state',
    'm.score as m_score',
    'm.matched_by as m_matched_by',
    staffName('m.matched_by').as('m_matched_by_name'),
    'm.matched_at as m_matched_at',
    staffName('m.reviewed_by').as('m_reviewed_by_name'),
    'm.reviewed_at as m_reviewed_at',
    'm.uploaded_at as m_uploaded_at',
    'm.upload_msgid as m_upload_msgid',
    'm.version as m_version',
    'c.name as c_name',
    'c.spec as c_spec',
    'c.chrgitm_lv as c_lv',
    'c.trade_name as c_trade_name',
    'c.price_cap_fen as c_cap',
    'c.price_cap_begndate as c_cap_from',
    'c.price_cap_enddate as c_cap_to',
    'c.selfpay_prop as c_selfpay',
    'c.selfpay_begndate as c_selfpay_from',
    'c.selfpay_enddate as c_selfpay_to',
  ]);
}

/** Active local items of a kind with their live match; unmatched first, then by code. */
export async function localItems(db: Q, q: LocalItemQuery) {
  let query = localBase(db).where('i.kind', '=', q.kind);
  if (q.state === 'unmatched') query = query.where('m.id', 'is', null);
  else if (q.state) query = query.where('m.state', '=', q.state);
  if (q.q)
    query = query.where(
      searchCondition(q.q, {
        contains: ['i.code', 'i.name', 'i.trade_name'],
        initials: 'i.pinyin_initials',
        full: 'i.pinyin_full',
      }),
    );
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = (await localSelect(query)
    .orderBy(sql`m.id IS NOT NULL`)
    .orderBy(sql`CASE m.state WHEN 'proposed' THEN 0 WHEN 'confirmed' THEN 1 ELSE 2 END`)
    .orderBy('i.code')
    .limit(q.limit)
    .execute()) as LocalRow[];
  const counts = await db
    .selectFrom('catalog_items as i')
    .leftJoin('insurance_item_matches as m', (j) =>
      j.onRef('m.catalog_item_id', '=', 'i.id').on('m.state', '<>', 'revoked'),
    )
    .select(['m.state', sql<number>`count(*)`.as('n')])
    .where('i.active', '=', 1)
    .where('i.kind', '=', q.kind)
    .groupBy('m.state')
    .execute();
  const c = { total: 0, unmatched: 0, proposed: 0, confirmed: 0, reviewed: 0, uploaded: 0 };
  for (const r of counts) {
    c.total += Number(r.n);
    const key = (r.state ?? 'unmatched') as keyof typeof c;
    if (key in c) c[key] += Number(r.n);
  }
  const items = rows.map(localView);
  await withHeld(db, items);
  return { items, total: Number(total.n), counts: c };
}

/**
 * 1317 beside our matches (once 1317 was downloaded): `held` is what the insurer holds for the item,
 * `heldMismatch` 'absent-there' (uploaded here, not held there), 'different' (held with another code)
 * or 'absent-here' (held there, not uploaded here).
 */
async function withHeld(db: Q, items: LocalItem[]): Promise<void> {
  if (!items.length) return;
  if ((await lastVersionOf(db, '1316')) !== null) {
    const codes = [...new Set(items.flatMap((i) => (i.match ? [i.match.medListCodg] : [])))];
    const listed = new Set<string>();
    for (let i = 0; i < codes.length; i += 500)
      for (const r of await db
        .selectFrom('insurer_held_matches')
        .select('hilist_code')
        .where('infno', '=', '1316')
        .where('valid', '=', 1)
        .where('hilist_code', 'in', codes.slice(i, i + 500))
        .execute())
        listed.add(r.hilist_code);
    for (const item of items) if (item.match) item.listedIn1316 = listed.has(item.match.medListCodg);
  }
  if ((await lastVersionOf(db, '1317')) === null) return;
  const held = new Map<string, Awaited<ReturnType<typeof heldMatchesOf>>[number]>();
  for (let i = 0; i < items.length; i += 500)
    for (const h of await heldMatchesOf(
      db,
      items.slice(i, i + 500).map((x) => x.code),
    ))
      if (h.valid === 1 || !held.has(h.local_code)) held.set(h.local_code, h);
  for (const item of items) {
    const h = held.get(item.code);
    const there = h?.valid === 1 ? h.hilist_code : null;
    const here = item.match?.state === 'uploaded' ? item.match.medListCodg : null;
    item.held = h ? { medListCodg: h.hilist_code, valid: h.valid === 1, updtTime: h.updt_time } : null;
    item.heldMismatch =
      here && !there ? 'absent-there' : there && !here ? 'absent-here' : here !== there ? 'different' : null;
  }
}

export async function localItemsByIds(db: Q, ids: readonly number[]): Promise<LocalItem[]> {
  const out: LocalItem[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await localSelect(localBase(db).where('i.id', 'in', ids.slice(i, i + 500))).execute()) as LocalRow[];
    out.push(...rows.map(localView));
  }
  return out;
}

/** Active local items of a kind without a live match (smart matching's work list). */
export async function unmatchedItems(db: Q, kind: ItemKind) {
  return db
    .selectFrom('catalog_items as i')
    .select([
      'i.id',
      'i.kind',
      'i.name',
      'i.trade_name',
      'i.spec',
      'i.dosage_form',
      'i.approval_no',
      'i.pinyin_initials',
    ])
    .where('i.active', '=', 1)
    .where('i.kind', '=', kind)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('insurance_item_matches as m')
            .select('m.id')
            .whereRef('m.catalog_item_id', '=', 'i.id')
            .where('m.state', '<>', 'revoked'),
        ),
      ),
    )
    .orderBy('i.code')
    .execute();
}

export async function catalogItem(db: Q, id: number) {
  return db
    .selectFrom('catalog_items')
    .select(['id', 'code', 'kind', 'name', 'spec', 'dosage_form', 'approval_no', 'unit', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export type MatchRow = {
  id: number;
  catalog_item_id: number;
  med_list_codg: string;
  list_type: InsurerListType;
  state: InsuranceMatchState;
  score: number | null;
  matched_by: number | null;
  reviewed_by: number | null;
  version: number;
};

const MATCH_COLUMNS = [
  'id',
  'catalog_item_id',
  'med_list_codg',
  'list_type',
  'state',
  'score',
  'matched_by',
  'reviewed_by',
  'version',
] as const;

export async function liveMatchOf(db: Q, catalogItemId: number): Promise<MatchRow | undefined> {
  return db
    .selectFrom('insurance_item_matches')
    .select(MATCH_COLUMNS)
    .where('catalog_item_id', '=', catalogItemId)
    .where('state', '<>', 'revoked')
    .executeTakeFirst();
}

export async function liveMatchesOfItems(db: Q, ids: readonly number[]): Promise<MatchRow[]> {
  const out: MatchRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('insurance_item_matches')
        .select(MATCH_COLUMNS)
        .where('catalog_item_id', 'in', ids.slice(i, i + 500))
        .where('state', '<>', 'revoked')
        .execute()),
    );
  return out;
}

export async function matchesByIds(db: Q, ids: readonly number[]): Promise<MatchRow[]> {
  const out: MatchRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('insurance_item_matches')
        .select(MATCH_COLUMNS)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  return out;
}

export async function matchesInState(
  db: Q,
  state: InsuranceMatchState,
  opts: { kind?: ItemKind; minScore?: number } = {},
): Promise<MatchRow[]> {
  let q = db
    .selectFrom('insurance_item_matches as m')
    .innerJoin('catalog_items as i', 'i.id', 'm.catalog_item_id')
    .select(MATCH_COLUMNS.map((c) => `m.${c}` as const))
    .where('m.state', '=', state);
  if (opts.kind) q = q.where('i.kind', '=', opts.kind);
  if (opts.minScore !== undefined) q = q.where('m.score', '>=', opts.minScore);
  return q.orderBy('m.id').execute();
}

/** What 3301 sends of each match: the local item and the insurer's row. */
export async function uploadRows(db: Q, matchIds: readonly number[]) {
  const out = [];
  for (let i = 0; i < matchIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('insurance_item_matches as m')
        .innerJoin('catalog_items as i', 'i.id', 'm.catalog_item_id')
        .select([
          'm.id',
          'm.med_list_codg',
          'm.list_type',
          'm.state',
          'i.code',
          'i.name',
          'i.spec',
          'i.dosage_form',
          'i.approval_no',
          'i.unit',
        ])
        .where('m.id', 'in', matchIds.slice(i, i + 500))
        .orderBy('m.id')
        .execute()),
    );
  return out;
}

export async function insertMatch(
  db: Trx,
  v: {
    catalog_item_id: number;
    med_list_codg: string;
    list_type: InsurerListType;
    state: 'proposed' | 'confirmed';
    score: number | null;
    matched_by: number;
    matched_at: number;
  },
): Promise<number> {
  const r = await db.insertInto('insurance_item_matches').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function setMatchState(
  db: Trx,
  id: number,
  from: InsuranceMatchState,
  set: {
    state: InsuranceMatchState;
    matched_by?: number;
    matched_at?: number;
    reviewed_by?: number;
    reviewed_at?: number;
    upload_msgid?: string;
    uploaded_at?: number;
    revoked_by?: number;
    revoked_at?: number;
    revoke_msgid?: string | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('insurance_item_matches')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// departments, diseases, staff

export async function departmentCodes(db: Q) {
  return db
    .selectFrom('departments as d')
    .leftJoin('insurance_department_codes as c', 'c.department_id', 'd.id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.kind',
      'c.caty',
      'c.caty_name',
      'c.matched_at',
      'c.state',
      'c.matched_by',
      'c.reviewed_at',
      staffName('c.matched_by').as('matched_by_name'),
      staffName('c.reviewed_by').as('reviewed_by_name'),
    ])
    .where('d.active', '=', 1)
    .orderBy(sql`c.caty IS NOT NULL`)
    .orderBy('d.code')
    .execute();
}

export async function departmentsByIds(db: Q, ids: readonly number[]) {
  return db
    .selectFrom('departments as d')
    .leftJoin('insurance_department_codes as c', 'c.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.active', 'c.caty', 'c.caty_name', 'c.state', 'c.matched_by'])
    .where('d.id', 'in', [...ids])
    .execute();
}

export async function setDepartmentCode(
  db: Trx,
  v: {
    department_id: number;
    caty: string;
    caty_name: string;
    matched_by: number;
    matched_at: number;
    state: 'proposed' | 'confirmed';
  },
): Promise<void> {
  await db
    .insertInto('insurance_department_codes')
    .values(v)
    .onConflict((oc) =>
      oc.column('department_id').doUpdateSet({
        caty: v.caty,
        caty_name: v.caty_name,
        matched_by: v.matched_by,
        matched_at: v.matched_at,
        state: v.state,
        reviewed_by: null,
        reviewed_at: null,
      }),
    )
    .execute();
}

/** proposed → confirmed (by `by`, who becomes the matcher) or confirmed → reviewed; false when the row moved on. */
export async function setCodeState(
  db: Trx,
  table: 'insurance_department_codes' | 'insurance_disease_codes',
  key: number | string,
  from: 'proposed' | 'confirmed',
  by: number,
  now: number,
): Promise<boolean> {
  const set =
    from === 'proposed'
      ? { state: 'confirmed' as const, matched_by: by, matched_at: now }
      : { state: 'reviewed' as const, reviewed_by: by, reviewed_at: now };
  const r =
    table === 'insurance_department_codes'
      ? await db
          .updateTable('insurance_department_codes')
          .set(set)
          .where('department_id', '=', key as number)
          .where('state', '=', from)
          .executeTakeFirst()
      : await db
          .updateTable('insurance_disease_codes')
          .set(set)
          .where('local_code', '=', key as string)
          .where('state', '=', from)
          .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteDepartmentCode(db: Trx, departmentId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('insurance_department_codes')
    .where('department_id', '=', departmentId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

function diseaseSearch(q: string) {
  return searchCondition(q, { contains: ['d.code', 'd.name'], initials: 'd.pinyin_initials', full: 'd.pinyin_full' });
}

export async function diseaseCodes(db: Q, q: { q?: string; unmatched?: boolean; limit: number }) {
  let query = db
    .selectFrom('diagnoses as d')
    .leftJoin('insurance_disease_codes as c', 'c.local_code', 'd.code')
    .where('d.active', '=', 1);
  if (q.unmatched !== undefined) query = query.where('c.local_code', q.unmatched ? 'is' : 'is not', null);
  if (q.q) query = query.where(diseaseSearch(q.q));
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'd.code',
      'd.name',
      'c.dise_code',
      'c.dise_name',
      'c.score',
      'c.matched_at',
      'c.state',
      'c.reviewed_at',
      staffName('c.matched_by').as('matched_by_name'),
      staffName('c.reviewed_by').as('reviewed_by_name'),
    ])
    .orderBy(sql`c.local_code IS NOT NULL`)
    .orderBy('d.code')
    .limit(q.limit)
    .execute();
  const unmatched = await db
    .selectFrom('diagnoses as d')
    .leftJoin('insurance_disease_codes as c', 'c.local_code', 'd.code')
    .select(sql<number>`count(*)`.as('n'))
    .where('d.active', '=', 1)
    .where('c.local_code', 'is', null)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n), unmatched: Number(unmatched.n) };
}

export async function unmatchedDiagnoses(db: Q, limit: number) {
  return db
    .selectFrom('diagnoses as d')
    .leftJoin('insurance_disease_codes as c', 'c.local_code', 'd.code')
    .select(['d.code', 'd.name'])
    .where('d.active', '=', 1)
    .where('c.local_code', 'is', null)
    .orderBy('d.code')
    .limit(limit)
    .execute();
}

export async function diagnosesByCodes(db: Q, codes: readonly string[]) {
  return db
    .selectFrom('diagnoses')
    .select(['code', 'name'])
    .where('code', 'in', [...codes])
    .execute();
}

export async function insurerDiseasesByCodes(db: Q, codes: readonly string[]) {
  const out: Array<{ code: string; name: string; valid: 0 | 1 }> = [];
  const list = [...new Set(codes)];
  for (let i = 0; i < list.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('insurer_diseases')
        .select(['code', 'name', 'valid'])
        .where('code', 'in', list.slice(i, i + 500))
        .execute()),
    );
  return out;
}

/** Valid insurer diseases whose code starts with one of the prefixes, or whose name is one of the names. */
export async function insurerDiseasesLike(db: Q, prefixes: readonly string[], names: readonly string[]) {
  const out: Array<{ code: string; name: string }> = [];
  for (let i = 0; i < Math.max(prefixes.length, names.length); i += 200) {
    const p = prefixes.slice(i, i + 200);
    const n = names.slice(i, i + 200);
    if (!p.length && !n.length) break;
    out.push(
      ...(await db
        .selectFrom('insurer_diseases')
        .select(['code', 'name'])
        .where('valid', '=', 1)
        .where((eb) =>
          eb.or([...p.map((x) => eb('code', 'like', `${escapeLike(x)}%`)), ...(n.length ? [eb('name', 'in', n)] : [])]),
        )
        .execute()),
    );
  }
  return out;
}

export async function searchInsurerDiseases(db: Q, q: { q?: string; limit: number }) {
  let query = db.selectFrom('insurer_diseases');
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    const initials = `${escapeLike(q.q.toLowerCase())}%`;
    query = query.where(
      sql<boolean>`(code LIKE ${pattern} ESCAPE '\\' OR name LIKE ${pattern} ESCAPE '\\'
        OR pinyin_initials LIKE ${initials} ESCAPE '\\')`,
    );
  }
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query.select(['code', 'name']).orderBy('valid', 'desc').orderBy('code').limit(q.limit).execute();
  return { items: rows, total: Number(total.n) };
}

export async function diseaseLinksOf(db: Q, codes: readonly string[]) {
  return db
    .selectFrom('insurance_disease_codes')
    .select(['local_code', 'dise_code', 'dise_name', 'state', 'matched_by'])
    .where('local_code', 'in', [...codes])
    .execute();
}

export async function setDiseaseCode(
  db: Trx,
  v: {
    local_code: string;
    dise_code: string;
    dise_name: string;
    score: number | null;
    matched_by: number;
    matched_at: number;
    state: 'proposed' | 'confirmed';
  },
): Promise<void> {
  await db
    .insertInto('insurance_disease_codes')
    .values(v)
    .onConflict((oc) =>
      oc.column('local_code').doUpdateSet({
        dise_code: v.dise_code,
        dise_name: v.dise_name,
        score: v.score,
        matched_by: v.matched_by,
        matched_at: v.matched_at,
        state: v.state,
        reviewed_by: null,
        reviewed_at: null,
      }),
    )
    .execute();
}

export async function deleteDiseaseCode(db: Trx, localCode: string): Promise<boolean> {
  const r = await db.deleteFrom('insurance_disease_codes').where('local_code', '=', localCode).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function staffCodes(db: Q, q?: string) {
  let query = db
    .selectFrom('staff as s')
    .leftJoin('departments as d', 'd.id', 's.department_id')
    .leftJoin('insurance_staff_codes as c', 'c.staff_id', 's.id')
    .select(['s.id', 's.code', 's.name', 's.title', 'd.name as department_name', 'c.national_code', 'c.matched_at'])
    .where('s.active', '=', 1);
  if (q)
    query = query.where(
      searchCondition(q, { contains: ['s.code', 's.name'], initials: 's.pinyin_initials', full: 's.pinyin_full' }),
    );
  return query.orderBy(sql`c.national_code IS NOT NULL`).orderBy('s.code').limit(2000).execute();
}

export async function staffByIds(db: Q, ids: readonly number[]) {
  return db
    .selectFrom('staff as s')
    .leftJoin('insurance_staff_codes as c', 'c.staff_id', 's.id')
    .select(['s.id', 's.name', 's.active', 'c.national_code'])
    .where('s.id', 'in', [...ids])
    .execute();
}

export async function staffOfNationalCodes(db: Q, codes: readonly string[]) {
  return db
    .selectFrom('insurance_staff_codes')
    .select(['staff_id', 'national_code'])
    .where('national_code', 'in', [...codes])
    .execute();
}

export async function setStaffCode(
  db: Trx,
  v: { staff_id: number; national_code: string; matched_by: number; matched_at: number },
): Promise<void> {
  await db
    .insertInto('insurance_staff_codes')
    .values(v)
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet({
        national_code: v.national_code,
        matched_by: v.matched_by,
        matched_at: v.matched_at,
      }),
    )
    .execute();
}

export async function deleteStaffCode(db: Trx, staffId: number): Promise<boolean> {
  const r = await db.deleteFrom('insurance_staff_codes').where('staff_id', '=', staffId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The institution code the insurer knows us by (the adapter's 接口设置; read only). */
export async function institutionCode(db: Q): Promise<string> {
  const r = await db.selectFrom('insurance_config').select('fixmedins_code').where('id', '=', 1).executeTakeFirst();
  return r?.fixmedins_code ?? '';
}
