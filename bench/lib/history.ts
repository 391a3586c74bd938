// A year of outpatient history for the write benchmarks: for each of the `days` business days
// before today, `perDay` finished visits spread over the given clinics and doctors, each with
// its registration, its queue entry (done) and a dispensed one-line prescription, AND the
// ledgers those visits leave behind: the registration fee's bill (a line pointing at the
// registration, a cash payment), the prescription's bill (a line pointing at the order line,
// an invoice number, a payment), a shift per day (closed), and — when there is a pharmacy —
// the dispensation with its line, a monthly lot received at the pharmacy and one stock move
// per dispensed line. Written with prepared statements in one transaction (seconds, not
// minutes), so the services' queries run against tables of a year's size (≈ 110 k visits,
// 220 k bills and lines, 110 k stock moves), not against a fresh database. Without the
// ledgers a missing index on bill_lines or stock_moves stays invisible (issue 10 item 6).
// HISTORY_VERSION changes whenever what is generated changes (caches key on it).
import type SQLite from 'better-sqlite3';

export interface HistoryOptions {
  days?: number;
  perDay?: number;
  clinicIds: number[];
  doctorStaffIds: number[];
  itemId: number;
  pharmacyId: number | null;
  /** Patients to spread the visits over (ids); a year revisits the same people. */
  patientIds: number[];
  /** Today's business day (YYYY-MM-DD): history ends the day before. */
  today: string;
  /** The registration fee's catalog item (default `itemId`). */
  feeItemId?: number;
  /** The cashier (and pharmacist) of the history's bills (default: the first user). */
  cashierUserId?: number;
  /** Generate the ledgers (bills, lines, payments, shifts, dispensations, lots, moves): default true. */
  ledgers?: boolean;
}

/** Changes whenever the generated history changes (for caches of generated databases). */
export const HISTORY_VERSION = 2;

export interface HistoryCounts {
  visits: number;
  orders: number;
  bills: number;
  billLines: number;
  payments: number;
  stockMoves: number;
  ms: number;
}

function dayBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export async function seedYearOfVisits(raw: SQLite.Database, o: HistoryOptions): Promise<HistoryCounts> {
  const t0 = performance.now();
  const days = o.days ?? Number(process.env.BENCH_HISTORY_DAYS ?? 365);
  const perDay = o.perDay ?? Number(process.env.BENCH_HISTORY_PER_DAY ?? 300);
  const q = {
    visit: raw.prepare(
      'INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, payer, status, ' +
        'chief_complaint, diagnoses_json, started_at, finished_at, created_at, updated_at) VALUES (?, ?, ?, ?, ' +
        "'registered', 'cash', 'finished', '咳嗽', '[{\"code\":\"J06.900\",\"name\":\"急性上呼吸道感染\"}]', " +
        '?, ?, ?, ?)',
    ),
    reg: raw.prepare(
      'INSERT INTO registrations (visit_id, patient_id, department_id, doctor_staff_id, day, queue_no, ' +
        "queue_label, fee_fen, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
    ),
    entry: raw.prepare(
      'INSERT INTO queue_entries (visit_id, department_id, doctor_staff_id, day, queue_no, queue_label, ' +
        'status, called_by_staff_id, called_at, call_count, position, created_at, updated_at) VALUES (?, ?, ?, ' +
        "?, ?, ?, 'done', ?, ?, 1, ?, ?, ?)",
    ),
    order: raw.prepare(
      'INSERT INTO orders (visit_id, patient_id, doctor_staff_id, department_id, kind, status, pharmacy_id, ' +
        "total_fen, signed_at, paid_at, dispensed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'western', " +
        "'dispensed', ?, 560, ?, ?, ?, ?, ?)",
    ),
    line: raw.prepare(
      'INSERT INTO order_lines (order_id, line_no, item_id, dose, dose_unit, frequency, route, days, quantity, ' +
        "unit_price_fen, pack_size, amount_fen, charge_category) VALUES (?, 1, ?, '0.5', 'g', 'bid', 'po', 7, " +
        "28, 960, 48, 560, '09')",
    ),
    shift: raw.prepare('INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)'),
    closeShift: raw.prepare('UPDATE shifts SET closed_at = ?, totals_json = ? WHERE id = ?'),
    bill: raw.prepare(
      'INSERT INTO bills (patient_id, visit_id, kind, payer, invoice_no, total_fen, insurance_fund_fen, ' +
        "patient_pay_fen, cashier_user_id, shift_id, at) VALUES (?, ?, 'charge', 'cash', ?, ?, 0, ?, ?, ?, ?)",
    ),
    feeLine: raw.prepare(
      'INSERT INTO bill_lines (bill_id, registration_id, item_id, quantity, unit_price_fen, amount_fen, ' +
        "charge_category) VALUES (?, ?, ?, 1, ?, ?, '13')",
    ),
    orderLine: raw.prepare(
      'INSERT INTO bill_lines (bill_id, order_line_id, item_id, quantity, unit_price_fen, amount_fen, ' +
        "charge_category) VALUES (?, ?, ?, 28, 20, 560, '09')",
    ),
    pay: raw.prepare(
      'INSERT INTO payments (bill_id, method, amount_fen, tendered_fen, change_fen, shift_id, at, user_id) ' +
        "VALUES (?, 'cash', ?, ?, ?, ?, ?, ?)",
    ),
    regBill: raw.prepare('UPDATE registrations SET bill_id = ? WHERE id = ?'),
    lot: raw.prepare(
      'INSERT INTO stock_lots (item_id, location_id, lot_no, expiry_date, purchase_price_fen, qty_on_hand, ' +
        'created_at) VALUES (?, ?, ?, ?, 15, 0, ?)',
    ),
    move: raw.prepare(
      'INSERT INTO stock_moves (lot_id, item_id, location_id, qty_delta, reason, ref_type, ref_id, ' +
        'reverses_id, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)',
    ),
    disp: raw.prepare(
      "INSERT INTO dispensations (order_id, pharmacy_id, kind, pharmacist_user_id, at) VALUES (?, ?, 'dispense', ?, ?)",
    ),
    dispLine: raw.prepare(
      'INSERT INTO dispense_lines (dispensation_id, order_line_id, lot_id, quantity) VALUES (?, ?, ?, 28)',
    ),
  };
  const ledgers = o.ledgers ?? process.env.BENCH_HISTORY_LEDGERS !== '0';
  const cashier =
    o.cashierUserId ?? (raw.prepare('SELECT min(id) AS id FROM users').get() as { id: number | null }).id ?? null;
  if (ledgers && cashier === null) throw new Error('history ledgers: no user to be the cashier');
  const feeItem = o.feeItemId ?? o.itemId;
  const FEE = 500;
  const counts = { bills: 0, billLines: 0, payments: 0, stockMoves: 0 };
  // The month's lot is received (one move) with exactly what the month dispenses, so every
  // history lot ends at zero on hand and the benchmarks' own lots are the only ones FEFO can use.
  let lot: { id: number; month: string; at: number; dispensed: number } | null = null;
  const receive = () => {
    if (!lot || lot.dispensed === 0 || o.pharmacyId === null) return;
    q.move.run(lot.id, o.itemId, o.pharmacyId, lot.dispensed, 'receipt', null, null, lot.at, cashier);
    counts.stockMoves++;
  };
  let visits = 0;
  const oneDay = (d: number) => {
    {
      const day = dayBefore(o.today, d);
      const base = Date.parse(`${day}T00:30:00Z`); // 08:30 in Asia/Shanghai
      const shift = ledgers ? Number(q.shift.run(cashier, base - 60_000).lastInsertRowid) : 0;
      let shiftTotal = 0;
      if (ledgers && o.pharmacyId !== null && lot?.month !== day.slice(0, 7)) {
        // A lot a month at the pharmacy, received before the month's first history day.
        receive();
        const month = day.slice(0, 7);
        const expiry = `${Number(day.slice(0, 4)) + 2}-12-31`;
        lot = {
          id: Number(q.lot.run(o.itemId, o.pharmacyId, `HIST-${month}`, expiry, base).lastInsertRowid),
          month,
          at: base - 3_600_000,
          dispensed: 0,
        };
      }
      for (let i = 0; i < perDay; i++) {
        const clinicIx = i % o.clinicIds.length;
        const clinic = o.clinicIds[clinicIx]!;
        const doctor = o.doctorStaffIds[i % o.doctorStaffIds.length]!;
        const patient = o.patientIds[(visits * 7919) % o.patientIds.length]!;
        const no = Math.floor(i / o.clinicIds.length) + 1;
        const label = String.fromCharCode(65 + clinicIx) + String(no).padStart(3, '0');
        const at = base + i * 60_000;
        const visitId = Number(
          q.visit.run(patient, clinic, doctor, day, at + 600_000, at + 1_200_000, at, at + 1_200_000).lastInsertRowid,
        );
        const regId = Number(
          q.reg.run(visitId, patient, clinic, doctor, day, no, label, ledgers ? FEE : 0, at).lastInsertRowid,
        );
        if (ledgers) {
          const billId = Number(q.bill.run(patient, visitId, null, FEE, FEE, cashier, shift, at).lastInsertRowid);
          q.feeLine.run(billId, regId, feeItem, FEE, FEE);
          q.pay.run(billId, FEE, 1000, 1000 - FEE, shift, at, cashier);
          q.regBill.run(billId, regId);
          counts.bills++;
          counts.billLines++;
          counts.payments++;
          shiftTotal += FEE;
        }
        q.entry.run(visitId, clinic, doctor, day, no, label, doctor, at + 600_000, no, at, at + 1_200_000);
        const orderId = Number(
          q.order.run(
            visitId,
            patient,
            doctor,
            clinic,
            o.pharmacyId,
            at + 900_000,
            at + 1_500_000,
            at + 1_800_000,
            at + 900_000,
            at + 1_800_000,
          ).lastInsertRowid,
        );
        const orderLineId = Number(q.line.run(orderId, o.itemId).lastInsertRowid);
        if (ledgers) {
          const paidAt = at + 1_500_000;
          const billId = Number(
            q.bill.run(patient, visitId, `HIST${String(visits).padStart(8, '0')}`, 560, 560, cashier, shift, paidAt)
              .lastInsertRowid,
          );
          q.orderLine.run(billId, orderLineId, o.itemId);
          q.pay.run(billId, 560, 600, 40, shift, paidAt, cashier);
          counts.bills++;
          counts.billLines++;
          counts.payments++;
          shiftTotal += 560;
          if (lot && o.pharmacyId !== null) {
            const dispAt = at + 1_800_000;
            const dispId = Number(q.disp.run(orderId, o.pharmacyId, cashier, dispAt).lastInsertRowid);
            q.dispLine.run(dispId, orderLineId, lot.id);
            q.move.run(lot.id, o.itemId, o.pharmacyId, -28, 'dispense', 'dispensation', dispId, dispAt, cashier);
            lot.dispensed += 28;
            counts.stockMoves++;
          }
        }
        visits++;
      }
      if (ledgers) {
        q.closeShift.run(base + 36_000_000, JSON.stringify({ totalFen: shiftTotal }), shift);
      }
    }
  };
  // A month per transaction, yielding between them: the server in the same process keeps
  // answering (keep-alive sockets are not left to time out under a client's feet).
  const month = raw.transaction((from: number, to: number) => {
    for (let d = from; d > to; d--) oneDay(d);
  });
  for (let d = days; d >= 1; d -= 30) {
    month(d, Math.max(0, d - 30));
    await new Promise((r) => setTimeout(r, 1));
  }
  receive();
  raw.exec('ANALYZE');
  await new Promise((r) => setTimeout(r, 50));
  return { visits, orders: visits, ...counts, ms: performance.now() - t0 };
}

/** `n` plain patients for the history to revisit (ids). */
export function insertHistoryPatients(
  raw: SQLite.Database,
  n = Number(process.env.BENCH_HISTORY_PATIENTS ?? 20_000),
): number[] {
  const now = Date.now();
  const ins = raw.prepare(
    'INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at) ' +
      "VALUES (?, '历史患者', 'M', '1970-01-01', 'lshz', 'lishihuanzhe', ?, ?)",
  );
  return raw.transaction(() =>
    Array.from({ length: n }, (_, i) => Number(ins.run(`H${process.pid}-${i}`, now, now).lastInsertRowid)),
  )();
}

/** Today's business day in the default time zone (Asia/Shanghai), as the services compute it. */
export function todayInShanghai(now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
