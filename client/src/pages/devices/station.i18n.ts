// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '设备',
  'station.desc': '读卡器：状态、绑定的工作站、最近读卡与测试读卡',
  'station.glyph': '卡',
  'page.title': '读卡器',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Devices',
  'station.desc': 'Card readers: state, bound workstation, last card read and a test read',
  'station.glyph': 'C',
  'page.title': 'Card readers',
};

export const t = scoped(zh, en);
