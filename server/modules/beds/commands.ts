// Commands of the beds module that others call (through its index.ts): it owns ward_rooms, beds,
// bed_charge_items and bed_moves (server/modules/owners.ts).
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Db } from '../../../db/connection.js';
import type { BedState } from '../../../db/schema.js';
import type { AuditWho, Trx, Tx } from '../../lib/uow.js';
import { stayForWrite } from '../stays/index.js';
import { bedChanged } from './events.js';
import * as repo from './repo.js';
import type { BedView } from './schema.js';

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

/**
 * 预出院's bed part (INPATIENT.md §9), for the discharge work: every bed the stay holds (its bed and any
 * 包床) freed in the caller's transaction, one 'pre_discharge' bed move (from its bed and ward), audited,
 * `bed:changed` to the ward. The stay's own state is the caller's (stays' commands). A bed changed in
 * between → 409 `bed_taken`. Returns the freed beds (none: no move is written).
 */
export async function freeBedsForDischarge(
  tx: Tx,
  who: AuditWho & { userId: number },
  stayId: number,
  reason: string | null = null,
): Promise<{ moveId: number | null; beds: BedView[] }> {
  const stay = await stayForWrite(tx, stayId);
  const held = await repo.bedsOfStay(tx.db, stayId);
  if (!held.length) return { moveId: null, beds: [] };
  for (const b of held) {
    if (!(await repo.setBedState(tx.db, b, { state: 'free', stayId: null }, tx.now)))
      throw conflict(
        'bed_taken',
        t(`${b.code}床已被他人更改,请重试`, `Bed ${b.code} was changed; try again`),
        'stayId',
      );
  }
  const moveId = await repo.insertMove(
    tx.db,
    {
      stayId,
      kind: 'pre_discharge',
      fromBedId: stay.bed_id,
      toBedId: null,
      fromWardId: stay.ward_id,
      toWardId: null,
      attendingDoctorId: stay.attending_doctor_id,
      residentDoctorId: stay.resident_doctor_id,
      nurseId: stay.nurse_id,
      reason,
      operatorId: who.userId,
    },
    tx.now,
  );
  const beds = await repo.bedsByIds(
    tx.db,
    held.map((b) => b.id),
  );
  await tx.audit(who, {
    action: 'bed.pre_discharge',
    entity: 'bed_move',
    entityId: moveId,
    patientId: stay.patient_id,
    summary: { stayId, stayNo: stay.stay_no, bedIds: held.map((b) => b.id), reason },
  });
  tx.emit(bedChanged(stay.ward_id, 'pre_discharge', stayId, beds));
  return { moveId, beds };
}
