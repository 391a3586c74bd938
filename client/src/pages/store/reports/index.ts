// The store station's report pages (owned by the reports engineer): their routes, which
// client/src/pages/store/station.ts spreads into the station (paths and nav entries: nav.ts).
// The pages load on demand (client/src/lazy.ts): few desks open the store's reports.
import type { StationRoute } from '../../../station-types.js';
import { lazyPage } from '../../../lazy.js';
import { REPORT_PATHS } from './nav.js';
import { t } from './station.i18n.js';

const OnHandPage = lazyPage(() => import('./on-hand.js').then((m) => m.OnHandPage));
const LedgerPage = lazyPage(() => import('./ledger.js').then((m) => m.LedgerPage));
const MonthlyPage = lazyPage(() => import('./monthly.js').then((m) => m.MonthlyPage));
const AlertsPage = lazyPage(() => import('./alerts.js').then((m) => m.AlertsPage));

export const REPORT_ROUTES: Record<string, StationRoute> = {
  [REPORT_PATHS.onHand]: { view: OnHandPage, title: () => t('title.onHand') },
  [REPORT_PATHS.ledger]: { view: LedgerPage, title: () => t('title.ledger') },
  [REPORT_PATHS.monthly]: { view: MonthlyPage, title: () => t('title.monthly') },
  [REPORT_PATHS.alerts]: { view: AlertsPage, title: () => t('title.alerts') },
};
