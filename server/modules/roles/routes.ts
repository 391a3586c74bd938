// Roles: HTTP only.
import { z } from 'zod';
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { CreateRole, RoleList, RoleView, UpdateRole, idParam } from './schema.js';
import type { RolesService } from './service.js';

export function roleRoutes(roles: RolesService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/roles',
      tag: 'roles',
      summary: 'List roles with their permissions and how many accounts hold each',
      auth: 'signed-in',
      response: RoleList,
      async handler() {
        return { items: await roles.list() };
      },
    }),
    route({
      method: 'post',
      path: '/roles',
      tag: 'roles',
      summary: 'Create a custom role',
      auth: perm('admin.roles'),
      body: CreateRole,
      response: RoleView,
      async handler(req) {
        return created(await roles.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/roles/:id',
      tag: 'roles',
      summary: "Change a custom role's names and permissions (with version); built-in roles are read-only",
      auth: perm('admin.roles'),
      params: idParam,
      body: UpdateRole,
      response: RoleView,
      async handler(req) {
        return roles.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'delete',
      path: '/roles/:id',
      tag: 'roles',
      summary: 'Delete a custom role that no account holds',
      auth: perm('admin.roles'),
      params: idParam,
      response: z.object({ ok: z.literal(true) }),
      async handler(req) {
        return roles.remove(req.actor!, req.params.id);
      },
    }),
  ];
}
