// The store station's report pages (owned by the reports engineer): routes and nav entries
// that client/src/pages/store/station.ts spreads into the station.
import type { StationRoute } from '../../../stations.js';

export const REPORT_ROUTES: Record<string, StationRoute> = {};

export const REPORT_NAV: Array<{ path: string; title: () => string }> = [];
