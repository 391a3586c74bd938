// Displays: HTTP only. Administration needs display.manage; the TV's
// routes are public and authenticate with the display token in `x-display-token`.
import { created, HttpResult, perm, route, type RouteDef } from '../../http/route.js';
import {
  CreateDisplay,
  DisplayList,
  DisplayState,
  DisplayView,
  DisplayWithToken,
  SpeechQuery,
  UpdateDisplay,
  idParam,
} from './schema.js';
import type { DisplayService } from './service.js';
import { DeletedResponse, fileResponse } from '../../http/responses.js';

export const DISPLAY_TOKEN_HEADER = 'x-display-token';

export function displayRoutes(displays: DisplayService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/displays',
      tag: 'displays',
      summary: 'Waiting-room displays',
      auth: perm('display.manage'),
      response: DisplayList,
      handler: async (req) => ({ items: await displays.list() }),
    }),
    route({
      method: 'post',
      path: '/displays',
      tag: 'displays',
      summary: 'Create a display; its token is in the answer only (the URL /display/<token>)',
      auth: perm('display.manage'),
      body: CreateDisplay,
      response: DisplayWithToken,
      handler: async (req) => created(await displays.create(req.actor!, req.body)),
    }),
    route({
      method: 'put',
      path: '/displays/:id',
      tag: 'displays',
      summary: "Change a display's name, clinics or active flag (with version)",
      auth: perm('display.manage'),
      params: idParam,
      body: UpdateDisplay,
      response: DisplayView,
      handler: (req) => displays.update(req.actor!, req.params.id, req.body),
    }),
    route({
      method: 'post',
      path: '/displays/:id/token',
      tag: 'displays',
      summary: 'Make a new token (the old URL stops working); shown once',
      auth: perm('display.manage'),
      params: idParam,
      response: DisplayWithToken,
      handler: (req) => displays.regenerateToken(req.actor!, req.params.id),
    }),
    route({
      method: 'delete',
      path: '/displays/:id',
      tag: 'displays',
      summary: 'Delete a display',
      auth: perm('display.manage'),
      params: idParam,
      response: DeletedResponse,
      handler: (req) => displays.remove(req.actor!, req.params.id),
    }),
    route({
      method: 'get',
      path: '/display/state',
      tag: 'displays',
      summary: 'The TV: per clinic the calls now, the next three, names masked (token in x-display-token)',
      auth: 'public',
      response: DisplayState,
      handler: (req) => displays.state(req.header(DISPLAY_TOKEN_HEADER)),
    }),
    route({
      method: 'get',
      path: '/display/speech',
      tag: 'displays',
      summary:
        'The TV: a call as audio/wav (espeak-ng Mandarin) for browsers without a zh voice; the call template only',
      auth: 'public',
      query: SpeechQuery,
      response: fileResponse('audio/wav'),
      async handler(req) {
        const wav = await displays.speech(req.header(DISPLAY_TOKEN_HEADER), req.query.text ?? '');
        return new HttpResult(200, wav, 'audio/wav');
      },
    }),
  ];
}
