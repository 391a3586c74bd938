// The demo center's admitted patients (issue 12, stays): eight of the demo's patients admitted to 住院一病区
// by the cashier (registrar2) through the stays service, as the 住院登记 page does — over the last days,
// with diagnoses of the dictionary, the ward's doctor (刘德胜, 内科) as attending, a contact, deposits (a
// second receipt for some, one receipt refunded and taken again smaller, one stay with a guarantee and
// one under the warning line). They wait as 待入 until the beds demo places all but the last two in beds.
// Idempotent under the settings key 'demo.stays'.
import type { Db } from '../db/connection.js';
import type { Clock } from '../server/lib/clock.js';
import { createStaysService } from '../server/modules/stays/index.js';
import { AdmitBody, DepositInput } from '../server/modules/stays/schema.js';
import { readSetting, writeSetting } from '../server/modules/settings/index.js';
import { actorOf, historyContext } from './history-demo.js';

export const STAYS_DEMO_KEY = 'demo.stays';
const DAY = 86_400_000;

type Method = 'cash' | 'wechat' | 'alipay' | 'card' | 'transfer' | 'cheque';
interface DemoStay {
  daysAgo: number;
  diag: string;
  opDiag?: string;
  way: 'outpatient' | 'emergency' | 'transfer';
  condition: 'general' | 'urgent' | 'critical';
  contact: [string, string];
  deposits: Array<[number, Method, string?]>;
  refundFirst?: boolean;
  guarantee?: number;
}

const STAYS: DemoStay[] = [
  {
    daysAgo: 6,
    diag: 'J18.900',
    way: 'outpatient',
    condition: 'general',
    contact: ['女儿', ''],
    deposits: [
      [300_000, 'cash'],
      [200_000, 'wechat', '4200001234202612030001'],
    ],
  },
  {
    daysAgo: 5,
    diag: 'I10.x00',
    opDiag: 'I10.x00',
    way: 'outpatient',
    condition: 'general',
    contact: ['妻子', ''],
    deposits: [[200_000, 'card']],
  },
  {
    daysAgo: 4,
    diag: 'E11.900',
    way: 'outpatient',
    condition: 'general',
    contact: ['儿子', ''],
    deposits: [[500_000, 'cash']],
    refundFirst: true,
  },
  {
    daysAgo: 3,
    diag: 'J18.900',
    way: 'emergency',
    condition: 'urgent',
    contact: ['丈夫', ''],
    deposits: [[30_000, 'cash']],
  },
  {
    daysAgo: 3,
    diag: 'K35.900',
    way: 'emergency',
    condition: 'critical',
    contact: ['父亲', ''],
    deposits: [[100_000, 'alipay', '2026120322001400001']],
    guarantee: 200_000,
  },
  {
    daysAgo: 2,
    diag: 'I10.x00',
    way: 'transfer',
    condition: 'general',
    contact: ['女儿', ''],
    deposits: [[150_000, 'transfer', 'ZZ20261206001']],
  },
  {
    daysAgo: 1,
    diag: 'J18.900',
    way: 'outpatient',
    condition: 'general',
    contact: ['儿子', ''],
    deposits: [[100_000, 'cash']],
  },
  { daysAgo: 0, diag: 'E11.900', way: 'outpatient', condition: 'urgent', contact: ['妻子', ''], deposits: [] },
];

export interface StaysDemoResult {
  stays: number;
  receipts: number;
}

/** Admits the demo's inpatients (pending, with deposits); null when done before or the ward is missing. */
export async function seedStaysDemo(deps: { db: Db; clock: Clock }): Promise<StaysDemoResult | null> {
  const { db } = deps;
  if (await readSetting(db, STAYS_DEMO_KEY)) return null;
  const cashier = (await actorOf(db, 'registrar2')) ?? (await actorOf(db, 'registrar1'));
  const ward = await db.selectFrom('departments').select('id').where('code', '=', 'ZY1').executeTakeFirst();
  const doctor = await db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select('staff.id')
    .where('users.username', '=', 'doctor3')
    .executeTakeFirst();
  if (!cashier || !ward) return null;
  const m = historyContext(db, deps.clock);
  const stays = createStaysService(m);
  // Adults of the demo's patients with a phone, who have no open stay (a center seeded by hand keeps its own).
  const patients = await db
    .selectFrom('patients')
    .select(['id', 'name', 'phone'])
    .where('phone', 'is not', null)
    .where('birth_date', '<', '2000-01-01')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('inpatient_stays')
            .select('id')
            .whereRef('inpatient_stays.patient_id', '=', 'patients.id')
            .where('state', 'not in', ['discharged', 'cancelled']),
        ),
      ),
    )
    .orderBy('id')
    .limit(40)
    .execute();
  const now = deps.clock.now();
  let made = 0;
  let receipts = 0;
  for (const [i, s] of STAYS.entries()) {
    // Every fifth patient, so the admitted are spread over the demo's patient list.
    const p = patients[i * 5];
    if (!p) break;
    const [first, ...more] = s.deposits;
    // Checked as the API checks a request (the page's body).
    const body = AdmitBody.parse({
      patientId: p.id,
      wardId: ward.id,
      admittedAt: now - s.daysAgo * DAY - (i % 3) * 3_600_000,
      admissionWay: s.way,
      admissionCondition: s.condition,
      outpatientDiagCode: s.opDiag ?? null,
      admissionDiagCode: s.diag,
      outpatientDoctorId: doctor?.id ?? null,
      attendingDoctorId: doctor?.id ?? null,
      residentDoctorId: doctor?.id ?? null,
      patientType: 'self',
      contactName: `${p.name.slice(0, 1)}家属`,
      contactRelation: s.contact[0],
      contactPhone: p.phone,
      ...(s.guarantee
        ? { guarantorName: '村委会', guaranteeFen: s.guarantee, guaranteeApproverId: doctor?.id ?? null }
        : {}),
      deposit: first ? { amountFen: first[0], method: first[1], reference: first[2] ?? null } : null,
    });
    const stay = await stays.admit(cashier, body);
    made++;
    if (first) receipts++;
    for (const [amountFen, method, reference] of more) {
      await stays.deposit(cashier, stay.summary.id, DepositInput.parse({ amountFen, method, reference }));
      receipts++;
    }
    if (s.refundFirst && first) {
      // The family asked for part of it back: the receipt refunded whole, a smaller one taken again.
      await stays.reverseDeposit(cashier, stay.summary.id, stay.deposits[0]!.id, { reason: '家属要求部分退回' });
      await stays.deposit(cashier, stay.summary.id, DepositInput.parse({ amountFen: first[0] / 2, method: 'cash' }));
      receipts += 2;
    }
  }
  await m.uow.write((tx) =>
    writeSetting(tx.db, STAYS_DEMO_KEY, JSON.stringify({ stays: made, receipts }), tx.now, null),
  );
  return { stays: made, receipts };
}
