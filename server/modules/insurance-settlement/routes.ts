// The insured visit's settlement (医保结算): HTTP only. Under /api/insurance/settlement.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import type { SettlementService } from './service.js';
import {
  AbandonBody,
  AbandonResult,
  ApprovalBody,
  ApprovalResult,
  BillParam,
  BillSettlement,
  CallParam,
  EmptyBody,
  IdParam,
  OrderLineParam,
  PatientParam,
  PatientState,
  PrepareBody,
  PrepareResult,
  RefundBody,
  RefundResult,
  ResolveBody,
  ResolveResult,
  SettleBody,
  SettleResult,
  RestrictedLines,
  VisitParam,
} from './schema.js';

export function settlementRoutes(s: SettlementService): RouteDef[] {
  const tag = 'insurance-settlement';
  const base = '/insurance/settlement';
  return [
    route({
      method: 'get',
      path: `${base}/patients/:patientId`,
      response: PatientState,
      tag,
      summary:
        "A patient's insurance at the cashier: person, insured visit, uploaded lines, unknown outcomes, settlements",
      auth: perm('insurance.settle'),
      params: PatientParam,
      async handler(req) {
        return s.state(req.actor!, req.params.patientId);
      },
    }),
    route({
      method: 'post',
      path: `${base}/prepare`,
      response: PrepareResult,
      tag,
      summary: 'Register the visit (2201, 2203) if needed, upload the lines (2204), pre-settle (2206)',
      auth: perm('insurance.settle'),
      body: PrepareBody,
      async handler(req) {
        return s.prepare(req.actor!, req.body);
      },
    }),
    route({
      method: 'post',
      path: `${base}/settle`,
      response: SettleResult,
      tag,
      summary: 'Settle the uploaded batch (2207) and write the bill with the fund parts (idempotent)',
      auth: perm('insurance.settle'),
      idempotent: true,
      body: SettleBody,
      async handler(req) {
        return created(await s.settle(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'post',
      path: `${base}/abandon`,
      response: AbandonResult,
      tag,
      summary: "Cancel the patient's uploaded, unsettled lines (2205)",
      auth: perm('insurance.settle'),
      body: AbandonBody,
      async handler(req) {
        return s.abandon(req.actor!, req.body.patientId);
      },
    }),
    route({
      method: 'post',
      path: `${base}/calls/:callId/resolve`,
      response: ResolveResult,
      tag,
      summary: 'Resolve an insurer call whose outcome is unknown: query (5203, then complete) or reverse (2601)',
      auth: perm('insurance.settle'),
      params: CallParam,
      body: ResolveBody,
      async handler(req) {
        return s.resolver.resolveCall(req.actor!, req.params.callId, req.body.action);
      },
    }),
    route({
      method: 'post',
      path: `${base}/settlements/:id/complete`,
      response: ResolveResult,
      tag,
      summary: 'Write the bill of a settlement the insurer made but the bill was not written for (单边账)',
      auth: perm('insurance.settle'),
      params: IdParam,
      body: EmptyBody,
      async handler(req) {
        return s.resolver.complete(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'post',
      path: `${base}/settlements/:id/reverse`,
      response: ResolveResult,
      tag,
      summary: 'Reverse (2601) a settlement the insurer made but the bill was not written for',
      auth: perm('insurance.settle'),
      params: IdParam,
      body: EmptyBody,
      async handler(req) {
        return s.resolver.reverseUnapplied(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'get',
      path: `${base}/bills/:billId`,
      response: BillSettlement,
      tag,
      summary: "A bill's insurer settlements with their split",
      auth: perm('billing.charge'),
      params: BillParam,
      async handler(req) {
        return s.ofBill(req.params.billId);
      },
    }),
    route({
      method: 'post',
      path: `${base}/bills/:billId/refund`,
      response: RefundResult,
      tag,
      summary: 'Refund an insured bill: cancel the settlement (2208), re-settle what is kept, the reversing bill',
      auth: perm('billing.refund'),
      idempotent: true,
      params: BillParam,
      body: RefundBody,
      async handler(req) {
        return created(await s.refunds.refund(req.actor!, req.params.billId, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: `${base}/visits/:visitId/restricted`,
      response: RestrictedLines,
      tag,
      summary: "The visit's restricted insured items (限定支付范围) and the doctor's answers",
      auth: perm('outpatient.consult'),
      params: VisitParam,
      async handler(req) {
        return s.restricted(req.params.visitId);
      },
    }),
    route({
      method: 'post',
      path: `${base}/order-lines/:orderLineId/approval`,
      response: ApprovalResult,
      tag,
      summary: "The doctor's answer for a restricted item (符合限定适应症: hosp_appr_flag)",
      auth: perm('outpatient.consult'),
      params: OrderLineParam,
      body: ApprovalBody,
      async handler(req) {
        return s.approve(req.actor!, req.params.orderLineId, req.body.flag);
      },
    }),
  ];
}
