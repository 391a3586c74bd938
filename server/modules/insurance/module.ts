// The insurance adapter's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { insuranceRoutes } from './routes.js';
import { createInsuranceService } from './service.js';

export default defineModule({
  name: 'insurance',
  service: createInsuranceService,
  routes: insuranceRoutes,
  jobs(service, ctx) {
    // Calls a previous run left 'pending' (written, maybe sent, never answered) become 'unknown'.
    service.recoverPending().then(
      (n) => n && ctx.logger.warn({ calls: n }, 'insurance: calls left pending by the last run are now unknown'),
      (e: unknown) => ctx.logger.error({ err: e }, 'insurance: could not mark pending calls unknown'),
    );
    // Day end: operators' sign-ins of earlier days still open are signed out (9002), now and every 15 minutes.
    const dayEnd = () =>
      service.insurer.signOutStale().then(
        (r) => r.signedOut + r.failed && ctx.logger.info(r, 'insurance: day-end sign-outs (9002)'),
        (e: unknown) => ctx.logger.warn({ err: e }, 'insurance: day-end sign-outs failed'),
      );
    const first = setTimeout(dayEnd, 5_000);
    const timer = setInterval(dayEnd, 15 * 60_000);
    first.unref();
    timer.unref();
    ctx.devices.onStop(() => {
      clearTimeout(first);
      clearInterval(timer);
    });
  },
});
