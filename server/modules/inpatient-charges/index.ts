// The inpatient-charges module's public entry: the commands next session's orders, dispensing and
// discharge use (its wiring is module.ts). Only this module writes stay_charges.
export {
  assertChargeable,
  postCharges,
  reverseCharge,
  runNightly,
  type ChargeIn,
  type NightlyOutcome,
} from './commands.js';
export { daysOfStay, feeList, type FeeList } from './plan.js';
export { chargesOfStay, unsettledTotal, type ChargeRow } from './repo.js';
export { createInpatientChargesService, type InpatientChargesService } from './service.js';
