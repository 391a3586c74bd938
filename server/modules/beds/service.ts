// Beds (床位): the ward's rooms and beds (setup), the live board, and the bed movements at the
// nurse station — 安床, 换床, 包床 / 取消包床, 转科, 释放. Every move is one transaction: the bed(s)
// moved only from the state and version read (two nurses, one bed: one wins, the other gets 409
// naming the bed), the stay changed only through stays' setPlacement, a bed_moves row, an audit
// entry and `bed:changed` to the ward's room (stays emits `stay:changed`).
import { type DomainError, conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import type { BedChangedPayload } from '../../../core/contract.js';
import { t } from '../../../core/i18n.js';
import type { BedMoveKind } from '../../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { setPlacement, stayForWrite, staySummaries, type StayRow } from '../stays/index.js';
import { bedChanged } from './events.js';
import { bedCardJob, wristbandJob } from './print.js';
import * as repo from './repo.js';
import type {
  Board,
  BedItems,
  BedMoveView,
  BedView,
  BulkBeds,
  ChangeBody,
  CreateRoom,
  MoveResult,
  PlaceBody,
  ReserveBody,
  RoomView,
  SetupBed,
  TransferBody,
  UpdateBed,
  UpdateRoom,
  WardSetup,
  WardView,
} from './schema.js';

export const BED = t('床位', 'Bed');
export const ROOM = t('病房', 'Room');
export const WARD = t('病区', 'Ward');

const bedName = (b: { code: string }) => t(`${b.code}床`, `bed ${b.code}`);

function stayLabel(s: StayRow) {
  return t(`住院号 ${s.stay_no}`, `stay ${s.stay_no}`);
}

/** 409 naming the bed: it is no longer what the nurse saw. */
function bedTaken(b: BedView, field: string): DomainError {
  const what =
    b.state === 'occupied'
      ? t('已有患者', 'is occupied')
      : b.state === 'reserved'
        ? t('已被包床', 'is reserved')
        : t('已被他人更改', 'was changed by someone else');
  return conflict(
    'bed_taken',
    t(`${b.code}床${what.zh},请刷新床位图后重选`, `Bed ${b.code} ${what.en}; reload the board and choose again`),
    field,
  );
}

export function createBedsService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;

  async function wardOr404(q: typeof db | Tx['db'], wardId: number, field = 'wardId'): Promise<WardView> {
    const [w] = await repo.wards(q, wardId);
    if (!w) throw notFound(WARD, wardId, field);
    return w;
  }

  async function setupBeds(q: typeof db | Tx['db'], beds: BedView[]): Promise<SetupBed[]> {
    const items = await repo.itemsOfBeds(
      q,
      beds.map((b) => b.id),
    );
    return beds.map((b) => ({ ...b, items: items.get(b.id) ?? [] }));
  }

  /** The bed charge items must be active `service` items, each once. */
  async function checkItems(q: Tx['db'], items: { catalogItemId: number }[]): Promise<void> {
    const ids = items.map((i) => i.catalogItemId);
    if (new Set(ids).size !== ids.length)
      throw invalid('items', t('同一收费项目只能出现一次', 'Each charge item may appear only once'));
    const found = new Map((await repo.catalogItems(q, ids)).map((r) => [r.id, r]));
    items.forEach((i, n) => {
      const c = found.get(i.catalogItemId);
      if (!c) throw notFound(t('收费项目', 'Charge item'), i.catalogItemId, `items.${n}.catalogItemId`);
      if (c.kind !== 'service' || c.active !== 1)
        throw invalid(
          `items.${n}.catalogItemId`,
          t(`“${c.name}”不是启用的诊疗服务项目`, `"${c.name}" is not an active service item`),
        );
    });
  }

  async function bedForWrite(q: Tx['db'], bedId: number, field: string): Promise<BedView> {
    const b = await repo.bed(q, bedId);
    if (!b) throw notFound(BED, bedId, field);
    return b;
  }

  /** Checks the doctors and the nurse named for 安床: active staff (the board offers physicians and nurses). */
  async function checkStaff(q: Tx['db'], p: Pick<PlaceBody, 'attendingDoctorId' | 'residentDoctorId' | 'nurseId'>) {
    const want: [keyof typeof p, number | null | undefined][] = [
      ['attendingDoctorId', p.attendingDoctorId],
      ['residentDoctorId', p.residentDoctorId],
      ['nurseId', p.nurseId],
    ];
    const ids = want.flatMap(([, id]) => (id ? [id] : []));
    const found = new Set((await repo.activeStaff(q, ids)).map((s) => s.id));
    for (const [field, id] of want) {
      if (id && !found.has(id)) throw invalid(field, t(`人员 ${id} 不存在或已停用`, `Staff ${id} is not active`));
    }
  }

  /** Moves one bed from what was read to a new state; a bed changed in between → 409 naming it. */
  async function moveBed(
    tx: Tx,
    b: BedView,
    to: { state: BedView['state']; stayId: number | null },
    field: string,
  ): Promise<void> {
    if (!(await repo.setBedState(tx.db, b, to, tx.now))) {
      const now = (await repo.bed(tx.db, b.id))!;
      throw bedTaken(now, field);
    }
  }

  async function finishMove(
    tx: Tx,
    actor: Actor,
    m: {
      stay: StayRow;
      kind: BedMoveKind;
      fromBedId: number | null;
      toBedId: number | null;
      fromWardId: number | null;
      toWardId: number | null;
      attendingDoctorId?: number | null;
      residentDoctorId?: number | null;
      nurseId?: number | null;
      reason?: string | null;
      bedIds: number[];
      wardOfBeds: number;
    },
  ): Promise<MoveResult> {
    const after = (await stayForWrite(tx, m.stay.id)) as StayRow;
    const moveId = await repo.insertMove(
      tx.db,
      {
        stayId: m.stay.id,
        kind: m.kind,
        fromBedId: m.fromBedId,
        toBedId: m.toBedId,
        fromWardId: m.fromWardId,
        toWardId: m.toWardId,
        attendingDoctorId: m.attendingDoctorId ?? after.attending_doctor_id,
        residentDoctorId: m.residentDoctorId ?? after.resident_doctor_id,
        nurseId: m.nurseId ?? after.nurse_id,
        reason: m.reason ?? null,
        operatorId: actor.userId,
      },
      tx.now,
    );
    const beds = await repo.bedsByIds(tx.db, m.bedIds);
    await tx.audit(actor, {
      action: `bed.${m.kind}`,
      entity: 'bed_move',
      entityId: moveId,
      patientId: m.stay.patient_id,
      summary: {
        stayId: m.stay.id,
        stayNo: m.stay.stay_no,
        kind: m.kind,
        fromBedId: m.fromBedId,
        toBedId: m.toBedId,
        fromWardId: m.fromWardId,
        toWardId: m.toWardId,
        reason: m.reason ?? null,
      },
    });
    tx.emit(bedChanged(m.wardOfBeds, m.kind as BedChangedPayload['cause'], m.stay.id, beds));
    return { moveId, beds };
  }

  function emitSetup(tx: Tx, wardId: number, beds: BedView[]) {
    tx.emit(bedChanged(wardId, 'setup', null, beds));
  }

  return {
    // ---- reads ----
    wards(): Promise<WardView[]> {
      return repo.wards(db);
    },

    async setup(wardId: number): Promise<WardSetup> {
      const ward = await wardOr404(db, wardId);
      const [rooms, beds] = await Promise.all([repo.rooms(db, wardId), repo.bedsOfWard(db, wardId)]);
      return { ward, rooms, beds: await setupBeds(db, beds) };
    },

    async board(wardId: number): Promise<Board> {
      const ward = await wardOr404(db, wardId);
      const [rooms, beds, stays, staff, wards] = await Promise.all([
        repo.rooms(db, wardId, true),
        repo.bedsOfWard(db, wardId, true),
        staySummaries(db, { wardId, open: true, now: clock.now() }),
        repo.staffOptions(db, wardId),
        repo.wards(db),
      ]);
      const opt = (s: (typeof staff)[number]) => ({
        id: s.id,
        name: s.name,
        title: s.title,
        mine: s.department_id === wardId,
      });
      const mineFirst = (a: { mine: boolean }, b: { mine: boolean }) => Number(b.mine) - Number(a.mine);
      return {
        ward,
        rooms,
        beds,
        stays,
        doctors: staff
          .filter((s) => s.title.endsWith('physician'))
          .map(opt)
          .sort(mineFirst),
        nurses: staff
          // Nurses by title, and the ward's own staff (a nurse without a title on file).
          .filter((s) => s.title.endsWith('nurse') || (s.department_id === wardId && !s.title.endsWith('physician')))
          .map(opt)
          .sort(mineFirst),
        wards,
      };
    },

    moves(stayId: number): Promise<BedMoveView[]> {
      return repo.movesOfStay(db, stayId);
    },

    // ---- setup (病区床位设置) ----
    createRoom(actor: Actor, wardId: number, input: CreateRoom): Promise<RoomView> {
      return uow.write(async (tx) => {
        await wardOr404(tx.db, wardId);
        if (await repo.roomCodeTaken(tx.db, wardId, input.code, null))
          throw conflict('duplicate', t(`病房号“${input.code}”已存在`, `Room "${input.code}" exists already`), 'code');
        const id = await repo.insertRoom(tx.db, wardId, input, tx.now);
        const after = (await repo.room(tx.db, id))!;
        await tx.audit(actor, { action: 'ward_room.create', entity: 'ward_room', entityId: id, before: null, after });
        emitSetup(tx, wardId, []);
        return after;
      });
    },

    updateRoom(actor: Actor, id: number, input: UpdateRoom): Promise<RoomView> {
      return uow.write(async (tx) => {
        const before = await repo.room(tx.db, id);
        if (!before) throw notFound(ROOM, id, 'id');
        if (before.version !== input.version) throw staleVersion(ROOM);
        if (await repo.roomCodeTaken(tx.db, before.wardId, input.code, id))
          throw conflict('duplicate', t(`病房号“${input.code}”已存在`, `Room "${input.code}" exists already`), 'code');
        if (before.active && !input.active && (await repo.activeBedsInRoom(tx.db, id)) > 0)
          throw conflict(
            'room_has_beds',
            t('病房内还有启用的床位,请先停用床位', 'The room still has active beds; deactivate them first'),
            'active',
          );
        await repo.updateRoom(tx.db, id, input, tx.now);
        const after = (await repo.room(tx.db, id))!;
        await tx.audit(actor, { action: 'ward_room.update', entity: 'ward_room', entityId: id, before, after });
        emitSetup(tx, before.wardId, []);
        return after;
      });
    },

    /** "Beds 1–20 in room 301": codes prefix+n, each with the given daily charge items. */
    bulkCreate(actor: Actor, wardId: number, input: BulkBeds, idem?: Idempotency): Promise<{ beds: SetupBed[] }> {
      return uow.write(async (tx) => {
        await wardOr404(tx.db, wardId);
        const room = await repo.room(tx.db, input.roomId);
        if (!room || room.wardId !== wardId) throw notFound(ROOM, input.roomId, 'roomId');
        if (!room.active) throw invalid('roomId', t(`病房 ${room.code} 已停用`, `Room ${room.code} is inactive`));
        await checkItems(tx.db, input.items);
        const codes: string[] = [];
        for (let n = input.from; n <= input.to; n++) codes.push(`${input.prefix}${n}`);
        const taken = await repo.takenBedCodes(tx.db, wardId, codes);
        if (taken.length)
          throw conflict(
            'duplicate',
            t(`床号已存在:${taken.join('、')}`, `Bed numbers already used: ${taken.join(', ')}`),
            'from',
          );
        let sort = await repo.maxSort(tx.db, wardId);
        const ids: number[] = [];
        for (const code of codes) {
          const id = await repo.insertBed(
            tx.db,
            { wardId, roomId: room.id, code, type: input.type, sort: ++sort },
            tx.now,
          );
          await repo.replaceItems(tx.db, id, input.items);
          ids.push(id);
        }
        const beds = await repo.bedsByIds(tx.db, ids);
        await tx.audit(actor, {
          action: 'bed.bulk_create',
          entity: 'ward',
          entityId: wardId,
          summary: { roomId: room.id, codes, type: input.type, items: input.items },
        });
        emitSetup(tx, wardId, beds);
        return { beds: await setupBeds(tx.db, beds) };
      }, idem);
    },

    updateBed(actor: Actor, id: number, input: UpdateBed): Promise<SetupBed> {
      return uow.write(async (tx) => {
        const before = await bedForWrite(tx.db, id, 'id');
        if (before.version !== input.version) throw staleVersion(BED);
        const room = await repo.room(tx.db, input.roomId);
        if (!room || room.wardId !== before.wardId) throw notFound(ROOM, input.roomId, 'roomId');
        if (input.code !== before.code && (await repo.takenBedCodes(tx.db, before.wardId, [input.code])).length)
          throw conflict('duplicate', t(`床号“${input.code}”已存在`, `Bed "${input.code}" exists already`), 'code');
        await repo.updateBed(tx.db, id, input, tx.now);
        const after = (await repo.bed(tx.db, id))!;
        await tx.audit(actor, { action: 'bed.update', entity: 'bed', entityId: id, before, after });
        emitSetup(tx, before.wardId, [after]);
        return (await setupBeds(tx.db, [after]))[0]!;
      });
    },

    /** Deactivates a free bed (an occupied or reserved one is refused, naming the bed). */
    setActive(actor: Actor, id: number, version: number, active: boolean): Promise<SetupBed> {
      return uow.write(async (tx) => {
        const before = await bedForWrite(tx.db, id, 'id');
        if (before.version !== version) throw staleVersion(BED);
        if (before.active === active)
          throw conflict(
            'unchanged',
            active ? t('该床位已启用', 'The bed is already active') : t('该床位已停用', 'The bed is already inactive'),
            'active',
          );
        if (!active && before.state !== 'free')
          throw conflict(
            'bed_in_use',
            t(`${before.code}床有患者或被包床,不能停用`, `Bed ${before.code} is in use and cannot be deactivated`),
            'id',
          );
        await repo.setBedActive(tx.db, id, active, tx.now);
        const after = (await repo.bed(tx.db, id))!;
        await tx.audit(actor, {
          action: active ? 'bed.activate' : 'bed.deactivate',
          entity: 'bed',
          entityId: id,
          before,
          after,
        });
        emitSetup(tx, before.wardId, [after]);
        return (await setupBeds(tx.db, [after]))[0]!;
      });
    },

    setItems(actor: Actor, id: number, input: BedItems): Promise<SetupBed> {
      return uow.write(async (tx) => {
        const before = await bedForWrite(tx.db, id, 'id');
        if (before.version !== input.version) throw staleVersion(BED);
        await checkItems(tx.db, input.items);
        const itemsBefore = (await repo.itemsOfBeds(tx.db, [id])).get(id) ?? [];
        await repo.replaceItems(tx.db, id, input.items);
        await repo.touchBed(tx.db, id, tx.now);
        const after = (await repo.bed(tx.db, id))!;
        await tx.audit(actor, {
          action: 'bed.items',
          entity: 'bed',
          entityId: id,
          before: { items: itemsBefore.map((i) => ({ catalogItemId: i.catalogItemId, quantity: i.quantity })) },
          after: { items: input.items },
        });
        emitSetup(tx, before.wardId, [after]);
        return (await setupBeds(tx.db, [after]))[0]!;
      });
    },

    // ---- moves (护士站) ----
    /** 安床 (or 转入 for a stay transferring here): a waiting stay of this ward into a free bed. */
    place(actor: Actor, bedId: number, input: PlaceBody, idem?: Idempotency): Promise<MoveResult> {
      return uow.write(async (tx) => {
        const bed = await bedForWrite(tx.db, bedId, 'bedId');
        if (!bed.active)
          throw conflict('bed_inactive', t(`${bed.code}床已停用`, `Bed ${bed.code} is inactive`), 'bedId');
        if (bed.state !== 'free') throw bedTaken(bed, 'bedId');
        if (bed.version !== input.version) throw bedTaken(bed, 'bedId');
        const stay = await stayForWrite(tx, input.stayId);
        if (input.stayVersion !== undefined && stay.version !== input.stayVersion)
          throw staleVersion(t('住院记录', 'Stay'));
        if (stay.state !== 'pending' && stay.state !== 'transferring')
          throw conflict(
            'stay_not_waiting',
            t(`${stayLabel(stay).zh} 不在待入或待转入状态,不能安床`, `${stayLabel(stay).en} is not waiting for a bed`),
            'stayId',
          );
        if (stay.ward_id !== bed.wardId)
          throw invalid(
            'bedId',
            t(`${bedName(bed).zh}不属于该患者的病区`, `${bedName(bed).en} is not in the stay's ward`),
          );
        await checkStaff(tx.db, input);
        await moveBed(tx, bed, { state: 'occupied', stayId: stay.id }, 'bedId');
        const transferIn = stay.state === 'transferring';
        const placement = {
          state: 'in_ward' as const,
          wardId: bed.wardId,
          bedId: bed.id,
          ...(input.attendingDoctorId !== undefined ? { attendingDoctorId: input.attendingDoctorId } : {}),
          ...(input.residentDoctorId !== undefined ? { residentDoctorId: input.residentDoctorId } : {}),
          ...(input.nurseId !== undefined ? { nurseId: input.nurseId } : {}),
        };
        await setPlacement(tx, stay.id, placement, stay.version, actor);
        const from = transferIn ? await repo.lastTransferOut(tx.db, stay.id) : undefined;
        const print = input.wristband ? await wristbandJob(tx, actor, stay.id) : null;
        const done = await finishMove(tx, actor, {
          stay,
          kind: transferIn ? 'transfer_in' : 'place',
          fromBedId: null,
          toBedId: bed.id,
          fromWardId: from?.from_ward_id ?? null,
          toWardId: bed.wardId,
          attendingDoctorId: input.attendingDoctorId,
          residentDoctorId: input.residentDoctorId,
          nurseId: input.nurseId,
          bedIds: [bed.id],
          wardOfBeds: bed.wardId,
        });
        return { ...done, print };
      }, idem);
    },

    /** 打印床头卡: the bed card of a stay in a bed (409 `stay_not_in_bed` otherwise) at the receipt printer. */
    printBedCard(actor: Actor, stayId: number) {
      return uow.write(async (tx) => {
        const out = await bedCardJob(tx, actor, stayId);
        if (!out)
          throw conflict(
            'stay_not_in_bed',
            t('该患者尚未安床,没有床头卡', 'The patient has no bed: no bed card'),
            'stayId',
          );
        return out;
      });
    },

    /** 打印腕带: the stay's wristband at this workstation's label printer (a reprint, or after 安床). */
    printWristband(actor: Actor, stayId: number) {
      return uow.write(async (tx) => {
        await stayForWrite(tx, stayId);
        return wristbandJob(tx, actor, stayId);
      });
    },

    /** 换床: the stay's bed for a free bed of the same ward (or for the bed it reserved). */
    change(actor: Actor, stayId: number, input: ChangeBody, idem?: Idempotency): Promise<MoveResult> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        if (input.stayVersion !== undefined && stay.version !== input.stayVersion)
          throw staleVersion(t('住院记录', 'Stay'));
        if (stay.state !== 'in_ward' || stay.bed_id === null)
          throw conflict(
            'stay_not_in_bed',
            t(`${stayLabel(stay).zh} 不在床,不能换床`, `${stayLabel(stay).en} has no bed to change`),
            'stayId',
          );
        if (stay.bed_id === input.toBedId)
          throw invalid('toBedId', t('新床位与原床位相同', 'The new bed is the bed the patient is in'));
        const from = await bedForWrite(tx.db, stay.bed_id, 'stayId');
        const to = await bedForWrite(tx.db, input.toBedId, 'toBedId');
        if (to.wardId !== stay.ward_id)
          throw invalid(
            'toBedId',
            t(`${bedName(to).zh}不在本病区,转到其他病区请用转科`, `${bedName(to).en} is in another ward: transfer`),
          );
        if (!to.active)
          throw conflict('bed_inactive', t(`${to.code}床已停用`, `Bed ${to.code} is inactive`), 'toBedId');
        const ownReserved = to.state === 'reserved' && to.stayId === stay.id;
        if ((to.state !== 'free' && !ownReserved) || to.version !== input.toBedVersion) throw bedTaken(to, 'toBedId');
        await moveBed(tx, to, { state: 'occupied', stayId: stay.id }, 'toBedId');
        await moveBed(tx, from, { state: 'free', stayId: null }, 'stayId');
        await setPlacement(tx, stay.id, { state: 'in_ward', wardId: stay.ward_id, bedId: to.id }, stay.version, actor);
        return finishMove(tx, actor, {
          stay,
          kind: 'change',
          fromBedId: from.id,
          toBedId: to.id,
          fromWardId: stay.ward_id,
          toWardId: stay.ward_id,
          reason: input.reason || null,
          bedIds: [from.id, to.id],
          wardOfBeds: stay.ward_id,
        });
      }, idem);
    },

    /** 包床: a second free bed of the ward held by a stay that is in a bed (charged as a bed too). */
    reserve(actor: Actor, stayId: number, input: ReserveBody, idem?: Idempotency): Promise<MoveResult> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        if (stay.state !== 'in_ward' || stay.bed_id === null)
          throw conflict(
            'stay_not_in_bed',
            t(`${stayLabel(stay).zh} 尚未安床,不能包床`, `${stayLabel(stay).en} has no bed yet: no reservation`),
            'stayId',
          );
        const b = await bedForWrite(tx.db, input.bedId, 'bedId');
        if (b.wardId !== stay.ward_id)
          throw invalid('bedId', t(`${bedName(b).zh}不在本病区`, `${bedName(b).en} is in another ward`));
        if (!b.active) throw conflict('bed_inactive', t(`${b.code}床已停用`, `Bed ${b.code} is inactive`), 'bedId');
        if (b.state !== 'free' || b.version !== input.version) throw bedTaken(b, 'bedId');
        await moveBed(tx, b, { state: 'reserved', stayId: stay.id }, 'bedId');
        return finishMove(tx, actor, {
          stay,
          kind: 'reserve',
          fromBedId: null,
          toBedId: b.id,
          fromWardId: stay.ward_id,
          toWardId: stay.ward_id,
          bedIds: [b.id],
          wardOfBeds: b.wardId,
        });
      }, idem);
    },

    /**
     * 取消包床 ('unreserve', the holder still in the ward) or 释放 ('release', with a reason: any
     * reserved bed, whatever became of its holder).
     */
    freeReserved(
      actor: Actor,
      bedId: number,
      input: { version: number; reason?: string },
      kind: 'unreserve' | 'release',
      idem?: Idempotency,
    ): Promise<MoveResult> {
      return uow.write(async (tx) => {
        const b = await bedForWrite(tx.db, bedId, 'bedId');
        if (b.state !== 'reserved' || b.stayId === null)
          throw conflict(
            'bed_not_reserved',
            t(`${b.code}床不是包床,无需释放`, `Bed ${b.code} is not reserved`),
            'bedId',
          );
        if (b.version !== input.version) throw bedTaken(b, 'bedId');
        const stay = await stayForWrite(tx, b.stayId);
        if (kind === 'unreserve' && (stay.state !== 'in_ward' || stay.ward_id !== b.wardId))
          throw conflict(
            'holder_left',
            t(`${stayLabel(stay).zh} 已不在本病区,请用释放`, `${stayLabel(stay).en} left the ward: release the bed`),
            'bedId',
          );
        await moveBed(tx, b, { state: 'free', stayId: null }, 'bedId');
        return finishMove(tx, actor, {
          stay,
          kind,
          fromBedId: b.id,
          toBedId: null,
          fromWardId: b.wardId,
          toWardId: b.wardId,
          reason: input.reason ?? null,
          bedIds: [b.id],
          wardOfBeds: b.wardId,
        });
      }, idem);
    },

    /** 转科: every bed of the stay freed, the stay 待转入 at the receiving ward (which 安床s it there). */
    transfer(actor: Actor, stayId: number, input: TransferBody, idem?: Idempotency): Promise<MoveResult> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        if (input.stayVersion !== undefined && stay.version !== input.stayVersion)
          throw staleVersion(t('住院记录', 'Stay'));
        if (stay.state !== 'in_ward')
          throw conflict(
            'stay_not_in_ward',
            t(`${stayLabel(stay).zh} 不在院,不能转科`, `${stayLabel(stay).en} is not in a ward: no transfer`),
            'stayId',
          );
        if (input.toWardId === stay.ward_id)
          throw invalid('toWardId', t('转入病区与当前病区相同', 'The receiving ward is the current ward'));
        await wardOr404(tx.db, input.toWardId, 'toWardId');
        const held = await repo.bedsOfStay(tx.db, stay.id);
        for (const b of held) await moveBed(tx, b, { state: 'free', stayId: null }, 'stayId');
        await setPlacement(
          tx,
          stay.id,
          { state: 'transferring', wardId: input.toWardId, bedId: null },
          stay.version,
          actor,
        );
        return finishMove(tx, actor, {
          stay,
          kind: 'transfer_out',
          fromBedId: stay.bed_id,
          toBedId: null,
          fromWardId: stay.ward_id,
          toWardId: input.toWardId,
          reason: input.reason,
          bedIds: held.map((b) => b.id),
          wardOfBeds: stay.ward_id,
        });
      }, idem);
    },
  };
}

export type BedsService = ReturnType<typeof createBedsService>;
