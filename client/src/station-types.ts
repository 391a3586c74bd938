// The shape of a station (a work place) and of its pages' routes: what each
// pages/<station>/station.ts declares and the registry (stations.ts) lists. Apart from the
// registry so that the stations' entries do not import the registry that imports them.
import type { FunctionComponent } from 'preact';

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
