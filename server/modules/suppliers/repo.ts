// Suppliers: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { SupplierQuery, SupplierView } from './schema.js';

type Q = Db | Trx;

const COLUMNS = [
  'id',
  'code',
  'name',
  'short_name',
  'contact_person',
  'phone',
  'address',
  'credit_code',
  'drug_licence_no',
  'drug_licence_expires_on',
  'pinyin_initials',
  'active',
  'version',
] as const;

type Row = {
  id: number;
  code: string;
  name: string;
  short_name: string | null;
  contact_person: string | null;
  phone: string | null;
  address: string | null;
  credit_code: string | null;
  drug_licence_no: string | null;
  drug_licence_expires_on: string | null;
  pinyin_initials: string;
  active: 0 | 1;
  version: number;
};

export interface SupplierValues {
  code: string;
  name: string;
  shortName: string | null;
  contactPerson: string | null;
  phone: string | null;
  address: string | null;
  creditCode: string | null;
  drugLicenceNo: string | null;
  drugLicenceExpiresOn: string | null;
  pinyinInitials: string;
  pinyinFull: string;
}

function toView(r: Row): SupplierView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    contactPerson: r.contact_person,
    phone: r.phone,
    address: r.address,
    creditCode: r.credit_code,
    drugLicenceNo: r.drug_licence_no,
    drugLicenceExpiresOn: r.drug_licence_expires_on,
    pinyinInitials: r.pinyin_initials,
    active: r.active === 1,
    version: r.version,
  };
}

function columns(v: SupplierValues) {
  return {
    code: v.code,
    name: v.name,
    short_name: v.shortName,
    contact_person: v.contactPerson,
    phone: v.phone,
    address: v.address,
    credit_code: v.creditCode,
    drug_licence_no: v.drugLicenceNo,
    drug_licence_expires_on: v.drugLicenceExpiresOn,
    pinyin_initials: v.pinyinInitials,
    pinyin_full: v.pinyinFull,
  };
}

export async function list(db: Q, q: SupplierQuery): Promise<SupplierView[]> {
  let query = db.selectFrom('suppliers').select(COLUMNS).orderBy('code');
  if (q.active !== undefined) query = query.where('active', '=', q.active ? 1 : 0);
  if (q.q)
    query = query.where(
      searchCondition(q.q, {
        contains: ['code', 'name', 'short_name'],
        initials: 'pinyin_initials',
        full: 'pinyin_full',
      }),
    );
  return (await query.execute()).map(toView);
}

/** Active suppliers whose drug licence expires on or before `until` (YYYY-MM-DD), soonest first. */
export async function expiringBy(db: Q, until: string): Promise<SupplierView[]> {
  const rows = await db
    .selectFrom('suppliers')
    .select(COLUMNS)
    .where('active', '=', 1)
    .where('drug_licence_expires_on', 'is not', null)
    .where('drug_licence_expires_on', '<=', until)
    .orderBy('drug_licence_expires_on')
    .orderBy('code')
    .execute();
  return rows.map(toView);
}

export async function findById(db: Q, id: number): Promise<SupplierView | undefined> {
  const r = await db.selectFrom('suppliers').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** Another supplier with this code (any case), name or credit code. */
export async function findClash(db: Q, code: string, name: string, creditCode: string | null, exceptId: number | null) {
  let q = db
    .selectFrom('suppliers')
    .select(['id', 'code', 'name', 'credit_code'])
    .where((eb) =>
      eb.or([
        eb('code', '=', code),
        eb('name', '=', name),
        ...(creditCode ? [eb('credit_code', '=', creditCode)] : []),
      ]),
    );
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  const rows = await q.execute();
  return {
    code: rows.some((r) => r.code.toLowerCase() === code.toLowerCase()),
    name: rows.some((r) => r.name === name),
    creditCode: creditCode !== null && rows.some((r) => r.credit_code === creditCode),
  };
}

export async function insert(db: Q, v: SupplierValues, now: number, active = true): Promise<number> {
  const r = await db
    .insertInto('suppliers')
    .values({ ...columns(v), active: active ? 1 : 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: SupplierValues & { active: boolean }, now: number): Promise<void> {
  await db
    .updateTable('suppliers')
    .set((eb) => ({ ...columns(v), active: v.active ? 1 : 0, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function setInactive(db: Q, id: number, now: number): Promise<void> {
  await db
    .updateTable('suppliers')
    .set((eb) => ({ active: 0, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
