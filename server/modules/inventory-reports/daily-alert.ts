// The expiry alert: at server start and then once a day, every stock location with lots
// near expiry or expired (still holding stock) gets `stock:alert` (kinds near_expiry /
// expired) in its `pharmacy:<id>` room, through the event log so that a screen reconnecting
// later still gets it. Nothing is written when nothing is near expiry. The timer is unref'd
// and stopped with the server. (below_reorder is pushed by the writers: see alerts.ts.)
import { startDailyCheck } from '../../jobs/daily-check.js';
import type { DomainEvent } from '../../realtime/bus.js';
import { INVENTORY_EVENTS, type StockAlertItem } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';
import type { ModuleContext } from '../context.js';
import type { LotRow } from './schema.js';
import type { InventoryReportsService } from './service.js';

/** At most this many lots per pushed alert (the alert page lists them all). */
const MAX_ITEMS = 200;

function item(l: LotRow): StockAlertItem {
  return {
    itemId: l.itemId,
    code: l.itemCode,
    name: l.itemName,
    onHand: l.qty,
    lotId: l.lotId,
    lotNo: l.lotNo,
    expiryDate: l.expiryDate,
  };
}

/** The expiry alerts due now, one event per location and kind. */
export async function expiryAlerts(
  reports: InventoryReportsService,
): Promise<DomainEvent<typeof INVENTORY_EVENTS.alert>[]> {
  const a = await reports.alerts({});
  const out: DomainEvent<typeof INVENTORY_EVENTS.alert>[] = [];
  for (const [kind, lots] of [
    ['expired', a.expired],
    ['near_expiry', a.nearExpiry],
  ] as const) {
    const byLocation = new Map<number, LotRow[]>();
    for (const l of lots) byLocation.set(l.locationId, [...(byLocation.get(l.locationId) ?? []), l]);
    for (const [locationId, ls] of byLocation) {
      out.push({
        name: INVENTORY_EVENTS.alert,
        rooms: [rooms.pharmacy(locationId)],
        payload: { locationId, kind, items: ls.slice(0, MAX_ITEMS).map(item) },
      });
    }
  }
  return out;
}

export function startExpiryAlerts(
  m: Pick<ModuleContext, 'uow' | 'devices' | 'logger'>,
  reports: InventoryReportsService,
): void {
  startDailyCheck(m, 'stock expiry check', () => expiryAlerts(reports));
}
