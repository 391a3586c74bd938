// Test fixtures for the pharmacy: departments, a doctor, patients, drugs, lots with their
// opening stock moves (through the inventory ledger's openLots), and paid prescriptions,
// written straight through Kysely (inside uow.write so they queue behind the server's
// writes). Also the ledger invariant check and a "nothing changed" snapshot of every table
// dispensing touches.
import { pinyinKeys } from '../../db/pinyin.js';
import { openLots } from '../../server/modules/inventory/index.js';
import type { TestServer } from './server.js';

let n = 0;
const uniq = () => `${process.pid % 10000}x${++n}`;

export interface PharmacyWorld {
  pharmacyId: number;
  otherPharmacyId: number;
  clinicId: number;
  doctorStaffId: number;
}

export async function seedPharmacyWorld(ts: TestServer): Promise<PharmacyWorld> {
  return ts.server.modules.uow.write(async (tx) => {
    const now = tx.now;
    const dept = async (name: string, kind: 'pharmacy' | 'clinic') => {
      const py = pinyinKeys(name);
      const r = await tx.db
        .insertInto('departments')
        .values({
          code: `D${uniq()}`,
          name: `${name}${uniq()}`,
          kind,
          phone: null,
          location: null,
          pinyin_initials: py.initials,
          pinyin_full: py.full,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    };
    const pharmacyId = await dept('门诊西药房', 'pharmacy');
    const otherPharmacyId = await dept('中药房', 'pharmacy');
    const clinicId = await dept('内科', 'clinic');
    const py = pinyinKeys('李医生');
    const doc = await tx.db
      .insertInto('staff')
      .values({
        code: `S${uniq()}`,
        name: '李医生',
        gender: 'M',
        id_number: null,
        phone: null,
        department_id: clinicId,
        title: 'physician',
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { pharmacyId, otherPharmacyId, clinicId, doctorStaffId: doc.id };
  });
}

export async function seedDrug(
  ts: TestServer,
  v: { name: string; unit?: string; packUnit?: string; packSize?: number; priceFen?: number; spec?: string },
): Promise<number> {
  return ts.server.modules.uow.write(async (tx) => {
    const py = pinyinKeys(v.name);
    const r = await tx.db
      .insertInto('catalog_items')
      .values({
        code: `Y${uniq()}`,
        kind: 'drug',
        name: v.name,
        trade_name: null,
        spec: v.spec ?? '0.25g×24粒',
        dosage_form: null,
        manufacturer: null,
        unit: v.unit ?? '粒',
        pack_unit: v.packUnit ?? '盒',
        pack_size: v.packSize ?? 24,
        price_fen: v.priceFen ?? 1200,
        charge_category: '09',
        drug_class: 'western',
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
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

/** A lot with an opening stock move of `qty` (none when 0), so qty_on_hand = sum of moves. */
export async function seedLot(
  ts: TestServer,
  v: { itemId: number; locationId: number; lotNo: string; expiry: string; qty: number },
): Promise<number> {
  return ts.server.modules.uow.write(async (tx) => {
    const [id] = await openLots(
      tx.db,
      [
        {
          itemId: v.itemId,
          locationId: v.locationId,
          lotNo: v.lotNo,
          expiryDate: v.expiry,
          purchasePriceFen: 100,
          qty: v.qty,
        },
      ],
      { createdAt: tx.now },
    );
    return id!;
  });
}

export interface SeededOrder {
  orderId: number;
  patientId: number;
  visitId: number;
  lineIds: number[];
}

/** A patient, a visit and a prescription in `status` (default 'paid') with these lines. */
export async function seedOrder(
  ts: TestServer,
  w: PharmacyWorld,
  lines: Array<{ itemId: number; quantity: number; dose?: string; frequency?: string; route?: string; days?: number }>,
  opts: {
    status?: 'draft' | 'signed' | 'paid' | 'cancelled';
    pharmacyId?: number;
    kind?: 'western' | 'herbal' | 'service';
    patientName?: string;
  } = {},
): Promise<SeededOrder> {
  return ts.server.modules.uow.write(async (tx) => {
    const now = tx.now;
    const name = opts.patientName ?? '王小明';
    const py = pinyinKeys(name);
    const p = await tx.db
      .insertInto('patients')
      .values({
        mrn: `M${uniq()}`,
        name,
        sex: 'M',
        birth_date: '1980-05-20',
        id_number: null,
        phone: null,
        address: null,
        insurance_no: null,
        guardian_name: null,
        guardian_phone: null,
        guardian_relation: null,
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await tx.db
      .insertInto('visits')
      .values({
        patient_id: p.id,
        department_id: w.clinicId,
        doctor_staff_id: w.doctorStaffId,
        day: '2026-11-26',
        kind: 'walk_in',
        status: 'finished',
        chief_complaint: null,
        history: null,
        examination: null,
        notes: null,
        started_at: now,
        finished_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const status = opts.status ?? 'paid';
    const o = await tx.db
      .insertInto('orders')
      .values({
        visit_id: v.id,
        patient_id: p.id,
        doctor_staff_id: w.doctorStaffId,
        department_id: w.clinicId,
        kind: opts.kind ?? 'western',
        status,
        pharmacy_id: opts.pharmacyId ?? w.pharmacyId,
        herbal_doses: null,
        supply_reason: null,
        signed_at: status === 'draft' ? null : now,
        paid_at: status === 'paid' ? now : null,
        dispensed_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lineIds: number[] = [];
    for (const [i, l] of lines.entries()) {
      const r = await tx.db
        .insertInto('order_lines')
        .values({
          order_id: o.id,
          line_no: i + 1,
          item_id: l.itemId,
          dose: l.dose ?? '0.5',
          dose_unit: 'g',
          frequency: l.frequency ?? 'tid',
          route: l.route ?? 'po',
          days: l.days ?? 3,
          quantity: l.quantity,
          unit_price_fen: 1200,
          pack_size: 24,
          amount_fen: Math.round((l.quantity * 1200) / 24),
          charge_category: '09',
          note: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      lineIds.push(r.id);
    }
    return { orderId: o.id, patientId: p.id, visitId: v.id, lineIds };
  });
}

export function lotQty(ts: TestServer, lotId: number): number {
  return (
    ts.server.open.raw.prepare('SELECT qty_on_hand FROM stock_lots WHERE id = ?').get(lotId) as { qty_on_hand: number }
  ).qty_on_hand;
}

/** Lots whose qty_on_hand differs from the sum of their stock moves, or is negative (should be none). */
export function ledgerBreaks(ts: TestServer): unknown[] {
  return ts.server.open.raw
    .prepare(
      `SELECT l.id, l.qty_on_hand, COALESCE((SELECT SUM(m.qty_delta) FROM stock_moves m WHERE m.lot_id = l.id), ` +
        (`0) AS moved
         FROM stock_lots l
        WHERE l.qty_on_hand <> COALESCE((SELECT SUM(m.qty_delta) FROM stock_moves m WHERE m.lot_id = l.id), 0) OR ` +
          `l.qty_on_hand < 0`),
    )
    .all();
}

const TABLES = [
  'stock_lots',
  'stock_moves',
  'dispensations',
  'dispense_lines',
  'orders',
  'print_jobs',
  'event_log',
  'audit_log',
  'idempotency_keys',
];

/** Every row of the tables a dispensing or return could touch. */
export function pharmacySnapshot(ts: TestServer, opts: { withoutAudit?: boolean } = {}): string {
  const raw = ts.server.open.raw;
  const tables = opts.withoutAudit ? TABLES.filter((tb) => tb !== 'audit_log') : TABLES;
  return JSON.stringify(tables.map((tb) => raw.prepare(`SELECT * FROM ${tb} ORDER BY 1`).all()));
}
