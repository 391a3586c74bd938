// Registration: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CancelRegistration,
  CreateRegistration,
  RegistrationCancelled,
  RegistrationCreated,
  RegistrationList,
  RegistrationQuery,
  RegistrationView,
  idParam,
} from './schema.js';
import type { RegistrationService } from './service.js';

export function registrationRoutes(registrations: RegistrationService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/registrations',
      tag: 'registration',
      summary: "A day's registrations (today by default), newest first",
      auth: perm('registration.register'),
      query: RegistrationQuery,
      response: RegistrationList,
      handler: (req) => registrations.list(req.query),
    }),
    route({
      method: 'get',
      path: '/registrations/:id',
      tag: 'registration',
      summary: 'One registration (an audited patient read)',
      auth: perm('registration.register'),
      params: idParam,
      response: RegistrationView,
      handler: (req) => registrations.get(req.actor!, req.params.id),
    }),
    route({
      method: 'post',
      path: '/registrations',
      tag: 'registration',
      summary:
        'Register a patient at a clinic (visit, queue number, fee through the ledger, ticket print job); idempotent',
      auth: perm('registration.register'),
      idempotent: true,
      body: CreateRegistration,
      response: RegistrationCreated,
      async handler(req) {
        return created(await registrations.register(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'post',
      path: '/registrations/:id/cancel',
      tag: 'registration',
      summary: 'Cancel a registration (退号) before the patient is called; a paid fee is refunded; idempotent',
      auth: perm('registration.cancel'),
      idempotent: true,
      params: idParam,
      body: CancelRegistration,
      response: RegistrationCancelled,
      handler: (req) => registrations.cancel(req.actor!, req.params.id, req.body, req.idem),
    }),
  ];
}
