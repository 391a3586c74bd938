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
  },
});
