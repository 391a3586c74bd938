// Commands of the beds module that others call (through its index.ts): it owns ward_rooms, beds,
// bed_charge_items and bed_moves (server/modules/owners.ts).
import type { Db } from '../../../db/connection.js';
import type { BedState } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import * as repo from './repo.js';

/** A bed held by a stay (occupied or 包床) with its daily charge items. */
export interface HeldBed {
  bedId: number;
  bedCode: string;
  wardId: number;
  stayId: number;
  state: Exclude<BedState, 'free'>;
  items: { catalogItemId: number; quantity: number }[];
}

/**
 * The beds held now by stays (occupied and 包床), each with its daily charge items — what the nightly bed
 * fee charges (inpatient-charges). One ward, or every ward.
 */
export async function heldBedsWithItems(db: Db | Trx, filter: { wardId?: number; stayId?: number } = {}) {
  const held = (await repo.heldBeds(db, filter.wardId)).filter(
    (b) => filter.stayId === undefined || b.stay_id === filter.stayId,
  );
  const items = await repo.rawItemsOfBeds(
    db,
    held.map((b) => b.id),
  );
  const byBed = new Map<number, HeldBed['items']>();
  for (const i of items) {
    let l = byBed.get(i.bed_id);
    if (!l) byBed.set(i.bed_id, (l = []));
    l.push({ catalogItemId: i.catalog_item_id, quantity: i.quantity });
  }
  return held.map(
    (b): HeldBed => ({
      bedId: b.id,
      bedCode: b.code,
      wardId: b.ward_id,
      stayId: b.stay_id!,
      state: b.state as HeldBed['state'],
      items: byBed.get(b.id) ?? [],
    }),
  );
}

/** One bed (any state), or undefined. */
export function bedById(db: Db | Trx, bedId: number) {
  return repo.bed(db, bedId);
}
