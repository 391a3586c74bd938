// Workstations: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { CreateWorkstation, UpdateWorkstation, WorkstationList, WorkstationQuery, WorkstationView, idParam } from './schema.js';
import type { WorkstationsService } from './service.js';

export function workstationRoutes(workstations: WorkstationsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/workstations',
      tag: 'workstations',
      summary: 'List workstations (a browser picks one once and remembers it)',
      auth: 'signed-in',
      query: WorkstationQuery,
      response: WorkstationList,
      async handler(req) {
        return { items: await workstations.list(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/workstations',
      tag: 'workstations',
      summary: 'Create a workstation with its printers, card reader and defaults',
      auth: perm('admin.workstations'),
      body: CreateWorkstation,
      response: WorkstationView,
      async handler(req) {
        return created(await workstations.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/workstations/:id',
      tag: 'workstations',
      summary: 'Update a workstation (full object with version)',
      auth: perm('admin.workstations'),
      params: idParam,
      body: UpdateWorkstation,
      response: WorkstationView,
      async handler(req) {
        return workstations.update(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}
