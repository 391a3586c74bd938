// Stock reports and alerts: HTTP only. Every report also answers `format=xlsx`.
import { perm, route, type RouteDef } from '../../http/route.js';
import { xlsxResult } from '../../lib/xlsx.js';
import { alertSheets, ledgerSheet, monthlySheet, onHandSheet } from './export.js';
import { AlertsQuery, LedgerQuery, MonthlyQuery, OnHandQuery } from './schema.js';
import type { InventoryReportsService } from './service.js';

export function inventoryReportRoutes(reports: InventoryReportsService): RouteDef[] {
  const auth = perm('inventory.read');
  return [
    route({
      method: 'get',
      path: '/stock/reports/on-hand',
      tag: 'inventory',
      summary: 'Stock on hand by location, item and lot with value (expired / near-expiry flagged); format=xlsx for Excel',
      auth,
      query: OnHandQuery,
      async handler(req): Promise<unknown> {
        const r = await reports.onHand(req.query);
        if (req.query.format === 'xlsx') return xlsxResult([onHandSheet(r)]);
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/stock/reports/ledger',
      tag: 'inventory',
      summary: 'The movement ledger of an item (进销存台账) for a period: opening + in − out = closing, in quantity and value',
      auth,
      query: LedgerQuery,
      async handler(req): Promise<unknown> {
        // The Excel file is always in Chinese (the reasons in words included).
        const r = await reports.ledger(req.query, req.query.format === 'xlsx' ? 'zh' : req.meta.lang);
        if (req.query.format === 'xlsx') return xlsxResult([ledgerSheet(r, (await reports.context()).timeZone)]);
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/stock/reports/monthly',
      tag: 'inventory',
      summary: 'Monthly receipts–issues–balance report (月度进销存) per location and class',
      auth,
      query: MonthlyQuery,
      async handler(req): Promise<unknown> {
        const r = await reports.monthly(req.query);
        if (req.query.format === 'xlsx') return xlsxResult([monthlySheet(r)]);
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/stock/alerts',
      tag: 'inventory',
      summary: 'Near-expiry lots, expired lots with stock and items below their reorder level; format=xlsx for Excel (three sheets)',
      auth,
      query: AlertsQuery,
      async handler(req): Promise<unknown> {
        const r = await reports.alerts(req.query);
        if (req.query.format === 'xlsx') return xlsxResult(alertSheets(r));
        return r;
      },
    }),
  ];
}
