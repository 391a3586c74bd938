// The inpatient-charges module's wiring (server/modules/define.ts); other modules use its index.ts.
import { startNightlyJob } from '../../jobs/nightly-charges.js';
import { defineModule } from '../define.js';
import { inpatientChargesRoutes } from './routes.js';
import { createInpatientChargesService } from './service.js';

export default defineModule({
  name: 'inpatient-charges',
  service: createInpatientChargesService,
  routes: inpatientChargesRoutes,
  jobs: (charges, ctx) =>
    startNightlyJob(ctx, 'nightly bed charges', {
      run: () => charges.runDue(),
      msUntilNext: () => charges.msUntilNextRun(),
    }),
});
