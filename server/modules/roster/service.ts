// Roster (排班): which doctor sits in which clinic on a day, morning, afternoon or all day.
// Everyone signed in reads it; roster.manage (administrators and the desk) saves a day's
// roster whole.
import type { Actor } from '../../http/actor.js';
import { conflict, DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { ModuleContext } from '../context.js';
import { rosterChanged } from '../clinics/events.js';
import { today } from '../queue/index.js';
import * as repo from './repo.js';
import type { PutRoster, RosterEntryView, RosterQuery } from './schema.js';

export function createRosterService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  return {
    async get(q: RosterQuery): Promise<{ day: string; items: RosterEntryView[] }> {
      const day = q.day ?? (await today(db, clock));
      return { day, items: await repo.listDay(db, day, q.departmentId) };
    },

    async doctors() {
      return { items: await repo.doctors(db) };
    },

    async put(actor: Actor, day: string, input: PutRoster): Promise<{ day: string; items: RosterEntryView[] }> {
      return uow.write(async (tx) => {
        const depts = new Map(
          (await repo.findDepartments(tx.db, [...new Set(input.entries.map((e) => e.departmentId))])).map((d) => [
            d.id,
            d,
          ]),
        );
        const staff = new Map(
          (await repo.findStaff(tx.db, [...new Set(input.entries.map((e) => e.doctorStaffId))])).map((s) => [s.id, s]),
        );
        const seen = new Set<string>();
        for (const [i, e] of input.entries.entries()) {
          const d = depts.get(e.departmentId);
          if (!d)
            throw new DomainError(
              404,
              'not_found',
              t(`科室不存在(编号 ${e.departmentId})`, `Department ${e.departmentId} does not exist`),
              `entries.${i}.departmentId`,
            );
          if (d.kind !== 'clinic' || !d.active) {
            throw new DomainError(
              422,
              'not_a_clinic',
              t(`“${d.name}”不是在用的门诊科室`, `"${d.name}" is not an active outpatient clinic`),
              `entries.${i}.departmentId`,
            );
          }
          const s = staff.get(e.doctorStaffId);
          if (!s)
            throw new DomainError(
              404,
              'not_found',
              t(`人员不存在(编号 ${e.doctorStaffId})`, `Staff member ${e.doctorStaffId} does not exist`),
              `entries.${i}.doctorStaffId`,
            );
          if (!s.active)
            throw new DomainError(
              422,
              'inactive',
              t(`${s.name}已停用,不能排班`, `${s.name} is inactive and cannot be rostered`),
              `entries.${i}.doctorStaffId`,
            );
          const key = `${e.departmentId}:${e.doctorStaffId}:${e.session}`;
          if (seen.has(key))
            throw conflict(
              'duplicate',
              t(
                `${s.name}在“${d.name}”的同一时段排了两次`,
                `${s.name} is rostered twice in "${d.name}" for the same session`,
              ),
              `entries.${i}`,
            );
          seen.add(key);
        }
        const before = await repo.listDay(tx.db, day);
        await repo.replaceDay(tx.db, day, input.entries, tx.now);
        const after = await repo.listDay(tx.db, day);
        const strip = (xs: RosterEntryView[]) =>
          xs.map((x) => ({
            departmentId: x.departmentId,
            doctorStaffId: x.doctorStaffId,
            session: x.session,
            room: x.room,
          }));
        await tx.audit(actor, {
          action: 'roster.update',
          entity: 'roster',
          entityId: day,
          before: { entries: strip(before) },
          after: { entries: strip(after) },
        });
        tx.emit(rosterChanged(day, [...new Set([...before, ...after].map((x) => x.departmentId))]));
        return { day, items: after };
      });
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
