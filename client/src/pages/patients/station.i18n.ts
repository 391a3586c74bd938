// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '患者',
  'station.desc': '患者登记、查找、修改与就诊记录',
  'station.glyph': '患',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Patients',
  'station.desc': 'Register, find and edit patients; visit history',
  'station.glyph': '患',
};

export const t = scoped(zh, en);
