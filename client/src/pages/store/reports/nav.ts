// The store's report pages: their paths and their entries in the station's navigation. Apart
// from index.ts (their routes) so that the store's frame and the stock alert bar, which the
// report pages themselves use, can link to them without an import cycle.
import { t } from './station.i18n.js';

export const REPORT_PATHS = {
  onHand: '/store/reports/on-hand',
  ledger: '/store/reports/ledger',
  monthly: '/store/reports/monthly',
  alerts: '/store/reports/alerts',
};

export const REPORT_NAV: Array<{ path: string; title: () => string }> = [
  { path: REPORT_PATHS.onHand, title: () => t('nav.onHand') },
  { path: REPORT_PATHS.ledger, title: () => t('nav.ledger') },
  { path: REPORT_PATHS.monthly, title: () => t('nav.monthly') },
  { path: REPORT_PATHS.alerts, title: () => t('nav.alerts') },
];
