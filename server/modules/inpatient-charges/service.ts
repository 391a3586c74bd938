// The stay's charge ledger (费用清单, 补记账, 冲账, 夜间床位费): the rules behind the routes. The writes go
// through commands.ts (postCharges, reverseCharge, runNightly) inside one unit of work each, audited.
import { DomainError, invalid, missingPermission, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Actor } from '../../http/actor.js';
import type { AuditWho, Idempotency, Tx } from '../../lib/uow.js';
import { permissionLabel } from '../auth/index.js';
import type { ModuleContext } from '../context.js';
import { calendarOf, readSetting, writeSetting } from '../settings/index.js';
import { balanceOf, checkArrears, stayForWrite, wardSettingsOf, type StayRow } from '../stays/index.js';
import { postCharges, reverseCharge, runNightly, type NightlyOutcome } from './commands.js';
import { daysOfStay, feeList } from './plan.js';
import * as repo from './repo.js';
import type {
  ChargesView,
  EmergencyItems,
  ManualCharge,
  NightlySettings,
  PostResult,
  ReverseCharge,
} from './schema.js';

/** The settings key of the nightly run's time (center time, 'HH:MM'). */
export const NIGHTLY_SETTING = 'inpatient-charges.nightly';
export const DEFAULT_NIGHTLY_TIME = '23:30';
/** How far back a nurse's "run now" and the start-up catch-up reach (days). */
export const MAX_CATCH_UP_DAYS = 31;

const READERS = ['inpatient.nurse', 'inpatient.admit', 'inpatient.orders'];

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

function whoOf(a: Actor): AuditWho {
  return { userId: a.userId, username: a.username, ip: a.ip, workstationId: a.workstationId };
}

/** Reads of a stay's charges: the nurse station, the cashier or the ward's doctor. */
export function assertMayRead(actor: Actor, perms: readonly string[] = READERS): void {
  if (perms.some((p) => actor.permissions.has(p))) return;
  throw missingPermission('inpatient.nurse', permissionLabel('inpatient.nurse'));
}

export async function nightlyTime(db: ModuleContext['db'] | Tx['db']): Promise<string> {
  const raw = await readSetting(db, NIGHTLY_SETTING);
  if (!raw) return DEFAULT_NIGHTLY_TIME;
  try {
    const v = JSON.parse(raw) as { time?: unknown };
    return typeof v.time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v.time) ? v.time : DEFAULT_NIGHTLY_TIME;
  } catch {
    return DEFAULT_NIGHTLY_TIME;
  }
}

export function createInpatientChargesService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;

  async function head(stay: StayRow, now: number) {
    const cal = await calendarOf(db);
    return {
      id: stay.id,
      stayNo: stay.stay_no,
      state: stay.state,
      wardId: stay.ward_id,
      patientName: await repo.patientName(db, stay.patient_id),
      admittedAt: stay.admitted_at,
      admittedDay: cal.dayOf(stay.admitted_at),
      dischargedAt: stay.discharged_at,
      days: daysOfStay(stay.admitted_at, stay.discharged_at, cal, now),
    };
  }

  async function balance(stay: StayRow) {
    return balanceOf(stay, await wardSettingsOf(db, stay.ward_id));
  }

  async function readStay(stayId: number): Promise<StayRow> {
    return stayForWrite({ db: db as unknown as Tx['db'] }, stayId);
  }

  /** The days the job still has to run at `now`: after the last job day up to the due day (none the
   *  first time but the due day itself), at most MAX_CATCH_UP_DAYS. */
  async function dueDays(now: number): Promise<string[]> {
    const cal = await calendarOf(db);
    const [hh, mm] = (await nightlyTime(db)).split(':').map(Number) as [number, number];
    const today = cal.today(now);
    const due = now >= cal.wallTimeToMs(today, hh, mm) ? today : cal.addDays(today, -1);
    const last = await repo.lastJobDay(db);
    if (last === null) return [];
    const days: string[] = [];
    for (let d = cal.addDays(last, 1); d <= due; d = cal.addDays(d, 1)) days.push(d);
    return days.slice(-MAX_CATCH_UP_DAYS);
  }

  return {
    /** A stay's rows (of one day when given), its fee list and balance. */
    async charges(actor: Actor, stayId: number, day?: string): Promise<ChargesView> {
      assertMayRead(actor);
      const stay = await readStay(stayId);
      const now = clock.now();
      const rows = await repo.chargesOfStay(db, stayId, day);
      return {
        stay: await head(stay, now),
        today: (await calendarOf(db)).today(now),
        day: day ?? null,
        rows,
        feeList: feeList(rows),
        balance: await balance(stay),
      };
    },

    /** 费用清单: by day and category with totals, and the balance. */
    async feeList(actor: Actor, stayId: number) {
      assertMayRead(actor);
      const stay = await readStay(stayId);
      const now = clock.now();
      return {
        stay: await head(stay, now),
        today: (await calendarOf(db)).today(now),
        feeList: feeList(await repo.chargesOfStay(db, stayId)),
        balance: await balance(stay),
      };
    },

    /**
     * 补记账: a service or material of the catalog (drugs come from orders and ward dispensing), a
     * quantity, a reason, a day (default today). Refused over the ward's arrears limit unless the item
     * is one of the center's emergency items (急救项目, stay_charge_emergency_items).
     */
    addManual(actor: Actor, stayId: number, body: ManualCharge, idem?: Idempotency): Promise<PostResult> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        const cal = await calendarOf(tx.db);
        const day = body.day ?? cal.today(tx.now);
        const item = await repo.catalogItem(tx.db, body.itemId);
        if (!item) throw notFound(t('收费项目', 'Item'), body.itemId, 'itemId');
        if (item.kind === 'drug')
          throw invalid(
            'itemId',
            t(
              `“${item.name}”是药品:药品由医嘱和住院发药记账,不能补记账`,
              `"${item.name}" is a drug: drugs are charged through orders and ward dispensing, not manually`,
            ),
          );
        const emergency = await repo.isEmergencyItem(tx.db, item.id);
        const [row] = await postCharges(
          tx,
          [
            {
              stayId,
              chargeDay: day,
              catalogItemId: item.id,
              quantity: body.quantity,
              source: 'manual',
              reason: body.reason,
              emergency,
            },
          ],
          whoOf(actor),
          'manual',
        );
        // The arrears check after the row is priced (the same price), before commit: a refusal rolls back.
        await checkArrears(tx, stay, row!.amountFen, emergency);
        await tx.audit(whoOf(actor), {
          action: 'stay_charge.manual',
          entity: 'stay_charge',
          entityId: row!.id,
          patientId: stay.patient_id,
          summary: {
            stayNo: stay.stay_no,
            day,
            itemId: item.id,
            quantity: body.quantity,
            amountFen: row!.amountFen,
            reason: body.reason,
            emergency,
          },
        });
        const after = await stayForWrite(tx, stayId);
        return { rows: [row!], balance: balanceOf(after, await wardSettingsOf(tx.db, after.ward_id)) };
      }, idem);
    },

    /** 冲账 of a row (with a reason). */
    reverse(
      actor: Actor,
      stayId: number,
      chargeId: number,
      body: ReverseCharge,
      idem?: Idempotency,
    ): Promise<PostResult> {
      return uow.write(async (tx) => {
        const row = await reverseCharge(tx, stayId, chargeId, body.reason, whoOf(actor));
        const stay = await stayForWrite(tx, stayId);
        await tx.audit(whoOf(actor), {
          action: 'stay_charge.reverse',
          entity: 'stay_charge',
          entityId: chargeId,
          patientId: stay.patient_id,
          summary: { stayNo: stay.stay_no, reversalId: row.id, amountFen: row.amountFen, reason: body.reason },
        });
        return { rows: [row], balance: balanceOf(stay, await wardSettingsOf(tx.db, stay.ward_id)) };
      }, idem);
    },

    /** "Run now": the ward's bed fees of `day` (default today; not in the future, at most 31 days back). */
    runWard(actor: Actor, wardId: number, day: string | undefined, idem?: Idempotency): Promise<NightlyOutcome> {
      return uow.write(async (tx) => {
        if (!(await repo.isWard(tx.db, wardId))) throw notFound(t('病区', 'Ward'), wardId, 'wardId');
        const cal = await calendarOf(tx.db);
        const today = cal.today(tx.now);
        const d = day ?? today;
        if (d > today)
          throw new DomainError(
            422,
            'invalid',
            t(`计费日期 ${d} 不能晚于今天`, `The day ${d} is in the future`),
            'day',
          );
        if (cal.daysBetween(d, today) > MAX_CATCH_UP_DAYS)
          throw new DomainError(
            422,
            'invalid',
            t(`只能补跑 ${MAX_CATCH_UP_DAYS} 天内的床位费`, `Only the last ${MAX_CATCH_UP_DAYS} days can be run`),
            'day',
          );
        const [out] = await runNightly(tx, [wardId], d, 'manual', whoOf(actor));
        await tx.audit(whoOf(actor), {
          action: 'stay_charge.nightly',
          entity: 'ward',
          entityId: wardId,
          summary: { day: d, rows: out!.rows, amountFen: out!.amountFen, trigger: 'manual' },
        });
        return out!;
      }, idem);
    },

    /** What the job runs: every ward for each day due since its last run (a missed night filled once). */
    async runDue(now = clock.now()): Promise<NightlyOutcome[]> {
      let days = await dueDays(now);
      if (!days.length && (await repo.lastJobDay(db)) === null) {
        // First run ever: only when the time of day has come (nothing to catch up on a new install).
        const cal = await calendarOf(db);
        const [hh, mm] = (await nightlyTime(db)).split(':').map(Number) as [number, number];
        const today = cal.today(now);
        if (now >= cal.wallTimeToMs(today, hh, mm)) days = [today];
      }
      const out: NightlyOutcome[] = [];
      for (const day of days) {
        out.push(
          ...(await uow.write(async (tx) => {
            const wards = await repo.wardIds(tx.db);
            const res = await runNightly(tx, wards, day, 'job', SYSTEM);
            await tx.audit(SYSTEM, {
              action: 'stay_charge.nightly',
              entity: 'ward',
              summary: {
                day,
                trigger: 'job',
                rows: res.reduce((s, r) => s + r.rows, 0),
                amountFen: res.reduce((s, r) => s + r.amountFen, 0),
              },
            });
            return res;
          })),
        );
      }
      return out;
    },

    /** Milliseconds from `now` to the next run time (center time). */
    async msUntilNextRun(now = clock.now()): Promise<number> {
      const cal = await calendarOf(db);
      const [hh, mm] = (await nightlyTime(db)).split(':').map(Number) as [number, number];
      const today = cal.today(now);
      let at = cal.wallTimeToMs(today, hh, mm);
      if (at <= now) at = cal.wallTimeToMs(cal.addDays(today, 1), hh, mm);
      return at - now;
    },

    /** Read by anyone signed in (a time and a day: nothing private). */
    async nightlySettings() {
      return { time: await nightlyTime(db), lastJobDay: await repo.lastJobDay(db) };
    },

    async setNightlySettings(actor: Actor, body: NightlySettings) {
      await uow.write(async (tx) => {
        const before = await nightlyTime(tx.db);
        await writeSetting(tx.db, NIGHTLY_SETTING, JSON.stringify({ time: body.time }), tx.now, actor.userId);
        await tx.audit(whoOf(actor), {
          action: 'stay_charge.nightly_settings',
          entity: 'settings',
          entityId: NIGHTLY_SETTING,
          before: { time: before },
          after: { time: body.time },
        });
      });
      return this.nightlySettings();
    },

    /** Read by anyone signed in (item codes and names, as the catalog search shows them). */
    async emergencyItems() {
      return { items: await repo.emergencyItems(db) };
    },

    async setEmergencyItems(actor: Actor, body: EmergencyItems) {
      await uow.write(async (tx) => {
        const ids = [...new Set(body.itemIds)];
        const known = await repo.existingItemIds(tx.db, ids);
        const i = body.itemIds.findIndex((id) => !known.has(id));
        if (i >= 0) throw notFound(t('收费项目', 'Item'), body.itemIds[i]!, `itemIds.${i}`);
        const before = (await repo.emergencyItems(tx.db)).map((r) => r.id);
        await repo.replaceEmergencyItems(tx.db, ids, actor.userId, tx.now);
        await tx.audit(whoOf(actor), {
          action: 'stay_charge.emergency_items',
          entity: 'stay_charge_emergency_items',
          before: { itemIds: before },
          after: { itemIds: ids },
        });
      });
      return this.emergencyItems();
    },
  };
}

export type InpatientChargesService = ReturnType<typeof createInpatientChargesService>;
