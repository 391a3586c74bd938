// The insured visit's settlement (医保结算): its public entry; its wiring is module.ts. RECON reads
// the tables (insurance_settlements, insurance_settlement_funds) directly, read-only.
export { createSettlementService, type SettlementService } from './service.js';
export { settlementFaults } from './apply.js';
export { parseSettlement, parseFeeResults, SETTLEMENT_MONEY, FUND_PARTS } from './answers.js';
export { INSURANCE_SETTLEMENT_CHANGED } from './events.js';
export { assertInsuredLookup } from './lookup-check.js';
