// The nurse station's tile and tab titles: the strings that station.ts needs in the first load, before
// the page's own chunk loads (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '护士站',
  'station.desc': '病区床位图:安床、换床、包床、转科,待入院患者与余额',
  'station.glyph': '护',
  'page.title': '护士站',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Nurse station',
  'station.desc': "The ward's bed board: place, change, reserve and transfer; waiting patients and balances",
  'station.glyph': '护',
  'page.title': 'Nurse station',
};

export const t = scoped(zh, en);
