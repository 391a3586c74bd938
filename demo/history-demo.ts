// Thirty days of past outpatient activity in the demo center, so every station has something
// to show: each past business day (in the center's time zone; today is left empty for the
// user) ~30–60 patients are registered (fee paid cash / WeChat / Alipay / card), called and
// seen by a rostered doctor, given 1–2 diagnoses from the diagnosis catalog, usually a signed
// prescription of 1–3 drugs (sometimes a service order), charged at the cashier with an
// invoice number and dispensed FEFO by the outpatient pharmacy; a few registrations are
// cancelled and a few paid prescriptions refunded; every cashier's shift is closed at night.
//
// It CALLS THE REAL SERVICES (registration, queue, visits, orders, billing, pharmacy) with a
// ManualClock moved through each day's hours and actors of the demo users, so every ledger
// row, stock move, shift, invoice number and audit entry is what the real system writes.
// The history's realtime events are deleted at the end (no client waits for old news) and
// its print jobs are cancelled (the printer worker must not print a month of old slips).
// Idempotent: the settings key 'demo.history' marks it done.
import { addDays } from '../core/calendar.js';
import type { Db } from '../db/connection.js';
import type { Actor } from '../server/http/actor.js';
import { DomainError } from '../core/errors.js';
import { businessDay, ManualClock, type Clock } from '../server/lib/clock.js';
import { createUnitOfWork, type AuditWho, type Idempotency } from '../server/lib/uow.js';
import { EventBus } from '../server/realtime/bus.js';
import { createAuditService } from '../server/modules/audit/index.js';
import { createBillingService, createShiftService, dayRange } from '../server/modules/billing/index.js';
import { DeviceRegistry } from '../devices/registry.js';
import type { ModuleContext } from '../server/modules/context.js';
import { createOrdersService } from '../server/modules/orders/index.js';
import outpatientModule from '../server/modules/outpatient/module.js';
import { createPharmacyService } from '../server/modules/pharmacy/index.js';
import queueModule from '../server/modules/queue/module.js';
import { createRegistrationService } from '../server/modules/registration/index.js';
import { getInstitutionSettings, readSetting, writeSetting } from '../server/modules/settings/index.js';
import { cancelPendingJobsSince } from '../server/modules/printing/index.js';
import { addRosterRow } from '../server/modules/roster/index.js';
import { dropEventsSince } from '../server/lib/retention.js';
import { prng } from './outpatient/patients.js';
import { DEMO_EXPIRED_LOT_DRUGS, DEMO_PHARMACY_CODE } from './outpatient-demo.js';
import { DEMO_ROSTER } from './roster-demo.js';

export const HISTORY_DEMO_KEY = 'demo.history';
export const HISTORY_DAYS = 30;

export interface HistoryDemoOptions {
  days?: number;
  /** Visits per day: min and max (inclusive). */
  perDay?: [number, number];
}

export interface HistoryDemoResult {
  days: number;
  visits: number;
  cancelled: number;
  orders: number;
  charges: number;
  refunds: number;
  dispensed: number;
  skippedLines: number;
  shifts: number;
  ms: number;
}

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };
const MIN = 60_000;

interface Theme {
  dx: string[];
  /** Drug names; "name@dose" overrides the catalog's default dose. */
  drugs: string[];
  services: string[];
  /** Chance of a prescription, of a service order. */
  rx: number;
  svc: number;
  days: [number, number];
}

const T = {
  uri: {
    dx: ['J06.900', 'J02.900', 'J03.900', 'J20.900', 'J11.100', 'R50.900', 'J01.900'],
    drugs: [
      '复方氨酚烷胺胶囊',
      '氨酚伪麻美芬片',
      '盐酸氨溴索片',
      '连花清瘟胶囊',
      '蒲地蓝消炎口服液',
      '头孢呋辛酯片',
      '阿奇霉素片',
      '右美沙芬糖浆',
      '急支糖浆',
      '感冒清热颗粒',
      '氯雷他定片',
    ],
    services: ['血常规', 'C反应蛋白'],
    rx: 0.9,
    svc: 0.25,
    days: [3, 5],
  },
  htn: {
    dx: ['I11.900', 'I25.100', 'I20.900', 'E78.500', 'I67.200'],
    drugs: [
      '苯磺酸氨氯地平片',
      '硝苯地平控释片',
      '缬沙坦胶囊',
      '厄贝沙坦片',
      '美托洛尔缓释片',
      '阿司匹林肠溶片',
      '阿托伐他汀钙片',
      '单硝酸异山梨酯缓释片',
      '复方丹参滴丸',
    ],
    services: ['常规心电图检查', '血脂四项'],
    rx: 0.85,
    svc: 0.2,
    days: [7, 7],
  },
  dm: {
    dx: ['E11.900', 'E11.400', 'E78.500', 'E79.000'],
    drugs: ['二甲双胍片', '格列美脲片', '阿卡波糖片', '甲钴胺片', '西格列汀片', '瑞舒伐他汀钙片'],
    services: ['快速血糖测定', '糖化血红蛋白', '空腹血糖'],
    rx: 0.85,
    svc: 0.35,
    days: [7, 7],
  },
  gi: {
    dx: ['K29.500', 'K29.700', 'K21.900', 'K52.900', 'A09.900', 'K59.000'],
    drugs: [
      '奥美拉唑肠溶胶囊',
      '铝碳酸镁咀嚼片',
      '多潘立酮片',
      '莫沙必利片',
      '蒙脱石散',
      '双歧杆菌三联活菌胶囊',
      '香砂养胃丸',
      '雷贝拉唑钠肠溶片',
    ],
    services: ['腹部B超', '粪便常规+隐血'],
    rx: 0.85,
    svc: 0.2,
    days: [3, 7],
  },
  msk: {
    dx: ['M54.500', 'M47.800', 'M17.900', 'M75.000', 'S93.400', 'M62.600', 'M51.202'],
    drugs: ['双氯芬酸钠缓释片', '塞来昔布胶囊', '洛索洛芬钠片', '甲钴胺片', '颈复康颗粒', '腰痹通胶囊'],
    services: ['腰椎正侧位DR摄影', '红外线治疗', '中频脉冲电治疗'],
    rx: 0.75,
    svc: 0.35,
    days: [5, 7],
  },
  skin: {
    dx: ['L30.900', 'L50.900', 'T14.100', 'L02.900', 'B35.300'],
    drugs: ['氯雷他定片', '西替利嗪片', '头孢氨苄胶囊'],
    services: ['换药(小)', '清创缝合术(小)', '浅表脓肿切开引流术'],
    rx: 0.6,
    svc: 0.5,
    days: [3, 5],
  },
  gyn: {
    dx: ['N76.000', 'N73.900', 'N94.600', 'N60.100', 'N39.000', 'N95.100'],
    drugs: ['甲硝唑片', '妇科千金片', '益母草颗粒', '逍遥丸', '呋喃妥因肠溶片'],
    services: ['妇科B超', '尿常规'],
    rx: 0.75,
    svc: 0.35,
    days: [3, 7],
  },
  peds: {
    dx: ['J06.900', 'J02.900', 'A08.400', 'J20.900', 'B08.400'],
    drugs: [
      '阿奇霉素干混悬剂',
      '盐酸氨溴索口服溶液@5',
      '蒙脱石散@1.5',
      '口服补液盐散(III)',
      '小柴胡颗粒',
      '双歧杆菌三联活菌胶囊@1',
    ],
    services: ['血常规'],
    rx: 0.85,
    svc: 0.25,
    days: [3, 3],
  },
  tcm: {
    dx: ['F51.000', 'K29.500', 'M54.500', 'N95.100', 'J06.900'],
    drugs: ['六味地黄丸', '逍遥丸', '归脾丸', '补中益气丸', '小柴胡颗粒', '保和丸', '天麻钩藤颗粒'],
    services: ['针刺', '艾灸', '拔罐', '推拿治疗'],
    rx: 0.7,
    svc: 0.45,
    days: [5, 7],
  },
  dental: {
    dx: ['K04.000', 'K05.300', 'K02.900', 'K12.000', 'K04.700', 'K05.100'],
    drugs: ['甲硝唑片', '头孢拉定胶囊', '洛索洛芬钠片', '维生素C片'],
    services: ['龈上洁治术', '根管治疗', '恒牙拔除术'],
    rx: 0.6,
    svc: 0.55,
    days: [3, 5],
  },
  prev: {
    dx: ['Z00.000', 'Z71.900', 'Z00.100'],
    drugs: ['碳酸钙D3片', '叶酸片', '维生素C片'],
    services: ['血常规', '尿常规', '肝功能', '常规心电图检查'],
    rx: 0.15,
    svc: 0.6,
    days: [7, 7],
  },
} satisfies Record<string, Theme>;

/** Clinic code → weight of the day's patients, its themes. */
const CLINICS: Array<{ code: string; weight: number; themes: Theme[] }> = [
  { code: 'QKMZ', weight: 30, themes: [T.uri, T.uri, T.htn, T.dm, T.gi] },
  { code: 'NK', weight: 15, themes: [T.htn, T.dm, T.gi, T.uri] },
  { code: 'WK', weight: 12, themes: [T.msk, T.msk, T.skin] },
  { code: 'FCK', weight: 10, themes: [T.gyn] },
  { code: 'EK', weight: 12, themes: [T.peds] },
  { code: 'ZYK', weight: 8, themes: [T.tcm] },
  { code: 'KQK', weight: 7, themes: [T.dental] },
  { code: 'YFBJ', weight: 6, themes: [T.prev] },
];

const COMPLAINTS: Record<string, string> = {
  J: '咳嗽、咽痛伴发热',
  I: '头晕、胸闷,复诊取药',
  E: '血糖控制复诊',
  K: '上腹不适、反酸',
  A: '腹泻 2 天',
  M: '腰颈部疼痛,活动受限',
  S: '扭伤后肿痛',
  L: '皮疹瘙痒',
  T: '外伤后伤口处理',
  N: '下腹不适',
  B: '皮疹、发热',
  Z: '健康体检',
  F: '失眠多梦',
  R: '发热 1 天',
};

/** A ModuleContext for the services the history calls; they use db, uow, clock and audit only. */
export function historyContext(db: Db, clock: Clock): ModuleContext {
  const uow = createUnitOfWork({ db, clock, bus: new EventBus() });
  const audit = createAuditService({ db, uow, clock });
  const absent = (what: string) =>
    new Proxy(
      {},
      {
        get: (_t, p) =>
          p === 'then'
            ? undefined
            : () => {
                throw new Error(`the demo history has no ${what} (${String(p)})`);
              },
      },
    );
  return {
    db,
    uow,
    clock,
    audit,
    bus: new EventBus(),
    raw: absent('raw database') as ModuleContext['raw'],
    auth: absent('auth service') as ModuleContext['auth'],
    config: absent('config') as ModuleContext['config'],
    logger: absent('logger') as ModuleContext['logger'],
    devices: new DeviceRegistry(),
  };
}

export async function actorOf(db: Db, username: string): Promise<Actor | null> {
  const u = await db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select(['users.id', 'users.username', 'users.active', 'staff.id as staff_id', 'staff.name', 'staff.department_id'])
    .where('users.username', '=', username)
    .executeTakeFirst();
  if (!u || !u.active) return null;
  const rp = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
    .select(['roles.code', 'role_permissions.permission'])
    .where('user_roles.user_id', '=', u.id)
    .execute();
  return {
    userId: u.id,
    username: u.username,
    staffId: u.staff_id,
    staffName: u.name,
    departmentId: u.department_id,
    roles: [...new Set(rp.map((r) => r.code))],
    permissions: new Set(rp.map((r) => r.permission).filter((p): p is string => p !== null)),
    sessionId: 'demo-history',
    mustChangePassword: false,
    ip: null,
    workstationId: null,
    lang: 'zh',
  };
}

export async function isHistorySeeded(db: Db): Promise<boolean> {
  return (
    (await db.selectFrom('settings').select('key').where('key', '=', HISTORY_DEMO_KEY).executeTakeFirst()) !== undefined
  );
}

interface VisitPlan {
  n: number;
  at: number;
  clinic: (typeof CLINICS)[number];
  deptId: number;
  doctor: Actor;
  registeredDoctor: number | null;
  patientId: number;
  payer: 'cash' | 'insured';
  theme: Theme;
  cancel: boolean;
  refund: boolean;
  // filled in as it goes
  registrationId?: number;
  entryId?: number;
  visitId?: number;
  orderIds: number[];
  rxOrderId?: number;
  billId?: number;
}

type Step = {
  at: number;
  seq: number;
  v: VisitPlan;
  kind: 'register' | 'cancel' | 'consult' | 'charge' | 'refund' | 'dispense';
};

/**
 * Seeds the history unless it was seeded before (null), or the demo center is not there
 * (null: no demo users / clinics). `clock` gives "now": today is left empty.
 */
export async function seedHistoryDemo(
  deps: { db: Db; clock: Clock },
  opts: HistoryDemoOptions = {},
): Promise<HistoryDemoResult | null> {
  const started = performance.now();
  const { db } = deps;
  if (await isHistorySeeded(db)) return null;
  const days = opts.days ?? HISTORY_DAYS;
  const [minPerDay, maxPerDay] = opts.perDay ?? [30, 60];
  const { timeZone } = await getInstitutionSettings(db);
  const today = businessDay(deps.clock.now(), timeZone);

  const clock = new ManualClock(deps.clock.now());
  const m = historyContext(db, clock);
  const registrations = createRegistrationService(m);
  // Their factories through their module definitions (their public entries import each other).
  const queue = queueModule.service!(m);
  const visits = outpatientModule.service!(m);
  const orders = createOrdersService(m);
  const billing = createBillingService(m);
  const shifts = createShiftService(m);
  const pharmacy = createPharmacyService(m);

  const registrar = await actorOf(db, 'registrar1');
  const cashier = await actorOf(db, 'registrar2');
  const pharmacist = await actorOf(db, 'pharmacist1');
  const pharmacyRow = await db
    .selectFrom('departments')
    .select('id')
    .where('code', '=', DEMO_PHARMACY_CODE)
    .executeTakeFirst();
  const clinicRows = await db
    .selectFrom('clinics')
    .innerJoin('departments', 'departments.id', 'clinics.department_id')
    .select(['departments.id', 'departments.code', 'clinics.registration_fee_fen'])
    .execute();
  const deptOf = new Map(clinicRows.map((c) => [c.code, c]));
  const doctors = new Map<string, Actor>();
  for (const r of DEMO_ROSTER) {
    const a = await actorOf(db, r.username);
    if (a) doctors.set(r.username, a);
  }
  if (!registrar || !cashier || !pharmacist || !pharmacyRow || doctors.size === 0 || clinicRows.length === 0)
    return null;
  const pharmacyId = pharmacyRow.id;

  // Catalog lookups by name (drugs with an expired demo lot are left alone: they show blocking).
  const items = await db
    .selectFrom('catalog_items')
    .select([
      'id',
      'name',
      'kind',
      'pack_size',
      'default_dose',
      'dose_unit',
      'default_frequency',
      'default_route',
      'unit',
    ])
    .where('active', '=', 1)
    .execute();
  const itemByName = new Map(items.map((i) => [i.name, i]));
  const knownDx = new Set((await db.selectFrom('diagnoses').select('code').execute()).map((d) => d.code));
  const patientRows = await db
    .selectFrom('patients')
    .select(['id', 'insurance_no', 'birth_date'])
    .orderBy('id')
    .execute();
  if (patientRows.length === 0) return null;
  const children = patientRows.filter((p) => Number(today.slice(0, 4)) - Number(p.birth_date.slice(0, 4)) <= 12);

  const result: HistoryDemoResult = {
    days: 0,
    visits: 0,
    cancelled: 0,
    orders: 0,
    charges: 0,
    refunds: 0,
    dispensed: 0,
    skippedLines: 0,
    shifts: 0,
    ms: 0,
  };
  const firstEvent =
    (
      await db
        .selectFrom('event_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst()
    )?.seq ?? 0;
  const firstPrint =
    (
      await db
        .selectFrom('print_jobs')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0;
  const rand = prng(20261126);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <X>(a: readonly X[]): X => a[int(a.length)]!;
  const idem = (actor: Actor, key: string, operation: string, request: unknown): Idempotency => ({
    key,
    userId: actor.userId,
    operation,
    request,
  });

  for (let back = days; back >= 1; back--) {
    const day = addDays(today, -back);
    const { from } = dayRange(day, timeZone);
    const hm = (h: number, min = 0) => from + h * 3_600_000 + min * MIN;

    // The past day's roster (the registration desk checks it), like roster-demo does for the week ahead.
    clock.set(hm(7, 30));
    await m.uow.write(async (tx) => {
      let rows = 0;
      for (const r of DEMO_ROSTER) {
        const doc = doctors.get(r.username);
        const dept = deptOf.get(r.clinic);
        if (!doc || !dept) continue;
        rows += await addRosterRow(tx.db, {
          day,
          department_id: dept.id,
          doctor_staff_id: doc.staffId,
          session: r.session,
          room: r.room,
          created_at: tx.now,
        });
      }
      if (rows > 0)
        await tx.audit(SYSTEM, {
          action: 'roster.update',
          entity: 'roster',
          entityId: day,
          summary: { source: 'demo-history', rows },
        });
    });

    // Plan the day's visits.
    const count = minPerDay + int(maxPerDay - minPerDay + 1);
    const totalWeight = CLINICS.reduce((s, c) => s + c.weight, 0);
    const seen = new Set<string>();
    const plans: VisitPlan[] = [];
    for (let n = 1; n <= count; n++) {
      let w = int(totalWeight);
      const clinic = CLINICS.find((c) => (w -= c.weight) < 0)!;
      const dept = deptOf.get(clinic.code);
      if (!dept) continue;
      const am = rand() < 0.65;
      const rostered = DEMO_ROSTER.filter(
        (r) =>
          r.clinic === clinic.code &&
          (r.session === 'all' || r.session === (am ? 'am' : 'pm')) &&
          doctors.has(r.username),
      );
      const anyTime = DEMO_ROSTER.filter((r) => r.clinic === clinic.code && doctors.has(r.username));
      const r = rostered.length ? pick(rostered) : anyTime.length ? pick(anyTime) : null;
      if (!r) continue;
      const session = rostered.length ? (am ? 'am' : 'pm') : r.session === 'pm' ? 'pm' : 'am';
      const at = session === 'am' ? hm(8, int(210)) : hm(14, int(180));
      const pool = clinic.code === 'EK' && children.length ? children : patientRows;
      let patient = pick(pool);
      for (let tries = 0; seen.has(`${patient.id}:${dept.id}`) && tries < 10; tries++) patient = pick(pool);
      if (seen.has(`${patient.id}:${dept.id}`)) continue;
      seen.add(`${patient.id}:${dept.id}`);
      const cancel = rand() < 0.04;
      plans.push({
        n,
        at,
        clinic,
        deptId: dept.id,
        doctor: doctors.get(r.username)!,
        registeredDoctor: rand() < 0.7 ? doctors.get(r.username)!.staffId : null,
        patientId: patient.id,
        payer: patient.insurance_no ? 'insured' : 'cash',
        theme: pick(clinic.themes),
        cancel,
        refund: !cancel && rand() < 0.03,
        orderIds: [],
      });
    }
    const steps: Step[] = [];
    let seq = 0;
    for (const v of plans) {
      steps.push({ at: v.at, seq: seq++, v, kind: 'register' });
      if (v.cancel) {
        steps.push({ at: v.at + (2 + int(15)) * MIN, seq: seq++, v, kind: 'cancel' });
        continue;
      }
      const consult = v.at + (5 + int(35)) * MIN;
      const charge = consult + (12 + int(15)) * MIN;
      steps.push({ at: consult, seq: seq++, v, kind: 'consult' });
      steps.push({ at: charge, seq: seq++, v, kind: 'charge' });
      steps.push({ at: charge + (3 + int(12)) * MIN, seq: seq++, v, kind: v.refund ? 'refund' : 'dispense' });
    }
    steps.sort((a, b) => a.at - b.at || a.seq - b.seq);

    const payment = (key: string, amountFen: number) => {
      const r = rand();
      if (r < 0.5) {
        const tendered =
          rand() < 0.5 ? amountFen : Math.ceil(amountFen / 1000) * 1000 + (amountFen % 1000 === 0 ? 0 : 0);
        return { method: 'cash' as const, amountFen, tenderedFen: Math.max(tendered, amountFen) };
      }
      if (r < 0.8) return { method: 'wechat' as const, amountFen, reference: `WX${key.replace(/\D/g, '')}` };
      if (r < 0.9) return { method: 'alipay' as const, amountFen, reference: `ZFB${key.replace(/\D/g, '')}` };
      return { method: 'bank_card' as const, amountFen, reference: `POS${key.replace(/\D/g, '').slice(-8)}` };
    };

    for (const s of steps) {
      const v = s.v;
      const key = `hist-${day}-${v.n}`;
      clock.set(s.at);
      if (s.kind === 'register') {
        const fee = deptOf.get(v.clinic.code)!.registration_fee_fen ?? 0;
        const p = fee > 0 ? payment(`${key}-reg`, fee) : undefined;
        const body = {
          patientId: v.patientId,
          departmentId: v.deptId,
          doctorStaffId: v.registeredDoctor,
          payer: v.payer,
          ...(p
            ? {
                payment:
                  p.method === 'cash'
                    ? { method: 'cash' as const, tenderedFen: p.tenderedFen }
                    : { method: p.method, reference: p.reference },
              }
            : {}),
        };
        const r = await registrations.register(
          registrar,
          body,
          idem(registrar, `${key}-reg`, 'post /registrations', { body }),
          { withoutLookup: true }, // past days: no 1101 look-up was kept for them
        );
        v.registrationId = r.registration.id;
        v.entryId = r.registration.queueEntryId ?? undefined;
        v.visitId = r.visitId;
        result.visits++;
      } else if (s.kind === 'cancel') {
        await registrations.cancel(
          registrar,
          v.registrationId!,
          { reason: '患者临时有事,退号' },
          idem(registrar, `${key}-cancel`, 'post /registrations/:id/cancel', { id: v.registrationId }),
        );
        result.cancelled++;
      } else if (s.kind === 'consult') {
        const doc = v.doctor;
        await queue.call(doc, v.entryId!);
        clock.advance(MIN);
        await queue.start(doc, v.entryId!);
        clock.advance(3 * MIN);
        const dxPool = v.theme.dx.filter((c) => knownDx.has(c));
        const dx = [pick(dxPool)];
        if (rand() < 0.3) {
          const second = pick(dxPool);
          if (second !== dx[0]) dx.push(second);
        }
        const { version } = await db
          .selectFrom('visits')
          .select('version')
          .where('id', '=', v.visitId!)
          .executeTakeFirstOrThrow();
        await visits.record(doc, v.visitId!, {
          chiefComplaint: COMPLAINTS[dx[0]!.charAt(0)] ?? '复诊',
          history: '既往体健,否认药物过敏史以外的特殊病史。',
          examination: '神志清,一般情况可。',
          notes: null,
          diagnoses: dx.map((code) => ({ code })),
          version,
        });
        clock.advance(2 * MIN);
        // A prescription of 1–3 drugs that are in stock (like the doctor's stock hints show).
        if (rand() < v.theme.rx) {
          const names = [...new Set(Array.from({ length: 1 + int(3) }, () => pick(v.theme.drugs)))];
          const days = v.theme.days[0] + int(v.theme.days[1] - v.theme.days[0] + 1);
          const lines = names
            .map((spec) => {
              const [name, dose] = spec.split('@') as [string, string | undefined];
              const item = itemByName.get(name);
              if (!item || item.kind !== 'drug' || DEMO_EXPIRED_LOT_DRUGS.includes(name)) return null;
              const frequency = item.default_frequency;
              const quantity = frequency === 'prn' || !item.default_dose ? 6 : null;
              return {
                itemId: item.id,
                dose: quantity ? null : (dose ?? item.default_dose),
                doseUnit: quantity ? null : item.dose_unit,
                frequency,
                route: item.default_route,
                days: quantity ? null : frequency === 'st' ? 1 : days,
                quantity,
                note: null,
              };
            })
            .filter((l): l is NonNullable<typeof l> => l !== null);
          if (lines.length) {
            const input = {
              visitId: v.visitId!,
              kind: 'western' as const,
              pharmacyId,
              emergency: false,
              supplyReason: null,
              allergyOverrideReason: null,
              herbalDoses: null,
              lines,
            };
            let check = await orders.check(doc, input, 'zh');
            // A dose in ml of a drug counted in bottles: the doctor gives the total instead (1–2 packs).
            const noQty = check.problems
              .filter((p) => p.code === 'quantity_cannot_compute')
              .map((p) => Number(/^lines\.(\d+)/.exec(p.field)?.[1] ?? -1));
            if (noQty.length) {
              for (const i of noQty) {
                const l = lines[i];
                const item = l && items.find((x) => x.id === l.itemId);
                if (l && item)
                  lines[i] = {
                    ...l,
                    dose: null,
                    doseUnit: null,
                    quantity: item.pack_size * (item.pack_size >= 12 ? 1 : 1 + int(2)),
                  };
              }
              check = await orders.check(doc, input, 'zh');
            }
            const badLines = new Set(
              check.problems
                .map((p) => /^lines\.(\d+)/.exec(p.field)?.[1])
                .filter((x): x is string => x !== undefined)
                .map(Number),
            );
            const ok = lines.filter(
              (_l, i) =>
                !badLines.has(i) &&
                check.lines[i]!.quantity !== null &&
                (check.lines[i]!.onHand ?? 0) >= check.lines[i]!.quantity!,
            );
            result.skippedLines += lines.length - ok.length;
            const otherProblems = check.problems.some((p) => !/^lines\./.test(p.field));
            if (ok.length && !otherProblems) {
              const body = { ...input, lines: ok };
              try {
                const o = await orders.create(doc, body, idem(doc, `${key}-rx`, 'post /orders', { body }));
                await orders.sign(
                  doc,
                  o.id,
                  { version: o.version },
                  idem(doc, `${key}-rx-sign`, 'post /orders/:id/sign', { id: o.id }),
                );
                v.orderIds.push(o.id);
                v.rxOrderId = o.id;
                result.orders++;
              } catch (e) {
                if (!(e instanceof DomainError)) throw e;
                result.skippedLines += ok.length; // a rule the check could not see (allergy at signing…)
              }
            }
          }
        }
        if (rand() < v.theme.svc) {
          const names = [...new Set(Array.from({ length: 1 + int(2) }, () => pick(v.theme.services)))];
          const lines = names
            .map((n) => itemByName.get(n))
            .filter((i) => i && i.kind === 'service')
            .map((i) => ({
              itemId: i!.id,
              quantity: 1,
              dose: null,
              doseUnit: null,
              frequency: null,
              route: null,
              days: null,
              note: null,
            }));
          if (lines.length) {
            const body = {
              visitId: v.visitId!,
              kind: 'service' as const,
              pharmacyId: null,
              emergency: false,
              supplyReason: null,
              allergyOverrideReason: null,
              herbalDoses: null,
              lines,
            };
            const o = await orders.create(doc, body, idem(doc, `${key}-svc`, 'post /orders', { body }));
            await orders.sign(
              doc,
              o.id,
              { version: o.version },
              idem(doc, `${key}-svc-sign`, 'post /orders/:id/sign', { id: o.id }),
            );
            v.orderIds.push(o.id);
            result.orders++;
          }
        }
        clock.advance(2 * MIN);
        await visits.finish(doc, v.visitId!);
      } else if (s.kind === 'charge') {
        if (!v.orderIds.length) continue;
        const total = (
          await db
            .selectFrom('orders')
            .select((eb) => eb.fn.sum<number>('total_fen').as('t'))
            .where('id', 'in', v.orderIds)
            .executeTakeFirstOrThrow()
        ).t;
        const body = {
          patientId: v.patientId,
          orderIds: v.orderIds,
          payer: v.payer,
          payments: [payment(`${key}-charge`, Number(total))],
        };
        const r = await billing.charge(
          cashier,
          body,
          idem(cashier, `${key}-charge`, 'post /billing/charges', { body }),
        );
        v.billId = r.billId;
        result.charges++;
      } else if (s.kind === 'refund') {
        if (v.billId === undefined || v.rxOrderId === undefined) continue;
        const body = { all: true as const, reason: '患者不需要取药,退费' };
        await billing.refund(
          cashier,
          v.billId,
          body,
          idem(cashier, `${key}-refund`, 'post /billing/bills/:billId/refund', { billId: v.billId, body }),
        );
        result.refunds++;
      } else if (s.kind === 'dispense') {
        if (v.rxOrderId === undefined) continue;
        try {
          await pharmacy.dispense(
            pharmacist,
            v.rxOrderId,
            pharmacyId,
            idem(pharmacist, `${key}-dispense`, 'post /pharmacy/orders/:orderId/dispense', {
              orderId: v.rxOrderId,
              pharmacyId,
            }),
          );
          result.dispensed++;
        } catch (e) {
          // Another prescription of the day took the last units: refund what cannot be dispensed.
          if (!(e instanceof DomainError) || e.code !== 'insufficient_stock') throw e;
          await billing.refund(
            cashier,
            v.billId!,
            { all: true, reason: '药品缺货,退费' },
            idem(cashier, `${key}-refund`, 'post /billing/bills/:billId/refund', { billId: v.billId }),
          );
          result.refunds++;
        }
      }
    }

    // Night: every cashier with an open shift closes it (交班) with its totals.
    clock.set(hm(19));
    for (const a of [registrar, cashier]) {
      const open = await db
        .selectFrom('shifts')
        .select('id')
        .where('cashier_user_id', '=', a.userId)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      if (!open) continue;
      await shifts.close(a, idem(a, `hist-${day}-${a.username}-close`, 'post /billing/shift/close', {}));
      result.shifts++;
    }
    result.days++;
  }

  // No client waits for a month-old event, and no printer should print a month of old slips.
  // Only the history's rows: stamped before today (a running server's live rows are today's).
  const todayStart = dayRange(today, timeZone).from;
  await dropEventsSince(db, Number(firstEvent), todayStart);
  await cancelPendingJobsSince(db, Number(firstPrint), todayStart, 'demo history (not printed)', deps.clock.now());

  result.ms = Math.round(performance.now() - started);
  clock.set(deps.clock.now());
  await m.uow.write(async (tx) => {
    if ((await readSetting(tx.db, HISTORY_DEMO_KEY)) === undefined)
      await writeSetting(tx.db, HISTORY_DEMO_KEY, JSON.stringify({ seededAt: tx.now, ...result }), tx.now, null);
    await tx.audit(SYSTEM, {
      action: 'demo.seed.history',
      entity: 'settings',
      entityId: HISTORY_DEMO_KEY,
      summary: { ...result },
    });
  });
  return result;
}
