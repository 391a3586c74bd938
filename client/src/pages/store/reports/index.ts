// The store station's report pages (owned by the reports engineer): routes and nav entries
// that client/src/pages/store/station.ts spreads into the station.
import type { StationRoute } from '../../../stations.js';
import { AlertsPage } from './alerts.js';
import { t } from './i18n.js';
import { LedgerPage } from './ledger.js';
import { MonthlyPage } from './monthly.js';
import { OnHandPage } from './on-hand.js';

export const REPORT_PATHS = {
  onHand: '/store/reports/on-hand',
  ledger: '/store/reports/ledger',
  monthly: '/store/reports/monthly',
  alerts: '/store/reports/alerts',
};

export const REPORT_ROUTES: Record<string, StationRoute> = {
  [REPORT_PATHS.onHand]: { view: OnHandPage, title: () => t('title.onHand') },
  [REPORT_PATHS.ledger]: { view: LedgerPage, title: () => t('title.ledger') },
  [REPORT_PATHS.monthly]: { view: MonthlyPage, title: () => t('title.monthly') },
  [REPORT_PATHS.alerts]: { view: AlertsPage, title: () => t('title.alerts') },
};

export const REPORT_NAV: Array<{ path: string; title: () => string }> = [
  { path: REPORT_PATHS.onHand, title: () => t('nav.onHand') },
  { path: REPORT_PATHS.ledger, title: () => t('nav.ledger') },
  { path: REPORT_PATHS.monthly, title: () => t('nav.monthly') },
  { path: REPORT_PATHS.alerts, title: () => t('nav.alerts') },
];
