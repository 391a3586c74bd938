// Registration benchmark: POST /api/registrations (auth, zod, idempotency key, clinic and
// roster checks, queue number from the sequence, visit + registration + queue entry, the
// fee through billing's ledger with cash change, queue-ticket print job, audit, event_log,
// publish) beside its raw primitive: a bare Koa route writing the same rows (sequence,
// visit, registration, queue entry, bill, line, payment, print job, audit, two events,
// idempotency key) as one bare better-sqlite3 transaction on the same database, called by
// the same keep-alive client.
// Run alone: `npx tsx bench/registration.ts` (BENCH_REGISTRATIONS, default 300). Prints a
// table and one JSON line per figure, like bench/run.ts; `benchRegistration()` returns them.
import { adminClient, startTestServer } from '../test/helpers/server.js';
import { registrationWorld } from '../test/helpers/registration.js';
import { insertHistoryPatients, seedYearOfVisits } from './lib/history.js';
import type { Figure } from './lib/stats.js';
import { benchWrite, runAlone } from './lib/write.js';

const log = (s: string) => process.stderr.write(s + '\n');

export async function benchRegistration(n = Number(process.env.BENCH_REGISTRATIONS ?? 300)): Promise<Figure[]> {
  const ts = await startTestServer();
  try {
    const raw = ts.server.open.raw;
    const admin = await adminClient(ts);
    const w = await registrationWorld(ts, admin);
    const total = n + 20;
    const hist = await seedYearOfVisits(raw, {
      clinicIds: [w.clinicA, w.clinicB],
      doctorStaffIds: [w.doctor1.staffId, w.doctor2.staffId],
      itemId: w.feeItem,
      pharmacyId: null,
      patientIds: insertHistoryPatients(raw),
      today: w.day,
    });
    log(`registration bench: a year of history, ${hist.visits} visits in ${(hist.ms / 1000).toFixed(1)} s`);
    log(`registration bench: ${2 * total} patients ...`);
    const now = Date.now();
    const insertPatient = raw.prepare(
      'INSERT INTO patients (mrn, name, sex, birth_date, pinyin_initials, pinyin_full, created_at, updated_at) ' +
        "VALUES (?, '测试患者', 'F', '1980-01-01', 'cshz', 'ceshihuanzhe', ?, ?)",
    );
    const patients = raw.transaction(() =>
      Array.from({ length: 2 * total }, (_, i) =>
        Number(insertPatient.run(`BR${process.pid}-${i}`, now, now).lastInsertRowid),
      ),
    )();
    const clinic = raw
      .prepare('SELECT queue_prefix, registration_fee_fen, fee_item_id, room FROM clinics WHERE department_id = ?')
      .get(w.clinicA) as {
      queue_prefix: string;
      registration_fee_fen: number;
      fee_item_id: number;
      room: string;
    };

    // The raw primitive: the same rows in one bare transaction behind a bare Koa route.
    const userId = w.registrar.userId;
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
          "queue_label, fee_fen, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, " +
          '?)',
      ),
      entry: raw.prepare(
        'INSERT INTO queue_entries (visit_id, department_id, doctor_staff_id, day, queue_no, queue_label, ' +
          "status, room, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)",
      ),
      shift: raw.prepare('SELECT id FROM shifts WHERE cashier_user_id = ? AND closed_at IS NULL'),
      openShift: raw.prepare('INSERT INTO shifts (cashier_user_id, opened_at) VALUES (?, ?)'),
      bill: raw.prepare(
        'INSERT INTO bills (patient_id, visit_id, kind, payer, total_fen, insurance_fund_fen, patient_pay_fen, ' +
          "cashier_user_id, shift_id, at) VALUES (?, ?, 'charge', 'cash', ?, 0, ?, ?, ?, ?)",
      ),
      line: raw.prepare(
        'INSERT INTO bill_lines (bill_id, registration_id, item_id, quantity, unit_price_fen, amount_fen, ' +
          "charge_category) VALUES (?, ?, ?, 1, ?, ?, '13')",
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
      idemGet: raw.prepare('SELECT response_json FROM idempotency_keys WHERE key = ? AND user_id = ?'),
      idemPut: raw.prepare(
        'INSERT INTO idempotency_keys (key, user_id, operation, request_hash, status, response_json, ' +
          "created_at) VALUES (?, ?, 'registration', 'x', 200, ?, ?)",
      ),
      audit: raw.prepare(
        'INSERT INTO audit_log (at, user_id, username, action, outcome, entity, entity_id, patient_id, ip, ' +
          "workstation_id, summary_json) VALUES (?, ?, 'z', 'registration.create', 'ok', 'registration', ?, ?, " +
          "'127.0.0.1', NULL, ?)",
      ),
      event: raw.prepare('INSERT INTO event_log (at, name, rooms_json, payload_json) VALUES (?, ?, ?, ?)'),
    };
    const dept = w.clinicB; // the raw side numbers its own clinic's line
    let position = 0;
    const rawRegister = raw.transaction((patientId: number, at: number, key: string) => {
      if (q.idemGet.get(key, userId)) throw new Error('replayed');
      if (!q.rostered.get(w.day, w.clinicA, w.doctor1.staffId)) throw new Error('not rostered');
      const no = (q.seq.get(`rawqueue:${w.day}:${dept}`) as { value: number }).value;
      const label = clinic.queue_prefix + String(no).padStart(3, '0');
      const visitId = Number(q.visit.run(patientId, dept, w.doctor1.staffId, w.day, at, at).lastInsertRowid);
      const regId = Number(
        q.reg.run(
          visitId,
          patientId,
          dept,
          w.doctor1.staffId,
          w.day,
          no,
          label,
          clinic.registration_fee_fen,
          userId,
          at,
        ).lastInsertRowid,
      );
      q.entry.run(visitId, dept, w.doctor1.staffId, w.day, no, label, clinic.room, ++position, at, at);
      const shift =
        (q.shift.get(userId) as { id: number } | undefined)?.id ?? Number(q.openShift.run(userId, at).lastInsertRowid);
      const fee = clinic.registration_fee_fen;
      const billId = Number(q.bill.run(patientId, visitId, fee, fee, userId, shift, at).lastInsertRowid);
      q.line.run(billId, regId, clinic.fee_item_id, fee, fee);
      q.pay.run(billId, fee, 1000, 1000 - fee, shift, at, userId);
      q.setBill.run(billId, regId);
      q.job.run(
        JSON.stringify({ number: label, clinic: 'x', room: clinic.room, time: at, ahead: no - 1, patient: '测*者' }),
        regId,
        userId,
        at,
        at,
      );
      q.audit.run(at, userId, String(regId), patientId, JSON.stringify({ visitId, queueLabel: label }));
      q.event.run(at, 'bill:paid', JSON.stringify(['cashier', `dept:${dept}`]), JSON.stringify({ billId, patientId }));
      q.event.run(
        at,
        'registration:created',
        JSON.stringify(['registration', `dept:${dept}`]),
        JSON.stringify({ registrationId: regId }),
      );
      q.event.run(at, 'queue:changed', JSON.stringify(['registration', `dept:${dept}`]), JSON.stringify({ label }));
      q.idemPut.run(key, userId, JSON.stringify({ regId, visitId, label }), at);
      return regId;
    });
    return [
      await benchWrite({
        figure: 'register a visit (queue number, fee with change, ticket job, HTTP)',
        rawLabel:
          'bare Koa route + the same rows (sequence, visit, registration, queue entry, bill, line, payment, ' +
          'ticket job, audit, events, key) in a bare transaction',
        n,
        server: { url: ts.url, cookie: w.registrar.client.cookie },
        call: (i) => ({
          path: '/api/registrations',
          body: {
            patientId: patients[i]!,
            departmentId: w.clinicA,
            doctorStaffId: w.doctor1.staffId,
            payer: 'cash',
            payment: { method: 'cash', tenderedFen: 1000 },
          },
          key: `bench-reg-${process.pid}-${i}`,
          status: 201,
        }),
        bareRoutes: (router) =>
          router.post('/register/:patient', (ctx) => {
            ctx.body = { id: rawRegister(Number(ctx.params.patient), Date.now(), String(ctx.get('idempotency-key'))) };
          }),
        rawCall: (i) => ({ path: `/register/${patients[total + i]!}`, key: `bench-rawreg-${process.pid}-${i}` }),
      }),
    ];
  } finally {
    await ts.stop();
  }
}

await runAlone(import.meta.url, benchRegistration);
