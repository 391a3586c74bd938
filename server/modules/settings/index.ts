// The settings module's public entry: what other modules use. The settings table is written
// only here (writeSetting), by the settings routes and by modules that keep a setting of
// their own (printing's printer choices, the demo seed's marks).
export { read as readSetting, write as writeSetting } from './repo.js';
export { attachSettingsCache } from './cache.js';
export { INSTITUTION_DEFAULTS } from './defaults.js';
export {
  businessToday,
  calendarOf,
  getInstitutionSettings,
  type AntibioticTier,
  type InstitutionSettings,
  type PrescriptionSettings,
} from './service.js';
