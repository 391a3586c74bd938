// Workstations: HTTP only.
import { z } from 'zod';
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { WORKSTATION_COOKIE, WORKSTATION_COOKIE_MAX_AGE_MS, cookieValue } from '../../http/cookies.js';
import { mayBind, type WorkstationBindings } from './bindings.js';
import {
  BindBody,
  BindingList,
  BindingsQuery,
  BoundWorkstationView,
  CreateWorkstation,
  ThisBrowser,
  UpdateWorkstation,
  WorkstationList,
  WorkstationQuery,
  WorkstationView,
  idParam,
} from './schema.js';
import type { WorkstationsService } from './service.js';

export function workstationRoutes(workstations: WorkstationsService, bindings: WorkstationBindings): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/workstations/this-browser',
      tag: 'workstations',
      summary:
        'The workstation this browser is bound to (by its workstation cookie, never a header), and whether the ' +
        'user may bind it',
      auth: 'signed-in',
      response: ThisBrowser,
      async handler(req) {
        const id = req.actor!.workstationId;
        const ws = id === null ? undefined : await workstations.find(id);
        return {
          workstation: ws?.active ? { id: ws.id, code: ws.code, name: ws.name } : null,
          canBind: mayBind(req.actor!),
        };
      },
    }),
    route({
      method: 'post',
      path: '/workstations/this-browser',
      tag: 'workstations',
      summary:
        'Bind this browser to a workstation (admin.workstations or workstations.assign): sets the HttpOnly ' +
        'workstation cookie; audited',
      auth: 'signed-in',
      body: BindBody,
      response: z.object({ workstation: BoundWorkstationView }),
      async handler(req) {
        const r = await bindings.bind(
          req.actor!,
          req.body.workstationId,
          req.meta.userAgent,
          cookieValue(req.header('cookie'), WORKSTATION_COOKIE),
        );
        req.setCookie(WORKSTATION_COOKIE, r.token, { maxAgeMs: WORKSTATION_COOKIE_MAX_AGE_MS });
        return { workstation: r.workstation };
      },
    }),
    route({
      method: 'delete',
      path: '/workstations/this-browser',
      tag: 'workstations',
      summary: 'Unbind this browser from its workstation (admin.workstations or workstations.assign); audited',
      auth: 'signed-in',
      response: z.object({ unbound: z.boolean() }),
      async handler(req) {
        const unbound = await bindings.unbindSelf(req.actor!, cookieValue(req.header('cookie'), WORKSTATION_COOKIE));
        req.setCookie(WORKSTATION_COOKIE, '', { clear: true });
        return { unbound };
      },
    }),
    route({
      method: 'get',
      path: '/workstations/bindings',
      tag: 'workstations',
      summary:
        "The browsers bound to workstations (not revoked): who bound them, when, the browser's user agent, last seen",
      auth: perm('admin.workstations'),
      query: BindingsQuery,
      response: BindingList,
      async handler(req) {
        return { items: await bindings.list(req.query.workstationId) };
      },
    }),
    route({
      method: 'post',
      path: '/workstations/bindings/:id/revoke',
      tag: 'workstations',
      summary:
        "Revoke a browser's binding: from its next request it has no workstation, and its live sockets leave " +
        "the workstation's room; audited",
      auth: perm('admin.workstations'),
      params: idParam,
      response: z.object({ ok: z.literal(true) }),
      async handler(req) {
        await bindings.revoke(req.actor!, req.params.id);
        return { ok: true as const };
      },
    }),
    route({
      method: 'get',
      path: '/workstations',
      tag: 'workstations',
      summary: 'List workstations',
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
