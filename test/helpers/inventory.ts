// Test fixtures for stock documents: a store and two pharmacies as stock locations (with
// their default document types), a clinic and a doctor (so prescriptions can be dispensed
// through the real pharmacy API), suppliers, items of every kind, and a "nothing changed"
// snapshot of every table a stock document touches.
import type { Insertable } from 'kysely';
import type { CatalogItemsTable } from '../../db/schema.js';
import { pinyinKeys } from '../../db/pinyin.js';
import { ensureStockLocation } from '../../server/modules/stock-locations/service.js';
import { seedPharmacyWorld, type PharmacyWorld } from './pharmacy.js';
import { makeUser } from '../realtime/socket-helpers.js';
import type { ApiClient, TestServer } from './server.js';

let n = 0;
const uniq = () => `${process.pid % 10000}i${++n}`;

export interface StockWorld extends PharmacyWorld {
  storeId: number;
  supplierId: number;
  inactiveSupplierId: number;
}

export async function seedStockWorld(ts: TestServer): Promise<StockWorld> {
  const { uow } = ts.server.modules;
  const store = await uow.write(async (tx) => {
    const py = pinyinKeys('中心药库');
    const d = await tx.db
      .insertInto('departments')
      .values({
        code: `K${uniq()}`,
        name: `中心药库${uniq()}`,
        kind: 'store',
        phone: null,
        location: null,
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ensureStockLocation(tx.db, { id: d.id, kind: 'store' }, tx.now);
    return d.id;
  });
  const pw = await seedPharmacyWorld(ts);
  const sup = await uow.write(async (tx) => {
    await ensureStockLocation(tx.db, { id: pw.pharmacyId, kind: 'pharmacy' }, tx.now);
    await ensureStockLocation(tx.db, { id: pw.otherPharmacyId, kind: 'pharmacy' }, tx.now);
    const mk = async (name: string, active: 0 | 1) => {
      const py = pinyinKeys(name);
      const r = await tx.db
        .insertInto('suppliers')
        .values({
          code: `G${uniq()}`,
          name: `${name}${uniq()}`,
          short_name: null,
          contact_person: null,
          phone: null,
          address: null,
          credit_code: null,
          drug_licence_no: null,
          drug_licence_expires_on: null,
          pinyin_initials: py.initials,
          pinyin_full: py.full,
          active,
          created_at: tx.now,
          updated_at: tx.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    };
    return { supplierId: await mk('国药控股', 1), inactiveSupplierId: await mk('停用医药', 0) };
  });
  return { ...pw, storeId: store, ...sup };
}

export async function seedItem(
  ts: TestServer,
  v: {
    name: string;
    kind?: 'drug' | 'material' | 'service';
    essential?: boolean;
    priceFen?: number;
    packSize?: number;
    unit?: string;
    reorderLevel?: number;
  },
): Promise<number> {
  return ts.server.modules.uow.write(async (tx) => {
    const kind = v.kind ?? 'drug';
    const r = await tx.db
      .insertInto('catalog_items')
      .values(
        catalogItemRow(tx.now, {
          code: `I${uniq()}`,
          kind,
          name: v.name,
          spec: '规格',
          unit: v.unit ?? (kind === 'service' ? '次' : '粒'),
          pack_unit: kind === 'service' ? '次' : '盒',
          pack_size: v.packSize ?? (kind === 'service' ? 1 : 24),
          price_fen: v.priceFen ?? 1200,
          charge_category: kind === 'drug' ? '09' : kind === 'material' ? '13' : '05',
          drug_class: kind === 'drug' ? 'western' : null,
          essential: v.essential ? 1 : 0,
          reorder_level: v.reorderLevel ?? 0,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

/** A supplier with an optional drug trading licence expiry (YYYY-MM-DD). */
export async function seedSupplier(
  ts: TestServer,
  v: { name: string; licenceExpiresOn?: string | null },
): Promise<{ id: number; name: string }> {
  return ts.server.modules.uow.write(async (tx) => {
    const py = pinyinKeys(v.name);
    const name = `${v.name}${uniq()}`;
    const r = await tx.db
      .insertInto('suppliers')
      .values({
        code: `G${uniq()}`,
        name,
        short_name: null,
        contact_person: null,
        phone: null,
        address: null,
        credit_code: null,
        drug_licence_no: v.licenceExpiresOn ? `LIC${uniq()}` : null,
        drug_licence_expires_on: v.licenceExpiresOn ?? null,
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        active: 1,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: r.id, name };
  });
}

/** Moves a user's staff record to another department (the session sees it at once). */
export async function moveUser(ts: TestServer, userId: number, departmentId: number): Promise<void> {
  await ts.server.modules.uow.write(async (tx) => {
    const user = await tx.db.selectFrom('users').select('staff_id').where('id', '=', userId).executeTakeFirstOrThrow();
    await tx.db.updateTable('staff').set({ department_id: departmentId }).where('id', '=', user.staff_id).execute();
  });
  ts.server.modules.auth.invalidateUser(userId);
}

const TABLES = [
  'stock_lots',
  'stock_moves',
  'stock_docs',
  'stock_doc_lines',
  'event_log',
  'audit_log',
  'idempotency_keys',
  'sequences',
];

/** Every row of the tables a stock document could touch. */
export function stockSnapshot(ts: TestServer): string {
  const raw = ts.server.open.raw;
  return JSON.stringify(TABLES.map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));
}

/** A signed-in user with these roles who belongs to `departmentId` (without inventory.post a user works only there). */
export async function stockUser(
  ts: TestServer,
  roles: string[],
  departmentId: number,
): Promise<{ client: ApiClient; userId: number }> {
  const u = await makeUser(ts, roles);
  await moveUser(ts, u.userId, departmentId);
  return { client: u.client, userId: u.userId };
}

type ItemRowInput = Pick<
  Insertable<CatalogItemsTable>,
  'code' | 'kind' | 'name' | 'unit' | 'pack_unit' | 'pack_size' | 'price_fen' | 'charge_category' | 'drug_class'
> &
  Partial<Insertable<CatalogItemsTable>>;

/**
 * A whole catalog_items row for a test's own insert: the given fields, pinyin from the name, every other optional
 * column empty.
 */
export function catalogItemRow(now: number, v: ItemRowInput): Insertable<CatalogItemsTable> {
  const py = pinyinKeys(v.name);
  return {
    trade_name: null,
    spec: null,
    dosage_form: null,
    manufacturer: null,
    antibiotic_tier: null,
    controlled_class: null,
    dose_per_unit: null,
    default_dose: null,
    dose_unit: null,
    default_frequency: null,
    default_route: null,
    insurance_code: null,
    pinyin_initials: py.initials,
    pinyin_full: py.full,
    created_at: now,
    updated_at: now,
    ...v,
  };
}
