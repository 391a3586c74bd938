// The stock location this screen works in: the user's own department when it is a stock
// location, else the first; the choice is remembered in localStorage. A user who may not post
// (a clerk, a pharmacist) works only at their own department when it is a stock location (the
// server refuses their drafts elsewhere), so the picker offers only that one. The page joins
// the location's live room (pharmacy:<id>) whenever the choice changes.
import { useEffect } from 'preact/hooks';
import { signal } from '@preact/signals';
import { EV, EVENTS } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { useLive, useResource, type Resource } from '../../hooks.js';
import { html } from '../../html.js';
import { can, me } from '../../session.js';
import { joinRooms } from '../../socket.js';
import { t } from './i18n.js';
import type { Items, StockLocation } from './types.js';
import { LOCATION_STORE, storedLocation } from './stored-location.js';

const chosen = signal<number | null>(storedLocation());

export function chooseLocation(id: number): void {
  chosen.value = id;
  try {
    localStorage.setItem(LOCATION_STORE, String(id));
  } catch {
    /* private mode */
  }
}

export interface LocationState {
  locations: Resource<Items<StockLocation>>;
  /** Every active location (counterparts of documents). */
  list: StockLocation[];
  /** The locations this user may choose to work in. */
  choices: StockLocation[];
  current: StockLocation | null;
}

/** The active stock locations and the chosen one (null while loading or when there is none). */
export function useLocation(): LocationState {
  const locations = useResource(() => get<Items<StockLocation>>('/api/stock/locations'), []);
  useLive([EVENTS.departmentChanged, EV.stockLocationChanged], locations.reload);
  const list = (locations.data?.items ?? []).filter((l) => l.active);
  const pick = (id: number | null) => list.find((l) => l.id === id) ?? null;
  const own = pick(me.value?.departmentId ?? null);
  if (own && !can('inventory.post')) return { locations, list, choices: [own], current: own };
  const current = pick(chosen.value) ?? own ?? list[0] ?? null;
  return { locations, list, choices: list, current };
}

/** Joins pharmacy:<id> for the location and calls `onJoined` once joined (reload snapshots then). */
export function useLocationRoom(locationId: number | null, onJoined: () => void): void {
  useEffect(() => {
    if (locationId === null) return;
    return joinRooms([`pharmacy:${locationId}`], onJoined);
  }, [locationId]);
}

export function LocationPicker(props: { state: LocationState }) {
  const { choices: list, current } = props.state;
  if (!current) return null;
  return html`<label class="filter store-location">
    <span>${t('location.label')}</span>
    <select name="locationId" value=${String(current.id)}
      onChange=${(e: Event) => chooseLocation(Number((e.currentTarget as HTMLSelectElement).value))}>
      ${list.map((l) => html`<option key=${l.id} value=${String(l.id)}>${l.name}</option>`)}
    </select>
  </label>`;
}
