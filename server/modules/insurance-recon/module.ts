// The insurance reconciliation module's wiring (server/modules/define.ts): its service speaks to
// the insurer through the insurance module's gateway client (outbox first, then the network).
import { badAnswer, createInsurer, toFen, toYuan } from '../insurance/index.js';
import type { ModuleContext } from '../context.js';
import { defineModule } from '../define.js';
import { insuranceReconRoutes } from './routes.js';
import { createInsuranceReconService, type ReconInsurer } from './service.js';

/** The gateway as reconciliation uses it: 3201/3202 calls, 9101 upload, 9102 download. */
function gateway(ctx: ModuleContext): ReconInsurer {
  const insurer = createInsurer(ctx);
  const about = { refType: 'insurance_reconciliation' };
  return {
    async call(infno, input, actor) {
      const r = await insurer.call(infno, input as never, { actor, ...about });
      return { msgid: r.msgid, output: r.output };
    },
    async upload(bytes, filename, actor) {
      const r = await insurer.upload9101({ bytes, filename }, { actor, ...about });
      return { fileQuryNo: r.fileQuryNo };
    },
    async download(fileQuryNo, filename, fixmedinsCode, actor) {
      const r = await insurer.download9102(
        { file_qury_no: fileQuryNo, filename, fixmedins_code: fixmedinsCode },
        { actor, ...about },
      );
      return r.bytes;
    },
    toFen,
    toYuan,
    badAnswer: (field, why, whyEn) => badAnswer(field, why, whyEn),
  };
}

export default defineModule({
  name: 'insurance-recon',
  service: (ctx) => createInsuranceReconService({ ...ctx, insurer: gateway(ctx) }),
  routes: insuranceReconRoutes,
});
