// The demo stays' charge ledgers (issue 12, inpatient-charges): the nightly bed fees of every day since
// each stay's admission up to today for the beds the demo stays hold (as the job fills missed nights,
// through inpatient-charges' runNightly), a few manual charges (补记账: 吸氧, 换药) by the ward's nurse and
// one of them reversed (冲账), through the module's own service as the nurse station does. Runs after the
// beds demo; idempotent under the settings key 'demo.charges'.
import { DomainError } from '../core/errors.js';
import type { Db } from '../db/connection.js';
import type { Clock } from '../server/lib/clock.js';
import type { AuditWho } from '../server/lib/uow.js';
import { createInpatientChargesService, runNightly } from '../server/modules/inpatient-charges/index.js';
import { calendarOf, readSetting, writeSetting } from '../server/modules/settings/index.js';
import { actorOf, historyContext } from './history-demo.js';

export const CHARGES_DEMO_KEY = 'demo.charges';

const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

export interface ChargesDemoResult {
  bedRows: number;
  manual: number;
  reversed: number;
}

/** Seeds the demo stays' charges; null when done before (or when the wards have no placed stay yet). */
export async function seedChargesDemo(deps: { db: Db; clock: Clock }): Promise<ChargesDemoResult | null> {
  const { db } = deps;
  if (await readSetting(db, CHARGES_DEMO_KEY)) return null;
  const held = await db
    .selectFrom('inpatient_stays as s')
    .innerJoin('beds as b', 'b.id', 's.bed_id')
    .select(['s.id', 's.ward_id', 's.admitted_at'])
    .where('s.state', '=', 'in_ward')
    .orderBy('s.admitted_at')
    .execute();
  if (!held.length) return null;
  const m = historyContext(db, deps.clock);
  const cal = await calendarOf(db);
  const today = cal.today(deps.clock.now());
  const first = cal.dayOf(held[0]!.admitted_at);
  const wards = [...new Set(held.map((h) => h.ward_id))];
  // The bed fees, day by day (算入不算出: each stay from its admission day), as the job's catch-up does.
  let bedRows = 0;
  for (let day = first; day <= today; day = cal.addDays(day, 1)) {
    const d = day;
    const out = await m.uow.write((tx) => runNightly(tx, wards, d, 'job', SYSTEM));
    bedRows += out.reduce((s, o) => s + o.rows, 0);
  }
  // A few manual charges by the ward's nurse, one reversed.
  const anyNurse = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ur.role_id')
    .select('u.username')
    .where('rp.permission', '=', 'inpatient.nurse')
    .where('u.active', '=', 1)
    .orderBy('u.id')
    .executeTakeFirst();
  const nurse =
    (await actorOf(db, 'nurse2')) ??
    (await actorOf(db, 'nurse1')) ??
    (anyNurse ? await actorOf(db, anyNurse.username) : null);
  const items = await db
    .selectFrom('catalog_items')
    .select(['id', 'name'])
    .where('name', 'in', ['吸氧', '换药(中)'])
    .where('active', '=', 1)
    .where('invoice_confirmed', '=', 1)
    .execute();
  let manual = 0;
  let reversed = 0;
  if (nurse && items.length) {
    const charges = createInpatientChargesService(m);
    for (const [i, s] of held.slice(0, 3).entries()) {
      const item = items[i % items.length]!;
      // A stay over its ward's arrears limit is refused 补记账, as at the nurse station: left without.
      const r = await charges
        .addManual(nurse, s.id, {
          itemId: item.id,
          quantity: item.name === '吸氧' ? 4 : 1,
          reason: item.name === '吸氧' ? '夜间低氧,鼻导管吸氧' : '术后伤口换药',
        })
        .catch((e: unknown) => {
          if (e instanceof DomainError) return null;
          throw e;
        });
      if (!r) continue;
      manual++;
      if (i === 2) {
        await charges.reverse(nurse, s.id, r.rows[0]!.id, { reason: '重复记账' });
        reversed++;
      }
    }
  }
  const result = { bedRows, manual, reversed };
  await m.uow.write((tx) => writeSetting(tx.db, CHARGES_DEMO_KEY, JSON.stringify(result), tx.now, null));
  return result;
}
