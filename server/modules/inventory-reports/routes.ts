// Stock reports and alerts: HTTP only. Every report also answers `format=xlsx`.
import { perm, route, type RouteDef } from '../../http/route.js';
import { xlsxResult } from '../../lib/xlsx.js';
import { alertSheets, ledgerSheet, monthlyItemSheet, monthlySheet, onHandSheet } from './export.js';
import {
  AlertsQuery,
  AlertsReport,
  LedgerQuery,
  LedgerReport,
  MonthlyQuery,
  MonthlyReport,
  ON_HAND_EXPORT_ROWS,
  OnHandQuery,
  OnHandReport,
  ReportToday,
} from './schema.js';
import type { InventoryReportsService } from './service.js';

export function inventoryReportRoutes(reports: InventoryReportsService): RouteDef[] {
  const auth = perm('inventory.read');
  return [
    route({
      method: 'get',
      path: '/stock/reports/today',
      tag: 'inventory',
      summary: "The institution's business day and month (its time zone), for the report pages' default dates",
      auth,
      response: ReportToday,
      async handler() {
        return reports.today();
      },
    }),
    route({
      method: 'get',
      path: '/stock/reports/on-hand',
      tag: 'inventory',
      summary:
        'Stock on hand by location, item and lot with value (expired / near-expiry flagged); format=xlsx for Excel',
      auth,
      query: OnHandQuery,
      // The JSON answer; format=xlsx answers the same report as an Excel file.
      response: OnHandReport,
      async handler(req): Promise<unknown> {
        if (req.query.format === 'xlsx')
          return xlsxResult([onHandSheet(await reports.onHand(req.query, ON_HAND_EXPORT_ROWS), req.meta.lang)]);
        return reports.onHand(req.query);
      },
    }),
    route({
      method: 'get',
      path: '/stock/reports/ledger',
      tag: 'inventory',
      summary:
        'The movement ledger of an item (进销存台账) for a period: opening + in − out = closing, in quantity and value',
      auth,
      query: LedgerQuery,
      // The JSON answer; format=xlsx answers the same report as an Excel file.
      response: LedgerReport,
      async handler(req): Promise<unknown> {
        // The Excel file is in the request's language too (the reasons in words included).
        const r = await reports.ledger(req.query, req.meta.lang);
        if (req.query.format === 'xlsx')
          return xlsxResult([ledgerSheet(r, (await reports.context()).timeZone, req.meta.lang)]);
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/stock/reports/monthly',
      tag: 'inventory',
      summary:
        'Monthly receipts–issues–balance report (月度进销存) per location and class (values only) and per item ' +
        '(quantities in its unit); revaluations (调价) in their own column',
      auth,
      query: MonthlyQuery,
      // The JSON answer; format=xlsx answers the same report as an Excel file.
      response: MonthlyReport,
      async handler(req): Promise<unknown> {
        const r = await reports.monthly(req.query);
        // Two sheets: classes (values only) and items (quantities in each item's unit).
        if (req.query.format === 'xlsx')
          return xlsxResult([monthlySheet(r, req.meta.lang), monthlyItemSheet(r, req.meta.lang)]);
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/stock/alerts',
      tag: 'inventory',
      summary:
        'Near-expiry lots, expired lots with stock and items below their reorder level; format=xlsx for Excel ' +
        '(three sheets)',
      auth,
      query: AlertsQuery,
      // The JSON answer; format=xlsx answers the same report as an Excel file.
      response: AlertsReport,
      async handler(req): Promise<unknown> {
        const r = await reports.alerts(req.query);
        if (req.query.format === 'xlsx') return xlsxResult(alertSheets(r, req.meta.lang));
        return r;
      },
    }),
  ];
}
