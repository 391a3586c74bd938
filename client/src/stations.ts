// The stations (work places) of Jiceng. The home page shows a tile for each station the
// user's permissions allow. A later module adds its station here when it is built.
import type { Key } from './i18n/index.js';
import { hasAdminPermission } from './session.js';

export interface Station {
  id: string;
  title: Key;
  description: Key;
  route: string;
  /** The icon letter on the tile (a short Chinese character reads best). */
  glyph: Key;
  allowed: (perms: Set<string>) => boolean;
}

export const STATIONS: Station[] = [
  {
    id: 'admin',
    title: 'station.admin',
    description: 'station.admin.desc',
    route: '/admin',
    glyph: 'station.admin.glyph',
    allowed: (p) => hasAdminPermission(p) || p.has('audit.read'),
  },
  {
    id: 'password',
    title: 'station.password',
    description: 'station.password.desc',
    route: '/change-password',
    glyph: 'station.password.glyph',
    allowed: () => true,
  },
];

export function stationsFor(perms: Set<string>): Station[] {
  return STATIONS.filter((s) => s.allowed(perms));
}
