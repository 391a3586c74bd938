// The stays module's public entry: the commands beds and inpatient-charges build on (issue 12), and the
// demo's. Its wiring is module.ts; everything else in this folder is internal.
export {
  DEFAULT_ARREARS_LIMIT_FEN,
  DEFAULT_WARNING_LINE_FEN,
  OPEN_STATES,
  STAY,
  addChargeTotal,
  balanceOf,
  cashierDepositTotals,
  checkArrears,
  emitStayChanged,
  setPlacement,
  stayForWrite,
  staySummaries,
  staySummary,
  wardSettingsOf,
  type CashierDepositTotals,
  type Placement,
  type StayRow,
  type StayState,
  type WardSettings,
} from './commands.js';
export { STAY_CHANGED } from './events.js';
export { createStaysService, type StaysService } from './service.js';
