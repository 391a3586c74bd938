// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '挂号',
  'station.desc': '门诊挂号、退号、排班与候诊大屏',
  'station.glyph': '挂',
  'page.title': '门诊挂号',
  'setup.title': '排班与大屏',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Registration',
  'station.desc': 'Register and cancel outpatient visits, roster, waiting-room displays',
  'station.glyph': 'R',
  'page.title': 'Outpatient registration',
  'setup.title': 'Roster and displays',
};

export const t = scoped(zh, en);
