// Outpatient visits: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { OrderView } from '../orders/schema.js';
import {
  FinishVisit,
  SignFromVisit,
  VisitList,
  VisitQuery,
  VisitRecord,
  VisitView,
  WalkIn,
  idParam,
} from './schema.js';
import type { OutpatientService } from './service.js';

const CONSULT = perm('outpatient.consult');

export function outpatientRoutes(visits: OutpatientService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/visits/walk-in',
      tag: 'visits',
      summary: 'See a patient without registration (无号接诊): a walk-in visit in consultation with this doctor',
      auth: CONSULT,
      idempotent: true,
      body: WalkIn,
      response: VisitView,
      async handler(req) {
        return created(await visits.walkIn(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/visits',
      tag: 'visits',
      summary:
        "A patient's visits with diagnoses and orders (patientId=, audited), or this doctor's open " +
        'consultations (mine=open)',
      auth: CONSULT,
      query: VisitQuery,
      response: VisitList,
      async handler(req) {
        return visits.list(req.actor!, req.query);
      },
    }),
    route({
      method: 'get',
      path: '/visits/:id',
      tag: 'visits',
      summary: 'A visit with the patient summary and its orders (audited patient read)',
      auth: CONSULT,
      params: idParam,
      response: VisitView,
      async handler(req) {
        return visits.get(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'put',
      path: '/visits/:id/record',
      tag: 'visits',
      summary: "The doctor's record: chief complaint, history, examination, notes, diagnoses (with version)",
      auth: CONSULT,
      params: idParam,
      body: VisitRecord,
      response: VisitView,
      async handler(req) {
        return visits.record(req.actor!, req.params.id, req.body);
      },
    }),
    route({
      method: 'post',
      path: '/visits/:id/sign-order',
      tag: 'visits',
      summary:
        "签名 from the doctor's screen: saves the record and diagnoses, the prescription on screen (new draft " +
        'or the draft it edits), and signs it, in one transaction',
      auth: CONSULT,
      idempotent: true,
      params: idParam,
      body: SignFromVisit,
      response: OrderView,
      async handler(req) {
        return visits.signFromVisit(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/visits/:id/finish',
      tag: 'visits',
      summary: 'Finish the visit (its queue entry is done)',
      auth: CONSULT,
      params: idParam,
      body: FinishVisit,
      response: VisitView,
      async handler(req) {
        return visits.finish(req.actor!, req.params.id);
      },
    }),
  ];
}
