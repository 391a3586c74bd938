// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '门诊医生',
  'station.desc': '候诊队列、叫号、病历、诊断、处方与检查治疗单',
  'station.glyph': '医',
  'page.title': '门诊医生工作站',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Doctor',
  'station.desc': 'Queue, calling, record, diagnoses, prescriptions and service orders',
  'station.glyph': 'Dr',
  'page.title': "Doctor's workstation",
};

export const t = scoped(zh, en);
