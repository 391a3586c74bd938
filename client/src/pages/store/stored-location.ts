// The store location this browser chose last (localStorage), read by the station's entry for
// its live room before the store's pages have loaded (location.ts keeps the choice).

export const LOCATION_STORE = 'jiceng.store.location';

export function storedLocation(): number | null {
  try {
    const v = Number(localStorage.getItem(LOCATION_STORE));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}
