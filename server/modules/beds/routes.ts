// Beds: HTTP only. Setup under /ward-setup (inpatient.wards), the board and the moves under
// /wards, /beds and /stays (inpatient.nurse).
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  Board,
  BedItems,
  BedMoveList,
  BedVersion,
  BulkBeds,
  BulkResult,
  ChangeBody,
  CreateRoom,
  MoveResult,
  PlaceBody,
  PrintOutcome,
  ReleaseBody,
  ReserveBody,
  RoomView,
  SetupBed,
  TransferBody,
  UpdateBed,
  UpdateRoom,
  WardList,
  WardSetup,
  bedParam,
  idParam,
  stayParam,
  wardParam,
} from './schema.js';
import type { BedsService } from './service.js';

const SETUP = perm('inpatient.wards');
const NURSE = perm('inpatient.nurse');

export function bedRoutes(beds: BedsService): RouteDef[] {
  return [
    // ---- setup (病区床位设置) ----
    route({
      method: 'get',
      path: '/ward-setup',
      tag: 'beds',
      summary: 'The wards (departments of kind ward) with their active and free bed counts, for the setup page',
      auth: SETUP,
      response: WardList,
      async handler() {
        return { items: await beds.wards() };
      },
    }),
    route({
      method: 'get',
      path: '/ward-setup/:wardId',
      tag: 'beds',
      summary: "A ward's rooms and beds (inactive ones too), each bed with its daily charge items",
      auth: SETUP,
      params: wardParam,
      response: WardSetup,
      async handler(req) {
        return beds.setup(req.params.wardId);
      },
    }),
    route({
      method: 'post',
      path: '/ward-setup/:wardId/rooms',
      tag: 'beds',
      summary: 'Add a room to the ward (code unique in the ward)',
      auth: SETUP,
      params: wardParam,
      body: CreateRoom,
      response: RoomView,
      async handler(req) {
        return created(await beds.createRoom(req.actor!, req.params.wardId, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/ward-setup/rooms/:id',
      tag: 'beds',
      summary: 'Edit a room (full object with version); deactivating needs its beds deactivated first',
      auth: SETUP,
      params: idParam,
      body: UpdateRoom,
      response: RoomView,
      async handler(req) {
        return beds.updateRoom(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/ward-setup/:wardId/beds',
      tag: 'beds',
      summary: 'Create beds in bulk: prefix+from … prefix+to in a room, each with the given daily charge items',
      auth: SETUP,
      params: wardParam,
      body: BulkBeds,
      idempotent: 'optional',
      response: BulkResult,
      async handler(req) {
        return created(await beds.bulkCreate(req.actor!, req.params.wardId, req.body, req.idem));
      },
    }),
    route({
      method: 'put',
      path: '/ward-setup/beds/:id',
      tag: 'beds',
      summary: 'Edit a bed: room, number, type, order (with version)',
      auth: SETUP,
      params: idParam,
      body: UpdateBed,
      response: SetupBed,
      async handler(req) {
        return beds.updateBed(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'put',
      path: '/ward-setup/beds/:id/items',
      tag: 'beds',
      summary: "Replace a bed's daily charge items (active service items of the catalog; with the bed's version)",
      auth: SETUP,
      params: idParam,
      body: BedItems,
      response: SetupBed,
      async handler(req) {
        return beds.setItems(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/ward-setup/beds/:id/deactivate',
      tag: 'beds',
      summary: 'Deactivate a free bed (an occupied or reserved bed is refused)',
      auth: SETUP,
      params: idParam,
      body: BedVersion,
      response: SetupBed,
      async handler(req) {
        return beds.setActive(req.actor!, req.params.id, req.body.version, false);
      },
    }),
    route({
      method: 'post',
      path: '/ward-setup/beds/:id/activate',
      tag: 'beds',
      summary: 'Activate a bed again',
      auth: SETUP,
      params: idParam,
      body: BedVersion,
      response: SetupBed,
      async handler(req) {
        return beds.setActive(req.actor!, req.params.id, req.body.version, true);
      },
    }),
    // ---- the nurse station ----
    route({
      method: 'get',
      path: '/wards',
      tag: 'beds',
      summary: 'The wards with their bed counts (the nurse station’s ward chooser)',
      auth: NURSE,
      response: WardList,
      async handler() {
        return { items: await beds.wards() };
      },
    }),
    route({
      method: 'get',
      path: '/wards/:wardId/board',
      tag: 'beds',
      summary:
        "The ward's bed board: rooms, active beds, the open stays (occupants, 包床 holders, the waiting list of " +
        '待入/待转入) with balances, the doctors and nurses to choose at 安床, the other wards for 转科',
      auth: NURSE,
      params: wardParam,
      response: Board,
      async handler(req) {
        return beds.board(req.params.wardId);
      },
    }),
    route({
      method: 'post',
      path: '/beds/:bedId/place',
      tag: 'beds',
      summary: '安床: a pending (or transferring) stay of this ward into this free bed; sets doctors and nurse',
      auth: NURSE,
      params: bedParam,
      body: PlaceBody,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.place(req.actor!, req.params.bedId, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/beds/:bedId/unreserve',
      tag: 'beds',
      summary: '取消包床: the reserved bed of a stay still in the ward is freed',
      auth: NURSE,
      params: bedParam,
      body: BedVersion,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.freeReserved(req.actor!, req.params.bedId, req.body, 'unreserve', req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/beds/:bedId/release',
      tag: 'beds',
      summary: '释放: a reserved bed is freed whatever became of its holder (reason required)',
      auth: NURSE,
      params: bedParam,
      body: ReleaseBody,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.freeReserved(req.actor!, req.params.bedId, req.body, 'release', req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:stayId/change-bed',
      tag: 'beds',
      summary: '换床: the stay moves to another free bed of its ward (or to the bed it reserved)',
      auth: NURSE,
      params: stayParam,
      body: ChangeBody,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.change(req.actor!, req.params.stayId, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:stayId/reserve',
      tag: 'beds',
      summary: '包床: the stay (in a bed) holds a second free bed of its ward',
      auth: NURSE,
      params: stayParam,
      body: ReserveBody,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.reserve(req.actor!, req.params.stayId, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:stayId/transfer',
      tag: 'beds',
      summary: '转科: the stay leaves its bed(s) and waits (待转入) at the receiving ward',
      auth: NURSE,
      params: stayParam,
      body: TransferBody,
      idempotent: 'optional',
      response: MoveResult,
      async handler(req) {
        return beds.transfer(req.actor!, req.params.stayId, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:stayId/wristband',
      tag: 'beds',
      summary:
        "打印腕带: the stay's wristband (name, stay number as a QR code, ward, bed) at this workstation's label " +
        'printer',
      auth: NURSE,
      params: stayParam,
      response: PrintOutcome,
      async handler(req) {
        return beds.printWristband(req.actor!, req.params.stayId);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:stayId/bed-card',
      tag: 'beds',
      summary:
        '打印床头卡: the bed card of a stay in a bed (bed, patient, diagnosis, doctors, nurse) at the receipt printer',
      auth: NURSE,
      params: stayParam,
      response: PrintOutcome,
      async handler(req) {
        return beds.printBedCard(req.actor!, req.params.stayId);
      },
    }),
    route({
      method: 'get',
      path: '/stays/:stayId/bed-moves',
      tag: 'beds',
      summary: "The stay's bed movements, oldest first (安床, 换床, 包床, 转科, 释放 …)",
      auth: NURSE,
      params: stayParam,
      response: BedMoveList,
      async handler(req) {
        return { items: await beds.moves(req.params.stayId) };
      },
    }),
  ];
}
