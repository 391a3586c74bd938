// Clinics: HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { ClinicList, ClinicView, UpdateClinic, clinicParam } from './schema.js';
import type { ClinicsService } from './service.js';

export function clinicRoutes(clinics: ClinicsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/clinics',
      tag: 'clinics',
      summary: "Active clinic departments with their settings, today's rostered doctors and queue length",
      auth: 'signed-in',
      response: ClinicList,
      handler: () => clinics.list(),
    }),
    route({
      method: 'put',
      path: '/clinics/:departmentId',
      tag: 'clinics',
      summary:
        "Set a clinic's queue prefix, registration fee (and its catalog item) and room (version null for the " +
        'first time)',
      auth: perm('admin.departments'),
      params: clinicParam,
      body: UpdateClinic,
      response: ClinicView,
      handler: (req) => clinics.update(req.actor!, req.params.departmentId, req.body),
    }),
  ];
}
