// The registration plan (pure, no database): table-driven cases of what is decided from what was read.
import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import {
  type ClinicFacts,
  type DoctorFacts,
  type RegistrationFacts,
  cancelledView,
  checkCancel,
  planRegistration,
  queueLabel,
} from './plan.js';
import type { CreateRegistration, RegistrationView } from './schema.js';

const clinic: ClinicFacts = {
  id: 7,
  name: '内科',
  kind: 'clinic',
  active: 1,
  configured: 7,
  queue_prefix: 'A',
  registration_fee_fen: 500,
  fee_item_id: 90,
  room: '2',
  charge_category: null,
};
const doctor: DoctorFacts = { id: 3, name: '王医生', active: 1, rostered: true, rosterRoom: '5' };
const facts: RegistrationFacts = {
  patient: { id: 1, name: '张三丰', mrn: 'M1' },
  clinic,
  open: undefined,
};
const base: CreateRegistration = { patientId: 1, departmentId: 7, payer: 'cash', payment: { method: 'cash' } };

/** The code of the refusal, or 'ok'. */
function outcome(input: Partial<CreateRegistration>, f: Partial<RegistrationFacts> = {}): string {
  try {
    planRegistration({ ...base, ...input }, { ...facts, ...f });
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code} ${e.field ?? ''}`.trim();
    throw e;
  }
}

describe('registration plan (pure)', () => {
  it('prints queue numbers with at least 3 digits', () => {
    expect([queueLabel('A', 1), queueLabel('B', 12), queueLabel('C', 1234)]).to.deep.equal(['A001', 'B012', 'C1234']);
  });

  const refusals: Array<[string, Partial<CreateRegistration>, Partial<RegistrationFacts>, string]> = [
    ['unknown patient', {}, { patient: undefined }, '404 not_found patientId'],
    ['unknown clinic (the patient is checked first)', {}, { clinic: undefined }, '404 not_found departmentId'],
    ['not a clinic', {}, { clinic: { ...clinic, kind: 'ward' } }, '422 not_a_clinic departmentId'],
    ['inactive clinic', {}, { clinic: { ...clinic, active: 0 } }, '422 inactive departmentId'],
    ['no settings row', {}, { clinic: { ...clinic, configured: null } }, '422 clinic_not_configured departmentId'],
    ['no queue prefix', {}, { clinic: { ...clinic, queue_prefix: null } }, '422 clinic_not_configured departmentId'],
    ['unknown doctor', { doctorStaffId: 3 }, { doctor: undefined }, '404 not_found doctorStaffId'],
    [
      'doctor not rostered',
      { doctorStaffId: 3 },
      { doctor: { ...doctor, rostered: false } },
      '422 not_rostered doctorStaffId',
    ],
    ['doctor inactive', { doctorStaffId: 3 }, { doctor: { ...doctor, active: 0 } }, '422 not_rostered doctorStaffId'],
    ['the fee changed since the desk showed it', { feeFen: 300 }, {}, '409 fee_changed feeFen'],
    ['a fee but no payment', { payment: undefined }, {}, '422 invalid payment'],
    ['too little cash', { payment: { method: 'cash', tenderedFen: 400 } }, {}, '422 invalid payment.tenderedFen'],
    ['cash with a reference', { payment: { method: 'cash', reference: 'X' } }, {}, '422 invalid payment.reference'],
    ['wechat without reference', { payment: { method: 'wechat' } }, {}, '422 invalid payment.reference'],
    [
      'card with tendered',
      { payment: { method: 'bank_card', tenderedFen: 500 } },
      {},
      '422 invalid payment.tenderedFen',
    ],
    [
      'a fee without its item',
      {},
      { clinic: { ...clinic, fee_item_id: null } },
      '422 clinic_not_configured departmentId',
    ],
    ['already registered today', {}, { open: { id: 9, queue_label: 'A003' } }, '409 already_registered patientId'],
    [
      'the fee check comes before the open registration',
      { feeFen: 1 },
      { open: { id: 9, queue_label: 'A003' } },
      '409 fee_changed feeFen',
    ],
  ];
  for (const [name, input, f, want] of refusals) {
    it(`refuses: ${name}`, () => expect(outcome(input, f)).to.equal(want));
  }

  const plans: Array<[string, Partial<CreateRegistration>, Partial<RegistrationFacts>, object]> = [
    [
      'cash with change, the clinic room',
      { payment: { method: 'cash', tenderedFen: 1000 } },
      {},
      {
        feeFen: 500,
        room: '2',
        doctorId: null,
        doctorName: null,
        pay: { changeFen: 500, payment: { method: 'cash', amountFen: 500, tenderedFen: 1000, changeFen: 500 } },
      },
    ],
    [
      'a rostered doctor sits in their roster room',
      { doctorStaffId: 3 },
      { doctor },
      { doctorId: 3, doctorName: '王医生', room: '5' },
    ],
    [
      'a doctor without a roster room: the clinic room',
      { doctorStaffId: 3 },
      { doctor: { ...doctor, rosterRoom: null } },
      { room: '2' },
    ],
    ['waived: no fee, no payment needed', { waiveFee: true, payment: undefined }, {}, { feeFen: 0, pay: null }],
    [
      'a free clinic needs no fee item',
      { payment: undefined },
      { clinic: { ...clinic, registration_fee_fen: 0, fee_item_id: null } },
      { feeFen: 0, pay: null },
    ],
    [
      'WeChat with its reference',
      { payment: { method: 'wechat', reference: 'WX1' } },
      {},
      { pay: { changeFen: 0, payment: { method: 'wechat', amountFen: 500, reference: 'WX1' } } },
    ],
  ];
  for (const [name, input, f, want] of plans) {
    it(`plans: ${name}`, () => {
      const p = planRegistration({ ...base, ...input }, { ...facts, ...f });
      for (const [k, v] of Object.entries(want)) expect(p[k as keyof typeof p], k).to.deep.equal(v);
      expect(p.clinic).to.deep.equal({
        id: 7,
        name: '内科',
        prefix: 'A',
        feeItemId: p.clinic.feeItemId,
        chargeCategory: '13',
      });
    });
  }

  const view = {
    id: 5,
    queueLabel: 'A001',
    patientName: '张三丰',
    status: 'active',
    queueStatus: 'waiting',
    queueEntryId: 8,
    cancelledAt: null,
    version: 1,
  } as RegistrationView;
  const cancels: Array<[string, Partial<RegistrationView>, string, string]> = [
    ['waiting', {}, 'waiting', 'ok'],
    ['passed (过号) may still cancel', { queueStatus: 'passed' }, 'waiting', 'ok'],
    ['already cancelled', { status: 'cancelled' }, 'cancelled', '409 already_cancelled'],
    ['called', { queueStatus: 'called' }, 'waiting', '409 already_called'],
    ['the visit started', {}, 'in_consultation', '409 already_called'],
  ];
  for (const [name, change, visit, want] of cancels) {
    it(`cancel: ${name}`, () => {
      let got = 'ok';
      try {
        checkCancel({ ...view, ...change }, visit);
      } catch (e) {
        got = `${(e as DomainError).status} ${(e as DomainError).code}`;
      }
      expect(got).to.equal(want);
    });
  }

  it('the cancelled view is computed, not read again', () => {
    expect(cancelledView(view, 1234)).to.deep.include({
      status: 'cancelled',
      cancelledAt: 1234,
      version: 2,
      queueStatus: 'cancelled',
    });
    expect(cancelledView({ ...view, queueEntryId: null, queueStatus: null }, 1).queueStatus).to.equal(null);
  });
});
