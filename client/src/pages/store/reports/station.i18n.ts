// The report pages' titles and navigation: the strings that the station's routes (index.ts)
// and its navigation (nav.ts) need before the pages' own chunks load (client/src/lazy.ts).
// i18n.ts spreads them into the full dictionary.
import { scoped } from '../../../i18n/scoped.js';

export const zh = {
  'nav.onHand': '库存查询',
  'nav.ledger': '进销存台账',
  'nav.monthly': '月度报表',
  'nav.alerts': '效期与库存预警',
  'title.onHand': '库存查询',
  'title.ledger': '进销存台账',
  'title.monthly': '月度进销存报表',
  'title.alerts': '效期与库存预警',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.onHand': 'Stock on hand',
  'nav.ledger': 'Item ledger',
  'nav.monthly': 'Monthly report',
  'nav.alerts': 'Expiry and reorder alerts',
  'title.onHand': 'Stock on hand',
  'title.ledger': 'Item movement ledger',
  'title.monthly': 'Monthly receipts, issues and balance',
  'title.alerts': 'Expiry and reorder alerts',
};

export const t = scoped(zh, en);
