// The report shapes as the pages read them: the server's own types (type-only, nothing of the
// server is bundled).
export type {
  AlertsReport,
  Group,
  LedgerReport,
  LedgerRow,
  LotRow,
  MonthlyItemRow,
  MonthlyReport,
  MonthlyRow,
  OnHandReport,
  QtyValue,
  ReorderRow,
} from '../../../../../server/modules/inventory-reports/schema.js';
