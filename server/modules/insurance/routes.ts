// The insurance adapter: HTTP only (接口设置, test connection, person look-up, the outbox, sign-in).
import { z } from 'zod';
import { perm, route, type RouteDef } from '../../http/route.js';
import {
  CallList,
  CallsQuery,
  ChooseInput,
  ConfigInput,
  ConfigView,
  PersonLookupView,
  PersonQuery,
  SignInStatus,
  SignOutResult,
  TestResult,
} from './schema.js';
import type { InsuranceService } from './service.js';

const CONFIGURE = perm('insurance.configure');
const LOOKUP = perm('insurance.lookup');

export function insuranceRoutes(s: InsuranceService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/insurance/config',
      tag: 'insurance',
      summary: '接口设置: the gateway settings (the signer secret is never returned, only whether one is set)',
      auth: CONFIGURE,
      response: ConfigView,
      handler: () => s.config(),
    }),
    route({
      method: 'put',
      path: '/insurance/config',
      tag: 'insurance',
      summary: 'Save the gateway settings (versioned; a blank secret keeps the stored one; audited, secret masked)',
      auth: CONFIGURE,
      body: ConfigInput,
      response: ConfigView,
      handler: (req) => s.saveConfig(req.actor!, req.body),
    }),
    route({
      method: 'post',
      path: '/insurance/config/test',
      tag: 'insurance',
      summary: '测试连接: a 9001 sign-in of the current operator with the saved settings; the answer in words',
      auth: CONFIGURE,
      body: z.strictObject({}).optional(),
      response: TestResult,
      handler: (req) => s.testConnection(req.actor!, req.meta.lang),
    }),
    route({
      method: 'post',
      path: '/insurance/person',
      tag: 'insurance',
      summary: '1101 person information by e-voucher (01), ID number (02) or social security card (03); kept',
      auth: LOOKUP,
      body: PersonQuery,
      response: PersonLookupView,
      handler: (req) => s.lookupPerson(req.actor!, req.body),
    }),
    route({
      method: 'post',
      path: '/insurance/person/choose',
      tag: 'insurance',
      summary: 'Choose the insutype (and patient) of a look-up; a suspended insutype is refused',
      auth: LOOKUP,
      body: ChooseInput,
      response: PersonLookupView,
      handler: (req) => s.choose(req.actor!, req.body),
    }),
    route({
      method: 'get',
      path: '/insurance/calls',
      tag: 'insurance',
      summary: 'The outbox: every insurer call, newest first (filter by state, day, patient, infno, unresolved)',
      auth: perm('insurance.calls'),
      query: CallsQuery,
      response: CallList,
      handler: (req) => s.calls(req.query),
    }),
    route({
      method: 'get',
      path: '/insurance/sign-in',
      tag: 'insurance',
      summary: "The current operator's 9001 sign-in of today, if any",
      auth: LOOKUP,
      response: SignInStatus,
      handler: (req) => s.signInStatus(req.actor!),
    }),
    route({
      method: 'post',
      path: '/insurance/sign-in',
      tag: 'insurance',
      summary: '9001 again for the current operator (e.g. after the insurer dropped the sign-in); today’s is replaced',
      auth: LOOKUP,
      body: z.strictObject({}).optional(),
      response: SignInStatus,
      handler: (req) => s.signIn(req.actor!),
    }),
    route({
      method: 'post',
      path: '/insurance/sign-out',
      tag: 'insurance',
      summary: "9002: sign the current operator out of the insurer (today's and any sign-in left open)",
      auth: LOOKUP,
      body: z.strictObject({}).optional(),
      response: SignOutResult,
      handler: (req) => s.signOut(req.actor!),
    }),
  ];
}
