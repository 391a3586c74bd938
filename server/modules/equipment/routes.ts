// Equipment: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CreateEquipment,
  DueList,
  DueQuery,
  EquipmentList,
  EquipmentQuery,
  EquipmentView,
  LogEntryInput,
  LogList,
  LogResult,
  UpdateEquipment,
  idParam,
} from './schema.js';
import type { EquipmentService } from './service.js';

export function equipmentRoutes(equipment: EquipmentService): RouteDef[] {
  const auth = perm('equipment.manage');
  return [
    route({
      method: 'get',
      path: '/equipment',
      tag: 'equipment',
      summary: 'List equipment; q matches asset code, name, serial number or pinyin',
      auth,
      query: EquipmentQuery,
      response: EquipmentList,
      handler: (req) => equipment.list(req.query),
    }),
    route({
      method: 'get',
      path: '/equipment/due',
      tag: 'equipment',
      summary: 'Equipment whose maintenance or calibration is due within `days` (default 30) or overdue',
      auth,
      query: DueQuery,
      response: DueList,
      handler: (req) => equipment.due(req.query.days),
    }),
    route({
      method: 'post',
      path: '/equipment',
      tag: 'equipment',
      summary: 'Register an item of equipment',
      auth,
      body: CreateEquipment,
      response: EquipmentView,
      async handler(req) {
        return created(await equipment.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/equipment/:id',
      tag: 'equipment',
      summary: 'Update an asset card (full object with version); a scrapped item stays scrapped',
      auth,
      params: idParam,
      body: UpdateEquipment,
      response: EquipmentView,
      handler: (req) => equipment.update(req.actor!, req.params.id, req.body),
    }),
    route({
      method: 'get',
      path: '/equipment/:id/log',
      tag: 'equipment',
      summary: 'The service log of an item, newest first',
      auth,
      params: idParam,
      response: LogList,
      async handler(req) {
        return { items: await equipment.log(req.params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/equipment/:id/log',
      tag: 'equipment',
      summary: 'Log maintenance, calibration or repair (moves the next due date by the interval)',
      auth,
      params: idParam,
      body: LogEntryInput,
      response: LogResult,
      async handler(req) {
        return created(await equipment.addLog(req.actor!, req.params.id, req.body));
      },
    }),
  ];
}
