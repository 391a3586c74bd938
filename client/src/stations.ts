// The stations (work places) of Jiceng. The home page shows a tile for each station the
// user's permissions allow, and the app registers each station's routes. A station module
// adds ONE import and ONE entry to STATIONS below when it is built.
import { t } from './i18n/index.js';
import type { Station } from './station-types.js';
import { hasAdminPermission } from './session.js';
import { pharmacyStation } from './pages/pharmacy/station.js';
import { registrationStation } from './pages/registration/station.js';
import { patientsStation } from './pages/patients/station.js';
import { doctorStation } from './pages/doctor/station.js';
import { cashierStation } from './pages/cashier/station.js';
import { devicesStation } from './pages/devices/station.js';
import { printingStation } from './pages/printing/station.js';
import { storeStation } from './pages/store/station.js';
import { nurseStation } from './pages/nurse/station.js';

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
  nurseStation,
];

export function stationsFor(perms: Set<string>): Station[] {
  return STATIONS.filter((s) => s.allowed(perms));
}
