// Stays (入院登记, 预交金): the rules. One open stay per patient; the admission diagnosis is an ICD-10 code
// of the diagnoses dictionary; the ward is a ward department; doctors are staff. Deposits are receipts
// (收据号 from a sequence) kept as a ledger: a refund reverses a whole receipt with a new negative row, a
// receipt is reversed at most once, a settled one never. deposits_fen is kept in the same transaction.
import { DomainError, conflict, notFound, staleVersion } from '../../../core/errors.js';
import { t, type Text } from '../../../core/i18n.js';
import type { StayState } from '../../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { nextSequence } from '../../lib/sequences.js';
import type { Idempotency, Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import type { PrintOutcome } from '../printing/index.js';
import { calendarOf } from '../settings/index.js';
import { STAY, emitStayChanged, stayForWrite, stayNotFound, wardSettingsOf, type StayRow } from './commands.js';
import { depositReceiptJob } from './receipt.js';
import * as repo from './repo.js';
import type {
  AdmitBody,
  CancelStayBody,
  DepositInput,
  DepositView,
  ReverseDepositBody,
  StayDetail,
  StayFormOptions,
  StayQuery,
  StaySummaryView,
  UpdateStayBody,
  WardSettingsBody,
  WardSettingsView,
} from './schema.js';

const invalid = (field: string, text: Text) => new DomainError(422, 'invalid', text, field);
const DAY_MS = 86_400_000;

async function checkStaff(db: Trx, field: string, staffId: number | null | undefined, label: Text): Promise<void> {
  if (staffId === null || staffId === undefined) return;
  const s = await repo.staffById(db, staffId);
  if (!s || !s.active)
    throw invalid(
      field,
      t(
        `${label.zh}不存在或已停用(员工编号 ${staffId})`,
        `${label.en}: staff ${staffId} does not exist or is inactive`,
      ),
    );
}

async function diagnosis(db: Trx, field: string, code: string, label: Text): Promise<{ code: string; name: string }> {
  const d = await repo.diagnosisByCode(db, code);
  if (!d || !d.active)
    throw invalid(
      field,
      t(
        `${label.zh}“${code}”不是诊断字典里的 ICD-10 编码`,
        `${label.en} "${code}" is not an ICD-10 code of the diagnoses dictionary`,
      ),
    );
  return { code: d.code, name: d.name };
}

function checkReference(d: DepositInput, prefix: string): void {
  if ((d.method === 'cheque' || d.method === 'transfer') && !d.reference)
    throw invalid(
      `${prefix}reference`,
      t('支票或转账必须填写票据号/交易号', 'A cheque or a transfer needs its cheque or transaction number'),
    );
}

/** Guarantee (担保): an amount needs the guarantor and the approver. */
function checkGuarantee(v: { guaranteeFen: number; guarantorName: string | null; approverId: number | null }): void {
  if (v.guaranteeFen <= 0) return;
  if (!v.guarantorName)
    throw invalid('guarantorName', t('有担保金额时必须填写担保人', 'A guarantee needs the guarantor'));
  if (!v.approverId)
    throw invalid('guaranteeApproverId', t('有担保金额时必须填写审批人', 'A guarantee needs its approver'));
}

const STATE_TEXT: Record<StayState, Text> = {
  pending: t('待入', 'pending'),
  in_ward: t('在院', 'in the ward'),
  transferring: t('待转入', 'transferring'),
  pre_discharge: t('预出院', 'pre-discharged'),
  discharged: t('出院', 'discharged'),
  cancelled: t('作废', 'cancelled'),
};

function closedStay(row: StayRow, what: Text): DomainError {
  return conflict(
    'stay_closed',
    t(
      `住院号 ${row.stay_no} 已${STATE_TEXT[row.state].zh},不能${what.zh}`,
      `Stay ${row.stay_no} is ${STATE_TEXT[row.state].en}: cannot ${what.en}`,
    ),
    'stayId',
  );
}

function depositView(
  d: repo.DepositRow & { operator_name: string | null },
  reversedBy: Map<number, number>,
): DepositView {
  return {
    id: d.id,
    receiptNo: d.receipt_no,
    amountFen: d.amount_fen,
    method: d.method,
    reference: d.reference,
    reversesId: d.reverses_id,
    reversedById: reversedBy.get(d.id) ?? null,
    reason: d.reason,
    settled: d.settlement_id !== null,
    operatorName: d.operator_name,
    createdAt: d.created_at,
  };
}

export function createStaysService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'audit'>) {
  const { db, uow, clock, audit } = deps;

  async function detail(q: Trx | typeof db, stayId: number, now: number): Promise<StayDetail> {
    const row = await repo.stayById(q, stayId);
    if (!row) throw stayNotFound(stayId);
    const [summary] = await repo.summaries(q, { stayIds: [stayId] }, now);
    const deposits = await repo.depositsOf(q, stayId);
    const reversedBy = new Map<number, number>();
    for (const d of deposits) if (d.reverses_id !== null) reversedBy.set(d.reverses_id, d.id);
    const names = new Map<number, string>();
    const ids = [
      row.outpatient_doctor_id,
      row.attending_doctor_id,
      row.resident_doctor_id,
      row.nurse_id,
      row.guarantee_approver_id,
    ].filter((x): x is number => x !== null);
    for (const sid of new Set(ids)) {
      const s = await repo.staffById(q, sid);
      if (s) names.set(sid, s.name);
    }
    const person = (sid: number | null) => (sid === null ? null : { id: sid, name: names.get(sid) ?? String(sid) });
    const dept = await repo.department(q, row.dept_id);
    return {
      summary: summary!,
      deptName: dept?.name ?? '',
      admissionWay: row.admission_way,
      admissionCondition: row.admission_condition,
      outpatientDiagCode: row.outpatient_diag_code,
      outpatientDiagName: row.outpatient_diag_name,
      admissionDiagCode: row.admission_diag_code,
      admissionDiagName: row.admission_diag_name,
      outpatientDoctor: person(row.outpatient_doctor_id),
      attendingDoctor: person(row.attending_doctor_id),
      residentDoctor: person(row.resident_doctor_id),
      nurse: person(row.nurse_id),
      bedWish: row.bed_wish,
      psnNo: row.psn_no,
      insutype: row.insutype,
      contactName: row.contact_name,
      contactRelation: row.contact_relation,
      contactPhone: row.contact_phone,
      guarantorName: row.guarantor_name,
      guaranteeFen: row.guarantee_fen,
      guaranteeApprover: person(row.guarantee_approver_id),
      remark: row.remark,
      cancelReason: row.cancel_reason,
      chargeWrites: row.charge_writes,
      deposits: deposits.map((d) => depositView(d, reversedBy)),
    };
  }

  /** Writes one deposit receipt (or reversal) and keeps the cache; returns the row id. */
  async function writeDeposit(
    tx: Tx,
    actor: Actor,
    stay: StayRow,
    v: { amountFen: number; method: DepositInput['method']; reference: string | null; reversesId: number | null },
    reason: string | null,
  ): Promise<number> {
    const receiptNo = `YJ${String(await nextSequence(tx.db, 'stay_deposit_receipt')).padStart(8, '0')}`;
    const depositId = await repo.insertDeposit(tx.db, {
      stay_id: stay.id,
      receipt_no: receiptNo,
      amount_fen: v.amountFen,
      method: v.method,
      reference: v.reference,
      reverses_id: v.reversesId,
      reason,
      settlement_id: null,
      operator_id: actor.userId,
      workstation_id: actor.workstationId,
      created_at: tx.now,
    });
    await repo.addDeposits(tx.db, stay.id, v.amountFen, tx.now);
    await tx.audit(actor, {
      action: v.reversesId === null ? 'stay.deposit' : 'stay.deposit.reverse',
      entity: 'stay_deposit',
      entityId: depositId,
      patientId: stay.patient_id,
      summary: {
        stayId: stay.id,
        stayNo: stay.stay_no,
        receiptNo,
        amountFen: v.amountFen,
        method: v.method,
        reversesId: v.reversesId,
        reason,
      },
    });
    return depositId;
  }

  return {
    async list(q: StayQuery): Promise<StaySummaryView[]> {
      return repo.summaries(
        db,
        {
          ...(q.wardId !== undefined ? { wardId: q.wardId } : {}),
          ...(q.state === 'open' || q.state === undefined ? { open: q.state === 'open' } : { state: q.state }),
          ...(q.q ? { q: q.q } : {}),
          limit: 200,
        },
        clock.now(),
      );
    },

    /** Wards, departments and staff for the admission form. */
    options(): Promise<StayFormOptions> {
      return repo.formOptions(db);
    },

    /** One stay: it names the patient, so the read is audited (patient.read). */
    async get(actor: Actor, stayId: number): Promise<StayDetail> {
      const d = await detail(db, stayId, clock.now());
      await audit.recordPatientRead(actor, d.summary.patient.id, `stay ${d.summary.stayNo}`);
      return d;
    },

    /** 入院登记, with an optional first deposit (and its receipt printed) in the same write. */
    admit(actor: Actor, input: AdmitBody, idem?: Idempotency): Promise<StayDetail> {
      return uow.write(async (tx) => {
        const patient = await repo.patientById(tx.db, input.patientId);
        if (!patient) throw notFound(t('患者', 'Patient'), input.patientId, 'patientId');
        const open = await repo.openStayOf(tx.db, input.patientId);
        if (open)
          throw conflict(
            'stay_open',
            t(
              `${patient.name}已有未结束的住院记录(住院号 ${open.stay_no}),不能重复入院`,
              `${patient.name} already has an open stay (stay no. ${open.stay_no})`,
            ),
            'patientId',
          );
        if (!(await repo.isWard(tx.db, input.wardId)))
          throw invalid(
            'wardId',
            t('病区不存在、已停用或不是病区', 'The ward does not exist, is inactive or is not a ward'),
          );
        const deptId = input.deptId ?? input.wardId;
        const dept = await repo.department(tx.db, deptId);
        if (!dept || !dept.active || (dept.kind !== 'ward' && dept.kind !== 'clinic'))
          throw invalid(
            'deptId',
            t('科室不存在、已停用或不是临床科室', 'The department is not an active clinical one'),
          );
        const admittedAt = input.admittedAt ?? tx.now;
        if (admittedAt > tx.now + 5 * 60_000)
          throw invalid('admittedAt', t('入院时间不能晚于现在', 'The admission time cannot be in the future'));
        if (admittedAt < tx.now - 30 * DAY_MS)
          throw invalid('admittedAt', t('入院时间不能早于 30 天前', 'The admission time cannot be over 30 days ago'));
        const adm = await diagnosis(
          tx.db,
          'admissionDiagCode',
          input.admissionDiagCode,
          t('入院诊断', 'Admission diagnosis'),
        );
        const opd = input.outpatientDiagCode
          ? await diagnosis(
              tx.db,
              'outpatientDiagCode',
              input.outpatientDiagCode,
              t('门诊诊断', 'Outpatient diagnosis'),
            )
          : null;
        await checkStaff(tx.db, 'outpatientDoctorId', input.outpatientDoctorId, t('门诊医生', 'Outpatient doctor'));
        await checkStaff(tx.db, 'attendingDoctorId', input.attendingDoctorId, t('主治医生', 'Attending doctor'));
        await checkStaff(tx.db, 'residentDoctorId', input.residentDoctorId, t('经治医生', 'Resident doctor'));
        await checkStaff(
          tx.db,
          'guaranteeApproverId',
          input.guaranteeApproverId,
          t('担保审批人', 'Guarantee approver'),
        );
        const guaranteeFen = input.guaranteeFen ?? 0;
        checkGuarantee({
          guaranteeFen,
          guarantorName: input.guarantorName ?? null,
          approverId: input.guaranteeApproverId ?? null,
        });
        if (input.deposit) checkReference(input.deposit, 'deposit.');
        const year = (await calendarOf(tx.db)).dayOf(tx.now).slice(0, 4);
        const stayNo = `${year}${String(await nextSequence(tx.db, `stay_no:${year}`)).padStart(5, '0')}`;
        const stayId = await repo.insertStay(tx.db, {
          stay_no: stayNo,
          patient_id: input.patientId,
          ward_id: input.wardId,
          dept_id: deptId,
          state: 'pending',
          bed_id: null,
          admitted_at: admittedAt,
          admission_way: input.admissionWay,
          admission_condition: input.admissionCondition,
          outpatient_diag_code: opd?.code ?? null,
          outpatient_diag_name: opd?.name ?? null,
          admission_diag_code: adm.code,
          admission_diag_name: adm.name,
          outpatient_doctor_id: input.outpatientDoctorId ?? null,
          attending_doctor_id: input.attendingDoctorId ?? null,
          resident_doctor_id: input.residentDoctorId ?? null,
          nurse_id: null,
          bed_wish: input.bedWish ?? null,
          patient_type: input.patientType,
          psn_no: input.psnNo ?? null,
          insutype: input.insutype ?? null,
          mdtrt_id: null,
          contact_name: input.contactName ?? null,
          contact_relation: input.contactRelation ?? null,
          contact_phone: input.contactPhone ?? null,
          guarantor_name: input.guarantorName ?? null,
          guarantee_fen: guaranteeFen,
          guarantee_approver_id: input.guaranteeApproverId ?? null,
          nursing_level: null,
          diet: null,
          discharged_at: null,
          cancel_reason: null,
          remark: input.remark ?? null,
          created_by: actor.userId,
          created_at: tx.now,
          updated_at: tx.now,
        });
        const stay = (await repo.stayById(tx.db, stayId))!;
        await tx.audit(actor, {
          action: 'stay.admit',
          entity: 'inpatient_stay',
          entityId: stayId,
          patientId: input.patientId,
          before: null,
          after: stay,
        });
        let print: PrintOutcome | null = null;
        if (input.deposit) {
          const depositId = await writeDeposit(
            tx,
            actor,
            stay,
            { ...input.deposit, reference: input.deposit.reference ?? null, reversesId: null },
            null,
          );
          print = await depositReceiptJob(tx, actor, depositId);
        }
        await emitStayChanged(tx, stayId, 'admitted');
        return { ...(await detail(tx.db, stayId, tx.now)), print };
      }, idem);
    },

    /** Contact, doctors, diagnoses, guarantee (with approver), remark: audited before/after, version checked. */
    update(actor: Actor, stayId: number, input: UpdateStayBody, idem?: Idempotency): Promise<StayDetail> {
      return uow.write(async (tx) => {
        const before = await stayForWrite(tx, stayId);
        if (before.state === 'discharged' || before.state === 'cancelled')
          throw closedStay(before, t('修改', 'edit it'));
        if (before.version !== input.version) throw staleVersion(STAY);
        const set: Partial<StayRow> = {};
        if (input.contactName !== undefined) set.contact_name = input.contactName;
        if (input.contactRelation !== undefined) set.contact_relation = input.contactRelation;
        if (input.contactPhone !== undefined) set.contact_phone = input.contactPhone;
        if (input.bedWish !== undefined) set.bed_wish = input.bedWish;
        if (input.remark !== undefined) set.remark = input.remark;
        for (const [key, col, label] of [
          ['outpatientDoctorId', 'outpatient_doctor_id', t('门诊医生', 'Outpatient doctor')],
          ['attendingDoctorId', 'attending_doctor_id', t('主治医生', 'Attending doctor')],
          ['residentDoctorId', 'resident_doctor_id', t('经治医生', 'Resident doctor')],
          ['guaranteeApproverId', 'guarantee_approver_id', t('担保审批人', 'Guarantee approver')],
        ] as const) {
          const v = input[key];
          if (v === undefined) continue;
          await checkStaff(tx.db, key, v, label);
          set[col] = v;
        }
        if (input.admissionDiagCode !== undefined) {
          const d = await diagnosis(
            tx.db,
            'admissionDiagCode',
            input.admissionDiagCode,
            t('入院诊断', 'Admission diagnosis'),
          );
          set.admission_diag_code = d.code;
          set.admission_diag_name = d.name;
        }
        if (input.outpatientDiagCode !== undefined) {
          const d = input.outpatientDiagCode
            ? await diagnosis(
                tx.db,
                'outpatientDiagCode',
                input.outpatientDiagCode,
                t('门诊诊断', 'Outpatient diagnosis'),
              )
            : null;
          set.outpatient_diag_code = d?.code ?? null;
          set.outpatient_diag_name = d?.name ?? null;
        }
        if (input.guarantorName !== undefined) set.guarantor_name = input.guarantorName;
        if (input.guaranteeFen !== undefined) set.guarantee_fen = input.guaranteeFen;
        const guaranteeChanged =
          (set.guarantee_fen !== undefined && set.guarantee_fen !== before.guarantee_fen) ||
          (set.guarantor_name !== undefined && set.guarantor_name !== before.guarantor_name);
        const g = {
          guaranteeFen: set.guarantee_fen ?? before.guarantee_fen,
          guarantorName: set.guarantor_name !== undefined ? set.guarantor_name : before.guarantor_name,
          approverId:
            set.guarantee_approver_id !== undefined ? set.guarantee_approver_id : before.guarantee_approver_id,
        };
        checkGuarantee(g);
        // A changed guarantee is approved anew: the approver must be named in this edit.
        if (guaranteeChanged && g.guaranteeFen > 0 && input.guaranteeApproverId === undefined)
          throw invalid('guaranteeApproverId', t('修改担保须重新填写审批人', 'A changed guarantee needs its approver'));
        await repo.updateStay(tx.db, stayId, set, tx.now, true);
        const after = (await repo.stayById(tx.db, stayId))!;
        await tx.audit(actor, {
          action: guaranteeChanged ? 'stay.update.guarantee' : 'stay.update',
          entity: 'inpatient_stay',
          entityId: stayId,
          patientId: before.patient_id,
          before,
          after,
        });
        await emitStayChanged(tx, stayId, 'updated');
        return detail(tx.db, stayId, tx.now);
      }, idem);
    },

    /** 取消入院: only a pending stay with no deposit balance, no charge ever written, no bed. */
    cancel(actor: Actor, stayId: number, input: CancelStayBody, idem?: Idempotency): Promise<StayDetail> {
      return uow.write(async (tx) => {
        const before = await stayForWrite(tx, stayId);
        if (before.version !== input.version) throw staleVersion(STAY);
        if (before.state !== 'pending')
          throw closedStay(before, t('取消入院(只有待入的可以取消)', 'cancel (only pending)'));
        if (before.deposits_fen !== 0)
          throw conflict(
            'stay_has_deposits',
            t('还有预交金余额,请先退预交金再取消入院', 'The stay still holds deposits: refund them first'),
            'stayId',
          );
        if (before.charges_fen !== 0 || before.charge_writes > 0)
          throw conflict(
            'stay_has_charges',
            t('已有费用记录,不能取消入院', 'The stay has charges: it cannot be cancelled'),
            'stayId',
          );
        if (before.bed_id !== null)
          throw conflict('stay_has_bed', t('已安排床位,不能取消入院', 'The stay holds a bed'), 'stayId');
        await repo.updateStay(
          tx.db,
          stayId,
          { state: 'cancelled', cancel_reason: input.reason, cancelled_by: actor.userId, cancelled_at: tx.now },
          tx.now,
          true,
        );
        const after = (await repo.stayById(tx.db, stayId))!;
        await tx.audit(actor, {
          action: 'stay.cancel',
          entity: 'inpatient_stay',
          entityId: stayId,
          patientId: before.patient_id,
          before,
          after,
          summary: { reason: input.reason },
        });
        await emitStayChanged(tx, stayId, 'cancelled');
        return detail(tx.db, stayId, tx.now);
      }, idem);
    },

    /** 收预交金: a receipt (printed at the workstation's receipt printer). */
    deposit(actor: Actor, stayId: number, input: DepositInput, idem?: Idempotency): Promise<StayDetail> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        if (stay.state === 'discharged' || stay.state === 'cancelled')
          throw closedStay(stay, t('收预交金', 'take a deposit'));
        checkReference(input, '');
        const depositId = await writeDeposit(
          tx,
          actor,
          stay,
          { ...input, reference: input.reference ?? null, reversesId: null },
          null,
        );
        const print = await depositReceiptJob(tx, actor, depositId);
        await emitStayChanged(tx, stayId, 'deposit');
        return { ...(await detail(tx.db, stayId, tx.now)), print };
      }, idem);
    },

    /** 退预交金: reverses a whole receipt (a new negative row); a settled or reversed receipt is refused. */
    reverseDeposit(
      actor: Actor,
      stayId: number,
      depositId: number,
      input: ReverseDepositBody,
      idem?: Idempotency,
    ): Promise<StayDetail> {
      return uow.write(async (tx) => {
        const stay = await stayForWrite(tx, stayId);
        const d = await repo.depositById(tx.db, depositId);
        if (!d || d.stay_id !== stayId) throw notFound(t('预交金收据', 'Deposit receipt'), depositId, 'depositId');
        if (stay.state === 'discharged' || stay.state === 'cancelled')
          throw closedStay(stay, t('退预交金', 'refund a deposit'));
        if (d.reverses_id !== null)
          throw conflict(
            'deposit_is_reversal',
            t('这是一张退款收据,不能再退', 'This is a refund receipt'),
            'depositId',
          );
        if (d.settlement_id !== null)
          throw conflict(
            'deposit_settled',
            t(`收据 ${d.receipt_no} 已结算,不能退`, `Receipt ${d.receipt_no} is settled`),
            'depositId',
          );
        const prior = await repo.reversalOf(tx.db, depositId);
        if (prior)
          throw conflict(
            'deposit_reversed',
            t(`收据 ${d.receipt_no} 已退过(${prior.receipt_no})`, `Receipt ${d.receipt_no} was already refunded`),
            'depositId',
          );
        const reversalId = await writeDeposit(
          tx,
          actor,
          stay,
          { amountFen: -d.amount_fen, method: d.method, reference: d.reference, reversesId: d.id },
          input.reason,
        );
        const print = await depositReceiptJob(tx, actor, reversalId);
        await emitStayChanged(tx, stayId, 'deposit-reversed');
        return { ...(await detail(tx.db, stayId, tx.now)), print };
      }, idem);
    },

    async allWardSettings(): Promise<WardSettingsView[]> {
      const wards = (await repo.formOptions(db)).wards;
      return Promise.all(wards.map(async (w) => ({ ...(await wardSettingsOf(db, w.id)), wardName: w.name })));
    },

    async wardSettings(wardId: number): Promise<WardSettingsView> {
      const ward = await repo.department(db, wardId);
      if (!ward || ward.kind !== 'ward') throw notFound(t('病区', 'Ward'), wardId, 'wardId');
      return { ...(await wardSettingsOf(db, wardId)), wardName: ward.name };
    },

    saveWardSettings(
      actor: Actor,
      wardId: number,
      input: WardSettingsBody,
      idem?: Idempotency,
    ): Promise<WardSettingsView> {
      return uow.write(async (tx) => {
        const ward = await repo.department(tx.db, wardId);
        if (!ward || ward.kind !== 'ward') throw notFound(t('病区', 'Ward'), wardId, 'wardId');
        if (input.warningLineFen < input.arrearsLimitFen)
          throw invalid(
            'warningLineFen',
            t('预警线不能低于欠费上限', 'The warning line cannot be below the arrears limit'),
          );
        const before = await wardSettingsOf(tx.db, wardId);
        await repo.saveWardSettings(tx.db, { wardId, ...input, userId: actor.userId, now: tx.now });
        const after = await wardSettingsOf(tx.db, wardId);
        await tx.audit(actor, { action: 'ward.settings', entity: 'ward_settings', entityId: wardId, before, after });
        // Every open stay of the ward is judged anew against the lines.
        const open = await repo.summaries(tx.db, { wardId, open: true }, tx.now);
        for (const s of open) await emitStayChanged(tx, s.id, 'updated');
        return { ...after, wardName: ward.name };
      }, idem);
    },
  };
}

export type StaysService = ReturnType<typeof createStaysService>;
