// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '收费',
  'station.desc': '划价收费、退费、交班日结、票据号段与住院登记',
  'station.glyph': '收',
  'page.title': '门诊收费',
  'page.recon': '医保对账',
  'page.stays': '住院登记',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Cashier',
  'station.desc': 'Charging, refunds, shift closing, invoice books and admissions',
  'station.glyph': '收',
  'page.title': 'Outpatient cashier',
  'page.recon': 'Insurance reconciliation',
  'page.stays': 'Admissions',
};

export const t = scoped(zh, en);
