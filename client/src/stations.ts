// The stations (work places) of Jiceng. The home page shows a tile for each station the
// user's permissions allow, and the app registers each station's routes. A station module
// adds ONE import and ONE entry to STATIONS below when it is built.
import type { FunctionComponent } from 'preact';
import { t } from './i18n/index.js';
import { hasAdminPermission } from './session.js';
import { pharmacyStation } from './pages/pharmacy/station.js';
import { registrationStation } from './pages/registration/station.js';
import { patientsStation } from './pages/patients/station.js';
import { doctorStation } from './pages/doctor/station.js';
import { cashierStation } from './pages/cashier/station.js';
import { devicesStation } from './pages/devices/station.js';
import { printingStation } from './pages/printing/station.js';
import { storeStation } from './pages/store/station.js';

export interface StationRoute {
  view: FunctionComponent;
  /** The browser tab's title. */
  title: () => string;
  /** Defaults to the station's own `allowed`. */
  allowed?: (perms: Set<string>) => boolean;
}

export interface Station {
  id: string;
  title: () => string;
  description: () => string;
  route: string;
  /** The icon letter on the tile (a short Chinese character reads best). */
  glyph: () => string;
  allowed: (perms: Set<string>) => boolean;
  /** The station's pages by path (the admin and account pages are registered by app.ts). */
  routes?: Record<string, StationRoute>;
  /** Rooms the live link joins while this user may use the station (e.g. 'cashier'). */
  rooms?: (perms: Set<string>, ctx: { departmentId: number; workstationId: number | null }) => string[];
}

export const STATIONS: Station[] = [
  {
    id: 'admin',
    title: () => t('station.admin'),
    description: () => t('station.admin.desc'),
    route: '/admin',
    glyph: () => t('station.admin.glyph'),
    allowed: (p) => hasAdminPermission(p) || p.has('audit.read'),
  },
  {
    id: 'password',
    title: () => t('station.password'),
    description: () => t('station.password.desc'),
    route: '/change-password',
    glyph: () => t('station.password.glyph'),
    allowed: () => true,
  },
  registrationStation,
  patientsStation,
  pharmacyStation,
  doctorStation,
  cashierStation,
  devicesStation,
  printingStation,
  storeStation,
];

export function stationsFor(perms: Set<string>): Station[] {
  return STATIONS.filter((s) => s.allowed(perms));
}
