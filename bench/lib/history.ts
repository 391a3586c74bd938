// A year of outpatient history for the write benchmarks: for each of the `days` business days
// before today, `perDay` finished visits spread over the given clinics and doctors, each with
// its registration, its queue entry (done) and a dispensed one-line prescription. Written
// with prepared statements in one transaction (seconds, not minutes), so the services'
// queries run against tables of a year's size, not against a fresh database. Bills, payments
// and stock moves of the history are not generated (the ledgers' reads are per bill, per shift
// and per order, all indexed).
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
}

export interface HistoryCounts {
  visits: number;
  orders: number;
  ms: number;
}

function dayBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export function seedYearOfVisits(raw: SQLite.Database, o: HistoryOptions): HistoryCounts {
  const t0 = performance.now();
  const days = o.days ?? Number(process.env.BENCH_HISTORY_DAYS ?? 365);
  const perDay = o.perDay ?? Number(process.env.BENCH_HISTORY_PER_DAY ?? 300);
  const q = {
    visit: raw.prepare(
      "INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, payer, status, chief_complaint, diagnoses_json, started_at, finished_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'registered', 'cash', 'finished', '咳嗽', '[{\"code\":\"J06.900\",\"name\":\"急性上呼吸道感染\"}]', ?, ?, ?, ?)",
    ),
    reg: raw.prepare(
      "INSERT INTO registrations (visit_id, patient_id, department_id, doctor_staff_id, day, queue_no, queue_label, fee_fen, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'active', ?)",
    ),
    entry: raw.prepare(
      "INSERT INTO queue_entries (visit_id, department_id, doctor_staff_id, day, queue_no, queue_label, status, called_by_staff_id, called_at, call_count, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, 1, ?, ?, ?)",
    ),
    order: raw.prepare(
      "INSERT INTO orders (visit_id, patient_id, doctor_staff_id, department_id, kind, status, pharmacy_id, total_fen, signed_at, paid_at, dispensed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'western', 'dispensed', ?, 560, ?, ?, ?, ?, ?)",
    ),
    line: raw.prepare(
      "INSERT INTO order_lines (order_id, line_no, item_id, dose, dose_unit, frequency, route, days, quantity, unit_price_fen, pack_size, amount_fen, charge_category) VALUES (?, 1, ?, '0.5', 'g', 'bid', 'po', 7, 28, 960, 48, 560, '09')",
    ),
  };
  let visits = 0;
  raw.transaction(() => {
    for (let d = days; d >= 1; d--) {
      const day = dayBefore(o.today, d);
      const base = Date.parse(`${day}T00:30:00Z`); // 08:30 in Asia/Shanghai
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
        q.reg.run(visitId, patient, clinic, doctor, day, no, label, at);
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
        q.line.run(orderId, o.itemId);
        visits++;
      }
    }
  })();
  raw.exec('ANALYZE');
  return { visits, orders: visits, ms: performance.now() - t0 };
}

/** `n` plain patients for the history to revisit (ids). */
export function insertHistoryPatients(
  raw: SQLite.Database,
  n = Number(process.env.BENCH_HISTORY_PATIENTS ?? 20_000),
): number[] {
  const now = Date.now();
  const ins = raw.prepare(
    "INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at) VALUES (?, '历史患者', 'M', '1970-01-01', 'lshz', 'lishihuanzhe', ?, ?)",
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
