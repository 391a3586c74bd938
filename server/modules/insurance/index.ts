// The insurance adapter's public entry (issue 11): what the settlement, catalog and
// reconciliation modules use to speak to the national platform. Its wiring is module.ts.
//
//   const insurer = createInsurer(ctx)          // in your service factory (ModuleContext)
//   const r = await insurer.call('1101', input, { actor, patientId })   // throws DomainErrors
//   const o = await insurer.outboxCall('2207', input, ctx)              // never throws on answers
//   // or, for a row of yours in the same transaction as the outbox row:
//   const signNo = await insurer.ensureSignedIn(actor)
//   const { callId, msgid } = await uow.write(async (tx) => { …; return insurer.prepareCall(tx, '2207', input,
//     { actor, patientId, signNo }) })
//   const o2 = await insurer.sendPrepared(callId, { actor, patientId })
//
// See CONTEXT.md for states, errors and the resolution of unknown calls.
export {
  createInsurer,
  insurerErrors,
  type CallActor,
  type CallContext,
  type CallOutcome,
  type Insurer,
} from './insurer.js';
export {
  callById,
  configureInsurance,
  type InsuranceSetup,
  lastPersonInfo,
  markResolved,
  personLookupById,
  unknownCalls,
  type InsuranceCall,
  type PersonLookup,
} from './commands.js';
export { parsePerson, type PersonInfo, type PersonInsurance, type PersonIdentity } from './person.js';
export { badAnswer, maskNo, toFen, toYuan } from './wire.js';
export {
  INPATIENT_MONEY,
  type InpatientFeeAnswer,
  type InpatientMoney,
  type InpatientSettlement,
  parseAdmission,
  parseInpatientFeeResults,
  parseInpatientReversal,
  parseInpatientSettlement,
} from './inpatient-answers.js';
export { insurerTime, insurerDate } from './time.js';
