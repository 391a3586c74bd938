// Events published by the insurance catalog module: `insurance:catalog-changed` to `insurance-catalog` (the
// matching and download pages of every open browser apply it).
import { publish } from '../../realtime/bus.js';
import { INSURANCE_CATALOG_EVENTS, type InsuranceCatalogChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function catalogChanged(
  kind: InsuranceCatalogChangedPayload['kind'],
  keys: Array<number | string>,
  action: InsuranceCatalogChangedPayload['action'],
) {
  return publish(INSURANCE_CATALOG_EVENTS.changed, { kind, keys, action }, [rooms.insuranceCatalog()]);
}
