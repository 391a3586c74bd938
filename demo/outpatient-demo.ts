// The outpatient part of the demo center (issue 3): ICD-10 diagnoses, the catalog (≈230
// drugs, ≈65 services, materials), stock lots in the outpatient pharmacy and the central
// store with opening stock moves (a few lots near expiry, two expired to show blocking), and
// 2,000 patients with their search keys. Clinic settings, their registration fee item and the
// roster are roster-demo.ts's (the registration desk).
// Idempotent: the settings key 'demo.outpatient' marks it done. One transaction, batched
// inserts; rows that exist already (same code / department) are left alone.
import { addDays } from '../core/calendar.js';
import type { Db } from '../db/connection.js';
import { businessDay, type Clock } from '../server/lib/clock.js';
import { pinyinKeys } from '../db/pinyin.js';
import type { AuditWho, Trx, UnitOfWork } from '../server/lib/uow.js';
import { searchKeys } from '../server/modules/patients/index.js';
import { formatMrn } from '../server/modules/patients/index.js';
import { getInstitutionSettings, writeSetting } from '../server/modules/settings/index.js';
import { setSequenceValue } from '../server/lib/sequences.js';
import {
  insertItemsIfMissing,
  setDefaultReorderLevels,
  setPurchasePriceIfUnset,
} from '../server/modules/catalog/index.js';
import { insertDiagnosesIfMissing } from '../server/modules/diagnoses/index.js';
import { openLots } from '../server/modules/inventory/index.js';
import { insertPatientRows, insertSearchKeyRows } from '../server/modules/patients/index.js';
import { DEMO_DIAGNOSES } from './outpatient/diagnoses.js';
import { DEMO_DRUGS } from './outpatient/drugs.js';
import { demoPatients, prng } from './outpatient/patients.js';
import { DEMO_MATERIALS, DEMO_SERVICES } from './outpatient/services.js';

export const OUTPATIENT_DEMO_KEY = 'demo.outpatient';
export const DEMO_PATIENT_COUNT = 2000;

export const DEMO_PHARMACY_CODE = 'MZYF';
export const DEMO_STORE_CODE = 'ZXYK';
/** Drugs given an extra, expired lot in the outpatient pharmacy (shows that expired stock is blocked). */
export const DEMO_EXPIRED_LOT_DRUGS = ['阿莫西林胶囊', '布洛芬缓释胶囊'];

export interface OutpatientDemoResult {
  diagnoses: number;
  items: number;
  lots: number;
  patients: number;
}

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

interface ItemRow {
  code: string;
  kind: 'drug' | 'service' | 'material';
  name: string;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  unit: string;
  pack_unit: string;
  pack_size: number;
  price_fen: number;
  charge_category: '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '13' | '14';
  drug_class: 'western' | 'patent' | 'herbal' | null;
  antibiotic_tier: 'unrestricted' | 'restricted' | 'special' | null;
  controlled_class: 'narcotic' | 'psych1' | 'psych2' | null;
  essential: 0 | 1;
  dose_per_unit: string | null;
  default_dose: string | null;
  dose_unit: string | null;
  default_frequency: string | null;
  default_route: string | null;
  pinyin_initials: string;
  pinyin_full: string;
}

function catalogRows(): ItemRow[] {
  const rows: ItemRow[] = [];
  const py = (name: string) => {
    const k = pinyinKeys(name);
    return { pinyin_initials: k.initials, pinyin_full: k.full };
  };
  DEMO_DRUGS.forEach((d, i) => {
    rows.push({
      code: `YP${String(i + 1).padStart(4, '0')}`,
      kind: 'drug',
      name: d.name,
      spec: d.spec,
      dosage_form: d.dosageForm,
      manufacturer: d.manufacturer,
      unit: d.unit,
      pack_unit: d.packUnit,
      pack_size: d.packSize,
      price_fen: d.priceFen,
      charge_category: d.chargeCategory,
      drug_class: d.drugClass,
      antibiotic_tier: d.antibioticTier,
      controlled_class: d.controlledClass,
      essential: d.essential ? 1 : 0,
      dose_per_unit: d.dosePerUnit,
      default_dose: d.defaultDose,
      dose_unit: d.doseUnit,
      default_frequency: d.defaultFrequency,
      default_route: d.defaultRoute,
      ...py(d.name),
    });
  });
  const plain = (prefix: string, kind: 'service' | 'material') => (s: (typeof DEMO_SERVICES)[number], i: number) =>
    rows.push({
      code: `${prefix}${String(i + 1).padStart(4, '0')}`,
      kind,
      name: s.name,
      spec: s.spec ?? null,
      dosage_form: null,
      manufacturer: null,
      unit: s.unit,
      pack_unit: s.unit,
      pack_size: 1,
      price_fen: s.priceFen,
      charge_category: s.chargeCategory,
      drug_class: null,
      antibiotic_tier: null,
      controlled_class: null,
      essential: 0,
      dose_per_unit: null,
      default_dose: null,
      dose_unit: null,
      default_frequency: null,
      default_route: null,
      ...py(s.name),
    });
  DEMO_SERVICES.forEach(plain('ZL', 'service'));
  DEMO_MATERIALS.forEach(plain('CL', 'material'));
  return rows;
}

export async function isOutpatientDemoSeeded(db: Db | Trx): Promise<boolean> {
  return (
    (await db.selectFrom('settings').select('key').where('key', '=', OUTPATIENT_DEMO_KEY).executeTakeFirst()) !==
    undefined
  );
}

/** Seeds the outpatient demo data once; null when it was seeded before. Departments come from the base demo seed. */
export async function seedOutpatientDemo(deps: {
  db: Db;
  uow: UnitOfWork;
  clock: Clock;
}): Promise<OutpatientDemoResult | null> {
  if (await isOutpatientDemoSeeded(deps.db)) return null;
  const today = businessDay(deps.clock.now(), (await getInstitutionSettings(deps.db)).timeZone);
  // Everything slow (pinyin, generation) happens before the writer lock is taken.
  const items = catalogRows();
  const diagnoses = DEMO_DIAGNOSES.map(([code, name]) => {
    const k = pinyinKeys(name);
    return { code, name, pinyin_initials: k.initials, pinyin_full: k.full, active: 1 as const };
  });
  const people = demoPatients(DEMO_PATIENT_COUNT, today).map((p) => ({ p, py: pinyinKeys(p.name, { surname: true }) }));

  return deps.uow.write(async (tx) => {
    if (await isOutpatientDemoSeeded(tx.db)) return null;
    const now = tx.now;
    const result: OutpatientDemoResult = { diagnoses: 0, items: 0, lots: 0, patients: 0 };
    const count = async (table: 'diagnoses' | 'catalog_items' | 'stock_lots' | 'patients') =>
      Number(
        (
          await tx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // Diagnoses: an imported catalog wins; only missing codes are added.
    let before = await count('diagnoses');
    await insertDiagnosesIfMissing(tx.db, diagnoses);
    result.diagnoses = (await count('diagnoses')) - before;

    // Departments of the base demo seed.
    const depts = new Map(
      (await tx.db.selectFrom('departments').select(['id', 'code', 'name']).execute()).map((d) => [
        d.code.toUpperCase(),
        d,
      ]),
    );

    // Catalog.
    before = await count('catalog_items');
    await insertItemsIfMissing(
      tx.db,
      items.map((r) => ({ ...r, created_at: now, updated_at: now })),
    );
    result.items = (await count('catalog_items')) - before;
    const itemIds = new Map(
      (await tx.db.selectFrom('catalog_items').select(['id', 'code']).execute()).map((r) => [
        r.code.toUpperCase(),
        r.id,
      ]),
    );

    // Stock: a lot of every drug and material in the pharmacy and the store, opening moves.
    const pharmacy = depts.get(DEMO_PHARMACY_CODE);
    const store = depts.get(DEMO_STORE_CODE);
    if (pharmacy && store) {
      const rand = prng(7);
      const int = (n: number) => Math.floor(rand() * n);
      // Opening stock is dated before the demo's 30 days of history, so a stock card in time
      // order shows the opening first.
      const openingAt = now - 31 * 86_400_000;
      const lots: Array<{
        item_id: number;
        location_id: number;
        lot_no: string;
        expiry_date: string;
        purchase_price_fen: number;
        qty_on_hand: number;
        created_at: number;
      }> = [];
      const stocked = items.filter((r) => r.kind !== 'service');
      stocked.forEach((r, i) => {
        const itemId = itemIds.get(r.code.toUpperCase());
        if (itemId === undefined) return;
        const purchase = Math.round((r.price_fen * (r.essential ? 100 : 85)) / 100); // essential drugs: zero markup
        const lotNo = (k: number) =>
          `${today.slice(2, 4)}${String(1 + int(12)).padStart(2, '0')}${String(10 + int(89))}${k}`;
        const packs = r.drug_class === 'herbal' ? 5 : r.pack_size >= 100 ? 4 + int(6) : 10 + int(40);
        // Every 15th item's pharmacy lot is near expiry (10–40 days); the rest 8–30 months out.
        const nearExpiry = i % 15 === 7;
        lots.push({
          item_id: itemId,
          location_id: pharmacy.id,
          lot_no: lotNo(1),
          expiry_date: addDays(today, nearExpiry ? 10 + int(31) : 240 + int(660)),
          purchase_price_fen: purchase,
          qty_on_hand: packs * 4 * r.pack_size, // a month of the demo history and more
          created_at: now,
        });
        lots.push({
          item_id: itemId,
          location_id: store.id,
          lot_no: lotNo(2),
          expiry_date: addDays(today, 360 + int(720)),
          purchase_price_fen: purchase,
          qty_on_hand: packs * 4 * r.pack_size,
          created_at: now,
        });
        if (DEMO_EXPIRED_LOT_DRUGS.includes(r.name)) {
          lots.push({
            item_id: itemId,
            location_id: pharmacy.id,
            lot_no: lotNo(0),
            expiry_date: addDays(today, -(5 + int(20))),
            purchase_price_fen: purchase,
            qty_on_hand: 2 * r.pack_size,
            created_at: now,
          });
        }
      });
      const existing = new Set(
        (await tx.db.selectFrom('stock_lots').select(['item_id', 'location_id']).execute()).map(
          (l) => `${l.item_id}:${l.location_id}`,
        ),
      );
      const fresh = lots.filter((l) => !existing.has(`${l.item_id}:${l.location_id}`));
      // Through the stock ledger: each lot with its 'opening' move, dated before the history.
      await openLots(
        tx.db,
        fresh.map((l) => ({
          itemId: l.item_id,
          locationId: l.location_id,
          lotNo: l.lot_no,
          expiryDate: l.expiry_date,
          purchasePriceFen: l.purchase_price_fen,
          qty: l.qty_on_hand,
        })),
        { createdAt: now, movedAt: openingAt, refType: 'opening', userId: null },
      );
      result.lots = fresh.length;
      // Reorder levels: ten packs of every stocked item (herbs: 500 g), so the store's and the
      // pharmacy's below-reorder alerts mean something in the demo.
      await setDefaultReorderLevels(tx.db);
      // The dictionary's default purchase price (per pack) is what the opening lots were bought at.
      for (const l of lots) await setPurchasePriceIfUnset(tx.db, l.item_id, l.purchase_price_fen);
    }

    // Patients: MRNs continue the 'mrn' sequence; search keys in the same transaction.
    const seq = await tx.db.selectFrom('sequences').select('value').where('name', '=', 'mrn').executeTakeFirst();
    let next = (seq?.value ?? 0) + 1;
    const rows = people.map(({ p, py }) => ({ p, py, mrn: formatMrn(next++) }));
    const takenIds = new Set(
      (await tx.db.selectFrom('patients').select('id_number').where('id_number', 'is not', null).execute()).map(
        (r) => r.id_number!,
      ),
    );
    const toInsert = rows.filter((r) => !r.p.idNumber || !takenIds.has(r.p.idNumber));
    await insertPatientRows(
      tx.db,
      toInsert.map(({ p, py, mrn }) => ({
        mrn,
        name: p.name,
        sex: p.sex,
        birth_date: p.birthDate,
        id_number: p.idNumber,
        phone: p.phone,
        address: p.address,
        insurance_no: p.insuranceNo,
        guardian_name: p.guardianName,
        guardian_phone: p.guardianPhone,
        guardian_relation: p.guardianRelation,
        allergies_json: JSON.stringify(p.allergies),
        chronic_json: JSON.stringify(p.chronic),
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: now,
        updated_at: now,
      })),
    );
    const idByMrn = new Map(
      (await tx.db.selectFrom('patients').select(['id', 'mrn']).where('created_at', '=', now).execute()).map((r) => [
        r.mrn,
        r.id,
      ]),
    );
    const keyRows: Array<{ key: string; patient_id: number }> = [];
    for (const { p, py, mrn } of toInsert) {
      const id = idByMrn.get(mrn);
      if (id === undefined) continue;
      for (const key of searchKeys({ name: p.name, idNumber: p.idNumber, phone: p.phone, mrn }, py))
        keyRows.push({ key, patient_id: id });
    }
    await insertSearchKeyRows(tx.db, keyRows);
    await setSequenceValue(tx.db, 'mrn', next - 1);
    result.patients = idByMrn.size;

    await writeSetting(tx.db, OUTPATIENT_DEMO_KEY, JSON.stringify({ seededAt: now, ...result }), now, null);
    await tx.audit(SYSTEM, {
      action: 'demo.seed.outpatient',
      entity: 'settings',
      entityId: OUTPATIENT_DEMO_KEY,
      summary: { ...result },
    });
    return result;
  });
}
