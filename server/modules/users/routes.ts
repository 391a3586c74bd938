// User accounts: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CreateUser,
  CreatedUser,
  OneTimePassword,
  UpdateUser,
  UserList,
  UserQuery,
  UserView,
  idParam,
} from './schema.js';
import type { UsersService } from './service.js';

export function userRoutes(users: UsersService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/users',
      tag: 'users',
      summary: 'List user accounts; q matches username, staff code, name or pinyin',
      auth: perm('admin.users'),
      query: UserQuery,
      response: UserList,
      async handler(req) {
        return { items: await users.list(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/users',
      tag: 'users',
      summary: 'Open an account for a staff member; returns a one-time password (shown once)',
      auth: perm('admin.users'),
      body: CreateUser,
      response: CreatedUser,
      async handler(req) {
        return created(await users.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/users/:id',
      tag: 'users',
      summary: "Change an account's roles or active flag (with version); disabling ends its sessions",
      auth: perm('admin.users'),
      params: idParam,
      body: UpdateUser,
      response: UserView,
      async handler(req) {
        return users.update(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/users/:id/reset-password',
      tag: 'users',
      summary: 'Set a new one-time password (must be changed at next sign-in); ends the sessions',
      auth: perm('admin.users'),
      params: idParam,
      response: OneTimePassword,
      async handler(req) {
        return users.resetPassword(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'post',
      path: '/users/:id/unlock',
      tag: 'users',
      summary: 'Clear a lockout after too many wrong passwords',
      auth: perm('admin.users'),
      params: idParam,
      response: UserView,
      async handler(req) {
        return users.unlock(req.actor!, req.params.id);
      },
    }),
  ];
}
