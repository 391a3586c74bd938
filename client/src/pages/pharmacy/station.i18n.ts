// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '药房',
  'station.desc': '待发药队列、发药、退药与药房库存',
  'station.glyph': '药',
  'page.title': '药房发药',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Pharmacy',
  'station.desc': 'Queue of paid prescriptions, dispensing, returns and pharmacy stock',
  'station.glyph': '药',
  'page.title': 'Pharmacy',
};

export const t = scoped(zh, en);
