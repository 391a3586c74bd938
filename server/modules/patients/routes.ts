// Patients: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CreatePatient,
  Patient,
  PatientList,
  PatientQuery,
  RevealRequest,
  RevealResult,
  UpdatePatient,
  VisitHistory,
  idParam,
} from './schema.js';
import type { PatientsService } from './service.js';

export function patientRoutes(patients: PatientsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/patients',
      tag: 'patients',
      summary:
        'Find patients as you type: q is a prefix of the name, pinyin initials, full pinyin, ID number, phone ' +
        'or MRN (identifiers always masked in the list)',
      auth: perm('patients.read'),
      query: PatientQuery,
      response: PatientList,
      async handler(req) {
        return { items: await patients.search(req.actor!, req.query) };
      },
    }),
    route({
      method: 'get',
      path: '/patients/:id',
      tag: 'patients',
      summary: "A patient's full record (the read is audited)",
      auth: perm('patients.read'),
      params: idParam,
      response: Patient,
      async handler(req) {
        return patients.get(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'post',
      path: '/patients/:id/reveal',
      tag: 'patients',
      summary:
        'Show one masked identifier (ID number, phone, guardian phone) in full: needs patients.identifiers, ' +
        'writes a patient.reveal audit row',
      auth: perm('patients.read'),
      params: idParam,
      body: RevealRequest,
      response: RevealResult,
      async handler(req) {
        return patients.reveal(req.actor!, req.params.id, req.body.field);
      },
    }),
    route({
      method: 'get',
      path: '/patients/:id/visits',
      tag: 'patients',
      summary: "A patient's visit history, newest first (the read is audited)",
      auth: perm('patients.read'),
      params: idParam,
      response: VisitHistory,
      async handler(req) {
        return { items: await patients.visits(req.actor!, req.params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/patients',
      tag: 'patients',
      summary:
        'Register a patient (409 duplicate_id_number / possible_duplicate); an Idempotency-Key makes a ' +
        'repeated submission register one patient',
      auth: perm('patients.write'),
      idempotent: 'optional',
      body: CreatePatient,
      response: Patient,
      async handler(req) {
        return created(await patients.create(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'put',
      path: '/patients/:id',
      tag: 'patients',
      summary: 'Edit a patient (full object with version)',
      auth: perm('patients.write'),
      params: idParam,
      body: UpdatePatient,
      response: Patient,
      async handler(req) {
        return patients.update(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}
