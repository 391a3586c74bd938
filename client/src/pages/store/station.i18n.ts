// The station's tile and tab titles: the strings that station.ts, in the first load need before the
// pages' own chunks load (client/src/lazy.ts). i18n.ts spreads them into the full dictionary.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'station.title': '药库',
  'station.desc': '入库、调拨、请领、退货、报损、领用与盘点',
  'station.glyph': '库',
  'page.title': '药库管理',
  'doc.new': '新建单据',
  'doc.title': '库存单据',
  'stocktake.title': '盘点',
};

export const en: Record<keyof typeof zh, string> = {
  'station.title': 'Drug store',
  'station.desc': 'Receipts, transfers, requisitions, returns, losses, consumption and stock-takes',
  'station.glyph': 'St',
  'page.title': 'Drug store',
  'doc.new': 'New document',
  'doc.title': 'Stock document',
  'stocktake.title': 'Stock-take',
};

export const t = scoped(zh, en);
