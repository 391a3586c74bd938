// Test fixtures for billing: departments, a doctor, catalog items, a patient, a visit,
// signed orders and (to play the pharmacy) dispense / return rows, written straight to
// SQLite so the cashier's tests do not depend on the other stations' modules.
import type SQLite from 'better-sqlite3';
import { lineAmountFen } from '../../core/money.js';
import { pinyinKeys } from '../../db/pinyin.js';

let n = 0;
const uniq = () => `${process.pid % 10000}x${++n}`;

export interface BillingWorld {
  clinicId: number;
  pharmacyId: number;
  doctorStaffId: number;
  drugId: number; // 阿莫西林胶囊: 24 capsules a box at 12.50 yuan, category 09
  drug2Id: number; // 板蓝根颗粒: 20 bags at 15.00, category 11
  serviceId: number; // 血常规: 1 time at 20.00, category 04
  patientId: number;
  visitId: number;
}

export function seedWorld(raw: SQLite.Database, now: number, opts: { patientName?: string } = {}): BillingWorld {
  const u = uniq();
  const dept = (code: string, name: string, kind: string) =>
    Number(
      raw
        .prepare(
          `INSERT INTO departments (code, name, kind, pinyin_initials, pinyin_full, created_at, updated_at) VALUES (?,
            ?, ?, 'x', 'x', ?, ?)`,
        )
        .run(code, name, kind, now, now).lastInsertRowid,
    );
  const clinicId = dept(`C${u}`, `内科${u}`, 'clinic');
  const pharmacyId = dept(`P${u}`, `西药房${u}`, 'pharmacy');
  const doctorStaffId = Number(
    raw
      .prepare(
        `INSERT INTO staff (code, name, gender, department_id, title, pinyin_initials, pinyin_full, created_at,
          updated_at) VALUES (?, '王医生', 'M', ?, 'physician', 'wys', 'wangyisheng', ?, ?)`,
      )
      .run(`S${u}`, clinicId, now, now).lastInsertRowid,
  );
  const item = (
    code: string,
    kind: string,
    name: string,
    unit: string,
    packUnit: string,
    packSize: number,
    price: number,
    cat: string,
    drugClass: string | null,
  ) =>
    Number(
      raw
        .prepare(
          `INSERT INTO catalog_items (code, kind, name, unit, pack_unit, pack_size, price_fen, charge_category,
             drug_class, pinyin_initials, pinyin_full, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x', ?, ?)`,
        )
        .run(code, kind, name, unit, packUnit, packSize, price, cat, drugClass, now, now).lastInsertRowid,
    );
  const drugId = item(`D${u}`, 'drug', '阿莫西林胶囊', '粒', '盒', 24, 1250, '09', 'western');
  const drug2Id = item(`E${u}`, 'drug', '板蓝根颗粒', '袋', '盒', 20, 1500, '11', 'patent');
  const serviceId = item(`V${u}`, 'service', '血常规', '次', '次', 1, 2000, '04', null);
  const name = opts.patientName ?? '张三';
  const py = pinyinKeys(name, { surname: true });
  const patientId = Number(
    raw
      .prepare(
        `INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at)
          VALUES (?, ?, 'F', '1980-01-02', ?, ?, ?, ?)`,
      )
      .run(`M${u}`, name, py.initials, py.full, now, now).lastInsertRowid,
  );
  for (const key of new Set([name, ...py.initials.split(' '), py.full, `m${u}`.toLowerCase()])) {
    raw.prepare(`INSERT OR IGNORE INTO patient_search (key, patient_id) VALUES (?, ?)`).run(key, patientId);
  }
  const visitId = Number(
    raw
      .prepare(
        `INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, status, created_at, updated_at)
          VALUES (?, ?, ?, '2026-11-26', 'walk_in', 'in_consultation', ?, ?)`,
      )
      .run(patientId, clinicId, doctorStaffId, now, now).lastInsertRowid,
  );
  return { clinicId, pharmacyId, doctorStaffId, drugId, drug2Id, serviceId, patientId, visitId };
}

export interface OrderMade {
  orderId: number;
  lineIds: number[];
  totalFen: number;
}

/** A signed order (prescription or service order) with its lines priced as the doctor's module does. */
export function signedOrder(
  raw: SQLite.Database,
  w: BillingWorld,
  now: number,
  lines: { itemId: number; quantity: number }[],
  kind: 'western' | 'service' = 'western',
  patientId = w.patientId,
  visitId = w.visitId,
): OrderMade {
  const orderId = Number(
    raw
      .prepare(
        `INSERT INTO orders (visit_id, patient_id, doctor_staff_id, department_id, kind, status, pharmacy_id,
          signed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?)`,
      )
      .run(
        visitId,
        patientId,
        w.doctorStaffId,
        w.clinicId,
        kind,
        kind === 'service' ? null : w.pharmacyId,
        now,
        now,
        now,
      ).lastInsertRowid,
  );
  let total = 0;
  const lineIds = lines.map((l, i) => {
    const it = raw
      .prepare(`SELECT price_fen, pack_size, charge_category FROM catalog_items WHERE id = ?`)
      .get(l.itemId) as { price_fen: number; pack_size: number; charge_category: string };
    const amount = lineAmountFen(l.quantity, it.price_fen, it.pack_size);
    total += amount;
    return Number(
      raw
        .prepare(
          `INSERT INTO order_lines (order_id, line_no, item_id, quantity, unit_price_fen, pack_size, amount_fen,
            charge_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(orderId, i + 1, l.itemId, l.quantity, it.price_fen, it.pack_size, amount, it.charge_category)
        .lastInsertRowid,
    );
  });
  raw.prepare(`UPDATE orders SET total_fen = ? WHERE id = ?`).run(total, orderId);
  return { orderId, lineIds, totalFen: total };
}

/** Plays the pharmacy: dispenses (quantity > 0) or returns (quantity < 0) some of an order line. */
export function pharmacyMove(
  raw: SQLite.Database,
  w: BillingWorld,
  now: number,
  userId: number,
  orderLineId: number,
  quantity: number,
): void {
  const line = raw.prepare(`SELECT order_id, item_id FROM order_lines WHERE id = ?`).get(orderLineId) as {
    order_id: number;
    item_id: number;
  };
  raw
    .prepare(
      `INSERT OR IGNORE INTO stock_lots (item_id, location_id, lot_no, expiry_date, purchase_price_fen, qty_on_hand,
        created_at) VALUES (?, ?, 'L1', '2030-01-01', 100, 1000, ?)`,
    )
    .run(line.item_id, w.pharmacyId, now);
  const lot = raw
    .prepare(`SELECT id FROM stock_lots WHERE item_id = ? AND location_id = ? AND lot_no = 'L1'`)
    .get(line.item_id, w.pharmacyId) as { id: number };
  const kind = quantity > 0 ? 'dispense' : 'return';
  const d = Number(
    raw
      .prepare(`INSERT INTO dispensations (order_id, pharmacy_id, kind, pharmacist_user_id, at) VALUES (?, ?, ?, ?, ?)`)
      .run(line.order_id, w.pharmacyId, kind, userId, now).lastInsertRowid,
  );
  raw
    .prepare(`INSERT INTO dispense_lines (dispensation_id, order_line_id, lot_id, quantity) VALUES (?, ?, ?, ?)`)
    .run(d, orderLineId, lot.id, quantity);
  raw.prepare(`UPDATE stock_lots SET qty_on_hand = qty_on_hand - ? WHERE id = ?`).run(quantity, lot.id);
  raw
    .prepare(`UPDATE orders SET status = ?, dispensed_at = ? WHERE id = ?`)
    .run(quantity > 0 ? 'dispensed' : 'returned', now, line.order_id);
}

/** A user (with a staff record, no roles, no password) to stand in as a cashier in ledger tests. */
export function plainUser(raw: SQLite.Database, departmentId: number, now: number): number {
  const u = uniq();
  const staffId = Number(
    raw
      .prepare(
        `INSERT INTO staff (code, name, gender, department_id, title, pinyin_initials, pinyin_full, created_at,
          updated_at) VALUES (?, '收费员', 'F', ?, 'other', 'sfy', 'shoufeiyuan', ?, ?)`,
      )
      .run(`K${u}`, departmentId, now, now).lastInsertRowid,
  );
  return Number(
    raw
      .prepare(`INSERT INTO users (username, staff_id, password_hash, created_at, updated_at) VALUES (?, ?, 'x', ?, ?)`)
      .run(`cashier${u}`, staffId, now, now).lastInsertRowid,
  );
}

/** Gives a cashier an invoice book straight in the table. */
export function giveBook(
  raw: SQLite.Database,
  userId: number,
  start: number,
  end: number,
  prefix = '',
  now = 0,
): number {
  return Number(
    raw
      .prepare(
        `INSERT INTO invoice_books (cashier_user_id, prefix, start_no, end_no, next_no, status, created_at) VALUES (?,
          ?, ?, ?, ?, 'active', ?)`,
      )
      .run(userId, prefix, start, end, start, now).lastInsertRowid,
  );
}
