// Stays (入院登记, 预交金, 病区设置): HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import type { StaysService } from './service.js';
import {
  AdmitBody,
  CancelStayBody,
  DepositInput,
  DepositParams,
  ReverseDepositBody,
  StayDetail,
  StayFormOptions,
  StayList,
  StayQuery,
  UpdateStayBody,
  WardParams,
  WardSettingsBody,
  WardSettingsList,
  WardSettingsView,
  idParam,
} from './schema.js';

const ADMIT = perm('inpatient.admit');

export function stayRoutes(stays: StaysService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/stays',
      tag: 'stays',
      summary: 'Stays (newest admission first): by ward, state (or open), q = 住院号, MRN, name or pinyin',
      auth: ADMIT,
      query: StayQuery,
      response: StayList,
      async handler(req) {
        return { items: await stays.list(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/stays',
      tag: 'stays',
      summary: 'Admit a patient (入院登记), optionally with a first deposit; one open stay per patient',
      auth: ADMIT,
      body: AdmitBody,
      idempotent: true,
      response: StayDetail,
      async handler(req) {
        return created(await stays.admit(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/stays/options',
      tag: 'stays',
      summary: 'What the admission form chooses from: active wards, clinical departments and their staff',
      auth: ADMIT,
      response: StayFormOptions,
      async handler() {
        return stays.options();
      },
    }),
    route({
      method: 'get',
      path: '/stays/:id',
      tag: 'stays',
      summary: 'A stay: summary with balance, admission fields and deposit receipts',
      auth: ADMIT,
      params: idParam,
      response: StayDetail,
      async handler(req) {
        return stays.get(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'patch',
      path: '/stays/:id',
      tag: 'stays',
      summary: 'Edit contact, doctors, diagnoses, guarantee (with approver), remark (with version; audited)',
      auth: ADMIT,
      params: idParam,
      body: UpdateStayBody,
      idempotent: 'optional',
      response: StayDetail,
      async handler(req) {
        return stays.update(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:id/cancel',
      tag: 'stays',
      summary: 'Cancel an admission (取消入院): pending, no deposits left, no charges, no bed; reason required',
      auth: ADMIT,
      params: idParam,
      body: CancelStayBody,
      idempotent: true,
      response: StayDetail,
      async handler(req) {
        return stays.cancel(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/stays/:id/deposits',
      tag: 'stays',
      summary: 'Take a deposit (收预交金): a numbered receipt, printed at the workstation',
      auth: ADMIT,
      params: idParam,
      body: DepositInput,
      idempotent: true,
      response: StayDetail,
      async handler(req) {
        return created(await stays.deposit(req.actor!, req.params.id, req.body, req.idem));
      },
    }),
    route({
      method: 'post',
      path: '/stays/:id/deposits/:depositId/reverse',
      tag: 'stays',
      summary: 'Refund a whole deposit receipt (退预交金) with a reason: a reversing receipt; settled ones refused',
      auth: ADMIT,
      params: DepositParams,
      body: ReverseDepositBody,
      idempotent: true,
      response: StayDetail,
      async handler(req) {
        return created(await stays.reverseDeposit(req.actor!, req.params.id, req.params.depositId, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/wards/settings',
      tag: 'stays',
      summary: 'Every active ward with its 预警线 and 欠费上限 (the 病区设置 page)',
      auth: perm('inpatient.wards'),
      response: WardSettingsList,
      async handler() {
        return { items: await stays.allWardSettings() };
      },
    }),
    route({
      method: 'get',
      path: '/wards/:wardId/settings',
      tag: 'stays',
      summary: "A ward's 预警线 and 欠费上限 (the defaults when not set)",
      auth: 'signed-in',
      params: WardParams,
      response: WardSettingsView,
      async handler(req) {
        return stays.wardSettings(req.params.wardId);
      },
    }),
    route({
      method: 'put',
      path: '/wards/:wardId/settings',
      tag: 'stays',
      summary: "Set a ward's 预警线 and 欠费上限 (audited; its open stays are pushed anew)",
      auth: perm('inpatient.wards'),
      params: WardParams,
      body: WardSettingsBody,
      idempotent: 'optional',
      response: WardSettingsView,
      async handler(req) {
        return stays.saveWardSettings(req.actor!, req.params.wardId, req.body, req.idem);
      },
    }),
  ];
}
