// Institution settings: HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { InstitutionView, PublicInstitution, UpdateInstitution } from './schema.js';
import type { SettingsService } from './service.js';

export function settingsRoutes(settings: SettingsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/settings/public',
      tag: 'settings',
      summary: "The center's name and code, for the sign-in page, and its time zone (screens show times in it)",
      auth: 'public',
      response: PublicInstitution,
      async handler() {
        return settings.publicInfo();
      },
    }),
    route({
      method: 'get',
      path: '/settings/institution',
      tag: 'settings',
      summary: 'Institution settings (defaults until first saved, version 0)',
      auth: 'signed-in',
      response: InstitutionView,
      async handler() {
        return settings.institution();
      },
    }),
    route({
      method: 'put',
      path: '/settings/institution',
      tag: 'settings',
      summary: 'Save the institution settings (full object with version)',
      auth: perm('admin.settings'),
      body: UpdateInstitution,
      response: InstitutionView,
      async handler(req) {
        return settings.updateInstitution(req.actor!, req.body);
      },
    }),
  ];
}
