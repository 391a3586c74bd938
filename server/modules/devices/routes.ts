// Devices: HTTP only (the card readers the box sees, and a test read).
import { CardError } from '../../../devices/card-reader/types.js';
import { DomainError } from '../../../core/errors.js';
import { perm, route, type RouteDef } from '../../http/route.js';
import type { CardReadersModule } from './card-readers.js';
import { cardErrorText } from './messages.js';
import { ReaderList, ReaderNameParam, TestReadResult } from './schema.js';

const STATUS: Record<string, number> = {
  no_card: 409,
  reader_gone: 404,
  service_down: 503,
  unknown_card: 422,
  bad_data: 422,
  read_failed: 502,
  card_removed: 409,
  in_use: 409,
};

export function deviceRoutes(cards: CardReadersModule): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/devices/readers',
      tag: 'devices',
      summary:
        'Card readers seen since start (and those bound to a workstation): state, binding, last card read (masked)',
      auth: perm('devices.manage'),
      response: ReaderList,
      async handler() {
        return cards.list();
      },
    }),
    route({
      method: 'post',
      path: '/devices/readers/:name/test-read',
      tag: 'devices',
      summary: 'Read the card in this reader now; returns the masked result (audited)',
      auth: perm('devices.manage'),
      params: ReaderNameParam,
      response: TestReadResult,
      async handler(req) {
        const a = req.actor!;
        try {
          return await cards.testRead(
            { userId: a.userId, username: a.username, ip: req.meta.ip, workstationId: req.meta.workstationId },
            req.params.name,
          );
        } catch (e) {
          if (e instanceof CardError)
            throw new DomainError(STATUS[e.code] ?? 500, e.code, cardErrorText(e.code), undefined, {
              detail: e.message,
            });
          throw e;
        }
      },
    }),
  ];
}
