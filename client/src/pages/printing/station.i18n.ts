// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '打印',
  'station.desc': '本工作站的打印任务、重打、版式预览、测试页与发票模板',
  'station.glyph': '印',
  'page.title': '打印',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Printing',
  'station.desc': "This workstation's print jobs, reprints, layout previews, test pages and the invoice template",
  'station.glyph': 'P',
  'page.title': 'Printing',
};

export const t = scoped(zh, en);
