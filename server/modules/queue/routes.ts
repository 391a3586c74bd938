// Queue: HTTP only. Doctors act with outpatient.consult; the desk reads the queue.
import { perm, route, type RouteDef } from '../../http/route.js';
import { CallNext, QueueEntryView, QueueList, QueueQuery, idParam } from './schema.js';
import type { QueueService } from './service.js';

export function queueRoutes(queue: QueueService): RouteDef[] {
  const entryAction = (path: string, summary: string, fn: (s: QueueService) => QueueService['recall']) =>
    route({
      method: 'post',
      path: `/queue/:id/${path}`,
      tag: 'queue',
      summary,
      auth: perm('outpatient.consult'),
      params: idParam,
      response: QueueEntryView,
      handler: (req) => fn(queue).call(queue, req.actor!, req.params.id),
    });
  return [
    route({
      method: 'get',
      path: '/queue',
      tag: 'queue',
      summary: "A clinic's queue for a day (today by default), in line order",
      auth: perm('outpatient.consult'),
      query: QueueQuery,
      response: QueueList,
      handler: (req) => queue.list(req.query),
    }),
    route({
      method: 'post',
      path: '/queue/call-next',
      tag: 'queue',
      summary:
        'Call the next waiting patient of the clinic (assigned to this doctor or to nobody); 409 queue_empty when none',
      auth: perm('outpatient.consult'),
      body: CallNext,
      response: QueueEntryView,
      handler: (req) => queue.callNext(req.actor!, req.body.departmentId),
    }),
    entryAction(
      'call',
      'Call this waiting or passed patient; 409 already_called when another doctor called them',
      (s) => s.call,
    ),
    entryAction('recall', 'Call again (重呼): the display repeats the call', (s) => s.recall),
    entryAction('pass', 'Pass (过号): the called patient did not come', (s) => s.pass),
    entryAction('requeue', 'Put a passed patient back at the end of the line', (s) => s.requeue),
    entryAction('start', 'Start the consultation: the visit is in consultation with this doctor', (s) => s.start),
    entryAction(
      'take-over',
      '转我接诊: a doctor of the clinic (on its roster that day, or of its department) takes a waiting ticket ' +
        'registered to another doctor and calls it (audited)',
      (s) => s.takeOver,
    ),
    entryAction('done', 'Mark the consultation done (the doctor module finishes the visit itself)', (s) => s.done),
  ];
}
