// Staff: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { CreateStaff, StaffList, StaffQuery, StaffView, TitleList, UpdateStaff, idParam } from './schema.js';
import type { StaffService } from './service.js';

export function staffRoutes(staff: StaffService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/staff/titles',
      tag: 'staff',
      summary: 'The professional title catalog (track and level)',
      auth: 'signed-in',
      response: TitleList,
      async handler() {
        return [...staff.titles()];
      },
    }),
    route({
      method: 'get',
      path: '/staff',
      tag: 'staff',
      summary: 'List staff; q matches code, name, pinyin, ID number or phone',
      auth: perm('admin.staff'),
      query: StaffQuery,
      response: StaffList,
      async handler(req) {
        return { items: await staff.list(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/staff',
      tag: 'staff',
      summary: 'Create a staff member',
      auth: perm('admin.staff'),
      body: CreateStaff,
      response: StaffView,
      async handler(req) {
        return created(await staff.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/staff/:id',
      tag: 'staff',
      summary: 'Update a staff member (full object with version); deactivating ends their sessions',
      auth: perm('admin.staff'),
      params: idParam,
      body: UpdateStaff,
      response: StaffView,
      async handler(req) {
        return staff.update(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}
