// Registration as a pure plan (no database): from what was read — the patient, the clinic with its
// settings, the doctor with their roster row, an open registration — decide what to write or why
// not, in the order the desk expects its refusals. service.ts reads, plans, then applies the plan.
import { conflict, DomainError, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import type { PaymentInput } from '../billing/index.js';
import type { CreateRegistration, RegistrationView } from './schema.js';

const bad = (field: string, zh: string, en: string, code = 'invalid') => new DomainError(422, code, t(zh, en), field);

/** The queue number as printed: prefix + at least 3 digits (A012). */
export function queueLabel(prefix: string, no: number): string {
  return prefix + String(no).padStart(3, '0');
}

/** The payment for a fee, checked with the registration's own field names. */
export function paymentFor(
  feeFen: number,
  p: CreateRegistration['payment'],
): { payment: PaymentInput; changeFen: number } {
  if (!p) throw bad('payment', '请选择挂号费的支付方式', 'Choose how the registration fee is paid');
  if (p.method === 'cash') {
    if (p.reference) throw bad('payment.reference', '现金支付不需要交易号', 'A cash payment has no reference');
    const tendered = p.tenderedFen ?? feeFen;
    if (tendered < feeFen) {
      throw bad(
        'payment.tenderedFen',
        `实收 ${formatYuan(tendered)} 元少于挂号费 ${formatYuan(feeFen)} 元`,
        `Tendered ${formatYuan(tendered)} is less than the fee ${formatYuan(feeFen)}`,
      );
    }
    return {
      payment: { method: 'cash', amountFen: feeFen, tenderedFen: tendered, changeFen: tendered - feeFen },
      changeFen: tendered - feeFen,
    };
  }
  if (p.tenderedFen !== undefined)
    throw bad('payment.tenderedFen', '只有现金支付才有实收金额', 'Only a cash payment has a tendered amount');
  if ((p.method === 'wechat' || p.method === 'alipay') && !p.reference) {
    throw bad(
      'payment.reference',
      '微信、支付宝支付必须填写交易单号',
      'A WeChat or Alipay payment needs its transaction reference',
    );
  }
  return { payment: { method: p.method, amountFen: feeFen, reference: p.reference ?? null }, changeFen: 0 };
}

/** The clinic as read: the department joined with its registration settings and fee item. */
export interface ClinicFacts {
  id: number;
  name: string;
  kind: string;
  active: number;
  /** null: the clinic has no registration settings row. */
  configured: number | null;
  queue_prefix: string | null;
  registration_fee_fen: number | null;
  fee_item_id: number | null;
  room: string | null;
  charge_category: string | null;
}

/** The chosen doctor as read: the staff row, whether on the clinic's roster that day, their roster room. */
export interface DoctorFacts {
  id: number;
  name: string;
  active: number;
  rostered: boolean;
  /** The room on their roster row (null: none set; the clinic's room is used). */
  rosterRoom: string | null;
}

export interface RegistrationFacts {
  patient: { id: number; name: string; mrn: string } | undefined;
  clinic: ClinicFacts | undefined;
  /** Read only when the desk chose a doctor. */
  doctor?: DoctorFacts | undefined;
  /** This patient's registration at this clinic today whose visit is not over. */
  open: { id: number; queue_label: string } | undefined;
}

export interface RegistrationPlan {
  patient: { id: number; name: string; mrn: string };
  clinic: { id: number; name: string; prefix: string; feeItemId: number | null; chargeCategory: string };
  doctorId: number | null;
  doctorName: string | null;
  room: string | null;
  feeFen: number;
  /** The fee's payment (null: no fee to charge). */
  pay: { payment: PaymentInput; changeFen: number } | null;
}

/** Decides the registration, or throws the first refusal (same order as the desk has always seen). */
export function planRegistration(input: CreateRegistration, f: RegistrationFacts): RegistrationPlan {
  const { patient, clinic } = f;
  if (!patient) throw notFound(t('患者', 'Patient'), input.patientId, 'patientId');
  if (!clinic) throw notFound(t('科室', 'Department'), input.departmentId, 'departmentId');
  if (clinic.kind !== 'clinic')
    throw bad(
      'departmentId',
      `“${clinic.name}”不是门诊科室,不能挂号`,
      `"${clinic.name}" is not an outpatient clinic`,
      'not_a_clinic',
    );
  if (!clinic.active) throw bad('departmentId', `“${clinic.name}”已停用`, `"${clinic.name}" is inactive`, 'inactive');
  if (clinic.configured === null || !clinic.queue_prefix) {
    throw bad(
      'departmentId',
      `“${clinic.name}”尚未设置挂号(号段前缀、挂号费),请联系管理员`,
      `"${clinic.name}" has no registration settings yet (queue prefix, fee); ask an administrator`,
      'clinic_not_configured',
    );
  }
  const doctorId = input.doctorStaffId ?? null;
  let doctorName: string | null = null;
  let room = clinic.room;
  if (doctorId !== null) {
    const doc = f.doctor;
    if (!doc) throw notFound(t('医生', 'Doctor'), doctorId, 'doctorStaffId');
    if (!doc.active || !doc.rostered) {
      throw bad(
        'doctorStaffId',
        `${doc.name}今天不在“${clinic.name}”出诊`,
        `${doc.name} is not on today's roster of "${clinic.name}"`,
        'not_rostered',
      );
    }
    doctorName = doc.name;
    if (doc.rosterRoom) room = doc.rosterRoom;
  }
  const feeFen = input.waiveFee ? 0 : (clinic.registration_fee_fen ?? 0);
  if (input.feeFen !== undefined && input.feeFen !== feeFen) {
    throw conflict(
      'fee_changed',
      t(
        `“${clinic.name}”的挂号费已改为 ${formatYuan(feeFen)} 元,请核对后重试`,
        `The registration fee of "${clinic.name}" is now ${formatYuan(feeFen)}; check and try again`,
      ),
      'feeFen',
    );
  }
  const pay = feeFen > 0 ? paymentFor(feeFen, input.payment) : null;
  if (feeFen > 0 && clinic.fee_item_id === null) {
    throw bad(
      'departmentId',
      `“${clinic.name}”的挂号费没有对应的收费项目,请联系管理员`,
      `"${clinic.name}" has a fee but no catalog item to charge it as; ask an administrator`,
      'clinic_not_configured',
    );
  }
  if (f.open) {
    throw conflict(
      'already_registered',
      t(
        `${patient.name}今天已在“${clinic.name}”挂号(${f.open.queue_label}),尚未就诊完毕`,
        `${patient.name} is already registered at "${clinic.name}" today (${f.open.queue_label})`,
      ),
      'patientId',
    );
  }
  return {
    patient,
    clinic: {
      id: clinic.id,
      name: clinic.name,
      prefix: clinic.queue_prefix,
      feeItemId: clinic.fee_item_id,
      chargeCategory: clinic.charge_category ?? '13',
    },
    doctorId,
    doctorName,
    room,
    feeFen,
    pay,
  };
}

/** Cancelling (退号) is allowed until the patient is called: throws why not. */
export function checkCancel(before: RegistrationView, visitStatus: string): void {
  if (before.status === 'cancelled')
    throw conflict(
      'already_cancelled',
      t(`${before.queueLabel} 号已经退号`, `Ticket ${before.queueLabel} is already cancelled`),
    );
  if (
    (before.queueStatus !== null && before.queueStatus !== 'waiting' && before.queueStatus !== 'passed') ||
    visitStatus !== 'waiting'
  ) {
    throw conflict(
      'already_called',
      t(
        `${before.patientName}已被叫号或已就诊,不能退号`,
        `${before.patientName} has already been called or seen; the registration cannot be cancelled`,
      ),
    );
  }
}

/** The registration after cancelling, without reading it again. */
export function cancelledView(before: RegistrationView, now: number): RegistrationView {
  return {
    ...before,
    status: 'cancelled',
    cancelledAt: now,
    version: before.version + 1,
    queueStatus: before.queueEntryId !== null ? 'cancelled' : before.queueStatus,
  };
}
