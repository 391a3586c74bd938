import { SESSION_COOKIE } from '../../http/cookies.js';
import { route, type RouteDef } from '../../http/route.js';
import { unauthorized } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { PERMISSIONS } from './permissions.js';
import { ChangePasswordBody, MeView, PermissionList, SignInBody } from './schema.js';
import type { AuthService } from './service.js';
import { OkResponse } from '../../http/responses.js';

export function authRoutes(auth: AuthService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/auth/sign-in',
      tag: 'auth',
      summary: 'Sign in with username and password; sets the session cookie',
      auth: 'public',
      body: SignInBody,
      response: MeView,
      async handler(req) {
        const r = await auth.signIn(req.body, req.meta);
        req.setCookie(SESSION_COOKIE, r.token, {});
        return r.me;
      },
    }),
    route({
      method: 'post',
      path: '/auth/sign-out',
      tag: 'auth',
      summary: 'End this session',
      auth: 'signed-in',
      response: OkResponse,
      async handler(req) {
        await auth.signOut(req.actor!);
        req.setCookie(SESSION_COOKIE, '', { clear: true });
        return { ok: true as const };
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      tag: 'auth',
      summary: 'Who is signed in, with roles and permissions',
      auth: 'signed-in',
      response: MeView,
      async handler(req) {
        if (!req.actor) throw unauthorized('not_signed_in', t('请先登录', 'Please sign in'));
        return auth.me(req.actor);
      },
    }),
    route({
      method: 'post',
      path: '/auth/change-password',
      tag: 'auth',
      summary: 'Change the own password (required at first sign-in)',
      auth: 'signed-in',
      body: ChangePasswordBody,
      response: MeView,
      async handler(req) {
        return auth.changePassword(req.actor!, req.body);
      },
    }),
    route({
      method: 'get',
      path: '/auth/permissions',
      tag: 'auth',
      summary: 'The catalog of named permissions',
      auth: 'signed-in',
      response: PermissionList,
      async handler() {
        return PERMISSIONS;
      },
    }),
  ];
}
