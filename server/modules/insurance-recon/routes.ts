// Insurance reconciliation and settlement reports: HTTP only. Permission insurance.reconcile.
import { idParam } from '../../http/validation.js';
import { perm, route, type RouteDef } from '../../http/route.js';
import { xlsxResult } from '../../lib/xlsx.js';
import { reportSheets } from './export.js';
import {
  PeriodQuery,
  ReconDetail,
  ReconOverview,
  ReconToday,
  ReportQuery,
  RunReconciliation,
  RunResult,
  SettlementReport,
} from './schema.js';
import type { InsuranceReconService } from './service.js';

export function insuranceReconRoutes(recon: InsuranceReconService): RouteDef[] {
  const auth = perm('insurance.reconcile');
  return [
    route({
      method: 'get',
      path: '/insurance/recon/today',
      tag: 'insurance-recon',
      summary: "The institution's business day and month (the 对账 page's default dates)",
      auth,
      response: ReconToday,
      async handler() {
        return recon.today();
      },
    }),
    route({
      method: 'get',
      path: '/insurance/recon',
      tag: 'insurance-recon',
      summary:
        "A period's local totals per (insutype, clr_type, clr_optins) beside the latest 3201 answer of each " +
        'group for that period (平 / 不平)',
      auth,
      query: PeriodQuery,
      response: ReconOverview,
      async handler(req) {
        return recon.overview(req.query, req.meta.lang);
      },
    }),
    route({
      method: 'post',
      path: '/insurance/recon/run',
      tag: 'insurance-recon',
      summary: '对总账: one 3201 per group of the period with settlements; each answer recorded (failures too)',
      auth,
      body: RunReconciliation,
      response: RunResult,
      async handler(req) {
        return recon.run(req.actor!, req.body);
      },
    }),
    route({
      method: 'get',
      path: '/insurance/recon/:id',
      tag: 'insurance-recon',
      summary: 'A reconciliation and the differing settlements of its last 3202 (each linked to its bill)',
      auth,
      params: idParam,
      response: ReconDetail,
      async handler(req) {
        return recon.get(req.params.id, req.meta.lang);
      },
    }),
    route({
      method: 'post',
      path: '/insurance/recon/:id/detail',
      tag: 'insurance-recon',
      summary:
        '对明细账: the period’s settlements of the clearing institution as a zipped TSV (9101), 3202, its answer ' +
        'fetched by 9102 → the differing settlements (only local / only the insurer / amounts differ)',
      auth,
      params: idParam,
      response: ReconDetail,
      async handler(req) {
        return recon.detail(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'get',
      path: '/insurance/reports/settlements',
      tag: 'insurance-recon',
      summary:
        'Settlements of a day, a month or a period by insutype and by fund type (统筹, 大病, 救助, 个人账户, 现金): ' +
        'counts and sums, reversals subtracted; format=xlsx for Excel',
      auth,
      query: ReportQuery,
      // The JSON answer; format=xlsx answers the same report as an Excel file.
      response: SettlementReport,
      async handler(req): Promise<unknown> {
        const r = await recon.report(req.query, req.meta.lang);
        if (req.query.format === 'xlsx') return xlsxResult(reportSheets(r, req.meta.lang));
        return r;
      },
    }),
  ];
}
