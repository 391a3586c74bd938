// The insured outpatient visit at the cashier (医保结算, issue 11): register with the insurer
// (2201, 2203), upload the lines (2204; 2205 cancels), pre-settle (2206), settle (2207) then write
// the bill (apply.ts); unknown outcomes resolved by 5203 / 2601 (resolve.ts); refunds (refund.ts).
// Never a network call inside a transaction: each insurer call is the adapter's outbox row,
// committed before it is sent; what we keep of its answer is a second, short write.
import { addDays, dayOf } from '../../../core/calendar.js';
import { conflict, DomainError, invalid, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import type { Actor } from '../../http/actor.js';
import { nextSequence } from '../../lib/sequences.js';
import type { Idempotency } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import {
  badAnswer,
  createInsurer,
  insurerTime,
  callById,
  lastPersonInfo,
  toYuan,
  unknownCalls,
  type CallActor,
  type PersonLookup,
} from '../insurance/index.js';
import {
  codeLabels,
  departmentCode,
  diseaseCode,
  matchOf,
  staffCode,
  type ItemMatch,
} from '../insurance-catalog/index.js';
import { setVisitPayer } from '../outpatient/index.js';
import { hasNumbers } from '../billing/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { cntPric, parseFeeResults, parseSettlement, type ParsedSettlement } from './answers.js';
import { applySettlement } from './apply.js';
import { settlementChanged } from './events.js';
import {
  assertNothingOpen,
  callActorOf,
  pendingOf,
  recordSettlement,
  setPending,
  VisitLocks,
  type Deps,
} from './flow.js';
import { feeLineView, settlementView, splitOfParsed } from './present.js';
import * as repo from './repo.js';
import { actionsOf, createResolver } from './resolve.js';
import { createRefunds } from './refund.js';
import type {
  FeeLineView,
  PatientState,
  PrepareBody,
  PrepareResult,
  RestrictedLines,
  SettleBody,
  SettleResult,
} from './schema.js';
import { setHospApprFlag } from '../orders/index.js';

const PATIENT = t('患者', 'Patient');
/** Lines per 2204 call (the platform takes 50–100). */
export const UPLOAD_CHUNK = 50;

type Visit = NonNullable<Awaited<ReturnType<typeof repo.visitOf>>>;
type OrderRow = Awaited<ReturnType<typeof repo.ordersByIds>>[number];
type OrderLine = Awaited<ReturnType<typeof repo.orderLinesOf>>[number];

export function createSettlementService(ctx: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'logger' | 'audit'>) {
  const { db, uow, clock } = ctx;
  const deps: Deps = { db, uow, clock, logger: ctx.logger, insurer: createInsurer(ctx), locks: new VisitLocks() };
  const { insurer, locks } = deps;
  const resolver = createResolver(deps);
  const refunds = createRefunds(deps, {
    upload,
    settleData,
    reverseNow: (who, iv, c, why) => resolver.reverseNow(who, iv, c, why),
  });

  /** The orders to charge: all exist, the patient's, signed, still valid, of one visit. */
  async function readOrders(patientId: number, orderIds: readonly number[]) {
    const orders = await repo.ordersByIds(db, orderIds);
    const missing = orderIds.find((id) => !orders.some((o) => o.id === id));
    if (missing !== undefined) throw notFound(t('医嘱', 'Order'), missing, 'orderIds');
    if (orders.some((o) => o.patient_id !== patientId))
      throw invalid('orderIds', t('医嘱不属于该患者', 'An order belongs to another patient'));
    const paid = orders.find((o) => o.status !== 'signed');
    if (paid)
      throw conflict(
        paid.status === 'cancelled' ? 'order_cancelled' : 'already_paid',
        paid.status === 'cancelled'
          ? t('医嘱已作废,请刷新', 'The order was cancelled; reload')
          : t('该项目已经收过费,请刷新', 'This has already been paid; reload'),
        'orderIds',
      );
    const visits = new Set(orders.map((o) => o.visit_id));
    if (visits.size !== 1)
      throw invalid(
        'orderIds',
        t('医保结算一次只能结算一次就诊的医嘱', 'An insured settlement covers one visit at a time'),
      );
    const tz = (await getInstitutionSettings(db)).timeZone;
    const today = dayOf(clock.now(), tz);
    for (const o of orders) {
      if (o.kind === 'service' || o.signed_at === null) continue;
      const until = addDays(dayOf(o.signed_at, tz), Math.max(1, o.valid_days) - 1);
      if (until < today)
        throw conflict(
          'prescription_expired',
          t(
            `处方已过有效期(至 ${until}),请医生重开`,
            `The prescription expired on ${until}; the doctor must write it again`,
          ),
          'orderIds',
        );
    }
    const visit = await repo.visitOf(db, orders[0]!.visit_id);
    if (!visit) throw notFound(t('就诊', 'Visit'), orders[0]!.visit_id, 'orderIds');
    return { orders, visit, tz };
  }

  /** The person and insutype the desk chose by 1101 (ADAPTER's look-up); a suspended one is refused. */
  async function chosenPerson(patientId: number): Promise<PersonLookup & { insutype: string }> {
    const p = await lastPersonInfo(db, patientId);
    if (!p)
      throw conflict(
        'insurance_person_missing',
        t(
          '请先读社保卡、扫医保电子凭证或输入身份证号查询参保信息',
          'Read the card, scan the e-voucher or type the ID number first',
        ),
        'patientId',
      );
    const ins = p.person.insurances.find((i) => i.insutype === p.insutype);
    if (!p.insutype || !ins)
      throw conflict('insutype_not_chosen', t('请选择险种', 'Choose the insurance type'), 'insutype');
    if (ins.suspended)
      throw conflict(
        'insurance_suspended',
        t(
          `险种 ${ins.insutypeName} 状态为“${ins.statusName}”,不能按医保结算`,
          `${ins.insutypeName} is ${ins.statusName}`,
        ),
        'insutype',
      );
    return p as PersonLookup & { insutype: string };
  }

  /** 2201: the visit registered with the insurer (普通门诊 11), the visit's payer switched to insured. */
  async function register(
    who: CallActor,
    visit: Visit,
    orders: OrderRow[],
    person: PersonLookup & { insutype: string },
    tz: string,
  ) {
    const doctorId = visit.doctor_staff_id ?? orders[0]!.doctor_staff_id;
    const doctorName = visit.doctor_name ?? orders[0]!.doctor_name;
    const atddr = await staffCode(db, doctorId);
    if (!atddr)
      throw conflict(
        'staff_code_missing',
        t(
          `医师 ${doctorName} 尚未对照医保医师国家码(基础数据对应 › 医护人员)`,
          `Doctor ${doctorName} has no national insurance code yet (matching › staff)`,
        ),
        'orderIds',
      );
    const dept = await departmentCode(db, visit.department_id);
    if (!dept)
      throw conflict(
        'department_code_missing',
        t(
          `科室 ${visit.department_name} 尚未对照医保科别,或对照尚未审核(基础数据对应 › 科室)`,
          `Department ${visit.department_name} has no reviewed insurer department code yet (matching › departments)`,
        ),
        'orderIds',
      );
    const iptOtpNo = `MZ${visit.id}`;
    const r = await insurer
      .call(
        '2201',
        {
          data: {
            psn_no: person.person.psnNo,
            insutype: person.insutype as never,
            begntime: insurerTime(visit.started_at ?? visit.created_at, tz),
            mdtrt_cert_type: person.certType,
            mdtrt_cert_no: person.certNo,
            ipt_otp_no: iptOtpNo,
            atddr_no: atddr,
            dr_name: doctorName,
            dept_code: visit.department_code,
            dept_name: visit.department_name,
            caty: dept.caty,
          },
        },
        {
          actor: who,
          patientId: visit.patient_id,
          refType: 'visit',
          refId: visit.id,
          ...(person.insuplcAdmdvs ? { insuplcAdmdvs: person.insuplcAdmdvs } : {}),
        },
      )
      .catch((e: unknown) => {
        // A registration cannot be queried (5203 finds settlements only): its only way out is 2601.
        if (e instanceof DomainError && e.code === 'insurer_timeout')
          throw new DomainError(
            e.status,
            e.code,
            t(
              `医保登记(2201,记录号 ${String(e.details?.callId ?? '')})没有得到应答,结果未知:` +
                '登记交易无法查询,请点“冲正”撤销后重新预结算(将重新登记)',
              `The insurer did not answer the registration (2201, call ${String(e.details?.callId ?? '')}): ` +
                'it cannot be queried; reverse it, then pre-settle again to register afresh',
            ),
            e.field,
            e.details,
          );
        throw e;
      });
    const out = (r.output as unknown as { data?: { mdtrt_id?: unknown } }).data;
    const mdtrtId = typeof out?.mdtrt_id === 'string' ? out.mdtrt_id.trim() : '';
    if (!mdtrtId) throw badAnswer('data.mdtrt_id', '缺失', 'is missing', { callId: r.callId });
    const ins = person.person.insurances.find((i) => i.insutype === person.insutype)!;
    return uow.write(async (tx) => {
      const id = await repo.insertInsuranceVisit(tx.db, {
        visit_id: visit.id,
        patient_id: visit.patient_id,
        psn_no: person.person.psnNo,
        psn_name: person.person.name,
        insutype: person.insutype,
        psn_type: ins.psnType || null,
        med_type: '11',
        mdtrt_cert_type: person.certType,
        mdtrt_cert_no: person.certNo,
        card_sn: person.cardSn,
        insuplc_admdvs: ins.insuplcAdmdvs || person.insuplcAdmdvs || '',
        ipt_otp_no: iptOtpNo,
        atddr_no: atddr,
        dept_code: visit.department_code,
        mdtrt_id: mdtrtId,
        state: 'registered',
        register_msgid: r.msgid,
        diagnoses_msgid: null,
        cancel_msgid: null,
        lock_user_id: null,
        lock_at: null,
        lock_step: null,
        pending_settle_json: null,
        created_by: who.userId,
        created_at: tx.now,
        updated_at: tx.now,
        cancelled_at: null,
      });
      // 现金病人转农合: a visit registered as cash is settled as insured from now on (audited).
      const v = await repo.visitOf(tx.db, visit.id);
      if (v && v.payer === 'cash') {
        await setVisitPayer(tx.db, visit.id, 'insured', tx.now);
        await tx.audit(who, {
          action: 'visit.payer-switched',
          entity: 'visit',
          entityId: visit.id,
          patientId: visit.patient_id,
          before: { payer: 'cash', version: v.version },
          after: { payer: 'insured', version: v.version + 1 },
        });
      }
      await tx.audit(who, {
        action: 'insurance.register',
        entity: 'insurance_visit',
        entityId: id,
        patientId: visit.patient_id,
        summary: { visitId: visit.id, mdtrtId, msgid: r.msgid, insutype: person.insutype, callId: r.callId },
      });
      tx.emit(
        settlementChanged({
          patientId: visit.patient_id,
          visitId: visit.id,
          insuranceVisitId: id,
          settlementId: null,
          step: 'registered',
          billId: null,
        }),
      );
      return (await repo.insuranceVisitById(tx.db, id))!;
    });
  }

  /** The visit's diagnoses as 2203 sends them (ICD-10 → the insurer's codes); refused when one is missing. */
  async function mappedDiagnoses(visit: Visit) {
    let diags: Array<{ code: string; name?: string }> = [];
    try {
      diags = JSON.parse(visit.diagnoses_json) as Array<{ code: string; name?: string }>;
    } catch {
      diags = [];
    }
    if (!diags.length)
      throw conflict(
        'diagnosis_missing',
        t('医生尚未填写诊断,医保结算需要诊断', 'The doctor has not recorded a diagnosis; the insurer needs one'),
        'orderIds',
      );
    const mapped = [];
    for (const d of diags) {
      const m = await diseaseCode(db, d.code);
      if (!m)
        throw conflict(
          'diagnosis_code_missing',
          t(
            `诊断 ${d.code} ${d.name ?? ''} 尚未对照医保疾病编码,或对照尚未审核(基础数据对应 › 疾病)`,
            `Diagnosis ${d.code} has no reviewed insurer disease code yet (matching › diseases)`,
          ),
          'orderIds',
        );
      mapped.push(m);
    }
    return mapped;
  }

  /** The [code, name] pairs of the last 2203 sent for an insured visit (read back from the outbox), or null. */
  async function lastSentDiagnoses(iv: repo.InsuranceVisit): Promise<string | null> {
    if (!iv.diagnoses_msgid) return null;
    const id = await repo.callIdOfMsgid(db, iv.diagnoses_msgid);
    const c = id === null ? null : await callById(db, id);
    const input = (c?.envelope as { input?: { diseinfo?: Array<{ diag_code?: unknown; diag_name?: unknown }> } })
      ?.input;
    if (!input?.diseinfo) return null;
    return JSON.stringify(input.diseinfo.map((d) => [d.diag_code, d.diag_name]));
  }

  /**
   * 2203 whenever the visit's diagnoses differ from what was last sent (the doctor added or changed one
   * after the first pre-settlement): the platform takes a repeated 2203 of the same mdtrt_id as a
   * replacement. Sent before 2206 and again checked before 2207.
   */
  async function syncDiagnoses(who: CallActor, iv: repo.InsuranceVisit, tz: string): Promise<repo.InsuranceVisit> {
    const visit = await repo.visitOf(db, iv.visit_id);
    if (!visit) throw notFound(t('就诊', 'Visit'), iv.visit_id, 'orderIds');
    const mapped = await mappedDiagnoses(visit);
    const now = JSON.stringify(mapped.map((m) => [m.code, m.name]));
    const sent = await lastSentDiagnoses(iv);
    if (sent === now) return iv;
    await uploadDiagnoses(who, iv, visit, mapped, tz, sent !== null);
    return (await repo.insuranceVisitById(db, iv.id))!;
  }

  /** 2203: the visit's diagnoses (mapped), the first time or as a replacement of what was sent. */
  async function uploadDiagnoses(
    who: CallActor,
    iv: repo.InsuranceVisit,
    visit: Visit,
    mapped: Awaited<ReturnType<typeof mappedDiagnoses>>,
    tz: string,
    replacing: boolean,
  ) {
    const begntime = insurerTime(visit.started_at ?? visit.created_at, tz);
    const r = await insurer.call(
      '2203',
      {
        mdtrtinfo: {
          mdtrt_id: iv.mdtrt_id,
          psn_no: iv.psn_no,
          med_type: '11',
          begntime,
          dise_codg: mapped[0]!.code,
          dise_name: mapped[0]!.name,
        },
        diseinfo: mapped.map((m, i) => ({
          diag_type: '1' as const,
          diag_srt_no: i + 1,
          diag_code: m.code,
          diag_name: m.name,
          diag_dept: iv.dept_code,
          dise_dor_no: iv.atddr_no,
          dise_dor_name: visit.doctor_name ?? '',
          diag_time: begntime,
          vali_flag: '1' as const,
        })),
      } as never,
      {
        actor: who,
        patientId: iv.patient_id,
        refType: 'insurance-visit',
        refId: iv.id,
        insuplcAdmdvs: iv.insuplc_admdvs,
      },
    );
    await uow.write(async (tx) => {
      await repo.updateInsuranceVisit(tx.db, iv.id, { diagnoses_msgid: r.msgid }, tx.now);
      await tx.audit(who, {
        action: replacing ? 'insurance.diagnoses-resent' : 'insurance.diagnoses',
        entity: 'insurance_visit',
        entityId: iv.id,
        patientId: iv.patient_id,
        summary: {
          mdtrtId: iv.mdtrt_id,
          msgid: r.msgid,
          codes: mapped.map((m) => m.code),
          replaces: iv.diagnoses_msgid,
        },
      });
    });
  }

  /** 2205: cancels an uploaded batch that was not settled (lines changed, or the cashier gave up). */
  async function cancelUpload(who: CallActor, iv: repo.InsuranceVisit, chrgBchno: string) {
    const r = await insurer.call(
      '2205',
      { data: { mdtrt_id: iv.mdtrt_id, chrg_bchno: chrgBchno, psn_no: iv.psn_no } },
      {
        actor: who,
        patientId: iv.patient_id,
        refType: 'insurance-visit',
        refId: iv.id,
        insuplcAdmdvs: iv.insuplc_admdvs,
      },
    );
    await uow.write(async (tx) => {
      await repo.cancelBatch(tx.db, chrgBchno, r.msgid, tx.now);
      await tx.audit(who, {
        action: 'insurance.upload-cancel',
        entity: 'insurance_visit',
        entityId: iv.id,
        patientId: iv.patient_id,
        summary: { chrgBchno, msgid: r.msgid },
      });
      tx.emit(
        settlementChanged({
          patientId: iv.patient_id,
          visitId: iv.visit_id,
          insuranceVisitId: iv.id,
          settlementId: null,
          step: 'upload-cancelled',
          billId: null,
        }),
      );
    });
  }

  /** 2204: the lines uploaded as one batch (chrg_bchno), ≤ 50 a call, the insurer's answer kept per line. */
  async function upload(
    who: CallActor,
    iv: repo.InsuranceVisit,
    lines: readonly OrderLine[],
    matches: ReadonlyMap<number, ItemMatch>,
    tz: string,
  ): Promise<string> {
    const orders = new Map(
      (await repo.ordersByIds(db, [...new Set(lines.map((l) => l.order_id))])).map((o) => [o.id, o]),
    );
    const drCodes = new Map<number, string>();
    for (const o of orders.values()) {
      if (drCodes.has(o.doctor_staff_id)) continue;
      const code = await staffCode(db, o.doctor_staff_id);
      if (!code)
        throw conflict(
          'staff_code_missing',
          t(
            `医师 ${o.doctor_name} 尚未对照医保医师国家码`,
            `Doctor ${o.doctor_name} has no national insurance code yet`,
          ),
          'orderIds',
        );
      drCodes.set(o.doctor_staff_id, code);
    }
    const used = await repo.usedSerials(db, iv.mdtrt_id);
    const chrgBchno = await uow.write(
      async (tx) => `CB${String(await nextSequence(tx.db, 'insurance.chrg_bchno')).padStart(10, '0')}`,
    );
    const rows = lines.map((l) => {
      let sn = `OL${l.id}`;
      for (let k = 2; used.has(sn); k++) sn = `OL${l.id}-${k}`;
      used.add(sn);
      const o = orders.get(l.order_id)!;
      const m = matches.get(l.item_id)!;
      const { cnt, pric } = cntPric(l.quantity, l.unit_price_fen, l.pack_size);
      const hosp = m.lmtUsedFlag === 1 ? (l.hosp_appr_flag ?? '0') : '1';
      return { l, sn, o, m, cnt, pric, hosp };
    });
    const now = clock.now();
    try {
      for (let i = 0; i < rows.length; i += UPLOAD_CHUNK) {
        const chunk = rows.slice(i, i + UPLOAD_CHUNK);
        const feedetail = chunk.map((x) => ({
          feedetl_sn: x.sn,
          mdtrt_id: iv.mdtrt_id,
          psn_no: iv.psn_no,
          chrg_bchno: chrgBchno,
          rx_circ_flag: '0' as const,
          fee_ocur_time: insurerTime(x.o.signed_at ?? now, tz),
          med_list_codg: x.m.medListCodg,
          medins_list_codg: x.l.item_code,
          det_item_fee_sumamt: toYuan(x.l.amount_fen),
          cnt: Number(x.cnt),
          pric: Number(x.pric),
          bilg_dept_codg: x.o.department_code,
          bilg_dept_name: x.o.department_name,
          bilg_dr_codg: drCodes.get(x.o.doctor_staff_id)!,
          bilg_dr_name: x.o.doctor_name,
          hosp_appr_flag: x.hosp as '0' | '1',
          rxno: `RX${x.o.id}`,
          ...(x.l.dose ? { sin_dos_dscr: `${x.l.dose}${x.l.dose_unit ?? ''}` } : {}),
          ...(x.l.frequency ? { used_frqu_dscr: x.l.frequency } : {}),
          ...(x.l.days ? { prd_days: x.l.days } : {}),
          ...(x.l.route ? { medc_way_dscr: x.l.route } : {}),
        }));
        const r = await insurer.call(
          '2204',
          { feedetail },
          {
            actor: who,
            patientId: iv.patient_id,
            refType: 'insurance-visit',
            refId: iv.id,
            insuplcAdmdvs: iv.insuplc_admdvs,
          },
        );
        const answers = new Map(
          parseFeeResults(r.output, new Map(chunk.map((x) => [x.sn, { amountFen: x.l.amount_fen }]))).map((a) => [
            a.feedetlSn,
            a,
          ]),
        );
        await uow.write(async (tx) => {
          for (const x of chunk) {
            const a = answers.get(x.sn)!;
            await repo.insertFeeLine(tx.db, {
              insurance_visit_id: iv.id,
              mdtrt_id: iv.mdtrt_id,
              feedetl_sn: x.sn,
              chrg_bchno: chrgBchno,
              order_line_id: x.l.id,
              registration_id: null,
              item_id: x.l.item_id,
              med_list_codg: x.m.medListCodg,
              medins_list_codg: x.l.item_code,
              list_type: x.m.listType,
              det_item_fee_sumamt_fen: x.l.amount_fen,
              quantity: x.l.quantity,
              cnt: x.cnt,
              pric: x.pric,
              hosp_appr_flag: x.hosp,
              fulamt_ownpay_amt_fen: a.fulamtOwnpayFen,
              overlmt_amt_fen: a.overlmtFen,
              preselfpay_amt_fen: a.preselfpayFen,
              inscp_scp_amt_fen: a.inscpScpFen,
              pric_uplmt_amt_fen: a.pricUplmtFen,
              selfpay_prop: a.selfpayProp,
              chrgitm_lv: a.chrgitmLv,
              med_chrgitm_type: a.medChrgitmType,
              lmt_used_flag: a.lmtUsedFlag,
              memo: a.memo,
              state: 'uploaded',
              settlement_id: null,
              upload_msgid: r.msgid,
              cancel_msgid: null,
              created_at: tx.now,
              cancelled_at: null,
            });
          }
          tx.emit(
            settlementChanged({
              patientId: iv.patient_id,
              visitId: iv.visit_id,
              insuranceVisitId: iv.id,
              settlementId: null,
              step: 'uploaded',
              billId: null,
            }),
          );
        });
      }
    } catch (e) {
      // Whatever reached the insurer of this batch is cancelled (best effort; the desk can retry).
      await cancelUpload(who, iv, chrgBchno).catch(() => undefined);
      throw e;
    }
    return chrgBchno;
  }

  function settleData(iv: repo.InsuranceVisit, chrgBchno: string, medfeeFen: number) {
    return {
      psn_no: iv.psn_no,
      mdtrt_cert_type: iv.mdtrt_cert_type,
      mdtrt_cert_no: iv.mdtrt_cert_no,
      med_type: iv.med_type as '11',
      medfee_sumamt: toYuan(medfeeFen),
      psn_setlway: '01' as const,
      mdtrt_id: iv.mdtrt_id,
      chrg_bchno: chrgBchno,
      acct_used_flag: (iv.insutype === '310' ? '1' : '0') as '0' | '1',
      insutype: iv.insutype as never,
    };
  }

  /** Sorts the lines: matched and answerable → uploaded; no match → 自费; restricted and unanswered → the doctor. */
  function classify(lines: readonly OrderLine[], matches: ReadonlyMap<number, ItemMatch>) {
    const insured: OrderLine[] = [];
    const unmatched: OrderLine[] = [];
    const awaiting: OrderLine[] = [];
    for (const l of lines) {
      const m = matches.get(l.item_id);
      if (!m) unmatched.push(l);
      else if (m.lmtUsedFlag === 1 && l.hosp_appr_flag === null) awaiting.push(l);
      else insured.push(l);
    }
    return { insured, unmatched, awaiting };
  }

  function linesView(
    lines: readonly OrderLine[],
    matches: ReadonlyMap<number, ItemMatch>,
    fees: readonly repo.FeeLine[],
    awaiting: readonly OrderLine[],
  ): FeeLineView[] {
    const feeOf = new Map(fees.map((f) => [f.order_line_id, f]));
    const waiting = new Set(awaiting.map((l) => l.id));
    return lines.map((l) => {
      const m = matches.get(l.item_id) ?? null;
      const fee = feeOf.get(l.id) ?? null;
      const status: FeeLineView['status'] = !m
        ? 'unmatched'
        : waiting.has(l.id)
          ? 'awaiting_doctor'
          : fee
            ? 'uploaded'
            : 'pending';
      return feeLineView(l, status, fee, m?.medListCodg ?? null, m ? String(m.lmtUsedFlag) : null);
    });
  }

  const service = {
    resolver,
    refunds,

    /** Register (2201, 2203) if needed, upload (2204; 2205 of a changed batch), pre-settle (2206). */
    async prepare(actor: Actor, body: PrepareBody): Promise<PrepareResult> {
      const who = callActorOf(actor);
      if (!(await repo.patientOf(db, body.patientId))) throw notFound(PATIENT, body.patientId, 'patientId');
      const { orders, visit, tz } = await readOrders(body.patientId, body.orderIds);
      return locks.run(visit.id, actor, 'prepare', clock.now(), async () => {
        await assertNothingOpen(db, body.patientId);
        const person = await chosenPerson(body.patientId);
        let iv = await repo.openInsuranceVisit(db, visit.id);
        if (iv && iv.psn_no !== person.person.psnNo)
          throw conflict(
            'insured_person_changed',
            t('本次就诊已按另一参保人登记', 'This visit was registered for another insured person'),
            'patientId',
          );
        if (!iv) iv = await register(who, visit, orders, person, tz);
        iv = await syncDiagnoses(who, iv, tz);
        const lines = await repo.orderLinesOf(db, body.orderIds);
        const matches = await matchOf(
          db,
          lines.map((l) => l.item_id),
        );
        const { insured, unmatched, awaiting } = classify(lines, matches);
        const selfPayFen = unmatched.reduce((s, l) => s + l.amount_fen, 0);
        const base = {
          patientId: body.patientId,
          visitId: visit.id,
          insuranceVisitId: iv.id,
          mdtrtId: iv.mdtrt_id,
          selfPayFen,
        };
        if (awaiting.length)
          return {
            ...base,
            status: 'awaiting_doctor' as const,
            chrgBchno: null,
            lines: linesView(lines, matches, [], awaiting),
            split: null,
            cashToCollectFen: 0,
            message: t(
              `${awaiting.map((l) => l.item_name).join('、')}:待医生确认限定用药(是否符合限定适应症)`,
              `${awaiting.map((l) => l.item_name).join(', ')}: ` +
                'waiting for the doctor to confirm the restricted indication',
            ),
          };
        // The current batch is kept when it is exactly these lines; otherwise it is cancelled (2205).
        const current = await repo.unsettledFeeLines(db, iv.id);
        const batches = [...new Set(current.map((f) => f.chrg_bchno))];
        const same =
          batches.length === 1 &&
          current.length === insured.length &&
          insured.every((l) =>
            current.some(
              (f) =>
                f.order_line_id === l.id &&
                f.det_item_fee_sumamt_fen === l.amount_fen &&
                (matches.get(l.item_id)!.lmtUsedFlag !== 1 || f.hosp_appr_flag === l.hosp_appr_flag),
            ),
          );
        if (!same) for (const b of batches) await cancelUpload(who, iv, b);
        if (!insured.length)
          return {
            ...base,
            status: 'nothing_insured' as const,
            chrgBchno: null,
            lines: linesView(lines, matches, [], []),
            split: null,
            cashToCollectFen: selfPayFen,
            message: t(
              '没有可按医保结算的项目(均未对照),可按自费收费',
              'Nothing can be settled with the insurer (no item is matched): charge as self-pay',
            ),
          };
        const chrgBchno = same ? batches[0]! : await upload(who, iv, insured, matches, tz);
        const fees = await repo.feeLinesOfBatch(db, chrgBchno);
        const medfeeFen = insured.reduce((s, l) => s + l.amount_fen, 0);
        const r = await insurer.call(
          '2206',
          { data: settleData(iv, chrgBchno, medfeeFen) },
          {
            actor: who,
            patientId: iv.patient_id,
            refType: 'insurance-visit',
            refId: iv.id,
            insuplcAdmdvs: iv.insuplc_admdvs,
          },
        );
        const parsed = parseSettlement(r.output, {
          mdtrtId: iv.mdtrt_id,
          psnNo: iv.psn_no,
          medfeeFen,
          needSetlId: false,
        });
        const split = splitOfParsed(parsed);
        return {
          ...base,
          status: 'ready' as const,
          chrgBchno,
          lines: linesView(
            lines,
            matches,
            fees.filter((f) => f.state === 'uploaded'),
            [],
          ),
          split,
          cashToCollectFen: split.psnCashFen + selfPayFen,
          message: unmatched.length
            ? t(
                `${unmatched.map((l) => l.item_name).join('、')} 未对照医保目录,` +
                  `按自费另开收费单(${formatYuan(selfPayFen)} 元)`,
                `${unmatched.map((l) => l.item_name).join(', ')} not matched: charged as self-pay on a separate bill ` +
                  `(${formatYuan(selfPayFen)})`,
              )
            : null,
        };
      });
    },

    /** 2205 for the current batch: the cashier gives up (or will charge as self-pay). */
    async abandon(actor: Actor, patientId: number) {
      const who = callActorOf(actor);
      const visits = await repo.insuranceVisitsOfPatient(db, patientId, 5);
      let cancelled = 0;
      let last: string | null = null;
      for (const iv of visits.filter((v) => v.state === 'registered')) {
        await locks.run(iv.visit_id, actor, 'abandon', clock.now(), async () => {
          const current = await repo.unsettledFeeLines(db, iv.id);
          for (const b of new Set(current.map((f) => f.chrg_bchno))) {
            await cancelUpload(who, iv, b);
            cancelled += current.filter((f) => f.chrg_bchno === b).length;
            last = b;
          }
        });
      }
      return { cancelled, chrgBchno: last };
    },

    /** 2207 of the uploaded batch, then the bill (one write). Double submits: the lock and the key. */
    async settle(actor: Actor, body: SettleBody, idem: Idempotency | undefined): Promise<SettleResult> {
      if (idem) {
        const prior = await repo.idempotentReply(db, idem.key, idem.userId);
        if (prior && prior.operation === idem.operation) return JSON.parse(prior.response_json) as SettleResult;
      }
      const who = callActorOf(actor);
      if (!(await repo.patientOf(db, body.patientId))) throw notFound(PATIENT, body.patientId, 'patientId');
      const { visit, tz } = await readOrders(body.patientId, body.orderIds);
      if (locks.of(visit.id)) await locks.run(visit.id, actor, 'settle', clock.now(), async () => undefined);
      await assertNothingOpen(db, body.patientId);
      const iv0 = await repo.openInsuranceVisit(db, visit.id);
      if (!iv0)
        throw conflict(
          'not_registered',
          t('请先预结算(医保登记并上传费用)', 'Pre-settle first (register and upload)'),
          'chrgBchno',
        );
      return locks.run(visit.id, actor, 'settle', clock.now(), async () => {
        let iv = (await repo.insuranceVisitById(db, iv0.id))!;
        await assertNothingOpen(db, body.patientId);
        const batch = (await repo.unsettledFeeLines(db, iv.id)).filter((f) => f.chrg_bchno === body.chrgBchno);
        const lines = await repo.orderLinesOf(db, body.orderIds);
        const changed =
          !batch.length ||
          batch.some((f) => !lines.some((l) => l.id === f.order_line_id && l.amount_fen === f.det_item_fee_sumamt_fen));
        if (changed)
          throw conflict(
            'batch_changed',
            t(
              '上传的费用明细已变更或已撤销,请重新预结算',
              'The uploaded lines changed or were cancelled: pre-settle again',
            ),
            'chrgBchno',
          );
        const inBatch = new Set(batch.map((f) => f.order_line_id));
        const selfPayFen = lines.filter((l) => !inBatch.has(l.id)).reduce((s, l) => s + l.amount_fen, 0);
        const medfeeFen = batch.reduce((s, f) => s + f.det_item_fee_sumamt_fen, 0);
        const payTotal = body.payments.reduce((s, p) => s + p.amountFen, 0);
        // What the local write would refuse is refused now, before the insurer settles anything.
        body.payments.forEach((p, i) => {
          if (p.method !== 'cash' && !p.reference?.trim())
            throw invalid(
              `payments.${i}.reference`,
              t(
                '银行卡、微信、支付宝付款须填写交易参考号',
                'A bank card, WeChat or Alipay payment needs its reference',
              ),
            );
          if (p.method === 'cash' && p.tenderedFen !== undefined && p.tenderedFen < p.amountFen)
            throw invalid(`payments.${i}.tenderedFen`, t('实收现金少于应收', 'Cash tendered is less than the amount'));
        });
        if (!(await hasNumbers(db, who.userId)))
          throw conflict(
            'invoice_numbers_used_up',
            t(
              '您没有可用的发票号段,请先领取票据号段再结算',
              'You have no invoice numbers left: get an invoice book first',
            ),
            'payments',
          );
        // A diagnosis changed since the pre-settlement is sent (2203) before the insurer settles.
        iv = await syncDiagnoses(who, iv, tz);
        const signNo = await insurer.ensureSignedIn(who);
        const data = settleData(iv, body.chrgBchno, medfeeFen);
        const sent = await uow.write(async (tx) => {
          const c = await insurer.prepareCall(
            tx,
            '2207',
            { data },
            {
              actor: who,
              patientId: iv.patient_id,
              refType: 'insurance-visit',
              refId: iv.id,
              signNo,
              insuplcAdmdvs: iv.insuplc_admdvs,
            },
          );
          await repo.updateInsuranceVisit(
            tx.db,
            iv.id,
            {
              pending_settle_json: JSON.stringify({
                kind: 'charge',
                callId: c.callId,
                msgid: c.msgid,
                chrgBchno: body.chrgBchno,
                orderIds: body.orderIds,
                payments: body.payments,
                medfeeFen,
                userId: who.userId,
                at: tx.now,
              }),
            },
            tx.now,
          );
          return c;
        });
        const o = await insurer.sendPrepared(sent.callId, { actor: who, patientId: iv.patient_id });
        if (o.state === 'failed') {
          await setPending(deps, iv.id, null);
          throw await insurer.errorOf(o);
        }
        if (o.state !== 'ok') throw await insurer.errorOf(o);
        let parsed: ParsedSettlement;
        try {
          parsed = parseSettlement(o.output, { mdtrtId: iv.mdtrt_id, psnNo: iv.psn_no, medfeeFen, needSetlId: true });
        } catch (e) {
          await resolver.reverseNow(who, iv, { callId: sent.callId, msgid: sent.msgid, infno: '2207' }, e);
          throw e;
        }
        if (parsed.money.psn_cash_pay_fen + selfPayFen !== payTotal) {
          const due = parsed.money.psn_cash_pay_fen + selfPayFen;
          const err = new DomainError(
            409,
            'cash_part_changed',
            t(
              `医保结算的个人现金部分为 ${formatYuan(due)} 元,与收取的 ${formatYuan(payTotal)} 元不符:` +
                '本次结算已冲正,请按新金额重新收费',
              `The cash part settled is ${formatYuan(due)}, not the ${formatYuan(payTotal)} collected: ` +
                'the settlement was reversed; collect the new amount and settle again',
            ),
            'payments',
            { dueFen: due },
          );
          await resolver.reverseNow(who, iv, { callId: sent.callId, msgid: sent.msgid, infno: '2207' }, err);
          throw err;
        }
        const settlementId = await recordSettlement(deps, who, iv, parsed, {
          msgid: sent.msgid,
          chrgBchno: body.chrgBchno,
          plan: { kind: 'charge', orderIds: body.orderIds, payments: body.payments },
          orderIds: body.orderIds,
        });
        try {
          const applied = await applySettlement(deps, who, settlementId, idem);
          if (applied.kind !== 'charge') throw new Error('unreachable: a charge settlement');
          return applied.result;
        } catch (e) {
          const why = e instanceof DomainError ? e.text : t(String((e as Error).message), String((e as Error).message));
          throw new DomainError(
            409,
            'settlement_not_applied',
            t(
              `医保已结算(结算号 ${parsed.setlId}),本院记账未完成(${why.zh}):` +
                '请处理后点“完成本地记账”,或“冲正”撤销本次结算',
              `The insurer settled (${parsed.setlId}) but the bill was not written here (${why.en}): ` +
                'complete it locally, or reverse the settlement',
            ),
            'settlementId',
            { settlementId, cause: e instanceof DomainError ? e.code : 'internal' },
          );
        }
      });
    },

    /** What the cashier's insurance panel shows for a patient (and what blocks it). */
    async state(actor: Actor, patientId: number): Promise<PatientState> {
      if (!(await repo.patientOf(db, patientId))) throw notFound(PATIENT, patientId, 'patientId');
      await ctx.audit.recordPatientRead(actor, patientId, 'insurance.settlement');
      const person = await lastPersonInfo(db, patientId);
      const ins = person?.person.insurances.find((i) => i.insutype === person.insutype) ?? null;
      // the labels in force: the insurer's 1901 code tables when downloaded, else the seed's
      const insutypeName = ins ? ((await codeLabels(db, 'insutype')).get(ins.insutype) ?? ins.insutypeName) : null;
      const psnTypeName = ins ? ((await codeLabels(db, 'psn_type')).get(ins.psnType) ?? ins.psnTypeName) : null;
      const current =
        (await repo.insuranceVisitsOfPatient(db, patientId, 5)).find((v) => v.state === 'registered') ?? null;
      let insuranceVisit: PatientState['insuranceVisit'] = null;
      if (current) {
        const fees = await repo.unsettledFeeLines(db, current.id);
        const lines = await repo.orderLinesByIds(
          db,
          fees.map((f) => f.order_line_id).filter((x): x is number => x !== null),
        );
        const lock = locks.of(current.visit_id);
        const lockName = lock ? await repo.userNames(db, lock.userId) : null;
        insuranceVisit = {
          id: current.id,
          visitId: current.visit_id,
          mdtrtId: current.mdtrt_id,
          insutype: current.insutype,
          medType: current.med_type,
          lock: lock
            ? { userId: lock.userId, username: lockName?.username ?? null, at: lock.at, step: lock.step }
            : null,
          uploaded: lines.map((l) =>
            feeLineView(l, 'uploaded', fees.find((f) => f.order_line_id === l.id) ?? null, null, null),
          ),
          chrgBchno: fees[0]?.chrg_bchno ?? null,
        };
      }
      const calls: PatientState['unknownCalls'] = (await unknownCalls(db, { patientId })).map((c) => ({
        callId: c.id,
        infno: c.infno,
        msgid: c.msgid,
        state: c.state,
        errMsg: c.errMsg,
        createdAt: c.createdAt,
        actions: actionsOf(c.infno),
      }));
      const needsReversal: PatientState['needsReversal'] = [];
      for (const v of await repo.visitsWithPendingSettle(db, patientId)) {
        const p = pendingOf(v)!;
        if (p.kind === 'reverse') needsReversal.push({ insuranceVisitId: v.id, msgid: p.msgid, reason: p.reason });
        if (calls.some((c) => c.callId === p.callId)) continue;
        const c = await callById(db, p.callId);
        if (c && c.state === 'ok')
          calls.push({
            callId: c.id,
            infno: c.infno,
            msgid: c.msgid,
            state: p.kind === 'reverse' ? 'refused' : 'answered',
            errMsg: p.kind === 'reverse' ? p.reason : null,
            createdAt: c.createdAt,
            actions: p.kind === 'reverse' ? ['reverse'] : ['query', 'reverse'],
          });
      }
      const unapplied = await repo.unappliedSettlements(db, patientId);
      const recent = await repo.settlementsOfPatient(db, patientId, 20);
      const funds = await repo.fundsOf(db, [...new Set([...unapplied, ...recent].map((s) => s.id))]);
      return {
        patientId,
        person: person
          ? {
              lookupId: person.lookupId,
              psnNo: person.person.psnNo,
              name: person.person.name,
              gend: person.person.gend,
              age: person.person.age,
              insutype: person.insutype,
              insutypeName,
              psnTypeName,
              balcFen: ins?.balcFen ?? null,
              suspended: ins?.suspended ?? false,
              statusName: ins?.statusName ?? null,
              certType: person.certType,
              at: person.at,
            }
          : null,
        insuranceVisit,
        unknownCalls: calls,
        unapplied: unapplied.map((s) => settlementView(s, funds)),
        needsReversal,
        settlements: recent.map((s) => settlementView(s, funds)),
      };
    },

    /** The settlements of a bill (receipt, invoice, the bill view). */
    async ofBill(billId: number) {
      const rows = await repo.settlementsOfBill(db, billId);
      const funds = await repo.fundsOf(
        db,
        rows.map((r) => r.id),
      );
      return { billId, settlements: rows.map((r) => settlementView(r, funds)) };
    },

    /** The visit's restricted insured items (lmt_used_flag 1) with the doctor's answers (限定适应症). */
    async restricted(visitId: number): Promise<RestrictedLines> {
      const v = await repo.visitOf(db, visitId);
      if (!v) throw notFound(t('就诊', 'Visit'), visitId, 'visitId');
      const orders = await repo.orderIdsOfVisit(db, visitId);
      const open = new Set(orders.filter((o) => o.status === 'draft' || o.status === 'signed').map((o) => o.id));
      const lines = await repo.orderLinesOf(
        db,
        orders.map((o) => o.id),
      );
      const matches = await matchOf(
        db,
        lines.map((l) => l.item_id),
      );
      const insured = v.payer === 'insured' || (await lastPersonInfo(db, v.patient_id)) !== null;
      return {
        insured,
        items: lines
          .filter((l) => matches.get(l.item_id)?.lmtUsedFlag === 1)
          .map((l) => ({
            orderLineId: l.id,
            orderId: l.order_id,
            name: l.item_name,
            restriction: matches.get(l.item_id)?.lmtText ?? null,
            flag: l.hosp_appr_flag,
            editable: open.has(l.order_id),
          })),
      };
    },

    /** 限定适应症: the doctor's answer for a restricted item on an order line (sent as hosp_appr_flag). */
    async approve(actor: Actor, orderLineId: number, flag: '0' | '1') {
      return uow.write(async (tx) => {
        const l = await repo.orderLineById(tx.db, orderLineId);
        if (!l) throw notFound(t('医嘱行', 'Order line'), orderLineId, 'orderLineId');
        await setHospApprFlag(tx, orderLineId, { flag, userId: actor.userId, at: tx.now });
        await tx.audit(actor, {
          action: 'order.hosp-appr',
          entity: 'order_line',
          entityId: orderLineId,
          patientId: l.patient_id,
          before: { hospApprFlag: l.hosp_appr_flag },
          after: { hospApprFlag: flag },
        });
        return { orderLineId, flag };
      });
    },
  };
  return service;
}

export type SettlementService = ReturnType<typeof createSettlementService>;
