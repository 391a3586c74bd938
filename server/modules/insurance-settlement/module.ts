// The insured visit's settlement: its wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { settlementRoutes } from './routes.js';
import { createSettlementService } from './service.js';

export default defineModule({
  name: 'insurance-settlement',
  service: createSettlementService,
  routes: (s) => settlementRoutes(s),
  // At start, in the background after listen (never blocking it): apply what the insurer settled but
  // was not written here, and resolve the unknown outcomes of a previous run (5203).
  jobs: (s, ctx) => {
    const startedAt = ctx.clock.now();
    const timer = setTimeout(() => {
      s.resolver
        .recoverAtStart(startedAt)
        .then((r) => {
          if (r.applied || r.resolved || r.failed) ctx.logger.info(r, 'insurance settlement: recovered at start');
        })
        .catch((e: unknown) => ctx.logger.warn({ err: e }, 'insurance settlement: recovery at start failed'));
    }, 1500);
    timer.unref();
    ctx.devices.onStop(() => clearTimeout(timer));
  },
});
