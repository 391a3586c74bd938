// One registration of the load benchmarks (bench/day.ts): the request the desk sends for the
// i-th visit, and the same rows written by prepared statements in one bare better-sqlite3
// transaction (the raw primitive of the concurrency figure, in process and behind a bare Koa
// route in bench/bare-server.ts).
import type SQLite from 'better-sqlite3';
import type { World } from './world.js';

/** The registration request the desk sends for the i-th visit of the run. */
export function registrationBody(w: World, i: number) {
  const doctor = w.doctors[i % w.doctors.length]!;
  return {
    patientId: w.patientIds[i]!,
    departmentId: doctor.clinicId,
    doctorStaffId: doctor.staffId,
    payer: 'cash',
    payment: { method: 'cash', tenderedFen: 1000 },
  };
}

/** The rows one registration writes, as one bare transaction (as in bench/registration.ts). */
export function bareRegistration(raw: SQLite.Database, w: World) {
  const q = {
    seq: raw.prepare(
      'INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 ' +
        'RETURNING value',
    ),
    rostered: raw.prepare('SELECT id FROM roster WHERE day = ? AND department_id = ? AND doctor_staff_id = ?'),
    visit: raw.prepare(
      'INSERT INTO visits (patient_id, department_id, doctor_staff_id, day, kind, payer, status, created_at, ' +
        "updated_at) VALUES (?, ?, ?, ?, 'registered', 'cash', 'waiting', ?, ?)",
    ),
    reg: raw.prepare(
      'INSERT INTO registrations (visit_id, patient_id, department_id, doctor_staff_id, day, queue_no, ' +
        "queue_label, fee_fen, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
    ),
    entry: raw.prepare(
      'INSERT INTO queue_entries (visit_id, department_id, doctor_staff_id, day, queue_no, queue_label, ' +
        "status, room, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', '1', ?, ?, ?)",
    ),
    shift: raw.prepare('SELECT id FROM shifts WHERE cashier_user_id = ? AND closed_at IS NULL'),
    openShift: raw.prepare('INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)'),
    bill: raw.prepare(
      'INSERT INTO bills (patient_id, visit_id, kind, payer, total_fen, insurance_fund_fen, patient_pay_fen, ' +
        "cashier_user_id, shift_id, at) VALUES (?, ?, 'charge', 'cash', ?, 0, ?, ?, ?, ?)",
    ),
    line: raw.prepare(
      'INSERT INTO bill_lines (bill_id, registration_id, item_id, quantity, unit_price_fen, amount_fen, ' +
        'charge_category) VALUES (?, ?, (SELECT fee_item_id FROM clinics WHERE department_id = ?), 1, ?, ?, ' +
        "'13')",
    ),
    pay: raw.prepare(
      'INSERT INTO payments (bill_id, method, amount_fen, tendered_fen, change_fen, shift_id, at, user_id) ' +
        "VALUES (?, 'cash', ?, ?, ?, ?, ?, ?)",
    ),
    setBill: raw.prepare('UPDATE registrations SET bill_id = ? WHERE id = ?'),
    job: raw.prepare(
      'INSERT INTO print_jobs (layout, payload_json, ref_type, ref_id, created_by, created_at, updated_at) ' +
        "VALUES ('queue-ticket', ?, 'registration', ?, ?, ?, ?)",
    ),
    idemPut: raw.prepare(
      'INSERT INTO idempotency_keys (key, user_id, operation, request_hash, status, response_json, created_at) ' +
        "VALUES (?, ?, 'registration', 'x', 200, ?, ?)",
    ),
    audit: raw.prepare(
      'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, patient_id, ip, ' +
        "workstation_id, summary_json) VALUES (?, ?, 'z', 'registration.create', 'ok', 'registration', ?, ?, " +
        "'127.0.0.1', NULL, ?)",
    ),
    event: raw.prepare('INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, ?, ?, ?)'),
  };
  const userId = w.registrars[0]!.userId;
  let position = 0;
  return raw.transaction((i: number) => {
    const at = Date.now();
    const b = registrationBody(w, i);
    const clinic = w.clinics.find((c) => c.id === b.departmentId)!;
    if (!q.rostered.get(w.day, b.departmentId, b.doctorStaffId)) throw new Error('not rostered');
    const no = (q.seq.get(`rawqueue:${w.day}:${b.departmentId}`) as { value: number }).value;
    const label = clinic.prefix + String(no).padStart(3, '0');
    const visitId = Number(q.visit.run(b.patientId, b.departmentId, b.doctorStaffId, w.day, at, at).lastInsertRowid);
    const regId = Number(
      q.reg.run(visitId, b.patientId, b.departmentId, b.doctorStaffId, w.day, 10_000 + no, label, 500, userId, at)
        .lastInsertRowid,
    );
    q.entry.run(visitId, b.departmentId, b.doctorStaffId, w.day, 10_000 + no, label, ++position, at, at);
    const shift =
      (q.shift.get(userId) as { id: number } | undefined)?.id ?? Number(q.openShift.run(userId, at).lastInsertRowid);
    const billId = Number(q.bill.run(b.patientId, visitId, 500, 500, userId, shift, at).lastInsertRowid);
    q.line.run(billId, regId, b.departmentId, 500, 500);
    q.pay.run(billId, 500, 1000, 500, shift, at, userId);
    q.setBill.run(billId, regId);
    q.job.run(
      JSON.stringify({ number: label, room: '1', time: at, ahead: no - 1, patient: '基*者' }),
      regId,
      userId,
      at,
      at,
    );
    q.audit.run(at, userId, String(regId), b.patientId, JSON.stringify({ visitId, queueLabel: label }));
    const rooms = JSON.stringify(['registration', `dept:${b.departmentId}`]);
    q.event.run(at, 'bill:paid', rooms, JSON.stringify({ billId, patientId: b.patientId }));
    q.event.run(at, 'registration:created', rooms, JSON.stringify({ registrationId: regId }));
    q.event.run(at, 'queue:changed', rooms, JSON.stringify({ label }));
    q.idemPut.run(`bare-${process.pid}-${i}`, userId, JSON.stringify({ regId, visitId, label }), at);
  });
}
