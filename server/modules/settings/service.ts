// Institution settings (机构参数): one JSON document under the key 'institution', read with
// defaults deep-merged (so later versions can add fields), saved whole with a version.
import type { Db } from '../../../db/connection.js';
import type { Actor } from '../../http/actor.js';
import { staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Trx } from '../../lib/uow.js';
import { calendarFor, type Calendar } from '../../../core/calendar.js';
import { cachedSetting } from './cache.js';
import type { ModuleContext } from '../context.js';
import { INSTITUTION_DEFAULTS, mergeDefaults, type InstitutionSettings } from './defaults.js';
import { settingsChanged } from './events.js';
import * as repo from './repo.js';
import type { UpdateInstitution } from './schema.js';

export type { AntibioticTier, InstitutionSettings, PrescriptionSettings } from './defaults.js';
export { INSTITUTION_DEFAULTS } from './defaults.js';

export const INSTITUTION_KEY = 'institution';
const SETTINGS = t('机构参数', 'Settings');

/** The institution settings with defaults filled in (version 0 when never saved). For every module. */
export function getInstitutionSettings(db: Db | Trx): Promise<InstitutionSettings> {
  return cachedSetting(db, INSTITUTION_KEY, () => repo.read(db, INSTITUTION_KEY), buildInstitution);
}

function buildInstitution(json: string | undefined): InstitutionSettings {
  if (json === undefined) return structuredClone(INSTITUTION_DEFAULTS);
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    stored = {};
  }
  return mergeDefaults(INSTITUTION_DEFAULTS, stored);
}

/**
 * The center's calendar (core/calendar bound to the institution's time zone): business days,
 * day ranges, addDays, ages. Obtain it once per request or transaction (`calendarOf(tx.db)`).
 */
export async function calendarOf(db: Db | Trx): Promise<Calendar> {
  return calendarFor((await getInstitutionSettings(db)).timeZone);
}

/** Today's business day at the center at instant `now`. */
export async function businessToday(db: Db | Trx, now: number): Promise<string> {
  return (await calendarOf(db)).today(now);
}

export function createSettingsService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    institution(): Promise<InstitutionSettings> {
      return getInstitutionSettings(db);
    },

    async publicInfo(): Promise<{ name: string; code: string; timeZone: string }> {
      const s = await getInstitutionSettings(db);
      return { name: s.name, code: s.code, timeZone: s.timeZone };
    },

    updateInstitution(actor: Actor, input: UpdateInstitution): Promise<InstitutionSettings> {
      return uow.write(async (tx) => {
        const before = await getInstitutionSettings(tx.db);
        if (before.version !== input.version) throw staleVersion(SETTINGS);
        const after: InstitutionSettings = {
          ...input,
          inventory: input.inventory ? { ...before.inventory, ...input.inventory } : before.inventory,
          billing: input.billing ?? before.billing,
          pharmacy: input.pharmacy ?? before.pharmacy,
          insurance: input.insurance ?? before.insurance,
          version: before.version + 1,
        };
        await repo.write(tx.db, INSTITUTION_KEY, JSON.stringify(after), tx.now, actor.userId);
        await tx.audit(actor, {
          action: 'settings.update',
          entity: 'settings',
          entityId: INSTITUTION_KEY,
          before,
          after,
        });
        tx.emit(settingsChanged(INSTITUTION_KEY));
        return after;
      });
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
