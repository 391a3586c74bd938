// Roster: HTTP only.
import { perm, route, type RouteDef } from '../../http/route.js';
import { PutRoster, RosterDay, RosterDoctors, RosterQuery, dayParam } from './schema.js';
import type { RosterService } from './service.js';

export function rosterRoutes(roster: RosterService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/roster',
      tag: 'roster',
      summary: "A day's roster (today by default), optionally of one clinic",
      auth: 'signed-in',
      query: RosterQuery,
      response: RosterDay,
      handler: (req) => roster.get(req.query),
    }),
    route({
      method: 'get',
      path: '/roster/doctors',
      tag: 'roster',
      summary: 'Staff who may be rostered (active, with outpatient.consult)',
      auth: perm('roster.manage'),
      response: RosterDoctors,
      handler: (req) => roster.doctors(),
    }),
    route({
      method: 'put',
      path: '/roster/:day',
      tag: 'roster',
      summary: "Replace a day's roster",
      auth: perm('roster.manage'),
      params: dayParam,
      body: PutRoster,
      response: RosterDay,
      handler: (req) => roster.put(req.actor!, req.params.day, req.body),
    }),
  ];
}
