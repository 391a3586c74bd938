// The demo center's drug store: four suppliers (with valid unified social credit codes) and a
// few stock documents made through the REAL inventory service by the demo users, so the store
// station opens on something true: a posted purchase receipt (drafted by the store clerk,
// posted by the storekeeper — 制单 → 审核 by different people), a posted transfer to the
// outpatient pharmacy, and a requisition from the outpatient pharmacy waiting at the store.
// Idempotent: suppliers by code; the documents under the settings key 'demo.store'.
import { addDays } from '../core/calendar.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../server/lib/clock.js';
import { businessDay } from '../server/lib/clock.js';
import { pinyinKeys } from '../db/pinyin.js';
import { CreateDoc } from '../server/modules/inventory/schema.js';
import { createInventoryService } from '../server/modules/inventory/index.js';
import { getInstitutionSettings, writeSetting } from '../server/modules/settings/index.js';
import { creditCodeCheckChar, insertSupplierRow } from '../server/modules/suppliers/index.js';
import { actorOf, historyContext } from './history-demo.js';
import { DEMO_PHARMACY_CODE, DEMO_STORE_CODE } from './outpatient-demo.js';

export const STORE_DEMO_KEY = 'demo.store';

const SUPPLIERS = [
  {
    code: 'GYKG',
    name: '国药控股浙江有限公司',
    short: '国药浙江',
    person: '陈立平',
    phone: '0571-87650001',
    address: '浙江省杭州市拱墅区莫干山路 1 号',
    org: '143010001',
  },
  {
    code: 'HDYY',
    name: '华东医药股份有限公司',
    short: '华东医药',
    person: '周海燕',
    phone: '0571-87650002',
    address: '浙江省杭州市拱墅区莫干山路 866 号',
    org: '143010002',
  },
  {
    code: 'JZT',
    name: '九州通医药集团浙江有限公司',
    short: '九州通浙江',
    person: '吴志强',
    phone: '0571-87650003',
    address: '浙江省杭州市余杭区仓前街道 8 号',
    org: '143010003',
  },
  {
    code: 'YTYY',
    name: '浙江英特药业有限责任公司',
    short: '英特药业',
    person: '郑小敏',
    phone: '0571-87650004',
    address: '浙江省杭州市滨江区江南大道 96 号',
    org: '143010004',
  },
];

function creditCode(org: string): string {
  const first17 = `91330100${org}`; // 9 = registered by the market regulator, 1 = enterprise, 330100 = Hangzhou
  return first17 + creditCodeCheckChar(first17)!;
}

export interface StoreDemoResult {
  suppliers: number;
  documents: number;
}

/** Seeds suppliers and the store's demo documents; null when already done or the demo center is missing. */
export async function seedStoreDemo(deps: { db: Db; clock: Clock }): Promise<StoreDemoResult | null> {
  const { db } = deps;
  const m = historyContext(db, deps.clock);
  let suppliers = 0;
  await m.uow.write(async (tx) => {
    for (const s of SUPPLIERS) {
      if (await tx.db.selectFrom('suppliers').select('id').where('code', '=', s.code).executeTakeFirst()) continue;
      const py = pinyinKeys(s.name);
      const today = businessDay(tx.now, (await getInstitutionSettings(tx.db)).timeZone);
      await insertSupplierRow(tx.db, {
        code: s.code,
        name: s.name,
        short_name: s.short,
        contact_person: s.person,
        phone: s.phone,
        address: s.address,
        credit_code: creditCode(s.org),
        drug_licence_no: `浙AA571${s.org.slice(-4)}`,
        drug_licence_expires_on: addDays(today, 700 + suppliers * 200),
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: tx.now,
        updated_at: tx.now,
      });
      suppliers++;
    }
  });

  if (await db.selectFrom('settings').select('key').where('key', '=', STORE_DEMO_KEY).executeTakeFirst()) return null;
  const clerk = await actorOf(db, 'storekeeper2');
  const keeper = await actorOf(db, 'storekeeper1');
  const pharmacist = await actorOf(db, 'pharmacist1');
  const store = await db.selectFrom('departments').select('id').where('code', '=', DEMO_STORE_CODE).executeTakeFirst();
  const pharmacy = await db
    .selectFrom('departments')
    .select('id')
    .where('code', '=', DEMO_PHARMACY_CODE)
    .executeTakeFirst();
  const supplier = await db
    .selectFrom('suppliers')
    .select('id')
    .where('code', '=', SUPPLIERS[0]!.code)
    .executeTakeFirst();
  if (!clerk || !keeper || !pharmacist || !store || !pharmacy || !supplier) return { suppliers, documents: 0 };

  const { timeZone, zeroMarkupEssentialDrugs } = await getInstitutionSettings(db);
  const today = businessDay(deps.clock.now(), timeZone);
  const inventory = createInventoryService(m);
  const drugs = await db
    .selectFrom('catalog_items')
    .select(['id', 'code', 'price_fen', 'purchase_price_fen', 'essential', 'pack_size'])
    .where('kind', '=', 'drug')
    .where('active', '=', 1)
    .where('drug_class', '!=', 'herbal')
    .orderBy('code')
    .limit(8)
    .execute();
  if (drugs.length < 4) return { suppliers, documents: 0 };

  // 入库: the clerk drafts, the storekeeper posts.
  const receipt = await inventory.create(
    clerk,
    CreateDoc.parse({
      type: 'receipt',
      locationId: store.id,
      supplierId: supplier.id,
      supplierInvoiceNo: `33012${today.replaceAll('-', '').slice(2)}01`,
      note: '演示:月度采购',
      lines: drugs.map((d, i) => ({
        itemId: d.id,
        lotNo: `${today.slice(2, 4)}${String(i + 1).padStart(2, '0')}D${String(d.id).padStart(3, '0')}`,
        expiryDate: addDays(today, 540 + i * 30),
        purchasePriceFen:
          d.essential === 1 && zeroMarkupEssentialDrugs
            ? d.price_fen
            : (d.purchase_price_fen ?? Math.round((d.price_fen * 85) / 100)),
        quantity: 20 * d.pack_size,
      })),
    }),
  );
  const posted = await inventory.post(keeper, receipt.id, { version: receipt.version });

  // 调拨: four of the new lots to the outpatient pharmacy.
  const transfer = await inventory.create(
    clerk,
    CreateDoc.parse({
      type: 'transfer',
      locationId: store.id,
      counterpartId: pharmacy.id,
      note: '演示:门诊药房补货',
      lines: posted.lines.slice(0, 4).map((l) => ({ itemId: l.itemId, lotId: l.lotId!, quantity: 5 * l.packSize })),
    }),
  );
  await inventory.post(keeper, transfer.id, { version: transfer.version });

  // 请领: the outpatient pharmacy asks the store for more (waiting at the store).
  const req = await inventory.create(
    pharmacist,
    CreateDoc.parse({
      type: 'requisition',
      locationId: pharmacy.id,
      counterpartId: store.id,
      note: '演示:下周用量',
      lines: posted.lines.slice(4, 7).map((l) => ({ itemId: l.itemId, quantity: 3 * l.packSize })),
    }),
  );
  await inventory.post(keeper, req.id, { version: req.version });

  await m.uow.write(async (tx) => {
    await writeSetting(tx.db, STORE_DEMO_KEY, JSON.stringify({ at: tx.now }), tx.now, null);
  });
  return { suppliers, documents: 3 };
}
